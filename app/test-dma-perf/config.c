/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Config file parsing. Runs in the parent before any EAL exists (rte_cfgfile
 * and rte_kvargs need none), so a bad file is rejected before a single case
 * is forked, and --check-config can validate files on machines without
 * hugepages or devices. Accepts dpdk-test-dma-perf's formats of 23.07
 * (lcore_dma=lcoreX@dev), 24.03 (direction/vchan_dev), 24.11
 * (lcore_dmaN=lcore=..,dev=..,dir=..) and 25.11 ([GLOBAL] section).
 */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <rte_cfgfile.h>
#include <rte_kvargs.h>
#include <rte_string_fns.h>

#include "main.h"

#define GLOBAL_SECTION "GLOBAL"

static const char *const case_keys[] = {
	"type", "skip", "mem_size", "buf_size", "dma_ring_size", "kick_batch",
	"src_numa_node", "dst_numa_node", "cache_flush", "test_seconds",
	"lcore_dma", "lcore", "eal_args", "dma_src_sge", "dma_dst_sge",
	"direction", "vchan_dev", "use_enq_deq_ops",
};

static const char *const global_keys[] = {
	"eal_args", "cache_flush", "test_seconds",
};

static void __rte_format_printf(3, 4)
cfg_err(const char *section, const char *key, const char *fmt, ...)
{
	va_list ap;

	if (key != NULL)
		fprintf(stderr, "config error: [%s] %s: ", section, key);
	else
		fprintf(stderr, "config error: [%s]: ", section);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void __rte_format_printf(3, 4)
cfg_warn(const char *section, const char *key, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "config warning: [%s] %s: ", section, key);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *
dmaperf_type_str(enum dmaperf_type type)
{
	switch (type) {
	case DMAPERF_TYPE_DMA_COPY:
		return "DMA_MEM_COPY";
	case DMAPERF_TYPE_CPU_COPY:
		return "CPU_MEM_COPY";
	case DMAPERF_TYPE_DMA_FILL:
		return "DMA_MEM_FILL";
	default:
		return "NONE";
	}
}

static const char *
dir_str(enum rte_dma_direction dir)
{
	switch (dir) {
	case RTE_DMA_DIR_MEM_TO_MEM:
		return "mem2mem";
	case RTE_DMA_DIR_MEM_TO_DEV:
		return "mem2dev";
	case RTE_DMA_DIR_DEV_TO_MEM:
		return "dev2mem";
	default:
		return "dev2dev";
	}
}

/* Copy @src without leading/trailing blanks into @dst (size @len). */
static void
trim_copy(char *dst, const char *src, size_t len)
{
	size_t n;

	while (isspace((unsigned char)*src))
		src++;
	n = strlen(src);
	while (n > 0 && isspace((unsigned char)src[n - 1]))
		n--;
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Strict unsigned number: the whole (trimmed) string, decimal or 0x-hex,
 * within [min, max]. atoi() as upstream uses would take "64k" for 64.
 */
static int
parse_u64(const char *str, uint64_t min, uint64_t max, uint64_t *out)
{
	char buf[CFG_VALUE_LEN];
	unsigned long long v;
	char *end;

	trim_copy(buf, str, sizeof(buf));
	if (buf[0] == '\0' || buf[0] == '-' || buf[0] == '+')
		return -EINVAL;
	errno = 0;
	v = strtoull(buf, &end, 0);
	if (errno != 0 || *end != '\0')
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static int
get_u32(const char *section, const char *key, const char *value,
	uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;
	int ret;

	ret = parse_u64(value, min, max, &v);
	if (ret == -ERANGE) {
		cfg_err(section, key, "'%s' is out of range [%u, %u]", value, min, max);
		return -1;
	} else if (ret < 0) {
		cfg_err(section, key, "'%s' is not a number", value);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/*
 * The value after *v in the range, in 64 bits: a step that would pass last
 * (or 32 bits) ends the range instead of wrapping around to a value inside
 * it. Steps are at least 1 (ADD) or 2 (MUL), so every range ends.
 */
static bool
entry_next(const struct dmaperf_entry *e, uint32_t *v)
{
	uint64_t n;

	if (e->op == DMAPERF_OP_ADD)
		n = (uint64_t)*v + e->incr;
	else if (e->op == DMAPERF_OP_MUL)
		n = (uint64_t)*v * e->incr;
	else
		return false;
	if (n > e->last)
		return false;
	*v = (uint32_t)n;
	return true;
}

static unsigned int
entry_count(const struct dmaperf_entry *e)
{
	unsigned int n = 1;
	uint32_t v = e->first;

	while (n <= DMAPERF_MAX_SCENARIOS && entry_next(e, &v))
		n++;
	return n;
}

/*
 * A number or "first,last,step,ADD|MUL".
 * Returns 0 (single value), 1 (ranged) or -1 (error, reported).
 */
static int
parse_entry(const char *section, const char *key, const char *value,
	uint32_t min, uint32_t max, struct dmaperf_entry *e)
{
	char buf[CFG_VALUE_LEN];
	char *fields[5];
	char op[16];
	int n;

	memset(e, 0, sizeof(*e));
	strlcpy(buf, value, sizeof(buf));
	n = rte_strsplit(buf, strlen(buf), fields, RTE_DIM(fields), ',');
	if (n == 1) {
		if (get_u32(section, key, fields[0], min, max, &e->first) < 0)
			return -1;
		e->cur = e->last = e->first;
		e->op = DMAPERF_OP_NONE;
		return 0;
	}
	if (n != 4) {
		cfg_err(section, key, "bad range '%s': expected a number or first,last,step,ADD|MUL",
			value);
		return -1;
	}
	if (get_u32(section, key, fields[0], min, max, &e->first) < 0 ||
			get_u32(section, key, fields[1], min, max, &e->last) < 0 ||
			get_u32(section, key, fields[2], 1, UINT32_MAX, &e->incr) < 0)
		return -1;
	trim_copy(op, fields[3], sizeof(op));
	if (strcasecmp(op, "ADD") == 0) {
		e->op = DMAPERF_OP_ADD;
	} else if (strcasecmp(op, "MUL") == 0) {
		e->op = DMAPERF_OP_MUL;
		if (e->incr < 2) {
			cfg_err(section, key, "bad range '%s': a MUL step must be at least 2", value);
			return -1;
		}
	} else {
		cfg_err(section, key, "bad range '%s': operator '%s' is neither ADD nor MUL",
			value, op);
		return -1;
	}
	if (e->last < e->first) {
		cfg_err(section, key, "bad range '%s': last (%u) is below first (%u)",
			value, e->last, e->first);
		return -1;
	}
	if (entry_count(e) > DMAPERF_MAX_SCENARIOS) {
		cfg_err(section, key, "bad range '%s': more than %u scenarios",
			value, DMAPERF_MAX_SCENARIOS);
		return -1;
	}
	e->cur = e->first;
	return 1;
}

static int
parse_dir(const char *section, const char *key, const char *value,
	enum rte_dma_direction *dir)
{
	char buf[32];

	trim_copy(buf, value, sizeof(buf));
	if (strcmp(buf, "mem2mem") == 0)
		*dir = RTE_DMA_DIR_MEM_TO_MEM;
	else if (strcmp(buf, "mem2dev") == 0)
		*dir = RTE_DMA_DIR_MEM_TO_DEV;
	else if (strcmp(buf, "dev2mem") == 0)
		*dir = RTE_DMA_DIR_DEV_TO_MEM;
	else {
		cfg_err(section, key, "direction '%s' is not one of mem2mem, mem2dev, dev2mem",
			value);
		return -1;
	}
	return 0;
}

/*
 * The PCIe port keys shared by 24.03's vchan_dev= and 24.11's lcore_dmaN=.
 * Returns 1 when @k was one of them, 0 when not, -1 on a bad value.
 */
static int
parse_port_key(const char *section, const char *key, const char *k, const char *v,
	struct dmaperf_worker_cfg *w)
{
	uint64_t x;
	uint32_t u;

	if (strcmp(k, "raddr") == 0) {
		/* upstream reads raddr as hex with or without 0x */
		char *end;

		errno = 0;
		x = strtoull(v, &end, 16);
		if (errno != 0 || *v == '\0' || *end != '\0' || x == 0) {
			cfg_err(section, key, "raddr '%s' is not a non-zero hex address", v);
			return -1;
		}
		w->raddr = x;
	} else if (strcmp(k, "coreid") == 0) {
		if (get_u32(section, key, v, 0, UINT8_MAX, &u) < 0)
			return -1;
		w->coreid = u;
	} else if (strcmp(k, "pfid") == 0) {
		if (get_u32(section, key, v, 0, UINT16_MAX, &u) < 0)
			return -1;
		w->pfid = u;
	} else if (strcmp(k, "vfid") == 0) {
		if (get_u32(section, key, v, 0, UINT16_MAX, &u) < 0)
			return -1;
		w->vfid = u;
	} else {
		return 0;
	}
	return 1;
}

/* lcore_dmaN = lcore=<id>,dev=<name>,dir=<dir>[,raddr=..,coreid=..,pfid=..,vfid=..] */
static int
parse_lcore_dma_kv(const char *section, const char *key, const char *value,
	struct dmaperf_worker_cfg *w)
{
	struct rte_kvargs *kv;
	bool have_lcore = false;
	unsigned int i;
	uint32_t u;
	int ret = -1;

	kv = rte_kvargs_parse(value, NULL);
	if (kv == NULL) {
		cfg_err(section, key, "bad lcore_dma '%s': expected lcore=<id>,dev=<dmadev>,dir=mem2mem",
			value);
		return -1;
	}
	memset(w, 0, sizeof(*w));
	w->dir = RTE_DMA_DIR_MEM_TO_MEM;
	for (i = 0; i < kv->count; i++) {
		const char *k = kv->pairs[i].key;
		const char *v = kv->pairs[i].value;
		int r;

		if (v == NULL || *v == '\0') {
			cfg_err(section, key, "bad lcore_dma '%s': '%s' has no value", value, k);
			goto out;
		}
		if (strcmp(k, "lcore") == 0) {
			if (get_u32(section, key, v, 0, RTE_MAX_LCORE - 1, &u) < 0)
				goto out;
			w->lcore = u;
			have_lcore = true;
		} else if (strcmp(k, "dev") == 0) {
			if (strlen(v) >= sizeof(w->dev)) {
				cfg_err(section, key, "dmadev name '%s' is too long", v);
				goto out;
			}
			strlcpy(w->dev, v, sizeof(w->dev));
		} else if (strcmp(k, "dir") == 0) {
			if (parse_dir(section, key, v, &w->dir) < 0)
				goto out;
		} else {
			r = parse_port_key(section, key, k, v, w);
			if (r < 0)
				goto out;
			if (r == 0) {
				cfg_err(section, key, "bad lcore_dma '%s': unknown key '%s' (lcore, dev, dir, raddr, coreid, pfid, vfid)",
					value, k);
				goto out;
			}
		}
	}
	if (!have_lcore || w->dev[0] == '\0') {
		cfg_err(section, key, "bad lcore_dma '%s': both lcore= and dev= are required", value);
		goto out;
	}
	ret = 0;
out:
	rte_kvargs_free(kv);
	return ret;
}

/* 23.07 form: lcore_dma = lcore10@<dev>, lcore11@<dev> */
static int
parse_lcore_dma_old(const char *section, const char *value, struct dmaperf_case *c)
{
	char buf[CFG_VALUE_LEN];
	char *items[DMAPERF_MAX_WORKERS + 1];
	int n, i;

	strlcpy(buf, value, sizeof(buf));
	n = rte_strsplit(buf, strlen(buf), items, RTE_DIM(items), ',');
	if (n > DMAPERF_MAX_WORKERS) {
		cfg_err(section, "lcore_dma", "more than %d workers", DMAPERF_MAX_WORKERS);
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct dmaperf_worker_cfg *w = &c->workers[c->nb_workers];
		char item[CFG_VALUE_LEN];
		char *at;
		uint32_t u;

		trim_copy(item, items[i], sizeof(item));
		at = strchr(item, '@');
		if (strncmp(item, "lcore", 5) != 0 || at == NULL || at[1] == '\0') {
			cfg_err(section, "lcore_dma", "bad lcore_dma entry '%s': expected lcoreN@<dmadev name>",
				item);
			return -1;
		}
		*at = '\0';
		if (get_u32(section, "lcore_dma", item + 5, 0, RTE_MAX_LCORE - 1, &u) < 0)
			return -1;
		memset(w, 0, sizeof(*w));
		w->lcore = u;
		w->dir = RTE_DMA_DIR_MEM_TO_MEM;
		trim_copy(w->dev, at + 1, sizeof(w->dev));
		c->nb_workers++;
	}
	if (c->nb_workers == 0) {
		cfg_err(section, "lcore_dma", "no lcoreN@<dmadev> entry");
		return -1;
	}
	return 0;
}

/* CPU cases: lcore = 3, 4 (commas and/or blanks) */
static int
parse_lcore_list(const char *section, const char *value, struct dmaperf_case *c)
{
	char buf[CFG_VALUE_LEN];
	char *tok, *save = NULL;
	uint32_t u;

	strlcpy(buf, value, sizeof(buf));
	for (tok = strtok_r(buf, ", \t", &save); tok != NULL; tok = strtok_r(NULL, ", \t", &save)) {
		if (c->nb_workers >= DMAPERF_MAX_WORKERS) {
			cfg_err(section, "lcore", "more than %d workers", DMAPERF_MAX_WORKERS);
			return -1;
		}
		if (get_u32(section, "lcore", tok, 0, RTE_MAX_LCORE - 1, &u) < 0)
			return -1;
		memset(&c->workers[c->nb_workers], 0, sizeof(c->workers[0]));
		c->workers[c->nb_workers].lcore = u;
		c->nb_workers++;
	}
	if (c->nb_workers == 0) {
		cfg_err(section, "lcore", "no lcore id given");
		return -1;
	}
	return 0;
}

static bool
is_lcore_dma_n(const char *key, unsigned int *n)
{
	uint64_t v;

	if (strncmp(key, "lcore_dma", 9) != 0 || !isdigit((unsigned char)key[9]))
		return false;
	if (parse_u64(key + 9, 0, DMAPERF_MAX_WORKERS * 4, &v) < 0)
		return false;
	*n = v;
	return true;
}

/*
 * Every key of a section once; unknown keys are only warned about, since
 * later upstream releases add keys this tool may not know.
 */
static int
check_keys(struct rte_cfgfile *f, const char *section, const char *const *known,
	unsigned int nb_known, bool allow_lcore_dma_n)
{
	struct rte_cfgfile_entry *e;
	int n, i, j;
	unsigned int k, idx;
	int ret = 0;

	n = rte_cfgfile_section_num_entries(f, section);
	if (n <= 0)
		return 0;
	e = calloc(n, sizeof(*e));
	if (e == NULL)
		return -1;
	n = rte_cfgfile_section_entries(f, section, e, n);
	for (i = 0; i < n && ret == 0; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(e[i].name, e[j].name) == 0) {
				cfg_err(section, e[i].name, "key given twice");
				ret = -1;
				break;
			}
		}
		for (k = 0; k < nb_known; k++)
			if (strcmp(e[i].name, known[k]) == 0)
				break;
		if (k == nb_known && !(allow_lcore_dma_n && is_lcore_dma_n(e[i].name, &idx)))
			cfg_warn(section, e[i].name, "unknown key, ignored");
	}
	free(e);
	return ret;
}

/* All lcore_dmaN keys: consecutive from 0, each one worker. */
static int
parse_lcore_dma_n(struct rte_cfgfile *f, const char *section, struct dmaperf_case *c)
{
	struct rte_cfgfile_entry *e;
	unsigned int max_idx = 0, idx, i;
	bool seen[DMAPERF_MAX_WORKERS * 4 + 1] = { false };
	char key[32];
	int n, ret = -1;

	n = rte_cfgfile_section_num_entries(f, section);
	e = calloc(n > 0 ? n : 1, sizeof(*e));
	if (e == NULL)
		return -1;
	n = rte_cfgfile_section_entries(f, section, e, n);
	for (i = 0; i < (unsigned int)n; i++) {
		if (!is_lcore_dma_n(e[i].name, &idx))
			continue;
		seen[idx] = true;
		if (idx + 1 > max_idx)
			max_idx = idx + 1;
	}
	if (max_idx > DMAPERF_MAX_WORKERS) {
		cfg_err(section, "lcore_dma", "more than %d workers", DMAPERF_MAX_WORKERS);
		goto out;
	}
	for (idx = 0; idx < max_idx; idx++) {
		if (!seen[idx]) {
			snprintf(key, sizeof(key), "lcore_dma%u", max_idx - 1);
			cfg_err(section, key, "lcore_dmaN keys must be consecutive from lcore_dma0: lcore_dma%u is missing",
				idx);
			goto out;
		}
		snprintf(key, sizeof(key), "lcore_dma%u", idx);
		if (parse_lcore_dma_kv(section, key, rte_cfgfile_get_entry(f, section, key),
				&c->workers[idx]) < 0)
			goto out;
	}
	c->nb_workers = max_idx;
	ret = 0;
out:
	free(e);
	return ret;
}

static int
check_workers(const char *section, struct dmaperf_case *c)
{
	unsigned int i, j;
	bool dma = c->type != DMAPERF_TYPE_CPU_COPY;
	const char *key = dma ? "lcore_dma" : "lcore";

	for (i = 0; i < c->nb_workers; i++) {
		for (j = 0; j < i; j++) {
			/* a DMA lcore may drive several dmadevs in turn (beyond upstream) */
			if (!dma && c->workers[i].lcore == c->workers[j].lcore) {
				cfg_err(section, key, "lcore %u is given twice (one worker per lcore)",
					c->workers[i].lcore);
				return -1;
			}
			if (dma && strcmp(c->workers[i].dev, c->workers[j].dev) == 0) {
				cfg_err(section, key, "dmadev %s is given twice (one lcore per dmadev)",
					c->workers[i].dev);
				return -1;
			}
		}
		if (c->type == DMAPERF_TYPE_DMA_FILL &&
				c->workers[i].dir != RTE_DMA_DIR_MEM_TO_MEM) {
			cfg_err(section, key, "DMA_MEM_FILL needs dir=mem2mem");
			return -1;
		}
		if (c->src_sge != 0 && c->workers[i].dir != RTE_DMA_DIR_MEM_TO_MEM) {
			cfg_err(section, key, "scatter-gather cases need dir=mem2mem");
			return -1;
		}
		if (c->workers[i].dir != RTE_DMA_DIR_MEM_TO_MEM && c->workers[i].raddr == 0) {
			cfg_err(section, key, "%s needs raddr=<remote IOVA>",
				dir_str(c->workers[i].dir));
			return -1;
		}
	}
	return 0;
}

/* Every scenario must give each worker at least one job's worth of buffers. */
static int
check_buffers(const char *section, struct dmaperf_case *c)
{
	struct dmaperf_entry *var = dmaperf_case_var(c);
	unsigned int per_job = 1;
	uint64_t mem, buf, nr;
	uint32_t v;

	if (c->src_sge != 0)
		per_job = RTE_MAX(c->src_sge, c->dst_sge);
	for (v = var ? var->first : 0;;) {
		mem = var == &c->mem_size ? v : c->mem_size.first;
		buf = var == &c->buf_size ? v : c->buf_size.first;
		nr = mem * 1024 * 1024 / (buf * 2);
		if (nr < (uint64_t)c->nb_workers * per_job) {
			cfg_err(section, "mem_size", "%" PRIu64 " MB holds %" PRIu64 " buffers of %" PRIu64 " B (mem_size/2 each side), fewer than the %u needed by %u worker(s)",
				mem, nr, buf, c->nb_workers * per_job, c->nb_workers);
			return -1;
		}
		if (c->src_sge != 0 && buf < RTE_MAX(c->src_sge, c->dst_sge)) {
			cfg_err(section, "buf_size", "%" PRIu64 " B cannot be split into %u segments",
				buf, RTE_MAX(c->src_sge, c->dst_sge));
			return -1;
		}
		if (var == NULL || !entry_next(var, &v))
			break;
	}
	return 0;
}

struct dmaperf_entry *
dmaperf_case_var(struct dmaperf_case *c)
{
	if (c->mem_size.op != DMAPERF_OP_NONE)
		return &c->mem_size;
	if (c->buf_size.op != DMAPERF_OP_NONE)
		return &c->buf_size;
	if (c->ring_size.op != DMAPERF_OP_NONE)
		return &c->ring_size;
	if (c->kick_batch.op != DMAPERF_OP_NONE)
		return &c->kick_batch;
	return NULL;
}

unsigned int
dmaperf_case_scenarios(const struct dmaperf_case *c)
{
	return entry_count(&c->mem_size) * entry_count(&c->buf_size) *
		entry_count(&c->ring_size) * entry_count(&c->kick_batch);
}

static int
parse_case_type(struct rte_cfgfile *f, const char *section, struct dmaperf_case *c)
{
	const char *v = rte_cfgfile_get_entry(f, section, "type");

	if (v == NULL) {
		cfg_err(section, "type", "missing (DMA_MEM_COPY, DMA_MEM_FILL or CPU_MEM_COPY)");
		return -1;
	}
	if (strcmp(v, "DMA_MEM_COPY") == 0)
		c->type = DMAPERF_TYPE_DMA_COPY;
	else if (strcmp(v, "CPU_MEM_COPY") == 0)
		c->type = DMAPERF_TYPE_CPU_COPY;
	else if (strcmp(v, "DMA_MEM_FILL") == 0)
		c->type = DMAPERF_TYPE_DMA_FILL;
	else {
		cfg_err(section, "type", "unknown type '%s' (DMA_MEM_COPY, DMA_MEM_FILL or CPU_MEM_COPY)",
			v);
		return -1;
	}
	return 0;
}

/* An optional number key; @out keeps its value when the key is absent. */
static int
get_opt_u32(struct rte_cfgfile *f, const char *section, const char *key, uint32_t min,
	uint32_t max, uint32_t *out)
{
	const char *v = rte_cfgfile_get_entry(f, section, key);

	if (v == NULL)
		return 0;
	return get_u32(section, key, v, min, max, out);
}

/* NUMA nodes, and the [GLOBAL] defaults (25.11) a case may override (24.11). */
static int
parse_case_placement(struct rte_cfgfile *f, const char *section, struct dmaperf_case *c,
	int g_flush, int g_secs)
{
	uint32_t src = 0, dst = 0, flush = g_flush > 0 ? g_flush : 0;
	uint32_t secs = g_secs > 0 ? g_secs : 0;

	if (get_opt_u32(f, section, "src_numa_node", 0, RTE_MAX_NUMA_NODES - 1, &src) < 0 ||
			get_opt_u32(f, section, "dst_numa_node", 0, RTE_MAX_NUMA_NODES - 1,
				&dst) < 0 ||
			get_opt_u32(f, section, "cache_flush", 0, 1, &flush) < 0 ||
			get_opt_u32(f, section, "test_seconds", 1, 3600, &secs) < 0)
		return -1;
	if (secs == 0) {
		cfg_err(section, "test_seconds", "missing (in the case or in [GLOBAL])");
		return -1;
	}
	c->src_numa_node = src;
	c->dst_numa_node = dst;
	c->cache_flush = flush;
	c->test_seconds = secs;
	return 0;
}

static int
parse_case_sge(struct rte_cfgfile *f, const char *section, struct dmaperf_case *c)
{
	const char *s = rte_cfgfile_get_entry(f, section, "dma_src_sge");
	const char *d = rte_cfgfile_get_entry(f, section, "dma_dst_sge");
	uint32_t u;

	c->src_sge = c->dst_sge = 0;
	if (s == NULL && d == NULL)
		return 0;
	if ((s == NULL) != (d == NULL)) {
		cfg_err(section, s == NULL ? "dma_src_sge" : "dma_dst_sge",
			"dma_src_sge and dma_dst_sge go together");
		return -1;
	}
	if (c->type != DMAPERF_TYPE_DMA_COPY) {
		cfg_err(section, "dma_src_sge", "scatter-gather is for DMA_MEM_COPY only");
		return -1;
	}
	if (get_u32(section, "dma_src_sge", s, 1, UINT8_MAX, &u) < 0)
		return -1;
	c->src_sge = u;
	if (get_u32(section, "dma_dst_sge", d, 1, UINT8_MAX, &u) < 0)
		return -1;
	c->dst_sge = u;
	return 0;
}

/* 24.03-24.07: vchan_dev=raddr=..,coreid=..,pfid=..,vfid=.. for the whole case */
static int
parse_vchan_dev(const char *section, const char *value, struct dmaperf_worker_cfg *port)
{
	struct rte_kvargs *kv = rte_kvargs_parse(value, NULL);
	unsigned int i;
	int r, ret = 0;

	if (kv == NULL) {
		cfg_err(section, "vchan_dev", "bad value '%s'", value);
		return -1;
	}
	for (i = 0; i < kv->count && ret == 0; i++) {
		r = parse_port_key(section, "vchan_dev", kv->pairs[i].key,
			kv->pairs[i].value ? kv->pairs[i].value : "", port);
		if (r == 0)
			cfg_err(section, "vchan_dev", "unknown key '%s' (raddr, coreid, pfid, vfid)",
				kv->pairs[i].key);
		if (r <= 0)
			ret = -1;
	}
	rte_kvargs_free(kv);
	return ret;
}

/* Neither lcore_dma nor lcore_dma0: say which one is missing. */
static int
missing_lcore_dma(struct rte_cfgfile *f, const char *section)
{
	struct rte_cfgfile_entry e[64];
	int n = rte_cfgfile_section_entries(f, section, e, RTE_DIM(e)), i;
	unsigned int idx;

	/* lcore_dma1 without lcore_dma0 lands here too */
	for (i = 0; i < n; i++) {
		if (is_lcore_dma_n(e[i].name, &idx)) {
			cfg_err(section, e[i].name, "lcore_dmaN keys must be consecutive from lcore_dma0: lcore_dma0 is missing");
			return -1;
		}
	}
	cfg_err(section, "lcore_dma0", "missing: a DMA case needs lcore_dma0=lcore=<id>,dev=<dmadev>,dir=mem2mem (or lcore_dma=lcoreN@<dmadev>)");
	return -1;
}

/* The DMA workers, in any of the 23.07, 24.03 and 24.11 forms. */
static int
parse_case_dma_workers(struct rte_cfgfile *f, const char *section, struct dmaperf_case *c)
{
	const char *old = rte_cfgfile_get_entry(f, section, "lcore_dma");
	bool have_n = rte_cfgfile_has_entry(f, section, "lcore_dma0");
	enum rte_dma_direction dir = RTE_DMA_DIR_MEM_TO_MEM;
	struct dmaperf_worker_cfg port = { 0 };
	const char *v;
	unsigned int i;

	v = rte_cfgfile_get_entry(f, section, "direction");
	if (v != NULL && parse_dir(section, "direction", v, &dir) < 0)
		return -1;
	v = rte_cfgfile_get_entry(f, section, "vchan_dev");
	if (v != NULL && parse_vchan_dev(section, v, &port) < 0)
		return -1;

	if (old != NULL && have_n) {
		cfg_err(section, "lcore_dma", "give either lcore_dma (23.07 form) or lcore_dma0.. (24.11 form), not both");
		return -1;
	}
	if (have_n)
		return parse_lcore_dma_n(f, section, c);
	if (old == NULL)
		return missing_lcore_dma(f, section);
	if (parse_lcore_dma_old(section, old, c) < 0)
		return -1;
	for (i = 0; i < c->nb_workers; i++) {
		c->workers[i].dir = dir;
		c->workers[i].raddr = port.raddr;
		c->workers[i].coreid = port.coreid;
		c->workers[i].pfid = port.pfid;
		c->workers[i].vfid = port.vfid;
	}
	return 0;
}

static int
parse_case_workers(struct rte_cfgfile *f, const char *section, struct dmaperf_case *c)
{
	const char *v;

	c->nb_workers = 0;
	if (c->type != DMAPERF_TYPE_CPU_COPY)
		return parse_case_dma_workers(f, section, c);
	v = rte_cfgfile_get_entry(f, section, "lcore");
	if (v == NULL) {
		cfg_err(section, "lcore", "missing: a CPU case needs lcore = <id>[, <id>...]");
		return -1;
	}
	return parse_lcore_list(section, v, c);
}

/* [GLOBAL] eal_args, then the case's */
static void
case_eal_args(struct rte_cfgfile *f, const char *section, struct dmaperf_case *c,
	const char *g_eal)
{
	const char *eal = rte_cfgfile_get_entry(f, section, "eal_args");

	c->eal_args[0] = '\0';
	if (g_eal != NULL)
		strlcpy(c->eal_args, g_eal, sizeof(c->eal_args));
	if (eal != NULL) {
		if (c->eal_args[0] != '\0')
			strlcat(c->eal_args, " ", sizeof(c->eal_args));
		strlcat(c->eal_args, eal, sizeof(c->eal_args));
	}
}

/* Returns 1 when the case is skipped (skip=1 or use_enq_deq_ops=1), 0 when not. */
static int
parse_case_skip(struct rte_cfgfile *f, const char *section, const char *key,
	struct dmaperf_case *c, const char *reason)
{
	uint32_t u = 0;

	if (get_opt_u32(f, section, key, 0, 1, &u) < 0)
		return -1;
	if (u == 1) {
		c->skip = true;
		strlcpy(c->skip_reason, reason, sizeof(c->skip_reason));
	}
	return u;
}

static int
parse_case(struct rte_cfgfile *f, const char *section, struct dmaperf_case *c,
	const char *g_eal, int g_flush, int g_secs)
{
	const char *v, *key;
	bool dma;
	int nb_var = 0, r;
	unsigned int i;

	if (check_keys(f, section, case_keys, RTE_DIM(case_keys), true) < 0)
		return -1;
	/* as upstream: a skipped case need not be complete */
	r = parse_case_skip(f, section, "skip", c, "skip=1 in the config file");
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (parse_case_type(f, section, c) < 0)
		return -1;
	dma = c->type != DMAPERF_TYPE_CPU_COPY;

	v = rte_cfgfile_get_entry(f, section, "mem_size");
	if (v == NULL) {
		cfg_err(section, "mem_size", "missing (MB of memory, half source, half destination)");
		return -1;
	}
	r = parse_entry(section, "mem_size", v, 1, 64 * 1024, &c->mem_size);
	if (r < 0)
		return -1;
	nb_var += r;

	v = rte_cfgfile_get_entry(f, section, "buf_size");
	if (v == NULL) {
		cfg_err(section, "buf_size", "missing (bytes per job)");
		return -1;
	}
	r = parse_entry(section, "buf_size", v, 1, 1u << 30, &c->buf_size);
	if (r < 0)
		return -1;
	nb_var += r;

	if (dma) {
		v = rte_cfgfile_get_entry(f, section, "dma_ring_size");
		if (v == NULL) {
			cfg_err(section, "dma_ring_size", "missing (descriptors of the vchan)");
			return -1;
		}
		r = parse_entry(section, "dma_ring_size", v, 1, UINT16_MAX, &c->ring_size);
		if (r < 0)
			return -1;
		nb_var += r;

		v = rte_cfgfile_get_entry(f, section, "kick_batch");
		if (v == NULL) {
			cfg_err(section, "kick_batch", "missing (jobs per rte_dma_submit)");
			return -1;
		}
		r = parse_entry(section, "kick_batch", v, 1, UINT16_MAX, &c->kick_batch);
		if (r < 0)
			return -1;
		nb_var += r;
	} else {
		c->ring_size.first = c->ring_size.last = c->ring_size.cur = 0;
		c->kick_batch.first = c->kick_batch.last = c->kick_batch.cur = 0;
		for (i = 0; i < 4; i++) {
			static const char *const dma_only[] = {
				"dma_ring_size", "kick_batch", "dma_src_sge", "dma_dst_sge"
			};

			if (rte_cfgfile_get_entry(f, section, dma_only[i]) != NULL)
				cfg_warn(section, dma_only[i], "ignored for CPU_MEM_COPY");
		}
	}
	if (nb_var > 1) {
		key = c->kick_batch.op ? "kick_batch" : c->ring_size.op ? "dma_ring_size" : "buf_size";
		cfg_err(section, key, "only one of mem_size, buf_size, dma_ring_size, kick_batch may be a range in a case");
		return -1;
	}

	if (parse_case_placement(f, section, c, g_flush, g_secs) < 0 ||
			(dma && parse_case_sge(f, section, c) < 0) ||
			parse_case_workers(f, section, c) < 0 ||
			check_workers(section, c) < 0 ||
			check_buffers(section, c) < 0)
		return -1;
	if (parse_case_skip(f, section, "use_enq_deq_ops", c,
			"use_enq_deq_ops=1 needs the enqueue/dequeue-ops dmadev API of later DPDK releases, absent from 22.11") < 0)
		return -1;
	case_eal_args(f, section, c, g_eal);
	return 0;
}

/* "case<N>" exactly, N >= 1 */
static bool
case_number(const char *name, unsigned int *n)
{
	uint64_t v;

	if (strncmp(name, "case", 4) != 0 || !isdigit((unsigned char)name[4]) || name[4] == '0')
		return false;
	if (parse_u64(name + 4, 1, 1000000, &v) < 0)
		return false;
	*n = v;
	return true;
}

/*
 * Section names: [GLOBAL] at most once and [case1] .. [caseN], each once and
 * consecutive. Returns N, or -1 after saying what is wrong.
 */
static int
check_sections(const char *path, char **names, int nb_sec, struct dmaperf_config *cfg)
{
	unsigned int n, m, seen, max_case = 0, nb_case_sec = 0;
	char sec[CFG_NAME_LEN];
	int i;

	for (i = 0; i < nb_sec; i++) {
		if (strcmp(names[i], GLOBAL_SECTION) == 0) {
			if (cfg->has_global) {
				cfg_err(names[i], NULL, "section given twice");
				return -1;
			}
			cfg->has_global = true;
			continue;
		}
		if (!case_number(names[i], &n)) {
			cfg_err(names[i], NULL, "unknown section (expected [GLOBAL] or [case1], [case2], ...)");
			return -1;
		}
		nb_case_sec++;
		if (n > max_case)
			max_case = n;
	}
	if (nb_case_sec == 0) {
		fprintf(stderr, "config error: '%s' has no [caseN] section\n", path);
		return -1;
	}
	if (max_case > DMAPERF_MAX_CASES) {
		snprintf(sec, sizeof(sec), "case%u", max_case);
		cfg_err(sec, NULL, "at most %d cases", DMAPERF_MAX_CASES);
		return -1;
	}
	for (n = 1; n <= max_case; n++) {
		for (i = 0, seen = 0; i < nb_sec; i++)
			seen += case_number(names[i], &m) && m == n;
		if (seen == 0) {
			snprintf(sec, sizeof(sec), "case%u", max_case);
			cfg_err(sec, NULL, "case sections must be consecutive from [case1]: [case%u] is missing",
				n);
			return -1;
		}
		if (seen > 1) {
			snprintf(sec, sizeof(sec), "case%u", n);
			cfg_err(sec, NULL, "section given twice");
			return -1;
		}
	}
	return max_case;
}

/* [GLOBAL] (25.11): the defaults of every case; -1 where not given. */
static int
parse_global(struct rte_cfgfile *f, const char **g_eal, int *g_flush, int *g_secs)
{
	uint32_t u;
	const char *v;

	*g_eal = NULL;
	*g_flush = *g_secs = -1;
	if (!rte_cfgfile_has_section(f, GLOBAL_SECTION))
		return 0;
	if (check_keys(f, GLOBAL_SECTION, global_keys, RTE_DIM(global_keys), false) < 0)
		return -1;
	*g_eal = rte_cfgfile_get_entry(f, GLOBAL_SECTION, "eal_args");
	v = rte_cfgfile_get_entry(f, GLOBAL_SECTION, "cache_flush");
	if (v != NULL) {
		if (get_u32(GLOBAL_SECTION, "cache_flush", v, 0, 1, &u) < 0)
			return -1;
		*g_flush = u;
	}
	v = rte_cfgfile_get_entry(f, GLOBAL_SECTION, "test_seconds");
	if (v != NULL) {
		if (get_u32(GLOBAL_SECTION, "test_seconds", v, 1, 3600, &u) < 0)
			return -1;
		*g_secs = u;
	}
	return 0;
}

int
dmaperf_config_load(const char *path, struct dmaperf_config *cfg)
{
	struct rte_cfgfile *f;
	char **names = NULL;
	const char *g_eal;
	int g_flush, g_secs, max_case = -1;
	int nb_sec, i, ret = -1;
	char sec[CFG_NAME_LEN];

	memset(cfg, 0, sizeof(*cfg));
	f = rte_cfgfile_load(path, 0);
	if (f == NULL) {
		fprintf(stderr, "config error: cannot load '%s' (missing file or INI syntax error)\n",
			path);
		return -1;
	}
	nb_sec = rte_cfgfile_num_sections(f, NULL, 0);
	if (nb_sec <= 0) {
		fprintf(stderr, "config error: '%s' has no [caseN] section\n", path);
		goto out;
	}
	names = calloc(nb_sec, sizeof(*names));
	if (names == NULL)
		goto out;
	for (i = 0; i < nb_sec; i++) {
		names[i] = calloc(1, CFG_NAME_LEN);
		if (names[i] == NULL)
			goto out;
	}
	rte_cfgfile_sections(f, names, nb_sec);

	max_case = check_sections(path, names, nb_sec, cfg);
	if (max_case < 0 || parse_global(f, &g_eal, &g_flush, &g_secs) < 0)
		goto out;
	for (i = 1; i <= max_case; i++) {
		struct dmaperf_case *c = &cfg->cases[i - 1];

		snprintf(sec, sizeof(sec), "case%d", i);
		c->id = i;
		if (parse_case(f, sec, c, g_eal, g_flush, g_secs) < 0)
			goto out;
	}
	cfg->nb_cases = max_case;
	ret = 0;
out:
	if (names != NULL) {
		for (i = 0; i < nb_sec; i++)
			free(names[i]);
		free(names);
	}
	rte_cfgfile_close(f);
	return ret;
}

static void
print_entry(FILE *f, const char *name, const struct dmaperf_entry *e)
{
	if (e->op == DMAPERF_OP_NONE)
		fprintf(f, " %s=%u", name, e->first);
	else
		fprintf(f, " %s=%u..%u(%s %u)", name, e->first, e->last,
			e->op == DMAPERF_OP_ADD ? "ADD" : "MUL", e->incr);
}

void
dmaperf_config_print(const struct dmaperf_config *cfg, FILE *f)
{
	unsigned int i, j;

	for (i = 0; i < cfg->nb_cases; i++) {
		const struct dmaperf_case *c = &cfg->cases[i];

		if (c->skip && c->type == DMAPERF_TYPE_NONE) {
			fprintf(f, "case%u: skipped (%s)\n", c->id, c->skip_reason);
			continue;
		}
		fprintf(f, "case%u: %s, %u scenario(s)%s:", c->id, dmaperf_type_str(c->type),
			dmaperf_case_scenarios(c), c->skip ? ", skipped" : "");
		print_entry(f, "mem_size", &c->mem_size);
		print_entry(f, "buf_size", &c->buf_size);
		if (c->type != DMAPERF_TYPE_CPU_COPY) {
			print_entry(f, "dma_ring_size", &c->ring_size);
			print_entry(f, "kick_batch", &c->kick_batch);
		}
		if (c->src_sge != 0)
			fprintf(f, " sge=%u:%u", c->src_sge, c->dst_sge);
		fprintf(f, " test_seconds=%u cache_flush=%u numa=%d/%d\n", c->test_seconds,
			c->cache_flush, c->src_numa_node, c->dst_numa_node);
		for (j = 0; j < c->nb_workers; j++) {
			const struct dmaperf_worker_cfg *w = &c->workers[j];

			if (c->type == DMAPERF_TYPE_CPU_COPY)
				fprintf(f, "  worker %u: lcore %u (CPU)\n", j, w->lcore);
			else
				fprintf(f, "  worker %u: lcore %u -> %s (%s)\n", j, w->lcore,
					w->dev, dir_str(w->dir));
		}
		fprintf(f, "  eal_args: %s\n", c->eal_args);
		if (c->skip)
			fprintf(f, "  skipped: %s\n", c->skip_reason);
	}
}
