#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# One-time (and idempotent) set-up of a Debian 12 machine for hidma-dpdk:
#   1. the Debian packages the build, tests and benchmarks need;
#   2. the DPDK driver-SDK headers Debian does not ship, taken from the Debian
#      source package of exactly the installed libdpdk-dev version;
#   3. 2 MiB hugepages and a hugetlbfs mount (or a clear note that we fall
#      back to --no-huge);
#   4. the build, into build/.
# A second run finds everything in place and only re-runs ninja.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# Debian's interpreter has meson's and pyelftools' modules; pyenv's may not.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || die "run as root (or install sudo)"
	SUDO=sudo
fi

# ------------------------------------------- stale DPDK runtime dirs, hugepages
# A DPDK process killed (SIGKILL, a crash) leaves its runtime directory
# <base>/<prefix>/ behind, and, without --huge-unlink, its hugepage files
# (<prefix>map_<N> in the hugetlbfs mount): enough of them and the next run
# finds no free hugepage. Both are removed here once their process is gone,
# decided as DPDK decides: a live primary holds a write lock (fcntl) on
# <prefix>/config, and every live process holds a shared flock on each
# hugepage file it maps (EAL's clear_hugedir() removes the files it can
# lock exclusively). Anything younger than 10 s (HIDMA_STALE_MIN_AGE) is
# left alone: a process that is starting may not hold its locks yet.
clean_stale_dpdk() {
	local base
	if [ "$(id -u)" -eq 0 ]; then
		base=/var/run/dpdk
	else
		base=${XDG_RUNTIME_DIR:-/tmp}/dpdk
	fi
	/usr/bin/python3 - "$base" <<'PY'
import fcntl, os, shutil, sys, time

base = sys.argv[1]
young = time.time() - float(os.environ.get("HIDMA_STALE_MIN_AGE", "10"))

def old(path):
    try:
        return os.lstat(path).st_mtime < young
    except OSError:
        return False

dirs = 0
if os.path.isdir(base):
    for name in sorted(os.listdir(base)):
        d = os.path.join(base, name)
        cfg = os.path.join(d, "config")
        if not os.path.isdir(d) or os.path.islink(d) or not old(d):
            continue
        if os.path.exists(cfg):
            try:
                fd = os.open(cfg, os.O_RDWR)
            except OSError:
                continue
            try:
                # EAL's primary: F_SETLK write lock on the whole file
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue    # its primary runs
            shutil.rmtree(d, ignore_errors=True)
            os.close(fd)
        else:
            # no config: a secondary-only or half-made directory; leave it
            # unless nothing in it was touched for an hour
            if os.lstat(d).st_mtime > time.time() - 3600:
                continue
            shutil.rmtree(d, ignore_errors=True)
        dirs += 1

files = nbytes = 0
mounts = []
with open("/proc/mounts") as f:
    for line in f:
        w = line.split()
        if len(w) > 2 and w[2] == "hugetlbfs":
            mounts.append(w[1].replace("\\040", " "))
for m in mounts:
    try:
        names = os.listdir(m)
    except OSError:
        continue
    for name in names:
        if "map_" not in name:
            continue
        p = os.path.join(m, name)
        if not old(p):
            continue
        try:
            fd = os.open(p, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue    # mapped by a live process
        try:
            size = os.fstat(fd).st_blocks * 512
            os.unlink(p)
            files += 1
            nbytes += size
        except OSError:
            pass
        os.close(fd)
print("setup: stale DPDK state: removed %d runtime dir(s) under %s, freed %d hugepage "
      "file(s) (%d MiB)" % (dirs, base, files, nbytes >> 20))
PY
}
if [ "${1:-}" = "--clean-stale" ]; then
	clean_stale_dpdk
	exit 0
fi

# ---------------------------------------------------------------- packages
PACKAGES="dpdk dpdk-dev libdpdk-dev meson ninja-build pkg-config libnuma-dev
	python3-pyelftools xz-utils gcc valgrind"
# the shell's tests type into a terminal
PACKAGES="$PACKAGES tmux"

missing=
for p in $PACKAGES; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -n "$missing" ]; then
	say "installing Debian packages:$missing"
	$SUDO apt-get update -q >/dev/null
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
fi

# --------------------------------------------------------- driver-SDK headers
deb_ver=$(dpkg-query -W -f='${Version}' libdpdk-dev)
up_ver=${deb_ver%%-*}
pc_ver=$(pkg-config --modversion libdpdk)
[ "$up_ver" = "$pc_ver" ] || die "libdpdk-dev $deb_ver does not match pkg-config's libdpdk $pc_ver"
sdk=$top/.deps/dpdk-sdk-$up_ver
SDK_HEADERS="lib/eal/include/bus_driver.h lib/eal/include/dev_driver.h
	lib/dmadev/rte_dmadev_pmd.h drivers/bus/vdev/bus_vdev_driver.h"
# DPDK's build step that embeds each driver's name and devargs for
# dpdk-pmdinfo.py; Debian ships the reader but not the generator
SDK_TOOLS="buildtools/pmdinfogen.py buildtools/coff.py buildtools/gen-pmdinfo-cfile.py"

sdk_complete=1
[ -f "$sdk/.complete" ] || sdk_complete=0
for t in $SDK_TOOLS; do
	[ -f "$sdk/$t" ] || sdk_complete=0
done
if [ "$sdk_complete" = 0 ]; then
	say "fetching the driver-SDK headers from Debian's dpdk $deb_ver source package"
	# deb-src entries derived from the machine's own apt sources
	src_list=/etc/apt/sources.list.d/hidma-dpdk-deb-src.sources
	if ! apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null | grep -q '^Sources$'; then
		tmp=$(mktemp)
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			[ "$f" = "$src_list" ] && continue
			sed -n 's/^Types:.*\bdeb\b.*$/Types: deb-src/; p' "$f" >> "$tmp"
			echo >> "$tmp"
		done
		if [ -f /etc/apt/sources.list ]; then
			sed -n 's/^deb \(.*\)$/deb-src \1/p' /etc/apt/sources.list > "${tmp}.list"
			[ -s "${tmp}.list" ] && $SUDO cp "${tmp}.list" /etc/apt/sources.list.d/hidma-dpdk-deb-src.list
			rm -f "${tmp}.list"
		fi
		[ -s "$tmp" ] && $SUDO cp "$tmp" "$src_list"
		rm -f "$tmp"
		$SUDO apt-get update -q >/dev/null
	fi
	dl=$(mktemp -d)
	(cd "$dl" && apt-get source --download-only -q "dpdk=$deb_ver" >/dev/null 2>&1) ||
		die "apt-get source dpdk=$deb_ver failed (are deb-src entries reachable?)"
	orig=$(ls "$dl"/dpdk_"$up_ver".orig.tar.* | head -n 1)
	rm -rf "$sdk"
	mkdir -p "$sdk/include"
	mkdir -p "$sdk/buildtools"
	pattern=
	for h in $SDK_HEADERS $SDK_TOOLS; do pattern="$pattern */$h"; done
	# shellcheck disable=SC2086
	tar -xf "$orig" -C "$dl" --wildcards $pattern
	for h in $SDK_HEADERS; do
		cp "$dl"/*/"$h" "$sdk/include/"
	done
	for t in $SDK_TOOLS; do
		cp "$dl"/*/"$t" "$sdk/$t"
	done
	rm -rf "$dl"
	touch "$sdk/.complete"
fi

# --------------------------------------------------------------- hugepages
clean_stale_dpdk
want_pages=${HIDMA_HUGEPAGES:-1024}
hp=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
huge_ok=0
if [ -w "$hp" ] || [ -n "$SUDO" ]; then
	have=$(cat "$hp" 2>/dev/null || echo 0)
	if [ "$have" -lt "$want_pages" ]; then
		echo "$want_pages" | $SUDO tee "$hp" >/dev/null 2>&1 || true
	fi
	have=$(cat "$hp" 2>/dev/null || echo 0)
	if ! grep -q ' hugetlbfs ' /proc/mounts; then
		$SUDO mkdir -p /dev/hugepages
		$SUDO mount -t hugetlbfs -o pagesize=2M nodev /dev/hugepages 2>/dev/null || true
	fi
	if [ "$have" -ge 64 ] && grep -q ' hugetlbfs ' /proc/mounts; then
		huge_ok=1
	fi
fi
if [ "$huge_ok" = 1 ]; then
	say "hugepages: $(cat $hp) x 2 MiB reserved, hugetlbfs mounted"
else
	say "NOTE: could not reserve 2 MiB hugepages or mount hugetlbfs;" \
		"tests and benchmarks fall back to --no-huge"
fi

# ------------------------------------------------------------------- build
# EAL's -d refuses a plugin whose real path has a world-writable directory
# above it (e.g. a checkout in /tmp). There, build/ becomes a symlink to a
# build directory in the user's cache, so "-d build/drivers" keeps working.
insecure_above() {
	local d=$1
	while [ "$d" != "/" ]; do
		[ -n "$(find "$d" -maxdepth 0 -perm -o+w 2>/dev/null)" ] && return 0
		d=$(dirname "$d")
	done
	return 1
}
if [ ! -e build ] && insecure_above "$top"; then
	cache=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/hidma-dpdk/$(printf '%s' "$top" | sha1sum | cut -c1-12)
	mkdir -p "$cache"
	insecure_above "$cache" && die "$top and $cache are both below a world-writable directory;" \
		"EAL would refuse our plugins: clone elsewhere"
	rm -rf "$cache/build"
	ln -s "$cache/build" build
	say "$top is below a world-writable directory: build/ -> $cache/build"
fi
if [ ! -f build/build.ninja ]; then
	meson setup build >/dev/null ||
		die "meson setup failed (see build/meson-logs/meson-log.txt)"
fi
ninja -C build >/dev/null || { ninja -C build; die "build failed"; }
say "built into $top/build"
