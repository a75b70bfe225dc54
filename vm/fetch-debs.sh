#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# fetch-debs.sh DIR ARCH PKG...: download Debian 12 packages of ARCH (and
# their own files only, no dependency closure) into DIR with a private apt
# state (own lists, cache, empty dpkg status), so the host's apt and dpkg are
# never touched. Versions are whatever bookworm (+ security) has today.
set -euo pipefail
dir=$1
arch=$2
shift 2
. "$(dirname "$0")/../devtools/matrix/common.sh"
apt=$dir/.apt
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$apt/prefs"
: > "$apt/status"
mirror=$(debian_mirror)
opt="arch=$arch signed-by=/usr/share/keyrings/debian-archive-keyring.gpg"
cat > "$apt/sources.list" <<SRC
deb [$opt] $mirror bookworm main
deb [$opt] $mirror bookworm-updates main
deb [$opt] ${mirror%/debian*}/debian-security bookworm-security main
SRC
opts=(-q -o APT::Architecture="$arch" -o APT::Architectures::="$arch"
	-o Dir::State="$apt" -o Dir::State::Lists="$apt/lists"
	-o Dir::State::status="$apt/status" -o Dir::Cache="$apt/cache"
	-o Dir::Etc::SourceList="$apt/sources.list"
	-o Dir::Etc::SourceParts="$apt/parts"
	-o Dir::Etc::PreferencesParts="$apt/prefs"
	-o APT::Sandbox::User=root -o Debug::NoLocking=true)
if [ ! -f "$apt/updated" ]; then
	apt-get "${opts[@]}" update >&2
	touch "$apt/updated"
fi
if [ "$#" -eq 0 ]; then
	exit 0
fi
cd "$dir"
apt-get "${opts[@]}" download "$@" >&2
