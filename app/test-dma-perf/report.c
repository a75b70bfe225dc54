/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The final comparison, printed by the parent from the children's records:
 * one line per scenario and run, where the threads ran, then per kind of
 * job a matrix by buffer size (Mops, GB/s, CPU cycles per job, latency,
 * MMIO accesses per job) and the ratios a reader wants (device vs device,
 * device vs CPU memcpy, CPU case vs bare loop). With several runs each
 * figure is the median over the runs with its minimum and maximum, and
 * each ratio the ratio of the medians with the range of the run-by-run
 * ratios (runs alternate between cases, so run k of two cases ran close
 * in time): a difference smaller than the spread is noise.
 */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_string_fns.h>

#include "main.h"

#define MAX_SERIES	32
#define MAX_COLS	DMAPERF_MAX_SCENARIOS
#define LABEL_W		32

/* A line of the matrix: one device (or the CPU) with fixed ring/kick/workers. */
struct series {
	char label[96];
	bool cpu;
	char dev[RTE_DEV_NAME_MAX_LEN];
	uint32_t ring, kick, workers, lcores;
	unsigned int n[MAX_COLS];					/* runs per column */
	const struct dmaperf_result *at[MAX_COLS][DMAPERF_MAX_RUNS];	/* in run order */
};

struct spread {
	double min, med, max;
	unsigned int n;
};

typedef double (*getter_t)(const struct dmaperf_result *r);

static struct series ser[MAX_SERIES];
static uint32_t cols[MAX_COLS];
static unsigned int nb_ser, nb_cols, nb_runs;

static const char *
size_str(uint32_t b, char *buf, size_t len)
{
	if (b >= 1024 * 1024 && b % (1024 * 1024) == 0)
		snprintf(buf, len, "%uM", b / (1024 * 1024));
	else if (b >= 1024 && b % 1024 == 0)
		snprintf(buf, len, "%uK", b / 1024);
	else
		snprintf(buf, len, "%u", b);
	return buf;
}

static void
kind_of(const struct dmaperf_result *r, char *buf, size_t len)
{
	if (r->type == DMAPERF_TYPE_DMA_FILL)
		snprintf(buf, len, "fill");
	else if (r->src_sge != 0)
		snprintf(buf, len, "copy_sg %u:%u", r->src_sge, r->dst_sge);
	else
		snprintf(buf, len, "copy");
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median, min and max of @n values (reordered); n == 0 leaves *s empty. */
static void
spread_of(double *v, unsigned int n, struct spread *s)
{
	s->n = n;
	if (n == 0)
		return;
	qsort(v, n, sizeof(v[0]), cmp_double);
	s->min = v[0];
	s->max = v[n - 1];
	s->med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A column of a series; negative values are "n/a" and left out. */
static void
col_spread(const struct series *s, unsigned int c, getter_t get, struct spread *out)
{
	double v[DMAPERF_MAX_RUNS];
	unsigned int k, n = 0;

	for (k = 0; k < s->n[c]; k++)
		if (get(s->at[c][k]) >= 0)
			v[n++] = get(s->at[c][k]);
	spread_of(v, n, out);
}

/* ------------------------------------------------------------ getters */

static double
get_mops(const struct dmaperf_result *r)
{
	return r->mops;
}

static double
get_gbps(const struct dmaperf_result *r)
{
	return r->gbps;
}

static double
get_cpu(const struct dmaperf_result *r)
{
	return r->cpu_cycles;
}

static double
get_p50(const struct dmaperf_result *r)
{
	return r->lat_samples ? r->lat_p50_ns / 1e3 : -1;
}

static double
get_bare(const struct dmaperf_result *r)
{
	return r->bare_mops > 0 ? r->bare_mops : -1;
}

static double
get_loop_ratio(const struct dmaperf_result *r)
{
	return r->bare_mops > 0 ? r->loop_mops / r->bare_mops : -1;
}

static double
get_mmio_rd(const struct dmaperf_result *r)
{
	return r->mmio_rd;
}

static double
get_mmio_wr(const struct dmaperf_result *r)
{
	return r->mmio_wr;
}

static double
get_paced_rd(const struct dmaperf_result *r)
{
	return r->paced_rd;
}

static double
get_paced_wr(const struct dmaperf_result *r)
{
	return r->paced_wr;
}

static double
get_idle_rd(const struct dmaperf_result *r)
{
	return r->idle_rd;
}

static double
get_idle_wr(const struct dmaperf_result *r)
{
	return r->idle_wr;
}

static double
get_empty(const struct dmaperf_result *r)
{
	return r->empty_polls;
}

/* ------------------------------------------------------------ scenario lines */

static void
print_lines(const struct dmaperf_result *res, unsigned int nb, FILE *f)
{
	char sz[16], mmio[32];
	unsigned int i;

	fprintf(f, "%4s %4s %3s %-12s %-22s %6s %9s %8s %9s %9s %8s %8s %8s %11s  %s\n",
		"case", "scen", "run", "type", "device", "size", "Mops", "GB/s", "cyc/op",
		"cpu cyc", "p50 us", "p99 us", "max us", "mmio r/w", "data");
	for (i = 0; i < nb; i++) {
		const struct dmaperf_result *r = &res[i];

		if (r->status != DMAPERF_ST_OK) {
			const char *scen = r->scenario_id ? "" : "-";
			const char *dev = r->dev[0] ? r->dev : "-";
			const char *size = r->buf_size ? size_str(r->buf_size, sz, sizeof(sz)) : "-";
			const char *what = r->status == DMAPERF_ST_SKIP ? "SKIP" : "FAIL";

			fprintf(f, "%4u %4s %3u %-12s %-22s %6s %s: %s\n", r->case_id,
				scen, r->run, dmaperf_type_str(r->type), dev, size, what, r->reason);
			continue;
		}
		if (r->mmio_rd >= 0)
			snprintf(mmio, sizeof(mmio), "%.2f/%.2f", r->mmio_rd, r->mmio_wr);
		else
			strlcpy(mmio, "n/a", sizeof(mmio));
		fprintf(f, "%4u %4u %3u %-12s %-22s %6s %9.3f %8.3f %9.1f %9.1f %8.2f %8.2f %8.2f %11s  ok %" PRIu64 "\n",
			r->case_id, r->scenario_id, r->run, dmaperf_type_str(r->type), r->dev,
			size_str(r->buf_size, sz, sizeof(sz)), r->mops, r->gbps, r->wall_cycles,
			r->cpu_cycles, r->lat_p50_ns / 1e3, r->lat_p99_ns / 1e3,
			r->lat_max_ns / 1e3, mmio, r->verified);
		if (r->type == DMAPERF_TYPE_CPU_COPY && r->bare_mops > 0)
			fprintf(f, "%4s %4s %3s %-12s %-22s %6s %9.3f %8.3f  <- bare rte_memcpy loop; app loop %.3f Mops in the same slices: app/bare = %.3f\n",
				"", "", "", "  reference", "bare loop",
				size_str(r->buf_size, sz, sizeof(sz)), r->bare_mops,
				r->bare_mops * r->buf_size / 1e3, r->loop_mops,
				r->loop_mops / r->bare_mops);
	}
}

/* Where the threads ran: the first scenario of the first run of each case. */
static void
print_threads(const struct dmaperf_result *res, unsigned int nb, FILE *f)
{
	unsigned int i, j;

	fprintf(f, "\nWhere the threads ran (first scenario of the first run of each case; threads busy\n"
		"at least 3%% of the window; 'may run on' is the thread's CPU affinity):\n");
	for (i = 0; i < nb; i++) {
		const struct dmaperf_result *r = &res[i];

		if (r->status != DMAPERF_ST_OK || r->threads[0] == '\0')
			continue;
		for (j = 0; j < i; j++)
			if (res[j].case_id == r->case_id && res[j].status == DMAPERF_ST_OK &&
					res[j].threads[0] != '\0')
				break;
		if (j == i)
			fprintf(f, "  case %u (%s): %s\n", r->case_id, r->dev, r->threads);
	}
}

/* ------------------------------------------------------------ matrices */

static int
find_col(uint32_t size)
{
	unsigned int i, j;
	unsigned int t;

	for (i = 0; i < nb_cols; i++)
		if (cols[i] == size)
			return i;
	if (nb_cols == MAX_COLS)
		return -1;
	/* keep the columns sorted by size: shift every series */
	for (i = 0; i < nb_cols && cols[i] < size; i++)
		;
	for (j = nb_cols; j > i; j--)
		cols[j] = cols[j - 1];
	cols[i] = size;
	nb_cols++;
	for (t = 0; t < nb_ser; t++) {
		memmove(&ser[t].at[i + 1], &ser[t].at[i], (nb_cols - 1 - i) * sizeof(ser[t].at[0]));
		memmove(&ser[t].n[i + 1], &ser[t].n[i], (nb_cols - 1 - i) * sizeof(ser[t].n[0]));
		ser[t].n[i] = 0;
	}
	return i;
}

static int
find_series(const struct dmaperf_result *r)
{
	unsigned int s;

	for (s = 0; s < nb_ser; s++)
		if (strcmp(ser[s].dev, r->dev) == 0 && ser[s].ring == r->ring_size &&
				ser[s].kick == r->kick_batch && ser[s].workers == r->nb_workers &&
				ser[s].lcores == r->nb_lcores)
			return s;
	if (nb_ser == MAX_SERIES)
		return -1;
	memset(&ser[s], 0, sizeof(ser[s]));
	strlcpy(ser[s].dev, r->dev, sizeof(ser[s].dev));
	ser[s].ring = r->ring_size;
	ser[s].kick = r->kick_batch;
	ser[s].workers = r->nb_workers;
	ser[s].lcores = r->nb_lcores;
	ser[s].cpu = r->type == DMAPERF_TYPE_CPU_COPY;
	nb_ser++;
	return s;
}

/* A device appearing with several settings gets them in its label. */
static void
label_series(void)
{
	unsigned int s, t, same;
	char extra[48];

	for (s = 0; s < nb_ser; s++) {
		struct series *e = &ser[s];
		/* a copy: gcc cannot tell e->dev and e->label apart (-Wrestrict) */
		char dev[sizeof(e->dev)];

		strlcpy(dev, e->dev, sizeof(dev));
		for (t = 0, same = 0; t < nb_ser; t++)
			same += strcmp(ser[t].dev, dev) == 0;
		extra[0] = '\0';
		if (e->lcores != 0 && e->lcores < e->workers)
			snprintf(extra, sizeof(extra), ", %u lcore%s", e->lcores,
				e->lcores > 1 ? "s" : "");
		if (e->cpu)
			snprintf(e->label, sizeof(e->label), "cpu memcpy%s",
				e->workers > 1 ? " (all lcores)" : "");
		else if (same > 1)
			snprintf(e->label, sizeof(e->label), "%s r%u k%u%s", dev, e->ring, e->kick,
				extra);
		else
			snprintf(e->label, sizeof(e->label), "%s%s", dev, extra);
	}
}

/* The series and columns of one kind of job. */
static void
collect(const struct dmaperf_result *res, unsigned int nb, const char *kind)
{
	unsigned int i;
	char k[32];
	int s, c;

	nb_ser = nb_cols = 0;
	for (i = 0; i < nb; i++) {
		const struct dmaperf_result *r = &res[i];

		if (r->status != DMAPERF_ST_OK)
			continue;
		kind_of(r, k, sizeof(k));
		if (strcmp(k, kind) != 0)
			continue;
		s = find_series(r);
		if (s < 0)
			continue;
		c = find_col(r->buf_size);
		if (c < 0 || ser[s].n[c] == DMAPERF_MAX_RUNS)
			continue;
		ser[s].at[c][ser[s].n[c]++] = r;
	}
	label_series();
}

static void
print_cells(FILE *f, const char *label, const char *stat, const struct spread *v,
	int prec, const char *unit)
{
	unsigned int c;
	char cell[32];

	fprintf(f, "  %-*s %-6s", LABEL_W, label, stat);
	for (c = 0; c < nb_cols; c++) {
		if (v[c].n == 0) {
			fprintf(f, " %9s", "-");
			continue;
		}
		snprintf(cell, sizeof(cell), "%.*f%s", prec,
			stat[0] == 'm' && stat[1] == 'i' ? v[c].min :
			stat[0] == 'm' && stat[1] == 'a' ? v[c].max : v[c].med, unit);
		fprintf(f, " %9s", cell);
	}
	fputc('\n', f);
}

/* One series' row(s) of a metric: the median, and with several runs min and max. */
static void
print_metric(FILE *f, const char *label, const struct series *s, getter_t get,
	int prec, const char *none)
{
	struct spread v[MAX_COLS];
	unsigned int c, have = 0;

	for (c = 0; c < nb_cols; c++) {
		if (s->n[c] == 0) {
			v[c].n = 0;
			continue;
		}
		col_spread(s, c, get, &v[c]);
		have += v[c].n;
	}
	if (have == 0 && none != NULL) {
		fprintf(f, "  %-*s %-6s", LABEL_W, label, "");
		for (c = 0; c < nb_cols; c++)
			fprintf(f, " %9s", s->n[c] ? none : "-");
		fputc('\n', f);
		return;
	}
	if (nb_runs == 1) {
		print_cells(f, label, "", v, prec, "");
		return;
	}
	print_cells(f, label, "median", v, prec, "");
	print_cells(f, "", "min", v, prec, "");
	print_cells(f, "", "max", v, prec, "");
}

/* The run-by-run ratios a[k] / b[k] of one column, paired by run number. */
static void
ratio_spread(const struct series *a, const struct series *b, unsigned int c, bool bare,
	struct spread *out)
{
	double v[DMAPERF_MAX_RUNS];
	unsigned int i, j, n = 0;

	for (i = 0; i < a->n[c]; i++) {
		const struct dmaperf_result *x = a->at[c][i];

		if (bare) {
			if (get_loop_ratio(x) >= 0)
				v[n++] = get_loop_ratio(x);
			continue;
		}
		for (j = 0; j < b->n[c]; j++)
			if (b->at[c][j]->run == x->run && b->at[c][j]->mops > 0)
				v[n++] = x->mops / b->at[c][j]->mops;
	}
	spread_of(v, n, out);
}

static void
print_ratio_header(FILE *f, bool *done)
{
	if (*done)
		return;
	*done = true;
	fprintf(f, " Ratios of Mops (at equal size the GB/s ratio is the same)%s\n",
		nb_runs > 1 ? ": ratio of the medians; min/max of the ratios of runs with the same number" : "");
}

/* A ratio row (the header first, once), when the two series share a size. */
static void
print_ratio(FILE *f, const struct series *a, const struct series *b, bool bare, bool *hdr)
{
	struct spread med[MAX_COLS], run[MAX_COLS], sa, sb;
	unsigned int c, common = 0;
	char label[128];

	strlcpy(label, a->label, sizeof(label));
	strlcat(label, " / ", sizeof(label));
	strlcat(label, bare ? "bare loop" : b->label, sizeof(label));
	for (c = 0; c < nb_cols; c++) {
		med[c].n = run[c].n = 0;
		if (a->n[c] == 0 || (!bare && b->n[c] == 0))
			continue;
		ratio_spread(a, b, c, bare, &run[c]);
		if (bare) {
			med[c] = run[c];
		} else {
			col_spread(a, c, get_mops, &sa);
			col_spread(b, c, get_mops, &sb);
			if (sa.n > 0 && sb.n > 0 && sb.med > 0) {
				med[c].med = sa.med / sb.med;
				med[c].n = 1;
			}
		}
		common += med[c].n;
	}
	if (common == 0)
		return;
	print_ratio_header(f, hdr);
	if (nb_runs == 1) {
		print_cells(f, label, "", med, 2, "x");
		return;
	}
	print_cells(f, label, "median", med, 2, "x");
	print_cells(f, "  run by run", "min", run, 2, "x");
	print_cells(f, "", "max", run, 2, "x");
}

static void
print_header(FILE *f, const char *kind)
{
	unsigned int i;
	char sz[16];

	fprintf(f, "\n%s, by buffer size", kind);
	if (nb_runs > 1)
		fprintf(f, " (median of the runs, with min and max)");
	fprintf(f, ":\n  %-*s %-6s", LABEL_W, "", "");
	for (i = 0; i < nb_cols; i++)
		fprintf(f, " %9s", size_str(cols[i], sz, sizeof(sz)));
	fputc('\n', f);
}

static void
print_ratios(FILE *f)
{
	unsigned int s, t;
	bool hdr = false;

	for (s = 0; s < nb_ser; s++)
		for (t = s + 1; t < nb_ser; t++)
			if (!ser[s].cpu && !ser[t].cpu)
				print_ratio(f, &ser[s], &ser[t], false, &hdr);
	for (s = 0; s < nb_ser; s++)
		for (t = 0; t < nb_ser; t++)
			if (!ser[s].cpu && ser[t].cpu)
				print_ratio(f, &ser[s], &ser[t], false, &hdr);
	for (s = 0; s < nb_ser; s++)
		if (ser[s].cpu)
			print_ratio(f, &ser[s], NULL, true, &hdr);
}

static bool
any_mmio(void)
{
	unsigned int s, c, k;

	for (s = 0; s < nb_ser; s++)
		for (c = 0; c < nb_cols; c++)
			for (k = 0; k < ser[s].n[c]; k++)
				if (ser[s].at[c][k]->mmio_rd >= 0)
					return true;
	return false;
}

static void
print_kind(const struct dmaperf_result *res, unsigned int nb, const char *kind, FILE *f)
{
	unsigned int s, nb_cpu = 0;
	bool dma = false;

	collect(res, nb, kind);
	if (nb_ser == 0)
		return;
	print_header(f, kind);
	fprintf(f, " Mops\n");
	for (s = 0; s < nb_ser; s++) {
		print_metric(f, ser[s].label, &ser[s], get_mops, 2, NULL);
		if (ser[s].cpu)
			print_metric(f, "cpu bare rte_memcpy loop", &ser[s], get_bare, 2, NULL);
	}
	fprintf(f, " GB/s\n");
	for (s = 0; s < nb_ser; s++)
		print_metric(f, ser[s].label, &ser[s], get_gbps, 2, NULL);
	fprintf(f, " CPU cycles per job on the submitting lcore (DMA: inside rte_dma_* calls)\n");
	for (s = 0; s < nb_ser; s++)
		print_metric(f, ser[s].label, &ser[s], get_cpu, 1, NULL);
	fprintf(f, " Latency p50, one job in flight (us)\n");
	for (s = 0; s < nb_ser; s++)
		print_metric(f, ser[s].label, &ser[s], get_p50, 2, NULL);
	for (s = 0; s < nb_ser; s++) {
		dma |= !ser[s].cpu;
		nb_cpu += ser[s].cpu;
	}
	if (dma) {
		fprintf(f, " Empty completed() polls per job (the worker waiting for the device; each reads registers too)\n");
		for (s = 0; s < nb_ser; s++)
			if (!ser[s].cpu)
				print_metric(f, ser[s].label, &ser[s], get_empty, 3, "n/a");
	}
	if (dma && !any_mmio()) {
		fprintf(f, " MMIO reads / writes per job: n/a for every device here (HIDMA channels only, through\n"
			"   rte_pmd_hidma_mmio_stats_get, which the loaded HIDMA PMD does not provide)\n");
	} else if (dma) {
		fprintf(f, " MMIO reads / writes per job (HIDMA: rte_pmd_hidma_mmio_stats_get; n/a elsewhere)\n");
		for (s = 0; s < nb_ser; s++) {
			if (ser[s].cpu)
				continue;
			print_metric(f, ser[s].label, &ser[s], get_mmio_rd, 3, "n/a");
			print_metric(f, "  writes", &ser[s], get_mmio_wr, 3, "n/a");
		}
		fprintf(f, " MMIO reads / writes per job, paced: each batch reaped once the channel is idle\n");
		for (s = 0; s < nb_ser; s++) {
			if (ser[s].cpu)
				continue;
			print_metric(f, ser[s].label, &ser[s], get_paced_rd, 3, "n/a");
			print_metric(f, "  writes", &ser[s], get_paced_wr, 3, "n/a");
		}
		fprintf(f, " MMIO reads / writes per completed() call with nothing outstanding\n");
		for (s = 0; s < nb_ser; s++) {
			if (ser[s].cpu)
				continue;
			print_metric(f, ser[s].label, &ser[s], get_idle_rd, 3, "n/a");
			print_metric(f, "  writes", &ser[s], get_idle_wr, 3, "n/a");
		}
	}
	if (nb_ser < 2 && nb_cpu == 0)
		return;
	print_ratios(f);
}

static unsigned int
count_runs(const struct dmaperf_result *res, unsigned int nb)
{
	unsigned int i, n = 1;

	for (i = 0; i < nb; i++)
		if (res[i].run > n)
			n = res[i].run;
	return n;
}

/* The kinds of job present, in order of appearance. */
static unsigned int
list_kinds(const struct dmaperf_result *res, unsigned int nb, char kinds[][32],
	unsigned int max)
{
	unsigned int i, j, n = 0;
	char k[32];

	for (i = 0; i < nb; i++) {
		if (res[i].status != DMAPERF_ST_OK)
			continue;
		kind_of(&res[i], k, sizeof(k));
		for (j = 0; j < n; j++)
			if (strcmp(kinds[j], k) == 0)
				break;
		if (j == n && n < max)
			strlcpy(kinds[n++], k, sizeof(kinds[0]));
	}
	return n;
}

void
dmaperf_report(const struct dmaperf_result *res, unsigned int nb, unsigned int runs, FILE *f)
{
	char kinds[16][32];
	unsigned int nb_kinds, j;

	nb_runs = RTE_MAX(runs, count_runs(res, nb));
	fprintf(f, "\n=============================== dpdk-test-dma-perf: comparison ===============================\n");
	fprintf(f, "Mops and GB/s (1e9 B/s) over the measurement window, all workers; cyc/op: TSC per job per worker\n"
		"(upstream's \"average cycle\"); cpu cyc: TSC per job spent inside rte_dma_* calls that did work\n"
		"(for CPU copies, the whole loop); p50/p99/max: one job in flight, submit to completion seen;\n"
		"mmio r/w: HIDMA register reads and writes per job over the throughput phase;\n"
		"data: jobs whose result was compared with the source (or the fill pattern).\n");
	if (nb_runs > 1)
		fprintf(f, "%u runs of every case, alternating (case 1, 2, .., then again).\n", nb_runs);
	fputc('\n', f);
	if (nb == 0) {
		fprintf(f, "(no results)\n");
		return;
	}
	print_lines(res, nb, f);
	print_threads(res, nb, f);
	nb_kinds = list_kinds(res, nb, kinds, RTE_DIM(kinds));
	for (j = 0; j < nb_kinds; j++)
		print_kind(res, nb, kinds[j], f);
	fprintf(f, "==============================================================================================\n");
}

static void
stats_line(FILE *f, const char *kind, const struct series *s, unsigned int c, const char *metric,
	getter_t get)
{
	struct spread v;

	col_spread(s, c, get, &v);
	if (v.n == 0)
		return;
	fprintf(f, "%s\t%s\t%u\t%s\t%u\t%.6g\t%.6g\t%.6g\n", kind, s->label, cols[c], metric, v.n,
		v.min, v.med, v.max);
}

void
dmaperf_report_stats(const struct dmaperf_result *res, unsigned int nb, FILE *f)
{
	static const struct {
		const char *name;
		getter_t get;
	} metrics[] = {
		{ "mops", get_mops }, { "gbps", get_gbps }, { "cpu_cycles", get_cpu },
		{ "p50_us", get_p50 }, { "mmio_reads", get_mmio_rd },
		{ "mmio_writes", get_mmio_wr }, { "idle_mmio_reads", get_idle_rd },
		{ "idle_mmio_writes", get_idle_wr }, { "empty_polls", get_empty },
		{ "paced_mmio_reads", get_paced_rd }, { "paced_mmio_writes", get_paced_wr },
		{ "bare_mops", get_bare },
	};
	char kinds[16][32];
	unsigned int nb_kinds, j, s, c, m;

	fprintf(f, "# kind\tseries\tsize\tmetric\truns\tmin\tmedian\tmax\n");
	nb_kinds = list_kinds(res, nb, kinds, RTE_DIM(kinds));
	for (j = 0; j < nb_kinds; j++) {
		collect(res, nb, kinds[j]);
		for (s = 0; s < nb_ser; s++)
			for (c = 0; c < nb_cols; c++)
				for (m = 0; m < RTE_DIM(metrics); m++)
					if (ser[s].n[c] != 0)
						stats_line(f, kinds[j], &ser[s], c, metrics[m].name,
							metrics[m].get);
	}
}
