#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# qos-hog.sh [RUNS] [meson test names...]: the proof that the QoS tests do
# not depend on the machine's load. Runs the rawdev QoS tests RUNS times
# (default 20) in a row while a CPU hog spins on every CPU (stress-ng
# --cpu N from Debian's stress-ng when installed, else one shell busy loop
# per CPU), and counts the failures: any is a defect. Not part of CI (it
# takes minutes and loads the machine on purpose). Ends with
# "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

runs=${1:-20}
case "$runs" in
'' | *[!0-9]*) echo "usage: $0 [RUNS] [TEST...]" >&2; exit 2 ;;
esac
shift $(($# > 0 ? 1 : 0))
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(rawdev-qos-weights rawdev-qos-weights-huge rawdev-qos-priority)

bash devtools/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

ncpu=$(nproc)
hogs=()
stop_hogs() {
	local p
	for p in "${hogs[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${hogs[@]}"; do
		wait "$p" 2>/dev/null
	done
}
trap stop_hogs EXIT
if command -v stress-ng >/dev/null; then
	stress-ng --cpu "$ncpu" --timeout 0 --quiet &
	hogs+=($!)
	hog="stress-ng --cpu $ncpu"
else
	for _ in $(seq "$ncpu"); do
		sh -c 'while :; do :; done' &
		hogs+=($!)
	done
	hog="$ncpu shell busy loops"
fi
echo "qos-hog: $runs runs of ${tests[*]} under $hog"

pass=0
fail=0
for i in $(seq "$runs"); do
	if meson test -C build --num-processes 1 --print-errorlogs "${tests[@]}" \
			> build/qos-hog-run.log 2>&1; then
		pass=$((pass + 1))
		echo "run $i: ok"
	else
		fail=$((fail + 1))
		echo "run $i: FAILED"
		grep -E 'FAIL|split|steps|not passed' build/qos-hog-run.log
		cp build/qos-hog-run.log "build/qos-hog-fail-$i.log"
	fi
done
stop_hogs
trap - EXIT
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
