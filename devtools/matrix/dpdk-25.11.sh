#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Builds (once) upstream DPDK 25.11.2 from the tarball in ../shared/deps/
# into <cache>/dpdk-25.11.2/: src/ (unpacked), build/, install/ (the prefix
# pkg-config points at). A minimal build: only what this project and the
# tests need, with the driver SDK. Writes .complete when ready and prints
# the directory. HIDMA_DPDK_TARBALL overrides the tarball's path.
set -euo pipefail
MATRIX_WHO=dpdk-25.11
. "$(dirname "$0")/common.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
ver=25.11.2
root=$matrix_cache/dpdk-$ver
tarball=${HIDMA_DPDK_TARBALL:-$top/../shared/deps/dpdk-$ver.tar.xz}
[ -f "$tarball" ] || tarball=/work/shared/deps/dpdk-$ver.tar.xz

# dpdk-test and dpdk-test-dma-perf load our plugins with -d: they must use
# the shared DPDK libraries the plugins link to (static apps would put a
# second EAL in the process). platform=generic: the cached build must not
# depend on this CPU. net/ring and net/null: the ports of the forwarding
# example's tests (test/fwd).
OPTS="-Dbuildtype=debugoptimized -Ddefault_library=shared -Dplatform=generic
-Denable_libs=dmadev,rawdev,cfgfile
-Denable_drivers=bus/vdev,bus/platform,dma/skeleton,raw/skeleton,mempool/ring,net/ring,net/null
-Denable_apps=test,test-dma-perf -Dtests=true -Denable_driver_sdk=true
-Denable_docs=false -Dexamples="

# drivers_installed OPTS: .options equal OPTS but for
# -Denable_drivers, and every driver of OPTS has its library installed
drivers_installed() {
	local strip='s/-Denable_drivers=[^ ]*//' d
	[ "$(sed "$strip" "$root/.options")" = "$(sed "$strip" <<< "$1")" ] || return 1
	for d in $(sed -n 's/.*-Denable_drivers=\([^ ]*\).*/\1/p' <<< "$1" | tr ',' ' '); do
		[ -f "$root/install/lib/librte_${d/\//_}.so" ] || return 1
	done
}

create() {
	local opts
	opts=$(tr '\n' ' ' <<< "$OPTS")
	# .complete says ready (contract of the cache); .options, the options it
	# was built with: a change of ours rebuilds in place, unless only the
	# driver list differs and every driver asked for is installed (a copy of
	# this script with another list shares the cache: two such copies must
	# not rebuild DPDK in turn)
	if [ -f "$root/.complete" ]; then
		[ -f "$root/.options" ] || return 0
		[ "$(cat "$root/.options")" = "$opts" ] && return 0
		drivers_installed "$opts" && return 0
	fi
	[ -f "$tarball" ] || mdie "DPDK $ver source not found at $tarball (set HIDMA_DPDK_TARBALL)"
	for p in meson ninja pkg-config gcc; do
		command -v $p >/dev/null || mdie "$p is missing (run devtools/setup.sh)"
	done
	rm -f "$root/.complete"
	if [ -f "$root/build/build.ninja" ]; then
		msay "reconfiguring DPDK $ver (log: $root/build.log)"
		# shellcheck disable=SC2086
		meson configure "$root/build" $opts > "$root/build.log" 2>&1 ||
			{ tail -n 30 "$root/build.log" >&2; mdie "meson configure of DPDK $ver failed"; }
	else
		rm -rf "$root"
		mkdir -p "$root/src"
		tar -xf "$tarball" -C "$root/src" --strip-components=1
		msay "building DPDK $ver (minimal, once; log: $root/build.log)"
		# shellcheck disable=SC2086
		(cd "$root/src" && meson setup "$root/build" --prefix="$root/install" \
			--libdir=lib $opts) > "$root/build.log" 2>&1 ||
			{ tail -n 30 "$root/build.log" >&2; mdie "meson setup of DPDK $ver failed"; }
	fi
	ninja -C "$root/build" install >> "$root/build.log" 2>&1 ||
		{ tail -n 30 "$root/build.log" >&2; mdie "building DPDK $ver failed"; }
	# dpdk-test is not installed by DPDK: keep it beside the other programs
	cp "$root/build/app/dpdk-test" "$root/install/bin/"
	[ -f "$root/install/lib/pkgconfig/libdpdk.pc" ] || mdie "no libdpdk.pc after the install"
	echo "$opts" > "$root/.options"
	touch "$root/.complete"
}

with_lock "$root" create
echo "$root"
