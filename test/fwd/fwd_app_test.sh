#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# fwd_app_test.sh HIDMA_FWD PLUGIN_DIR [--file-prefix] FILE_PREFIX: the hidma-fwd application
# itself on two net_null ports, for a bounded number of packets, with CPU
# and with HIDMA copies: it must exit 0 with every packet accounted for and
# both mempools full, and refuse bad options and a missing dmadev with a
# message saying what to do.
app=$1
plugins=$2
# test/run-eal.sh made the value after --file-prefix unique to this run
[ "$3" = --file-prefix ] && shift
prefix=$3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail=0

eal="-l 0-1 --no-pci --huge-unlink -m 256 --iova-mode=va"
eal="$eal --vdev net_null0,size=256 --vdev net_null1,size=256"

expect() { # description, expected exit (0 or 1), pattern that must appear, args...
	desc=$1 want=$2 pat=$3
	shift 3
	# a cross build's test setup names the emulator (qemu-user) to run it
	# shellcheck disable=SC2086
	${HIDMA_EXE_WRAPPER:-} "$app" $eal --file-prefix "$prefix" "$@" > "$out" 2>&1
	rc=$?
	if [ $want -eq 0 ] && [ $rc -ne 0 ] || [ $want -ne 0 ] && [ $rc -eq 0 ]; then
		echo "FAIL: $desc: exit status $rc"
		cat "$out"
		fail=1
	elif ! grep -q -- "$pat" "$out"; then
		echo "FAIL: $desc: no '$pat' in the output:"
		cat "$out"
		fail=1
	elif grep -q "LEAK\|unaccounted" "$out"; then
		echo "FAIL: $desc: leak:"
		cat "$out"
		fail=1
	else
		echo "ok: $desc"
		grep -E '^(summary|total|mempool)' "$out"
	fi
}

expect "cpu copies" 0 "mempool fwd_copy: .* free$" -- --copy cpu --max-pkts 200000 --stats 0
expect "HIDMA copies" 0 "mempool fwd_copy: .* free$" -d "$plugins" \
	--vdev hidma_model0,channels=2 -- --copy dma --max-pkts 200000 --stats 0
expect "one pool" 0 "mempool fwd_rx: .* free$" -d "$plugins" \
	--vdev hidma_model0,channels=1 -- --one-pool --max-pkts 100000 --stats 0
expect "whole-packet copies" 0 "copies: whole packets by the device" -d "$plugins" \
	--vdev hidma_model0,channels=1 -- --cpu-head 0 --max-pkts 100000 --stats 0
# --cold-rx runs where the CPU has CLDEMOTE, and is refused, saying why, elsewhere
if grep -qw cldemote /proc/cpuinfo && [ -z "${HIDMA_EXE_WRAPPER:-}" ]; then
	expect "cold Rx, HIDMA" 0 "summary: .* nic=[1-9]" -d "$plugins" \
		--vdev hidma_model0,channels=1 -- --cold-rx --max-pkts 100000 --stats 0
else
	expect "cold Rx refused" 1 "cold-rx needs an x86 CPU with CLDEMOTE" -- --cold-rx
fi
expect "missing dmadev" 1 "no dmadev 'hidma_model0-ch0'.*--vdev hidma_model0" -- --copy dma
expect "bad option value" 1 "bad value '0' for --burst" -- --burst 0
expect "bad copy mode" 1 "expected cpu or dma" -- --copy gpu
expect "bad head size" 1 "bad value '257' for --cpu-head: expected 0..256" -- --cpu-head 257
exit $fail
