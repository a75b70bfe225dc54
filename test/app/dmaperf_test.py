#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""Tests of app/test-dma-perf (suite 'app').

  dmaperf_test.py config APP FILE.ini
      --check-config on FILE; its "; expect-ok", "; expect-out: TEXT" and
      "; expect-error: TEXT" comment lines say what must happen.
  dmaperf_test.py run APP SCENARIO PREFIX [EAL args...]
      a short real run (test_seconds=1, small sizes) of SCENARIO
      (skeleton, model, corrupt); its CSV and table are parsed and checked.
      corrupt needs the test-only build (dpdk-test-dma-perf-testhooks).
  dmaperf_test.py no-hooks APP
      the shipped binary must not carry the test hooks.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

# upstream dpdk-test-dma-perf's header row, written out here on purpose
# (not taken from the app) so that a change to the app's copy is caught
UPSTREAM_HEADER = ("Case {n} : {t},lcore,DMA,DMA ring size,kick batch size,"
                   "buffer size(B),number of buffers,memory(MB),average cycle,"
                   "bandwidth(Gbps),MOps")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


# In a cross build the test setup names the program that starts the
# target's programs (e.g. qemu-aarch64-static -L SYSROOT), and how much
# slower they run there.
WRAPPER = shlex.split(os.environ.get("HIDMA_EXE_WRAPPER", ""))
TIME_SCALE = float(os.environ.get("HIDMA_TIME_SCALE", "1"))


def run(cmd, env=None, timeout=300):
    print("$ " + " ".join(cmd), flush=True)
    p = subprocess.run(WRAPPER + cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, env=env, timeout=timeout * TIME_SCALE)
    print(p.stdout)
    return p.returncode, p.stdout


def test_config(app, path):
    expect_ok = False
    outs, errs = [], []
    with open(path) as f:
        for line in f:
            m = re.match(r";\s*expect-(ok|out|error)(?::\s?(.*))?$", line.rstrip("\n"))
            if not m:
                continue
            if m.group(1) == "ok":
                expect_ok = True
            elif m.group(1) == "out":
                outs.append(m.group(2))
            else:
                errs.append(m.group(2))
    if not expect_ok and not errs:
        # a plain config (the shipped default): it must just parse
        expect_ok = True
    rc, out = run([app, "--config", path, "--check-config"])
    if expect_ok and rc != 0:
        fail("good config rejected (exit %d)" % rc)
    if errs:
        if rc == 0:
            fail("bad config accepted")
        if "rejected, nothing run" not in out:
            fail("no 'rejected, nothing run' line")
    for e in errs:
        if e not in out:
            fail("missing error text: %r" % e)
    for o in outs:
        if o not in out:
            fail("missing output text: %r" % o)
    print("ok")


def parse_csv(path):
    """Return the text, {case: header/rows/summary} and the skipped cases."""
    cases, skips = {}, []
    cur = None
    with open(path) as f:
        text = f.read()
    for line in text.splitlines():
        if line.startswith("Case "):
            m = re.match(r"Case (\d+) : (\w+),", line)
            if not m:
                fail("bad case header %r" % line)
            cur = int(m.group(1))
            cases[cur] = {"type": m.group(2), "header": line, "rows": [], "summary": []}
        elif line.startswith("Skip the test-case "):
            skips.append(int(line.split()[-1]))
        elif line.startswith("Scenario "):
            cols = line.split(",")
            if len(cols) != 11:
                fail("row with %d columns, upstream has 11: %r" % (len(cols), line))
            if cur is None:
                fail("scenario row before any case header")
            if cols[0].endswith("Summary"):
                cases[cur]["summary"].append(cols)
            else:
                cases[cur]["rows"].append(cols)
        elif line and line != ",,,,,,,," and line != "Test Environment:" \
                and not re.match(r"CPU frequency,\d+\.\d{3} Ghz(,,,,,,,,)?$", line):
            fail("unexpected CSV line %r" % line)
    return text, cases, skips


def positive(v, what):
    try:
        x = float(v)
    except ValueError:
        fail("%s is not a number: %r" % (what, v))
    if not x > 0:
        fail("%s is not positive: %r" % (what, v))
    return x


def check_case(cases, n, typ, dev, sizes):
    if n not in cases:
        fail("case %d missing from the CSV" % n)
    c = cases[n]
    if c["header"] != UPSTREAM_HEADER.format(n=n, t=typ):
        fail("header differs from upstream's:\n  %r\n  %r" %
             (c["header"], UPSTREAM_HEADER.format(n=n, t=typ)))
    if len(c["rows"]) != len(sizes) or len(c["summary"]) != len(sizes):
        fail("case %d: %d rows / %d summaries for %d scenarios" %
             (n, len(c["rows"]), len(c["summary"]), len(sizes)))
    for i, (row, summ) in enumerate(zip(c["rows"], c["summary"])):
        if row[0] != "Scenario %d" % (i + 1) or summ[0] != "Scenario %d Summary" % (i + 1):
            fail("case %d: scenario numbering %r / %r" % (n, row[0], summ[0]))
        if row[1] != "1":
            fail("case %d: lcore %r, expected 1" % (n, row[1]))
        if typ == "CPU_MEM_COPY":
            if row[2:5] != ["NA", "NA", "NA"]:
                fail("CPU row without NA columns: %r" % row)
        else:
            if row[2] != dev:
                fail("case %d: device %r, expected %r" % (n, row[2], dev))
            positive(row[3], "ring size")
            positive(row[4], "kick batch")
        if int(row[5]) != sizes[i]:
            fail("case %d scenario %d: buffer size %s, expected %d" % (n, i + 1, row[5], sizes[i]))
        positive(row[6], "number of buffers")
        positive(row[7], "memory")
        positive(row[8], "average cycle")
        positive(row[9], "bandwidth")
        mops = positive(row[10], "MOps")
        if summ[1:6] != [" "] * 5:
            fail("summary row layout differs from upstream: %r" % summ)
        for k, what in ((6, "buffers"), (7, "memory"), (8, "cycles"), (9, "Gbps"), (10, "MOps")):
            positive(summ[k], "summary " + what)
        if abs(float(summ[10]) - mops) > 0.002:
            fail("one worker but summary MOps %s != row MOps %s" % (summ[10], row[10]))


SKELETON_CFG = """
[GLOBAL]
eal_args=-l 0-1 --file-prefix={prefix}
test_seconds=1
cache_flush=0

[case1]
type=DMA_MEM_COPY
mem_size=2
buf_size=64,4096,64,MUL
dma_ring_size=512
kick_batch=32
lcore_dma0=lcore=1,dev=dma_skeleton,dir=mem2mem
eal_args=--vdev dma_skeleton

[case2]
type=CPU_MEM_COPY
mem_size=2
buf_size=64,4096,64,MUL
cache_flush=1
lcore = 1

[case3]
type=DMA_MEM_FILL
mem_size=2
buf_size=64
dma_ring_size=512
kick_batch=32
lcore_dma0=lcore=1,dev=dma_skeleton,dir=mem2mem
eal_args=--vdev dma_skeleton

[case4]
type=DMA_MEM_COPY
mem_size=2
buf_size=4096
dma_ring_size=512
kick_batch=32
dma_src_sge=4
dma_dst_sge=1
lcore_dma0=lcore=1,dev=dma_skeleton,dir=mem2mem
eal_args=--vdev dma_skeleton

[case5]
skip=1
"""

MODEL_CFG = """
[GLOBAL]
eal_args=-l 0-1{huge_unlink} --file-prefix={prefix} --vdev hidma_model0,channels=2,engine_cpu=0{model_args}
test_seconds=1

[case1]
type=DMA_MEM_COPY
mem_size=2
buf_size=64,4096,64,MUL
dma_ring_size=1024
kick_batch=32
lcore_dma0=lcore=1,dev=hidma_model0-ch1,dir=mem2mem

[case2]
type=DMA_MEM_FILL
mem_size=2
buf_size=64,4096,64,MUL
dma_ring_size=1024
kick_batch=32
lcore_dma=lcore1@hidma_model0-ch0

[case3]
type=DMA_MEM_COPY
mem_size=2
buf_size=1000
dma_ring_size=64
kick_batch=16
lcore_dma0=lcore=1,dev=hidma_model0-ch0,dir=mem2mem

; one lcore driving both channels in turn
[case4]
type=DMA_MEM_COPY
mem_size=2
buf_size=4096
dma_ring_size=256
kick_batch=16
lcore_dma0=lcore=1,dev=hidma_model0-ch0,dir=mem2mem
lcore_dma1=lcore=1,dev=hidma_model0-ch1,dir=mem2mem
"""

# the model scenario runs every case twice, alternating
MODEL_RUNS = 2

CORRUPT_CFG = """
[case1]
type=DMA_MEM_COPY
mem_size=2
buf_size=256
dma_ring_size=512
kick_batch=32
test_seconds=1
lcore_dma0=lcore=1,dev=dma_skeleton,dir=mem2mem
eal_args=-l 0-1 --file-prefix={prefix} --vdev dma_skeleton
"""


def check_table(out, ok_cases, skip_cases, runs=1):
    """The parent's comparison table: every scenario of every run ok with data checked."""
    if "dpdk-test-dma-perf: comparison" not in out:
        fail("no comparison table")
    for case, nscen in ok_cases.items():
        lines = re.findall(r"^\s+%d\s+(\d+)\s+\d+\s+\S+.*\s+ok (\d+)$" % case, out, re.M)
        if len(lines) != nscen * runs:
            fail("case %d: %d table line(s) marked ok, expected %d" %
                 (case, len(lines), nscen * runs))
        for _, verified in lines:
            if int(verified) <= 0:
                fail("case %d: nothing verified" % case)
    for case in skip_cases:
        if not re.search(r"^\s+%d\s+-\s+.*SKIP: " % case, out, re.M):
            fail("case %d not reported as SKIP with a reason" % case)


def dma_caps(prefix, eal, vdev):
    """{dmadev name: {"fill": bool, "sg": bool}} of the devices with @vdev,
    from test/app/dma_caps (rte_dma_info_get)."""
    prog = os.environ.get("HIDMA_DMA_CAPS")
    if not prog:
        fail("HIDMA_DMA_CAPS (the dma_caps program) is not set")
    rc, out = run([prog] + eal + ["-l", "0", "--file-prefix", prefix + "_caps",
                                  "--vdev", vdev])
    if rc != 0:
        fail("dma_caps exited with status %d" % rc)
    caps = {}
    for line in out.splitlines():
        m = re.match(r"^(\S+) fill=([01]) sg=([01])$", line)
        if m:
            caps[m.group(1)] = {"fill": m.group(2) == "1", "sg": m.group(3) == "1"}
    return caps


def check_paced_mmio(out):
    """The driver's MMIO rules, counted by the benchmark's paced phase.

    Each batch of kick_batch jobs is reaped once the channel is idle: one
    WRITE_PTR read finds the whole batch, one TRCA doorbell per submit and
    the EVCA doorbell at most once more. Counts, not times: load changes
    nothing here.
    """
    if "MMIO reads / writes per job: n/a for every device here" in out:
        return
    blocks = re.split(r"^Running scenario \d+$", out, flags=re.M)[1:]
    checked = 0
    for b in blocks:
        kicks = set(int(k) for k in re.findall(r"Kick Batch Size: (\d+)", b))
        m = re.search(r"^MMIO per job, paced \((\d+) jobs, [^)]*\): (\d+\.\d+) reads, "
                      r"(\d+\.\d+) writes; empty reaps per batch (\d+\.\d+)$", b, re.M)
        if not kicks:
            continue
        if not m:
            fail("a HIDMA scenario without its paced MMIO line")
        if len(kicks) != 1:
            fail("workers of one scenario with kick batches %r" % sorted(kicks))
        k = kicks.pop()
        rd, wr, empty = float(m.group(2)), float(m.group(3)), float(m.group(4))
        # printed with three decimals: allow the rounding
        if rd * k > 1.0 + k * 0.0005 or wr * k > 2.0 + k * 0.0005 or empty != 0.0:
            fail("kick batch %d: paced MMIO %.3f reads, %.3f writes per job, %.3f empty reaps "
                 "per batch; the rules allow 1 read and 2 writes per batch, no empty reap"
                 % (k, rd, wr, empty))
        checked += 1
    if checked == 0:
        fail("no paced MMIO line checked")
    print("paced MMIO: %d scenario(s) within 1 read and 2 writes per batch" % checked)


def check_model_extras(out, cases):
    """Runs alternate, the table has spread rows, MMIO and thread placement."""
    runs = re.findall(r"^=== Run (\d+) of (\d+) ===$", out, re.M)
    if [r[0] for r in runs] != [str(i + 1) for i in range(MODEL_RUNS)]:
        fail("runs announced: %r" % runs)
    order = [int(c) for c in re.findall(r"^Running case (\d+)$", out, re.M)]
    if order != [1, 2, 3, 4] * MODEL_RUNS:
        fail("cases did not alternate run by run: %r" % order)
    for what in ("median", "min", "max", "run by run\\s+min"):
        if not re.search(r"^\s+.*\b%s\s+(-\s+)*\d" % what, out, re.M):
            fail("no %r row in the table" % what)
    # the driver's counters, or n/a when its PMD has no MMIO statistics
    if "MMIO reads / writes per job: n/a for every device here" not in out and \
            not re.search(r"^ MMIO reads / writes per job \(HIDMA.*\n\s+hidma_model0-ch1\s+"
                          r"(median\s+)?\d+\.\d{3}\s", out, re.M):
        fail("no MMIO figures (or n/a) for HIDMA")
    if not re.search(r"^MMIO per job(: n/a| \(throughput phase)", out, re.M):
        fail("no MMIO line per scenario")
    check_paced_mmio(out)
    m = re.search(r"^  case 1 \(hidma_model0-ch1\): (.*)$", out, re.M)
    if not m or "asleep:" not in m.group(1) and "on CPU" not in m.group(1):
        fail("no thread placement line for case 1")
    # case 4: one lcore, two channels, both verified
    c = cases[4]
    if len(c["rows"]) != 2 or len(c["summary"]) != 1:
        fail("case 4: %d rows / %d summaries, expected 2 / 1" % (len(c["rows"]), len(c["summary"])))
    if sorted(r[2] for r in c["rows"]) != ["hidma_model0-ch0", "hidma_model0-ch1"] or \
            any(r[1] != "1" for r in c["rows"]):
        fail("case 4: rows %r, expected both channels on lcore 1" % c["rows"])
    total = sum(positive(r[10], "MOps") for r in c["rows"])
    if abs(positive(c["summary"][0][10], "summary MOps") - total) > 0.01:
        fail("case 4: summary MOps is not the sum of its channels")
    if not re.search(r"hidma_model0-ch0\.\.1, 1 lcore", out):
        fail("case 4 not labelled as two channels on one lcore")


def test_no_hooks(app):
    with open(app, "rb") as f:
        if b"DMAPERF_TEST_CORRUPT" in f.read():
            fail("%s carries the DMAPERF_TEST_CORRUPT test hook" % app)
    print("ok")


def test_run(app, scenario, prefix, eal):
    # unique per run, as run-eal.sh makes every --file-prefix (the prefix
    # goes into the config file, where run-eal.sh does not see it)
    prefix = "%s_%d" % (prefix, os.getpid())
    tmp = tempfile.mkdtemp(prefix="dmaperf-")
    env = dict(os.environ)
    extra = []
    if scenario == "skeleton":
        cfg_text = SKELETON_CFG
    elif scenario == "model":
        cfg_text = MODEL_CFG
        extra = ["--runs", str(MODEL_RUNS)]
    elif scenario == "corrupt":
        cfg_text = CORRUPT_CFG
        env["DMAPERF_TEST_CORRUPT"] = "1"
    else:
        fail("unknown scenario " + scenario)
    cfg = os.path.join(tmp, "t.%s.ini" % scenario)
    with open(cfg, "w") as f:
        # under qemu-user the emulated channels' commands need longer, as
        # test/run-eal.sh gives them
        model_args = (",cmd_timeout_ms=%d" % min(2000 * TIME_SCALE, 10000)) if TIME_SCALE > 1 else ""
        # DPDK >= 25.07's EAL refuses an option given twice: --huge-unlink
        # only if the test's own EAL arguments do not have it
        huge_unlink = "" if "--huge-unlink" in eal else " --huge-unlink"
        f.write(cfg_text.format(prefix=prefix, model_args=model_args, huge_unlink=huge_unlink))

    # no --result: upstream's default, <config dir>/<name up to the first '.'>_result.csv
    rc, out = run([app] + eal + ["--config", cfg] + extra, env=env)
    csv = os.path.join(tmp, "t_result.csv")
    if not os.path.exists(csv):
        fail("no CSV at the default path " + csv)
    text, cases, skips = parse_csv(csv)
    print(text)
    shutil.rmtree(tmp, ignore_errors=True)

    if scenario == "corrupt":
        if rc == 0:
            fail("a data mismatch did not make the exit status non-zero")
        if "FAIL: copy mismatch" not in out:
            fail("the mismatch is not reported loudly")
        if cases.get(1, {}).get("rows"):
            fail("a failed scenario still has CSV rows")
        print("ok")
        return

    if rc != 0:
        fail("exit status %d" % rc)
    if not text.startswith(",,,,,,,,\n,,,,,,,,\nTest Environment:\nCPU frequency,"):
        fail("CSV preamble differs from upstream's")
    if scenario == "skeleton":
        # dma_skeleton has fill and scatter-gather since DPDK 24.11: case 3
        # (fill) and case 4 (SG) run where it says it has them, and are
        # skipped with the reason where it does not
        caps = dma_caps(prefix, eal, "dma_skeleton").get("dma_skeleton")
        if caps is None:
            fail("dma_caps does not list dma_skeleton")
        print("dma_skeleton capabilities: %s" % caps)
        check_case(cases, 1, "DMA_MEM_COPY", "dma_skeleton", [64, 4096])
        check_case(cases, 2, "CPU_MEM_COPY", None, [64, 4096])
        ok_cases, want_skips = {1: 2, 2: 2}, [5]
        for n, cap, typ, sizes, flag in ((3, "fill", "DMA_MEM_FILL", [64], "OPS_FILL"),
                                         (4, "sg", "DMA_MEM_COPY", [4096], "OPS_COPY_SG")):
            if caps[cap]:
                check_case(cases, n, typ, "dma_skeleton", sizes)
                ok_cases[n] = 1
            else:
                want_skips.append(n)
                if "does not advertise RTE_DMA_CAPA_%s" % flag not in out:
                    fail("case %d: skip reason (no RTE_DMA_CAPA_%s) missing" % (n, flag))
        if sorted(skips) != sorted(want_skips):
            fail("skipped cases %r, expected %r" % (sorted(skips), sorted(want_skips)))
        check_table(out, ok_cases, want_skips)
        if "cpu memcpy / bare loop" not in out or "dma_skeleton / cpu memcpy" not in out:
            fail("ratio rows missing from the table")
    else:
        check_case(cases, 1, "DMA_MEM_COPY", "hidma_model0-ch1", [64, 4096])
        check_case(cases, 2, "DMA_MEM_FILL", "hidma_model0-ch0", [64, 4096])
        check_case(cases, 3, "DMA_MEM_COPY", "hidma_model0-ch0", [1000])
        check_table(out, {1: 2, 2: 2, 3: 1, 4: 1}, [], MODEL_RUNS)
        check_model_extras(out, cases)
    if len(re.findall(r"^Data verified: \d+ job\(s\) match$", out, re.M)) < 3:
        fail("data verification lines missing")
    print("ok")


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "config":
        test_config(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "no-hooks":
        test_no_hooks(sys.argv[2])
    elif len(sys.argv) >= 5 and sys.argv[1] == "run":
        # unique per run: concurrent test runs must not share EAL state
        test_run(sys.argv[2], sys.argv[3], "%s_%d" % (sys.argv[4], os.getpid()), sys.argv[5:])
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
