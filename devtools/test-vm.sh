#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# The VM tier: lib/hidma_model as an emulated HIDMA (channel + management)
# behind an emulated SMMUv3 in an arm64 QEMU guest (TCG), driven by Debian
# 12's own arm64 kernel. Builds what is missing (cached under <cache>/qemu/,
# see doc/guides/testing.rst, VM tier), boots once per phase and prints one
# line per check, then "N passed, N failed"; exits non-zero on any failure.
#
#   bash devtools/test-vm.sh [--keep]     (--keep: keep the boot logs)
#   HIDMA_VM_PHASES="kernel fault dpdk"   (the default: all phases, in order)
#
# Phases: kernel (hdma + hdma_mgmt probe, dmatest memcpy/memset, the
# management sysfs knobs against the model's registers), fault (the model
# fails every 3rd TRE: Linux's error path must finish) and dpdk (this
# tree's arm64 plugins and Debian's arm64 dpdk-test through vfio-platform:
# dmadev_autotest, with real SMMU faults, rawdev_autotest and a short
# dpdk-test-dma-perf config of this tree).
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
# built incrementally in the cache: every plugin and the benchmark
# (app/test-dma-perf), nothing else; one build
# directory per checkout (a meson build directory belongs to one source tree)
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
			> "$arm64/ninja.log" 2>&1 &&
		overlay=$(bash vm/guest-dpdk.sh "$arm64/build"); then
	arm64_ok=1
	echo "vm: arm64 plugins, benchmark and guest DPDK ready ($((SECONDS - t)) s)"
else
	res FAIL "vm/arm64-build: see $arm64/setup.log, $arm64/ninja.log"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# initrd NAME [OVERLAY]: the cached rootfs, this tree's init, the overlay
initrd() {
	local r=$work/root-$1
	mkdir "$r"
	cp -a "$cache/guest/rootfs/." "$r/"
	[ -n "${2:-}" ] && cp -a "$2/." "$r/"
	cp vm/guest/init "$r/init"
	chmod 755 "$r/init"
	rm -f "$r/.complete"
	(cd "$r" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/$1.gz"
	rm -rf "$r"
}
initrd base
[ "$arm64_ok" = 1 ] && initrd dpdk "$overlay"

# boot PHASE INITRD MEMORY [extra qcom-hidma-mgmt properties]
boot() {
	local phase=$1 rd=$work/$2.gz mem=$3 props=${4:-} n=0 start=$SECONDS rc
	local log=$work/boot-$1.log
	timeout -k 10 "$BOOT_TIMEOUT" "$qemu" -M virt,gic-version=3,iommu=smmuv3 \
		-cpu cortex-a57 -smp 1 -m "$mem" -nic none -display none \
		-serial stdio -monitor none -no-reboot \
		-kernel "$cache/guest/kernel/vmlinuz" -initrd "$rd" \
		-append "console=ttyAMA0 panic=-1 iomem=relaxed loglevel=4 hidma.phase=$phase" \
		-device "qcom-hidma-mgmt,id=hm0,channels=1${props:+,$props}" \
		-device qcom-hidma,mgmt=hm0,index=0,stream-id=0x1000 \
		< /dev/null > "$log" 2>&1
	rc=$?
	while read -r l; do
		case "$l" in
		"VMTEST PASS "*) res PASS "vm/$phase/${l#VMTEST PASS }"; n=$((n + 1)) ;;
		"VMTEST FAIL "*) res FAIL "vm/$phase/${l#VMTEST FAIL }"; n=$((n + 1)) ;;
		esac
	done < <(tr -d '\r' < "$log")
	if ! grep -q '^VMTEST END' <(tr -d '\r' < "$log"); then
		res FAIL "vm/$phase/boot: the guest did not finish (qemu rc $rc, $n checks ran); last lines:"
		tail -n 25 "$log" | sed 's/^/    /'
	fi
	echo "vm: phase $phase: boot and test $((SECONDS - start)) s"
	if [ "$keep" = 1 ]; then
		cp "$log" "$cache/boot-$phase.log"
		echo "vm: log kept in $cache/boot-$phase.log"
	fi
}

for p in ${HIDMA_VM_PHASES:-kernel fault dpdk}; do
	case "$p" in
	kernel) boot kernel base 1024 ;;
	fault) boot fault base 1024 fail-every=3 ;;
	dpdk) [ "$arm64_ok" = 1 ] && boot dpdk dpdk 2048 ;;
	*) res FAIL "vm/$p: unknown phase (HIDMA_VM_PHASES: kernel fault dpdk)" ;;
	esac
done
end
