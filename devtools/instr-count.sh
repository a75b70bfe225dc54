#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Application-side instructions per job (rte_dma_copy + rte_dma_submit +
# rte_dma_completed, batches of 32 64-byte copies) for the HIDMA channel on
# the emulated device and for DPDK's dma_skeleton, counted by callgrind in
# test/perf/instr_per_op's measured_* functions only; for HIDMA also with
# rte_dma_fill instead of the copy and rte_dma_completed_status instead of
# rte_dma_completed. Instruction counts do not depend on machine load,
# unlike the benchmark's cycle counts. BATCH=n changes the burst size.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
bash devtools/setup.sh >/dev/null
prog=build/test/perf/instr_per_op
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bursts=${BURSTS:-500}
batch=${BATCH:-32}

count() { # name, mode, EAL vdev args...
	local name=$1 mode=$2 dev=$3
	shift 3
	valgrind --tool=callgrind --callgrind-out-file="$out/$name.cg" \
		--toggle-collect='measured_*' \
		"$prog" --no-pci --no-huge -m 256 -l 0 --file-prefix "ic_${name}_$$" "$@" \
		-- "$dev" "$bursts" "$batch" 64 "$mode" > "$out/$name.log" 2>&1 ||
		{ cat "$out/$name.log"; exit 1; }
	local ir jobs calls
	ir=$(awk '/^summary:/ { print $2 }' "$out/$name.cg")
	jobs=$(sed -n 's/.* jobs \([0-9]*\) .*/\1/p' "$out/$name.log")
	calls=$(sed -n 's/.*completed-calls \([0-9]*\).*/\1/p' "$out/$name.log")
	printf '%-18s %-7s %12s %8s %10s %14.1f\n' "$dev" "$mode" "$ir" "$jobs" "$calls" \
		"$(awk -v a="$ir" -v b="$jobs" 'BEGIN { print a / b }')"
}

printf '%-18s %-7s %12s %8s %10s %14s\n' device mode instructions jobs completed instr/job
count hidma copy hidma_model0-ch0 -d build/drivers --vdev hidma_model0,channels=1
count hidma_fill fill hidma_model0-ch0 -d build/drivers --vdev hidma_model0,channels=1
count hidma_status status hidma_model0-ch0 -d build/drivers --vdev hidma_model0,channels=1
count skeleton copy dma_skeleton --vdev dma_skeleton
