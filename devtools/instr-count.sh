#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Application-side instructions per job (rte_dma_copy + rte_dma_submit +
# rte_dma_completed, batches of 32 64-byte copies) for the HIDMA channel on
# the emulated device and for DPDK's dma_skeleton, counted by callgrind in
# test/perf/instr_per_op's measured_* functions only. Instruction counts do
# not depend on machine load, unlike the benchmark's cycle counts.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
bash devtools/setup.sh >/dev/null
prog=build/test/perf/instr_per_op
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bursts=${BURSTS:-500}

count() { # name, EAL vdev args...
	local name=$1 dev=$2
	shift 2
	valgrind --tool=callgrind --callgrind-out-file="$out/$name.cg" \
		--toggle-collect='measured_*' \
		"$prog" --no-pci --no-huge -m 256 -l 0 --file-prefix "ic_${name}_$$" "$@" \
		-- "$dev" "$bursts" 32 64 > "$out/$name.log" 2>&1 ||
		{ cat "$out/$name.log"; exit 1; }
	local ir jobs calls
	ir=$(awk '/^summary:/ { print $2 }' "$out/$name.cg")
	jobs=$(sed -n 's/.* jobs \([0-9]*\) .*/\1/p' "$out/$name.log")
	calls=$(sed -n 's/.*completed-calls \([0-9]*\).*/\1/p' "$out/$name.log")
	printf '%-18s %12s %8s %10s %14.1f\n' "$dev" "$ir" "$jobs" "$calls" \
		"$(awk -v a="$ir" -v b="$jobs" 'BEGIN { print a / b }')"
}

printf '%-18s %12s %8s %10s %14s\n' device instructions jobs completed instr/job
count hidma hidma_model0-ch0 -d build/drivers --vdev hidma_model0,channels=1
count skeleton dma_skeleton --vdev dma_skeleton
