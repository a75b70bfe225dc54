#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Set up (idempotent) and build, then run dpdk-test-dma-perf with its default
# configuration (HIDMA on the software model vs dma_skeleton vs CPU memcpy,
# 64 B .. 64 KiB) and print the comparison table. About a minute.
#   bash devtools/bench.sh [config.ini]
# The full output and upstream-format CSV stay in build/dmaperf/. Exits
# non-zero when a case fails (device missing, data mismatch, ...).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

bash devtools/setup.sh || { echo "bench: set-up failed" >&2; exit 1; }

app=build/app/dpdk-test-dma-perf
[ -x "$app" ] || app=build/app/test-dma-perf/dpdk-test-dma-perf
cfg=${1:-app/test-dma-perf/config.ini}
out=build/dmaperf
mkdir -p "$out"

# The default configuration asks for --huge-unlink; with --no-huge on the
# command line the app drops it (EAL refuses the pair).
eal=()
free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
if [ "${free:-0}" -lt 128 ] || ! grep -q ' hugetlbfs ' /proc/mounts; then
	echo "bench: NOTE: fewer than 128 free 2 MiB hugepages or no hugetlbfs mount;" \
		"running with --no-huge (4 KiB pages: numbers are lower, ratios still compare)"
	eal=(--no-huge)
fi

echo "bench: $app ${eal[*]} --config $cfg (log: $out/dmaperf.log)"
"$app" "${eal[@]}" --config "$cfg" --result "$out/dmaperf_result.csv" 2>&1 |
	tee "$out/dmaperf.log" |
	grep --line-buffered -E '^(Running case|Running scenario|Case [0-9]+ .*FAILED|Skip the test-case)' |
	sed -u 's/^/bench: /'
rc=${PIPESTATUS[0]}
sed -n '/dpdk-test-dma-perf: comparison/,$p' "$out/dmaperf.log"
echo "bench: CSV (upstream's format): $out/dmaperf_result.csv"
exit "$rc"
