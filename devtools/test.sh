#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Set up (idempotent), build, and run every test. Ends with the line
# "N passed, N failed" (skipped tests count as failed: on a machine set up
# by devtools/setup.sh nothing may skip). Extra arguments go to meson test,
# e.g. devtools/test.sh --suite unit.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

bash devtools/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

meson test -C build --num-processes 1 --print-errorlogs "$@"
rc=$?
summary=$(/usr/bin/python3 - build/meson-logs/testlog.json <<'PY'
import json, sys
ok = bad = 0
for line in open(sys.argv[1]):
	r = json.loads(line)["result"]
	if r in ("OK", "EXPECTEDFAIL"):
		ok += 1
	else:
		bad += 1
		print("  not passed: %s (%s)" % (json.loads(line)["name"], r), file=sys.stderr)
print("%d passed, %d failed" % (ok, bad))
PY
)
echo "$summary"
case "$summary" in
*", 0 failed") [ $rc -eq 0 ] && exit 0 ;;
esac
exit 1
