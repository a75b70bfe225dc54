#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""Scripted sessions of app/dma-shell: commands in, screen and exit status checked.

  dma_shell_test.py SHELL SCENARIO PREFIX [EAL args...]

Each scenario is a list of (command, pattern, ok): the output of each command
(the text between its prompt and the next) must match the pattern, and must
hold an "error:" line exactly when ok is False; then the exit status and the
count of failed commands are checked. Piped scenarios feed stdin; the tmux
ones type into a real terminal (Debian's tmux) to test completion.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import time

PROMPT = "dma-shell> "
# a cross build's test setup names the emulator (qemu-user) and its slowdown
WRAPPER = shlex.split(os.environ.get("HIDMA_EXE_WRAPPER", ""))
TIME_SCALE = max(1.0, float(os.environ.get("HIDMA_TIME_SCALE", "1")))
MODEL = ["--vdev", "hidma_model0,channels=2"]


def ok(cmd, pat):
    return (cmd, pat, True)


def bad(cmd, pat):
    return (cmd, pat, False)


# name: (EAL args of the scenario, shell args, steps)
SCENARIOS = {
    "skeleton": (["--vdev", "dma_skeleton"], [], [
        ok("help", r"configure <dev> <nb_vchans> <nb_desc>"),
        ok("list", r"0  dma_skeleton .*not configured"),
        ok("info dma_skeleton", r"capabilities: mem2mem .*copy"),
        ok("configure dma_skeleton 1 512", r"configure 0: 1 mem2mem vchan\(s\) of 512 descriptors"),
        ok("start 0", r"start 0: done"),
        ok("copy dma_skeleton 0 4096 100", r"copy 0/0: 100 job\(s\) of 4096 B done and verified"),
        ok("copy 0 0 64 1024", r"copy 0/0: 1024 job\(s\) of 64 B done and verified"),
        ok("stats 0", r"stats 0: submitted 1124 completed 1124 errors 0"),
        ok("stats reset 0", r"stats 0: reset"),
        ok("stats 0", r"stats 0: submitted 0 completed 0"),
        ok("dump 0", r"dma_skeleton.*started"),
        ok("stop 0", r"stop 0: done"),
    ]),
    "model": (MODEL, [], [
        ok("list", r"1  hidma_model0-ch1 .*not configured.*0  hidma_model0 +raw_hidma_mgmt"
           r"  enabled, 2 channel"),
        ok("info hidma_model0-ch1", r"capabilities: mem2mem .*copy copy_sg fill"),
        ok("configure hidma_model0-ch1 1 1024", r"configure 1: 1 mem2mem vchan"),
        ok("start hidma_model0-ch1", r"start 1: done"),
        ok("copy hidma_model0-ch1 0 65536 16", r"copy 1/0: 16 job\(s\) of 65536 B done and verified"),
        ok("copy 1 0 1 1000", r"copy 1/0: 1000 job\(s\) of 1 B done and verified"),
        ok("fill 1 0 0x0123456789abcdef 1000 10",
           r"fill 1/0: 10 job\(s\) of 1000 B done and verified"),
        ok("stats 1", r"stats 1: submitted 1026 completed 1026 errors 0"),
        ok("dump hidma_model0-ch1", r"hidma_model0-ch1.*started"),
        ok("mgmt get hidma_model0 dma_channels", r"dma_channels = 2 "),
        ok("mgmt set hidma_model0 chan1_weight 9", r"chan1_weight set to 9"),
        ok("mgmt get 0 chan1_weight", r"chan1_weight = 9 "),
        ok("mgmt dump hidma_model0", r"HIDMA management hidma_model0"),
        ok("stop 1", r"stop 1: done"),
    ]),
    # issue 15: one failure counted per failed command, whatever its kind
    "exit-status": (MODEL, [], [
        bad("foo", r"error: unknown command 'foo': 'help' lists the commands"),
        bad("copy 0 0 abc 1", r"error: bad arguments for copy; usage: copy <dev> <vchan> "
            r"<len> <count>"),
        bad("copy nosuch 0 64 1", r"error: no dmadev 'nosuch'"),
        bad("mgmt get nosuch x", r"error: no rawdev 'nosuch'"),
        bad("mgmt get hidma_model0 nosuch", r"error: get nosuch: no such attribute"),
        bad("help nosuch", r"error: no command 'nosuch'"),
        ok("help copy_sg", r"usage: copy_sg <dev> <vchan> <nb_src> <nb_dst> <len> <count>"),
        ok("# a comment is no command", r"^\s*$"),
        ok("list", r"dmadevs: 2"),
    ]),
    "one-typo": (MODEL, [], [
        ok("list", r"dmadevs: 2"),
        bad("lsit", r"error: unknown command 'lsit'"),
        ok("list", r"dmadevs: 2"),
    ]),
    # --strict: the session ends at the first failure; the rest never runs
    "strict": (MODEL, ["--", "--strict"], [
        ok("list", r"dmadevs: 2"),
        bad("foo", r"error: unknown command.*strict mode: stopping"),
    ]),
    "set-strict": (MODEL, [], [
        bad("foo", r"error: unknown command"),
        ok("set strict on", r"strict on"),
        bad("copy 0 0 64 1", r"error: dmadev 0 \(hidma_model0-ch0\) is not configured.*"
            r"strict mode: stopping"),
    ]),
    # issue 11 item 1: an id beyond int16_t used to be truncated, then index an array
    "big-id": (["--vdev", "hidma_model0"], [], [
        ok("configure 0 1 64", r"configure 0: 1 mem2mem"),
        bad("start 65536", r"error: no dmadev '65536'"),
        bad("start 4294967296", r"error: no dmadev '4294967296'"),
        bad("stats -1", r"error: no dmadev '-1'"),
        bad("copy 65536 0 64 1", r"error: no dmadev '65536'"),
        ok("list", r"0  hidma_model0-ch0 .*stopped"),
    ]),
    # issue 11 item 2 and issue 15: nothing on the fast path of a device not started
    "not-started": (["--vdev", "dma_skeleton"], [], [
        bad("copy 0 0 64 1", r"error: dmadev 0 \(dma_skeleton\) is not configured: "
            r"'configure 0 <nb_vchans> <nb_desc>' first"),
        bad("burst_capacity 0 0", r"is not configured"),
        bad("start 0", r"is not configured"),
        ok("configure 0 1 64", r"configure 0"),
        bad("copy 0 0 64 1", r"error: dmadev 0 \(dma_skeleton\) is stopped: 'start 0' first"),
        bad("fill 0 0 1 64 1", r"is stopped|has no fill"),
        bad("throughput 0 0 64 10 1", r"is stopped"),
        ok("start 0", r"start 0: done"),
        bad("copy 0 1 64 1", r"error: no vchan 1 on dmadev 0 \(dma_skeleton\): it has 1 "
            r"vchan\(s\), 0..0"),
        bad("copy 0 x 64 1", r"error: vchan 'x' is not a number"),
        ok("copy 0 0 64 1", r"done and verified"),
        ok("stop 0", r"stop 0: done"),
        bad("copy 0 0 64 1", r"is stopped: 'start 0' first"),
    ]),
    # issue 11 item 5: a vchan the device does not have is refused by the shell
    "vchan": (MODEL, [], [
        ok("configure 0 1 64", r"configure 0"),
        ok("start 0", r"start 0: done"),
        bad("copy 0 5 64 1", r"error: no vchan 5 on dmadev 0 \(hidma_model0-ch0\)"),
        bad("copy_sg 0 7 2 2 64 1", r"error: no vchan 7"),
        bad("fill 0 1 0 64 1", r"error: no vchan 1"),
        bad("vchan_status 0 1", r"error: no vchan 1"),
        bad("burst_capacity 0 65536", r"error: no vchan 65536"),
        bad("throughput 0 3 64 10 1", r"error: no vchan 3"),
        ok("stats 0", r"submitted 0 completed 0 errors 0"),
        ok("vchan_status 0 0", r"vchan_status 0/0: idle \(device started\)"),
        ok("burst_capacity 0 0", r"burst_capacity 0/0: 63\b"),
    ]),
    # issue 11 item 3: a command that times out keeps its buffers and its jobs
    # are never taken for the next command's (4 MiB at 1 MB/s take >= 4 s, the
    # shell waits 1 s + 10 ms per MB; the next command waits 1 s more)
    "timeout": (["--vdev", "hidma_model0,channels=2,bw_mbps=1"], [], [
        ok("configure 0 1 64", r"configure 0"),
        ok("start 0", r"start 0: done"),
        bad("copy 0 0 1048576 4", r"error: \d of 4 job\(s\) not completed after 1040 ms; their "
            r"buffers are kept until they complete \('stop 0' drops them\)"),
        bad("copy 0 0 64 1", r"error: dmadev 0 vchan 0 still has \d job\(s\) of an earlier "
            r"command that timed out"),
        ok("vchan_status 0 0", r"active"),
        ok("stop 0", r"stop 0: done"),
        ok("start 0", r"start 0: done"),
        ok("copy 0 0 64 1", r"copy 0/0: 1 job\(s\) of 64 B done and verified"),
        ok("stats 0", r"submitted 1 completed 1 errors 0"),
    ]),
    # issue 15: a disabled instance is enabled from the shell
    "disabled": (["--vdev", "hidma_model0,channels=1,enable=0"], [], [
        ok("list", r"0  hidma_model0 +raw_hidma_mgmt  disabled, 1 channel"),
        ok("configure 0 1 64", r"configure 0"),
        bad("start 0", r"error: cannot start dmadev 0 \(hidma_model0-ch0\): its HIDMA instance "
            r"hidma_model0 is disabled; 'mgmt start hidma_model0' enables it"),
        ok("mgmt start hidma_model0", r"mgmt start 0: done.*instance enabled"),
        ok("start 0", r"start 0: done"),
        ok("copy 0 0 4096 8", r"done and verified"),
        ok("stop 0", r"stop 0: done"),
        ok("mgmt stop 0", r"instance disabled"),
        ok("mgmt reset hidma_model0", r"mgmt reset 0: done"),
    ]),
    # issue 15: engine=service with no service lcore is named as the reason
    "no-service-lcore": (["--vdev", "hidma_model0,channels=1,engine=service"], [], [
        ok("configure 0 1 64", r"configure 0"),
        bad("start 0", r"error: cannot start dmadev 0 \(hidma_model0-ch0\): the engine of the "
            r"emulated instance hidma_model0 does not run \(engine=service and no service "
            r"lcore runs it\); give EAL a service lcore"),
    ]),
    # issue 15: run-time faults through rte_pmd_hidma_model.h, statuses by name
    "faults": (MODEL, [], [
        ok("configure 0 1 64", r"configure 0"),
        ok("start 0", r"start 0: done"),
        ok("faults hidma_model0", r"faults hidma_model0: fail_every 0 fail_ppm 0"),
        ok("faults hidma_model0 fail_every 2", r"fail_every 2 "),
        bad("copy 0 0 64 4", r"error: copy: job 1 completed with status INVALID_SRC_ADDR "
            r"\(3\).*statuses: SUCCESSFUL 2 INVALID_SRC_ADDR 2"),
        ok("faults hidma_model0 fail_errinfo 2", r"fail_errinfo 2 \(destination write\)"),
        bad("throughput 0 0 64 100 10", r"statuses: SUCCESSFUL 50 INVALID_DST_ADDR 50.*"
            r"error: 50 of 100 job\(s\) failed"),
        ok("faults hidma_model0 off", r"fail_every 0 fail_ppm 0 fail_errinfo 0"),
        ok("copy 0 0 64 4", r"done and verified"),
        bad("faults hidma_model0 nosuch 1", r"error: no fault setting 'nosuch'"),
        bad("faults hidma_model0 fail_ppm 1000001", r"error: fail_ppm 1000001 out of range"),
        bad("faults hidma_model7", r"error: 'hidma_model7' is not an emulated HIDMA instance"),
        ok("stats 0", r"submitted 108 completed 108 errors 52\b"),
    ]),
    # issue 15: new commands
    "commands": (["--vdev", "hidma_model0,channels=2", "--vdev", "hidma_model1,channels=1"], [], [
        ok("list", r"0  hidma_model0 +raw_hidma_mgmt  enabled, 2 channel.*"
           r"1  hidma_model1 +raw_hidma_mgmt  enabled, 1 channel"),
        ok("configure hidma_model1-ch0 1 256", r"configure 2"),
        ok("start hidma_model1-ch0", r"start 2: done"),
        ok("copy_sg 2 0 3 5 1000 16", r"copy_sg 2/0: 16 job\(s\) of 1000 B done and verified"),
        ok("copy_sg 2 0 1 1 65536 4", r"done and verified"),
        bad("copy_sg 2 0 0 1 64 1", r"error: nb_src and nb_dst must be 1\.\."),
        bad("copy_sg 2 0 4 4 3 1", r"error: len 3 is shorter than the 4 segments"),
        ok("throughput 2 0 256 5000 16",
           r"throughput 2/0: 5000 job\(s\) of 256 B in batches of 16: [0-9.]+ s, [0-9.]+ Mops, "
           r"[0-9.]+ GB/s.*MMIO per job: .*statuses: SUCCESSFUL 5000"),
        ok("vchan_status 2 0", r"vchan_status 2/0: idle"),
        ok("burst_capacity 2 0", r"burst_capacity 2/0: 255\b"),
        ok("help throughput", r"usage: throughput <dev> <vchan> <len> <jobs> <batch>"),
        ok("help mgmt", r"mgmt start\|stop\|reset <raw>"),
        ok("stop 2", r"stop 2: done"),
        bad("configure 2 2 64", r"error: dmadev 2 \(hidma_model1-ch0\) has 1\.\.1 vchans, not 2"),
        bad("configure 2 1 3", r"error: dmadev 2 \(hidma_model1-ch0\) takes \d+\.\.\d+ "
            r"descriptors per vchan, not 3"),
    ]),
    # issue 15: the shell says how much memory a command needs when it cannot have it
    "memory": (MODEL, [], [
        ok("configure 0 1 1024", r"configure 0"),
        ok("start 0", r"start 0: done"),
        bad("copy 0 0 1048576 1024", r"error: cannot allocate DMA memory: 2048 buffer\(s\) of "
            r"1048576 B, each aligned to 1048576 B, need up to 2048 MiB of hugepage memory"),
        ok("copy 0 0 1048576 2", r"done and verified"),
    ]),
}


def check_steps(name, steps, out):
    # split the transcript at the prompts: one chunk per command
    chunks = out.split(PROMPT)[1:]
    if len(chunks) < len(steps):
        print("FAIL: %s: %d prompts for %d commands" % (name, len(chunks), len(steps)))
        return False
    for (cmd, pat, good), chunk in zip(steps, chunks):
        body = chunk[len(cmd):] if chunk.startswith(cmd) else chunk
        if not re.search(pat, body, re.S | re.M):
            print("FAIL: %s: %r: no %r in:\n%s" % (name, cmd, pat, chunk))
            return False
        if ("error:" in body) == good:
            print("FAIL: %s: %r %s an error line" % (name, cmd, "reported" if good else
                                                      "did not report"))
            return False
    return True


def scaled(vdev):
    """Under an emulator the emulated instance's command bound is stretched,
    as test/run-eal.sh does for the programs it starts."""
    out = []
    for a in vdev:
        if a.startswith("hidma_model") and "cmd_timeout_ms=" not in a and TIME_SCALE > 1:
            a += ",cmd_timeout_ms=%d" % min(2000 * TIME_SCALE, 10000)
        out.append(a)
    return out


def run_piped(shell, eal, scen):
    vdev, args, steps = SCENARIOS[scen]
    cmd = [shell] + eal + scaled(vdev) + args
    script = "".join(c + "\n" for c, _, _ in steps) + "quit\n"
    print("$ " + " ".join(WRAPPER + cmd) + " <<EOF\n" + script + "EOF", flush=True)
    p = subprocess.run(WRAPPER + cmd, input=script, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True,
                       timeout=300 * TIME_SCALE)
    print(p.stdout)
    if p.returncode < 0:
        print("FAIL: the shell died of signal %d" % -p.returncode)
        return False
    if not check_steps(scen, steps, p.stdout):
        return False
    nbad = sum(1 for _, _, good in steps if not good)
    if scen in ("strict", "set-strict"):
        # the quit after the failure never ran: the session ended there
        if p.stdout.count(PROMPT) != len(steps):
            print("FAIL: strict mode ran commands after the failure")
            return False
    want_rc = 1 if nbad else 0
    if p.returncode != want_rc:
        print("FAIL: exit status %d, expected %d" % (p.returncode, want_rc))
        return False
    if nbad and "dma-shell: %d command(s) failed" % nbad not in p.stdout:
        print("FAIL: expected \"%d command(s) failed\"" % nbad)
        return False
    return True


class Tmux:
    """A shell in a tmux window of its own server (-L): type, read the screen."""

    def __init__(self, name):
        self.sock = name

    def tmux(self, *args):
        return subprocess.run(["tmux", "-L", self.sock] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True)

    def start(self, cmd, status_file):
        line = "%s; echo EXIT=$? > %s" % (" ".join(cmd), status_file)
        r = self.tmux("new-session", "-d", "-x", "200", "-y", "50", "sh", "-c", line)
        if r.returncode != 0:
            raise RuntimeError("tmux: " + r.stdout)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-S", "-200").stdout

    def wait_for(self, pattern, timeout=30):
        end = time.time() + timeout * TIME_SCALE
        while time.time() < end:
            s = self.screen()
            if re.search(pattern, s, re.S):
                return s
            time.sleep(0.1)
        raise RuntimeError("no %r on the screen:\n%s" % (pattern, self.screen()))

    def keys(self, *keys):
        # one at a time: a TAB read together with the text before it is
        # not always taken as a completion request
        for k in keys:
            self.tmux("send-keys", k)
            time.sleep(0.3)

    def kill(self):
        self.tmux("kill-server")


def run_tmux(shell, eal, scen, prefix):
    if shutil.which("tmux") is None:
        print("SKIP: tmux is not installed (apt-get install tmux)")
        sys.exit(77)
    status = "/tmp/%s.status" % prefix
    if os.path.exists(status):
        os.unlink(status)
    t = Tmux(prefix)
    cmd = [shlex.quote(a) for a in WRAPPER + [shell] + eal + scaled(MODEL)]
    try:
        t.start(cmd, status)
        # tmux trims the prompt's trailing space
        t.wait_for(PROMPT.strip())
        if scen == "tmux-complete":
            # a device name: TAB completes the common prefix of both channels
            t.keys("configure hidma_mo", "Tab")
            t.wait_for(r"configure hidma_model0-ch\s*$")
            t.keys("1 1 64", "Enter")
            t.wait_for(r"configure 1: 1 mem2mem vchan\(s\) of 64 descriptors")
            t.keys("start hidma_model0-ch1", "Enter")
            t.wait_for(r"start 1: done")
            # TAB on an empty word lists the choices: the vchans of that device
            t.keys("copy hidma_model0-ch1 ", "Tab")
            t.wait_for(r"\n 0 \[vchan\]: copy <dev> <vchan>")
            t.keys("0 4096 2", "Enter")
            t.wait_for(r"copy 1/0: 2 job\(s\) of 4096 B done and verified")
            # an attribute name of that rawdev
            t.keys("mgmt get hidma_model0 chan1_w", "Tab")
            t.wait_for(r"mgmt get hidma_model0 chan1_weight\s*$")
            t.keys("Enter")
            t.wait_for(r"chan1_weight = 1 \(0x1\)")
            # a command name, for help: the common prefix, then the choices
            t.keys("help cop", "Tab")
            t.wait_for(r"help copy\s*$")
            t.keys("Tab")
            t.wait_for(r"\n copy_sg \[command\]: help <command>")
            t.keys("C-a", "C-k", "help throu", "Tab")
            t.wait_for(r"help throughput\s*$")
            t.keys("Enter")
            t.wait_for(r"usage: throughput")
            # TAB on an empty line lists every command, and nothing else
            t.keys("Tab", "Tab")
            screen = t.wait_for(r"faults <instance> <setting> <value>: change one setting")
            if "[anything]" in screen:
                raise RuntimeError("the catch-all entry is offered as a command")
            t.keys("quit", "Enter")
            want = 0
        else:
            # a typed session with one typo
            t.keys("list", "Enter")
            t.wait_for(r"dmadevs: 2")
            t.keys("lsit", "Enter")
            t.wait_for(r"error: unknown command 'lsit'")
            t.keys("quit", "Enter")
            want = 1
        end = time.time() + 60 * TIME_SCALE
        while not os.path.exists(status) and time.time() < end:
            time.sleep(0.1)
        screen = t.screen()
        print(screen)
        with open(status) as f:
            rc = int(f.read().strip().split("=")[1])
    except (RuntimeError, OSError) as e:
        print("FAIL: %s" % e)
        return False
    finally:
        t.kill()
        if os.path.exists(status):
            os.unlink(status)
    if rc != want:
        print("FAIL: exit status %d, expected %d" % (rc, want))
        return False
    return True


def main():
    if len(sys.argv) < 4 or (sys.argv[2] not in SCENARIOS and
                             sys.argv[2] not in ("tmux-complete", "tmux-typo")):
        print(__doc__)
        sys.exit(2)
    shell, scen, prefix = sys.argv[1:4]
    # unique per run: concurrent test runs must not share EAL state
    prefix = "%s_%d" % (prefix, os.getpid())
    eal = sys.argv[4:] + ["-l", "0", "--file-prefix", prefix]
    if scen.startswith("tmux-"):
        good = run_tmux(shell, eal, scen, prefix)
    else:
        good = run_piped(shell, eal, scen)
    if not good:
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
