#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Builds (once, each step with its own .complete marker) the guest side of
# the VM tier under <cache>/qemu/:
#   kernel/   Debian 12's arm64 kernel (linux-image-arm64's dependency today),
#             unpacked, with depmod run (the package has no modules.dep)
#   kmod/     dmatest and vfio-platform (+ the reset_required fix,
#             vm/kmod/vfio-platform-reset.patch) cross-built against that
#             kernel's linux-headers, from Debian 12's linux source of the
#             same upstream version or, if it is gone, the nearest one
#   rootfs/   busybox-static:arm64 plus the kernel modules the tests load
# Prints the kernel release.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
MATRIX_WHO=vm-guest
. "$repo/devtools/matrix/common.sh"
dir=$matrix_cache/qemu/guest
debs=$dir/debs-arm64
log=$dir/guest-build.log
# what the tests load (modprobe pulls the dependencies)
MODULES="hdma hdma_mgmt vfio vfio_iommu_type1 vfio_virqfd arm_smmu_v3"

aptq() {
	apt-cache -o APT::Architecture=arm64 -o APT::Architectures::=arm64 \
		-o Dir::State="$debs/.apt" -o Dir::State::Lists="$debs/.apt/lists" \
		-o Dir::State::status="$debs/.apt/status" -o Dir::Cache="$debs/.apt/cache" \
		-o Dir::Etc::SourceList="$debs/.apt/sources.list" \
		-o Dir::Etc::SourceParts="$debs/.apt/parts" "$@"
}

step_kernel() {
	local k=$dir/kernel img krel ver kb d
	[ -f "$k/.complete" ] && return 0
	rm -rf "$k" "$debs"
	mkdir -p "$k" "$debs"
	bash "$here/fetch-debs.sh" "$debs" arm64 >> "$log" 2>&1 ||
		mdie "arm64 apt update failed (see $log)"
	img=$(aptq depends linux-image-arm64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-arm64\)$/\1/p' | head -n 1)
	[ -n "$img" ] || mdie "cannot resolve linux-image-arm64 (see $log)"
	krel=${img#linux-image-}
	msay "guest kernel: $img"
	bash "$here/fetch-debs.sh" "$debs" arm64 "$img" "linux-headers-$krel" \
		"linux-headers-${krel%-arm64}-common" busybox-static >> "$log" 2>&1 ||
		mdie "downloading the arm64 kernel packages failed (see $log)"
	ver=$(dpkg-deb -f "$debs/${img}_"*.deb Version)
	# the build tools of the headers, for this (amd64) host, same version
	kb=linux-kbuild-$(echo "$krel" | cut -d. -f1-2)
	(cd "$debs" && apt-get download -q "$kb=$ver") >> "$log" 2>&1 ||
		mdie "cannot download $kb=$ver (amd64) from the host's apt"
	dpkg -x "$debs/${img}_"*.deb "$k/root"
	for d in "$debs"/linux-headers-*.deb "$debs"/linux-kbuild-*.deb; do
		dpkg -x "$d" "$k/root"
	done
	# the headers' Makefile includes the common part by absolute path
	sed -i "s|^include /usr/src/|include $k/root/usr/src/|" \
		"$k/root/usr/src/linux-headers-$krel/Makefile"
	depmod -b "$k/root" "$krel"
	echo "$krel" > "$k/krel"
	echo "$ver" > "$k/version"
	cp "$k/root/boot/vmlinuz-$krel" "$k/vmlinuz"
	touch "$k/.complete"
}

step_kmod() {
	local k=$dir/kernel m=$dir/kmod krel ver up src tarball v
	[ -f "$m/.complete" ] && return 0
	krel=$(cat "$k/krel")
	ver=$(cat "$k/version")
	up=${ver%%-*}
	rm -rf "$m"
	mkdir -p "$m/dl"
	# the kernel's own source version first, then older ones, newest first
	for v in $(apt-cache showsrc linux 2>/dev/null | sed -n 's/^Version: //p' | sort -Vr); do
		case "$v" in "${up%.*}".*) ;; *) continue ;; esac
		dpkg --compare-versions "$v" le "$ver" || continue
		if (cd "$m/dl" && apt-get source -q --download-only "linux=$v") >> "$log" 2>&1; then
			src=$v
			break
		fi
		rm -f "$m/dl"/*
	done
	[ -n "${src:-}" ] || mdie "no Debian linux source of ${up%.*} is downloadable"
	msay "module sources from Debian's linux $src (kernel $ver)"
	echo "$src" > "$m/source-version"
	tarball=$(ls "$m/dl"/linux_*.orig.tar.xz)
	tar -xf "$tarball" -C "$m" --strip-components=1 --wildcards \
		'*/drivers/dma/dmatest.c' '*/drivers/vfio/platform/*.[ch]'
	rm -rf "$m/dl"
	mkdir -p "$m/dmatest" "$m/vfio"
	mv "$m/drivers/dma/dmatest.c" "$m/dmatest/"
	echo 'obj-m := dmatest.o' > "$m/dmatest/Kbuild"
	mv "$m/drivers/vfio/platform"/*.[ch] "$m/vfio/"
	rm -rf "$m/drivers"
	cp "$here/kmod/Kbuild.vfio" "$m/vfio/Kbuild"
	patch -d "$m/vfio" -p1 < "$here/kmod/vfio-platform-reset.patch" >> "$log" ||
		mdie "the vfio-platform reset fix does not apply to linux $src"
	for d in dmatest vfio; do
		nice make -C "$k/root/usr/src/linux-headers-$krel" M="$m/$d" ARCH=arm64 \
			CROSS_COMPILE=aarch64-linux-gnu- modules >> "$log" 2>&1 ||
			mdie "building $d against $krel failed (see $log)"
	done
	touch "$m/.complete"
}

step_rootfs() {
	local k=$dir/kernel m=$dir/kmod r=$dir/rootfs krel mod f
	[ -f "$r/.complete" ] && return 0
	krel=$(cat "$k/krel")
	rm -rf "$r"
	mkdir -p "$r/bin" "$r/lib/modules/$krel/extra" "$r/tmp"
	dpkg -x "$debs"/busybox-static_*.deb "$r/bb"
	mv "$r/bb/bin/busybox" "$r/bin/busybox"
	rm -rf "$r/bb"
	# each module and its dependencies, by modules.dep
	for mod in $MODULES; do
		modprobe -d "$k/root" -S "$krel" --show-depends "$mod" |
			awk '$1 == "insmod" { print $2 }'
	done | sort -u | while read -r f; do
		mkdir -p "$r$(dirname "${f#"$k/root"}")"
		cp "$f" "$r${f#"$k/root"}"
	done
	cp "$m"/dmatest/dmatest.ko "$m"/vfio/vfio-platform*.ko "$r/lib/modules/$krel/extra/"
	cp "$k/root/lib/modules/$krel/modules.order" "$k/root/lib/modules/$krel/modules.builtin"* \
		"$r/lib/modules/$krel/" 2>/dev/null || true
	depmod -b "$r" "$krel"
	touch "$r/.complete"
}

run() {
	mkdir -p "$dir"
	local t=$SECONDS
	step_kernel
	step_kmod
	step_rootfs
	[ $((SECONDS - t)) -gt 1 ] && msay "guest parts ready in $((SECONDS - t)) s"
	cat "$dir/kernel/krel"
}

with_lock "$dir" run
