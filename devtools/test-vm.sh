#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# The VM tier: lib/hidma_model as an emulated HIDMA (channel + management)
# behind an emulated SMMUv3 in an arm64 QEMU guest (TCG), driven by Debian
# 12's own arm64 kernel. Builds what is missing (cached under <cache>/qemu/,
# see doc/guides/testing.rst, VM tier), boots once and prints one line per
# check, then "N passed, N failed"; exits non-zero on any failure.
#
#   bash devtools/test-vm.sh [--keep]     (--keep: keep the boot log)
#
# Parts of the boot (vm/guest/init): kernel (hdma + hdma_mgmt probe,
# dmatest memcpy/memset on both channels of instance A, the management
# sysfs knobs against the model's registers), fault (instance B fails every
# 3rd TRE: Linux's error path must finish) and dpdk (instance A released
# by Linux and bound to vfio-platform; this tree's arm64 plugins, tests and
# Debian's arm64 dpdk-test, as an ordinary user: dmadev_autotest, with
# real SMMU faults, rawdev_autotest, a short dpdk-test-dma-perf config of
# this tree and the QoS split set through our rawdev). Prints the time of
# each step and part.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
cache=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/hidma-dpdk/qemu
keep=0
[ "${1:-}" = --keep ] && keep=1
# per boot, generous: TCG on a loaded 2-CPU machine
BOOT_TIMEOUT=${HIDMA_VM_BOOT_TIMEOUT:-900}

pass=0
fail=0
res() {
	echo "$1 $2"
	if [ "$1" = PASS ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}
end() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

# host tools: QEMU's build dependencies, the cross compiler for the kernel
# modules and plugins, depmod and cpio for the initramfs
missing=
for p in libglib2.0-dev libpixman-1-dev libfdt-dev ninja-build pkg-config \
		crossbuild-essential-arm64 kmod cpio dpkg-dev; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q ' installed$' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "vm: installing$missing"
	apt-get update -q > /dev/null 2>&1
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing > /dev/null ||
		{ res FAIL "vm/host-packages: cannot install$missing"; end; }
fi

t=$SECONDS
if ! qemu=$(bash vm/qemu/build.sh); then
	res FAIL "vm/qemu-build: see $cache/build.log"
	end
fi
echo "vm: qemu ready ($((SECONDS - t)) s): $qemu"
t=$SECONDS
if ! krel=$(bash vm/guest-build.sh); then
	res FAIL "vm/guest-build: see $cache/guest/guest-build.log"
	end
fi
echo "vm: guest kernel $krel, modules and rootfs ready ($((SECONDS - t)) s)"

# this tree's drivers for arm64 (the matrix's sysroot and cross file),
# built incrementally in the cache: every plugin, the benchmark
# (app/test-dma-perf) and the management rawdev's test program (its QoS
# split scenario), nothing else; one build directory per checkout (a meson
# build directory belongs to one source tree)
t=$SECONDS
arm64=$cache/arm64-$(printf '%s' "$repo" | sha256sum | cut -c1-12)
mkdir -p "$arm64"
arm64_ok=0
if sysroot=$(bash devtools/matrix/sysroot-arm64.sh) &&
		bash devtools/cross/gen-cross-file.sh "$sysroot" "$arm64/arm64.ini.new" 10 &&
		{ cmp -s "$arm64/arm64.ini.new" "$arm64/arm64.ini" && [ -f "$arm64/build/build.ninja" ] ||
			{ mv "$arm64/arm64.ini.new" "$arm64/arm64.ini" && rm -rf "$arm64/build" &&
			meson setup "$arm64/build" --cross-file "$arm64/arm64.ini" > "$arm64/setup.log" 2>&1; }; } &&
		plugins=$(ninja -C "$arm64/build" -t targets all |
			sed -n 's|^\(drivers/librte_[^:/]*\.so\): .*|\1|p') && [ -n "$plugins" ] &&
		nice ninja -C "$arm64/build" $plugins app/test-dma-perf/dpdk-test-dma-perf \
			test/rawdev/test_hidma_mgmt > "$arm64/ninja.log" 2>&1 &&
		bash vm/guest-dpdk.sh "$arm64/build" "$arm64/overlay"; then
	arm64_ok=1
	echo "vm: arm64 plugins, tests and guest DPDK ready ($((SECONDS - t)) s)"
else
	res FAIL "vm/arm64-build: see $arm64/setup.log, $arm64/ninja.log"
fi

# The initramfs: the cached rootfs, this tree's init and (with a good arm64
# build) the DPDK overlay. Packed again only when its content changed: the
# key is a hash of every file's path, mode and content (one per checkout).
t=$SECONDS
rd=$arm64/initrd.gz
tree_hash() {
	(cd "$1" && find . ! -name .complete -type f -print0 | sort -z |
		xargs -0 -r sha256sum; find . ! -name .complete -printf '%p %m %l\n' | sort) |
		sha256sum | cut -c1-64
}
key=$( { tree_hash "$cache/guest/rootfs"; sha256sum < vm/guest/init
	[ "$arm64_ok" = 1 ] && tree_hash "$arm64/overlay"; } | sha256sum | cut -c1-64)
if [ ! -f "$rd" ] || [ "$(cat "$rd.key" 2>/dev/null)" != "$key" ]; then
	r=$arm64/root
	rm -rf "$r" "$rd" "$rd.key"
	mkdir "$r"
	cp -a "$cache/guest/rootfs/." "$r/"
	[ "$arm64_ok" = 1 ] && cp -a "$arm64/overlay/." "$r/"
	cp vm/guest/init "$r/init"
	chmod 755 "$r/init"
	rm -f "$r/.complete"
	(cd "$r" && find . | sort | cpio -o -H newc --quiet | gzip -1) > "$rd.new"
	rm -rf "$r"
	mv "$rd.new" "$rd"
	echo "$key" > "$rd.key"
	echo "vm: initramfs packed ($((SECONDS - t)) s)"
else
	echo "vm: initramfs up to date ($((SECONDS - t)) s)"
fi

# One boot runs every part (vm/guest/init): two HIDMA instances, A
# (management stream ID 0x1100, channels 0 and 1 with 0x1000 and 0x1001)
# for Linux's driver and then DPDK, B (0x1101, channel 0x1002) failing
# every 3rd TRE for Linux's error path.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=$work/boot.log
start=$SECONDS
timeout -k 10 "$BOOT_TIMEOUT" "$qemu" -M virt,gic-version=3,iommu=smmuv3 \
	-cpu cortex-a57 -smp 1 -m 2048 -nic none -display none \
	-serial stdio -monitor none -no-reboot \
	-kernel "$cache/guest/kernel/vmlinuz" -initrd "$rd" \
	-append "console=ttyAMA0 panic=-1 iomem=relaxed loglevel=4 hidma.dpdk=$arm64_ok" \
	-device qcom-hidma-mgmt,id=hm0,channels=2,stream-id=0x1100 \
	-device qcom-hidma,mgmt=hm0,index=0,stream-id=0x1000 \
	-device qcom-hidma,mgmt=hm0,index=1,stream-id=0x1001 \
	-device qcom-hidma-mgmt,id=hm1,channels=1,stream-id=0x1101,fail-every=3 \
	-device qcom-hidma,mgmt=hm1,index=0,stream-id=0x1002 \
	< /dev/null > "$log" 2>&1
rc=$?
n=0
while read -r l; do
	case "$l" in
	"VMTEST PASS "*) res PASS "vm/${l#VMTEST PASS }"; n=$((n + 1)) ;;
	"VMTEST FAIL "*) res FAIL "vm/${l#VMTEST FAIL }"; n=$((n + 1)) ;;
	"VMTEST INFO "*) echo "vm: ${l#VMTEST INFO }" ;;
	"VMTEST TIME "*) l=${l#VMTEST TIME }; echo "vm: time ${l% *}: ${l##* } s (guest)" ;;
	esac
done < <(tr -d '\r' < "$log")
if ! grep -q '^VMTEST END' <(tr -d '\r' < "$log"); then
	res FAIL "vm/boot: the guest did not finish (qemu rc $rc, $n checks ran); last lines:"
	tail -n 25 "$log" | sed 's/^/    /'
fi
echo "vm: boot and test $((SECONDS - start)) s; total $SECONDS s"
if [ "$keep" = 1 ]; then
	cp "$log" "$cache/boot.log"
	echo "vm: log kept in $cache/boot.log"
fi
end
