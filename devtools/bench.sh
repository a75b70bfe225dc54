#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Set up (idempotent) and build, then run dpdk-test-dma-perf with its default
# configuration (HIDMA on the software model vs dma_skeleton vs CPU memcpy,
# 64 B .. 64 KiB, each device's worker thread alone on CPU 0, the submitting
# lcore on CPU 1), several runs alternating between the cases, and print the
# comparison table (median, min, max), how loaded the machine was, and
# whether the project's targets hold on the medians. Two to three minutes.
#   bash devtools/bench.sh [--runs N] [--scale] [config.ini]
#     --runs N   runs of every case (default 5; 1 to 25)
#     --scale    app/test-dma-perf/scale.ini instead (one lcore driving 2, 4,
#                6 channels and two instances; MMIO per job by batch size),
#                3 runs unless --runs is given
# The full output, the upstream-format CSV and the medians (stats.tsv) stay in
# build/dmaperf/. Exits non-zero when a case fails (device missing, data
# mismatch, ...); a missed target is reported, not an error.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

runs=
cfg=app/test-dma-perf/config.ini
scale=0
while [ $# -gt 0 ]; do
	case "$1" in
	--runs) runs=${2:-}; shift 2 || { echo "bench: --runs needs a number" >&2; exit 2; } ;;
	--runs=*) runs=${1#--runs=}; shift ;;
	--scale) scale=1; cfg=app/test-dma-perf/scale.ini; shift ;;
	-h|--help) sed -n '5,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
	*) cfg=$1; shift ;;
	esac
done
[ -n "$runs" ] || runs=$([ "$scale" = 1 ] && echo 3 || echo 5)
case "$runs" in
''|*[!0-9]*) echo "bench: --runs '$runs' is not a number" >&2; exit 2 ;;
esac

bash devtools/setup.sh || { echo "bench: set-up failed" >&2; exit 1; }

app=build/app/dpdk-test-dma-perf
[ -x "$app" ] || app=build/app/test-dma-perf/dpdk-test-dma-perf
out=build/dmaperf
mkdir -p "$out"

# The default configuration asks for --huge-unlink; with --no-huge on the
# command line the app drops it (EAL refuses the pair).
eal=()
free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
if [ "${free:-0}" -lt 128 ] || ! grep -q ' hugetlbfs ' /proc/mounts; then
	echo "bench: NOTE: fewer than 128 free 2 MiB hugepages or no hugetlbfs mount;" \
		"running with --no-huge (4 KiB pages: numbers are lower, ratios still compare)"
	eal=(--no-huge)
fi

# The load other processes put on the machine: the 1-minute load average
# before the run (the benchmark's own two spinning threads add about 2 to it).
ncpu=$(nproc)
load_before=$(cut -d' ' -f1 /proc/loadavg)
t0=$(date +%s)

echo "bench: $app ${eal[*]} --config $cfg --runs $runs (log: $out/dmaperf.log)"
"$app" "${eal[@]}" --config "$cfg" --runs "$runs" --result "$out/dmaperf_result.csv" \
	--stats "$out/stats.tsv" 2>&1 |
	tee "$out/dmaperf.log" |
	grep --line-buffered -E '^(=== Run|Running case|Case [0-9]+ .*FAILED|Skip the test-case)' |
	sed -u 's/^/bench: /'
rc=${PIPESTATUS[0]}
load_after=$(cut -d' ' -f1 /proc/loadavg)
sed -n '/dpdk-test-dma-perf: comparison/,$p' "$out/dmaperf.log"

# How much CPU the measured threads got in their windows ("Threads in the
# window" lines): below 100% the machine's other work took the rest.
awk -v ncpu="$ncpu" -v lb="$load_before" -v la="$load_after" -v secs=$(($(date +%s) - t0)) '
function add(name, pct) { n[name]++; v[name, n[name]] = pct }
/^Threads in the window:/ {
	m = split($0, parts, ";")
	for (i = 1; i <= m; i++) {
		if (match(parts[i], /(rte-worker-[0-9]+|lcore-worker-[0-9]+|hidma-eng-[0-9]+|dma_skel_[0-9]+|dma-skel[0-9]+) on CPU [0-9]+ \(may run on [^)]*\) [0-9]+%/)) {
			s = substr(parts[i], RSTART, RLENGTH)
			split(s, w, " ")
			name = w[1]; sub(/-?[0-9]+$/, "", name); sub(/_$/, "", name)
			pct = s; sub(/.* /, "", pct); sub(/%/, "", pct)
			add(name, pct + 0)
		}
	}
}
END {
	printf "bench: machine: %d CPU(s); 1-min load average %s before the run, %s after (the run adds about 2); %d s\n", ncpu, lb, la, secs
	for (name in n) {
		k = n[name]
		for (i = 1; i <= k; i++) a[i] = v[name, i]
		for (i = 2; i <= k; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
		printf "bench: CPU share of %s threads in their windows: median %d%%, min %d%%, max %d%% (%d windows)\n", name, a[int((k + 1) / 2)], a[1], a[k], k
	}
}' "$out/dmaperf.log"

# The targets (issue 13), on the medians of the default configuration.
if [ "$scale" = 0 ] && [ -s "$out/stats.tsv" ]; then
	awk -F'\t' '
	$1 == "copy" { m[$2, $3, $4] = $7; sizes[$3] = 1 }
	function have(s, z, k) { return ((s, z, k) in m) }
	function verdict(ok) { return ok ? "holds" : "MISSED" }
	END {
		h = "hidma_model0-ch0"; k = "dma_skeleton"; c = "cpu memcpy"
		if (!have(h, 64, "mops") || !have(k, 64, "mops")) {
			print "bench: targets: not evaluated (this configuration has no HIDMA/dma_skeleton pair at 64 B)"
			exit
		}
		r = m[h, 64, "mops"] / m[k, 64, "mops"]
		printf "bench: target HIDMA >= 3x dma_skeleton Mops at 64 B: %.2fx, %s\n", r, verdict(r >= 3)
		worst = ""; all = 1
		for (z in sizes) if (z + 0 <= 65536 && have(h, z, "mops") && have(k, z, "mops")) {
			r = m[h, z, "mops"] / m[k, z, "mops"]
			if (worst == "" || r < worst) { worst = r; wz = z }
			if (r < 1) all = 0
		}
		printf "bench: target HIDMA >= 1x dma_skeleton Mops at every size to 64 KiB: lowest %.2fx at %d B, %s\n", worst, wz, verdict(all)
		if (have(h, 65536, "gbps") && have(c, 65536, "gbps")) {
			r = m[h, 65536, "gbps"] / m[c, 65536, "gbps"]
			printf "bench: target HIDMA >= 0.9x one-core memcpy GB/s at 64 KiB: %.2fx, %s\n", r, verdict(r >= 0.9)
		}
		if (have(h, 64, "p50_us"))
			printf "bench: target HIDMA p50 latency of one 64 B job < 1 us: %.2f us, %s\n", m[h, 64, "p50_us"], verdict(m[h, 64, "p50_us"] < 1)
		# MMIO in a steady state: the paced phase (each batch reaped once
		# done); the throughput-phase figure adds the empty polls of the loop
		if (have(h, 64, "paced_mmio_reads"))
			printf "bench: target HIDMA MMIO at batch 32, 64 B, steady state (paced): %.3f reads, %.3f writes per job (<= %.3f, <= %.3f): %s; idle poll: %.3f reads, %.3f writes (0): %s; throughput phase with empty polls: %.3f reads, %.3f writes\n",
				m[h, 64, "paced_mmio_reads"], m[h, 64, "paced_mmio_writes"], 1 / 32, 2 / 32,
				verdict(m[h, 64, "paced_mmio_reads"] <= 1 / 32 + 0.0005 && m[h, 64, "paced_mmio_writes"] <= 2 / 32),
				m[h, 64, "idle_mmio_reads"], m[h, 64, "idle_mmio_writes"],
				verdict(m[h, 64, "idle_mmio_reads"] == 0 && m[h, 64, "idle_mmio_writes"] == 0),
				m[h, 64, "mmio_reads"], m[h, 64, "mmio_writes"]
		else
			print "bench: HIDMA MMIO per job: n/a (the HIDMA PMD has no rte_pmd_hidma_mmio_stats_get)"
	}' "$out/stats.tsv"
fi
echo "bench: CSV (upstream's format): $out/dmaperf_result.csv; medians: $out/stats.tsv"
exit "$rc"
