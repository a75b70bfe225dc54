#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# stale_cleanup.sh TOP PLUGIN_DIR HIDMA_SOAK: devtools/setup.sh --clean-stale
# removes what a DPDK process killed with SIGKILL left (its runtime directory
# and, run without --huge-unlink, its hugepage files), says how many files it
# freed, and leaves a live process's alone. Needs free hugepages (run by
# run-eal.sh --need-huge).
top=$1
plugins=$2
soak=$3
if [ "$(id -u)" -eq 0 ]; then
	base=/var/run/dpdk
else
	base=${XDG_RUNTIME_DIR:-/tmp}/dpdk
fi
# A hugetlbfs mount of our own: every starting DPDK primary removes the
# unlocked hugepage files of the mount it uses (EAL's clear_hugedir()), and
# other tests start all the time on this machine
huge=$(mktemp -d)
if ! mount -t hugetlbfs -o pagesize=2M nodev "$huge" 2>/dev/null; then
	rmdir "$huge"
	echo "SKIP: cannot mount hugetlbfs (needs root, as devtools/setup.sh)"
	exit 77
fi
live=hidma_stale_live_$$
dead=hidma_stale_dead_$$
out=$(mktemp)
lpid=
dpid=
cleanup() {
	[ -n "$lpid" ] && kill "$lpid" 2>/dev/null && wait "$lpid" 2>/dev/null
	[ -n "$dpid" ] && kill -9 "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
	rm -rf "$out" "$out.l" "$out.d" "$base/$live" "$base/$dead"
	rm -f "$huge/${live}map_"* "$huge/${dead}map_"*
	umount "$huge" && rmdir "$huge"
}
trap cleanup EXIT

# start: a DPDK process with hugepage files kept (no --huge-unlink)
start() {
	: > "$2"
	# a cross build runs it under the emulator (HIDMA_EXE_WRAPPER)
	# shellcheck disable=SC2086
	${HIDMA_EXE_WRAPPER:-} "$soak" --no-pci -m 32 -l 0 -d "$plugins" --file-prefix "$1" \
		--huge-dir "$huge" \
		--vdev hidma_model0,channels=1 -- -t 60 > "$2" 2>&1 &
	echo $! > "$2.pid"
	i=0
	until grep -q '^hidma_soak: seed' "$2"; do
		i=$((i + 1))
		if [ $i -gt $((300 * ${HIDMA_TIME_SCALE:-1})) ]; then
			cat "$2"
			echo "FAIL: $1 did not start"
			exit 1
		fi
		sleep 0.1
	done
}
start "$live" "$out.l"
lpid=$(cat "$out.l.pid")
start "$dead" "$out.d"
dpid=$(cat "$out.d.pid")
ndead=$(ls "$huge" | grep -c "^${dead}map_")
nlive=$(ls "$huge" | grep -c "^${live}map_")
echo "hugepage files: $nlive of the live process, $ndead of the one to be killed"
[ "$ndead" -gt 0 ] && [ "$nlive" -gt 0 ] && [ -d "$base/$dead" ] && [ -d "$base/$live" ] ||
	{ echo "FAIL: no hugepage files or runtime directories to test with"; exit 1; }
kill -9 "$dpid"
wait "$dpid" 2>/dev/null
dpid=
sleep 1.5
HIDMA_STALE_MIN_AGE=1 bash "$top/devtools/setup.sh" --clean-stale > "$out" 2>&1
cat "$out"
fails=0
freed=$(sed -n 's/.*freed \([0-9]*\) hugepage file.*/\1/p' "$out")
[ -n "$freed" ] && [ "$freed" -ge "$ndead" ] ||
	{ echo "FAIL: did not say it freed at least $ndead hugepage files"; fails=1; }
[ "$(ls "$huge" | grep -c "^${dead}map_")" -eq 0 ] ||
	{ echo "FAIL: hugepage files of the killed process left"; fails=1; }
[ ! -e "$base/$dead" ] || { echo "FAIL: runtime directory of the killed process left"; fails=1; }
[ "$(ls "$huge" | grep -c "^${live}map_")" -eq "$nlive" ] ||
	{ echo "FAIL: hugepage files of the live process removed"; fails=1; }
[ -e "$base/$live/config" ] || { echo "FAIL: runtime directory of the live process removed"; fails=1; }
kill -0 "$lpid" 2>/dev/null || { echo "FAIL: the live process died"; fails=1; }
[ $fails -eq 0 ] && echo PASS
exit $fails
