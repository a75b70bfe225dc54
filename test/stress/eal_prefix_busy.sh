#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# eal_prefix_busy.sh PLUGIN_DIR HOLDER PROGRAM...: HOLDER (hidma_soak) keeps
# a --file-prefix while each PROGRAM starts with the same one. EAL refuses
# them ("Cannot create lock") without setting rte_errno: each must fail with
# a "FAIL: rte_eal_init:" line that does not say "Success".
plugins=$1
holder=$2
shift 2
prefix=hidma_busy_$$
out=$(mktemp)
# EAL's runtime directory for this user (what the killed holder leaves)
if [ "$(id -u)" -eq 0 ]; then
	rundir=/var/run/dpdk/$prefix
else
	rundir=${XDG_RUNTIME_DIR:-/tmp}/dpdk/$prefix
fi
trap 'kill "$hpid" 2>/dev/null; wait "$hpid" 2>/dev/null; rm -rf "$out" "$out.p" "$rundir"' EXIT
# in a cross build the programs run under the test setup's emulator
# (HIDMA_EXE_WRAPPER), which also stretches the wait (HIDMA_TIME_SCALE)
# shellcheck disable=SC2086
${HIDMA_EXE_WRAPPER:-} "$holder" --no-pci --no-huge -m 128 -l 0 -d "$plugins" \
	--file-prefix "$prefix" \
	--vdev hidma_model0,channels=1 -- -t 30 > "$out" 2>&1 &
hpid=$!
i=0
until grep -q '^hidma_soak: seed' "$out"; do
	i=$((i + 1))
	if [ $i -gt $((300 * ${HIDMA_TIME_SCALE:-1})) ] || ! kill -0 "$hpid" 2>/dev/null; then
		cat "$out"
		echo "FAIL: the holder did not start"
		exit 1
	fi
	sleep 0.1
done
fails=0
for p in "$@"; do
	# shellcheck disable=SC2086
	${HIDMA_EXE_WRAPPER:-} "$p" --no-pci --no-huge -m 128 -l 0 -d "$plugins" \
		--file-prefix "$prefix" > "$out.p" 2>&1
	rc=$?
	line=$(grep 'rte_eal_init' "$out.p")
	echo "$(basename "$p"): exit $rc: $line"
	if [ $rc -eq 0 ] || [ -z "$line" ] || echo "$line" | grep -q 'Success'; then
		cat "$out.p"
		echo "FAIL: $(basename "$p") must fail with the reason EAL gives"
		fails=$((fails + 1))
	fi
done
[ $fails -eq 0 ] && echo PASS
[ $fails -eq 0 ]
