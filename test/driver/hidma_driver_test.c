/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Driver tests of the HIDMA channel dmadev on the emulated instance
 * (--vdev hidma_model0,channels=2[,...]): one scenario per run,
 *
 *   hidma_driver_test <EAL args> -- <scenario>
 *
 * Every scenario checks job ids, last_idx, has_error, statuses, stats and
 * the data moved, byte by byte, with guard bytes around every destination.
 */

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_bus_vdev.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_errno.h>
#include <rte_memzone.h>
#include <rte_pause.h>
#include <rte_random.h>
#include <rte_rawdev.h>

#include <dev_driver.h>
#include <hidma_compat.h>

#include "hidma_dmadev.h"
#include "hidma_hw.h"

#define CH0		"hidma_model0-ch0"
#define CH1		"hidma_model0-ch1"
#define MGMT		"hidma_model0"
#define PATTERN		UINT64_C(0xfedcba9876543210)
#define GUARD		0x5a
#define BAD_DST_IOVA	0x40	/* page 0: never DPDK memory */

/* the device a failure is about: its dump is printed with the failure */
static int16_t fail_dev = -1;

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		printf("FAIL %s:%d: %s: ", __func__, __LINE__, #cond); \
		printf(__VA_ARGS__); \
		printf("\n"); \
		if (fail_dev >= 0) \
			rte_dma_dump(fail_dev, stdout); \
		fail_dev = -1; \
		return -1; \
	} \
} while (0)

#define RUN(call) do { \
	if ((call) != 0) { \
		printf("  from %s:%d\n", __func__, __LINE__); \
		return -1; \
	} \
} while (0)

/* ------------------------------------------------------------------------
 * Helpers
 */

struct buf {
	uint8_t *va;
	rte_iova_t iova;
	size_t len;
};

static int
buf_alloc(struct buf *b, const char *name, size_t len)
{
	/* IOVA-contiguous, so that IOVA-as-PA runs work too */
	const struct rte_memzone *mz = rte_memzone_reserve_aligned(name, len, SOCKET_ID_ANY,
			RTE_MEMZONE_IOVA_CONTIG, 4096);

	CHECK(mz != NULL, "memzone %s of %zu bytes: %s", name, len, rte_strerror(rte_errno));
	b->va = mz->addr;
	b->iova = mz->iova;
	b->len = len;
	return 0;
}

static int16_t
dev_id(const char *name)
{
	int id = rte_dma_get_dev_id_by_name(name);

	if (id < 0)
		printf("no dmadev %s\n", name);
	return id;
}

static int
dev_setup(int16_t id, uint16_t nb_desc, bool start)
{
	const struct rte_dma_conf conf = { .nb_vchans = 1 };
	const struct rte_dma_vchan_conf qconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = nb_desc,
	};
	struct rte_dma_stats st;

	CHECK(rte_dma_configure(id, &conf) == 0, "configure");
	CHECK(rte_dma_vchan_setup(id, 0, &qconf) == 0, "vchan_setup nb_desc %u", nb_desc);
	if (!start)
		return 0;
	CHECK(rte_dma_start(id) == 0, "start");
	CHECK(rte_dma_stats_get(id, 0, &st) == 0, "stats_get");
	CHECK(st.submitted == 0 && st.completed == 0 && st.errors == 0,
		"stats not zero after start");
	return 0;
}

/* wait (at most 1 s) while HW reports work in progress */
static enum rte_dma_vchan_status
wait_hw(int16_t id)
{
	enum rte_dma_vchan_status s = RTE_DMA_VCHAN_ACTIVE;
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz();

	while (rte_dma_vchan_status(id, 0, &s) == 0 && s == RTE_DMA_VCHAN_ACTIVE &&
			rte_get_timer_cycles() < end)
		rte_pause();
	return s;
}

static int
stats_check(int16_t id, uint64_t submitted, uint64_t completed, uint64_t errors)
{
	struct rte_dma_stats st, all;

	CHECK(rte_dma_stats_get(id, 0, &st) == 0, "stats_get");
	CHECK(rte_dma_stats_get(id, RTE_DMA_ALL_VCHAN, &all) == 0, "stats_get ALL");
	CHECK(st.submitted == submitted && st.completed == completed && st.errors == errors,
		"stats %" PRIu64 "/%" PRIu64 "/%" PRIu64 ", expected %" PRIu64 "/%" PRIu64
		"/%" PRIu64, st.submitted, st.completed, st.errors, submitted, completed, errors);
	CHECK(memcmp(&st, &all, sizeof(st)) == 0, "vchan 0 and ALL_VCHAN stats differ");
	return 0;
}

/* the dump text of a device */
static int
dump_text(int16_t id, char *out, size_t len)
{
	FILE *f = fmemopen(out, len, "w");

	CHECK(f != NULL, "fmemopen");
	CHECK(rte_dma_dump(id, f) == 0, "dump");
	fclose(f);
	out[len - 1] = '\0';
	return 0;
}

static uint64_t
dump_counter(int16_t id, const char *what)
{
	static char text[8192];
	const char *p;

	if (dump_text(id, text, sizeof(text)) != 0)
		return UINT64_MAX;
	p = strstr(text, what);
	if (p == NULL)
		return UINT64_MAX;
	/* "<number> <what>" */
	while (p > text && p[-1] == ' ')
		p--;
	while (p > text && p[-1] >= '0' && p[-1] <= '9')
		p--;
	return strtoull(p, NULL, 10);
}

/*
 * A traffic generator shared by the scenarios: jobs are copies or fills into
 * per-slot destinations surrounded by guard bytes; every job's expected
 * outcome is recorded so that each completion can be checked exactly once.
 */
#define MAX_JOBS	16384	/* > any number of outstanding jobs used here */
#define SLOTS		512	/* default number of destination slots */
#define SLOT_SZ		4096	/* default payload area per slot */
#define SLOT_PAD	64	/* guard bytes before and after the payload area */
#define SRC_SZ		(64 * 1024)
#define SG_MAX		16	/* the driver's max_sges */

enum job_kind { JOB_COPY, JOB_FILL, JOB_SG };

struct job {
	uint16_t id;
	uint8_t kind;
	uint8_t fence;
	uint32_t len;		/* SG: the total */
	uint32_t src_off;
	uint32_t dst_off;	/* within the slot's payload area */
	uint64_t pattern;
	uint16_t expect;	/* status, when known in advance */
	bool expect_known;
	uint8_t ntre;		/* SG: TREs the driver must cut it into */
	uint32_t cut;		/* SG expected to fail: bytes written before the failure */
};

/* the segments of an SG job: offsets in the source buffer / the slot's payload */
struct sg_seg {
	uint32_t off;
	uint32_t len;
};

struct sg_rec {
	uint8_t nb_src, nb_dst;
	struct sg_seg src[SG_MAX], dst[SG_MAX];
};

/* segment lengths: equal, random, or pairwise different (shuffled weights) */
enum sg_shape { SG_EQUAL, SG_RANDOM, SG_DISTINCT, SG_NB_SHAPES };

/* destinations come in chunks that fit one 2 MiB hugepage (IOVA-as-PA runs) */
#define CHUNK_SZ	(1024 * 1024)
#define MAX_CHUNKS	128

struct gen {
	int16_t dev;
	struct buf src;
	struct buf dst[MAX_CHUNKS];
	uint32_t slots_per_chunk;
	uint32_t nslots;	/* outstanding jobs must stay below */
	uint32_t slot_sz;
	uint64_t fill_pattern;	/* 0: a random one per job */
	struct job jobs[MAX_JOBS];	/* by id % nslots */
	struct sg_rec *sg;	/* by id % nslots, for JOB_SG */
	uint16_t next_id;	/* next id expected from an enqueue */
	uint16_t next_reap;
	uint64_t submitted, completed, errors;	/* what stats must show */
	uint64_t ok, failed, not_attempted;
	bool unsubmitted;	/* jobs enqueued since the last submit */
	uint16_t nb_unsubmitted;
};

static int
gen_init_slots(struct gen *g, const char *tag, int16_t dev, uint32_t nslots, uint32_t slot_sz)
{
	size_t i;

	/* generators are static: one used again (one_copy) still holds its SG records */
	free(g->sg);
	memset(g, 0, sizeof(*g));
	g->dev = dev;
	g->nslots = nslots;
	g->slot_sz = slot_sz;
	g->slots_per_chunk = RTE_MAX(1u, CHUNK_SZ / (slot_sz + 2 * SLOT_PAD));
	CHECK((nslots + g->slots_per_chunk - 1) / g->slots_per_chunk <= MAX_CHUNKS, "too big");
	g->sg = calloc(nslots, sizeof(*g->sg));
	CHECK(g->sg != NULL, "no memory");
	RUN(buf_alloc(&g->src, tag, SRC_SZ));
	for (i = 0; i * g->slots_per_chunk < nslots; i++) {
		char n[64];

		snprintf(n, sizeof(n), "%s_dst%zu", tag, i);
		RUN(buf_alloc(&g->dst[i], n, (size_t)g->slots_per_chunk * (slot_sz + 2 * SLOT_PAD)));
	}
	for (i = 0; i < SRC_SZ; i++)
		g->src.va[i] = rte_rand();
	return 0;
}

static int
gen_init(struct gen *g, const char *tag, int16_t dev)
{
	return gen_init_slots(g, tag, dev, SLOTS, SLOT_SZ);
}

static struct job *
job_of(struct gen *g, uint16_t id)
{
	return &g->jobs[id % g->nslots];
}

/* a slot: SLOT_PAD guard bytes, slot_sz payload bytes, SLOT_PAD guard bytes */
static size_t
slot_off(const struct gen *g, uint16_t id)
{
	return (size_t)((id % g->nslots) % g->slots_per_chunk) * (g->slot_sz + 2 * SLOT_PAD);
}

static uint8_t *
slot_va(struct gen *g, uint16_t id)
{
	return g->dst[(id % g->nslots) / g->slots_per_chunk].va + slot_off(g, id);
}

static rte_iova_t
slot_iova(struct gen *g, uint16_t id)
{
	return g->dst[(id % g->nslots) / g->slots_per_chunk].iova + slot_off(g, id) + SLOT_PAD;
}

/* restart expectations after rte_dma_start (ids and stats restart at 0) */
static void
gen_restart(struct gen *g)
{
	g->next_id = 0;
	g->next_reap = 0;
	g->submitted = g->completed = g->errors = 0;
	g->ok = g->failed = g->not_attempted = 0;
	g->nb_unsubmitted = 0;
}

/* account an enqueue that returned ret */
static void
gen_enqueued(struct gen *g, int ret, uint64_t flags)
{
	if (ret < 0)
		return;
	g->next_id++;
	if (flags & RTE_DMA_OP_FLAG_SUBMIT) {
		g->submitted += g->nb_unsubmitted + 1;
		g->nb_unsubmitted = 0;
	} else {
		g->nb_unsubmitted++;
	}
}

/*
 * Enqueue one job. bad: 0 none, 1 source IOVA 0, 2 destination IOVA in
 * page 0, 3 length 0. Returns the enqueue result.
 */
static int
gen_enqueue(struct gen *g, enum job_kind kind, uint32_t len, int bad, uint64_t flags)
{
	struct job *j = job_of(g, g->next_id);
	rte_iova_t src, dst;
	int ret;

	memset(j, 0, sizeof(*j));
	j->id = g->next_id;
	j->kind = kind;
	j->fence = !!(flags & RTE_DMA_OP_FLAG_FENCE);
	j->len = bad == 3 ? 0 : len;
	j->src_off = rte_rand_max(SRC_SZ - len + 1);
	j->dst_off = rte_rand_max(g->slot_sz - len + 1);
	j->pattern = kind != JOB_FILL ? 0 : g->fill_pattern != 0 ? g->fill_pattern :
		(rte_rand() | 1);
	memset(slot_va(g, j->id), GUARD, g->slot_sz + 2 * SLOT_PAD);
	src = g->src.iova + j->src_off;
	dst = slot_iova(g, j->id) + j->dst_off;
	if (bad == 1)
		src = 0;
	if (bad == 2)
		dst = BAD_DST_IOVA;
	if (bad != 0) {
		j->expect_known = true;
		j->expect = bad == 1 ? RTE_DMA_STATUS_INVALID_SRC_ADDR :
			bad == 2 ? RTE_DMA_STATUS_INVALID_DST_ADDR : RTE_DMA_STATUS_INVALID_LENGTH;
	}
	if (kind == JOB_FILL)
		ret = rte_dma_fill(g->dev, 0, j->pattern, dst, j->len, flags);
	else
		ret = rte_dma_copy(g->dev, 0, src, dst, j->len, flags);
	gen_enqueued(g, ret, flags);
	return ret;
}

static struct sg_rec *
sg_of(struct gen *g, uint16_t id)
{
	return &g->sg[id % g->nslots];
}

/* n lengths >= 1 summing to total (total >= n), of the given shape */
static void
sg_lengths(uint32_t total, unsigned int n, enum sg_shape shape, uint32_t *len)
{
	uint32_t cuts[SG_MAX + 1], w[SG_MAX], sum = 0, t;
	unsigned int i, k;

	if (shape == SG_EQUAL) {
		for (i = 0; i < n; i++)
			len[i] = total / n;
		len[n - 1] += total % n;
	} else if (shape == SG_RANDOM) {
		/* n - 1 distinct cut points in (0, total) */
		cuts[0] = 0;
		for (i = 1; i < n; i++) {
			do {
				t = 1 + rte_rand_max(total - 1);
				for (k = 1; k < i && cuts[k] != t; k++)
					;
			} while (k < i);
			for (k = i; k > 1 && cuts[k - 1] > t; k--)
				cuts[k] = cuts[k - 1];
			cuts[k] = t;
		}
		cuts[n] = total;
		for (i = 0; i < n; i++)
			len[i] = cuts[i + 1] - cuts[i];
	} else {
		/* weights 1..n shuffled; with total >= n(n+1)/2 lengths differ */
		for (i = 0; i < n; i++)
			w[i] = i + 1;
		for (i = n - 1; i > 0; i--) {
			k = rte_rand_max(i + 1);
			t = w[i];
			w[i] = w[k];
			w[k] = t;
		}
		for (i = 0; i < n; i++) {
			len[i] = RTE_MAX(1u, total * w[i] / (n * (n + 1) / 2));
			sum += len[i];
		}
		/* the rounding goes to the longest one */
		for (i = 0, k = 0; i < n; i++)
			if (w[i] == n)
				k = i;
		len[k] += total - sum;
	}
}

/* TREs of an SG job: one per piece between the boundaries of either side */
static unsigned int
sg_ntre(const struct sg_rec *r)
{
	uint32_t b[2 * SG_MAX], p = 0;
	unsigned int i, k, n = 0;

	for (i = 0; i + 1 < r->nb_src; i++) {
		p += r->src[i].len;
		b[n++] = p;
	}
	p = 0;
	for (i = 0; i + 1 < r->nb_dst; i++) {
		p += r->dst[i].len;
		for (k = 0; k < n && b[k] != p; k++)
			;
		if (k == n)
			b[n++] = p;
	}
	return n + 1;
}

/*
 * Enqueue an SG job: nb_src source segments scattered in the source buffer,
 * nb_dst destination segments laid out in the slot in a random order, with
 * guard bytes between them. Lengths from sl/dl when given, else of the
 * shape. bad: 1 the source segment seg is at IOVA 0, 2 the destination
 * segment seg is in page 0. Returns the enqueue result.
 */
static int
gen_enqueue_sg(struct gen *g, unsigned int nb_src, unsigned int nb_dst, uint32_t total,
		enum sg_shape shape, const uint32_t *sl, const uint32_t *dl, int bad,
		unsigned int seg, uint64_t flags)
{
	struct job *j = job_of(g, g->next_id);
	struct sg_rec *r = sg_of(g, g->next_id);
	struct rte_dma_sge src[SG_MAX], dst[SG_MAX];
	uint32_t slen[SG_MAX], dlen[SG_MAX], perm[SG_MAX], gap, cur = 0, t;
	unsigned int i, k;
	int ret;

	if (sl == NULL) {
		sg_lengths(total, nb_src, shape, slen);
		sl = slen;
	}
	if (dl == NULL) {
		sg_lengths(total, nb_dst, shape, dlen);
		dl = dlen;
	}
	memset(j, 0, sizeof(*j));
	memset(r, 0, sizeof(*r));
	j->id = g->next_id;
	j->kind = JOB_SG;
	j->fence = !!(flags & RTE_DMA_OP_FLAG_FENCE);
	j->len = total;
	r->nb_src = nb_src;
	r->nb_dst = nb_dst;
	for (i = 0; i < nb_src; i++) {
		r->src[i].len = sl[i];
		r->src[i].off = rte_rand_max(SRC_SZ - sl[i] + 1);
		src[i].addr = g->src.iova + r->src[i].off;
		src[i].length = sl[i];
	}
	for (i = 0; i < nb_dst; i++)
		perm[i] = i;
	for (i = nb_dst - 1; i > 0; i--) {
		k = rte_rand_max(i + 1);
		t = perm[i];
		perm[i] = perm[k];
		perm[k] = t;
	}
	gap = (g->slot_sz - total) / (nb_dst + 1);
	for (k = 0; k < nb_dst; k++) {
		i = perm[k];
		cur += gap == 0 ? 0 : 1 + rte_rand_max(gap);
		r->dst[i].off = cur;
		r->dst[i].len = dl[i];
		cur += dl[i];
	}
	for (i = 0; i < nb_dst; i++) {
		dst[i].addr = slot_iova(g, j->id) + r->dst[i].off;
		dst[i].length = dl[i];
	}
	j->ntre = sg_ntre(r);
	memset(slot_va(g, j->id), GUARD, g->slot_sz + 2 * SLOT_PAD);
	if (bad != 0) {
		const struct sg_seg *side = bad == 1 ? r->src : r->dst;

		for (i = 0; i < seg; i++)
			j->cut += side[i].len;
		if (bad == 1)
			src[seg].addr = 0;
		else
			dst[seg].addr = BAD_DST_IOVA;
		j->expect_known = true;
		j->expect = bad == 1 ? RTE_DMA_STATUS_INVALID_SRC_ADDR :
			RTE_DMA_STATUS_INVALID_DST_ADDR;
	}
	ret = rte_dma_copy_sg(g->dev, 0, src, dst, nb_src, nb_dst, flags);
	gen_enqueued(g, ret, flags);
	return ret;
}

static int
gen_submit(struct gen *g)
{
	CHECK(rte_dma_submit(g->dev, 0) == 0, "submit");
	g->submitted += g->nb_unsubmitted;
	g->nb_unsubmitted = 0;
	return 0;
}

/*
 * SG job j wrote exactly the first done bytes of its gathered source into
 * its destination segments, nothing else in its slot. 0 or -1 (described
 * unless quiet).
 */
static int
sg_verify(struct gen *g, const struct job *j, uint32_t done, bool quiet)
{
	static uint8_t stream[SLOT_SZ], want[SLOT_SZ + 2 * SLOT_PAD];
	const struct sg_rec *r = sg_of(g, j->id);
	const uint8_t *s = slot_va(g, j->id);
	const size_t sz = g->slot_sz + 2 * SLOT_PAD;
	uint32_t p = 0, w;
	unsigned int i;
	size_t k;

	CHECK(j->len <= sizeof(stream) && sz <= sizeof(want), "SG job too big for the check");
	for (i = 0; i < r->nb_src; i++) {
		memcpy(stream + p, g->src.va + r->src[i].off, r->src[i].len);
		p += r->src[i].len;
	}
	memset(want, GUARD, sz);
	p = 0;
	for (i = 0; i < r->nb_dst; i++) {
		w = done > p ? RTE_MIN(r->dst[i].len, done - p) : 0;
		memcpy(want + SLOT_PAD + r->dst[i].off, stream + p, w);
		p += r->dst[i].len;
	}
	if (memcmp(s, want, sz) == 0)
		return 0;
	if (quiet)
		return -1;
	for (k = 0; k < sz && s[k] == want[k]; k++)
		;
	CHECK(false, "SG job %u (%ux%u, %u bytes, %u expected written): slot byte %d is 0x%02x, "
		"not 0x%02x", j->id, r->nb_src, r->nb_dst, j->len, done, (int)k - SLOT_PAD, s[k],
		want[k]);
	return -1;
}

/* SG job j failed at a TRE not known in advance: some TRE boundary */
static int
sg_verify_any(struct gen *g, const struct job *j)
{
	const struct sg_rec *r = sg_of(g, j->id);
	uint32_t p = 0;
	unsigned int i;

	if (sg_verify(g, j, 0, true) == 0)
		return 0;
	for (i = 0; i + 1 < r->nb_src; i++) {
		p += r->src[i].len;
		if (sg_verify(g, j, p, true) == 0)
			return 0;
	}
	p = 0;
	for (i = 0; i + 1 < r->nb_dst; i++) {
		p += r->dst[i].len;
		if (sg_verify(g, j, p, true) == 0)
			return 0;
	}
	CHECK(false, "failed SG job %u: its data is not a prefix cut at a TRE boundary", j->id);
	return -1;
}

/* data of job j: written exactly (status SUCCESSFUL) or not at all */
static int
job_verify(struct gen *g, const struct job *j, bool written)
{
	const uint8_t *s = slot_va(g, j->id);
	const uint8_t *p = s + SLOT_PAD + j->dst_off;
	uint32_t i;

	if (j->kind == JOB_SG)
		return sg_verify(g, j, written ? j->len : 0, false);
	for (i = 0; i < SLOT_PAD + j->dst_off; i++)
		CHECK(s[i] == GUARD, "job %u: byte %d before the destination written", j->id,
			(int)i - (int)(SLOT_PAD + j->dst_off));
	for (i = 0; i < j->len; i++) {
		uint8_t want = j->kind == JOB_FILL ? (uint8_t)(j->pattern >> (8 * (i % 8))) :
			g->src.va[j->src_off + i];

		if (!written)
			want = GUARD;
		CHECK(p[i] == want, "job %u (%s, len %u, %s): byte %u is 0x%02x, not 0x%02x",
			j->id, j->kind == JOB_FILL ? "fill" : "copy", j->len,
			written ? "done" : "not done", i, p[i], want);
	}
	for (i = j->len; i < g->slot_sz - j->dst_off + SLOT_PAD; i++)
		CHECK(p[i] == GUARD, "job %u (len %u): overrun at byte %u past the end", j->id,
			j->len, i - j->len);
	return 0;
}

/* account one reaped job; status checked against what is known */
static int
gen_account(struct gen *g, uint16_t st)
{
	const struct job *j = job_of(g, g->next_reap);

	fail_dev = g->dev;
	CHECK(j->id == g->next_reap, "job record %u overwritten", g->next_reap);
	if (j->expect_known)
		CHECK(st == j->expect, "job %u (%s %ux%u, %u bytes): status %u, expected %u", j->id,
			j->kind == JOB_SG ? "SG" : j->kind == JOB_FILL ? "fill" : "copy",
			j->kind == JOB_SG ? sg_of(g, j->id)->nb_src : 1,
			j->kind == JOB_SG ? sg_of(g, j->id)->nb_dst : 1, j->len, st, j->expect);
	else
		CHECK(st == RTE_DMA_STATUS_SUCCESSFUL || st == RTE_DMA_STATUS_NOT_ATTEMPTED ||
			st == RTE_DMA_STATUS_INVALID_SRC_ADDR,
			"job %u: unexpected status %u", j->id, st);
	/* a failed SG job wrote the pieces before its failed TRE */
	if (j->kind == JOB_SG && st != RTE_DMA_STATUS_SUCCESSFUL &&
			st != RTE_DMA_STATUS_NOT_ATTEMPTED)
		RUN(j->expect_known ? sg_verify(g, j, j->cut, false) : sg_verify_any(g, j));
	else
		RUN(job_verify(g, j, st == RTE_DMA_STATUS_SUCCESSFUL));
	g->completed++;
	if (st == RTE_DMA_STATUS_SUCCESSFUL) {
		g->ok++;
	} else {
		g->errors++;
		g->failed += st != RTE_DMA_STATUS_NOT_ATTEMPTED;
		g->not_attempted += st == RTE_DMA_STATUS_NOT_ATTEMPTED;
	}
	g->next_reap++;
	return 0;
}

/* one completed() call, checked; *n = jobs returned */
static int
gen_completed(struct gen *g, uint16_t max, uint16_t *n, bool *err)
{
	uint16_t last = 0x1234, i, got;
	bool has_error = false;

	got = rte_dma_completed(g->dev, 0, max, &last, &has_error);
	CHECK(got <= max, "completed returned %u > %u", got, max);
	for (i = 0; i < got; i++)
		RUN(gen_account(g, RTE_DMA_STATUS_SUCCESSFUL));
	CHECK(last == (uint16_t)(g->next_reap - 1), "completed: last_idx %u, expected %u", last,
		(uint16_t)(g->next_reap - 1));
	if (has_error) {
		const struct job *j = job_of(g, g->next_reap);

		CHECK(g->next_reap != g->next_id, "has_error with nothing outstanding");
		CHECK(!j->expect_known || j->expect != RTE_DMA_STATUS_SUCCESSFUL,
			"has_error before a job expected to succeed");
	}
	*n = got;
	if (err != NULL)
		*err = has_error;
	return 0;
}

static int
gen_completed_status(struct gen *g, uint16_t max, uint16_t *n)
{
	enum rte_dma_status_code st[256];
	uint16_t last = 0x1234, i, got;

	if (max > RTE_DIM(st))
		max = RTE_DIM(st);
	got = rte_dma_completed_status(g->dev, 0, max, &last, st);
	CHECK(got <= max, "completed_status returned %u > %u", got, max);
	for (i = 0; i < got; i++)
		RUN(gen_account(g, st[i]));
	CHECK(last == (uint16_t)(g->next_reap - 1), "completed_status: last_idx %u, expected %u",
		last, (uint16_t)(g->next_reap - 1));
	*n = got;
	return 0;
}

/* reap everything submitted, mixing both calls; bounded in time */
static int
gen_drain(struct gen *g)
{
	const uint16_t target = g->next_id - g->nb_unsubmitted;
	uint64_t end = rte_get_timer_cycles() + 5 * rte_get_timer_hz();
	uint16_t n;
	bool err;

	while (g->next_reap != target) {
		CHECK(rte_get_timer_cycles() < end, "jobs %u..%u never completed", g->next_reap,
			(uint16_t)(target - 1));
		if (rte_rand() & 1) {
			RUN(gen_completed(g, 1 + rte_rand_max(64), &n, &err));
			if (err)
				RUN(gen_completed_status(g, 1, &n));
		} else {
			RUN(gen_completed_status(g, 1 + rte_rand_max(64), &n));
		}
		if (n == 0)
			wait_hw(g->dev);
	}
	return stats_check(g->dev, g->submitted, g->completed, g->errors);
}

static int
expect_nothing_more(struct gen *g)
{
	uint16_t n;
	bool err;

	RUN(gen_completed(g, 32, &n, &err));
	CHECK(n == 0 && !err, "completed after drain: %u jobs, has_error %d", n, err);
	RUN(gen_completed_status(g, 32, &n));
	CHECK(n == 0, "completed_status after drain: %u jobs", n);
	CHECK(wait_hw(g->dev) == RTE_DMA_VCHAN_IDLE, "vchan not idle after drain");
	return 0;
}

/* ------------------------------------------------------------------------
 * Scenarios
 */

/* ids wrap past 65535 on both channels, data checked for every job */
static int
test_wrap(void)
{
	static struct gen g[2];
	const uint16_t nb_desc[2] = { 1024, 512 };
	uint32_t total[2] = { 0, 0 }, wraps[2] = { 0, 0 };
	int c, i, ret;

	for (c = 0; c < 2; c++) {
		RUN(gen_init(&g[c], c == 0 ? "wrap0" : "wrap1", dev_id(c == 0 ? CH0 : CH1)));
		RUN(dev_setup(g[c].dev, nb_desc[c], true));
		CHECK(rte_dma_burst_capacity(g[c].dev, 0) == nb_desc[c] - 1, "capacity");
	}
	while (total[0] < 70000 || total[1] < 70000) {
		for (c = 0; c < 2; c++) {
			struct gen *x = &g[c];
			uint16_t burst = 1 + rte_rand_max(64), n;

			if ((uint16_t)(x->next_id - x->next_reap) + burst > 400)
				burst = 0;
			for (i = 0; i < burst; i++) {
				bool fill = rte_rand_max(10) == 0;
				uint64_t fl = i == burst - 1 && (rte_rand() & 1) ?
					RTE_DMA_OP_FLAG_SUBMIT : 0;
				uint16_t want = x->next_id;

				ret = gen_enqueue(x, fill ? JOB_FILL : JOB_COPY,
					1 + rte_rand_max(2048), 0, fl);
				CHECK(ret == want, "enqueue returned %d, expected id %u", ret, want);
				if (want == UINT16_MAX)
					wraps[c]++;
			}
			if (x->nb_unsubmitted != 0)
				RUN(gen_submit(x));
			total[c] += burst;
			if (rte_rand() & 1)
				RUN(gen_completed(x, 1 + rte_rand_max(128), &n, NULL));
			else
				RUN(gen_completed_status(x, 1 + rte_rand_max(128), &n));
		}
	}
	for (c = 0; c < 2; c++) {
		RUN(gen_drain(&g[c]));
		RUN(expect_nothing_more(&g[c]));
		CHECK(wraps[c] >= 1, "channel %d: ids did not wrap", c);
		CHECK(g[c].errors == 0, "errors");
		printf("channel %d: %u jobs, ids wrapped %u times\n", c, total[c], wraps[c]);
		CHECK(rte_dma_stop(g[c].dev) == 0, "stop");
	}
	return 0;
}

/* fills of every length 1..4096 at random alignments, byte-exact */
static int
test_fill(void)
{
	static struct gen g;
	uint32_t len = 1;
	int ret;

	RUN(gen_init(&g, "fill", dev_id(CH0)));
	g.fill_pattern = PATTERN;
	RUN(dev_setup(g.dev, 256, true));
	while (len <= SLOT_SZ) {
		int i;

		for (i = 0; i < 32 && len <= SLOT_SZ; i++, len++) {
			ret = gen_enqueue(&g, JOB_FILL, len, 0, 0);
			CHECK(ret >= 0, "fill len %u: %d", len, ret);
		}
		RUN(gen_submit(&g));
		RUN(gen_drain(&g));
	}
	RUN(expect_nothing_more(&g));
	CHECK(g.errors == 0, "errors");
	return rte_dma_stop(g.dev);
}

/*
 * One burst of n jobs with the given bad jobs, checked the way DPDK's
 * dmadev_autotest does, but with exact statuses: completed() up to the first
 * failure, has_error and last_idx sticky until completed_status() reports it.
 */
static int
error_burst(struct gen *g, unsigned int n, const unsigned int *bad_pos, const int *bad_kind,
		unsigned int nb_bad, bool individually)
{
	const uint16_t first = g->next_id;
	uint64_t base_sub = g->submitted;
	unsigned int i, b, first_bad = n;
	uint16_t got, last;
	bool err;

	for (i = 0; i < n; i++) {
		int bad = 0;

		for (b = 0; b < nb_bad; b++)
			if (bad_pos[b] == i)
				bad = bad_kind[b];
		if (bad != 0 && first_bad == n)
			first_bad = i;
		CHECK(gen_enqueue(g, JOB_COPY, 1 + rte_rand_max(1024), bad, 0) ==
			(uint16_t)(first + i), "enqueue");
	}
	RUN(gen_submit(g));
	RUN(stats_check(g->dev, base_sub + n, g->completed, g->errors));
	/* the model halts on the error, with jobs left behind it */
	if (first_bad < n - 1)
		CHECK(wait_hw(g->dev) == RTE_DMA_VCHAN_HALTED_ERROR, "vchan not HALTED_ERROR");
	else
		wait_hw(g->dev);

	if (individually) {
		for (i = 0; i < first_bad; i++) {
			RUN(gen_completed(g, 1, &got, &err));
			CHECK(got == 1 && !err, "job %u: completed(1) gave %u, err %d", i, got, err);
		}
	} else {
		RUN(gen_completed(g, n, &got, &err));
		CHECK(got == first_bad, "completed: %u jobs before the failure, expected %u", got,
			first_bad);
	}
	if (first_bad == n)
		return gen_drain(g);
	last = g->next_reap - 1;
	CHECK(last == (uint16_t)(first + first_bad - 1), "last_idx before failure");
	for (i = 0; i < 3; i++) {
		RUN(gen_completed(g, n, &got, &err));
		CHECK(got == 0 && err, "completed after failure: %u jobs, has_error %d", got, err);
	}
	if (individually) {
		while (g->next_reap != g->next_id) {
			RUN(gen_completed_status(g, 1, &got));
			if (got == 0)
				wait_hw(g->dev);
		}
	} else {
		/* the failed one, then the rest (after the recovery re-posted them) */
		RUN(gen_completed_status(g, 1, &got));
		CHECK(got == 1, "completed_status(1) of the failed job gave %u", got);
		wait_hw(g->dev);
	}
	return gen_drain(g);
}

static int
test_errors(void)
{
	static struct gen g;
	const unsigned int pos[] = { 0, 15, 31 };
	const unsigned int multi_pos[] = { 3, 4, 20, 31 };
	const int multi_kind[] = { 1, 2, 3, 1 };
	unsigned int p, k;
	uint16_t last, got;
	bool err;

	RUN(gen_init(&g, "errors", dev_id(CH0)));
	RUN(dev_setup(g.dev, 128, true));

	/* the very first job after start fails: last_idx is 0xffff */
	CHECK(gen_enqueue(&g, JOB_COPY, 64, 1, RTE_DMA_OP_FLAG_SUBMIT) == 0, "first id");
	wait_hw(g.dev);
	got = rte_dma_completed(g.dev, 0, 8, &last, &err);
	CHECK(got == 0 && err && last == UINT16_MAX, "first job failed: %u %d %u", got, err, last);
	RUN(gen_drain(&g));

	for (k = 1; k <= 2; k++) {
		for (p = 0; p < RTE_DIM(pos); p++) {
			const int kind = k;

			printf("bad %s at job %u of 32\n", k == 1 ? "source" : "destination", pos[p]);
			RUN(error_burst(&g, 32, &pos[p], &kind, 1, false));
			RUN(error_burst(&g, 32, &pos[p], &kind, 1, true));
		}
	}
	printf("length 0, and several failures in one burst\n");
	{
		const unsigned int z = 7;
		const int kind = 3;

		RUN(error_burst(&g, 32, &z, &kind, 1, false));
	}
	RUN(error_burst(&g, 32, multi_pos, multi_kind, RTE_DIM(multi_pos), false));
	RUN(error_burst(&g, 32, multi_pos, multi_kind, RTE_DIM(multi_pos), true));
	RUN(expect_nothing_more(&g));
	CHECK(g.failed == 1 + 12 + 1 + 8 && g.not_attempted == 0, "%" PRIu64 " failed, %"
		PRIu64 " not attempted", g.failed, g.not_attempted);
	CHECK(dump_counter(g.dev, "recoveries") >= g.failed, "dump shows fewer recoveries");
	return rte_dma_stop(g.dev);
}

/*
 * Random bursts with random failures, reaped in random ways, on a ring small
 * enough that recoveries happen at every ring position (the re-posted TREs
 * wrap); then the fast path with no error; then jobs enqueued but not
 * submitted while the channel is halted, which must wait for their submit.
 */
static int
test_recovery(void)
{
	static struct gen g;
	const uint16_t rings[] = { 32, 1024 };
	unsigned int r, it, i;
	uint16_t got;
	bool err;

	RUN(gen_init(&g, "recovery", dev_id(CH0)));
	for (r = 0; r < RTE_DIM(rings); r++) {
		RUN(dev_setup(g.dev, rings[r], true));
		gen_restart(&g);
		for (it = 0; it < 400; it++) {
			unsigned int n = 1 + rte_rand_max(RTE_MIN(rings[r] - 1, 64));
			unsigned int pos[3], nb = rte_rand_max(4);
			int kind[3];

			nb = RTE_MIN(nb, n);
			for (i = 0; i < nb; i++) {
				pos[i] = rte_rand_max(n);
				kind[i] = 1 + rte_rand_max(3);
			}
			RUN(error_burst(&g, n, pos, kind, nb, rte_rand_max(4) == 0));
		}
		printf("ring %u: %" PRIu64 " jobs, %" PRIu64 " failed, %" PRIu64
			" recoveries\n", rings[r], g.completed, g.failed,
			dump_counter(g.dev, "recoveries"));

		/* clean traffic afterwards takes the fast path: no has_error */
		for (it = 0; it < 200; it++) {
			unsigned int n = 1 + rte_rand_max(RTE_MIN(rings[r] - 1, 64));

			for (i = 0; i < n; i++)
				CHECK(gen_enqueue(&g, JOB_COPY, 1 + rte_rand_max(4096), 0, 0) >= 0,
					"enqueue");
			RUN(gen_submit(&g));
			wait_hw(g.dev);
			RUN(gen_completed(&g, n, &got, &err));
			CHECK(got == n && !err, "clean burst: %u of %u, has_error %d", got, n, err);
		}
		RUN(expect_nothing_more(&g));
		CHECK(rte_dma_stop(g.dev) == 0, "stop");
	}

	/* enqueued, not submitted, while HW is halted on an error */
	RUN(dev_setup(g.dev, 64, true));
	gen_restart(&g);
	for (i = 0; i < 8; i++)
		CHECK(gen_enqueue(&g, JOB_COPY, 256, i == 2 ? 1 : 0, 0) >= 0, "enqueue");
	RUN(gen_submit(&g));
	CHECK(wait_hw(g.dev) == RTE_DMA_VCHAN_HALTED_ERROR, "not halted");
	for (i = 0; i < 8; i++)
		CHECK(gen_enqueue(&g, JOB_COPY, 256, 0, 0) >= 0, "enqueue");
	RUN(gen_completed(&g, 16, &got, &err));	/* recovers */
	CHECK(got == 2 && err, "before the failure: %u, %d", got, err);
	RUN(gen_completed_status(&g, 16, &got));
	wait_hw(g.dev);
	rte_delay_us_sleep(20 * 1000);
	RUN(gen_completed_status(&g, 16, &got));
	CHECK(g.next_reap == 8, "reported %u jobs, only 8 were submitted", g.next_reap);
	for (i = 8; i < 16; i++)
		RUN(job_verify(&g, job_of(&g, i), false));
	RUN(gen_submit(&g));
	RUN(gen_drain(&g));
	CHECK(g.failed == 1 && g.ok == 15, "%" PRIu64 " ok, %" PRIu64 " failed", g.ok, g.failed);
	RUN(expect_nothing_more(&g));
	return rte_dma_stop(g.dev);
}

/* after a failure, jobs from the first fenced one on are NOT_ATTEMPTED */
static int
fence_burst(struct gen *g, unsigned int n, unsigned int bad, unsigned int fence,
		unsigned int *nb_na)
{
	enum rte_dma_status_code st[64];
	unsigned int i, got = 0;

	for (i = 0; i < n; i++) {
		struct job *j = job_of(g, g->next_id);

		CHECK(gen_enqueue(g, JOB_COPY, 512, i == bad ? 1 : 0,
			i == fence ? RTE_DMA_OP_FLAG_FENCE : 0) >= 0, "enqueue");
		j->expect_known = true;
		j->expect = i == bad ? RTE_DMA_STATUS_INVALID_SRC_ADDR :
			(bad < fence && i >= fence) ? RTE_DMA_STATUS_NOT_ATTEMPTED :
			RTE_DMA_STATUS_SUCCESSFUL;
	}
	RUN(gen_submit(g));
	while (got < n) {
		uint16_t k;

		wait_hw(g->dev);
		k = rte_dma_completed_status(g->dev, 0, n - got, NULL, st + got);
		for (i = 0; i < k; i++)
			RUN(gen_account(g, st[got + i]));
		got += k;
	}
	*nb_na = 0;
	for (i = 0; i < n; i++)
		*nb_na += st[i] == RTE_DMA_STATUS_NOT_ATTEMPTED;
	return 0;
}

static int
test_fence(void)
{
	static struct gen g;
	unsigned int na, i;
	uint16_t got;
	bool err;

	RUN(gen_init(&g, "fence", dev_id(CH0)));
	RUN(dev_setup(g.dev, 64, true));

	RUN(fence_burst(&g, 16, 3, 8, &na));
	CHECK(na == 8, "fence after the failure: %u NOT_ATTEMPTED, expected 8", na);
	RUN(stats_check(g.dev, 16, 16, 9));
	RUN(fence_burst(&g, 16, 5, 2, &na));
	CHECK(na == 0, "fence before the failure: %u NOT_ATTEMPTED", na);
	RUN(fence_burst(&g, 16, 0, 1, &na));
	CHECK(na == 15, "fence right after a failed first job: %u NOT_ATTEMPTED", na);
	RUN(fence_burst(&g, 16, 16, 4, &na));
	CHECK(na == 0, "fence without failure: %u NOT_ATTEMPTED", na);

	/* a fenced job enqueued (not submitted) while HW is halted is abandoned */
	for (i = 0; i < 4; i++) {
		struct job *j = job_of(&g, g.next_id);

		CHECK(gen_enqueue(&g, JOB_COPY, 128, i == 1 ? 1 : 0, 0) >= 0, "enqueue");
		j->expect_known = true;
		j->expect = i == 1 ? RTE_DMA_STATUS_INVALID_SRC_ADDR : RTE_DMA_STATUS_SUCCESSFUL;
	}
	RUN(gen_submit(&g));
	CHECK(wait_hw(g.dev) == RTE_DMA_VCHAN_HALTED_ERROR, "not halted");
	for (i = 0; i < 4; i++) {
		struct job *j = job_of(&g, g.next_id);

		CHECK(gen_enqueue(&g, JOB_COPY, 128, 0, i == 0 ? RTE_DMA_OP_FLAG_FENCE : 0) >= 0,
			"enqueue");
		j->expect_known = true;
		j->expect = RTE_DMA_STATUS_NOT_ATTEMPTED;
	}
	RUN(gen_completed(&g, 8, &got, &err));
	CHECK(got == 1 && err, "%u %d", got, err);
	RUN(gen_completed_status(&g, 8, &got));
	wait_hw(g.dev);
	RUN(gen_completed_status(&g, 8, &got));
	CHECK(g.next_reap == g.next_id - 4, "abandoned jobs reported before their submit");
	RUN(gen_submit(&g));
	RUN(gen_drain(&g));

	/*
	 * One completed_status() call that walks re-posted jobs (HW), abandoned
	 * ones (soft) and jobs enqueued after the recovery (HW again): the
	 * events of the last ones must not be confused with the first ones'.
	 */
	for (i = 0; i < 8; i++) {
		struct job *j = job_of(&g, g.next_id);

		CHECK(gen_enqueue(&g, JOB_COPY, 200, i == 1 ? 1 : 0,
			i == 4 ? RTE_DMA_OP_FLAG_FENCE : 0) >= 0, "enqueue");
		j->expect_known = true;
		j->expect = i == 1 ? RTE_DMA_STATUS_INVALID_SRC_ADDR : i >= 4 ?
			RTE_DMA_STATUS_NOT_ATTEMPTED : RTE_DMA_STATUS_SUCCESSFUL;
	}
	RUN(gen_submit(&g));
	CHECK(wait_hw(g.dev) == RTE_DMA_VCHAN_HALTED_ERROR, "not halted");
	RUN(gen_completed(&g, 8, &got, &err));	/* recovers: 2, 3 re-posted */
	CHECK(got == 1 && err, "%u %d", got, err);
	for (i = 0; i < 20; i++) {
		struct job *j = job_of(&g, g.next_id);

		CHECK(gen_enqueue(&g, JOB_FILL, 300, 0, 0) >= 0, "enqueue");
		j->expect_known = true;
		j->expect = RTE_DMA_STATUS_SUCCESSFUL;
	}
	RUN(gen_submit(&g));
	CHECK(wait_hw(g.dev) == RTE_DMA_VCHAN_IDLE, "not idle");
	RUN(gen_completed_status(&g, 64, &got));
	CHECK(got == 27, "one call reported %u of 27 jobs", got);
	RUN(stats_check(g.dev, g.submitted, g.completed, g.errors));

	/* later jobs are not affected */
	RUN(fence_burst(&g, 16, 16, 0, &na));
	CHECK(na == 0, "after abandonment: %u NOT_ATTEMPTED", na);
	RUN(expect_nothing_more(&g));
	CHECK(dump_counter(g.dev, "fenced jobs abandoned") == 8 + 15 + 4 + 4, "abandoned count");
	return rte_dma_stop(g.dev);
}

/* a full ring: -ENOSPC, capacity back only as jobs are reaped */
static int
test_full(void)
{
	static struct gen g;
	const struct { uint16_t nb_desc, usable; } sizes[] = {
		{ 32, 31 }, { 33, 63 }, { 1000, 1023 }, { 16384, 16383 },
	};
	const struct rte_dma_vchan_conf bad_lo = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM, .nb_desc = 31 };
	const struct rte_dma_vchan_conf bad_hi = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM, .nb_desc = 16385 };
	struct rte_dma_info info;
	unsigned int s, i;
	uint16_t got, cap;
	int ret;

	RUN(gen_init_slots(&g, "full", dev_id(CH0), MAX_JOBS, 256));
	CHECK(rte_dma_info_get(g.dev, &info) == 0, "info");
	CHECK(info.min_desc == 32 && info.max_desc == 16384 && info.max_vchans == 1,
		"limits %u..%u", info.min_desc, info.max_desc);
	CHECK((info.dev_capa & (RTE_DMA_CAPA_MEM_TO_MEM | RTE_DMA_CAPA_OPS_COPY |
		RTE_DMA_CAPA_OPS_FILL | RTE_DMA_CAPA_HANDLES_ERRORS)) ==
		(RTE_DMA_CAPA_MEM_TO_MEM | RTE_DMA_CAPA_OPS_COPY | RTE_DMA_CAPA_OPS_FILL |
		RTE_DMA_CAPA_HANDLES_ERRORS), "capabilities 0x%" PRIx64, info.dev_capa);
	RUN(dev_setup(g.dev, 32, false));
	CHECK(rte_dma_vchan_setup(g.dev, 0, &bad_lo) < 0, "nb_desc 31 accepted");
	CHECK(rte_dma_vchan_setup(g.dev, 0, &bad_hi) < 0, "nb_desc 16385 accepted");

	for (s = 0; s < RTE_DIM(sizes); s++) {
		const uint16_t usable = sizes[s].usable;

		RUN(dev_setup(g.dev, sizes[s].nb_desc, true));
		gen_restart(&g);
		CHECK(rte_dma_burst_capacity(g.dev, 0) == usable, "nb_desc %u: capacity %u",
			sizes[s].nb_desc, rte_dma_burst_capacity(g.dev, 0));
		for (i = 0; i < usable; i++) {
			CHECK(gen_enqueue(&g, i & 1 ? JOB_FILL : JOB_COPY, 64, 0,
				i % 100 == 99 ? RTE_DMA_OP_FLAG_SUBMIT : 0) == (int)i, "enqueue %u", i);
			CHECK(rte_dma_burst_capacity(g.dev, 0) == usable - i - 1, "capacity");
		}
		ret = rte_dma_copy(g.dev, 0, g.src.iova, slot_iova(&g, 0), 8, 0);
		CHECK(ret == -ENOSPC, "copy into a full ring: %d", ret);
		ret = rte_dma_fill(g.dev, 0, PATTERN, slot_iova(&g, 0), 8, 0);
		CHECK(ret == -ENOSPC, "fill into a full ring: %d", ret);
		RUN(gen_submit(&g));
		CHECK(wait_hw(g.dev) == RTE_DMA_VCHAN_IDLE, "not idle");
		/* HW is done, but nothing was reaped: still full */
		CHECK(rte_dma_burst_capacity(g.dev, 0) == 0, "capacity rose before reaping");
		CHECK(rte_dma_copy(g.dev, 0, g.src.iova, slot_iova(&g, 0), 8, 0) == -ENOSPC,
			"copy accepted before reaping");
		RUN(gen_completed(&g, 5, &got, NULL));
		CHECK(got == 5, "reaped %u", got);
		cap = rte_dma_burst_capacity(g.dev, 0);
		CHECK(cap == 5, "capacity %u after reaping 5", cap);
		for (i = 0; i < 5; i++)
			CHECK(gen_enqueue(&g, JOB_COPY, 64, 0, 0) >= 0, "enqueue after reaping");
		CHECK(gen_enqueue(&g, JOB_COPY, 64, 0, 0) == -ENOSPC, "not full again");
		RUN(gen_submit(&g));
		RUN(gen_drain(&g));
		CHECK(rte_dma_burst_capacity(g.dev, 0) == usable, "capacity not restored");
		RUN(expect_nothing_more(&g));
		CHECK(rte_dma_stop(g.dev) == 0, "stop");
	}
	return 0;
}

/* stop drops what was not reaped; start restarts ids at 0, stats at 0 */
static int
test_stopstart(void)
{
	static struct gen g;
	const struct rte_dma_vchan_conf q = { .direction = RTE_DMA_DIR_MEM_TO_MEM, .nb_desc = 64 };
	const struct rte_dma_conf conf = { .nb_vchans = 1 };
	enum rte_dma_vchan_status vs;
	unsigned int round, i;
	uint16_t got, last;
	bool err;
	int16_t fresh;

	RUN(gen_init(&g, "stopstart", dev_id(CH0)));
	for (round = 0; round < 4; round++) {
		uint16_t nb_desc = round < 2 ? 128 : 512;

		RUN(dev_setup(g.dev, nb_desc, true));
		gen_restart(&g);
		CHECK(rte_dma_vchan_setup(g.dev, 0, &q) == -EBUSY, "vchan_setup while started");
		got = rte_dma_completed(g.dev, 0, 4, &last, &err);
		CHECK(got == 0 && !err && last == UINT16_MAX, "fresh start: %u %d last_idx %u",
			got, err, last);
		CHECK(rte_dma_vchan_status(g.dev, 0, &vs) == 0 && vs == RTE_DMA_VCHAN_IDLE,
			"not idle");
		CHECK(rte_dma_burst_capacity(g.dev, 0) == nb_desc - 1, "capacity");
		for (i = 0; i < 100; i++)
			CHECK(gen_enqueue(&g, JOB_COPY, 300, 0, 0) == (int)i, "id %u after start", i);
		RUN(gen_submit(&g));
		wait_hw(g.dev);
		RUN(gen_completed(&g, 90, &got, NULL));
		CHECK(got == 90, "reaped %u", got);
		/* left behind: 10 done but not reaped, 5 enqueued, not submitted */
		for (i = 0; i < 5; i++)
			CHECK(gen_enqueue(&g, JOB_COPY, 300, 0, 0) >= 0, "enqueue");
		CHECK(rte_dma_stop(g.dev) == 0, "stop");
		CHECK(rte_dma_burst_capacity(g.dev, 0) == 0, "capacity while stopped");
		CHECK(rte_dma_copy(g.dev, 0, g.src.iova, slot_iova(&g, 0), 8, 0) < 0,
			"copy accepted while stopped");
		got = rte_dma_completed(g.dev, 0, 32, &last, &err);
		CHECK(got == 0, "completions reported while stopped");
		CHECK(rte_dma_vchan_status(g.dev, 0, &vs) == 0 && vs == RTE_DMA_VCHAN_IDLE,
			"stopped vchan not idle");
		if (round == 1)
			CHECK(rte_dma_start(g.dev) == 0, "restart without reconfigure");
		else
			continue;
		gen_restart(&g);
		RUN(stats_check(g.dev, 0, 0, 0));
		CHECK(gen_enqueue(&g, JOB_COPY, 1000, 0, RTE_DMA_OP_FLAG_SUBMIT) == 0,
			"first id after restart");
		RUN(gen_drain(&g));
		CHECK(rte_dma_stop(g.dev) == 0, "stop");
	}

	/* start of a configured channel whose vchan was never set up */
	fresh = dev_id(CH1);
	CHECK(rte_dma_configure(fresh, &conf) == 0, "configure");
	CHECK(rte_dma_start(fresh) < 0, "start without vchan_setup succeeded");
	return 0;
}

/* the instance is disabled by its management device: start fails cleanly */
static int
test_disabled(void)
{
	static struct gen g;
	uint16_t mgmt;
	uint64_t t0;

	RUN(gen_init(&g, "disabled", dev_id(CH0)));
	RUN(dev_setup(g.dev, 64, false));
	t0 = rte_get_timer_cycles();
	CHECK(rte_dma_start(g.dev) < 0, "start of a channel of a disabled instance succeeded");
	printf("start failed after %.1f ms\n",
		(double)(rte_get_timer_cycles() - t0) * 1000 / rte_get_timer_hz());
	CHECK(rte_dma_burst_capacity(g.dev, 0) == 0, "capacity after failed start");
	CHECK(rte_dma_copy(g.dev, 0, g.src.iova, slot_iova(&g, 0), 8, 0) < 0,
		"copy accepted after failed start");
	/* enable the instance: the same channel now starts */
	mgmt = rte_rawdev_get_dev_id(MGMT);
	CHECK(mgmt < RTE_RAWDEV_MAX_DEVS, "no rawdev %s", MGMT);
	CHECK(rte_rawdev_start(mgmt) == 0, "enable the instance");
	CHECK(rte_dma_start(g.dev) == 0, "start after enabling");
	gen_restart(&g);
	CHECK(gen_enqueue(&g, JOB_COPY, 4096, 0, RTE_DMA_OP_FLAG_SUBMIT) == 0, "copy");
	RUN(gen_drain(&g));
	return rte_dma_stop(g.dev);
}

static int
one_copy(const char *name)
{
	static struct gen g;
	static int n;
	char tag[32];
	int16_t id = dev_id(name);

	CHECK(id >= 0, "no %s", name);
	snprintf(tag, sizeof(tag), "one%d", n++);
	RUN(gen_init(&g, tag, id));
	RUN(dev_setup(id, 32, true));
	CHECK(gen_enqueue(&g, JOB_COPY, 2048, 0, RTE_DMA_OP_FLAG_SUBMIT) == 0, "copy");
	RUN(gen_drain(&g));
	return rte_dma_stop(id);
}

/* bad devargs fail and leave EAL usable; create/destroy on fake registers */
static int
test_devargs(void)
{
	static const char * const bad[] = {
		"bogus=1", "channels=999", "channels=abc", "channels=0", "channels=2,channels=2",
		"enable=2", "fail_errinfo=9",
	};
	static uint8_t regs[2][4096] __rte_aligned(4096);
	struct rte_device fake = { .name = "fake", .numa_node = SOCKET_ID_ANY };
	struct hidma_chan_res res = {
		.trca = regs[0], .evca = regs[1], .caps = 0, .numa_node = SOCKET_ID_ANY,
	};
	struct rte_dma_info info;
	unsigned int i;
	int id;

	CHECK(rte_dma_count_avail() == 0, "dmadevs before the test");
	for (i = 0; i < RTE_DIM(bad); i++) {
		CHECK(rte_vdev_init("hidma_model9", bad[i]) != 0, "devargs \"%s\" accepted", bad[i]);
		CHECK(rte_dma_count_avail() == 0, "a dmadev was left by \"%s\"", bad[i]);
	}
	CHECK(rte_vdev_init("hidma_model9", "channels=1") == 0, "valid devargs rejected");
	RUN(one_copy("hidma_model9-ch0"));
	CHECK(rte_vdev_uninit("hidma_model9") == 0, "uninit");
	CHECK(rte_dma_count_avail() == 0, "dmadev left after uninit");
	CHECK(rte_vdev_init("hidma_model9", "channels=2") == 0, "second init");
	RUN(one_copy("hidma_model9-ch1"));
	CHECK(rte_vdev_uninit("hidma_model9") == 0, "uninit");

	/* the channel's own devargs: it takes none, and says so */
	regs[0][HIDMA_TRCA_CHID_REG] = 7;
	CHECK(hidma_dmadev_create("fake-ch", &fake, &res, "bogus=1") == -EINVAL,
		"channel devarg accepted");
	CHECK(hidma_dmadev_create("fake-ch", &fake, &res, "x") == -EINVAL,
		"channel devarg accepted");
	id = hidma_dmadev_create("fake-ch", &fake, &res, "");
	CHECK(id >= 0, "create on fake registers: %d", id);
	CHECK(rte_dma_info_get(id, &info) == 0 && info.max_vchans == 1, "info");
	CHECK(hidma_dmadev_create("fake-ch", &fake, &res, NULL) < 0, "duplicate name accepted");
	CHECK(hidma_dmadev_destroy("fake-ch") == 0, "destroy");
	CHECK(rte_dma_get_dev_id_by_name("fake-ch") < 0, "still there after destroy");
	CHECK(hidma_dmadev_destroy("fake-ch") < 0, "destroyed twice");
	return 0;
}

/*
 * The model fails every Nth TRE (instance-wide, devarg fail_every): random
 * traffic with random fences on both channels; every job must be reported
 * exactly once, in order, with data written exactly when it succeeded.
 */
static int
test_faults(void)
{
	static struct gen g[2];
	uint32_t total = 0;
	int c, i;

	for (c = 0; c < 2; c++) {
		RUN(gen_init(&g[c], c == 0 ? "faults0" : "faults1", dev_id(c == 0 ? CH0 : CH1)));
		RUN(dev_setup(g[c].dev, c == 0 ? 64 : 1024, true));
	}
	while (total < 30000) {
		for (c = 0; c < 2; c++) {
			struct gen *x = &g[c];
			unsigned int room = rte_dma_burst_capacity(x->dev, 0);
			unsigned int burst = RTE_MIN(room, 1 + rte_rand_max(48));
			uint16_t n;
			bool err;

			if ((uint16_t)(x->next_id - x->next_reap) + burst > 400)
				burst = 0;
			for (i = 0; i < (int)burst; i++) {
				uint64_t fl = rte_rand_max(20) == 0 ? RTE_DMA_OP_FLAG_FENCE : 0;

				CHECK(gen_enqueue(x, rte_rand_max(4) ? JOB_COPY : JOB_FILL,
					1 + rte_rand_max(1500), 0, fl) >= 0, "enqueue");
			}
			total += burst;
			if (rte_rand_max(8) != 0)
				RUN(gen_submit(x));
			switch (rte_rand_max(3)) {
			case 0:
				RUN(gen_completed(x, 1 + rte_rand_max(64), &n, &err));
				break;
			case 1:
				RUN(gen_completed_status(x, 1 + rte_rand_max(64), &n));
				break;
			default:
				RUN(gen_completed(x, 64, &n, &err));
				if (err)
					RUN(gen_completed_status(x, 1, &n));
				break;
			}
		}
	}
	for (c = 0; c < 2; c++) {
		if (g[c].nb_unsubmitted != 0)
			RUN(gen_submit(&g[c]));
		RUN(gen_drain(&g[c]));
		RUN(expect_nothing_more(&g[c]));
		printf("channel %d: %" PRIu64 " jobs: %" PRIu64 " ok, %" PRIu64 " failed, %"
			PRIu64 " not attempted; %" PRIu64 " recoveries\n", c, g[c].completed,
			g[c].ok, g[c].failed, g[c].not_attempted,
			dump_counter(g[c].dev, "recoveries"));
		CHECK(g[c].failed > 0, "no injected failure seen");
		CHECK(g[c].failed == dump_counter(g[c].dev, "recoveries"),
			"one recovery per failure expected");
		CHECK(rte_dma_stop(g[c].dev) == 0, "stop");
	}
	return 0;
}

/*
 * On a slow device (devarg bw_mbps=1: an 8 KiB job takes ~8 ms) the reaper
 * meets jobs HW has not finished right after soft statuses: after a
 * recovery, one call walks the failed job's successors while HW is still
 * running them. Nothing may be reported that HW did not report.
 */
static int
test_slowhw(void)
{
	static struct gen g;
	const uint32_t len = 8192;
	unsigned int it, i;
	uint16_t got;

	RUN(gen_init_slots(&g, "slowhw", dev_id(CH0), 64, len));
	for (it = 0; it < 4; it++) {
		RUN(dev_setup(g.dev, 64, true));
		gen_restart(&g);
		for (i = 0; i < 5; i++) {
			struct job *j = job_of(&g, g.next_id);

			CHECK(gen_enqueue(&g, JOB_COPY, len, i == 0 ? 1 : 0,
				i == 4 ? RTE_DMA_OP_FLAG_FENCE : 0) == (int)i, "enqueue");
			j->expect_known = true;
			j->expect = i == 0 ? RTE_DMA_STATUS_INVALID_SRC_ADDR : i == 4 ?
				RTE_DMA_STATUS_NOT_ATTEMPTED : RTE_DMA_STATUS_SUCCESSFUL;
		}
		RUN(gen_submit(&g));
		CHECK(wait_hw(g.dev) == RTE_DMA_VCHAN_HALTED_ERROR, "not halted");
		RUN(gen_completed_status(&g, 1, &got));	/* recovers: 1..3 re-posted */
		CHECK(got == 1, "failed job not reported");
		rte_delay_us_sleep(12 * 1000);
		RUN(gen_completed_status(&g, 16, &got));
		if (it == 0)
			printf("after 12 ms: %u more jobs reported\n", got);
		RUN(gen_drain(&g));
		RUN(expect_nothing_more(&g));
		CHECK(g.ok == 3 && g.failed == 1 && g.not_attempted == 1, "counts");
		/* a spurious recovery would mean an unfinished job was looked at */
		CHECK(dump_counter(g.dev, "recoveries") == 1, "%" PRIu64 " recoveries, expected 1",
			dump_counter(g.dev, "recoveries"));
		CHECK(rte_dma_stop(g.dev) == 0, "stop");
	}
	return 0;
}

/* the number printed right after label in the dump, or UINT64_MAX */
static uint64_t
dump_value(int16_t id, const char *label)
{
	static char text[8192];
	const char *p;

	if (dump_text(id, text, sizeof(text)) != 0)
		return UINT64_MAX;
	p = strstr(text, label);
	if (p == NULL)
		return UINT64_MAX;
	return strtoull(p + strlen(label), NULL, 10);
}

/* one SG job, checked: its id, and the capacity it takes (one per TRE) */
static int
sg_one(struct gen *g, unsigned int ns, unsigned int nd, uint32_t total, enum sg_shape shape,
		const uint32_t *sl, const uint32_t *dl, uint64_t flags)
{
	const uint16_t cap = rte_dma_burst_capacity(g->dev, 0);
	const uint16_t want = g->next_id;
	uint16_t now;
	int ret;

	ret = gen_enqueue_sg(g, ns, nd, total, shape, sl, dl, 0, 0, flags);
	CHECK(ret == want, "SG %ux%u of %u bytes: enqueue returned %d, expected id %u", ns, nd,
		total, ret, want);
	now = rte_dma_burst_capacity(g->dev, 0);
	CHECK(now == cap - job_of(g, want)->ntre, "SG %ux%u (%u TREs): capacity %u -> %u", ns,
		nd, job_of(g, want)->ntre, cap, now);
	return 0;
}

static int
plain_one(struct gen *g, enum job_kind kind, uint32_t len, uint64_t flags)
{
	const uint16_t cap = rte_dma_burst_capacity(g->dev, 0);
	const uint16_t want = g->next_id;
	int ret;

	ret = gen_enqueue(g, kind, len, 0, flags);
	CHECK(ret == want, "enqueue returned %d, expected id %u", ret, want);
	CHECK(rte_dma_burst_capacity(g->dev, 0) == cap - 1, "capacity %u -> %u", cap,
		rte_dma_burst_capacity(g->dev, 0));
	return 0;
}

/* an SG enqueue (with SUBMIT) that must fail with err and change nothing */
static int
sg_reject(struct gen *g, struct rte_dma_sge *src, struct rte_dma_sge *dst, uint16_t ns,
		uint16_t nd, int err, const char *what)
{
	const uint16_t cap = rte_dma_burst_capacity(g->dev, 0);
	int ret;

	ret = rte_dma_copy_sg(g->dev, 0, src, dst, ns, nd, RTE_DMA_OP_FLAG_SUBMIT);
	CHECK(ret == err, "%s: enqueue returned %d, expected %d", what, ret, err);
	CHECK(rte_dma_burst_capacity(g->dev, 0) == cap, "%s: capacity %u -> %u", what, cap,
		rte_dma_burst_capacity(g->dev, 0));
	/* nothing submitted either */
	return stats_check(g->dev, g->submitted, g->completed, g->errors);
}

/* submit and reap everything; the capacity must be back to usable */
static int
sg_drain(struct gen *g, uint16_t usable)
{
	if (g->nb_unsubmitted != 0)
		RUN(gen_submit(g));
	RUN(gen_drain(g));
	CHECK(rte_dma_burst_capacity(g->dev, 0) == usable, "capacity %u after the drain, not %u",
		rte_dma_burst_capacity(g->dev, 0), usable);
	return 0;
}

/*
 * Scatter-gather: every n_src x n_dst up to max_sges in three shapes
 * (equal lengths as DPDK 24.11's sg_copy test, random ones, pairwise
 * different ones), interleaved with copies and fills, data and guard bytes
 * checked; capacity counts TREs; rejected jobs change nothing.
 */
static int
test_sg(void)
{
	static struct gen g;
	/* 4 x 4 with 6 different inner boundaries: 7 TREs */
	static const uint32_t sl7[] = { 100, 100, 100, 100 }, dl7[] = { 50, 100, 100, 150 };
	/* 16 x 16 whose 30 inner boundaries all differ: 31 TREs, the most */
	uint32_t sl31[SG_MAX], dl31[SG_MAX];
	struct rte_dma_sge a[SG_MAX + 1], b[SG_MAX + 1], one_a, one_b;
	struct rte_dma_info info;
	unsigned int shape, ns, nd, i, m, nb_sg = 0;
	uint16_t n;
	bool err;
	int ret;

	RUN(gen_init(&g, "sg", dev_id(CH0)));
	CHECK(rte_dma_info_get(g.dev, &info) == 0, "info");
	CHECK((info.dev_capa & RTE_DMA_CAPA_OPS_COPY_SG) != 0, "COPY_SG not advertised");
	CHECK(info.max_sges == SG_MAX, "max_sges %u", info.max_sges);
	m = info.max_sges;

	RUN(dev_setup(g.dev, 1024, true));
	for (shape = 0; shape < SG_NB_SHAPES; shape++) {
		for (ns = 1; ns <= m; ns++) {
			for (nd = 1; nd <= m; nd++) {
				const uint32_t total = 2048 / (ns * nd) * (ns * nd);
				uint64_t fl = rte_rand_max(8) == 0 ? RTE_DMA_OP_FLAG_FENCE : 0;

				if (rte_dma_burst_capacity(g.dev, 0) < 2 * SG_MAX + 1 ||
						(uint16_t)(g.next_id - g.next_reap) > 400)
					RUN(sg_drain(&g, 1023));
				switch (rte_rand_max(4)) {
				case 0:
					RUN(plain_one(&g, JOB_COPY, 1 + rte_rand_max(2048), 0));
					break;
				case 1:
					RUN(plain_one(&g, JOB_FILL, 1 + rte_rand_max(2048), 0));
					break;
				default:
					break;
				}
				if (rte_rand_max(4) == 0)
					fl |= RTE_DMA_OP_FLAG_SUBMIT;
				RUN(sg_one(&g, ns, nd, total, shape, NULL, NULL, fl));
				nb_sg++;
				if (rte_rand_max(8) == 0) {
					RUN(gen_completed(&g, 1 + rte_rand_max(16), &n, &err));
					CHECK(!err, "has_error");
				}
			}
		}
		RUN(sg_drain(&g, 1023));
	}
	CHECK(g.errors == 0, "%" PRIu64 " errors", g.errors);
	printf("%u SG jobs (every n_src x n_dst up to %u, 3 shapes), %" PRIu64 " jobs in all\n",
		nb_sg, m, g.completed);

	/* rejected: -EINVAL, capacity, ids and stats untouched; pending jobs stay pending */
	for (i = 0; i < 3; i++)
		RUN(plain_one(&g, JOB_COPY, 100, 0));
	for (i = 0; i <= SG_MAX; i++) {
		a[i].addr = g.src.iova + 100 * i;
		a[i].length = 64;
		b[i].addr = slot_iova(&g, g.next_id) + 100 * i;
		b[i].length = 64;
	}
	one_a.addr = g.src.iova;
	one_a.length = 64 * (m + 1);
	one_b.addr = slot_iova(&g, g.next_id);
	one_b.length = 64 * (m + 1);
	RUN(sg_reject(&g, a, &one_b, m + 1, 1, -EINVAL, "max_sges + 1 sources"));
	RUN(sg_reject(&g, &one_a, b, 1, m + 1, -EINVAL, "max_sges + 1 destinations"));
	RUN(sg_reject(&g, a, b, 0, 1, -EINVAL, "no source"));
	RUN(sg_reject(&g, a, b, 1, 0, -EINVAL, "no destination"));
	RUN(sg_reject(&g, NULL, b, 1, 1, -EINVAL, "NULL sources"));
	RUN(sg_reject(&g, a, NULL, 1, 1, -EINVAL, "NULL destinations"));
	b[1].length = 65;
	RUN(sg_reject(&g, a, b, 2, 2, -EINVAL, "destination total one byte more"));
	b[1].length = 63;
	RUN(sg_reject(&g, a, b, 2, 2, -EINVAL, "destination total one byte less"));
	b[1].length = 64;
	a[1].length = 0;
	one_b.length = 128;
	RUN(sg_reject(&g, a, &one_b, 3, 1, -EINVAL, "zero-length source segment"));
	a[1].length = 64;
	b[2].length = 0;
	one_a.length = 128;
	RUN(sg_reject(&g, &one_a, b, 1, 3, -EINVAL, "zero-length destination segment"));
	CHECK(g.nb_unsubmitted == 3, "pending jobs");
	RUN(sg_one(&g, 3, 2, 900, SG_RANDOM, NULL, NULL, 0));
	RUN(sg_drain(&g, 1023));
	RUN(expect_nothing_more(&g));
	CHECK(dump_value(g.dev, "soft/SG jobs ") == 0, "SG jobs still counted after the drain");
	CHECK(rte_dma_stop(g.dev) == 0, "stop");

	/* -ENOSPC exactly when the free TREs are fewer than the job's */
	RUN(dev_setup(g.dev, 64, true));
	gen_restart(&g);
	for (i = 0; i < 63 - 6; i++)
		RUN(plain_one(&g, JOB_COPY, 64, i == 20 ? RTE_DMA_OP_FLAG_SUBMIT : 0));
	ret = gen_enqueue_sg(&g, 4, 4, 400, SG_RANDOM, sl7, dl7, 0, 0, RTE_DMA_OP_FLAG_SUBMIT);
	CHECK(ret == -ENOSPC && job_of(&g, g.next_id)->ntre == 7,
		"7 TREs with 6 free: %d (%u TREs)", ret, job_of(&g, g.next_id)->ntre);
	CHECK(rte_dma_burst_capacity(g.dev, 0) == 6, "capacity changed by a rejected job");
	RUN(stats_check(g.dev, g.submitted, 0, 0));
	/* the bound nb_src + nb_dst - 1 = 7 does not fit, the 4 TREs do */
	RUN(sg_one(&g, 4, 4, 400, SG_EQUAL, NULL, NULL, 0));
	RUN(sg_one(&g, 1, 2, 1000, SG_RANDOM, NULL, NULL, 0));
	CHECK(rte_dma_burst_capacity(g.dev, 0) == 0, "not full");
	CHECK(rte_dma_copy(g.dev, 0, g.src.iova, slot_iova(&g, 0), 8, 0) == -ENOSPC, "copy");
	CHECK(rte_dma_fill(g.dev, 0, PATTERN, slot_iova(&g, 0), 8, 0) == -ENOSPC, "fill");
	CHECK(gen_enqueue_sg(&g, 1, 1, 64, SG_EQUAL, NULL, NULL, 0, 0, 0) == -ENOSPC, "1x1 SG");
	/* reaping the SG jobs gives back all their TREs */
	RUN(gen_submit(&g));
	wait_hw(g.dev);
	RUN(gen_completed(&g, 63 - 6, &n, NULL));
	CHECK(n == 63 - 6 && rte_dma_burst_capacity(g.dev, 0) == 63 - 6, "capacity %u",
		rte_dma_burst_capacity(g.dev, 0));
	RUN(gen_completed_status(&g, 2, &n));
	CHECK(n == 2 && rte_dma_burst_capacity(g.dev, 0) == 63, "capacity %u",
		rte_dma_burst_capacity(g.dev, 0));

	/* the largest job, 31 TREs: not with 30 free, yes with 31 */
	for (i = 0; i < SG_MAX; i++) {
		sl31[i] = 16;
		dl31[i] = 16;
	}
	dl31[0] = 8;
	dl31[SG_MAX - 1] = 24;
	for (i = 0; i < 63 - 30; i++)
		RUN(plain_one(&g, JOB_FILL, 32, 0));
	ret = gen_enqueue_sg(&g, SG_MAX, SG_MAX, 256, SG_EQUAL, sl31, dl31, 0, 0, 0);
	CHECK(ret == -ENOSPC && job_of(&g, g.next_id)->ntre == 31, "31 TREs with 30 free: %d",
		ret);
	RUN(gen_submit(&g));
	wait_hw(g.dev);
	RUN(gen_completed(&g, 1, &n, NULL));
	CHECK(n == 1, "not reaped");
	RUN(sg_one(&g, SG_MAX, SG_MAX, 256, SG_EQUAL, sl31, dl31, RTE_DMA_OP_FLAG_SUBMIT));
	CHECK(rte_dma_burst_capacity(g.dev, 0) == 0, "not full");
	RUN(sg_drain(&g, 63));
	CHECK(rte_dma_stop(g.dev) == 0, "stop");

	/* it fits the smallest ring */
	RUN(dev_setup(g.dev, 32, true));
	gen_restart(&g);
	RUN(sg_one(&g, SG_MAX, SG_MAX, 256, SG_EQUAL, sl31, dl31, RTE_DMA_OP_FLAG_SUBMIT));
	CHECK(rte_dma_burst_capacity(g.dev, 0) == 0, "not full");
	RUN(sg_drain(&g, 31));
	RUN(sg_one(&g, SG_MAX, SG_MAX, 256, SG_EQUAL, sl31, dl31, RTE_DMA_OP_FLAG_SUBMIT));
	RUN(sg_drain(&g, 31));
	RUN(expect_nothing_more(&g));
	return rte_dma_stop(g.dev);
}

/* one job of a mixed burst */
struct jspec {
	uint8_t kind;		/* enum job_kind */
	uint8_t bad;		/* copy, fill: as gen_enqueue(); SG: 1 source, 2 destination */
	uint8_t seg;		/* SG: the bad segment */
	uint8_t nb_src, nb_dst;
	bool fence;
};

/*
 * random jobs: SG ones up to maxs x maxs segments, a bad job with
 * probability 1/bad_in (0: none), a fence 1/fence_in (0: none), at most
 * tres TREs in all. Returns how many.
 */
static unsigned int
random_specs(struct jspec *sp, unsigned int n, unsigned int maxs, unsigned int bad_in,
		unsigned int fence_in, unsigned int tres)
{
	unsigned int i, t;

	for (i = 0; i < n; i++) {
		struct jspec *x = &sp[i];

		memset(x, 0, sizeof(*x));
		x->kind = rte_rand_max(3);
		x->fence = fence_in != 0 && rte_rand_max(fence_in) == 0;
		if (x->kind == JOB_SG) {
			x->nb_src = 1 + rte_rand_max(maxs);
			x->nb_dst = 1 + rte_rand_max(maxs);
		}
		if (bad_in != 0 && rte_rand_max(bad_in) == 0) {
			if (x->kind == JOB_SG) {
				x->bad = 1 + rte_rand_max(2);
				x->seg = rte_rand_max(x->bad == 1 ? x->nb_src : x->nb_dst);
			} else {
				/* a fill has no source */
				x->bad = x->kind == JOB_FILL ? 2 + rte_rand_max(2) :
					1 + rte_rand_max(3);
			}
		}
		t = x->kind == JOB_SG ? x->nb_src + x->nb_dst - 1 : 1;
		if (t > tres)
			break;
		tres -= t;
	}
	return i;
}

/*
 * A burst of mixed jobs with bad ones, checked as error_burst() does, with
 * exact statuses: after the first failure, jobs from the first fenced one
 * on are NOT_ATTEMPTED.
 */
static int
mixed_burst(struct gen *g, unsigned int n, const struct jspec *sp, bool individually)
{
	const uint16_t first = g->next_id;
	const uint64_t base_sub = g->submitted;
	unsigned int i, first_bad = n, fence_at = n;
	uint16_t got, last;
	bool err;

	for (i = 0; i < n && first_bad == n; i++)
		if (sp[i].bad != 0)
			first_bad = i;
	for (i = first_bad + 1; i < n && fence_at == n; i++)
		if (sp[i].fence)
			fence_at = i;
	for (i = 0; i < n; i++) {
		const uint64_t fl = sp[i].fence ? RTE_DMA_OP_FLAG_FENCE : 0;
		struct job *j = job_of(g, g->next_id);
		int ret;

		if (sp[i].kind == JOB_SG)
			ret = gen_enqueue_sg(g, sp[i].nb_src, sp[i].nb_dst,
				RTE_MAX(sp[i].nb_src, sp[i].nb_dst) + rte_rand_max(2048),
				SG_RANDOM, NULL, NULL, sp[i].bad, sp[i].seg, fl);
		else
			ret = gen_enqueue(g, sp[i].kind, 1 + rte_rand_max(1024), sp[i].bad, fl);
		CHECK(ret == (uint16_t)(first + i), "job %u of %u: enqueue returned %d", i, n, ret);
		if (!j->expect_known) {
			j->expect_known = true;
			j->expect = RTE_DMA_STATUS_SUCCESSFUL;
		}
		if (i >= fence_at)
			j->expect = RTE_DMA_STATUS_NOT_ATTEMPTED;
	}
	RUN(gen_submit(g));
	RUN(stats_check(g->dev, base_sub + n, g->completed, g->errors));
	if (first_bad < n - 1)
		CHECK(wait_hw(g->dev) == RTE_DMA_VCHAN_HALTED_ERROR, "vchan not HALTED_ERROR");
	else
		wait_hw(g->dev);

	if (individually) {
		for (i = 0; i < first_bad; i++) {
			RUN(gen_completed(g, 1, &got, &err));
			CHECK(got == 1 && !err, "job %u: completed(1) gave %u, err %d", i, got,
				err);
		}
	} else {
		RUN(gen_completed(g, n, &got, &err));
		CHECK(got == first_bad, "completed: %u jobs before the failure, expected %u", got,
			first_bad);
	}
	if (first_bad == n)
		return gen_drain(g);
	last = g->next_reap - 1;
	CHECK(last == (uint16_t)(first + first_bad - 1), "last_idx before failure");
	for (i = 0; i < 3; i++) {
		RUN(gen_completed(g, n, &got, &err));
		CHECK(got == 0 && err, "completed after failure: %u jobs, has_error %d", got, err);
		CHECK((uint16_t)(g->next_reap - 1) == last, "last_idx moved");
	}
	if (individually) {
		while (g->next_reap != g->next_id) {
			RUN(gen_completed_status(g, 1, &got));
			if (got == 0)
				wait_hw(g->dev);
		}
	} else {
		RUN(gen_completed_status(g, 1, &got));
		CHECK(got == 1, "completed_status(1) of the failed job gave %u", got);
		wait_hw(g->dev);
	}
	return gen_drain(g);
}

/*
 * SG jobs with a bad segment (first, middle, last; source or destination)
 * at the start, middle and end of bursts of mixed jobs: exact statuses,
 * the pieces before the failed TRE written and nothing after, later jobs
 * done; several failures, fences, then random bursts on a small and a big
 * ring, and the fast path back afterwards.
 */
static int
test_sg_errors(void)
{
	static struct gen g;
	static const uint8_t shapes[][2] = { { 4, 3 }, { 1, 5 }, { 5, 1 }, { 16, 16 }, { 3, 3 } };
	static const unsigned int where[] = { 0, 7, 15 };
	static const char * const segname[] = { "first", "middle", "last" };
	const uint16_t rings[] = { 32, 1024 };
	struct jspec sp[64];
	unsigned int side, sp_i, sh, w, r, it, n, i;
	uint64_t failed0;
	uint16_t got;
	bool err;

	RUN(gen_init(&g, "sgerr", dev_id(CH0)));
	RUN(dev_setup(g.dev, 512, true));
	for (side = 1; side <= 2; side++) {
		for (sp_i = 0; sp_i < RTE_DIM(segname); sp_i++) {
			printf("bad %s segment of the %s\n", segname[sp_i],
				side == 1 ? "source" : "destination");
			for (sh = 0; sh < RTE_DIM(shapes); sh++) {
				const unsigned int ns = shapes[sh][0], nd = shapes[sh][1];
				const unsigned int segs = side == 1 ? ns : nd;

				for (w = 0; w < RTE_DIM(where); w++) {
					random_specs(sp, 16, 8, 0, 0, 512);
					memset(&sp[where[w]], 0, sizeof(sp[0]));
					sp[where[w]].kind = JOB_SG;
					sp[where[w]].nb_src = ns;
					sp[where[w]].nb_dst = nd;
					sp[where[w]].bad = side;
					sp[where[w]].seg = sp_i == 0 ? 0 : sp_i == 1 ? segs / 2 :
						segs - 1;
					RUN(mixed_burst(&g, 16, sp, rte_rand_max(2)));
				}
			}
		}
	}
	CHECK(g.failed == 2 * 3 * RTE_DIM(shapes) * RTE_DIM(where) && g.not_attempted == 0,
		"%" PRIu64 " failed, %" PRIu64 " not attempted", g.failed, g.not_attempted);

	printf("several failures in one burst\n");
	for (i = 0; i < 2; i++) {
		random_specs(sp, 16, 8, 0, 0, 512);
		sp[3] = (struct jspec){ .kind = JOB_COPY, .bad = 2 };
		sp[5] = (struct jspec){ .kind = JOB_SG, .bad = 2, .seg = 2, .nb_src = 6,
			.nb_dst = 4 };
		sp[6] = (struct jspec){ .kind = JOB_SG, .nb_src = 16, .nb_dst = 16 };
		sp[12] = (struct jspec){ .kind = JOB_SG, .bad = 1, .seg = 2, .nb_src = 3,
			.nb_dst = 7 };
		sp[13] = (struct jspec){ .kind = JOB_FILL, .bad = 3 };
		RUN(mixed_burst(&g, 16, sp, i == 1));
	}

	printf("fences\n");
	failed0 = g.not_attempted;
	random_specs(sp, 16, 8, 0, 0, 512);
	sp[2] = (struct jspec){ .kind = JOB_SG, .bad = 1, .seg = 0, .nb_src = 4, .nb_dst = 4 };
	sp[6] = (struct jspec){ .kind = JOB_SG, .nb_src = 5, .nb_dst = 3, .fence = true };
	sp[9] = (struct jspec){ .kind = JOB_SG, .bad = 2, .seg = 1, .nb_src = 2, .nb_dst = 2 };
	RUN(mixed_burst(&g, 16, sp, false));
	CHECK(g.not_attempted - failed0 == 10, "%" PRIu64 " abandoned, expected 10",
		g.not_attempted - failed0);
	random_specs(sp, 16, 8, 0, 0, 512);
	sp[1].fence = true;
	sp[9] = (struct jspec){ .kind = JOB_SG, .bad = 2, .seg = 3, .nb_src = 2, .nb_dst = 4 };
	RUN(mixed_burst(&g, 16, sp, false));
	random_specs(sp, 16, 8, 0, 0, 512);
	sp[4] = (struct jspec){ .kind = JOB_SG, .bad = 1, .seg = 1, .nb_src = 3, .nb_dst = 3,
		.fence = true };
	sp[10] = (struct jspec){ .kind = JOB_SG, .nb_src = 2, .nb_dst = 9, .fence = true };
	RUN(mixed_burst(&g, 16, sp, true));
	CHECK(g.not_attempted - failed0 == 10 + 6, "%" PRIu64 " abandoned, expected 16",
		g.not_attempted - failed0);
	RUN(expect_nothing_more(&g));
	CHECK(dump_counter(g.dev, "recoveries") == g.failed, "%" PRIu64 " recoveries for %"
		PRIu64 " failures", dump_counter(g.dev, "recoveries"), g.failed);
	CHECK(rte_dma_stop(g.dev) == 0, "stop");

	/* random bursts: recoveries at every ring position, TREs re-posted across the wrap */
	for (r = 0; r < RTE_DIM(rings); r++) {
		RUN(dev_setup(g.dev, rings[r], true));
		gen_restart(&g);
		for (it = 0; it < 300; it++) {
			n = random_specs(sp, 1 + rte_rand_max(RTE_MIN(rings[r] - 1, 48)),
				rings[r] == 32 ? 4 : SG_MAX, 6, 10, rings[r] - 1);
			if (n != 0)
				RUN(mixed_burst(&g, n, sp, rte_rand_max(4) == 0));
		}
		printf("ring %u: %" PRIu64 " jobs, %" PRIu64 " failed, %" PRIu64
			" abandoned, %" PRIu64 " recoveries\n", rings[r], g.completed, g.failed,
			g.not_attempted, dump_counter(g.dev, "recoveries"));
		CHECK(dump_counter(g.dev, "recoveries") == g.failed, "one recovery per failure");

		/* afterwards: clean plain traffic on the fast path, no soft status left */
		CHECK(dump_value(g.dev, "soft/SG jobs ") == 0, "soft statuses left");
		for (it = 0; it < 50; it++) {
			n = 1 + rte_rand_max(RTE_MIN(rings[r] - 1, 64));
			for (i = 0; i < n; i++)
				CHECK(gen_enqueue(&g, JOB_COPY, 1 + rte_rand_max(4096), 0, 0) >= 0,
					"enqueue");
			RUN(gen_submit(&g));
			wait_hw(g.dev);
			RUN(gen_completed(&g, n, &got, &err));
			CHECK(got == n && !err, "clean burst: %u of %u, has_error %d", got, n, err);
		}
		RUN(expect_nothing_more(&g));
		CHECK(rte_dma_burst_capacity(g.dev, 0) == rings[r] - 1, "capacity");
		CHECK(rte_dma_stop(g.dev) == 0, "stop");
	}
	return 0;
}

/*
 * The model fails every Nth TRE (devarg fail_every): random copies, fills
 * and SG jobs with random fences on both channels. A failure may hit any
 * TRE of an SG job; every job must be reported exactly once, in order, a
 * failed SG job having written exactly the pieces before its failed TRE.
 */
static int
test_sg_faults(void)
{
	static struct gen g[2];
	uint32_t total = 0, nb_sg = 0;
	int c;

	for (c = 0; c < 2; c++) {
		RUN(gen_init(&g[c], c == 0 ? "sgfaults0" : "sgfaults1",
			dev_id(c == 0 ? CH0 : CH1)));
		RUN(dev_setup(g[c].dev, c == 0 ? 32 : 1024, true));
	}
	while (total < 30000) {
		for (c = 0; c < 2; c++) {
			struct gen *x = &g[c];
			unsigned int burst = 1 + rte_rand_max(32), i;
			uint16_t n;
			bool err;

			for (i = 0; i < burst && (uint16_t)(x->next_id - x->next_reap) < 400; i++) {
				const unsigned int room = rte_dma_burst_capacity(x->dev, 0);
				uint64_t fl = rte_rand_max(20) == 0 ? RTE_DMA_OP_FLAG_FENCE : 0;
				unsigned int ns, nd;

				if (room == 0)
					break;
				/* a shape whose nb_src + nb_dst - 1 TREs fit */
				ns = 1 + rte_rand_max(RTE_MIN(room, (unsigned int)SG_MAX));
				nd = 1 + rte_rand_max(RTE_MIN(room - ns + 1, (unsigned int)SG_MAX));
				if (rte_rand_max(2) == 0) {
					CHECK(gen_enqueue_sg(x, ns, nd, SG_MAX + rte_rand_max(3000),
						SG_RANDOM, NULL, NULL, 0, 0, fl) >= 0, "enqueue");
					nb_sg++;
				} else {
					CHECK(gen_enqueue(x, rte_rand_max(4) ? JOB_COPY : JOB_FILL,
						1 + rte_rand_max(1500), 0, fl) >= 0, "enqueue");
				}
				total++;
			}
			if (rte_rand_max(8) != 0)
				RUN(gen_submit(x));
			switch (rte_rand_max(3)) {
			case 0:
				RUN(gen_completed(x, 1 + rte_rand_max(64), &n, &err));
				break;
			case 1:
				RUN(gen_completed_status(x, 1 + rte_rand_max(64), &n));
				break;
			default:
				RUN(gen_completed(x, 64, &n, &err));
				if (err)
					RUN(gen_completed_status(x, 1, &n));
				break;
			}
		}
	}
	for (c = 0; c < 2; c++) {
		RUN(sg_drain(&g[c], c == 0 ? 31 : 1023));
		RUN(expect_nothing_more(&g[c]));
		printf("channel %d: %" PRIu64 " jobs: %" PRIu64 " ok, %" PRIu64 " failed, %"
			PRIu64 " not attempted; %" PRIu64 " recoveries\n", c, g[c].completed,
			g[c].ok, g[c].failed, g[c].not_attempted,
			dump_counter(g[c].dev, "recoveries"));
		CHECK(g[c].failed > 0, "no injected failure seen");
		CHECK(g[c].failed == dump_counter(g[c].dev, "recoveries"),
			"one recovery per failure expected");
		CHECK(dump_value(g[c].dev, "soft/SG jobs ") == 0, "soft statuses left");
		CHECK(rte_dma_stop(g[c].dev) == 0, "stop");
	}
	printf("%u SG jobs among %u\n", nb_sg, total);
	return 0;
}

/*
 * Fake hardware: two register pages driven by a responder thread that
 * applies CTRLSTS commands (and IRQ_CLR), while the test itself plays the
 * engine, writing events by hand. It reaches what the model never does:
 * hardware that goes on after an error, a halt without an event, a reset
 * that never completes. IOVA as VA only (the rings are read through
 * their IOVAs).
 */
struct fakehw {
	uint32_t trca[HIDMA_TRCA_SIZE / 4] __rte_aligned(4096);
	uint32_t evca[HIDMA_EVCA_SIZE / 4] __rte_aligned(4096);
	volatile int stop;
	volatile int hang;	/* RESET never completes */
	uint32_t rptr, wptr;	/* engine positions, in entries */
};

static uint32_t
fh_rd(uint32_t *regs, uint32_t off)
{
	return __atomic_load_n(&regs[off / 4], __ATOMIC_ACQUIRE);
}

static void
fh_wr(uint32_t *regs, uint32_t off, uint32_t v)
{
	__atomic_store_n(&regs[off / 4], v, __ATOMIC_RELEASE);
}

static void
fh_set_state(uint32_t *regs, uint32_t st)
{
	uint32_t v = fh_rd(regs, 0), nv;

	do {
		nv = (v & ~HIDMA_CH_STATE_MASK) | (st << HIDMA_CH_STATE_SHIFT);
	} while (!__atomic_compare_exchange_n(&regs[0], &v, nv, false, __ATOMIC_ACQ_REL,
			__ATOMIC_ACQUIRE));
}

static void *
fh_responder(void *arg)
{
	struct fakehw *fh = arg;

	while (!fh->stop) {
		int half;
		uint32_t clr;

		for (half = 0; half < 2; half++) {
			uint32_t *r = half == 0 ? fh->trca : fh->evca;
			uint32_t v = fh_rd(r, 0), cmd = HIDMA_CH_CMD(v), st = HIDMA_CH_STATE(v);
			uint32_t nst = st;

			if (cmd == HIDMA_CH_CMD_RESET && !fh->hang && st != HIDMA_CH_DISABLED) {
				if (half == 0) {
					fh->rptr = 0;
					fh_wr(r, HIDMA_TRCA_DOORBELL_REG, 0);
				} else {
					fh->wptr = 0;
					fh_wr(r, HIDMA_EVCA_WRITE_PTR_REG, 0);
				}
				nst = HIDMA_CH_DISABLED;
			} else if (cmd == HIDMA_CH_CMD_ENABLE &&
					(st == HIDMA_CH_DISABLED || st == HIDMA_CH_SUSPENDED)) {
				nst = HIDMA_CH_ENABLED;
			} else if (cmd == HIDMA_CH_CMD_SUSPEND && HIDMA_CH_IS_ENABLED(st)) {
				nst = HIDMA_CH_SUSPENDED;
			}
			if (nst != st)
				fh_set_state(r, nst);
		}
		clr = __atomic_exchange_n(&fh->evca[HIDMA_EVCA_IRQ_CLR_REG / 4], 0,
			__ATOMIC_ACQ_REL);
		if (clr != 0)
			__atomic_fetch_and(&fh->evca[HIDMA_EVCA_IRQ_STAT_REG / 4], ~clr,
				__ATOMIC_ACQ_REL);
		rte_pause();
	}
	return NULL;
}

static uint32_t
fh_entries(struct fakehw *fh)
{
	return fh_rd(fh->trca, HIDMA_TRCA_RING_LEN_REG) / HIDMA_TRE_SIZE;
}

static struct hidma_tre *
fh_tre(struct fakehw *fh, uint32_t pos)
{
	uint64_t base = fh_rd(fh->trca, HIDMA_TRCA_RING_LOW_REG) |
		(uint64_t)fh_rd(fh->trca, HIDMA_TRCA_RING_HIGH_REG) << 32;

	return (struct hidma_tre *)(uintptr_t)base + pos % fh_entries(fh);
}

/* the engine finishes the TRE at rptr: one event, then WRITE_PTR */
static void
fh_event(struct fakehw *fh, uint32_t code, uint32_t errinfo)
{
	uint64_t base = fh_rd(fh->evca, HIDMA_EVCA_RING_LOW_REG) |
		(uint64_t)fh_rd(fh->evca, HIDMA_EVCA_RING_HIGH_REG) << 32;
	struct hidma_evre *e = (struct hidma_evre *)(uintptr_t)base + fh->wptr;

	e->cfg = HIDMA_EVRE_CFG(code, errinfo);
	e->len = 0;
	e->tre_off = fh->rptr * HIDMA_TRE_SIZE;
	fh->rptr = (fh->rptr + 1) % fh_entries(fh);
	fh->wptr = (fh->wptr + 1) % fh_entries(fh);
	fh_wr(fh->evca, HIDMA_EVCA_WRITE_PTR_REG, fh->wptr * HIDMA_EVRE_SIZE);
}

static int
fh_statuses(int16_t id, uint16_t n, const enum rte_dma_status_code *want)
{
	enum rte_dma_status_code st[16];
	uint16_t got, i, polls = 0;

	/* a halt without an event is looked for every 64 empty polls (at most) */
	do
		got = rte_dma_completed_status(id, 0, 16, NULL, st);
	while (got == 0 && n != 0 && ++polls < 64);
	CHECK(got == n, "completed_status gave %u jobs, expected %u", got, n);
	for (i = 0; i < n; i++)
		CHECK(st[i] == want[i], "job %u of %u: status %u, expected %u", i, n, st[i],
			want[i]);
	return 0;
}

static int
fh_enqueue(int16_t id, unsigned int n, unsigned int fence_at, uint64_t dst0)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		CHECK(rte_dma_copy(id, 0, 0x1000, dst0 + i, 64,
			i == fence_at ? RTE_DMA_OP_FLAG_FENCE : 0) >= 0, "enqueue");
	CHECK(rte_dma_submit(id, 0) == 0, "submit");
	return 0;
}

/* an SG job of three 64-byte sources into one destination: three TREs */
static int
fh_sg(int16_t id, uint64_t dst0, uint64_t flags)
{
	struct rte_dma_sge src[3] = {
		{ .addr = 0x1000, .length = 64 },
		{ .addr = 0x2000, .length = 64 },
		{ .addr = 0x3000, .length = 64 },
	};
	struct rte_dma_sge dst = { .addr = dst0, .length = 192 };

	CHECK(rte_dma_copy_sg(id, 0, src, &dst, 3, 1, flags) >= 0, "SG enqueue");
	return 0;
}

static int
fh_copy(int16_t id, uint64_t dst, uint64_t flags)
{
	CHECK(rte_dma_copy(id, 0, 0x1000, dst, 64, flags) >= 0, "enqueue");
	return 0;
}

/*
 * SG jobs on the fake hardware: a job reported only once all its TREs
 * have events; HW going on after an error inside one; HW stopped inside
 * one after an earlier failure (the rest of it is re-posted, and a fence on
 * it does not abandon it); a halt without an event inside one.
 */
static int
fh_sg_steps(struct fakehw *fh, int16_t id)
{
	enum rte_dma_status_code want[4];

	/* A (3 TREs), B: A waits for its three events */
	RUN(fh_sg(id, 0x50000, 0));
	RUN(fh_copy(id, 0x51000, RTE_DMA_OP_FLAG_SUBMIT));
	CHECK(rte_dma_burst_capacity(id, 0) == 31 - 4, "capacity %u",
		rte_dma_burst_capacity(id, 0));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	RUN(fh_statuses(id, 0, want));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	RUN(fh_statuses(id, 0, want));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_SUCCESSFUL;
	RUN(fh_statuses(id, 1, want));
	CHECK(rte_dma_burst_capacity(id, 0) == 31 - 1, "capacity %u",
		rte_dma_burst_capacity(id, 0));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	RUN(fh_statuses(id, 1, want));
	CHECK(rte_dma_burst_capacity(id, 0) == 31, "capacity");

	/* C (3 TREs) fails in its second TRE, HW goes on: C failed, D done */
	RUN(fh_sg(id, 0x52000, 0));
	RUN(fh_copy(id, 0x53000, RTE_DMA_OP_FLAG_SUBMIT));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	fh_event(fh, HIDMA_EVRE_CODE_ERROR, HIDMA_EVRE_ERRINFO_DST_WRITE);
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_INVALID_DST_ADDR;
	want[1] = RTE_DMA_STATUS_SUCCESSFUL;
	RUN(fh_statuses(id, 2, want));
	CHECK(fh_rd(fh->trca, HIDMA_TRCA_DOORBELL_REG) == 0, "finished TREs posted again");
	CHECK(rte_dma_burst_capacity(id, 0) == 31, "capacity");

	/* E fails, HW stops after F's (fenced, 3 TREs) first: F's rest and G re-posted */
	RUN(fh_copy(id, 0x54000, 0));
	RUN(fh_sg(id, 0x55000, RTE_DMA_OP_FLAG_FENCE));
	RUN(fh_copy(id, 0x56000, 0));
	RUN(fh_copy(id, 0x57000, RTE_DMA_OP_FLAG_FENCE | RTE_DMA_OP_FLAG_SUBMIT));
	fh_event(fh, HIDMA_EVRE_CODE_ERROR, HIDMA_EVRE_ERRINFO_SRC_READ);
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_INVALID_SRC_ADDR;
	RUN(fh_statuses(id, 1, want));
	CHECK(fh_rd(fh->trca, HIDMA_TRCA_DOORBELL_REG) == 3 * HIDMA_TRE_SIZE &&
		fh_tre(fh, 0)->dst == 0x55040 && fh_tre(fh, 1)->dst == 0x55080 &&
		fh_tre(fh, 2)->dst == 0x56000, "re-posted: doorbell 0x%x, dst 0x%" PRIx64
		" 0x%" PRIx64 " 0x%" PRIx64, fh_rd(fh->trca, HIDMA_TRCA_DOORBELL_REG),
		fh_tre(fh, 0)->dst, fh_tre(fh, 1)->dst, fh_tre(fh, 2)->dst);
	CHECK(rte_dma_burst_capacity(id, 0) == 31 - 5, "capacity %u",
		rte_dma_burst_capacity(id, 0));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	RUN(fh_statuses(id, 0, want));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = want[1] = RTE_DMA_STATUS_SUCCESSFUL;
	want[2] = RTE_DMA_STATUS_NOT_ATTEMPTED;
	RUN(fh_statuses(id, 3, want));
	CHECK(rte_dma_burst_capacity(id, 0) == 31, "capacity");

	/* I (3 TREs): one event, then a TRE fetch fault: I fails, J re-posted */
	RUN(fh_sg(id, 0x58000, 0));
	RUN(fh_copy(id, 0x59000, RTE_DMA_OP_FLAG_SUBMIT));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	RUN(fh_statuses(id, 0, want));
	__atomic_fetch_or(&fh->evca[HIDMA_EVCA_IRQ_STAT_REG / 4], HIDMA_IRQ_TR_CH_TRE_RD_RSP_ER,
		__ATOMIC_RELEASE);
	fh_set_state(fh->trca, HIDMA_CH_ERROR);
	want[0] = RTE_DMA_STATUS_DESCRIPTOR_READ_ERROR;
	RUN(fh_statuses(id, 1, want));
	CHECK(fh_rd(fh->trca, HIDMA_TRCA_DOORBELL_REG) == HIDMA_TRE_SIZE &&
		fh_tre(fh, 0)->dst == 0x59000, "re-posted: doorbell 0x%x, dst 0x%" PRIx64,
		fh_rd(fh->trca, HIDMA_TRCA_DOORBELL_REG), fh_tre(fh, 0)->dst);
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_SUCCESSFUL;
	RUN(fh_statuses(id, 1, want));
	CHECK(rte_dma_burst_capacity(id, 0) == 31, "capacity");
	CHECK(dump_counter(id, "halts without event") == 2 && dump_counter(id, "recoveries") == 6,
		"dump counters");
	RUN(stats_check(id, 10 + 10, 10 + 10, (1 + 3 + 1) + (1 + 1 + 1 + 1)));
	return 0;
}

static int
test_fakehw(void)
{
	static struct fakehw fh;
	struct rte_device fake = { .name = "fakehw", .numa_node = SOCKET_ID_ANY };
	struct hidma_chan_res res = {
		.trca = fh.trca, .evca = fh.evca, .caps = HIDMA_CAP_IDENTITY,
		.numa_node = SOCKET_ID_ANY,
	};
	enum rte_dma_status_code want[8];
	enum rte_dma_vchan_status vs;
	uint16_t last, got;
	pthread_t thr;
	char args[32] = "";
	bool err;
	int id, ret = -1;

	CHECK(rte_eal_iova_mode() == RTE_IOVA_VA, "needs IOVA as VA");
	fh.trca[HIDMA_TRCA_IDENTITY_REG / 4] = 3;
	/* a control thread runs off the lcores, as the model's engine does */
	CHECK(hidma_compat_ctrl_thread_create(&thr, "fakehw", fh_responder, &fh) == 0, "thread");
	/*
	 * The responder is a thread the OS may deschedule on a loaded machine:
	 * the command bound of the emulated device (500 ms), not silicon's 10 ms;
	 * under an emulator (qemu-user: HIDMA_TIME_SCALE) that many times more.
	 */
	snprintf(args, sizeof(args), HIDMA_ARG_CMD_TIMEOUT_MS "=%d",
			RTE_MIN(500 * RTE_MAX(atoi(getenv("HIDMA_TIME_SCALE") != NULL ?
				getenv("HIDMA_TIME_SCALE") : "1"), 1), HIDMA_CMD_TIMEOUT_MS_MAX));
	id = hidma_dmadev_create("fakehw-ch", &fake, &res, args);
	if (id < 0 || dev_setup(id, 32, true) != 0) {
		printf("FAIL: create/start on fake registers: %d\n", id);
		goto out;
	}
	fail_dev = id;

	/* 1. HW goes on after an error: everything it reported is kept */
	if (fh_enqueue(id, 4, 99, 0x10000) != 0)
		goto out;
	if (fh_tre(&fh, 0)->dst != 0x10000 ||
			fh_rd(fh.trca, HIDMA_TRCA_DOORBELL_REG) != 4 * HIDMA_TRE_SIZE) {
		printf("FAIL: TREs or doorbell not as expected\n");
		goto out;
	}
	fh_event(&fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	fh_event(&fh, HIDMA_EVRE_CODE_ERROR, HIDMA_EVRE_ERRINFO_DST_WRITE);
	fh_event(&fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	fh_event(&fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	got = rte_dma_completed(id, 0, 8, &last, &err);
	if (got != 1 || !err || last != 0) {
		printf("FAIL: continuing HW: completed %u %d %u\n", got, err, last);
		goto out;
	}
	/* nothing was left to re-post: no doorbell after the reset */
	if (fh_rd(fh.trca, HIDMA_TRCA_DOORBELL_REG) != 0) {
		printf("FAIL: jobs HW had finished were posted again\n");
		goto out;
	}
	want[0] = RTE_DMA_STATUS_INVALID_DST_ADDR;
	want[1] = want[2] = RTE_DMA_STATUS_SUCCESSFUL;
	if (fh_statuses(id, 3, want) != 0 || stats_check(id, 4, 4, 1) != 0)
		goto out;

	/* 2. same, HW stopped short of a fence: the fenced jobs are abandoned */
	if (fh_enqueue(id, 4, 2, 0x20000) != 0)
		goto out;
	fh_event(&fh, HIDMA_EVRE_CODE_ERROR, HIDMA_EVRE_ERRINFO_SRC_READ);
	fh_event(&fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_INVALID_SRC_ADDR;
	want[1] = RTE_DMA_STATUS_SUCCESSFUL;
	want[2] = want[3] = RTE_DMA_STATUS_NOT_ATTEMPTED;
	if (fh_statuses(id, 4, want) != 0)
		goto out;

	/* 3. a halt without an event (TRE fetch fault): the head job fails */
	if (fh_enqueue(id, 2, 99, 0x30000) != 0)
		goto out;
	__atomic_fetch_or(&fh.evca[HIDMA_EVCA_IRQ_STAT_REG / 4], HIDMA_IRQ_TR_CH_TRE_RD_RSP_ER,
		__ATOMIC_RELEASE);
	fh_set_state(fh.trca, HIDMA_CH_ERROR);
	if (rte_dma_vchan_status(id, 0, &vs) != 0 || vs != RTE_DMA_VCHAN_HALTED_ERROR) {
		printf("FAIL: halted channel not reported HALTED_ERROR\n");
		goto out;
	}
	want[0] = RTE_DMA_STATUS_DESCRIPTOR_READ_ERROR;
	if (fh_statuses(id, 1, want) != 0)
		goto out;
	/* the second job was posted again, alone, at ring position 0 */
	if (fh_rd(fh.trca, HIDMA_TRCA_DOORBELL_REG) != HIDMA_TRE_SIZE ||
			fh_tre(&fh, 0)->dst != 0x30001) {
		printf("FAIL: re-posted TRE: doorbell 0x%x, dst 0x%" PRIx64 "\n",
			fh_rd(fh.trca, HIDMA_TRCA_DOORBELL_REG), fh_tre(&fh, 0)->dst);
		goto out;
	}
	if (rte_dma_vchan_status(id, 0, &vs) != 0 || vs != RTE_DMA_VCHAN_ACTIVE) {
		printf("FAIL: re-posted job not ACTIVE\n");
		goto out;
	}
	fh_event(&fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_SUCCESSFUL;
	if (fh_statuses(id, 1, want) != 0)
		goto out;
	if (dump_counter(id, "halts without event") != 1 || dump_counter(id, "recoveries") != 3) {
		printf("FAIL: dump counters\n");
		goto out;
	}
	if (fh_sg_steps(&fh, id) != 0)
		goto out;

	/* 4. the reset never completes: every job is reported, the channel halts */
	if (fh_enqueue(id, 3, 99, 0x40000) != 0)
		goto out;
	fh.hang = 1;
	fh_event(&fh, HIDMA_EVRE_CODE_ERROR, HIDMA_EVRE_ERRINFO_SRC_READ);
	fh_set_state(fh.trca, HIDMA_CH_ERROR);
	want[0] = RTE_DMA_STATUS_INVALID_SRC_ADDR;
	want[1] = want[2] = RTE_DMA_STATUS_NOT_ATTEMPTED;
	if (fh_statuses(id, 3, want) != 0)
		goto out;
	if (rte_dma_vchan_status(id, 0, &vs) != 0 || vs != RTE_DMA_VCHAN_HALTED_ERROR ||
			rte_dma_burst_capacity(id, 0) != 0 ||
			rte_dma_copy(id, 0, 0x1000, 0x2000, 8, 0) != -ENOSPC ||
			dump_counter(id, "failed,") != 1) {
		printf("FAIL: channel not halted after a failed recovery\n");
		goto out;
	}
	if (rte_dma_stop(id) != 0) {
		printf("FAIL: stop of a channel whose reset hangs\n");
		goto out;
	}
	fh.hang = 0;
	if (rte_dma_start(id) != 0 || rte_dma_copy(id, 0, 0x1000, 0x2000, 8,
			RTE_DMA_OP_FLAG_SUBMIT) != 0) {
		printf("FAIL: restart after the reset came back\n");
		goto out;
	}
	fh_event(&fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_SUCCESSFUL;
	if (fh_statuses(id, 1, want) != 0 || rte_dma_stop(id) != 0)
		goto out;
	fail_dev = -1;
	ret = 0;
out:
	if (ret != 0 && id >= 0)
		rte_dma_dump(id, stdout);
	if (id >= 0 && hidma_dmadev_destroy("fakehw-ch") != 0) {
		printf("FAIL: destroy\n");
		ret = -1;
	}
	fh.stop = 1;
	pthread_join(thr, NULL);
	return ret;
}

static const struct {
	const char *name;
	int (*fn)(void);
} scenarios[] = {
	{ "wrap", test_wrap },
	{ "fill", test_fill },
	{ "errors", test_errors },
	{ "recovery", test_recovery },
	{ "fence", test_fence },
	{ "full", test_full },
	{ "stopstart", test_stopstart },
	{ "disabled", test_disabled },
	{ "devargs", test_devargs },
	{ "faults", test_faults },
	{ "slowhw", test_slowhw },
	{ "fakehw", test_fakehw },
	{ "sg", test_sg },
	{ "sg-errors", test_sg_errors },
	{ "sg-faults", test_sg_faults },
};

int
main(int argc, char **argv)
{
	unsigned int i;
	int ret;

	/* keep our lines in order with EAL's (stderr) when piped */
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		/* EAL leaves rte_errno 0 on some failures (a file prefix in use) */
		printf("FAIL: rte_eal_init: %s\n", rte_errno != 0 ? rte_strerror(rte_errno) :
			"failed, no error code: see EAL's message above");
		return 1;
	}
	argc -= ret;
	argv += ret;
	if (argc != 2) {
		printf("usage: hidma_driver_test <EAL args> -- <scenario>\n");
		rte_eal_cleanup();
		return 1;
	}
	ret = -1;
	for (i = 0; i < RTE_DIM(scenarios); i++) {
		if (strcmp(argv[1], scenarios[i].name) != 0)
			continue;
		printf("scenario %s, IOVA as %s\n", argv[1],
			rte_eal_iova_mode() == RTE_IOVA_VA ? "VA" : "PA");
		ret = scenarios[i].fn();
		break;
	}
	if (i == RTE_DIM(scenarios))
		printf("unknown scenario %s\n", argv[1]);
	printf("%s: %s\n", argv[1], ret == 0 ? "PASS" : "FAIL");
	rte_eal_cleanup();
	return ret == 0 ? 0 : 1;
}
