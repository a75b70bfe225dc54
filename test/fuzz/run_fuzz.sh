#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# run_fuzz.sh FUZZER SEED_CORPUS RUNS: the committed seed corpus, then RUNS
# mutated inputs from seed 1 (libFuzzer -seed=1 -runs=RUNS): the same inputs
# on every run, new coverage kept in a scratch directory, never in the
# committed corpus. A crash, leak, sanitizer report or a 10 s input fails
# the test, and the input that did it is printed (hex and base64) to
# reproduce with "FUZZER FILE".
#
# By hand, longer: FUZZ_SECONDS=N (and FUZZ_CORPUS=DIR to keep what it
# finds), which devtools/fuzz.sh --long sets.
fuzzer=$1
seeds=$2
runs=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/new" "$work/art"
corpus=${FUZZ_CORPUS:-$work/new}
mkdir -p "$corpus"
if [ -n "${FUZZ_SECONDS:-}" ]; then
	limit="-max_total_time=$FUZZ_SECONDS"
else
	limit="-seed=1 -runs=$runs"
fi
# shellcheck disable=SC2086
"$fuzzer" $limit -timeout=10 -rss_limit_mb=4096 -max_len=4096 -print_final_stats=1 \
	-artifact_prefix="$work/art/" "$corpus" "$seeds" > "$work/log" 2>&1
rc=$?
# the fuzzer's report and statistics, not one line per new input
grep -v -e '^#[0-9]*[[:space:]]*\(NEW\|REDUCE\|pulse\)' -e '^".*# Uses: ' "$work/log"
for a in "$work"/art/*; do
	[ -e "$a" ] || continue
	rc=1
	echo "FAIL: reproducer $(basename "$a") ($(wc -c < "$a") bytes), hex:"
	od -An -tx1 -v "$a"
	echo "base64 (base64 -d > crash; $(basename "$fuzzer") crash):"
	base64 -w 0 "$a"
	echo
done
exit $rc
