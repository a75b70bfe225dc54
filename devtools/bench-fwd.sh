#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Benchmark of hidma-fwd (examples/fwd) on two net_null ports: Mpps and
# worker cycles per forwarded packet for CPU copies, HIDMA on the emulated
# device and DPDK's dma_skeleton, at 64 B, 256 B, 1 KiB and 1.5 KiB, as
# min/median/max of alternating runs (each round runs the three in a rotated
# order); then the same at 1 KiB and 1.5 KiB with --cold-rx (received data in
# the last-level cache, as a NIC leaves it, instead of net_null's L1-hot
# buffers), where the CPU has CLDEMOTE. Ends with the issue's targets. The worker lcore runs on CPU 1; the model's engine thread
# (engine_cpu=0) and the skeleton's copy thread (lcore=0) on CPU 0, next to
# the main lcore, which only sleeps and prints.
#   bash devtools/bench-fwd.sh [-r RUNS] [-t SECONDS] [-s "SIZES"] [-c "SIZES"]
#                              [-- hidma-fwd options]
# -c: the --cold-rx sizes ("" for none).
# Every run's output is kept in build/bench-fwd/.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

runs=5
secs=3
sizes="64 256 1024 1500"
coldsizes="1024 1500"
while [ $# -gt 0 ]; do
	case "$1" in
	-r) runs=$2; shift 2 ;;
	-t) secs=$2; shift 2 ;;
	-s) sizes=$2; shift 2 ;;
	-c) coldsizes=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "usage: $0 [-r RUNS] [-t SECONDS] [-s \"SIZES\"] [-c \"SIZES\"]" \
		"[-- hidma-fwd options]" >&2
	   exit 2 ;;
	esac
done
extra=("$@")
case "$runs$secs" in
*[!0-9]*) echo "bench-fwd: -r and -t take whole numbers" >&2; exit 2 ;;
esac

if ! bash devtools/setup.sh > /dev/null; then
	echo "bench-fwd: set-up failed (run devtools/setup.sh)" >&2
	exit 1
fi
app=build/examples/fwd/hidma-fwd
[ -x "$app" ] || { echo "bench-fwd: $app not built" >&2; exit 1; }
out=build/bench-fwd
mkdir -p "$out"
rm -f "$out"/*.log

mem=(--huge-unlink -m 512)
free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
if [ "${free:-0}" -lt 256 ] || ! grep -q ' hugetlbfs ' /proc/mounts; then
	echo "bench-fwd: NOTE: fewer than 256 free 2 MiB hugepages; running with --no-huge"
	mem=(--no-huge -m 1024)
fi
ncpu=$(nproc)
[ "$ncpu" -ge 2 ] || { echo "bench-fwd: needs 2 CPUs (worker and engine apart)" >&2; exit 1; }

echo "bench-fwd: $runs alternating runs of ${secs}s (first second left out) per size and mode;" \
	"worker on CPU 1, engine/skeleton thread on CPU 0"
echo "bench-fwd: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

modes=(cpu hidma skeleton)
run_one() {	# mode[+cold] size run
	local mode=${1%+cold} size=$2 r=$3 log="$out/$1-$2-$3.log" args cold=()
	[ "$1" != "$mode" ] && cold=(--cold-rx)
	args=(-l 0-1 --main-lcore 0 --no-pci "${mem[@]}" --iova-mode=va
		--file-prefix "bench_fwd_$$"
		--vdev "net_null0,size=$size" --vdev "net_null1,size=$size")
	case $mode in
	cpu) args+=(-- --copy cpu) ;;
	hidma) args+=(-d build/drivers --vdev hidma_model0,channels=1,engine_cpu=0 -- --copy dma) ;;
	skeleton) args+=(--vdev dma_skeleton0,lcore=0 -- --copy dma --dma dma_skeleton0) ;;
	esac
	args+=(--time "$secs" --warmup 1 --stats 0 "${cold[@]}" "${extra[@]}")
	timeout $((secs * 10 + 60)) "$app" "${args[@]}" > "$log" 2>&1
	local rc=$?
	local line
	line=$(grep '^summary:' "$log")
	if [ $rc -ne 0 ] || [ -z "$line" ]; then
		echo "bench-fwd: $mode $size B run $r failed (exit $rc), see $log" >&2
		return 1
	fi
	echo "$1 $size $line" >> "$out/results.txt"
}

: > "$out/results.txt"
fail=0
round() {	# size suffix
	local r k
	for ((r = 0; r < runs; r++)); do
		for ((k = 0; k < ${#modes[@]}; k++)); do
			run_one "${modes[$(((r + k) % ${#modes[@]}))]}$2" "$1" "$r" || fail=1
		done
	done
	echo "bench-fwd: $1 B${2:+ ($2)} done"
}
for size in $sizes; do
	round "$size" ""
done
if [ -n "$coldsizes" ] && ! grep -qw cldemote /proc/cpuinfo; then
	echo "bench-fwd: NOTE: no CLDEMOTE on this CPU: no --cold-rx runs"
	coldsizes=
fi
for size in $coldsizes; do
	round "$size" +cold
done
echo "bench-fwd: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 - "$out/results.txt" <<'PY'
import statistics, sys
res = {}
for line in open(sys.argv[1]):
    f = line.split()
    mode, size = f[0], int(f[1])
    kv = dict(x.split("=", 1) for x in f[3:] if "=" in x)
    res.setdefault((size, mode), []).append(kv)

def col(runs, key):
    return [float(r[key]) for r in runs]

def med(s, m, key):
    r = res.get((s, m))
    return statistics.median(col(r, key)) if r else None

def spread(v):
    return "%.2f (%.2f-%.2f)" % (statistics.median(v), min(v), max(v))

names = {"cpu": "CPU copy", "hidma": "HIDMA", "skeleton": "dma_skeleton"}

def table(suffix, title):
    sizes = sorted({s for s, m in res if m.endswith(suffix) and
                    (suffix or "+" not in m)})
    if not sizes:
        return []
    print()
    print("%s: median (min-max) of %d runs" %
          (title, max(len(v) for v in res.values())))
    print("%-8s %-13s %-22s %-22s %s" % ("size", "copy", "Tx Mpps", "worker cycles/pkt",
                                         "rx/copy/completion/tx (median), worker on-CPU"))
    for s in sizes:
        for m in ("cpu", "hidma", "skeleton"):
            r = res.get((s, m + suffix))
            if not r:
                continue
            md = {k: statistics.median(col(r, k)) for k in
                  ("rx", "copy", "cpl", "tx", "drv_copy", "drv_cpl")}
            ph = "%.0f/%.0f/%.0f/%.0f" % (md["rx"], md["copy"], md["cpl"], md["tx"])
            if m != "cpu":
                ph += " (dmadev %.0f+%.0f)" % (md["drv_copy"], md["drv_cpl"])
            print("%-8s %-13s %-22s %-22s %s, %.0f%%" % ("%d B" % s, names[m],
                  spread(col(r, "tx_mpps")), spread(col(r, "cyc_pkt")), ph,
                  statistics.median(col(r, "oncpu_pct"))))
    print()
    print("ratios of medians:")
    for s in sizes:
        out = []
        h, k, c = (med(s, "hidma" + suffix, "tx_mpps"), med(s, "skeleton" + suffix, "tx_mpps"),
                   med(s, "cpu" + suffix, "tx_mpps"))
        hc, cc = med(s, "hidma" + suffix, "cyc_pkt"), med(s, "cpu" + suffix, "cyc_pkt")
        if h is not None and k:
            out.append("HIDMA/skeleton Mpps %.2fx" % (h / k))
        if hc is not None and cc:
            out.append("HIDMA/CPU worker cycles %.2fx" % (hc / cc))
        if h is not None and c:
            out.append("HIDMA/CPU Mpps %.2fx" % (h / c))
        print("  %-7s %s" % ("%d B:" % s, ", ".join(out)))
    return sizes

table("", "hidma-fwd on net_null")
cold = table("+cold", "the same with --cold-rx (received data in the LLC, as a NIC leaves it; "
             "Mpps include the demotion, cycles do not)")

# the targets of the dataplane issue, from the medians above
print()
verdicts = []
h, k = med(1024, "hidma", "tx_mpps"), med(1024, "skeleton", "tx_mpps")
if h is not None and k:
    verdicts.append(("HIDMA >= 1.5x dma_skeleton Mpps at 1 KiB", "%.2fx" % (h / k), h >= 1.5 * k))
for suffix, label in (("", "net_null"), ("+cold", "--cold-rx")):
    for s in sorted({s for s, m in res if m == "hidma" + suffix and s >= 1024}):
        hc, cc = med(s, "hidma" + suffix, "cyc_pkt"), med(s, "cpu" + suffix, "cyc_pkt")
        if hc is not None and cc:
            verdicts.append(("HIDMA worker cycles below CPU copy at %d B (%s)" % (s, label),
                             "%.0f vs %.0f" % (hc, cc), hc < cc))
for name, value, ok in verdicts:
    print("target: %-58s %-14s %s" % (name, value, "met" if ok else "NOT met"))
PY
exit $fail
