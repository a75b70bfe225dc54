#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""The DPDK's own dpdk-test-dma-perf (23.07+) copies on a HIDMA channel.

usage: dmaperf_upstream.py DPDK_VERSION DPDK_TEST_DMA_PERF PLUGIN_DIR PREFIX [EAL ARGS...]

Writes a config in the form of that DPDK's parser (25.03 added a mandatory
[GLOBAL] section; one DMA_MEM_COPY case, 64 B and 4 KiB buffers, one worker
on hidma_model0-ch0), runs it, and
requires exit status 0 and a result row per buffer size naming the channel
with a positive bandwidth. HIDMA_EXE_WRAPPER / HIDMA_TIME_SCALE as in
dmadev_autotest.py.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

EAL = "{eal} -l 0-1 -d {plugins} --vdev hidma_model0,channels=2 --file-prefix={prefix}"
GLOBAL = """[GLOBAL]
eal_args=%s
cache_flush=0
test_seconds=1

""" % EAL
CONFIG = """[case1]
type=DMA_MEM_COPY
mem_size=2
buf_size=64,4096,64,MUL
dma_ring_size=1024
kick_batch=32
src_numa_node=0
dst_numa_node=0
cache_flush=0
test_seconds=1
lcore_dma0=lcore=1,dev=hidma_model0-ch0,dir=mem2mem
"""


def main():
    if len(sys.argv) < 5:
        print(__doc__)
        return 2
    version, app, plugins, prefix = sys.argv[1:5]
    # [GLOBAL] (eal_args there) from 25.03 on; eal_args per case before
    if tuple(int(x) for x in version.split(".")[:2]) >= (25, 3):
        text = GLOBAL + CONFIG
    else:
        text = CONFIG + "eal_args=%s\n" % EAL
    prefix = "%s_%d" % (prefix, os.getpid())
    tmp = tempfile.mkdtemp(prefix="dmaperf-upstream-")
    try:
        cfg = os.path.join(tmp, "hidma.ini")
        with open(cfg, "w") as f:
            f.write(text.format(eal=" ".join(sys.argv[5:]), plugins=plugins, prefix=prefix))
        cmd = shlex.split(os.environ.get("HIDMA_EXE_WRAPPER", "")) + [app, "--config", cfg]
        limit = 120 * float(os.environ.get("HIDMA_TIME_SCALE", "1"))
        print("$ " + " ".join(cmd), flush=True)
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, timeout=limit, cwd=tmp)
        print(p.stdout)
        csv = os.path.join(tmp, "hidma_result.csv")
        text = open(csv).read() if os.path.exists(csv) else ""
        print(text)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    errors = []
    if p.returncode != 0:
        errors.append("exit status %d" % p.returncode)
    rows = {}
    for line in text.splitlines():
        cols = [c.strip() for c in line.split(",")]
        if "hidma_model0-ch0" in cols and re.match(r"^Scenario \d+$", cols[0]):
            i = cols.index("hidma_model0-ch0")
            nums = [float(c) for c in cols[i + 1:] if re.match(r"^\d+(\.\d+)?$", c)]
            size = next((int(c) for c in cols[i + 1:] if c in ("64", "4096")), None)
            rows[size] = nums
    for size in (64, 4096):
        if size not in rows:
            errors.append("no result row for %d B buffers on hidma_model0-ch0" % size)
        elif not rows[size] or min(rows[size]) <= 0:
            errors.append("%d B: a result is not positive: %s" % (size, rows[size]))
    for e in errors:
        print("FAIL: " + e)
    if not errors:
        print("PASS: dpdk-test-dma-perf copied on hidma_model0-ch0 (64 B and 4 KiB)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
