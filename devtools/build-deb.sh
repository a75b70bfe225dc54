#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# build-deb.sh [--arch amd64|arm64] [--dist bookworm|trixie] [--no-lintian]
#
# Builds the Debian packages (debian/) from a clean export of the tracked
# files into build/deb/<dist>-<arch>/, for
#   bookworm: Debian 12, DPDK 22.11 (on this machine, a Debian 12 host);
#   trixie:   Debian 13, DPDK 24.11, in a copy of the trixie chroot that
#             devtools/matrix/chroot-trixie.sh creates (<cache>/chroot-trixie);
#   arm64:    bookworm only, cross-built against the arm64 DPDK unpacked in
#             <cache>/sysroot-arm64-bookworm (devtools/matrix/sysroot-arm64.sh).
# The DPDK driver-SDK headers, which no Debian package ships, come from
# .deps/ (filled by devtools/setup.sh from Debian's dpdk source package) for
# bookworm, and from shared/deps/dpdk-sdk-24.11 (HIDMA_SDK_24_11) for trixie.
# The test suite is not run inside the package build: CI runs it on the same
# tree, and devtools/test-install.sh tests the packages themselves.
set -euo pipefail

# one compound command: bash reads all of it before running any, so editing
# this file during a (long) run cannot change what that run executes
{
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
cache=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/hidma-dpdk

say() { printf 'build-deb: %s\n' "$*"; }
die() { printf 'build-deb: error: %s\n' "$*" >&2; exit 1; }

arch=$(dpkg --print-architecture)
dist=bookworm
lintian=1
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=${2:?--arch needs amd64 or arm64}; shift 2 ;;
	--arch=*) arch=${1#--arch=}; shift ;;
	--dist) dist=${2:?--dist needs bookworm or trixie}; shift 2 ;;
	--dist=*) dist=${1#--dist=}; shift ;;
	--no-lintian) lintian=0; shift ;;
	-h|--help) sed -n '4,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done
build_arch=$(dpkg --print-architecture)
case "$arch" in amd64|arm64) ;; *) die "--arch $arch: only amd64 and arm64 are supported" ;; esac
case "$dist" in
bookworm) debver=12 ;;
trixie) debver=13 ;;
*) die "--dist $dist: only bookworm and trixie are supported" ;;
esac
[ "$arch" = "$build_arch" ] || [ "$dist" = bookworm ] ||
	die "cross builds (--arch $arch) exist for bookworm only: the arm64 sysroot is Debian 12's"
[ "$build_arch" = amd64 ] || [ "$arch" = "$build_arch" ] ||
	die "cross builds are set up for amd64 hosts only"
host_ver=$(cut -d. -f1 /etc/debian_version 2>/dev/null || echo 0)
[ "$dist" != bookworm ] || [ "$host_ver" = 12 ] ||
	die "bookworm packages are built on a Debian 12 host (this is $(cat /etc/debian_version))"

out=$top/build/deb/$dist-$arch
version=$(sed -n "s/^[[:space:]]*version: '\([^']*\)',.*/\1/p" meson.build | head -n 1)
[ -n "$version" ] || die "no version in meson.build's project()"
debversion=$version+deb$debver
[ -z "$(git status --porcelain | grep -v -E '^\?\? (\.deps|build|build-[^/]*)$')" ] ||
	say "note: the working tree's uncommitted changes are included"

# ---------------------------------------------------------- build packages
host_pkgs="build-essential debhelper dpkg-dev fakeroot sphinx-common python3-sphinx python3-sphinx-rtd-theme
	meson ninja-build pkgconf python3-pyelftools libdpdk-dev lintian"
[ "$arch" = "$build_arch" ] || host_pkgs="$host_pkgs gcc-aarch64-linux-gnu
	binutils-aarch64-linux-gnu qemu-user-static file"
if [ "$dist" = bookworm ]; then
	missing=
	for p in $host_pkgs; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q ' installed$' ||
			missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		say "installing build dependencies:$missing"
		apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends \
			$missing >/dev/null || die "apt-get install$missing failed"
	fi
fi

# -------------------------------------------------------- driver-SDK headers
case "$dist" in
bookworm)
	up_ver=$(dpkg-query -W -f='${Version}' libdpdk-dev)
	up_ver=${up_ver%%-*}
	sdk=$top/.deps/dpdk-sdk-$up_ver
	if [ ! -f "$sdk/.complete" ]; then
		say "no driver-SDK headers for DPDK $up_ver in .deps/: running devtools/setup.sh"
		bash devtools/setup.sh
	fi
	[ -f "$sdk/.complete" ] || die "devtools/setup.sh did not fill $sdk"
	;;
trixie)
	sdk=${HIDMA_SDK_24_11:-}
	for d in "$top/../shared/deps/dpdk-sdk-24.11" /work/shared/deps/dpdk-sdk-24.11; do
		[ -n "$sdk" ] && break
		[ -f "$d/include/rte_dmadev_pmd.h" ] && sdk=$d
	done
	[ -n "$sdk" ] && [ -f "$sdk/include/rte_dmadev_pmd.h" ] ||
		die "no DPDK 24.11 driver-SDK headers: set HIDMA_SDK_24_11 to a directory" \
			"with include/ and buildtools/ (shared/deps/dpdk-sdk-24.11)"
	;;
esac
sdk=$(cd "$sdk" && pwd)

# ------------------------------------------------------------- clean export
work=$(mktemp -d "${TMPDIR:-/tmp}/hidma-deb.XXXXXX")
mounts=()
cleanup() {
	local i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null || true; done
	rm -rf --one-file-system "$work"
}
trap cleanup EXIT
src=$work/src/hidma-dpdk-$debversion
mkdir -p "$src"
# tracked files and new ones not ignored (but never .deps or build, which
# may be symlinks), as they are in the working tree
git ls-files -z --cached --others --exclude-standard |
	grep -zv -E '^(\.deps|build|build-[^/]*)(/|$)' | tar --null -T - -cf - | tar -xf - -C "$src"
# the dist's entry on top of debian/changelog: version from meson.build
{
	printf 'hidma-dpdk (%s) %s; urgency=medium\n\n' "$debversion" "$dist"
	printf '  * Build of %s for Debian %s (%s).\n\n' \
		"$(git describe --always --dirty 2>/dev/null || echo "$version")" "$debver" "$dist"
	printf ' -- %s  %s\n\n' "$(sed -n 's/^ -- \(.*>\)  .*/\1/p' debian/changelog | head -n 1)" \
		"$(date -R)"
	cat debian/changelog
} > "$src/debian/changelog"
cp -a "$sdk" "$work/sdk"

buildflags=(-us -uc)
[ "$arch" = "$build_arch" ] || buildflags=(-us -uc -B -a "$arch" -d)
env_vars=(HIDMA_SDK_HEADERS="$work/sdk/include" DEB_BUILD_OPTIONS="nocheck")

# ------------------------------------------------------------- cross set-up
if [ "$arch" != "$build_arch" ]; then
	sysroot=$cache/sysroot-arm64-bookworm
	[ -f "$sysroot/.complete" ] ||
		die "no arm64 sysroot ($sysroot/.complete missing): run" \
			"devtools/matrix/sysroot-arm64.sh (helper plat's) first"
	# pkg-config that sees only the sysroot's .pc files, with its paths
	cat > "$work/aarch64-pkg-config" <<-EOF
	#!/bin/sh
	export PKG_CONFIG_SYSROOT_DIR=$sysroot
	export PKG_CONFIG_LIBDIR=$sysroot/usr/lib/aarch64-linux-gnu/pkgconfig:$sysroot/usr/share/pkgconfig
	unset PKG_CONFIG_PATH
	exec pkg-config "\$@"
	EOF
	chmod +x "$work/aarch64-pkg-config"
	# on top of the cross file dh generates (compilers, and dpkg-buildflags'
	# CFLAGS/LDFLAGS in c_args/c_link_args, which must stay): the sysroot
	# rides on the compiler command, and pkg-config sees only the sysroot
	cat > "$work/cross.ini" <<-EOF
	[binaries]
	c = ['aarch64-linux-gnu-gcc', '--sysroot=$sysroot', '-Wl,-rpath-link,$sysroot/usr/lib/aarch64-linux-gnu', '-Wl,-rpath-link,$sysroot/lib/aarch64-linux-gnu']
	pkg-config = '$work/aarch64-pkg-config'
	pkgconfig = '$work/aarch64-pkg-config'

	[properties]
	sys_root = '$sysroot'
	EOF
	# dpkg-shlibdeps maps each NEEDED library to its package through the
	# dpkg database, which has no arm64 DPDK here: the host's amd64 shlibs
	# (same Debian 12 DPDK) name the same, architecture-independent packages;
	# the cross toolchain's libc6 entries cover ld-linux-aarch64 (without
	# their ":arm64" qualifier: the package is arm64 itself)
	{
		sed 's/:arm64//' /var/lib/dpkg/info/libc6-arm64-cross.shlibs
		find /var/lib/dpkg/info -name '*.shlibs' ! -name '*-cross.shlibs' ! -name '*i386*' \
			! -name 'lib32*' ! -name 'libx32*' -exec cat {} +
	} > "$src/debian/shlibs.local"
	env_vars+=(HIDMA_SYSROOT="$sysroot"
		HIDMA_MESON_ARGS="--cross-file=$work/cross.ini"
		HIDMA_SHLIBDEPS_ARGS="-l$sysroot/usr/lib/aarch64-linux-gnu -l$sysroot/lib/aarch64-linux-gnu"
		PKG_CONFIG="$work/aarch64-pkg-config")
fi

# ------------------------------------------------------------------- build
log=$work/build.log
if [ "$dist" = bookworm ]; then
	say "building $dist/$arch packages of $debversion (log: $out/build.log)"
	(cd "$src" && env "${env_vars[@]}" dpkg-buildpackage "${buildflags[@]}") > "$log" 2>&1 ||
		{ mkdir -p "$out"; cp "$log" "$out/build.log"; tail -n 40 "$log"; die "dpkg-buildpackage failed"; }
	result=$work/src
else
	base=$cache/chroot-trixie
	[ -f "$base/.complete" ] ||
		die "no Debian 13 chroot ($base/.complete missing): run" \
			"devtools/matrix/chroot-trixie.sh (helper plat's) first"
	# the cached chroot is never modified: build in a copy of it
	root=$work/root
	say "copying the trixie chroot"
	cp -a --reflink=auto "$base" "$root"
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
	for m in proc dev; do
		mount --bind "/$m" "$root/$m"
		mounts+=("$root/$m")
	done
	mkdir -p "$root/build"
	mv "$work/src" "$root/build/src"
	mv "$work/sdk" "$root/build/sdk"
	say "installing the build dependencies in the copy"
	chroot "$root" sh -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install \
		-y -q --no-install-recommends $(echo $host_pkgs)" > "$log" 2>&1 ||
		{ tail -n 20 "$log"; die "installing build dependencies in the trixie chroot failed"; }
	say "building $dist/$arch packages of $debversion in the chroot (log: $out/build.log)"
	chroot "$root" sh -c "cd /build/src/hidma-dpdk-$debversion && \
		HIDMA_SDK_HEADERS=/build/sdk/include DEB_BUILD_OPTIONS=nocheck \
		dpkg-buildpackage ${buildflags[*]}" >> "$log" 2>&1 ||
		{ mkdir -p "$out"; cp "$log" "$out/build.log"; tail -n 40 "$log"; die "dpkg-buildpackage failed"; }
	result=$root/build/src
fi
# ------------------------------------------------------------------ lintian
# on the .changes (source and every binary package), before anything moves
lint_rc=0
if [ "$lintian" = 1 ]; then
	lint="lintian --fail-on error,warning --tag-display-limit 0 -- *.changes"
	if [ "$dist" = bookworm ]; then
		(cd "$result" && $lint) > "$work/lintian.txt" 2>&1 || lint_rc=$?
	else
		chroot "$root" sh -c "cd /build/src && $lint" > "$work/lintian.txt" 2>&1 || lint_rc=$?
	fi
fi

rm -rf "$out"
mkdir -p "$out"
cp "$log" "$out/build.log"
[ "$lintian" = 1 ] && cp "$work/lintian.txt" "$out/lintian.txt"
cp "$result"/*.deb "$result"/*.buildinfo "$result"/*.changes "$out/"
cp "$result"/*.dsc "$result"/*.tar.* "$out/" 2>/dev/null || true
# debug symbols aside, so that "apt install ./build/deb/<dist>-<arch>/*.deb"
# installs what a user installs
mkdir -p "$out/dbgsym"
mv "$out"/*-dbgsym_*.deb "$out/dbgsym/" 2>/dev/null || true
say "packages in ${out#"$top"/}/:"
for d in "$out"/*.deb; do
	printf '  %s\n' "$(basename "$d")"
done


if [ "$lintian" = 1 ]; then
	if [ "$lint_rc" -ne 0 ]; then
		grep -v '^running with root' "$out/lintian.txt"
		die "lintian reports errors or warnings ($out/lintian.txt)"
	fi
	say "lintian: no error, no warning (${out#"$top"/}/lintian.txt)"
fi
exit 0
}
