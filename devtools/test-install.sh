#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# test-install.sh [--no-build] [--only bookworm-amd64|trixie-amd64|bookworm-arm64]
# test-install.sh --prepare
#
# Install tests of the Debian packages (devtools/build-deb.sh builds them
# into build/deb/<dist>-<arch>/ first, unless --no-build):
#   bookworm-amd64  in a copy of a clean Debian 12 chroot (created once with
#                   debootstrap in <cache>/chroot-bookworm): apt installs the
#                   packages and so pulls Debian's DPDK 22.11; Debian's own
#                   dpdk-test, with no -d, runs dmadev_autotest and
#                   rawdev_autotest on --vdev hidma_model0,channels=2;
#                   dpdk-dma-shell runs a scripted session; a tiny program
#                   builds with pkg-config libhidma-dpdk and runs; apt remove
#                   leaves none of our files behind.
#   trixie-amd64    the same in a copy of <cache>/chroot-trixie (Debian 13,
#                   DPDK 24.11; devtools/matrix/chroot-trixie.sh makes it).
#   bookworm-arm64  the cross-built packages hold aarch64 objects in the
#                   aarch64 multiarch paths; with qemu-aarch64-static and the
#                   arm64 sysroot (devtools/matrix/sysroot-arm64.sh), Debian's
#                   arm64 dpdk-test runs dmadev_autotest from the unpacked
#                   packages.
# The cached chroots and the sysroot are never modified: each run works in
# a copy. A platform that cannot be tested is reported as SKIP with the
# reason; under CI (CI=true) a skip counts as a failure unless the platform
# cannot exist on this machine. Ends with "N passed, N failed".
# --prepare only creates the Debian 12 chroot (.ci/run starts it in the
# background early); a run that needs it meanwhile waits for it (a lock).
set -uo pipefail

# one compound command: bash reads all of it before running any, so editing
# this file during a (long) run cannot change what that run executes
{
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export LC_ALL=C.UTF-8
# with_lock and debian_mirror, shared with the matrix's set-ups
. devtools/matrix/common.sh
cache=$matrix_cache

build=1
only=
prepare=0
while [ $# -gt 0 ]; do
	case "$1" in
	--no-build) build=0; shift ;;
	--prepare) prepare=1; shift ;;
	--only) only=${2:?--only needs a platform}; shift 2 ;;
	--only=*) only=${1#--only=}; shift ;;
	-h|--help) sed -n '4,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "test-install: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done

pass=0
fail=0
logdir=$top/build/deb
mkdir -p "$logdir"
say() { printf 'test-install: %s\n' "$*"; }
ok() { pass=$((pass + 1)); printf 'PASS: %s\n' "$*"; }
ko() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*"; }
# skip PLATFORM REASON [impossible]: a platform that could exist here but
# was not tested is a failure in CI
skip() {
	if [ "${3:-}" = impossible ] || [ "${CI:-}" != true ]; then
		printf 'SKIP: %s: %s\n' "$1" "$2"
	else
		ko "$1: $2 (a skip counts as a failure in CI)"
	fi
}
# check NAME CMD...: run, log, count
check() {
	local name=$1
	shift
	printf '\n### %s\n' "$name" >> "$log"
	if "$@" >> "$log" 2>&1; then
		ok "$plat: $name"
	else
		ko "$plat: $name (log: ${log#"$top"/})"
		return 1
	fi
}

root=
mounts=()
cleanup_root() {
	local i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null || true; done
	mounts=()
	[ -n "$root" ] && rm -rf --one-file-system "$root"
	root=
}
trap cleanup_root EXIT

# ---------------------------------------------------- the Debian 12 chroot
# one creator at a time (.ci/run's background --prepare and a test run)
make_bookworm_chroot() {
	[ -f "$cache/chroot-bookworm/.complete" ] && return 0
	with_lock "$cache/chroot-bookworm" make_bookworm_chroot_locked
}

make_bookworm_chroot_locked() {
	local dir=$cache/chroot-bookworm mirror
	[ -f "$dir/.complete" ] && return 0
	command -v debootstrap >/dev/null ||
		apt-get -o DPkg::Lock::Timeout=600 install -y -q debootstrap >/dev/null || return 1
	rm -rf --one-file-system "$dir"
	mirror=$(debian_mirror)
	say "debootstrap bookworm into $dir (a few minutes, once)"
	debootstrap --variant=minbase bookworm "$dir" "$mirror" > "$dir.log" 2>&1 ||
		{ tail -n 20 "$dir.log"; return 1; }
	# the point releases and security updates, as on any Debian 12 machine
	cat > "$dir/etc/apt/sources.list" <<-EOF
	deb $mirror bookworm main
	deb $mirror bookworm-updates main
	deb ${mirror%/debian*}/debian-security bookworm-security main
	EOF
	chroot "$dir" apt-get clean
	touch "$dir/.complete"
}

# copy_root BASE: a throw-away copy of a cached chroot in $root, with /proc,
# /sys and /dev, and apt's downloads kept in <cache>/<BASE>.archives
copy_root() {
	local base=$1 m
	root=$(mktemp -d "${TMPDIR:-/tmp}/hidma-inst.XXXXXX")
	cp -a --reflink=auto "$base/." "$root/"
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
	for m in proc sys dev; do
		mount --bind "/$m" "$root/$m" && mounts+=("$root/$m")
	done
	mkdir -p "$base.archives/partial"
	mount --bind "$base.archives" "$root/var/cache/apt/archives" &&
		mounts+=("$root/var/cache/apt/archives")
	mkdir -p "$root/hidma"
}

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive HOME=/root "$@"; }

# --------------------------------------------------------- the test steps
# The tiny program of the install test: only installed files, found with
# pkg-config; reads an attribute through rte_pmd_hidma_mgmt.h
write_tiny() {
	cat > "$1" <<-'EOF'
	#include <stdio.h>
	#include <rte_eal.h>
	#include <rte_pmd_hidma_mgmt.h>

	int
	main(int argc, char **argv)
	{
		uint64_t chans = 0;
		int id;

		if (rte_eal_init(argc, argv) < 0)
			return 1;
		id = rte_pmd_hidma_mgmt_dev_id("hidma_model0");
		if (id < 0 || rte_pmd_hidma_mgmt_get(id,
				RTE_PMD_HIDMA_MGMT_ATTR_DMA_CHANNELS, &chans) != 0)
			return 1;
		printf("hidma_model0: %u channels\n", (unsigned int)chans);
		rte_eal_cleanup();
		return chans == 2 ? 0 : 1;
	}
	EOF
}

eal_args="--no-pci --no-huge -m 512 -l 0 --iova-mode=va --vdev hidma_model0,channels=2"

shell_session() {
	local out
	out=$(printf '%s\n' 'list' 'configure hidma_model0-ch0 1 1024' 'start 0' \
		'copy 0 0 4096 64' 'stats 0' 'quit' |
		in_root dpdk-dma-shell $eal_args --file-prefix=inst_shell_$$ 2>&1)
	local rc=$?
	echo "$out"
	[ "$rc" -eq 0 ] && grep -q 'done and verified' <<< "$out" &&
		grep -q 'hidma_model0-ch1' <<< "$out"
}

rawdev_autotest() {
	local out
	out=$(in_root env DPDK_TEST=rawdev_autotest dpdk-test $eal_args \
		--file-prefix=inst_raw_$$ < /dev/null 2>&1)
	local rc=$?
	echo "$out"
	[ "$rc" -eq 0 ] && grep -q '^Test OK' <<< "$out"
}

nothing_left() {
	local f left=0
	for f in $(cat "$root/hidma/files"); do
		if [ -e "$root$f" ] || [ -L "$root$f" ]; then
			echo "left behind: $f"
			left=1
		fi
	done
	in_root dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' 'hidma-dpdk*' 'libhidma-dpdk*' \
		2>/dev/null | grep -v ' un *$' && left=1
	return $left
}

# test_chroot PLATFORM BASE DEBDIR
test_chroot() {
	local base=$2 debs=$3 abi pkgs
	log=$logdir/test-install-$plat.log
	: > "$log"
	copy_root "$base"
	cp "$debs"/*.deb "$root/hidma/"
	cp test/dpdk/dmadev_autotest.py "$root/hidma/"
	write_tiny "$root/hidma/tiny.c"
	# every file (not directory) our packages own, to look for after removal
	for d in "$debs"/*.deb; do
		dpkg-deb --fsys-tarfile "$d" | tar -t | grep -v '/$' | sed 's|^\./|/|'
	done > "$root/hidma/files"
	abi=$(dpkg-deb -c "$debs"/hidma-dpdk-pmds_*.deb | grep -o 'dpdk/pmds-[0-9]*' | head -n 1)
	abi=${abi#dpdk/pmds-}
	say "$plat: DPDK ABI $abi (log: ${log#"$top"/})"

	check "apt-get update" in_root apt-get update -q || { cleanup_root; return; }
	check "apt install ./*.deb pulls Debian's DPDK (librte-eal$abi, librte-dmadev$abi)" \
		sh -c "chroot '$root' sh -c 'cd /hidma && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends ./*.deb' &&
			chroot '$root' dpkg-query -W -f='\${Status}\n' librte-eal$abi librte-dmadev$abi |
			grep -c 'install ok installed' | grep -qx 2" || { cleanup_root; return; }
	check "plugins in /usr/lib/<triplet>/dpdk/pmds-$abi.0" sh -c \
		"ls '$root'/usr/lib/*/dpdk/pmds-$abi.0/ | grep -q hidma"
	pkgs="dpdk-dev gcc libc6-dev pkgconf librte-raw-skeleton$abi librte-mempool-ring$abi"
	check "apt install dpdk-dev (dpdk-test) and a compiler" \
		in_root apt-get install -y -q --no-install-recommends $pkgs
	check "dpdk-test dmadev_autotest, no -d, --iova-mode=va" \
		in_root /usr/bin/python3 /hidma/dmadev_autotest.py 2 /usr/bin/dpdk-test \
			$eal_args --file-prefix=inst_dma_$$
	check "dpdk-test rawdev_autotest, no -d" rawdev_autotest
	check "dpdk-dma-shell scripted session" shell_session
	check "man pages installed" sh -c \
		"ls '$root'/usr/share/man/man1/dpdk-dma-shell.1.gz '$root'/usr/share/man/man1/dpdk-hidma-dma-perf.1.gz"
	check "tiny program: pkg-config --cflags --libs libhidma-dpdk" \
		in_root sh -c 'cd /hidma && gcc -o tiny tiny.c $(pkg-config --cflags --libs libhidma-dpdk)'
	check "tiny program runs (reads dma_channels through rte_pmd_hidma_mgmt.h)" \
		in_root /hidma/tiny $eal_args --file-prefix=inst_tiny_$$
	check "apt remove" in_root sh -c 'apt-get remove -y -q hidma-dpdk-pmds hidma-dpdk-tools \
		libhidma-dpdk-dev hidma-dpdk-doc'
	check "apt remove leaves nothing of ours behind" nothing_left
	cleanup_root
}

# -------------------------------------------------------------- arm64 steps
arm64_contents() {
	local d bad=0 x
	x=$(mktemp -d)
	for d in "$debs"/*.deb; do
		dpkg-deb -x "$d" "$x"
		dpkg-deb --contents "$d"
	done
	ls "$x"/usr/lib/aarch64-linux-gnu/dpdk/pmds-*/*.so* || bad=1
	ls "$x"/usr/lib/aarch64-linux-gnu/pkgconfig/libhidma-dpdk.pc || bad=1
	[ -z "$(find "$x" -path '*x86_64*')" ] || { echo "x86_64 paths"; bad=1; }
	for f in "$x"/usr/lib/aarch64-linux-gnu/dpdk/pmds-*/*.so* "$x"/usr/bin/*; do
		[ -L "$f" ] && continue
		file "$f"
		file -b "$f" | grep -q 'ELF 64-bit LSB .*ARM aarch64' || { echo "not aarch64: $f"; bad=1; }
	done
	rm -rf "$x"
	return $bad
}

if [ "$prepare" = 1 ]; then
	make_bookworm_chroot
	exit
fi

# -------------------------------------------------------------- platforms
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }
host_arch=$(dpkg --print-architecture)
host_ver=$(cut -d. -f1 /etc/debian_version 2>/dev/null || echo 0)

plat=bookworm-amd64
if want $plat; then
	if [ "$host_arch" != amd64 ] || [ "$host_ver" != 12 ]; then
		skip $plat "bookworm/amd64 packages are built on a Debian 12 amd64 host" impossible
	elif [ "$build" = 1 ] && ! bash devtools/build-deb.sh; then
		ko "$plat: devtools/build-deb.sh"
	elif ! ls build/deb/$plat/*.deb > /dev/null 2>&1; then
		ko "$plat: no packages in build/deb/$plat/"
	elif ! make_bookworm_chroot; then
		ko "$plat: could not create the Debian 12 chroot"
	else
		test_chroot $plat "$cache/chroot-bookworm" "$top/build/deb/$plat"
	fi
fi

plat=trixie-amd64
if want $plat; then
	base=$cache/chroot-trixie
	if [ ! -f "$base/.complete" ] && [ -x devtools/matrix/chroot-trixie.sh ]; then
		say "creating the Debian 13 chroot with devtools/matrix/chroot-trixie.sh"
		bash devtools/matrix/chroot-trixie.sh > /dev/null || true
	fi
	if [ "$host_arch" != amd64 ]; then
		skip $plat "needs an amd64 host" impossible
	elif [ ! -f lib/hidma_compat/hidma_compat.h ]; then
		# contract 1: DPDK 24.11 support comes with the compat header
		skip $plat "this tree builds against DPDK 22.11 only (no lib/hidma_compat/hidma_compat.h)" \
			impossible
	elif [ ! -f "$base/.complete" ]; then
		skip $plat "no Debian 13 chroot ($base/.complete missing; devtools/matrix/chroot-trixie.sh makes it)"
	elif [ "$build" = 1 ] && ! bash devtools/build-deb.sh --dist trixie; then
		ko "$plat: devtools/build-deb.sh --dist trixie"
	elif ! ls build/deb/$plat/*.deb > /dev/null 2>&1; then
		ko "$plat: no packages in build/deb/$plat/"
	else
		test_chroot $plat "$base" "$top/build/deb/$plat"
	fi
fi

plat=bookworm-arm64
if want $plat; then
	sysroot=$cache/sysroot-arm64-bookworm
	if [ ! -f "$sysroot/.complete" ] && [ -x devtools/matrix/sysroot-arm64.sh ]; then
		say "creating the arm64 sysroot with devtools/matrix/sysroot-arm64.sh"
		bash devtools/matrix/sysroot-arm64.sh > /dev/null || true
	fi
	log=$logdir/test-install-$plat.log
	: > "$log"
	debs=$top/build/deb/$plat
	if [ "$host_arch" != amd64 ] || [ "$host_ver" != 12 ]; then
		skip $plat "the arm64 cross build is set up for Debian 12 amd64 hosts" impossible
	elif [ ! -f "$sysroot/.complete" ]; then
		skip $plat "no arm64 sysroot ($sysroot/.complete missing; devtools/matrix/sysroot-arm64.sh makes it)"
	elif [ "$build" = 1 ] && ! bash devtools/build-deb.sh --arch arm64; then
		ko "$plat: devtools/build-deb.sh --arch arm64"
	elif ! ls "$debs"/*.deb > /dev/null 2>&1; then
		ko "$plat: no packages in build/deb/$plat/"
	else
		check "dpkg-deb --contents and file: aarch64 objects in aarch64 multiarch paths" \
			arm64_contents
		if ! command -v qemu-aarch64-static > /dev/null; then
			skip "$plat dmadev_autotest" "qemu-aarch64-static is missing (Debian package qemu-user-static)"
		else
			root=$(mktemp -d "${TMPDIR:-/tmp}/hidma-arm64.XXXXXX")
			cp -a --reflink=auto "$sysroot/." "$root/"
			for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$root"; done
			check "dmadev_autotest under qemu-aarch64 from the unpacked packages, no -d" \
				/usr/bin/python3 test/dpdk/dmadev_autotest.py 2 \
				qemu-aarch64-static -L "$root" "$root/usr/bin/dpdk-test" \
				$eal_args --file-prefix=inst_arm64_$$
			cleanup_root
		fi
	fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
exit
}
