#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# DPDK coding style, checked the way DPDK checks it: Linux's
# scripts/checkpatch.pl (from Debian's linux source, package
# linux-source-<ver>) with the options of upstream DPDK's
# devtools/checkpatches.sh (100 columns, codespell, DPDK's --ignore list).
#
#   devtools/checkpatch.sh               every tracked C source and header
#   devtools/checkpatch.sh FILE...       these files
#   devtools/checkpatch.sh -r RANGE      the commits of a git range, as patches
#
# The script is fetched once into the cache; ends with "N findings" and
# exits 1 when there are any.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

die() { printf 'checkpatch: error: %s\n' "$*" >&2; exit 2; }

cache=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/hidma-dpdk/checkpatch
if [ ! -f "$cache/.complete" ]; then
	command -v codespell >/dev/null || {
		apt-get update -q >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -o DPkg::Lock::Timeout=600 -y -q codespell >/dev/null
	} || die "cannot install codespell"
	pkg=$(apt-cache depends linux-source 2>/dev/null | sed -n 's/.*Depends: \(linux-source-[0-9.]*\)$/\1/p' | head -n 1)
	[ -n "$pkg" ] || pkg=$(apt-cache pkgnames linux-source- | sort -V | tail -n 1)
	[ -n "$pkg" ] || die "no linux-source package known to apt (apt-get update?)"
	dl=$(mktemp -d)
	chmod 755 "$dl"
	(cd "$dl" && apt-get download -q "$pkg" >/dev/null 2>&1) || die "apt-get download $pkg failed"
	rm -rf "$cache"
	mkdir -p "$cache"
	dpkg-deb --fsys-tarfile "$dl"/"$pkg"_*.deb |
		tar -x --wildcards '*/linux-source-*.tar.xz' -O |
		tar -xJ -C "$dl" --wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
			'*/scripts/const_structs.checkpatch' || die "cannot unpack $pkg"
	cp "$dl"/*/scripts/checkpatch.pl "$dl"/*/scripts/spelling.txt \
		"$dl"/*/scripts/const_structs.checkpatch "$cache/"
	echo "$pkg" > "$cache/.complete"
	rm -rf "$dl"
fi

dict=$(/usr/bin/python3 -c 'import codespell_lib, os; print(os.path.join(os.path.dirname(codespell_lib.__file__), "data", "dictionary.txt"))' 2>/dev/null)
[ -f "$dict" ] || die "codespell's dictionary not found"

# upstream DPDK's devtools/checkpatches.sh options
options=(--no-tree --codespell --codespellfile "$dict" --max-line-length=100 --show-types
	--ignore=LINUX_VERSION_CODE,ENOSYS,FILE_PATH_CHANGES,MAINTAINERS_STYLE,SPDX_LICENSE_TAG,VOLATILE,PREFER_PACKED,PREFER_ALIGNED,PREFER_PRINTF,STRLCPY,PREFER_KERNEL_TYPES,PREFER_FALLTHROUGH,BIT_MACRO,CONST_STRUCT,SPLIT_STRING,LONG_LINE_STRING,C99_COMMENT_TOLERANCE,LINE_SPACING,PARENTHESIS_ALIGNMENT,NETWORKING_BLOCK_COMMENT_STYLE,NEW_TYPEDEFS,COMPARISON_TO_NULL,AVOID_BUG,EXPORT_SYMBOL,BAD_REPORTED_BY_LINK)

findings=0
check() { # checkpatch arguments...
	local out n
	out=$(perl "$cache/checkpatch.pl" "${options[@]}" "$@" 2>&1)
	n=$(grep -cE '^(ERROR|WARNING|CHECK):' <<< "$out")
	if [ "$n" -gt 0 ]; then
		printf '%s\n' "$out" | grep -vE '^(total:|NOTE:|$)' | grep -v 'has style problems'
		findings=$((findings + n))
	fi
}

if [ "${1:-}" = "-r" ]; then
	[ $# -eq 2 ] || die "usage: $0 -r RANGE"
	for c in $(git rev-list --reverse "$2"); do
		check - < <(git format-patch --stdout -1 "$c")
	done
	echo "$(git rev-list --count "$2") commits, $findings findings"
else
	if [ $# -eq 0 ]; then
		# vm/qemu/ is QEMU code (GPL-2.0-or-later) in QEMU's own style
		mapfile -t files < <(git ls-files '*.c' '*.h' ':!:vm/qemu/*')
	else
		files=("$@")
	fi
	for f in "${files[@]}"; do
		check -f "$f"
	done
	echo "${#files[@]} files, $findings findings"
fi
[ "$findings" -eq 0 ]
