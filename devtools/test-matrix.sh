#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# test-matrix.sh [--reuse-native] [PLATFORM...]: build and test the project on every supported
# platform (default: all four), each in its own build directory:
#
#   debian12-x86_64   Debian 12, its DPDK 22.11, native (devtools/setup.sh)
#   debian12-arm64    Debian 12's arm64 DPDK 22.11: cross-built with
#                     crossbuild-essential-arm64 against a sysroot of Debian's
#                     arm64 packages, every program run by qemu-aarch64-static
#   debian13-x86_64   Debian 13, its DPDK 24.11, in a debootstrap'ed chroot,
#                     SDK headers from ../shared/deps/dpdk-sdk-24.11
#   dpdk25.11-x86_64  upstream DPDK 25.11.2 built from ../shared/deps/
#
# What a platform needs (sysroot, chroot, DPDK build) is made on first use
# under ${XDG_CACHE_HOME:-~/.cache}/hidma-dpdk/ and reused after; build
# directories live there too (matrix/<checkout>/<platform>/). Prints one line
# per platform ending in "N passed, N failed" (a platform that cannot be set
# up or built counts one failure), then the total in that form; exits
# non-zero on any failure. Logs: <cache>/matrix/<checkout>/<platform>/*.log.
#
# --reuse-native: .ci/run has just run devtools/test.sh (the same Debian 12
# x86_64 build and suite, in build/): show its results for debian12-x86_64
# instead of building and running everything a second time, and leave them
# out of the total (the suite tier counted them).
#
# Environment: HIDMA_SDK_24_11 (SDK headers for 24.11, default
# ../shared/deps/dpdk-sdk-24.11), HIDMA_DPDK_TARBALL (DPDK 25.11.2 source),
# HIDMA_MATRIX_TIME_SCALE (qemu-user slowdown allowance, default 10).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
MATRIX_WHO=test-matrix
. devtools/matrix/common.sh

ALL="debian12-x86_64 debian12-arm64 debian13-x86_64 dpdk25.11-x86_64"
reuse_native=0
if [ "${1:-}" = --reuse-native ]; then
	reuse_native=1
	shift
fi
platforms=${*:-$ALL}
for p in $platforms; do
	case " $ALL " in
	*" $p "*) ;;
	*) mdie "unknown platform $p (one of: $ALL)" ;;
	esac
done

work=$matrix_cache/matrix/$(printf '%s' "$top" | sha1sum | cut -c1-12)
mkdir -p "$work"

sdk2411=${HIDMA_SDK_24_11:-$top/../shared/deps/dpdk-sdk-24.11}
[ -d "$sdk2411" ] || sdk2411=/work/shared/deps/dpdk-sdk-24.11
# resolved: meson refuses SRC/../x as an in-tree absolute path
sdk2411=$(realpath -m "$sdk2411")

# Host packages the cross build needs (the native ones: devtools/setup.sh).
need_packages() {
	local missing= p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q ' installed$' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	msay "installing$missing"
	apt-get update -q > /dev/null 2>&1
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing > /dev/null
}

# The summary of a meson test log, as devtools/test.sh counts: a skipped
# test is a failure (nothing may skip on a platform of the matrix).
summarize() {
	/usr/bin/python3 "$top"/devtools/testlog-summary.py --counts "$1"
}

# build_and_test BUILD_DIR LOG [meson setup options...]: in the current
# environment (host, or inside the chroot via run_in_chroot)
build_and_test() {
	local b=$1 log=$2
	shift 2
	{
		if [ ! -f "$b/build.ninja" ]; then
			meson setup "$b" "$@" || return 1
		fi
		ninja -C "$b" || return 1
		meson test -C "$b" --num-processes 1 --print-errorlogs
		true
	} > "$log" 2>&1
}

# ------------------------------------------------------------ the platforms

plat_debian12_x86_64() {
	if [ "$reuse_native" = 1 ] && [ -f build/meson-logs/testlog.json ] &&
			ninja -C build -n 2>/dev/null | grep -q 'no work to do'; then
		msay "debian12-x86_64: the results of devtools/test.sh in build/ (the suite tier's)"
		reused=1
		mkdir -p "$dir/build/meson-logs"
		cp build/meson-logs/testlog.json "$dir/build/meson-logs/"
		return 0
	fi
	bash devtools/setup.sh > "$dir/setup.log" 2>&1 || return 1
	build_and_test "$dir/build" "$dir/test.log"
}

plat_debian12_arm64() {
	need_packages crossbuild-essential-arm64 qemu-user-static || return 1
	local sysroot
	sysroot=$(bash devtools/matrix/sysroot-arm64.sh) || return 1
	# the SDK headers are those of the same 22.11 version (setup.sh's)
	bash devtools/setup.sh > "$dir/setup.log" 2>&1 || return 1
	local v
	v=$(PKG_CONFIG_SYSROOT_DIR=$sysroot PKG_CONFIG_LIBDIR=$sysroot/usr/lib/aarch64-linux-gnu/pkgconfig \
		pkg-config --modversion libdpdk) || return 1
	[ -d ".deps/dpdk-sdk-$v" ] || { msay "no SDK headers for arm64's DPDK $v in .deps/"; return 1; }
	bash devtools/cross/gen-cross-file.sh "$sysroot" "$dir/arm64.ini" \
		"${HIDMA_MATRIX_TIME_SCALE:-10}" || return 1
	build_and_test "$dir/build" "$dir/test.log" --cross-file "$dir/arm64.ini"
}

# run_in_chroot ROOT COMMAND: in a private mount namespace (mounts vanish
# with it, and never disturb another user of the chroot), with the checkout,
# the work directory and the SDK headers at the same paths as outside
run_in_chroot() {
	local root=$1
	unshare --mount --propagation private /bin/bash -c '
		set -e
		root=$1; shift
		for d in "$@"; do
			mkdir -p "$root$d"
			mount --bind "$d" "$root$d"
		done
		mount -t proc proc "$root/proc"
		mount --rbind /sys "$root/sys"
		mount --rbind /dev "$root/dev"
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 /bin/bash -c "$CMD"
	' -- "$root" "$top" "$work" "$sdk2411"
}

plat_debian13_x86_64() {
	local root
	root=$(bash devtools/matrix/chroot-trixie.sh) || return 1
	[ -f "$sdk2411/include/rte_dmadev_pmd.h" ] ||
		{ msay "no DPDK 24.11 SDK headers in $sdk2411 (set HIDMA_SDK_24_11)"; return 1; }
	CMD="cd '$top' && $(declare -f build_and_test); build_and_test '$dir/build' '$dir/test.log' \
		-Dsdk_headers='$sdk2411/include'" run_in_chroot "$root"
}

plat_dpdk25_11_x86_64() {
	local d
	d=$(bash devtools/matrix/dpdk-25.11.sh) || return 1
	# a DPDK outside the loader's paths: its programs and our plugins find
	# its libraries as a user's would, through LD_LIBRARY_PATH
	PKG_CONFIG_PATH=$d/install/lib/pkgconfig LD_LIBRARY_PATH=$d/install/lib \
		build_and_test "$dir/build" "$dir/test.log" -Dsdk_buildtools="$d/src/buildtools"
}

# ---------------------------------------------------------------- the run

# (one function, read whole before it runs: editing this file during a run
# cannot change the run)
main() {
	total_pass=0
	total_fail=0
	local lines=() p dir start fn rc pass fail line reused
	for p in $platforms; do
		dir=$work/$p
		mkdir -p "$dir"
		rm -f "$dir/build/meson-logs/testlog.json"
		msay "$p: setting up, building and testing (log: $dir/test.log)"
		start=$SECONDS
		fn=plat_$(tr '.-' '__' <<< "$p")
		reused=0
		$fn
		rc=$?
		pass=0
		fail=0
		if [ -f "$dir/build/meson-logs/testlog.json" ]; then
			read -r pass fail < <(summarize "$dir/build/meson-logs/testlog.json")
		fi
		if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
			msay "$p: set-up or build failed; last lines of its log:"
			tail -n 20 "$dir/test.log" >&2 2>/dev/null
			fail=$((fail + 1))
		fi
		[ "$pass" -eq 0 ] && [ "$fail" -eq 0 ] && fail=1
		line="$p ($((SECONDS - start)) s): $pass passed, $fail failed"
		if [ "$reused" = 1 ]; then
			# .ci/run's suite tier counted these already
			line="$line (the suite tier's run: not counted again)"
		else
			total_pass=$((total_pass + pass))
			total_fail=$((total_fail + fail))
		fi
		msay "$line"
		lines+=("$line")
	done
	printf '%s\n' "${lines[@]}"
	echo "$total_pass passed, $total_fail failed"
	[ "$total_fail" -eq 0 ]
}

main
exit $?
