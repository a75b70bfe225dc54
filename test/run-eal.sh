#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# run-eal.sh [--need-huge] PROGRAM ARGS...: run a DPDK test program. With
# --need-huge, exit 77 (meson's SKIP) with a clear message when no 2 MiB
# hugepages are free or hugetlbfs is not mounted.
if [ "$1" = "--need-huge" ]; then
	shift
	free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
	if [ "${free:-0}" -lt 128 ] || ! grep -q ' hugetlbfs ' /proc/mounts; then
		echo "SKIP: fewer than 128 free 2 MiB hugepages or no hugetlbfs mount;" \
			"run devtools/setup.sh as root (the --no-huge variant still runs)"
		exit 77
	fi
fi
exec "$@"
