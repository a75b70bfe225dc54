#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""Run the DPDK's own dpdk-test dmadev_autotest with HIDMA channels and
dma_skeleton, and hold HIDMA to what the skeleton does.

usage: dmadev_autotest.py NB_CHANNELS DPDK_TEST [EAL ARGS...]

dmadev_autotest prints its sub-tests differently on each release:
  22.11: "DMA Dev N: Running copy Tests" per sub-test run, a line with
         "skipping" per sub-test skipped, API tests on the skeleton only;
  24.11+: unit-test suites, " + TestCase [ n] : NAME STATUS" (succeeded,
         skipped, unsupported, failed), API tests on every device.
Both are parsed into {sub-test: status} per device; then:
  - every sub-test that passes on dma_skeleton passes on every HIDMA channel,
    except the EXEMPT ones (a capability HIDMA lacks by design), which must
    be skipped on HIDMA (HIDMA must not claim that capability);
  - the HIDMA_REQUIRED sub-tests (HIDMA claims their capabilities) pass on
    every HIDMA channel, whatever the skeleton does;
  - no sub-test fails, dpdk-test says "Test OK", exactly NB_CHANNELS HIDMA
    channels were tested.
In a cross build HIDMA_EXE_WRAPPER (e.g. qemu-aarch64-static -L SYSROOT)
starts DPDK_TEST and HIDMA_TIME_SCALE stretches the time bound.
"""

import os
import re
import shlex
import subprocess
import sys

# sub-tests needing a capability HIDMA lacks by design, with the reason
EXEMPT = {
    "sva_copy": "needs RTE_DMA_CAPA_SVA: HIDMA sits behind an IOMMU (SMMU) and "
                "takes IOVAs; it cannot use process virtual addresses and must not "
                "claim SVA",
    "m2d_autofree": "needs RTE_DMA_CAPA_M2D_AUTO_FREE (freeing mbufs after a "
                    "memory-to-device transfer): HIDMA is memory-to-memory only",
    "dma_enq_deq": "needs RTE_DMA_CAPA_OPS_ENQ_DEQ (the enqueue/dequeue op "
                   "interface of event DMA devices): HIDMA has copy/submit/completed",
    "api/test_dma_ops_enq_deq": "needs RTE_DMA_CAPA_OPS_ENQ_DEQ, as dma_enq_deq",
}
# HIDMA claims MEM_TO_MEM copies, fill, scatter-gather and error reporting:
# these run and pass on HIDMA on every release that has them
HIDMA_REQUIRED = ("copy", "burst_capacity", "error_handling", "fill", "sg_copy")

PASS, SKIP, FAIL, RUN = "passed", "skipped", "failed", "ran"
SKEL_ONLY = "skeleton-only/"

SECTION_RE = re.compile(r"### Test dmadev (instance|infrastructure using) (\d+|skeleton driver)"
                        r"(?: \[(.*)\])?")
CASE_RE = re.compile(r" \+ TestCase \[\s*\d+\] : (\S+) (\S+)")
RUN_RE = re.compile(r"DMA Dev (\d+): Running (.+?) Tests")
SKIP_RE = re.compile(r"DMA Dev (\d+): .*skipping (.+?) tests")
# 22.11 API test lines: "test_dma_count Passed"
API_RE = re.compile(r"(test_dma_\w+) (Passed|Failed)$")
STATUS = {"succeeded": PASS, "skipped": SKIP, "unsupported": SKIP, "failed": FAIL}


def key(name):
    """22.11 says "burst capacity", 24.11 "burst_capacity"."""
    return name.strip().replace(" ", "_")


def parse(lines, test_ok):
    """{device name: {sub-test: status}}; API sub-tests are "api/NAME"."""
    devs = {}
    cur = None
    prefix = ""
    # 24.11+ also prints "Running X Tests" and "skipping" lines: only its
    # TestCase lines count there
    suites = any(CASE_RE.match(ln) for ln in lines)
    for ln in lines:
        m = SECTION_RE.search(ln)
        if m:
            name = m.group(3) or "dma_skeleton"
            cur = devs.setdefault(name, {})
            if m.group(1) == "instance":
                prefix = ""
            elif m.group(3):
                prefix = "api/"
            else:
                # 22.11 runs the API tests on the skeleton only: nothing to
                # hold HIDMA to
                prefix = SKEL_ONLY
            continue
        if cur is None:
            continue
        m = CASE_RE.match(ln)
        if m:
            cur[prefix + m.group(1)] = STATUS.get(m.group(2), FAIL)
            continue
        m = API_RE.search(ln)
        if m:
            cur[prefix + m.group(1)] = PASS if m.group(2) == "Passed" else FAIL
            continue
        if suites:
            continue
        m = RUN_RE.search(ln)
        if m:
            # 22.11 prints nothing when a sub-test passes: it passed if the
            # run went on to the next one or ended well
            for k, v in cur.items():
                if v == RUN:
                    cur[k] = PASS
            cur[key(m.group(2))] = RUN
            continue
        m = SKIP_RE.search(ln)
        if m:
            cur[key(m.group(2))] = SKIP
    for subs in devs.values():
        for k, v in subs.items():
            if v == RUN:
                subs[k] = PASS if test_ok else FAIL
    return devs


def check(devs, nb_chans):
    errors = []
    skel = devs.get("dma_skeleton")
    hidma = {n: s for n, s in devs.items() if n.startswith("hidma_")}
    if skel is None:
        errors.append("dma_skeleton was not tested")
        skel = {}
    if len(hidma) != nb_chans:
        errors.append("expected %d HIDMA dmadevs under test, found %d: %s"
                      % (nb_chans, len(hidma), sorted(hidma)))
    known = set(skel)
    for s in hidma.values():
        known |= set(s)
    want = {k for k, v in skel.items()
            if v == PASS and k not in EXEMPT and not k.startswith(SKEL_ONLY)}
    want |= {k for k in HIDMA_REQUIRED if k in known}
    for name, subs in sorted(hidma.items()):
        for k in sorted(want):
            if subs.get(k) != PASS:
                why = "passes on dma_skeleton" if skel.get(k) == PASS else "HIDMA claims it"
                errors.append("%s: sub-test %s %s (%s)"
                              % (name, k, subs.get(k, "did not run"), why))
        for k, reason in EXEMPT.items():
            if subs.get(k) == PASS:
                errors.append("%s: %s ran and passed, but HIDMA must not claim it: %s"
                              % (name, k, reason))
        for k, v in subs.items():
            if v == FAIL and k not in want:
                errors.append("%s: sub-test %s failed" % (name, k))
    for name, subs in sorted(devs.items()):
        print("%s: %s" % (name, ", ".join("%s %s" % kv for kv in sorted(subs.items()))))
    for k, reason in EXEMPT.items():
        if skel.get(k) == PASS:
            print("exempt on HIDMA: %s: %s" % (k, reason))
    return errors, want


SELF_TESTS = [
    # (what, output lines, Test OK, nb_chans, expected to pass)
    ("22.11 good", """### Test dmadev infrastructure using skeleton driver
test_dma_count Passed
### Test dmadev instance 0 [hidma_model0-ch0]
DMA Dev 0: Running copy Tests
DMA Dev 0: Running burst capacity Tests
DMA Dev 0: Running error handling Tests (errors expected)
DMA Dev 0: Running fill Tests
### Test dmadev instance 1 [dma_skeleton]
DMA Dev 1: Running copy Tests
DMA Dev 1: Running burst capacity Tests
DMA Dev 1: device does not report errors, skipping error handling tests""", True, 1, True),
    ("22.11 HIDMA skips fill", """### Test dmadev instance 0 [hidma_model0-ch0]
DMA Dev 0: Running copy Tests
DMA Dev 0: Running burst capacity Tests
DMA Dev 0: Running error handling Tests (errors expected)
DMA Dev 0: No device fill support, skipping fill tests
### Test dmadev instance 1 [dma_skeleton]
DMA Dev 1: Running copy Tests""", True, 1, False),
    ("22.11 HIDMA fails its last sub-test", """### Test dmadev instance 0 [dma_skeleton]
DMA Dev 0: Running copy Tests
### Test dmadev instance 1 [hidma_model0-ch0]
DMA Dev 1: Running copy Tests
DMA Dev 1: Running burst capacity Tests
DMA Dev 1: Running error handling Tests (errors expected)
DMA Dev 1: Running fill Tests""", False, 1, False),
    ("25.11 good", """### Test dmadev infrastructure using 0 [hidma_model0-ch0]
 + TestCase [ 1] : test_dma_sg succeeded
 + TestCase [ 2] : test_dma_ops_enq_deq skipped
### Test dmadev instance 0 [hidma_model0-ch0]
DMA Dev 0: Running copy Tests (errors expected)
 + TestCase [ 1] : copy succeeded
 + TestCase [ 2] : sg_copy succeeded
USER1: DMA Dev 0: device does not support SVA, skipping SVA tests
 + TestCase [ 3] : sva_copy skipped
 + TestCase [ 4] : burst_capacity succeeded
 + TestCase [ 5] : error_handling succeeded
 + TestCase [ 6] : fill succeeded
### Test dmadev infrastructure using 1 [dma_skeleton]
 + TestCase [ 1] : test_dma_sg succeeded
 + TestCase [ 2] : test_dma_ops_enq_deq skipped
### Test dmadev instance 1 [dma_skeleton]
 + TestCase [ 1] : copy succeeded
 + TestCase [ 2] : sg_copy succeeded
 + TestCase [ 3] : sva_copy succeeded
 + TestCase [ 4] : burst_capacity succeeded
 + TestCase [ 5] : error_handling skipped
 + TestCase [ 6] : fill succeeded""", True, 1, True),
    ("25.11 HIDMA skips an API sub-test the skeleton passes", """### Test dmadev infrastructure using 0 [hidma_model0-ch0]
 + TestCase [ 1] : test_dma_sg skipped
### Test dmadev instance 0 [hidma_model0-ch0]
 + TestCase [ 1] : copy succeeded
 + TestCase [ 4] : burst_capacity succeeded
 + TestCase [ 5] : error_handling succeeded
 + TestCase [ 6] : fill succeeded
### Test dmadev infrastructure using 1 [dma_skeleton]
 + TestCase [ 1] : test_dma_sg succeeded
### Test dmadev instance 1 [dma_skeleton]
 + TestCase [ 1] : copy succeeded""", True, 1, False),
    ("25.11 HIDMA claims SVA", """### Test dmadev instance 0 [hidma_model0-ch0]
 + TestCase [ 1] : copy succeeded
 + TestCase [ 3] : sva_copy succeeded
 + TestCase [ 4] : burst_capacity succeeded
 + TestCase [ 5] : error_handling succeeded
 + TestCase [ 6] : fill succeeded
### Test dmadev instance 1 [dma_skeleton]
 + TestCase [ 3] : sva_copy succeeded""", True, 1, False),
    ("25.11 HIDMA skips error handling", """### Test dmadev instance 0 [hidma_model0-ch0]
 + TestCase [ 1] : copy succeeded
 + TestCase [ 4] : burst_capacity succeeded
 + TestCase [ 5] : error_handling skipped
 + TestCase [ 6] : fill succeeded
### Test dmadev instance 1 [dma_skeleton]
 + TestCase [ 1] : copy succeeded""", True, 1, False),
    ("a HIDMA channel missing", """### Test dmadev instance 0 [dma_skeleton]
 + TestCase [ 1] : copy succeeded""", True, 1, False),
]


def self_test():
    """The checks on canned outputs of both formats: each must decide right."""
    bad = 0
    for what, text, ok, nb, expect in SELF_TESTS:
        errors, _ = check(parse(text.splitlines(), ok), nb)
        if (not errors) != expect:
            print("FAIL: self-test \"%s\": %s" % (what, errors or "accepted"))
            bad += 1
        else:
            print("ok: self-test \"%s\"%s" % (what, (": " + errors[0]) if errors else ""))
    return 1 if bad else 0


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--self-test":
        return self_test()
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    nb_chans = int(sys.argv[1])
    cmd = shlex.split(os.environ.get("HIDMA_EXE_WRAPPER", "")) + sys.argv[2:]
    limit = 300 * float(os.environ.get("HIDMA_TIME_SCALE", "1"))
    env = dict(os.environ, DPDK_TEST="dmadev_autotest")
    # devtools/test.sh --sanitize: dpdk-test is not instrumented (run-eal.sh)
    if env.get("HIDMA_SANITIZE_PRELOAD"):
        env["LD_PRELOAD"] = env["HIDMA_SANITIZE_PRELOAD"]
    try:
        proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=limit)
    except subprocess.TimeoutExpired as e:
        print((e.output or b"").decode(errors="replace"))
        print("FAIL: dpdk-test did not finish within %d s" % limit)
        return 1
    # progress lines end in \r; keep the rest readable
    out = proc.stdout.decode(errors="replace").replace("\r", "\n")
    lines = [ln for ln in out.splitlines() if ln and not ln.startswith("Ops submitted")]
    print("\n".join(lines))

    test_ok = "Test OK" in lines
    errors = []
    if proc.returncode != 0:
        errors.append("dpdk-test exited with status %d" % proc.returncode)
    if not test_ok:
        errors.append('no "Test OK"')
    more, want = check(parse(lines, test_ok), nb_chans)
    errors += more
    for e in errors:
        print("FAIL: " + e)
    if not errors:
        print("PASS: %d HIDMA dmadevs passed %s" % (nb_chans, ", ".join(sorted(want))))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
