#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""testlog-summary.py [--counts] TESTLOG_JSON

Count a meson test log as every test tier of this project does: OK and
EXPECTEDFAIL pass, anything else (a skip included: nothing may skip on a
machine set up by devtools/setup.sh) fails and is named on stderr. Prints
"N passed, N failed", or "N N" with --counts.
"""
import json
import sys


def main():
    args = sys.argv[1:]
    counts = args[:1] == ["--counts"]
    if counts:
        args = args[1:]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    ok = bad = 0
    with open(args[0]) as f:
        for line in f:
            r = json.loads(line)
            if r["result"] in ("OK", "EXPECTEDFAIL"):
                ok += 1
            else:
                bad += 1
                print("  not passed: %s (%s)" % (r["name"], r["result"]), file=sys.stderr)
    print("%d %d" % (ok, bad) if counts else "%d passed, %d failed" % (ok, bad))


if __name__ == "__main__":
    main()
