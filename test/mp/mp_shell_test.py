#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""The shell attached to a running benchmark (doc/guides/tools/dmashell.rst).

mp_shell_test.py DMAPERF SHELL PLUGIN_DIR BASE_VIRTADDR_ARG --file-prefix PREFIX

dpdk-test-dma-perf (--until-stopped) copies 64 KiB jobs on both channels
of one emulated instance, one worker lcore each; dpdk-dma-shell attaches
to it as a secondary process and, through its own commands only:
  - sees both channels started and owned by the benchmark's case process,
    and their completed counters grow between two readings;
  - refuses to copy on a channel the benchmark drives;
  - sets chan0_weight 15 (chan1 stays 1), and the split of the jobs the
    benchmark completes follows: about 50 % for channel 0 before, well
    above 80 % after (15:1 gives 94 % while both rings stay full).
The primary's telemetry socket (EAL starts telemetry in primary processes
only) then shows the same devices, moving counters and the weight the
shell set. The benchmark is stopped with SIGINT and must pass its own data
check. Every wait is for a line, a prompt or a number of jobs; the only
time bound is meson's test timeout.
"""

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading

PROMPT = "dma-shell> "
SPLIT_JOBS = 80000      # jobs (both channels) per measured split
RING = 8192             # descriptors per channel: the rings stay full
INSTANCE = "hidma_model0"
CHAN_RE = re.compile(r"^\s*(\d+)\s+" + INSTANCE + r"-ch(\d)\s.*?\b(started|stopped)\s+"
                     r"owner (?:process (\d+)|none).*\n\s+submitted (\d+)\s+completed (\d+)"
                     r"\s+errors (\d+)", re.M)


def fail(msg):
    print("FAIL: " + msg, flush=True)
    return False


class Lines:
    """A process's output, line by line, read by a thread."""

    def __init__(self, proc, tag):
        self.q = queue.Queue()
        self.all = []
        self.tag = tag
        threading.Thread(target=self._run, args=(proc.stdout,), daemon=True).start()

    def _run(self, f):
        for line in iter(f.readline, ""):
            self.q.put(line)
        self.q.put(None)

    def wait_for(self, pattern):
        """The first match of pattern in the following lines, or None at EOF."""
        rx = re.compile(pattern)
        while True:
            line = self.q.get()
            if line is None:
                return None
            self.all.append(line)
            print("[%s] %s" % (self.tag, line), end="", flush=True)
            m = rx.search(line)
            if m:
                return m

    def rest(self):
        while True:
            line = self.q.get()
            if line is None:
                return
            self.all.append(line)
            print("[%s] %s" % (self.tag, line), end="", flush=True)


class Shell:
    """dpdk-dma-shell on a pipe: one command, then its output up to the next prompt."""

    def __init__(self, cmd):
        print("$ " + " ".join(cmd), flush=True)
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, bufsize=0)
        self.buf = b""

    def until_prompt(self):
        while not self.buf.endswith(PROMPT.encode()):
            data = self.p.stdout.read1(65536) if hasattr(self.p.stdout, "read1") else \
                os.read(self.p.stdout.fileno(), 65536)
            if not data:
                text = self.buf.decode(errors="replace")
                self.buf = b""
                print(text, flush=True)
                return None
            self.buf += data
        text = self.buf.decode(errors="replace")
        self.buf = b""
        print(text, end="", flush=True)
        return text[:-len(PROMPT)]

    def cmd(self, line):
        print(line, flush=True)
        self.p.stdin.write((line + "\n").encode())
        self.p.stdin.flush()
        return self.until_prompt()

    def quit(self):
        self.p.stdin.write(b"quit\n")
        self.p.stdin.close()
        out = self.p.stdout.read().decode(errors="replace")
        print(out, flush=True)
        return self.p.wait(), out


def channels(text):
    """{ch: (state, owner pid, submitted, completed, errors)} from 'list'."""
    out = {}
    for m in CHAN_RE.finditer(text or ""):
        out[int(m.group(2))] = (m.group(3), int(m.group(4) or 0), int(m.group(5)),
                                int(m.group(6)), int(m.group(7)))
    return out


def split(sh):
    """Channel 0's share of the next SPLIT_JOBS jobs the benchmark completes."""
    a = channels(sh.cmd("list"))
    while True:
        b = channels(sh.cmd("list"))
        if len(a) != 2 or len(b) != 2:
            return None
        d0, d1 = b[0][3] - a[0][3], b[1][3] - a[1][3]
        if d0 + d1 >= SPLIT_JOBS:
            print("split over %d jobs: ch0 %d, ch1 %d" % (d0 + d1, d0, d1), flush=True)
            return d0 / (d0 + d1)


def telemetry(path, cmds, verbose=True):
    """Answers of a DPDK telemetry v2 socket (SOCK_SEQPACKET, JSON)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(path)
    out = {}
    try:
        json.loads(s.recv(16384).decode())      # the greeting
        for c in cmds:
            s.send(c.encode())
            out[c] = json.loads(s.recv(1 << 20).decode())
            if verbose:
                print("telemetry %s -> %s" % (c, json.dumps(out[c])), flush=True)
    finally:
        s.close()
    return out


def check_telemetry(rundir, shell_list):
    """The primary's socket: the devices, moving counters, the shell's weight."""
    path = os.path.join(rundir, "dpdk_telemetry.v2")
    if not os.path.exists(path):
        return fail("no telemetry socket %s" % path)
    ids = {ch: int(re.search(r"^\s*(\d+)\s+%s-ch%d\b" % (INSTANCE, ch), shell_list,
                             re.M).group(1)) for ch in (0, 1)}
    raw = int(re.search(r"^\s*(\d+)\s+%s\s+raw_hidma_mgmt" % INSTANCE, shell_list,
                        re.M).group(1))
    q = ["/dmadev/list", "/hidma_mgmt/list"] + \
        ["/dmadev/info,%d" % ids[ch] for ch in (0, 1)] + \
        ["/dmadev/stats,%d" % ids[0], "/hidma_mgmt/info,%d" % raw]
    r = telemetry(path, q)
    if sorted(r["/dmadev/list"]["/dmadev/list"]) != sorted(ids.values()):
        return fail("/dmadev/list %s, the shell lists %s" % (r["/dmadev/list"], ids))
    if r["/hidma_mgmt/list"]["/hidma_mgmt/list"] != [raw]:
        return fail("/hidma_mgmt/list %s, the shell lists rawdev %d"
                    % (r["/hidma_mgmt/list"], raw))
    for ch in (0, 1):
        info = r["/dmadev/info,%d" % ids[ch]]["/dmadev/info"]
        if info.get("name") != "%s-ch%d" % (INSTANCE, ch):
            return fail("/dmadev/info,%d: %s" % (ids[ch], info))
    weights = (r["/hidma_mgmt/info,%d" % raw]["/hidma_mgmt/info"] or {}).get("chan_weight")
    if weights != [15, 1]:
        return fail("/hidma_mgmt/info chan_weight %s, the shell set [15, 1]" % weights)
    first = r["/dmadev/stats,%d" % ids[0]]["/dmadev/stats"]["completed"]
    # the counters move: a bounded number of asks, each answered at once
    for _ in range(100000):
        st = telemetry(path, ["/dmadev/stats,%d" % ids[0]], verbose=False)
        if st["/dmadev/stats,%d" % ids[0]]["/dmadev/stats"]["completed"] > first:
            print("telemetry /dmadev/stats,%d -> %s" % (ids[0], json.dumps(st)), flush=True)
            return True
    return fail("/dmadev/stats,%d: completed stays at %d" % (ids[0], first))


def runtime_dir(prefix):
    """EAL's runtime directory of a --file-prefix (eal_create_runtime_dir())."""
    if os.getuid() == 0:
        return os.path.join("/var/run/dpdk", prefix)
    return os.path.join(os.environ.get("XDG_RUNTIME_DIR", "/tmp"), "dpdk", prefix)


def hugefiles_unlink(prefix):
    with open("/proc/mounts") as f:
        for line in f:
            parts = line.split()
            if len(parts) > 2 and parts[2] == "hugetlbfs":
                for name in os.listdir(parts[1]):
                    if name.startswith(prefix + "map_"):
                        try:
                            os.unlink(os.path.join(parts[1], name))
                        except OSError:
                            pass


def run(dmaperf, shell_bin, plugin_dir, base_va, prefix, tmp):
    cpus = sorted(os.sched_getaffinity(0))
    a, b = cpus[0], cpus[-1]
    # main lcore and the engine on one CPU, both workers on the other
    lcores = "0@%d,1@%d,2@%d" % (a, b, b)
    cfg = os.path.join(tmp, "mp_shell.ini")
    with open(cfg, "w") as f:
        f.write("[case1]\ntype=DMA_MEM_COPY\nmem_size=32\nbuf_size=65536\n"
                "dma_ring_size=%d\nkick_batch=32\n"
                "lcore_dma0=lcore=1,dev=%s-ch0,dir=mem2mem\n"
                "lcore_dma1=lcore=2,dev=%s-ch1,dir=mem2mem\n"
                "test_seconds=1\n"
                "eal_args=--no-pci -m 256 --iova-mode=va --lcores=%s --file-prefix=%s "
                "%s -d %s --vdev %s,channels=2,engine_cpu=%d\n"
                % (RING, INSTANCE, INSTANCE, lcores, prefix, base_va, plugin_dir, INSTANCE, a))
    cmd = [dmaperf, "--config", cfg, "--result", os.path.join(tmp, "result.csv"),
           "--until-stopped"]
    print("$ " + " ".join(cmd), flush=True)
    bench = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True)
    out = Lines(bench, "bench")
    sh = None
    case_pid = None
    ok = False
    try:
        m = out.wait_for(r"measuring until SIGINT or SIGTERM \(Ctrl-C, or kill (\d+)\)")
        if m is None:
            return fail("the benchmark ended before its window opened")
        case_pid = int(m.group(1))
        sh = Shell([shell_bin, "--proc-type=secondary", "--file-prefix=" + prefix, "--no-pci",
                    "--iova-mode=va", "--lcores=3@%d" % a, "-d", plugin_dir])
        if sh.until_prompt() is None:
            return fail("the shell did not attach")
        first = sh.cmd("list")
        c1 = channels(first)
        if sorted(c1) != [0, 1]:
            return fail("the shell does not list both channels")
        for ch, (state, owner, _, _, errors) in c1.items():
            if state != "started" or owner != case_pid or errors != 0:
                return fail("ch%d: %s, owner %d, %d errors; expected started, owned by the "
                            "benchmark's case process %d, no error"
                            % (ch, state, owner, errors, case_pid))
        # moving: each channel completes more jobs (a bounded number of reads)
        for _ in range(10000):
            c2 = channels(sh.cmd("list"))
            if len(c2) == 2 and all(c2[ch][3] > c1[ch][3] for ch in (0, 1)):
                break
        else:
            return fail("the counters do not move")
        st = re.search(r"stats %d: submitted (\d+) completed (\d+) errors 0\n"
                       % int(re.search(r"^\s*(\d+)\s+%s-ch1\b" % INSTANCE, first, re.M)
                             .group(1)), sh.cmd("stats %s-ch1" % INSTANCE) or "")
        if st is None or int(st.group(2)) < c2[1][3]:
            return fail("'stats' of ch1 shows fewer jobs than 'list' did before")
        if not re.search(r"driven by process %d \(the application\)" % case_pid,
                         sh.cmd("copy %s-ch1 0 4096 4" % INSTANCE)):
            return fail("the shell did not refuse the benchmark's channel")
        for ch in (0, 1):
            if "chan%d_weight = 1 " % ch not in sh.cmd("mgmt get %s chan%d_weight"
                                                        % (INSTANCE, ch)):
                return fail("chan%d_weight is not the default 1" % ch)
        before = split(sh)
        if "chan0_weight set to 15" not in sh.cmd("mgmt set %s chan0_weight 15" % INSTANCE):
            return fail("mgmt set")
        after = split(sh)
        if before is None or after is None:
            return fail("a channel disappeared from 'list'")
        print("channel 0's share of the benchmark's jobs: %.1f %% at weights 1:1, "
              "%.1f %% at 15:1 (set by the shell)" % (100 * before, 100 * after), flush=True)
        if not 0.35 <= before <= 0.65:
            return fail("1:1 split %.3f" % before)
        if not after >= 0.8:
            return fail("15:1 split %.3f: the running benchmark did not follow the weight"
                        % after)
        if not check_telemetry(runtime_dir(prefix), sh.cmd("list")):
            return False
        rc, text = sh.quit()
        sh = None
        if rc != 1 or "1 command(s) failed" not in text:
            # the refused copy is the one failed command
            return fail("shell exit status %d" % rc)
        if "detached (the primary keeps it)" not in text:
            return fail("the shell did not detach from the instance")
        os.kill(case_pid, signal.SIGINT)
        if out.wait_for(r"Data verified: \d+ job\(s\) match") is None:
            return fail("the benchmark's data check did not pass")
        out.rest()
        if bench.wait() != 0 or not any("Result: all cases passed" in l for l in out.all):
            return fail("the benchmark failed (status %d)" % bench.returncode)
        ok = True
        return True
    finally:
        if sh is not None:
            sh.p.kill()
            sh.p.wait()
        if not ok:
            if case_pid is not None:
                try:
                    os.kill(case_pid, signal.SIGKILL)
                except OSError:
                    pass
            bench.kill()
            bench.wait()
        hugefiles_unlink(prefix)
        shutil.rmtree(runtime_dir(prefix), ignore_errors=True)


def main():
    if len(sys.argv) != 7 or sys.argv[5] != "--file-prefix":
        print("usage: %s DMAPERF SHELL PLUGIN_DIR BASE_VIRTADDR_ARG --file-prefix PREFIX"
              % sys.argv[0])
        return 1
    dmaperf, shell_bin, plugin_dir, base_va, _, prefix = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        ok = run(dmaperf, shell_bin, os.path.abspath(plugin_dir), base_va, prefix, tmp)
    print("PASS" if ok else "FAIL", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
