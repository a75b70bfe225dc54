#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# soak.sh [MINUTES]: the randomized soak (test/stress/hidma_soak.c) for as
# long as asked (default 10 minutes), on two emulated instances of three
# channels each, both injecting failures (2% of the descriptors), from one
# lcore. Prints the counts per channel and in total: jobs, failures
# injected, recoveries, and lost / duplicated / misreported jobs (the run
# fails at the first duplicated or misreported one, and at the end if one
# was lost). The whole output goes to build/soak-<date>.log.
#
# HIDMA_SOAK_SEED=0x... replays a seed (the jobs and decisions; the engine's
# timing and the model's fault injection still vary). Ends with
# "N passed, N failed" like every tier.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

minutes=${1:-10}
case "$minutes" in
'' | *[!0-9]*) echo "usage: $0 [MINUTES] (a whole number, default 10)" >&2; exit 2 ;;
esac
[ "$minutes" -ge 1 ] || { echo "soak.sh: MINUTES must be at least 1" >&2; exit 2; }

bash devtools/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

faults=fail_ppm=20000,fail_errinfo=3
seed_args=()
[ -n "${HIDMA_SOAK_SEED:-}" ] && seed_args=(-s "$HIDMA_SOAK_SEED")
log=build/soak-$(date -u +%Y%m%dT%H%M%SZ).log
echo "soak: $minutes minutes, 2 instances x 3 channels, $faults; log $log"

# run-eal.sh makes the prefix unique (pid); -l 0 leaves the other CPUs to
# the two instances' engine threads
bash test/run-eal.sh build/test/stress/hidma_soak --no-pci --no-huge -m 512 \
	--iova-mode=va -d build/drivers -l 0 --file-prefix hidma_soak_long \
	--vdev "hidma_model0,channels=3,$faults" --vdev "hidma_model1,channels=3,$faults" \
	-- -t $((minutes * 60)) "${seed_args[@]}" > "$log" 2>&1
rc=$?
# the counts (and any failure report), not the drivers' log lines
grep -E '^(hidma_soak|fault injection|ch[0-9]|     |soak:|NOTE|PASS|FAIL|  |EAL: (Error|Cannot))' "$log"
if [ $rc -eq 0 ] && grep -q '^PASS' "$log"; then
	echo "1 passed, 0 failed"
	exit 0
fi
echo "soak.sh: failed (exit $rc), see $log"
echo "0 passed, 1 failed"
exit 1
