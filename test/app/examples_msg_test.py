#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""The sample applications' answers to a wrong set-up: each says what is wrong
and what to do (issue 15), and exits 1.

  examples_msg_test.py HIDMA_COPY HIDMA_QOS PLUGIN_DIR PREFIX
"""

import os
import re
import shlex
import subprocess
import sys

EAL = ["--no-pci", "--no-huge", "-m", "128", "-l", "0"]
# a cross build's test setup names the emulator (qemu-user) and its slowdown
WRAPPER = shlex.split(os.environ.get("HIDMA_EXE_WRAPPER", ""))
TIME_SCALE = max(1.0, float(os.environ.get("HIDMA_TIME_SCALE", "1")))


def main():
    if len(sys.argv) != 5:
        print(__doc__)
        sys.exit(2)
    copy, qos, plugins, prefix = sys.argv[1:]
    prefix = "%s_%d" % (prefix, os.getpid())
    d = ["-d", plugins]
    # (program, EAL args, app args, wanted pattern, unwanted pattern)
    cases = [
        (copy, d + ["--vdev", "hidma_model0"], ["hidma_model0-ch9"],
         r"no dmadev hidma_model0-ch9: instance hidma_model0 has 4 channel\(s\), "
         r"hidma_model0-ch0 to hidma_model0-ch3", r"did you pass"),
        (copy, [], [],
         r"no dmadev hidma_model0-ch0: there is no dmadev at all; load the HIDMA drivers "
         r"\(-d <plugin dir>", None),
        (copy, d + ["--vdev", "hidma_model0,enable=0"], [],
         r"instance hidma_model0 is disabled \(enable=0\): rte_rawdev_start\(0\) enables it",
         None),
        (qos, d + ["--vdev", "hidma_model0"], ["-c", "0,9"],
         r"no channel 9 on hidma_model0: it has 4 channel\(s\), 0\.\.3 \(-c\)",
         r"Invalid argument"),
        (qos, d + ["--vdev", "hidma_model0,enable=0"], [],
         r"hidma_model0 is disabled \(enable=0\), so its channels cannot start: "
         r"rte_rawdev_start\(0\) enables it", r"did not reach"),
        (qos, d + ["--vdev", "hidma_model0"], ["-w", "0,3"],
         r"chan0: priority 0 weight 0 refused: .*weight 1\.\.15", None),
        # an EAL that cannot start is reported with rte_errno's text
        (copy, ["-l", "999"], [], r"cannot init EAL: Invalid argument", r"Success"),
        (qos, ["-l", "999"], [], r"cannot init EAL: Invalid argument", r"Success"),
    ]
    failed = 0
    for i, (prog, eal, args, want, unwanted) in enumerate(cases):
        # a case with its own -l replaces ours: DPDK >= 25.07 refuses an option given twice
        base = EAL[:-2] if "-l" in eal else EAL
        cmd = [prog] + base + ["--file-prefix", "%s_%d" % (prefix, i)] + eal
        if args:
            cmd += ["--"] + args
        print("$ " + " ".join(cmd), flush=True)
        p = subprocess.run(WRAPPER + cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, timeout=60 * TIME_SCALE)
        print(p.stdout)
        if p.returncode != 1:
            print("FAIL: exit status %d, expected 1" % p.returncode)
            failed += 1
        elif not re.search(want, p.stdout):
            print("FAIL: no %r" % want)
            failed += 1
        elif unwanted and re.search(unwanted, p.stdout):
            print("FAIL: misleading %r" % unwanted)
            failed += 1
    print("%d passed, %d failed" % (len(cases) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
