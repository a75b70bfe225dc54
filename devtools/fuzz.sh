#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# fuzz.sh [--long SECONDS] [NAME...]: the libFuzzer harnesses of test/fuzz
# (doc/guides/testing.rst). Builds the tree with clang-14, ASan, UBSan and
# fuzzer coverage into build-fuzz/ (next to build/ when build/ is a link
# into the cache), then:
#   default   each harness replays its seed corpus and runs a fixed number of
#             mutated inputs from a fixed seed (the CI tier, about a minute
#             each at most); ends with "N passed, N failed"
#   --long S  each harness (or those named: model, dmaperf_config,
#             vdev_devargs, chan_devargs, mgmt_attr, shell) fuzzes for S seconds,
#             keeping what it finds in build-fuzz/corpus/NAME
# A crash prints the input that caused it (hex and base64).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

long=
if [ "${1:-}" = "--long" ]; then
	long=${2:-}
	case "$long" in
	'' | *[!0-9]*) echo "usage: $0 [--long SECONDS] [NAME...]" >&2; exit 2 ;;
	esac
	shift 2
fi

bash devtools/setup.sh >/dev/null || { echo "fuzz: setup failed"; echo "0 passed, 1 failed"; exit 1; }
for p in clang-14 libclang-rt-14-dev; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q ' installed$'; then
		echo "fuzz: installing $p"
		SUDO=
		[ "$(id -u)" -ne 0 ] && SUDO=sudo
		$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$p" >/dev/null ||
			{ echo "fuzz: cannot install $p"; echo "0 passed, 1 failed"; exit 1; }
	fi
done

real=$(dirname "$(readlink -f build)")/build-fuzz
if [ "$real" != "$top/build-fuzz" ] && [ ! -e build-fuzz ]; then
	ln -s "$real" build-fuzz
fi
if [ ! -f build-fuzz/build.ninja ]; then
	# -Werror off: clang's warnings differ from gcc's, which the main build checks
	CC=clang-14 meson setup build-fuzz -Dfuzzers=true -Db_sanitize=address,undefined \
		-Db_lundef=false -Dwerror=false -Dc_args=-fsanitize=fuzzer-no-link >/dev/null ||
		{ echo "fuzz: meson setup build-fuzz failed"; echo "0 passed, 1 failed"; exit 1; }
fi
ninja -C build-fuzz >/dev/null || { ninja -C build-fuzz | tail -n 30;
	echo "fuzz: build failed"; echo "0 passed, 1 failed"; exit 1; }

if [ -n "$long" ]; then
	names=("$@")
	[ ${#names[@]} -gt 0 ] || names=(model dmaperf_config vdev_devargs chan_devargs mgmt_attr shell)
	pass=0
	fail=0
	export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	export LSAN_OPTIONS=suppressions=$top/devtools/sanitize/lsan.supp
	for n in "${names[@]}"; do
		mkdir -p "build-fuzz/corpus/$n"
		echo "=== fuzz $n for $long s (corpus build-fuzz/corpus/$n)"
		if FUZZ_SECONDS=$long FUZZ_CORPUS=build-fuzz/corpus/$n sh test/fuzz/run_fuzz.sh \
				"build-fuzz/test/fuzz/fuzz_$n" "test/fuzz/corpus/$n" 0; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
		fi
	done
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
fi

meson test -C build-fuzz --suite fuzz --num-processes 1 --print-errorlogs "$@"
rc=$?
summary=$(/usr/bin/python3 devtools/testlog-summary.py build-fuzz/meson-logs/testlog.json)
echo "$summary"
case "$summary" in
*", 0 failed") [ $rc -eq 0 ] && exit 0 ;;
esac
exit 1
