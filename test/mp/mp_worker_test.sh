#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# mp_worker_test.sh HIDMA_MP_WORKER PLUGIN_DIR BASE_VIRTADDR_OPTION --file-prefix PREFIX:
# the hidma-mp-worker example (examples/mp_worker) as its guide runs it. Its
# primary starts hidma_model0-ch0 and waits; a worker, a secondary of the same
# prefix, takes the channel over, copies and checks 5000 jobs and gives it
# back; the primary must have handed it over, count the 5000 completions and
# exit 0 on SIGINT. Every wait is for a line of output; the bounds only guard
# against a hang.
app=$1
plugins=$2
base=$3
# test/run-eal.sh made the value after --file-prefix unique to this run
[ "$4" = --file-prefix ] && shift
prefix=$4
jobs=5000
dir=$(mktemp -d)
ppid=

cleanup() {
	[ -n "$ppid" ] && kill -9 "$ppid" 2> /dev/null
	# no --huge-unlink (a secondary maps the primary's files): remove them
	awk '$3 == "hugetlbfs" { print $2 }' /proc/mounts | while read -r m; do
		rm -f "$m/${prefix}map_"*
	done
	# and EAL's runtime directory (eal_create_runtime_dir()), held by no one now
	if [ "$(id -u)" -eq 0 ]; then
		rundir=/var/run/dpdk
	else
		rundir=${XDG_RUNTIME_DIR:-/tmp}/dpdk
	fi
	rm -rf "$dir" "${rundir:?}/$prefix"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	for f in primary worker; do
		[ -f "$dir/$f" ] && { echo "--- $f:"; cat "$dir/$f"; }
	done
	exit 1
}

# wait_for FILE PATTERN WHAT: until PATTERN is in FILE (the primary alive)
wait_for() {
	n=0
	until grep -q -- "$2" "$1"; do
		kill -0 "$ppid" 2> /dev/null || fail "the primary exited before $3"
		n=$((n + 1))
		[ $n -le 1200 ] || fail "no $3 after 120 s"
		sleep 0.1
	done
}

"$app" --no-pci -m 256 --iova-mode=va -l 0 -d "$plugins" $base \
	--vdev hidma_model0,channels=2 --file-prefix "$prefix" -- primary > "$dir/primary" 2>&1 &
ppid=$!
wait_for "$dir/primary" "waiting for workers" "the primary's ready line"

"$app" --no-pci --iova-mode=va -l 0 -d "$plugins" --proc-type=secondary \
	--file-prefix "$prefix" -- worker $jobs > "$dir/worker" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "the worker exited with $rc"
grep -q "$jobs copies of 4096 bytes done and checked" "$dir/worker" ||
	fail "the worker did not check its $jobs copies"
wpid=$(sed -n 's/^worker \([0-9]*\): .* is mine$/\1/p' "$dir/worker")
[ -n "$wpid" ] || fail "the worker never owned the channel"
# the primary flushes its output once a second, with the channel's completions
wait_for "$dir/primary" "handed over to worker $wpid: done" "hand-over to worker $wpid"
wait_for "$dir/primary" "hidma_model0-ch0: $jobs jobs completed" "$jobs completions in the primary"

kill -INT "$ppid"
wait "$ppid"
rc=$?
ppid=
[ $rc -eq 0 ] || fail "the primary exited with $rc after SIGINT"
echo "ok: worker $wpid took hidma_model0-ch0 over, checked $jobs copies and gave it back"
exit 0
