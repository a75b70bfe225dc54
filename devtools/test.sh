#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Set up (idempotent), build, and run every test. Ends with the line
# "N passed, N failed" (skipped tests count as failed: on a machine set up
# by devtools/setup.sh nothing may skip). Extra arguments go to meson test,
# e.g. devtools/test.sh --suite unit.
#
# --sanitize (first argument): the same suite on a build with
# -Db_sanitize=address,undefined in build-sanitize/ (its own directory; next
# to build/ when build/ is a link into the cache). Leak checking is on; any
# ASan, UBSan or LSan report fails its test. Debian's dpdk-test is not
# instrumented: run-eal.sh preloads the ASan runtime into it (it must come
# first to host our instrumented plugins). Suppressions
# (devtools/sanitize/lsan.supp) cover allocations made by Debian's DPDK
# libraries only, never ours.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

bash devtools/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

bdir=build
if [ "${1:-}" = "--sanitize" ]; then
	shift
	bdir=build-sanitize
	real=$(dirname "$(readlink -f build)")/build-sanitize
	if [ "$real" != "$top/build-sanitize" ] && [ ! -e build-sanitize ]; then
		ln -s "$real" build-sanitize
	fi
	if [ ! -f build-sanitize/build.ninja ]; then
		meson setup build-sanitize -Db_sanitize=address,undefined -Db_lundef=false \
			>/dev/null || { echo "test: meson setup build-sanitize failed"; \
			echo "0 passed, 1 failed"; exit 1; }
	fi
	ninja -C build-sanitize >/dev/null || { ninja -C build-sanitize | tail -n 30; \
		echo "test: sanitizer build failed"; echo "0 passed, 1 failed"; exit 1; }
	asan_rt=$(gcc -print-file-name=libasan.so)
	export HIDMA_SANITIZE_PRELOAD=$(readlink -f "$asan_rt")
	# abort on the first report of any kind, so that it fails the test
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1:detect_odr_violation=0:verify_asan_link_order=0
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	export LSAN_OPTIONS=suppressions=$top/devtools/sanitize/lsan.supp:print_suppressions=0
	echo "test: sanitizer build in $bdir, ASan runtime $HIDMA_SANITIZE_PRELOAD"
fi

meson test -C "$bdir" --num-processes 1 --print-errorlogs "$@"
rc=$?
summary=$(/usr/bin/python3 devtools/testlog-summary.py "$bdir"/meson-logs/testlog.json)
echo "$summary"
case "$summary" in
*", 0 failed") [ $rc -eq 0 ] && exit 0 ;;
esac
exit 1
