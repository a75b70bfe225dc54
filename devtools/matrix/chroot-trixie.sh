#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Creates (once) a Debian 13 "trixie" chroot with Debian's DPDK 24.11 and
# what the build and tests need, in <cache>/chroot-trixie/, and writes
# <cache>/chroot-trixie/.complete when it is ready. Package versions are
# whatever trixie has today (nothing pinned). Prints the chroot's path.
set -euo pipefail
MATRIX_WHO=chroot-trixie
. "$(dirname "$0")/common.sh"

root=$matrix_cache/chroot-trixie
PACKAGES="dpdk,dpdk-dev,libdpdk-dev,meson,ninja-build,pkg-config,gcc,libc6-dev,
python3,python3-pyelftools,libnuma-dev,binutils,xz-utils,util-linux,tmux"

create() {
	if [ -f "$root/.complete" ]; then
		add_missing
		return 0
	fi
	command -v debootstrap >/dev/null ||
		apt-get install -y -q debootstrap >/dev/null ||
		mdie "debootstrap is missing and could not be installed"
	# a half-made chroot (interrupted run) is thrown away
	if [ -d "$root" ]; then
		umount_all
		rm -rf --one-file-system "$root"
	fi
	msay "debootstrap trixie into $root (a few minutes, once)"
	debootstrap --variant=minbase --include="$(tr -d '\n' <<< "$PACKAGES")" \
		trixie "$root" "$(debian_mirror)" > "$root.log" 2>&1 ||
		{ tail -n 20 "$root.log" >&2; mdie "debootstrap failed (log: $root.log)"; }
	chroot "$root" pkg-config --modversion libdpdk > /dev/null ||
		mdie "the chroot has no libdpdk"
	chroot "$root" apt-get clean
	touch "$root/.complete"
}

# a package added to PACKAGES after the chroot was made (tmux, for the
# shell's terminal tests) is installed into it on the next use
add_missing() {
	local p missing=
	for p in $(tr ',' ' ' <<< "$PACKAGES"); do
		chroot "$root" dpkg -s "$p" > /dev/null 2>&1 || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	msay "installing$missing into $root"
	# shellcheck disable=SC2086
	chroot "$root" apt-get install -y -q $missing > "$root.log" 2>&1 ||
		{ tail -n 20 "$root.log" >&2; mdie "apt-get install$missing in the chroot failed"; }
	chroot "$root" apt-get clean
}

umount_all() {
	local m
	for m in $(awk -v r="$root" '$2 ~ "^"r"/" {print $2}' /proc/mounts | sort -r); do
		umount -l "$m" || true
	done
}

with_lock "$root" create
echo "$root"
