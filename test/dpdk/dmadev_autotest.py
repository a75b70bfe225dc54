#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""Run Debian's dpdk-test dmadev_autotest and fail unless it passes with every
HIDMA sub-test run (dmadev_autotest itself only prints a line when it skips).

usage: dmadev_autotest.py NB_CHANNELS DPDK_TEST [EAL ARGS...]
"""

import os
import re
import subprocess
import sys

SUBTESTS = ("copy", "burst capacity", "error handling", "fill")


def main():
    nb_chans = int(sys.argv[1])
    cmd = sys.argv[2:]
    env = dict(os.environ, DPDK_TEST="dmadev_autotest")
    # devtools/test.sh --sanitize: dpdk-test is not instrumented (run-eal.sh)
    if env.get("HIDMA_SANITIZE_PRELOAD"):
        env["LD_PRELOAD"] = env["HIDMA_SANITIZE_PRELOAD"]
    try:
        proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=300)
    except subprocess.TimeoutExpired as e:
        print((e.output or b"").decode(errors="replace"))
        print("FAIL: dpdk-test did not finish within 300 s")
        return 1
    # progress lines end in \r; keep the rest readable
    out = proc.stdout.decode(errors="replace").replace("\r", "\n")
    lines = [ln for ln in out.splitlines() if ln and not ln.startswith("Ops submitted")]
    print("\n".join(lines))

    errors = []
    if proc.returncode != 0:
        errors.append("dpdk-test exited with status %d" % proc.returncode)
    if "Test OK" not in lines:
        errors.append('no "Test OK"')

    # device id -> name, then per id the lines that concern it
    devs = {}
    for ln in lines:
        m = re.match(r"### Test dmadev instance (\d+) \[(.*)\]", ln)
        if m:
            devs[int(m.group(1))] = m.group(2)
    hidma = {i: n for i, n in devs.items() if n.startswith("hidma_")}
    if len(hidma) != nb_chans:
        errors.append("expected %d HIDMA dmadevs under test, found %d: %s"
                      % (nb_chans, len(hidma), sorted(hidma.values())))
    for i, name in sorted(hidma.items()):
        mine = [ln for ln in lines if ln.startswith("DMA Dev %d:" % i)]
        for ln in mine:
            if "skipping" in ln or "insufficient" in ln:
                errors.append("%s: sub-test skipped: %s" % (name, ln))
        for sub in SUBTESTS:
            if not any(("Running %s Tests" % sub) in ln for ln in mine):
                errors.append("%s: sub-test \"%s\" did not run" % (name, sub))
    for e in errors:
        print("FAIL: " + e)
    if not errors:
        print("PASS: %d HIDMA dmadevs ran %s" % (len(hidma), ", ".join(SUBTESTS)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
