/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The final comparison, printed by the parent from the children's records:
 * one line per scenario, then per kind of job a matrix by buffer size
 * (Mops, GB/s, CPU cycles per job, latency) and the ratios a reader wants
 * (device vs device, device vs CPU memcpy, CPU case vs bare loop).
 */

#include <inttypes.h>
#include <string.h>

#include <rte_string_fns.h>

#include "main.h"

#define MAX_SERIES	32
#define MAX_COLS	DMAPERF_MAX_SCENARIOS

/* A line of the matrix: one device (or the CPU) with fixed ring/kick/workers. */
struct series {
	char label[96];
	char kind[32];
	bool cpu;
	char dev[RTE_DEV_NAME_MAX_LEN];
	uint32_t ring, kick, workers;
	const struct dmaperf_result *at[MAX_COLS];	/* per column */
};

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

static void
print_lines(const struct dmaperf_result *res, unsigned int nb, FILE *f)
{
	char sz[16];
	unsigned int i;

	fprintf(f, "%4s %4s %-12s %-20s %6s %9s %8s %9s %9s %8s %8s %8s  %s\n",
		"case", "scen", "type", "device", "size", "Mops", "GB/s", "cyc/op", "cpu cyc",
		"p50 us", "p99 us", "max us", "data");
	for (i = 0; i < nb; i++) {
		const struct dmaperf_result *r = &res[i];

		if (r->status != DMAPERF_ST_OK) {
			fprintf(f, "%4u %4s %-12s %-20s %6s %s: %s\n", r->case_id,
				r->scenario_id ? "" : "-", dmaperf_type_str(r->type),
				r->dev[0] ? r->dev : "-",
				r->buf_size ? size_str(r->buf_size, sz, sizeof(sz)) : "-",
				r->status == DMAPERF_ST_SKIP ? "SKIP" : "FAIL", r->reason);
			continue;
		}
		fprintf(f, "%4u %4u %-12s %-20s %6s %9.3f %8.3f %9.1f %9.1f %8.2f %8.2f %8.2f  ok %" PRIu64 "\n",
			r->case_id, r->scenario_id, dmaperf_type_str(r->type), r->dev,
			size_str(r->buf_size, sz, sizeof(sz)), r->mops, r->gbps, r->wall_cycles,
			r->cpu_cycles, r->lat_p50_ns / 1e3, r->lat_p99_ns / 1e3,
			r->lat_max_ns / 1e3, r->verified);
		if (r->type == DMAPERF_TYPE_CPU_COPY && r->bare_mops > 0)
			fprintf(f, "%4s %4s %-12s %-20s %6s %9.3f %8.3f  <- bare rte_memcpy loop; app loop %.3f Mops in the same slices: app/bare = %.3f\n",
				"", "", "  reference", "bare loop",
				size_str(r->buf_size, sz, sizeof(sz)), r->bare_mops,
				r->bare_mops * r->buf_size / 1e3, r->loop_mops,
				r->loop_mops / r->bare_mops);
	}
}

static int
find_col(uint32_t *cols, unsigned int *nb_cols, uint32_t size)
{
	unsigned int i, j;

	for (i = 0; i < *nb_cols; i++)
		if (cols[i] == size)
			return i;
	if (*nb_cols == MAX_COLS)
		return -1;
	/* keep the columns sorted by size */
	for (i = 0; i < *nb_cols && cols[i] < size; i++)
		;
	for (j = *nb_cols; j > i; j--)
		cols[j] = cols[j - 1];
	cols[i] = size;
	(*nb_cols)++;
	return -2 - (int)i;	/* inserted: caller must shift its series */
}

static void
print_row(FILE *f, const char *label, const struct series *s, unsigned int nb_cols,
	double (*get)(const struct dmaperf_result *), const char *fmt)
{
	unsigned int c;
	char cell[32];

	fprintf(f, "  %-36s", label);
	for (c = 0; c < nb_cols; c++) {
		if (s->at[c] == NULL || get(s->at[c]) < 0) {
			fprintf(f, " %9s", "-");
			continue;
		}
		snprintf(cell, sizeof(cell), fmt, get(s->at[c]));
		fprintf(f, " %9s", cell);
	}
	fputc('\n', f);
}

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
	return r->lat_p50_ns / 1e3;
}

static double
get_bare(const struct dmaperf_result *r)
{
	return r->bare_mops > 0 ? r->bare_mops : -1;
}

static void
print_ratio(FILE *f, const char *label, const struct series *a, const struct series *b,
	unsigned int nb_cols, bool bare)
{
	unsigned int c, common = 0;
	char cell[32];

	for (c = 0; c < nb_cols; c++)
		if (a->at[c] != NULL && (bare || b->at[c] != NULL))
			common++;
	if (common == 0)
		return;
	fprintf(f, "  %-36s", label);
	for (c = 0; c < nb_cols; c++) {
		double x, y;

		if (a->at[c] == NULL || (!bare && b->at[c] == NULL)) {
			fprintf(f, " %9s", "-");
			continue;
		}
		x = bare ? a->at[c]->loop_mops : a->at[c]->mops;
		y = bare ? a->at[c]->bare_mops : b->at[c]->mops;
		if (y <= 0) {
			fprintf(f, " %9s", "-");
			continue;
		}
		snprintf(cell, sizeof(cell), "%.2fx", x / y);
		fprintf(f, " %9s", cell);
	}
	fputc('\n', f);
}

static void
pair_label(char *buf, size_t len, const char *a, const char *b)
{
	strlcpy(buf, a, len);
	strlcat(buf, " / ", len);
	strlcat(buf, b, len);
}

static void
print_kind(const struct dmaperf_result *res, unsigned int nb, const char *kind, FILE *f)
{
	static struct series ser[MAX_SERIES];
	uint32_t cols[MAX_COLS];
	unsigned int nb_ser = 0, nb_cols = 0, i, s, t;
	char k[32], label[128], sz[16];
	int col;

	memset(ser, 0, sizeof(ser));
	for (i = 0; i < nb; i++) {
		const struct dmaperf_result *r = &res[i];

		if (r->status != DMAPERF_ST_OK)
			continue;
		kind_of(r, k, sizeof(k));
		if (strcmp(k, kind) != 0)
			continue;
		for (s = 0; s < nb_ser; s++)
			if (strcmp(ser[s].dev, r->dev) == 0 && ser[s].ring == r->ring_size &&
					ser[s].kick == r->kick_batch &&
					ser[s].workers == r->nb_workers)
				break;
		if (s == nb_ser) {
			if (nb_ser == MAX_SERIES)
				continue;
			strlcpy(ser[s].dev, r->dev, sizeof(ser[s].dev));
			ser[s].ring = r->ring_size;
			ser[s].kick = r->kick_batch;
			ser[s].workers = r->nb_workers;
			ser[s].cpu = r->type == DMAPERF_TYPE_CPU_COPY;
			nb_ser++;
		}
		col = find_col(cols, &nb_cols, r->buf_size);
		if (col == -1)
			continue;
		if (col <= -2) {
			/* a column was inserted at -2 - col: shift every series */
			col = -2 - col;
			for (t = 0; t < nb_ser; t++) {
				memmove(&ser[t].at[col + 1], &ser[t].at[col],
					(nb_cols - 1 - col) * sizeof(ser[t].at[0]));
				ser[t].at[col] = NULL;
			}
		}
		ser[s].at[col] = r;	/* the last result of a size wins */
	}
	if (nb_ser == 0)
		return;

	/* a device appearing with several ring/kick settings gets them in its label */
	for (s = 0; s < nb_ser; s++) {
		unsigned int same = 0;

		for (t = 0; t < nb_ser; t++)
			if (strcmp(ser[t].dev, ser[s].dev) == 0)
				same++;
		if (ser[s].cpu)
			snprintf(ser[s].label, sizeof(ser[s].label), "cpu memcpy%s",
				ser[s].workers > 1 ? " (all lcores)" : "");
		else if (same > 1)
			snprintf(ser[s].label, sizeof(ser[s].label), "%s r%u k%u", ser[s].dev,
				ser[s].ring, ser[s].kick);
		else
			snprintf(ser[s].label, sizeof(ser[s].label), "%s", ser[s].dev);
	}

	fprintf(f, "\n%s, by buffer size:\n  %-36s", kind, "");
	for (i = 0; i < nb_cols; i++)
		fprintf(f, " %9s", size_str(cols[i], sz, sizeof(sz)));
	fputc('\n', f);

	fprintf(f, " Mops\n");
	for (s = 0; s < nb_ser; s++) {
		print_row(f, ser[s].label, &ser[s], nb_cols, get_mops, "%.2f");
		if (ser[s].cpu)
			print_row(f, "cpu bare rte_memcpy loop", &ser[s], nb_cols, get_bare, "%.2f");
	}
	fprintf(f, " GB/s\n");
	for (s = 0; s < nb_ser; s++)
		print_row(f, ser[s].label, &ser[s], nb_cols, get_gbps, "%.2f");
	fprintf(f, " CPU cycles per job on the submitting lcore (DMA: inside rte_dma_* calls)\n");
	for (s = 0; s < nb_ser; s++)
		print_row(f, ser[s].label, &ser[s], nb_cols, get_cpu, "%.1f");
	fprintf(f, " Latency p50, one job in flight (us)\n");
	for (s = 0; s < nb_ser; s++)
		print_row(f, ser[s].label, &ser[s], nb_cols, get_p50, "%.2f");

	for (s = 0, t = 0; s < nb_ser; s++)
		t += ser[s].cpu ? 1 : 0;
	if (nb_ser < 2 && t == 0)
		return;
	fprintf(f, " Ratios (Mops; at equal size the GB/s ratio is the same)\n");
	for (s = 0; s < nb_ser; s++) {
		if (ser[s].cpu)
			continue;
		for (t = 0; t < nb_ser; t++) {
			if (t == s || ser[t].cpu || t < s)
				continue;
			pair_label(label, sizeof(label), ser[s].label, ser[t].label);
			print_ratio(f, label, &ser[s], &ser[t], nb_cols, false);
		}
	}
	for (s = 0; s < nb_ser; s++) {
		if (ser[s].cpu)
			continue;
		for (t = 0; t < nb_ser; t++) {
			if (!ser[t].cpu)
				continue;
			pair_label(label, sizeof(label), ser[s].label, ser[t].label);
			print_ratio(f, label, &ser[s], &ser[t], nb_cols, false);
		}
	}
	for (s = 0; s < nb_ser; s++) {
		if (!ser[s].cpu)
			continue;
		pair_label(label, sizeof(label), ser[s].label, "bare loop");
		print_ratio(f, label, &ser[s], NULL, nb_cols, true);
	}
}

void
dmaperf_report(const struct dmaperf_result *res, unsigned int nb, FILE *f)
{
	char kinds[16][32], k[32];
	unsigned int nb_kinds = 0, i, j;

	fprintf(f, "\n=============================== dpdk-test-dma-perf: comparison ===============================\n");
	fprintf(f, "Mops and GB/s (1e9 B/s) over the measurement window, all workers; cyc/op: TSC per job per worker\n"
		"(upstream's \"average cycle\"); cpu cyc: TSC per job spent inside rte_dma_* calls that did work\n"
		"(for CPU copies, the whole loop); p50/p99/max: one job in flight, submit to completion seen;\n"
		"data: jobs whose result was compared with the source (or the fill pattern).\n\n");
	if (nb == 0) {
		fprintf(f, "(no results)\n");
		return;
	}
	print_lines(res, nb, f);

	for (i = 0; i < nb; i++) {
		if (res[i].status != DMAPERF_ST_OK)
			continue;
		kind_of(&res[i], k, sizeof(k));
		for (j = 0; j < nb_kinds; j++)
			if (strcmp(kinds[j], k) == 0)
				break;
		if (j == nb_kinds && nb_kinds < RTE_DIM(kinds))
			strlcpy(kinds[nb_kinds++], k, sizeof(kinds[0]));
	}
	for (j = 0; j < nb_kinds; j++)
		print_kind(res, nb, kinds[j], f);
	fprintf(f, "==============================================================================================\n");
}
