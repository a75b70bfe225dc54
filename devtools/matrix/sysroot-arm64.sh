#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Creates (once) <cache>/sysroot-arm64-bookworm/: Debian 12's arm64 DPDK
# 22.11 (libraries, SDK-less dev files, dpdk-test) and its whole dependency
# closure, unpacked with dpkg -x. libdpdk-dev:arm64 cannot be co-installed
# with the amd64 one, so apt runs here with a private state (own lists,
# cache and an empty dpkg status, architecture arm64): the host's apt and
# dpkg are not touched. Versions are whatever bookworm has today. Writes
# <dir>/.complete when ready and prints the directory.
set -euo pipefail
MATRIX_WHO=sysroot-arm64
. "$(dirname "$0")/common.sh"

root=$matrix_cache/sysroot-arm64-bookworm
PACKAGES="libdpdk-dev dpdk-dev dpdk libc6-dev libnuma-dev"

create() {
	[ -f "$root/.complete" ] && return 0
	rm -rf "$root" "$root.apt"
	local apt=$root.apt
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$apt/prefs"
	: > "$apt/status"
	local mirror
	mirror=$(debian_mirror)
	cat > "$apt/sources.list" <<-SRC
	deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main
	deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm-updates main
	deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/debian*}/debian-security bookworm-security main
	SRC
	local opts=(-q -o APT::Architecture=arm64 -o APT::Architectures::=arm64
		-o Dir::State="$apt" -o Dir::State::Lists="$apt/lists"
		-o Dir::State::status="$apt/status" -o Dir::Cache="$apt/cache"
		-o Dir::Etc::SourceList="$apt/sources.list"
		-o Dir::Etc::SourceParts="$apt/parts"
		-o Dir::Etc::PreferencesParts="$apt/prefs"
		-o APT::Sandbox::User=root -o APT::Install-Recommends=false
		-o Debug::NoLocking=true)
	msay "resolving and downloading Debian 12 arm64 packages: $PACKAGES"
	apt-get "${opts[@]}" update > "$root.log" 2>&1 ||
		{ tail -n 20 "$root.log" >&2; mdie "apt-get update (arm64) failed"; }
	# shellcheck disable=SC2086
	apt-get "${opts[@]}" install -y --download-only $PACKAGES >> "$root.log" 2>&1 ||
		{ tail -n 20 "$root.log" >&2; mdie "downloading the arm64 packages failed"; }
	mkdir -p "$root"
	local deb n=0
	for deb in "$apt"/cache/archives/*.deb; do
		dpkg -x "$deb" "$root"
		n=$((n + 1))
	done
	# absolute symlinks would point into the host: make them relative
	local l t
	find "$root" -type l -lname '/*' | while read -r l; do
		t=$(readlink "$l")
		ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$root$t")" "$l"
	done
	[ -f "$root/usr/lib/aarch64-linux-gnu/pkgconfig/libdpdk.pc" ] ||
		mdie "no libdpdk.pc in the unpacked sysroot"
	msay "unpacked $n packages into $root"
	rm -rf "$apt"
	touch "$root/.complete"
}

with_lock "$root" create
echo "$root"
