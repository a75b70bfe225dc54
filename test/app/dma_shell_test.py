#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""Scripted test of app/dma-shell: commands on stdin, output checked.

  dma_shell_test.py SHELL SCENARIO PREFIX [EAL args...]
      SCENARIO: skeleton (dma_skeleton) or model (HIDMA model, rawdev mgmt)
"""

import os
import re
import shlex
import subprocess
import sys

SCRIPTS = {
    "skeleton": (["--vdev", "dma_skeleton"], [
        ("help", r"configure <dev> <nb_vchans> <nb_desc>"),
        ("list", r"0  dma_skeleton .*stopped"),
        ("info dma_skeleton", r"capabilities: mem2mem .*copy"),
        ("configure dma_skeleton 1 512", r"configure 0: 1 mem2mem vchan\(s\) of 512 descriptors"),
        ("start 0", r"start 0: done"),
        ("copy dma_skeleton 0 4096 100", r"copy 0/0: 100 job\(s\) of 4096 B done and verified"),
        ("copy 0 0 64 1024", r"copy 0/0: 1024 job\(s\) of 64 B done and verified"),
        ("stats 0", r"stats 0: submitted 1124 completed 1124 errors 0"),
        ("stats reset 0", r"stats 0: reset"),
        ("stats 0", r"stats 0: submitted 0 completed 0"),
        ("dump 0", r"dma_skeleton.*started"),
        ("stop 0", r"stop 0: done"),
    ]),
    "model": (["--vdev", "hidma_model0,channels=2"], [
        ("list", r"1  hidma_model0-ch1 "),
        ("info hidma_model0-ch1", r"capabilities: mem2mem .*copy copy_sg fill"),
        ("configure hidma_model0-ch1 1 1024", r"configure 1: 1 mem2mem vchan"),
        ("start hidma_model0-ch1", r"start 1: done"),
        ("copy hidma_model0-ch1 0 65536 16", r"copy 1/0: 16 job\(s\) of 65536 B done and verified"),
        ("copy 1 0 1 1000", r"copy 1/0: 1000 job\(s\) of 1 B done and verified"),
        ("fill 1 0 0x0123456789abcdef 1000 10",
         r"fill 1/0: 10 job\(s\) of 1000 B done and verified"),
        ("stats 1", r"stats 1: submitted 1026 completed 1026 errors 0"),
        ("dump hidma_model0-ch1", r"hidma_model0-ch1.*started"),
        ("mgmt get hidma_model0 dma_channels", r"dma_channels = 2 "),
        ("mgmt set hidma_model0 chan1_weight 9", r"chan1_weight set to 9"),
        ("mgmt get 0 chan1_weight", r"chan1_weight = 9 "),
        ("mgmt dump hidma_model0", r"HIDMA management hidma_model0"),
        ("stop 1", r"stop 1: done"),
    ]),
}

# every command here must fail, each with its own error line, exit status 1
FAILING = [
    ("copy nosuch 0 64 1", r"error: no dmadev 'nosuch'"),
    ("mgmt get nosuch x", r"error: no rawdev 'nosuch'"),
    ("start 0", None),
    ("copy 0 0 64 0", r"error: count must be 1..1024 and len 1..1048576"),
]


def run(shell, eal, cmds):
    script = "".join(c + "\n" for c in cmds) + "quit\n"
    print("$ " + " ".join([shell] + eal) + " <<EOF\n" + script + "EOF", flush=True)
    # a cross build's test setup names the emulator and its slowdown
    wrapper = shlex.split(os.environ.get("HIDMA_EXE_WRAPPER", ""))
    limit = 120 * float(os.environ.get("HIDMA_TIME_SCALE", "1"))
    p = subprocess.run(wrapper + [shell] + eal, input=script, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True, timeout=limit)
    print(p.stdout)
    return p.returncode, p.stdout


def main():
    if len(sys.argv) < 4 or sys.argv[2] not in SCRIPTS:
        print(__doc__)
        sys.exit(2)
    shell, scen, prefix = sys.argv[1:4]
    # unique per run: concurrent test runs must not share EAL state
    prefix = "%s_%d" % (prefix, os.getpid())
    eal = sys.argv[4:] + ["-l", "0", "--file-prefix", prefix]
    vdev, steps = SCRIPTS[scen]

    rc, out = run(shell, eal + vdev, [c for c, _ in steps])
    # split the transcript at the prompts: one chunk per command
    chunks = out.split("dma-shell> ")[1:]
    if len(chunks) < len(steps):
        print("FAIL: %d prompts for %d commands" % (len(chunks), len(steps)))
        sys.exit(1)
    for (cmd, pat), chunk in zip(steps, chunks):
        if not re.search(pat, chunk, re.S):
            print("FAIL: %r: no %r in:\n%s" % (cmd, pat, chunk))
            sys.exit(1)
        if "error:" in chunk:
            print("FAIL: %r reported an error" % cmd)
            sys.exit(1)
    if rc != 0:
        print("FAIL: exit status %d after commands that all succeeded" % rc)
        sys.exit(1)

    # failures: each reported, and the exit status says so
    rc, out = run(shell, eal + vdev, [c for c, _ in FAILING])
    chunks = out.split("dma-shell> ")[1:]
    for (cmd, pat), chunk in zip(FAILING, chunks):
        if "error:" not in chunk or (pat and not re.search(pat, chunk)):
            print("FAIL: %r: no error line (%r) in:\n%s" % (cmd, pat, chunk))
            sys.exit(1)
    if rc == 0 or "%d command(s) failed" % len(FAILING) not in out:
        print("FAIL: failed commands not reflected in the exit status (%d)" % rc)
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
