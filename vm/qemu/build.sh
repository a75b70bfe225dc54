#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Builds (once) <cache>/qemu/: Debian 12's qemu source (the version apt
# offers today, resolved here), patched with vm/qemu/qemu-7.2-hidma.patch,
# with vm/qemu/qcom_hidma.c and lib/hidma_model compiled in from this tree
# (symlinks in hw/arm/hidma/), aarch64-softmmu only. Prints the path of
# qemu-system-aarch64. A stamp (hash of the patch, the device, the model and
# the device set) in build/.complete decides whether anything is rebuilt: a
# source change rebuilds incrementally, a patch change from a fresh source.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
MATRIX_WHO=vm-qemu
. "$repo/devtools/matrix/common.sh"
dir=$matrix_cache/qemu
patch=$here/qemu-7.2-hidma.patch

stamp_of() {
	cat "$patch" "$here/devices.mak" "$here/qcom_hidma.c" \
		"$repo"/lib/hidma_model/*.[ch] "$repo/lib/hidma_hw/hidma_hw.h" |
		sha256sum | cut -c1-16
}

# copy $1 to $2 unless $2 already has the same content (keeps its mtime)
sync_file() {
	cmp -s "$1" "$2" || cp "$1" "$2"
}

build() {
	local stamp src ver
	stamp=$(stamp_of)
	if [ -f "$dir/build/.complete" ] && [ "$(cat "$dir/build/.complete")" = "$stamp" ]; then
		return 0
	fi
	mkdir -p "$dir"
	# the patch itself changed (or first run): a fresh, pristine source
	if [ ! -f "$dir/src/.patched" ] || ! cmp -s "$patch" "$dir/src/.patched"; then
		ver=$(apt-cache showsrc qemu 2>/dev/null | sed -n 's/^Version: //p' |
			sort -V | tail -n 1)
		case "$ver" in
		1:7.2*) ;;
		*) mdie "apt offers no Debian 12 qemu 7.2 source (got '$ver');" \
			"are deb-src entries set up (devtools/setup.sh)?" ;;
		esac
		msay "fetching qemu=$ver source"
		rm -rf "$dir/dl" "$dir/src" "$dir/build"
		mkdir -p "$dir/dl"
		(cd "$dir/dl" && apt-get source -q --download-only "qemu=$ver") > "$dir/build.log" 2>&1 ||
			{ tail -n 20 "$dir/build.log" >&2; mdie "apt-get source qemu=$ver failed"; }
		(cd "$dir/dl" && dpkg-source -x ./*.dsc "$dir/src") >> "$dir/build.log" 2>&1 ||
			mdie "dpkg-source -x failed (see $dir/build.log)"
		rm -rf "$dir/dl"
		patch -d "$dir/src" -p1 < "$patch" >> "$dir/build.log" ||
			mdie "$patch does not apply to qemu $ver"
		cp "$patch" "$dir/src/.patched"
		echo "$ver" > "$dir/src/.version"
	fi
	# The device, the model's own sources (lib/hidma_model itself, no
	# second implementation) and the device set go into the source tree
	# as copies refreshed only when their content changed: symlinks into
	# the checkout would give every fresh clone new mtimes and so a
	# rebuild of QEMU, although nothing changed.
	local h=$dir/src/hw/arm/hidma f
	for f in "$h/model" "$h/hw" "$h/qcom_hidma.c"; do
		[ -L "$f" ] && rm -f "$f"
	done
	mkdir -p "$h/model" "$h/hw"
	sync_file "$here/qcom_hidma.c" "$h/qcom_hidma.c"
	for f in "$repo"/lib/hidma_model/*.[ch]; do
		sync_file "$f" "$h/model/${f##*/}"
	done
	for f in "$h"/model/*.[ch]; do
		[ -f "$repo/lib/hidma_model/${f##*/}" ] || rm -f "$f"
	done
	sync_file "$repo/lib/hidma_hw/hidma_hw.h" "$h/hw/hidma_hw.h"
	f=$dir/src/configs/devices/aarch64-softmmu/hidma.mak
	[ -L "$f" ] && rm -f "$f"
	sync_file "$here/devices.mak" "$f"
	if [ ! -f "$dir/build/build.ninja" ]; then
		msay "configuring qemu (aarch64-softmmu, minimal device set)"
		rm -rf "$dir/build"
		mkdir -p "$dir/build"
		(cd "$dir/build" && "$dir/src/configure" --target-list=aarch64-softmmu \
			--without-default-features --without-default-devices \
			--with-devices-aarch64=hidma --enable-fdt=system \
			--disable-docs --enable-tcg --disable-werror) >> "$dir/build.log" 2>&1 ||
			{ tail -n 30 "$dir/build.log" >&2; mdie "qemu configure failed"; }
	fi
	msay "building qemu (log: $dir/build.log)"
	nice -n 10 ninja -C "$dir/build" qemu-system-aarch64 >> "$dir/build.log" 2>&1 ||
		{ grep -E 'error|FAILED' "$dir/build.log" | tail -n 30 >&2; mdie "qemu build failed"; }
	echo "$stamp" > "$dir/build/.complete"
}

with_lock "$dir" build
echo "$dir/build/qemu-system-aarch64"
