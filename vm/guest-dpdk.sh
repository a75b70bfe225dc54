#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# guest-dpdk.sh BUILD_DIR OUT_DIR: makes OUT_DIR, a directory to overlay on
# the guest's initramfs for the DPDK part: Debian 12's arm64 dpdk-test, the
# skeleton dmadev/rawdev plugins (/opt/hidma/skeleton) and every shared
# library they and our
# plugins need (from the matrix's arm64 sysroot,
# devtools/matrix/sysroot-arm64.sh), plus this tree's arm64 plugins,
# benchmark (/usr/bin/dpdk-test-dma-perf) and management rawdev test
# (/usr/bin/test_hidma_mgmt) from BUILD_DIR (a meson cross build, see
# devtools/test-vm.sh). The sysroot part is cached in
# <cache>/qemu/guest/dpdk with a .complete marker; the rest is copied
# every time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
build=$1
out=$2
MATRIX_WHO=vm-dpdk
. "$repo/devtools/matrix/common.sh"
sysroot=$(bash "$repo/devtools/matrix/sysroot-arm64.sh")
dir=$matrix_cache/qemu/guest/dpdk
multi=usr/lib/aarch64-linux-gnu
pmds=$(cd "$sysroot/$multi/dpdk" && ls -d pmds-* | head -n 1)

# copy_closure FILE...: each file (a sysroot path) and its NEEDED libraries
copy_closure() {
	local todo=("$@") f n lib d
	while [ "${#todo[@]}" -gt 0 ]; do
		f=${todo[0]}
		todo=("${todo[@]:1}")
		[ -e "$dir/root/$f" ] && continue
		mkdir -p "$dir/root/$(dirname "$f")"
		cp -L "$sysroot/$f" "$dir/root/$f"
		for n in $(aarch64-linux-gnu-readelf -d "$sysroot/$f" 2>/dev/null |
				sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			lib=
			for d in lib/aarch64-linux-gnu $multi; do
				[ -e "$sysroot/$d/$n" ] && { lib=$d/$n; break; }
			done
			[ -n "$lib" ] || mdie "$f needs $n, not in the sysroot"
			todo+=("$lib")
		done
	done
}

make_root() {
	[ -f "$dir/.complete" ] && return 0
	rm -rf "$dir"
	mkdir -p "$dir/root/lib" "$dir/root/opt/hidma/pmds"
	copy_closure usr/bin/dpdk-test "$multi/dpdk/$pmds/librte_dma_skeleton.so.23" \
		"$multi/dpdk/$pmds/librte_raw_skeleton.so.23" \
		lib/aarch64-linux-gnu/libgcc_s.so.1
	cp -L "$sysroot/lib/ld-linux-aarch64.so.1" "$dir/root/lib/"
	# the skeleton plugins load from a private directory (-d), not the EAL's default
	# (named *.so: -d DIR loads only *.so and *.so.<full ABI version>)
	for f in "$dir/root/$multi/dpdk/$pmds"/*.so.*; do
		mv "$f" "$dir/root/opt/hidma/pmds/$(basename "${f%%.so.*}").so"
	done
	rm -rf "$dir/root/$multi/dpdk"
	touch "$dir/.complete"
}

with_lock "$dir" make_root
rm -rf "$out"
cp -a "$dir/root" "$out"
# DPDK's skeleton plugins apart from ours: a test loads them by name (-d)
mkdir -p "$out/opt/hidma/skeleton"
mv "$out"/opt/hidma/pmds/librte_*_skeleton.so "$out/opt/hidma/skeleton/"
progs="$build/app/test-dma-perf/dpdk-test-dma-perf $build/test/rawdev/test_hidma_mgmt"
# shellcheck disable=SC2086
cp $progs "$out/usr/bin/"
for p in "$build"/drivers/librte_*.so $progs; do
	case "$p" in *.so) cp "$p" "$out/opt/hidma/pmds/" ;; esac
	for n in $(aarch64-linux-gnu-readelf -d "$p" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		# our plugins need each other: found next to them (LD_LIBRARY_PATH)
		[ -e "$build/drivers/$n" ] || [ -e "$out/$multi/$n" ] || [ -e "$out/lib/aarch64-linux-gnu/$n" ] ||
			{ [ -e "$sysroot/$multi/$n" ] && cp -L "$sysroot/$multi/$n" "$out/$multi/"; } ||
			mdie "$p needs $n, not in the sysroot"
	done
done
