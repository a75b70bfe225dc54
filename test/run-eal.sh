#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# run-eal.sh [--need-huge] PROGRAM ARGS...: run a DPDK test program. With
# --need-huge, exit 77 (meson's SKIP) with a clear message when no 2 MiB
# hugepages are free or hugetlbfs is not mounted.
#
# Every --file-prefix value gets this process's pid appended (exec keeps the
# pid, so it is the DPDK process's own): two test runs on one machine, from
# one checkout or two, never share an EAL runtime directory or hugepage
# files. A program that starts DPDK processes of its own (a python driver
# script) sees the rewritten value and passes it on.
#
# In a cross build (meson's default test setup sets HIDMA_EXE_WRAPPER, e.g.
# "qemu-aarch64-static -L <sysroot>"), a PROGRAM built for another machine
# runs through the wrapper; host programs (python3) run as they are.
if [ "$1" = "--need-huge" ]; then
	shift
	free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
	if [ "${free:-0}" -lt 128 ] || ! grep -q ' hugetlbfs ' /proc/mounts; then
		echo "SKIP: fewer than 128 free 2 MiB hugepages or no hugetlbfs mount;" \
			"run devtools/setup.sh as root (the --no-huge variant still runs)"
		exit 77
	fi
fi
# Under an emulator (HIDMA_TIME_SCALE > 1: qemu-user in a cross build) the
# emulated instance's default channel command bound (2000 ms) is multiplied
# too, at most to the 10 s the driver accepts. A cmd_timeout_ms the test
# gives is its subject and stays as it is.
scale=${HIDMA_TIME_SCALE:-1}
scale_vdev() {
	case "$1" in
	*cmd_timeout_ms=*) echo "$1"; return ;;
	hidma_model*) ;;
	*) echo "$1"; return ;;
	esac
	[ "$scale" -gt 1 ] 2>/dev/null || { echo "$1"; return; }
	t=$((2000 * scale))
	[ "$t" -gt 10000 ] && t=10000
	echo "$1,cmd_timeout_ms=$t"
}
n=$#
next_is_prefix=0
next_is_vdev=0
while [ "$n" -gt 0 ]; do
	a=$1
	shift
	n=$((n - 1))
	if [ "$next_is_prefix" = 1 ]; then
		a="${a}_$$"
		next_is_prefix=0
	elif [ "$next_is_vdev" = 1 ]; then
		a=$(scale_vdev "$a")
		next_is_vdev=0
	else
		case "$a" in
		--file-prefix) next_is_prefix=1 ;;
		--file-prefix=*) a="${a}_$$" ;;
		--vdev) next_is_vdev=1 ;;
		--vdev=*) a="--vdev=$(scale_vdev "${a#--vdev=}")" ;;
		esac
	fi
	set -- "$@" "$a"
done
# devtools/test.sh --sanitize: a DPDK program that is not instrumented
# (Debian's dpdk-test) gets the ASan runtime preloaded, so that it can host
# our instrumented plugins; instrumented ones have it already, and other
# programs (sh, python) must not get it: their own leaks are not ours
if [ -n "${HIDMA_SANITIZE_PRELOAD:-}" ] && [ "$(head -c 4 "$1" 2>/dev/null | tail -c 3)" = ELF ]; then
	needed=$(readelf -d "$1" 2>/dev/null | grep NEEDED)
	case "$needed" in
	*libasan*) ;;
	*librte_eal*) export LD_PRELOAD="$HIDMA_SANITIZE_PRELOAD${LD_PRELOAD:+ $LD_PRELOAD}" ;;
	esac
fi
if [ -n "${HIDMA_EXE_WRAPPER:-}" ] && [ -f "$1" ] &&
		[ "$(od -An -tx1 -N4 "$1" | tr -d ' ')" = 7f454c46 ] &&
		[ "$(od -An -tx1 -j18 -N2 "$1")" != "$(od -An -tx1 -j18 -N2 /bin/sh)" ]; then
	# shellcheck disable=SC2086
	exec $HIDMA_EXE_WRAPPER "$@"
fi
exec "$@"
