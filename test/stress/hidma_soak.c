/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Soak test of the HIDMA channel dmadev on the emulated instances
 * (--vdev hidma_model0,channels=2[,fault injection] [--vdev hidma_model1,...]):
 *
 *   hidma_soak <EAL args> -- [-s SEED] [-t SECONDS] [-n STEPS]
 *
 * One lcore drives every channel of every hidma_model vdev (all must inject
 * faults alike, or none; devtools/soak.sh runs two instances) with a seeded random mix of copies, fills,
 * scatter-gather copies (when the device advertises them), jobs with a bad
 * source, destination or length, fences, SUBMIT flags and explicit submits,
 * completed() and completed_status() with random budgets, full rings,
 * statistics resets and stop/start cycles, for SECONDS (default 4) or STEPS
 * steps, whichever ends first.
 *
 * A shadow of every job (id, kind, bytes, expected outcome) checks that each
 * id is reported exactly once and in order, with the right last_idx, has_error
 * and status; that NOT_ATTEMPTED comes only where the fence rule of the guide
 * puts it; that every successful job wrote exactly its bytes (guard bytes
 * around it untouched) and every failed one nothing (partial SG writes
 * excepted); that statistics, burst capacity, vchan status and the recovery
 * counters of the dump agree with the shadow. Every wait is bounded (1 s).
 *
 * Random choices come from streams keyed by (seed, step) and (seed, channel,
 * job number), so a seed replays the same jobs and the same decisions; only
 * the engine's timing (and the model's own fault injection) varies. The seed
 * is printed at the start and with any failure.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_devargs.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_kvargs.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_pause.h>

#include "hidma_test_dev.h"

#define INSTANCE	"hidma_model"	/* every vdev hidma_model<N>: all its channels */
#define MAX_CHAN	16
#define SHADOW_SZ	16384		/* > any number of outstanding jobs; divides 65536 */
#define CHUNK_SZ	(1024 * 1024)	/* IOVA-contiguous even with IOVA as PA */
#define ARENA_CHUNKS	8
#define ARENA_SZ	((uint64_t)ARENA_CHUNKS * CHUNK_SZ)
#define SRC_SZ		CHUNK_SZ
#define MAX_LEN		(64 * 1024)
#define DECOY_SZ	(2 * MAX_LEN)
#define SG_MAX		8		/* segments per side used here (at most max_sges) */
#define HIDMA_SOAK_SGE_MAX	64	/* invalid jobs: up to max_sges + 1 segments */
#define GUARD_MIN	16		/* guard bytes before and after every destination */
#define MAX_REAP	1024
#define WAIT_S		1		/* bound of every wait */
#define TRACE_SZ	64
#define START_TRIES	5
#define SLOW_STOP_MS	5		/* a stop that took longer hit a command timeout */

/* ------------------------------------------------------------------------
 * Random streams (splitmix64): one per step, one per channel's job sequence.
 */
struct rng {
	uint64_t s;
};

#define STREAM_STEP	1
#define STREAM_JOB	16	/* + channel */
#define STREAM_INIT	32

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static void
rng_init(struct rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
	r->s = mix64(mix64(seed + stream * UINT64_C(0x9e3779b97f4a7c15)) ^ index);
}

static uint64_t
rng_next(struct rng *r)
{
	r->s += UINT64_C(0x9e3779b97f4a7c15);
	return mix64(r->s);
}

/* uniform in [0, n) */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* uniform in [lo, hi] */
static uint32_t
rng_range(struct rng *r, uint32_t lo, uint32_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

static bool
rng_chance(struct rng *r, uint32_t num, uint32_t den)
{
	return rng_below(r, den) < num;
}

/* ------------------------------------------------------------------------
 * State: the shadow of every job and of each channel.
 */
enum job_kind { K_COPY, K_FILL, K_SG };
enum job_bad { B_NONE, B_SRC, B_DST, B_LEN };
/* how a bad address is made: never DMA memory of this process */
enum bad_addr { A_ZERO, A_PAGE0, A_DECOY, A_FAR, A_STRADDLE, A_NB };
enum job_state {
	S_PENDING,	/* its status comes from HW */
	S_ABANDONED,	/* behind a fence at a recovery: NOT_ATTEMPTED */
	S_FAILED,	/* failed and recovered (seen with has_error), not yet reported */
};

static const char * const kind_name[] = { "copy", "fill", "sg" };
static const char * const bad_name[] = { "valid", "bad src", "bad dst", "length 0" };
static const char * const addr_name[] = { "iova 0", "page 0", "non-DMA memory",
	"far unmapped", "straddling the end of DMA memory" };
static const char * const state_name[] = { "pending", "abandoned", "failed" };

struct seg {
	uint32_t off;	/* source: in the pool; destination: from the data start */
	uint32_t len;
};

struct job {
	uint64_t seq;		/* number in the channel's job stream (0: not from it) */
	uint64_t region;	/* arena position of the destination region */
	uint64_t arena_end;	/* arena head after this job */
	uint64_t pattern;	/* fill */
	uint64_t hash;		/* region hash, after a stop */
	rte_iova_t src_iova, dst_iova;	/* as given (copy, fill) */
	rte_iova_t bad_iova;	/* SG: the bad segment's address */
	uint32_t len;		/* total bytes */
	uint32_t src_off;	/* copy: in the source pool */
	uint32_t region_len;	/* 0: no region (bad destination) */
	uint32_t data_off;	/* data start in the region */
	uint16_t id;
	uint8_t kind, bad, addr, fence, submit, state, guard;
	uint8_t nb_src, nb_dst, bad_seg;
	uint8_t ntre;		/* descriptors: capacity units it takes (hidma.rst) */
	struct seg src[SG_MAX], dst[SG_MAX];
};

struct totals {
	uint64_t enq, jobs, bytes, ok, failed, injected, not_attempted, has_error, recoveries;
	uint64_t abandoned, stops, dropped, enospc, wraps, sg, fences, bad, resets, drains;
	uint64_t sg_einval;
	uint64_t max_ring, rec_failed, start_retries, slow_stops;
};

struct chan {
	unsigned int idx;
	int16_t dev;
	char name[RTE_DEV_NAME_MAX_LEN];
	uint16_t nb_desc, usable;
	struct job *jobs;		/* SHADOW_SZ, by id */
	uint16_t next_id, next_submit, next_reap;
	uint64_t seq;			/* next job of the job stream */
	uint32_t extra;			/* descriptors beyond one of the jobs outstanding */
	/* destinations: a FIFO arena of IOVA-contiguous chunks (jobs are reaped in order) */
	uint8_t *chunk_va[ARENA_CHUNKS];
	rte_iova_t chunk_iova[ARENA_CHUNKS];
	uint64_t ahead, atail;
	/* sources: random bytes, never written; src_ref keeps a copy */
	uint8_t *src_va;
	rte_iova_t src_iova;
	uint8_t *src_ref;
	/* what the statistics must show: since start, and at the last reset */
	uint64_t sub, cpl, err, base_sub, base_cpl, base_err;
	/* what the dump must show, since start */
	uint64_t recoveries, abandoned, rec_failed;
	/*
	 * A recovery failed (its reset or enable took over 10 ms: the model's
	 * engine thread did not run): jobs not finished are NOT_ATTEMPTED, no
	 * capacity, HALTED_ERROR until stop (hidma.rst, Error Recovery). dead:
	 * such a NOT_ATTEMPTED was seen, so no later job may succeed.
	 */
	bool broken, dead;
	struct totals tot;
};

struct trace_ent {
	uint64_t step;
	uint8_t ch, op;
	int32_t ret;
	uint32_t repeat;	/* more polls that found nothing */
	uint64_t a, b, c;
};

enum trace_op {
	T_COPY, T_FILL, T_SG, T_SUBMIT, T_COMPLETED, T_STATUS, T_STOP, T_START, T_RESET,
	T_SETUP,
};

static const char * const trace_name[] = { "copy", "fill", "copy_sg", "submit", "completed",
	"completed_status", "stop", "start", "stats_reset", "vchan_setup" };

static struct {
	uint64_t seed;
	uint64_t step;
	uint64_t max_steps;
	double seconds;
	bool sg;
	uint16_t max_sges;
	uint16_t inject_status;		/* status of injected failures, 0: none */
	uint32_t fail_ppm, fail_every;
	uint8_t *decoy, *decoy_ref;
	uint64_t top_end, far;		/* end of DMA memory (IOVA), an unmapped IOVA */
	bool addr_ok[A_NB];
	volatile bool mem_changed;
	struct chan ch[MAX_CHAN];
	unsigned int nb_chan;
	int cur;			/* channel being worked on, for failure reports */
	struct trace_ent trace[TRACE_SZ];
	uint64_t ntrace;
	enum rte_dma_status_code st[MAX_REAP];
	uint8_t expect[MAX_LEN];
} S;

/* ------------------------------------------------------------------------
 * Failure reports: the check, the seed and step, the last operations and
 * the dump of both channels.
 */
static void
trace(struct chan *c, uint8_t op, int32_t ret, uint64_t a, uint64_t b, uint64_t x)
{
	struct trace_ent *t = S.ntrace != 0 ? &S.trace[(S.ntrace - 1) % TRACE_SZ] : NULL;

	/* a run of polls that found nothing at the same place is one entry */
	if (t != NULL && ret == 0 && (op == T_COMPLETED || op == T_STATUS) &&
			(t->op == T_COMPLETED || t->op == T_STATUS) && t->ret == 0 &&
			t->ch == c->idx && t->c == x) {
		t->repeat++;
		return;
	}
	t = &S.trace[S.ntrace++ % TRACE_SZ];
	t->repeat = 0;
	t->step = S.step;
	t->ch = c->idx;
	t->op = op;
	t->ret = ret;
	t->a = a;
	t->b = b;
	t->c = x;
}

static void
trace_print(const struct trace_ent *t)
{
	fprintf(stderr, "    step %" PRIu64 " ch%u %s", t->step, t->ch, trace_name[t->op]);
	switch (t->op) {
	case T_COPY:
		fprintf(stderr, " -> %d: src 0x%" PRIx64 " dst 0x%" PRIx64 " len %" PRIu64
			" flags 0x%" PRIx64, t->ret, t->a, t->b, t->c >> 32, t->c & 0xff);
		break;
	case T_FILL:
		fprintf(stderr, " -> %d: pattern 0x%" PRIx64 " dst 0x%" PRIx64 " len %" PRIu64
			" flags 0x%" PRIx64, t->ret, t->a, t->b, t->c >> 32, t->c & 0xff);
		break;
	case T_SG:
		fprintf(stderr, " -> %d: %" PRIu64 " x %" PRIu64 " segments, len %" PRIu64
			" flags 0x%" PRIx64, t->ret, t->a, t->b, t->c >> 32, t->c & 0xff);
		break;
	case T_SUBMIT:
		fprintf(stderr, " -> %d: jobs %" PRIu64 "..%" PRIu64, t->ret, t->a, t->b - 1);
		break;
	case T_COMPLETED:
		fprintf(stderr, "(%" PRIu64 ") -> %d: last_idx %" PRIu64 ", has_error %" PRIu64
			"; from job %" PRIu64, t->a, t->ret, t->b & 0xffff, t->b >> 16, t->c);
		break;
	case T_STATUS:
		fprintf(stderr, "(%" PRIu64 ") -> %d: last_idx %" PRIu64 "; from job %"
			PRIu64, t->a, t->ret, t->b, t->c);
		break;
	case T_STOP:
		fprintf(stderr, " -> %d: jobs %" PRIu64 "..%" PRIu64 " dropped, %.0f us", t->ret,
			t->a, t->b - 1, (double)t->c * 1e6 / rte_get_timer_hz());
		break;
	case T_START:
		fprintf(stderr, " -> %d: nb_desc %" PRIu64 ", try %" PRIu64, t->ret, t->a, t->b);
		break;
	case T_SETUP:
		fprintf(stderr, " -> %d: nb_desc %" PRIu64, t->ret, t->a);
		break;
	default:
		fprintf(stderr, " -> %d", t->ret);
		break;
	}
	if (t->repeat != 0)
		fprintf(stderr, " (and %u more polls that found nothing)", t->repeat);
	fprintf(stderr, "\n");
}

/* on a failed CHECK: how to replay the run, and the state of every channel */
static void
fail_context(void)
{
	uint64_t i;
	int c;

	fprintf(stderr, "\n  seed 0x%016" PRIx64 ", step %" PRIu64 ", channel %d\n", S.seed, S.step,
		S.cur);
	fprintf(stderr, "  replay: hidma_soak <same EAL args> -- -s 0x%016" PRIx64 " -n %" PRIu64
		"\n  last operations:\n", S.seed, S.step + 1);
	i = S.ntrace > TRACE_SZ ? S.ntrace - TRACE_SZ : 0;
	for (; i < S.ntrace; i++)
		trace_print(&S.trace[i % TRACE_SZ]);
	for (c = 0; c < (int)S.nb_chan; c++) {
		const struct chan *ch = &S.ch[c];

		fprintf(stderr, "  shadow ch%d: next id %u, submitted up to %u, reaped up to %u, "
			"ring %u (%u usable), %u extra SG descriptors, recoveries %" PRIu64
			", abandoned %" PRIu64 "\n", c, ch->next_id, ch->next_submit,
			ch->next_reap, ch->nb_desc, ch->usable, ch->extra, ch->recoveries,
			ch->abandoned);
		if (ch->dev >= 0)
			rte_dma_dump(ch->dev, stderr);
	}
	fflush(stderr);
}

/* ------------------------------------------------------------------------
 * Memory: sources, destination arena, bad addresses.
 */
static const struct rte_memzone *
mz_reserve(const char *name, size_t len)
{
	return rte_memzone_reserve_aligned(name, len, SOCKET_ID_ANY, RTE_MEMZONE_IOVA_CONTIG,
		4096);
}

struct range_q {
	uint64_t lo, hi;	/* [lo, hi) */
	bool hit;
	uint64_t top;
};

static int
memseg_cb(const struct rte_memseg_list *msl, const struct rte_memseg *ms, void *arg)
{
	struct range_q *q = arg;

	RTE_SET_USED(msl);
	if (ms->iova == RTE_BAD_IOVA)
		return 0;
	if (ms->iova < q->hi && q->lo < ms->iova + ms->len)
		q->hit = true;
	if (ms->iova + ms->len > q->top)
		q->top = ms->iova + ms->len;
	return 0;
}

/* is any of [lo, hi) DMA memory (in the emulated instance's IOMMU view)? */
static bool
iova_mapped(uint64_t lo, uint64_t hi, uint64_t *top)
{
	struct range_q q = { .lo = lo, .hi = hi };

	rte_memseg_walk(memseg_cb, &q);
	if (top != NULL)
		*top = q.top;
	return q.hit;
}

static void
mem_event_cb(enum rte_mem_event type, const void *addr, size_t len, void *arg)
{
	RTE_SET_USED(type);
	RTE_SET_USED(addr);
	RTE_SET_USED(len);
	RTE_SET_USED(arg);
	S.mem_changed = true;
}

/* bad addresses, checked against the memory map (again when it changes) */
static void
bad_addr_setup(bool verbose)
{
	const uint64_t gib = UINT64_C(1) << 30;
	uint64_t top = 0, d = (uintptr_t)S.decoy;
	int a;

	S.mem_changed = false;
	iova_mapped(0, 0, &top);
	S.top_end = top;
	S.far = RTE_ALIGN_CEIL(top, gib) + gib;
	S.addr_ok[A_ZERO] = !iova_mapped(0, 2 * MAX_LEN, NULL);
	S.addr_ok[A_PAGE0] = S.addr_ok[A_ZERO];
	S.addr_ok[A_DECOY] = !iova_mapped(d, d + DECOY_SZ, NULL);
	S.addr_ok[A_FAR] = !iova_mapped(S.far, S.far + gib, NULL);
	S.addr_ok[A_STRADDLE] = top != 0;
	if (!verbose)
		return;
	printf("bad addresses: DMA memory ends at IOVA 0x%" PRIx64 ", far 0x%" PRIx64
		", non-DMA decoy %p\n", S.top_end, S.far, S.decoy);
	for (a = 0; a < A_NB; a++)
		if (!S.addr_ok[a])
			printf("  not using %s: it is DMA memory here\n", addr_name[a]);
}

/*
 * An IOVA that is not DMA memory for [0, len). straddle: may also start in
 * DMA memory and end past it (for a source read by one TRE only: a piece of
 * it could lie entirely inside).
 */
static rte_iova_t
bad_iova(struct rng *r, uint8_t *kind, uint32_t len, bool straddle)
{
	uint8_t a = rng_below(r, A_NB);

	if (a == A_STRADDLE && (!straddle || len < 2))
		a = A_FAR;
	if (!S.addr_ok[a])
		a = A_ZERO;
	*kind = a;
	switch (a) {
	case A_PAGE0:
		return 0x40 + rng_below(r, 0xf00);
	case A_DECOY:
		return (uintptr_t)S.decoy + rng_below(r, DECOY_SZ - len + 1);
	case A_FAR:
		return S.far + rng_below(r, 1u << 29);
	case A_STRADDLE:
		/* starts in DMA memory, ends past it */
		return S.top_end - rng_range(r, 1, len - 1);
	default:
		return 0;
	}
}

static uint8_t *
arena_va(const struct chan *c, uint64_t pos)
{
	return c->chunk_va[(pos / CHUNK_SZ) % ARENA_CHUNKS] + pos % CHUNK_SZ;
}

static rte_iova_t
arena_iova(const struct chan *c, uint64_t pos)
{
	return c->chunk_iova[(pos / CHUNK_SZ) % ARENA_CHUNKS] + pos % CHUNK_SZ;
}

/* where a region of size bytes would go, or false if the arena is full */
static bool
arena_fit(const struct chan *c, uint32_t size, uint64_t *pos)
{
	uint64_t p = c->ahead;
	uint32_t in = p % CHUNK_SZ;

	if (in + size > CHUNK_SZ)
		p += CHUNK_SZ - in;
	if (p + size - c->atail > ARENA_SZ)
		return false;
	*pos = p;
	return true;
}

static struct job *
job_of(struct chan *c, uint16_t id)
{
	return &c->jobs[id % SHADOW_SZ];
}

/* ------------------------------------------------------------------------
 * Jobs: generation and checks of the destination.
 */

/* descriptors of an SG job: one per piece between segment boundaries of either side */
static uint8_t
sg_pieces(const struct job *j)
{
	uint32_t so = 0, dof = 0, len;
	unsigned int s = 0, d = 0;
	uint8_t n = 0;

	while (s < j->nb_src) {
		len = RTE_MIN(j->src[s].len - so, j->dst[d].len - dof);
		n++;
		so += len;
		dof += len;
		if (so == j->src[s].len) {
			s++;
			so = 0;
		}
		if (dof == j->dst[d].len) {
			d++;
			dof = 0;
		}
	}
	return n;
}

/* split total into n positive parts */
static void
split(struct rng *r, uint32_t total, unsigned int n, struct seg *s)
{
	uint32_t left = total;
	unsigned int i;

	for (i = 0; i < n - 1; i++) {
		uint32_t max = left - (n - 1 - i);

		s[i].len = rng_range(r, 1, RTE_MIN(max, 2 * total / n + 1));
		left -= s[i].len;
	}
	s[n - 1].len = left;
}

static uint32_t
rand_len(struct rng *r)
{
	uint32_t p = rng_below(r, 100);

	if (p < 50)
		return rng_range(r, 1, 256);
	if (p < 80)
		return rng_range(r, 257, 4096);
	if (p < 95)
		return rng_range(r, 4097, 16384);
	return rng_range(r, 16385, MAX_LEN);
}

/*
 * Build a job of the channel's stream (or, with small, a short valid copy or
 * fill from r) into j, its region placed at the arena head and filled with
 * its guard byte. false if the arena has no room: nothing is committed.
 */
static bool
job_build(struct chan *c, struct job *j, struct rng *step_rng, bool small)
{
	struct rng jr, *r = step_rng;
	uint32_t pre, post, gaps = 0, i, p;
	uint8_t g;

	memset(j, 0, offsetof(struct job, src));
	if (!small) {
		rng_init(&jr, S.seed, STREAM_JOB + c->idx, c->seq);
		r = &jr;
		j->seq = c->seq + 1;
	}
	p = rng_below(r, 100);
	j->kind = small ? (p < 70 ? K_COPY : K_FILL) :
		p < 65 ? K_COPY : p < 85 ? K_FILL : S.sg ? K_SG : K_COPY;
	j->len = small ? rng_range(r, 1, 64) : rand_len(r);
	if (!small) {
		j->fence = rng_chance(r, 1, 32);
		j->submit = rng_chance(r, 1, 10);
		if (rng_chance(r, S.inject_status != 0 ? 1 : 3, 100))
			j->bad = rng_range(r, B_SRC, B_LEN);
	}
	if (j->kind == K_FILL && j->bad == B_SRC)
		j->bad = B_DST;
	if (j->kind == K_SG && j->bad == B_LEN)
		j->bad = B_SRC;
	if (j->kind == K_FILL)
		j->pattern = rng_next(r);
	j->src_off = rng_below(r, SRC_SZ - j->len + 1);
	if (j->kind == K_SG) {
		unsigned int ms = RTE_MIN(S.max_sges, SG_MAX);

		j->nb_src = rng_range(r, 1, ms);
		j->nb_dst = rng_range(r, 1, ms);
		j->len = RTE_MAX(j->len, (uint32_t)RTE_MAX(j->nb_src, j->nb_dst));
		split(r, j->len, j->nb_src, j->src);
		split(r, j->len, j->nb_dst, j->dst);
		for (i = 0; i < j->nb_src; i++)
			j->src[i].off = rng_below(r, SRC_SZ - j->src[i].len + 1);
		/* destination segments in order, random gaps between them */
		p = 0;
		for (i = 0; i < j->nb_dst; i++) {
			if (i != 0)
				gaps += rng_below(r, 17);
			j->dst[i].off = p + gaps;
			p += j->dst[i].len;
		}
	}
	j->ntre = j->kind == K_SG ? sg_pieces(j) : 1;
	if (j->bad == B_LEN)
		j->len = 0;
	pre = GUARD_MIN + rng_below(r, 16);
	post = GUARD_MIN + rng_below(r, 16);
	/* the guard byte differs from the data bytes next to the edges */
	g = (uint8_t)rng_next(r);
	for (i = 0; i < 256; i++, g++) {
		bool clash = false;

		if (j->kind == K_FILL) {
			for (p = 0; p < 8; p++)
				clash |= (uint8_t)(j->pattern >> (8 * p)) == g;
		} else if (j->kind == K_COPY && j->len != 0) {
			const uint8_t *s = c->src_va + j->src_off;

			clash = s[0] == g || s[j->len - 1] == g || (j->src_off != 0 && s[-1] == g) ||
				(j->src_off + j->len < SRC_SZ && s[j->len] == g);
		}
		if (!clash)
			break;
	}
	j->guard = g;

	/* addresses; a bad destination has no region */
	if (j->bad == B_DST && j->kind != K_SG) {
		j->dst_iova = bad_iova(r, &j->addr, RTE_MAX(j->len, 1u), false);
	} else {
		uint64_t pos;

		j->data_off = pre;
		j->region_len = pre + (j->kind == K_SG ? j->len + gaps : j->len) + post;
		if (!arena_fit(c, j->region_len, &pos))
			return false;
		j->region = pos;
		j->dst_iova = arena_iova(c, pos) + pre;
		memset(arena_va(c, pos), g, j->region_len);
	}
	j->src_iova = c->src_iova + j->src_off;
	if (j->bad == B_SRC && j->kind == K_COPY)
		j->src_iova = bad_iova(r, &j->addr, j->len, true);
	if (j->kind == K_SG && j->bad != B_NONE) {
		bool src = j->bad == B_SRC;

		j->bad_seg = rng_below(r, src ? j->nb_src : j->nb_dst);
		j->bad_iova = bad_iova(r, &j->addr, src ? j->src[j->bad_seg].len :
			j->dst[j->bad_seg].len, false);
	}
	return true;
}

/* the bytes a successful job writes, at its data start (SG: packed, no gaps) */
static const uint8_t *
job_expect(const struct chan *c, const struct job *j)
{
	uint32_t i, p = 0;

	switch (j->kind) {
	case K_COPY:
		return c->src_va + j->src_off;
	case K_FILL:
		for (i = 0; i < j->len; i++)
			S.expect[i] = (uint8_t)(j->pattern >> (8 * (i % 8)));
		return S.expect;
	default:
		for (i = 0; i < j->nb_src; i++) {
			memcpy(S.expect + p, c->src_va + j->src[i].off, j->src[i].len);
			p += j->src[i].len;
		}
		return S.expect;
	}
}

static const char *
job_desc(const struct job *j)
{
	static char buf[160];

	snprintf(buf, sizeof(buf), "%s%s, %s%s%s, len %u%s, stream job %" PRIu64 ", %s",
		kind_name[j->kind], j->kind == K_SG ? (j->nb_src == 1 && j->nb_dst == 1 ?
		" 1x1" : " NxM") : "", bad_name[j->bad], j->bad == B_SRC || j->bad == B_DST ?
		" at " : "", j->bad == B_SRC || j->bad == B_DST ? addr_name[j->addr] : "",
		j->len, j->fence ? ", fenced" : "", j->seq, state_name[j->state]);
	return buf;
}

enum vmode {
	V_EXACT,	/* SUCCESSFUL: the data, guards untouched */
	V_UNTOUCHED,	/* nothing written */
	V_PARTIAL,	/* every byte either untouched or right (failed SG job) */
	V_WHOLE,	/* V_EXACT or V_UNTOUCHED (a job dropped by stop) */
};

static const char * const vmode_name[] = { "done", "not written", "partly written",
	"dropped by stop" };

/* first byte of p[0..n) that is not (want[i] or, with any, the guard) */
static long
mismatch(const uint8_t *p, const uint8_t *want, uint8_t g, uint32_t n, bool any)
{
	uint32_t i;

	if (want != NULL && !any) {
		if (memcmp(p, want, n) == 0)
			return -1;
		for (i = 0; i < n; i++)
			if (p[i] != want[i])
				return i;
	}
	for (i = 0; i < n; i++)
		if (p[i] != g && (want == NULL || p[i] != want[i]))
			return i;
	return -1;
}

static bool
region_untouched(const struct chan *c, const struct job *j)
{
	return mismatch(arena_va(c, j->region), NULL, j->guard, j->region_len, false) < 0;
}

/*
 * Check the region of j. In V_EXACT mode, cut is how many bytes of the data
 * stream were written (the rest is untouched): j->len when it succeeded.
 */
static int
job_verify_cut(struct chan *c, const struct job *j, enum vmode mode, uint32_t cut)
{
	const uint8_t *reg = arena_va(c, j->region), *want;
	const enum vmode label = mode;
	uint32_t i, pos = 0, p = 0;
	long bad;
	bool any, guard;

	if (j->region_len == 0)
		return 0;
	if (mode == V_WHOLE && j->kind != K_SG && region_untouched(c, j))
		return 0;
	/* stop may cut an SG job of several TREs */
	if (mode == V_WHOLE)
		mode = j->kind == K_SG ? V_PARTIAL : V_EXACT;
	if (mode == V_UNTOUCHED) {
		bad = mismatch(reg, NULL, j->guard, j->region_len, false);
		CHECK(bad < 0, "ch%u job %u (%s): %s, but region byte %ld (data byte %ld) is 0x%02x",
			c->idx, j->id, job_desc(j), vmode_name[label], bad, bad - (long)j->data_off,
			reg[bad]);
		return 0;
	}
	any = mode == V_PARTIAL;
	want = job_expect(c, j);
	/* walk the region: guard, then (SG: segments with guard gaps), then guard */
	for (i = 0; i <= (j->kind == K_SG ? j->nb_dst : 1u); i++) {
		uint32_t start = j->data_off + (j->kind != K_SG ? (i == 0 ? 0 : j->len) :
			i < j->nb_dst ? j->dst[i].off : j->region_len - j->data_off);
		uint32_t glen = start - pos, dlen;

		bad = mismatch(reg + pos, NULL, j->guard, glen, false);
		CHECK(bad < 0, "ch%u job %u (%s, %s): byte %ld outside the data written "
			"(data byte %ld): 0x%02x, guard 0x%02x", c->idx, j->id, job_desc(j),
			vmode_name[label], pos + bad, (long)(pos + bad) - (long)j->data_off,
			reg[pos + bad], j->guard);
		pos = start;
		if (pos >= j->region_len || (j->kind != K_SG && i == 1))
			break;
		dlen = j->kind == K_SG ? j->dst[i].len : j->len;
		guard = false;
		if (j->kind == K_SG && j->bad == B_DST && i == j->bad_seg) {
			/* sent elsewhere: must not land here */
			bad = mismatch(reg + pos, NULL, j->guard, dlen, false);
			guard = true;
		} else if (!any && p + dlen > cut) {
			/* written up to the cut, untouched from it on */
			uint32_t w = p < cut ? cut - p : 0;

			bad = mismatch(reg + pos, want + p, j->guard, w, false);
			if (bad < 0) {
				bad = mismatch(reg + pos + w, NULL, j->guard, dlen - w, false);
				bad = bad < 0 ? bad : bad + w;
				guard = true;
			}
		} else {
			bad = mismatch(reg + pos, want + p, j->guard, dlen, any);
		}
		CHECK(bad < 0, "ch%u job %u (%s, %s): data byte %ld is 0x%02x, expected 0x%02x%s",
			c->idx, j->id, job_desc(j), vmode_name[label], (long)(pos - j->data_off) + bad,
			reg[pos + bad], guard ? j->guard : want[p + bad],
			any ? " or the guard" : cut < j->len ? " (written up to the failed "
			"segment only)" : "");
		pos += dlen;
		p += dlen;
	}
	bad = mismatch(reg + pos, NULL, j->guard, j->region_len - pos, false);
	CHECK(bad < 0, "ch%u job %u (%s): %ld bytes past the end: 0x%02x, guard 0x%02x", c->idx,
		j->id, job_desc(j), bad + 1, reg[pos + bad], j->guard);
	return 0;
}

static int
job_verify(struct chan *c, const struct job *j, enum vmode mode)
{
	return job_verify_cut(c, j, mode, j->len);
}

/* FNV-1a of the region, to see that nothing changes after a stop */
static uint64_t
region_hash(const struct chan *c, const struct job *j)
{
	const uint8_t *p = arena_va(c, j->region);
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	uint32_t i;

	for (i = 0; i < j->region_len; i++)
		h = (h ^ p[i]) * UINT64_C(0x100000001b3);
	return h;
}

/* ------------------------------------------------------------------------
 * Checks of statistics, capacity, vchan status and dump against the shadow.
 */
static bool
can_fail(const struct job *j)
{
	return j->bad != B_NONE || S.inject_status != 0;
}

static uint16_t
bad_status(const struct job *j)
{
	switch (j->bad) {
	case B_SRC:
		return RTE_DMA_STATUS_INVALID_SRC_ADDR;
	case B_DST:
		return RTE_DMA_STATUS_INVALID_DST_ADDR;
	case B_LEN:
		return RTE_DMA_STATUS_INVALID_LENGTH;
	default:
		return RTE_DMA_STATUS_SUCCESSFUL;
	}
}

/* may job j fail with status st (HW failure, not NOT_ATTEMPTED)? */
static bool
fail_allowed(const struct job *j, uint16_t st)
{
	if (st == RTE_DMA_STATUS_SUCCESSFUL || st == RTE_DMA_STATUS_NOT_ATTEMPTED)
		return false;
	if (S.inject_status != 0 && st == S.inject_status)
		return true;
	return j->bad != B_NONE && st == bad_status(j);
}

static int
stats_check(struct chan *c)
{
	struct rte_dma_stats st, all;

	CHECK(rte_dma_stats_get(c->dev, 0, &st) == 0, "ch%u stats_get", c->idx);
	CHECK(rte_dma_stats_get(c->dev, RTE_DMA_ALL_VCHAN, &all) == 0, "ch%u stats_get ALL",
		c->idx);
	CHECK(st.submitted == c->sub - c->base_sub && st.completed == c->cpl - c->base_cpl &&
		st.errors == c->err - c->base_err, "ch%u stats submitted/completed/errors %"
		PRIu64 "/%" PRIu64 "/%" PRIu64 ", shadow %" PRIu64 "/%" PRIu64 "/%" PRIu64,
		c->idx, st.submitted, st.completed, st.errors, c->sub - c->base_sub,
		c->cpl - c->base_cpl, c->err - c->base_err);
	CHECK(memcmp(&st, &all, sizeof(st)) == 0, "ch%u stats of vchan 0 and ALL_VCHAN differ",
		c->idx);
	return 0;
}

static int
cap_check(struct chan *c, uint16_t *capp)
{
	const uint16_t cap = rte_dma_burst_capacity(c->dev, 0);
	const uint16_t out = c->next_id - c->next_reap;

	CHECK(cap <= c->usable, "ch%u burst capacity %u above the ring's %u", c->idx, cap,
		c->usable);
	if (c->broken) {
		CHECK(cap == 0, "ch%u burst capacity %u after a failed recovery", c->idx, cap);
		goto out;
	}
	/* free descriptors: one per copy or fill outstanding, ntre per SG job */
	CHECK(cap == c->usable - out - c->extra,
		"ch%u burst capacity %u, expected %u (%u jobs outstanding, %u more descriptors)",
		c->idx, cap, c->usable - out - c->extra, out, c->extra);
out:
	if (capp != NULL)
		*capp = cap;
	return 0;
}

static int
vchan_check(struct chan *c)
{
	enum rte_dma_vchan_status vs;
	bool hw = false, failable = false;
	uint16_t id;

	CHECK(rte_dma_vchan_status(c->dev, 0, &vs) == 0, "ch%u vchan_status", c->idx);
	for (id = c->next_reap; id != c->next_submit; id++) {
		const struct job *j = job_of(c, id);

		if (j->state == S_PENDING) {
			hw = true;
			failable |= can_fail(j);
		}
	}
	CHECK(vs == RTE_DMA_VCHAN_IDLE || vs == RTE_DMA_VCHAN_ACTIVE ||
		vs == RTE_DMA_VCHAN_HALTED_ERROR, "ch%u vchan status %d", c->idx, vs);
	if (c->broken) {
		CHECK(vs == RTE_DMA_VCHAN_HALTED_ERROR,
			"ch%u vchan status %d after a failed recovery", c->idx, vs);
		return 0;
	}
	CHECK(vs != RTE_DMA_VCHAN_ACTIVE || hw,
		"ch%u ACTIVE with no submitted job left to HW (%u enqueued, not submitted)",
		c->idx, (uint16_t)(c->next_id - c->next_submit));
	CHECK(vs != RTE_DMA_VCHAN_HALTED_ERROR || failable,
		"ch%u HALTED_ERROR with no job outstanding that can fail", c->idx);
	return 0;
}

/* the driver's error-path counters: "<number> <what>" in its dump */
enum dump_ctr { D_RECOVERIES, D_FAILED, D_HALTS, D_ABANDONED, D_BAD_WP, D_NB };

static int
dump_counters(struct chan *c, uint64_t *v)
{
	static const char * const what[D_NB] = { " recoveries", " failed,",
		" halts without event", " fenced jobs abandoned", " bad write pointers" };
	static char text[8192];
	const char *p;
	FILE *f = fmemopen(text, sizeof(text), "w");
	int k;

	CHECK(f != NULL, "fmemopen");
	CHECK(rte_dma_dump(c->dev, f) == 0, "ch%u dump", c->idx);
	fclose(f);
	text[sizeof(text) - 1] = '\0';
	for (k = 0; k < D_NB; k++) {
		p = strstr(text, what[k]);
		CHECK(p != NULL, "ch%u dump has no \"%s\"", c->idx, what[k]);
		while (p > text && p[-1] == ' ')
			p--;
		while (p > text && p[-1] >= '0' && p[-1] <= '9')
			p--;
		v[k] = strtoull(p, NULL, 10);
	}
	return 0;
}

static int
dump_check(struct chan *c)
{
	uint64_t v[D_NB];
	uint64_t rec, ab, failed, halts, badwp;

	RUN(dump_counters(c, v));
	rec = v[D_RECOVERIES];
	ab = v[D_ABANDONED];
	failed = v[D_FAILED];
	halts = v[D_HALTS];
	badwp = v[D_BAD_WP];
	CHECK(rec == c->recoveries, "ch%u dump shows %" PRIu64 " recoveries, shadow %" PRIu64
		" (one per failure reported by HW)", c->idx, rec, c->recoveries);
	CHECK(ab == c->abandoned, "ch%u dump shows %" PRIu64 " fenced jobs abandoned, shadow %"
		PRIu64, c->idx, ab, c->abandoned);
	/* after a failed recovery, WRITE_PTR is stale until the model runs the reset */
	CHECK(failed == c->rec_failed && halts == 0 && (badwp == 0 || c->rec_failed != 0),
		"ch%u dump: %" PRIu64 " failed recoveries (%" PRIu64 " seen), %" PRIu64
		" halts without event, %" PRIu64 " bad write pointers", c->idx, failed,
		c->rec_failed, halts, badwp);
	return 0;
}

/* ------------------------------------------------------------------------
 * Enqueue, submit, reap.
 */
static void
shadow_submit(struct chan *c)
{
	c->sub += (uint16_t)(c->next_id - c->next_submit);
	c->next_submit = c->next_id;
}

static int
do_submit(struct chan *c)
{
	int ret = rte_dma_submit(c->dev, 0);

	trace(c, T_SUBMIT, ret, c->next_submit, c->next_id, 0);
	CHECK(ret == 0, "ch%u submit: %d", c->idx, ret);
	shadow_submit(c);
	return 0;
}

/*
 * Enqueue j (built at slot next_id). *full is set when the ring or the arena
 * had no room; then nothing is committed and the job stream does not move.
 */
static int
enqueue(struct chan *c, struct job *j, uint64_t flags, bool *full)
{
	struct rte_dma_sge src[SG_MAX], dst[SG_MAX];
	uint16_t cap, cap2;
	unsigned int i;
	int ret;

	*full = false;
	RUN(cap_check(c, &cap));
	switch (j->kind) {
	case K_COPY:
		ret = rte_dma_copy(c->dev, 0, j->src_iova, j->dst_iova, j->len, flags);
		trace(c, T_COPY, ret, j->src_iova, j->dst_iova, (uint64_t)j->len << 32 | flags);
		break;
	case K_FILL:
		ret = rte_dma_fill(c->dev, 0, j->pattern, j->dst_iova, j->len, flags);
		trace(c, T_FILL, ret, j->pattern, j->dst_iova, (uint64_t)j->len << 32 | flags);
		break;
	default:
		for (i = 0; i < j->nb_src; i++) {
			src[i].addr = c->src_iova + j->src[i].off;
			src[i].length = j->src[i].len;
		}
		for (i = 0; i < j->nb_dst; i++) {
			dst[i].addr = j->dst_iova + j->dst[i].off;
			dst[i].length = j->dst[i].len;
		}
		if (j->bad == B_SRC)
			src[j->bad_seg].addr = j->bad_iova;
		if (j->bad == B_DST)
			dst[j->bad_seg].addr = j->bad_iova;
		ret = rte_dma_copy_sg(c->dev, 0, src, dst, j->nb_src, j->nb_dst, flags);
		trace(c, T_SG, ret, j->nb_src, j->nb_dst, (uint64_t)j->len << 32 | flags);
		break;
	}
	if (ret == -ENOSPC) {
		CHECK(cap < j->ntre, "ch%u %s: -ENOSPC with burst capacity %u, %u descriptors",
			c->idx, job_desc(j), cap, j->ntre);
		*full = true;
		/* a rejected SG job rings no doorbell, even with SUBMIT (hidma.rst) */
		if (j->kind == K_SG && (flags & RTE_DMA_OP_FLAG_SUBMIT))
			RUN(stats_check(c));
		return 0;
	}
	CHECK(ret >= 0, "ch%u %s: refused: %d", c->idx, job_desc(j), ret);
	CHECK(cap >= j->ntre, "ch%u %s: accepted (id %d) with burst capacity %u, %u descriptors",
		c->idx, job_desc(j), ret, cap, j->ntre);
	CHECK(ret == c->next_id, "ch%u %s: id %d returned, expected %u", c->idx,
		job_desc(j), ret, c->next_id);
	j->id = c->next_id++;
	j->state = S_PENDING;
	c->tot.enq++;
	j->fence = !!(flags & RTE_DMA_OP_FLAG_FENCE);
	j->arena_end = j->region_len != 0 ? j->region + j->region_len : c->ahead;
	c->ahead = j->arena_end;
	if (j->seq != 0)
		c->seq++;
	if (j->id == UINT16_MAX)
		c->tot.wraps++;
	c->tot.fences += !!(flags & RTE_DMA_OP_FLAG_FENCE);
	c->tot.bad += j->bad != B_NONE;
	c->tot.sg += j->kind == K_SG;
	c->extra += j->ntre - 1;
	if (flags & RTE_DMA_OP_FLAG_SUBMIT)
		shadow_submit(c);
	RUN(cap_check(c, &cap2));
	CHECK(cap2 == cap - j->ntre, "ch%u burst capacity %u after enqueuing %u "
		"descriptors, %u before", c->idx, cap2, j->ntre, cap);
	return 0;
}

/*
 * An SG job the guide calls invalid (segment of length 0, totals that
 * differ, more than max_sges segments): -EINVAL, nothing enqueued, even with
 * SUBMIT; the next job gets the id this one would have had.
 */
static int
sg_invalid(struct chan *c, struct rng *r)
{
	static const char * const why_name[] = { "a segment of length 0", "totals differ",
		"too many segments" };
	struct rte_dma_sge src[HIDMA_SOAK_SGE_MAX + 1], dst[HIDMA_SOAK_SGE_MAX + 1];
	uint16_t nb_src = rng_range(r, 1, RTE_MIN(S.max_sges, SG_MAX));
	uint16_t nb_dst = rng_range(r, 1, RTE_MIN(S.max_sges, SG_MAX));
	uint32_t why = rng_below(r, 3), total;
	uint16_t cap, cap2, i;
	int ret;

	if (why == 2 && S.max_sges < HIDMA_SOAK_SGE_MAX)
		nb_src = S.max_sges + 1;
	else if (why == 2)
		why = 1;
	/* sources of 64 bytes; destinations of 64 bytes, the last one taking the rest */
	for (i = 0; i < nb_src; i++) {
		src[i].addr = c->src_iova + 64 * i;
		src[i].length = 64;
	}
	total = 64 * nb_src;
	for (i = 0; i < nb_dst; i++) {
		dst[i].addr = c->chunk_iova[0] + 64 * i;
		dst[i].length = i < nb_dst - 1 ? 1 : total - (nb_dst - 1);
	}
	if (why == 0 && nb_src >= 2) {
		/* equal totals: only the empty segment is wrong */
		i = rng_below(r, nb_src);
		src[(i + 1) % nb_src].length += src[i].length;
		src[i].length = 0;
	} else if (why == 0 && nb_dst >= 2) {
		i = rng_below(r, nb_dst - 1);
		dst[nb_dst - 1].length += dst[i].length;
		dst[i].length = 0;
	} else if (why == 0) {
		src[0].length = 0;
		dst[0].length = 0;
	} else if (why == 1) {
		dst[nb_dst - 1].length++;
	}
	RUN(cap_check(c, &cap));
	ret = rte_dma_copy_sg(c->dev, 0, src, dst, nb_src, nb_dst, RTE_DMA_OP_FLAG_SUBMIT);
	trace(c, T_SG, ret, nb_src, nb_dst, (uint64_t)total << 32 | RTE_DMA_OP_FLAG_SUBMIT);
	CHECK(ret == -EINVAL, "ch%u invalid copy_sg (%s, %u x %u): %d, expected -EINVAL",
		c->idx, why_name[why], nb_src, nb_dst, ret);
	RUN(cap_check(c, &cap2));
	CHECK(cap2 == cap, "ch%u capacity %u after a refused copy_sg, %u before", c->idx, cap2,
		cap);
	c->tot.sg_einval++;
	return stats_check(c);
}

/* enqueue the channel's next stream job; *full as above */
static int
enqueue_next(struct chan *c, bool *full)
{
	struct job *j = job_of(c, c->next_id);
	uint64_t flags;

	if (!job_build(c, j, NULL, false)) {
		*full = true;
		return 0;
	}
	flags = (j->fence ? RTE_DMA_OP_FLAG_FENCE : 0) |
		(j->submit ? RTE_DMA_OP_FLAG_SUBMIT : 0);
	return enqueue(c, j, flags, full);
}

/* did a recovery fail? Only then is there no capacity right after it */
static int
check_broken(struct chan *c)
{
	uint64_t v[D_NB], failed;

	if (c->broken || rte_dma_burst_capacity(c->dev, 0) != 0)
		return 0;
	RUN(dump_counters(c, v));
	failed = v[D_FAILED];
	CHECK(failed >= c->rec_failed, "ch%u failed recoveries went from %" PRIu64 " to %"
		PRIu64, c->idx, c->rec_failed, failed);
	if (failed == c->rec_failed)
		return 0;
	c->tot.rec_failed += failed - c->rec_failed;
	c->rec_failed = failed;
	c->broken = true;
	return 0;
}

/* a failure HW reported for j: the recovery abandons from the first fenced job on */
static int
recovered(struct chan *c, struct job *f)
{
	bool fenced = false;
	uint16_t id;

	c->recoveries++;
	c->tot.recoveries++;
	f->state = S_FAILED;
	for (id = f->id + 1; id != c->next_id; id++) {
		struct job *j = job_of(c, id);

		if (j->state != S_PENDING)
			continue;
		fenced |= j->fence;
		if (fenced) {
			j->state = S_ABANDONED;
			c->abandoned++;
			c->tot.abandoned++;
		}
	}
	return check_broken(c);
}

/* one job reported with status st: its data, the counters, the arena */
static int
job_done(struct chan *c, struct job *j, uint16_t st)
{
	enum vmode mode = V_UNTOUCHED;
	uint32_t cut = j->len, i;

	if (st == RTE_DMA_STATUS_SUCCESSFUL) {
		mode = V_EXACT;
	} else if (st != RTE_DMA_STATUS_NOT_ATTEMPTED && j->kind == K_SG) {
		/*
		 * The pieces before the failed one were written, not the others
		 * (hidma.rst): with its own bad segment, the stream up to it.
		 * An injected failure may hit any piece.
		 */
		mode = V_PARTIAL;
		if (j->bad != B_NONE && st == bad_status(j) && st != S.inject_status) {
			mode = V_EXACT;
			for (cut = 0, i = 0; i < j->bad_seg; i++)
				cut += j->bad == B_SRC ? j->src[i].len : j->dst[i].len;
		}
	}
	RUN(job_verify_cut(c, j, mode, cut));
	c->cpl++;
	c->tot.jobs++;
	if (st == RTE_DMA_STATUS_SUCCESSFUL) {
		c->tot.ok++;
		c->tot.bytes += j->len;
	} else {
		c->err++;
		if (st == RTE_DMA_STATUS_NOT_ATTEMPTED)
			c->tot.not_attempted++;
		else if (S.inject_status != 0 && st == S.inject_status &&
				!(j->bad != B_NONE && st == bad_status(j)))
			c->tot.injected++;
		else
			c->tot.failed++;
	}
	c->extra -= j->ntre - 1;
	c->atail = j->arena_end;
	c->next_reap++;
	return 0;
}

static int
reap_completed(struct chan *c, uint16_t nb, uint16_t *got, bool *errp)
{
	const uint16_t avail = c->next_submit - c->next_reap;
	const uint16_t poison = (uint16_t)(c->next_reap - 1) ^ 0x5a5a;
	uint16_t last = poison, n, i;
	bool has_error = false;
	struct job *j;

	n = rte_dma_completed(c->dev, 0, nb, &last, &has_error);
	trace(c, T_COMPLETED, n, nb, last | (uint32_t)has_error << 16, c->next_reap);
	CHECK(n <= nb, "ch%u completed(%u) returned %u", c->idx, nb, n);
	CHECK(n <= avail, "ch%u completed() reported %u jobs from %u, only %u submitted and "
		"not reported", c->idx, n, c->next_reap, avail);
	for (i = 0; i < n; i++) {
		j = job_of(c, c->next_reap);
		CHECK(j->state == S_PENDING && j->bad == B_NONE,
			"ch%u job %u (%s) reported successful by completed() (#%u of %u)", c->idx,
			j->id, job_desc(j), i, n);
		RUN(job_done(c, j, RTE_DMA_STATUS_SUCCESSFUL));
	}
	CHECK(last == (uint16_t)(c->next_reap - 1), "ch%u completed(%u): last_idx %u, expected "
		"%u (%u jobs returned%s)", c->idx, nb, last, (uint16_t)(c->next_reap - 1), n,
		last == poison ? ", last_idx not written" : "");
	j = job_of(c, c->next_reap);
	if (has_error) {
		CHECK(c->next_reap != c->next_submit,
			"ch%u has_error with no submitted job left to report", c->idx);
		/* after a failed recovery, a pending job is a NOT_ATTEMPTED one */
		if (j->state == S_PENDING && !c->broken) {
			CHECK(can_fail(j), "ch%u has_error before job %u (%s), which cannot fail",
				c->idx, j->id, job_desc(j));
			RUN(recovered(c, j));
		}
		c->tot.has_error++;
	} else if (n < nb && c->next_reap != c->next_submit) {
		/* a known failure is reported at once, whatever HW does */
		CHECK(j->state == S_PENDING, "ch%u completed(%u) returned %u without has_error; "
			"next job %u is %s", c->idx, nb, n, j->id, job_desc(j));
	}
	*got = n;
	if (errp != NULL)
		*errp = has_error;
	return 0;
}

static int
reap_status(struct chan *c, uint16_t nb, uint16_t *got)
{
	const uint16_t avail = c->next_submit - c->next_reap;
	const uint16_t poison = (uint16_t)(c->next_reap - 1) ^ 0xa5a5;
	uint16_t last = poison, n, i;
	struct job *j;

	nb = RTE_MIN(nb, (uint16_t)MAX_REAP);
	n = rte_dma_completed_status(c->dev, 0, nb, &last, S.st);
	trace(c, T_STATUS, n, nb, last, c->next_reap);
	CHECK(n <= nb, "ch%u completed_status(%u) returned %u", c->idx, nb, n);
	CHECK(n <= avail, "ch%u completed_status() reported %u jobs from %u, only %u submitted "
		"and not reported", c->idx, n, c->next_reap, avail);
	for (i = 0; i < n; i++) {
		const uint16_t st = S.st[i];

		j = job_of(c, c->next_reap);
		switch (j->state) {
		case S_ABANDONED:
			CHECK(st == RTE_DMA_STATUS_NOT_ATTEMPTED, "ch%u job %u (%s): status %u, "
				"expected NOT_ATTEMPTED (fence behind a failure)", c->idx, j->id,
				job_desc(j), st);
			break;
		case S_FAILED:
			CHECK(fail_allowed(j, st), "ch%u job %u (%s), failed (has_error): status %u",
				c->idx, j->id, job_desc(j), st);
			break;
		default:
			if (st == RTE_DMA_STATUS_SUCCESSFUL) {
				CHECK(j->bad == B_NONE, "ch%u job %u (%s) reported SUCCESSFUL",
					c->idx, j->id, job_desc(j));
				CHECK(!c->dead, "ch%u job %u (%s) SUCCESSFUL after NOT_ATTEMPTED ones "
					"of a failed recovery", c->idx, j->id, job_desc(j));
				break;
			}
			if (st == RTE_DMA_STATUS_NOT_ATTEMPTED && !c->broken)
				RUN(check_broken(c));
			if (st == RTE_DMA_STATUS_NOT_ATTEMPTED && c->broken) {
				c->dead = true;
				break;
			}
			CHECK(st != RTE_DMA_STATUS_NOT_ATTEMPTED, "ch%u job %u (%s): NOT_ATTEMPTED, "
				"but no failure before it had a fence before it", c->idx, j->id,
				job_desc(j));
			CHECK(fail_allowed(j, st), "ch%u job %u (%s): status %u, expected %u%s",
				c->idx, j->id, job_desc(j), st, bad_status(j),
				S.inject_status != 0 ? " or the injected failure's" : "");
			RUN(recovered(c, j));
			break;
		}
		RUN(job_done(c, j, st));
	}
	CHECK(last == (uint16_t)(c->next_reap - 1), "ch%u completed_status(%u): last_idx %u, "
		"expected %u (%u jobs returned%s)", c->idx, nb, last, (uint16_t)(c->next_reap - 1),
		n, last == poison ? ", last_idx not written" : "");
	j = job_of(c, c->next_reap);
	if (n < nb && c->next_reap != c->next_submit)
		CHECK(j->state == S_PENDING, "ch%u completed_status(%u) returned %u; next job %u "
			"is %s, its status known", c->idx, nb, n, j->id, job_desc(j));
	*got = n;
	return 0;
}

static uint16_t
rand_nb(struct rng *r)
{
	switch (rng_below(r, 4)) {
	case 0:
		return 1;
	case 1:
		return rng_range(r, 1, 16);
	case 2:
		return rng_range(r, 1, 64);
	default:
		return rng_range(r, 1, MAX_REAP);
	}
}

/* one reaping move: completed(), completed_status(), or both after has_error */
static int
reap_once(struct chan *c, struct rng *r, uint16_t *got)
{
	uint16_t n, m, last, last2, k;
	bool err, err2;

	*got = 0;
	switch (rng_below(r, 3)) {
	case 0:
		return reap_status(c, rand_nb(r), got);
	case 1:
		RUN(reap_completed(c, rand_nb(r), got, &err));
		if (!err || !rng_chance(r, 1, 2))
			return 0;
		/* sticky: 0 jobs, has_error, same last_idx until completed_status */
		last = c->next_reap - 1;
		for (k = rng_range(r, 1, 2); k != 0; k--) {
			m = rand_nb(r);
			last2 = last ^ 0x3c3c;
			err2 = false;
			n = rte_dma_completed(c->dev, 0, m, &last2, &err2);
			trace(c, T_COMPLETED, n, m, last2 | (uint32_t)err2 << 16, c->next_reap);
			CHECK(n == 0 && err2 && last2 == last, "ch%u completed(%u) after has_error: "
				"%u jobs, has_error %d, last_idx %u (expected 0, 1, %u)", c->idx, m,
				n, err2, last2, last);
		}
		return 0;
	default:
		RUN(reap_completed(c, rand_nb(r), got, &err));
		if (err) {
			RUN(reap_status(c, rng_chance(r, 1, 2) ? 1 : rand_nb(r), &n));
			CHECK(n >= 1, "ch%u completed_status after has_error reported nothing",
				c->idx);
			*got += n;
		}
		return 0;
	}
}

/* wait (bounded) while the channel reports ACTIVE */
static int
wait_hw(struct chan *c)
{
	const uint64_t end = rte_get_timer_cycles() + WAIT_S * rte_get_timer_hz();
	enum rte_dma_vchan_status vs = RTE_DMA_VCHAN_ACTIVE;

	while (rte_dma_vchan_status(c->dev, 0, &vs) == 0 && vs == RTE_DMA_VCHAN_ACTIVE &&
			rte_get_timer_cycles() < end)
		rte_pause();
	CHECK(vs != RTE_DMA_VCHAN_ACTIVE, "ch%u still ACTIVE after %d s: next job %u (%s)",
		c->idx, WAIT_S, c->next_reap, job_desc(job_of(c, c->next_reap)));
	return 0;
}

/*
 * Reap every submitted job (with all, submit the rest first), in random
 * moves; a job not reported within WAIT_S of no progress is a failure.
 */
static int
drain(struct chan *c, struct rng *r, bool all)
{
	uint64_t deadline = rte_get_timer_cycles() + WAIT_S * rte_get_timer_hz();
	uint16_t got, n;
	bool err;

	if (all && c->next_submit != c->next_id)
		RUN(do_submit(c));
	while (c->next_reap != c->next_submit) {
		const struct job *j = job_of(c, c->next_reap);

		RUN(reap_once(c, r, &got));
		RUN(cap_check(c, NULL));
		if (got != 0) {
			deadline = rte_get_timer_cycles() + WAIT_S * rte_get_timer_hz();
			continue;
		}
		CHECK(rte_get_timer_cycles() < deadline, "ch%u job %u (%s) not reported within "
			"%d s (%u submitted jobs outstanding)", c->idx, j->id, job_desc(j),
			WAIT_S, (uint16_t)(c->next_submit - c->next_reap));
		RUN(wait_hw(c));
	}
	c->tot.drains++;
	/* nothing more, however asked */
	RUN(reap_completed(c, MAX_REAP, &n, &err));
	CHECK(n == 0 && !err, "ch%u completed() after draining: %u jobs, has_error %d", c->idx,
		n, err);
	RUN(reap_status(c, MAX_REAP, &n));
	CHECK(n == 0, "ch%u completed_status() after draining: %u jobs", c->idx, n);
	RUN(vchan_check(c));
	RUN(wait_hw(c));
	RUN(stats_check(c));
	RUN(dump_check(c));
	RUN(cap_check(c, NULL));
	if (c->next_id == c->next_reap && !c->broken) {
		enum rte_dma_vchan_status vs;

		CHECK(rte_dma_burst_capacity(c->dev, 0) == c->usable,
			"ch%u burst capacity %u once drained, ring %u", c->idx,
			rte_dma_burst_capacity(c->dev, 0), c->usable);
		CHECK(rte_dma_vchan_status(c->dev, 0, &vs) == 0 && vs == RTE_DMA_VCHAN_IDLE,
			"ch%u vchan status %d once drained", c->idx, vs);
	}
	return 0;
}

/* ------------------------------------------------------------------------
 * Control path: set-up, stop/start, full ring.
 */
static const uint16_t ring_sizes[] = {
	32, 33, 32, 64, 100, 128, 256, 500, 512, 1024, 1024, 2048, 4096, 16384,
};

static int
chan_setup(struct chan *c, uint16_t nb_desc)
{
	const struct rte_dma_conf conf = { .nb_vchans = 1 };
	const struct rte_dma_vchan_conf qconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = nb_desc,
	};
	int ret;

	CHECK(rte_dma_configure(c->dev, &conf) == 0, "ch%u configure", c->idx);
	ret = rte_dma_vchan_setup(c->dev, 0, &qconf);
	trace(c, T_SETUP, ret, nb_desc, 0, 0);
	CHECK(ret == 0, "ch%u vchan_setup nb_desc %u: %d", c->idx, nb_desc, ret);
	c->nb_desc = nb_desc;
	c->usable = rte_align32pow2(nb_desc) - 1;
	c->tot.max_ring = RTE_MAX(c->tot.max_ring, (uint64_t)c->usable + 1);
	return 0;
}

/* start: ids from 0, last_idx 0xffff, statistics and recovery counters 0 */
static int
chan_start(struct chan *c)
{
	enum rte_dma_vchan_status vs;
	uint16_t last = 0x1234, n;
	bool err = true;
	int ret;

	unsigned int tries;

	/* -EIO if the model's engine did not reset or enable it within 10 ms */
	for (tries = 0; tries < START_TRIES; tries++) {
		ret = rte_dma_start(c->dev);
		trace(c, T_START, ret, c->nb_desc, tries, 0);
		if (ret != -EIO)
			break;
		c->tot.start_retries++;
		rte_delay_us_sleep(1000u << tries);	/* let the engine thread run */
	}
	CHECK(ret == 0, "ch%u start: %d (%u tries)", c->idx, ret, tries);
	c->next_id = c->next_submit = c->next_reap = 0;
	c->sub = c->cpl = c->err = c->base_sub = c->base_cpl = c->base_err = 0;
	c->recoveries = c->abandoned = c->rec_failed = 0;
	c->broken = c->dead = false;
	c->extra = 0;
	c->atail = c->ahead;
	RUN(stats_check(c));
	RUN(dump_check(c));
	CHECK(rte_dma_burst_capacity(c->dev, 0) == c->usable, "ch%u burst capacity %u after "
		"start, ring %u", c->idx, rte_dma_burst_capacity(c->dev, 0), c->usable);
	n = rte_dma_completed(c->dev, 0, 32, &last, &err);
	CHECK(n == 0 && !err && last == UINT16_MAX, "ch%u after start: completed() gave %u, "
		"has_error %d, last_idx %u", c->idx, n, err, last);
	last = 0x1234;
	n = rte_dma_completed_status(c->dev, 0, 32, &last, S.st);
	CHECK(n == 0 && last == UINT16_MAX, "ch%u after start: completed_status() gave %u, "
		"last_idx %u", c->idx, n, last);
	CHECK(rte_dma_vchan_status(c->dev, 0, &vs) == 0 && vs == RTE_DMA_VCHAN_IDLE,
		"ch%u vchan status %d after start", c->idx, vs);
	return 0;
}

/*
 * Stop with jobs outstanding: they are dropped, never reported; each one is
 * whole or not written at all (the job in flight finishes), and nothing is
 * written after stop returns. Then maybe a new ring size, and start.
 */
static int
stop_start(struct chan *c, struct rng *r)
{
	const struct rte_dma_vchan_conf qconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM, .nb_desc = 64 };
	enum rte_dma_vchan_status vs;
	uint16_t id, n, last;
	uint64_t t;
	bool err, slow;
	int ret;

	if (rng_chance(r, 1, 4))
		CHECK(rte_dma_vchan_setup(c->dev, 0, &qconf) == -EBUSY,
			"ch%u vchan_setup accepted while started", c->idx);
	t = rte_get_timer_cycles();
	ret = rte_dma_stop(c->dev);
	t = rte_get_timer_cycles() - t;
	trace(c, T_STOP, ret, c->next_reap, c->next_id, t);
	CHECK(ret == 0, "ch%u stop: %d", c->idx, ret);
	c->tot.stops++;
	c->tot.dropped += (uint16_t)(c->next_id - c->next_reap);
	/*
	 * A suspend or reset that timed out (engine not running) may let the
	 * job in flight finish later, or cut it: then the data are not checked.
	 */
	slow = t > SLOW_STOP_MS * rte_get_timer_hz() / 1000;
	c->tot.slow_stops += slow;
	for (id = c->next_reap; id != c->next_id && !slow; id++) {
		struct job *j = job_of(c, id);
		const bool submitted = (uint16_t)(id - c->next_reap) <
			(uint16_t)(c->next_submit - c->next_reap);
		enum vmode mode = V_UNTOUCHED;

		/* only what HW was given may have run; a failed SG job may be cut */
		if (submitted && j->state != S_ABANDONED) {
			if (j->kind == K_SG)
				mode = V_PARTIAL;
			else if (j->state == S_PENDING && j->bad == B_NONE)
				mode = V_WHOLE;
		}
		RUN(job_verify(c, j, mode));
		j->hash = region_hash(c, j);
	}
	CHECK(rte_dma_burst_capacity(c->dev, 0) == 0, "ch%u burst capacity %u while stopped",
		c->idx, rte_dma_burst_capacity(c->dev, 0));
	n = rte_dma_completed(c->dev, 0, 32, &last, &err);
	CHECK(n == 0, "ch%u completed() reported %u jobs while stopped", c->idx, n);
	n = rte_dma_completed_status(c->dev, 0, 32, &last, S.st);
	CHECK(n == 0, "ch%u completed_status() reported %u jobs while stopped", c->idx, n);
	CHECK(rte_dma_vchan_status(c->dev, 0, &vs) == 0 && vs == RTE_DMA_VCHAN_IDLE,
		"ch%u vchan status %d while stopped", c->idx, vs);
	rte_delay_us_block(200);
	for (id = c->next_reap; id != c->next_id && !slow; id++) {
		struct job *j = job_of(c, id);

		CHECK(region_hash(c, j) == j->hash, "ch%u job %u (%s) written after stop",
			c->idx, id, job_desc(j));
	}
	ret = rte_dma_copy(c->dev, 0, c->src_iova, c->chunk_iova[0], 64, RTE_DMA_OP_FLAG_SUBMIT);
	CHECK(ret < 0, "ch%u copy accepted while stopped: %d", c->idx, ret);
	c->atail = c->ahead;
	if (rng_chance(r, 1, 2))
		RUN(chan_setup(c, ring_sizes[rng_below(r, RTE_DIM(ring_sizes))]));
	return chan_start(c);
}

/*
 * Full ring: from empty, enqueue until burst capacity says 0 (it drops by
 * one per job), then -ENOSPC for every kind; submit and wait for HW: still
 * full until jobs are reaped, and back to the ring size when all are.
 */
static int
enospc_drive(struct chan *c, struct rng *r)
{
	uint16_t cap, i;
	bool full;
	int ret;

	RUN(drain(c, r, true));
	if (c->broken)
		return 0;
	c->tot.enospc++;
	for (i = 0; i < c->usable; i++) {
		struct job *j = job_of(c, c->next_id);

		CHECK(job_build(c, j, r, true), "ch%u arena too small for a full ring", c->idx);
		RUN(enqueue(c, j, rng_chance(r, 1, 64) ? RTE_DMA_OP_FLAG_SUBMIT : 0, &full));
		CHECK(!full, "ch%u ring full after %u of %u jobs", c->idx, i, c->usable);
	}
	RUN(cap_check(c, &cap));
	CHECK(cap == 0, "ch%u burst capacity %u with the ring full", c->idx, cap);
	ret = rte_dma_copy(c->dev, 0, c->src_iova, c->chunk_iova[0], 8, 0);
	CHECK(ret == -ENOSPC, "ch%u copy into a full ring: %d", c->idx, ret);
	ret = rte_dma_fill(c->dev, 0, 0, c->chunk_iova[0], 8, 0);
	CHECK(ret == -ENOSPC, "ch%u fill into a full ring: %d", c->idx, ret);
	if (S.sg) {
		struct rte_dma_sge s = { .addr = c->src_iova, .length = 8 };
		struct rte_dma_sge d = { .addr = c->chunk_iova[0], .length = 8 };

		ret = rte_dma_copy_sg(c->dev, 0, &s, &d, 1, 1, 0);
		CHECK(ret == -ENOSPC, "ch%u copy_sg into a full ring: %d", c->idx, ret);
	}
	RUN(do_submit(c));
	RUN(wait_hw(c));
	RUN(cap_check(c, &cap));
	CHECK(cap == 0, "ch%u burst capacity %u before reaping", c->idx, cap);
	/* the capacity comes back job by job (checked after every reaping move) */
	return drain(c, r, true);
}

/* ------------------------------------------------------------------------
 * The soak.
 */
static int
burst(struct chan *c, struct rng *r)
{
	uint32_t n, i;
	uint16_t cap;
	bool full;

	switch (rng_below(r, 10)) {
	case 0:
		n = rng_range(r, 1, 256);
		break;
	case 1: case 2: case 3:
		n = rng_range(r, 1, 64);
		break;
	default:
		n = rng_range(r, 1, 8);
		break;
	}
	for (i = 0; i < n; i++) {
		RUN(cap_check(c, &cap));
		if (cap == 0) {
			/* the next job must be refused */
			if (rng_chance(r, 1, 2)) {
				struct job *j = job_of(c, c->next_id);

				if (job_build(c, j, NULL, false)) {
					RUN(enqueue(c, j, j->kind == K_SG && j->submit ?
						RTE_DMA_OP_FLAG_SUBMIT : 0, &full));
					CHECK(full, "ch%u job accepted with capacity 0", c->idx);
				}
			}
			break;
		}
		if (S.sg && rng_chance(r, 1, 200))
			RUN(sg_invalid(c, r));
		RUN(enqueue_next(c, &full));
		if (full)
			break;
	}
	if (c->next_submit != c->next_id && rng_chance(r, 7, 10)) {
		RUN(do_submit(c));
		if (rng_chance(r, 1, 8))
			RUN(stats_check(c));	/* submitted counts at submit time */
	}
	return 0;
}

static int
stats_reset(struct chan *c, struct rng *r)
{
	int ret = rte_dma_stats_reset(c->dev, rng_chance(r, 1, 2) ? 0 : RTE_DMA_ALL_VCHAN);

	trace(c, T_RESET, ret, 0, 0, 0);
	CHECK(ret == 0, "ch%u rte_dma_stats_reset: %d", c->idx, ret);
	c->base_sub = c->sub;
	c->base_cpl = c->cpl;
	c->base_err = c->err;
	c->tot.resets++;
	return stats_check(c);
}

static int
step(void)
{
	struct rng r;
	struct chan *c;
	uint32_t a;
	uint16_t got;

	rng_init(&r, S.seed, STREAM_STEP, S.step);
	S.cur = rng_below(&r, S.nb_chan);
	c = &S.ch[S.cur];
	if (S.mem_changed)
		bad_addr_setup(false);
	/* the way out of a failed recovery (after its jobs are reported, at times) */
	if (c->broken) {
		if (rng_chance(&r, 1, 2))
			RUN(drain(c, &r, rng_chance(&r, 1, 2)));
		return stop_start(c, &r);
	}
	a = rng_below(&r, 10000);
	if (a < 4500)
		return burst(c, &r);
	if (a < 8000)
		return reap_once(c, &r, &got);
	if (a < 8500)
		return c->next_submit != c->next_id ? do_submit(c) : 0;
	if (a < 9000) {
		RUN(wait_hw(c));
		return reap_once(c, &r, &got);
	}
	if (a < 9500) {
		RUN(vchan_check(c));
		RUN(cap_check(c, NULL));
		RUN(dump_check(c));
		return stats_check(c);
	}
	if (a < 9800)
		return drain(c, &r, rng_chance(&r, 3, 4));
	if (a < 9925)
		return stats_reset(c, &r);
	if (a < 9960)
		return enospc_drive(c, &r);
	return stop_start(c, &r);
}

static bool
is_instance(const struct rte_devargs *da)
{
	return strncmp(da->name, INSTANCE, strlen(INSTANCE)) == 0;
}

/*
 * Fault injection configured on the instances: from their devargs. The
 * status of an injected failure is one for the whole run, so every instance
 * must inject the same way.
 */
static int
faults_detect(void)
{
	static const uint16_t injected[] = {
		0, RTE_DMA_STATUS_INVALID_SRC_ADDR, RTE_DMA_STATUS_INVALID_DST_ADDR,
		RTE_DMA_STATUS_INVALID_OPCODE, RTE_DMA_STATUS_INVALID_LENGTH,
	};
	struct rte_devargs *da;
	unsigned long errinfo = 1;
	bool first = true;

	RTE_EAL_DEVARGS_FOREACH("vdev", da) {
		unsigned long ppm = 0, every = 0, info = 1;
		struct rte_kvargs *kv = NULL;
		const char *v;

		if (!is_instance(da))
			continue;
		if (da->args != NULL && da->args[0] != '\0')
			kv = rte_kvargs_parse(da->args, NULL);
		if (kv != NULL) {
			v = rte_kvargs_get(kv, "fail_ppm");
			if (v != NULL)
				ppm = strtoul(v, NULL, 0);
			v = rte_kvargs_get(kv, "fail_every");
			if (v != NULL)
				every = strtoul(v, NULL, 0);
			v = rte_kvargs_get(kv, "fail_errinfo");
			if (v != NULL)
				info = strtoul(v, NULL, 0);
			rte_kvargs_free(kv);
		}
		if (first) {
			S.fail_ppm = ppm;
			S.fail_every = every;
			errinfo = info;
			first = false;
		}
		CHECK(ppm == S.fail_ppm && every == S.fail_every && info == errinfo,
			"%s: fault injection differs from the first instance's: give every "
			"instance the same fail_ppm, fail_every and fail_errinfo", da->name);
	}
	if (S.fail_ppm == 0 && S.fail_every == 0)
		return 0;
	/* error info 5 (channel index) has no status of its own */
	S.inject_status = errinfo < RTE_DIM(injected) ? injected[errinfo] :
		RTE_DMA_STATUS_ERROR_UNKNOWN;
	printf("fault injection: fail_ppm %u, fail_every %u, error info %lu: status %u\n",
		S.fail_ppm, S.fail_every, errinfo, S.inject_status);
	return 0;
}

/* every channel of every hidma_model vdev, in the order of the command line */
static int
chans_find(void)
{
	struct rte_devargs *da;
	unsigned int k;

	RTE_EAL_DEVARGS_FOREACH("vdev", da) {
		if (!is_instance(da))
			continue;
		for (k = 0; ; k++) {
			struct chan *ch = &S.ch[S.nb_chan];
			int16_t dev;

			if (snprintf(ch->name, sizeof(ch->name), "%s-ch%u", da->name, k) >=
					(int)sizeof(ch->name))
				break;
			dev = rte_dma_get_dev_id_by_name(ch->name);
			if (dev < 0)
				break;
			CHECK(S.nb_chan < MAX_CHAN, "more than %u channels", MAX_CHAN);
			ch->dev = dev;
			ch->idx = S.nb_chan++;
		}
	}
	CHECK(S.nb_chan > 0, "no channel: give --vdev " INSTANCE "0");
	return 0;
}

static int
init(void)
{
	struct rte_dma_info info;
	char mzname[RTE_MEMZONE_NAMESIZE];
	struct rng r;
	unsigned int c, k;
	uint32_t i;

	rng_init(&r, S.seed, STREAM_INIT, 0);
	S.decoy = malloc(DECOY_SZ);
	S.decoy_ref = malloc(DECOY_SZ);
	CHECK(S.decoy != NULL && S.decoy_ref != NULL, "no memory");
	for (i = 0; i < DECOY_SZ; i++)
		S.decoy[i] = S.decoy_ref[i] = (uint8_t)rng_next(&r);
	RUN(faults_detect());
	RUN(chans_find());
	for (c = 0; c < S.nb_chan; c++) {
		struct chan *ch = &S.ch[c];
		const struct rte_memzone *mz;
		const char *name = ch->name;

		S.cur = c;
		CHECK(rte_dma_info_get(ch->dev, &info) == 0, "info_get");
		CHECK((info.dev_capa & (RTE_DMA_CAPA_MEM_TO_MEM | RTE_DMA_CAPA_OPS_COPY |
			RTE_DMA_CAPA_OPS_FILL | RTE_DMA_CAPA_HANDLES_ERRORS)) ==
			(RTE_DMA_CAPA_MEM_TO_MEM | RTE_DMA_CAPA_OPS_COPY | RTE_DMA_CAPA_OPS_FILL |
			RTE_DMA_CAPA_HANDLES_ERRORS), "%s capabilities 0x%" PRIx64, name,
			info.dev_capa);
		if (c == 0) {
			S.sg = (info.dev_capa & RTE_DMA_CAPA_OPS_COPY_SG) != 0;
			S.max_sges = info.max_sges;
			CHECK(!S.sg || S.max_sges >= 1, "COPY_SG advertised with max_sges 0");
		}
		ch->jobs = calloc(SHADOW_SZ, sizeof(*ch->jobs));
		ch->src_ref = malloc(SRC_SZ);
		CHECK(ch->jobs != NULL && ch->src_ref != NULL, "no memory");
		snprintf(mzname, sizeof(mzname), "soak_src%u", c);
		mz = mz_reserve(mzname, SRC_SZ);
		CHECK(mz != NULL, "memzone: %s", rte_strerror(rte_errno));
		ch->src_va = mz->addr;
		ch->src_iova = mz->iova;
		for (i = 0; i < SRC_SZ; i++)
			ch->src_va[i] = ch->src_ref[i] = (uint8_t)rng_next(&r);
		for (k = 0; k < ARENA_CHUNKS; k++) {
			snprintf(mzname, sizeof(mzname), "soak_dst%u_%u", c, k);
			mz = mz_reserve(mzname, CHUNK_SZ);
			CHECK(mz != NULL, "memzone: %s", rte_strerror(rte_errno));
			ch->chunk_va[k] = mz->addr;
			ch->chunk_iova[k] = mz->iova;
		}
		RUN(chan_setup(ch, ring_sizes[rng_below(&r, RTE_DIM(ring_sizes))]));
		RUN(chan_start(ch));
	}
	if (S.sg)
		printf("scatter-gather: advertised, max_sges %u; up to %u segments per side\n",
			S.max_sges, RTE_MIN(S.max_sges, SG_MAX));
	else
		printf("scatter-gather: not advertised, not exercised\n");
	/* a kind that is not advertised is refused and takes no id */
	if (!S.sg) {
		struct rte_dma_sge s = { .addr = S.ch[0].src_iova, .length = 8 };
		struct rte_dma_sge d = { .addr = S.ch[0].chunk_iova[0], .length = 8 };
		int ret = rte_dma_copy_sg(S.ch[0].dev, 0, &s, &d, 1, 1, 0);

		S.cur = 0;
		CHECK(ret < 0, "copy_sg accepted without RTE_DMA_CAPA_OPS_COPY_SG: %d", ret);
		RUN(cap_check(&S.ch[0], NULL));
	}
	if (rte_mem_event_callback_register("hidma_soak", mem_event_cb, NULL) != 0)
		printf("no memory event callbacks (%s): the memory map is fixed\n",
			rte_strerror(rte_errno));
	bad_addr_setup(true);
	return 0;
}

static int
finish(void)
{
	struct rng r;
	unsigned int c;

	rng_init(&r, S.seed, STREAM_INIT, 1);
	for (c = 0; c < S.nb_chan; c++) {
		struct chan *ch = &S.ch[c];
		uint16_t cap;

		S.cur = c;
		RUN(drain(ch, &r, true));
		if (ch->broken) {
			RUN(stop_start(ch, &r));
			RUN(drain(ch, &r, true));
		}
		RUN(cap_check(ch, &cap));
		CHECK(cap == ch->usable, "ch%u burst capacity %u at the end, ring %u", c, cap,
			ch->usable);
		CHECK(memcmp(ch->src_va, ch->src_ref, SRC_SZ) == 0,
			"ch%u source buffer modified", c);
		CHECK(rte_dma_stop(ch->dev) == 0, "ch%u stop", c);
	}
	CHECK(memcmp(S.decoy, S.decoy_ref, DECOY_SZ) == 0,
		"memory that is not DMA memory was written");
	return 0;
}

static void
summary(double secs)
{
	struct totals t = { 0 };
	unsigned int c;

	for (c = 0; c < S.nb_chan; c++) {
		const struct totals *x = &S.ch[c].tot;

		printf("ch%u (%s): %" PRIu64 " jobs (%" PRIu64 " ok, %" PRIu64 " MB verified), %" PRIu64
			" bad-address/length jobs, %" PRIu64 " failed, %" PRIu64 " injected faults, %"
			PRIu64 " NOT_ATTEMPTED, %" PRIu64 " recoveries, %" PRIu64 " fences, %"
			PRIu64 " SG, %" PRIu64 " id wraps\n", c, S.ch[c].name, x->jobs, x->ok, x->bytes / 1000000,
			x->bad, x->failed, x->injected, x->not_attempted, x->recoveries, x->fences,
			x->sg, x->wraps);
		printf("     %" PRIu64 " has_error seen, %" PRIu64 " stops (%" PRIu64
			" jobs dropped), %" PRIu64 " full rings, %" PRIu64 " drains, %" PRIu64
			" stats resets, largest ring %" PRIu64 ", %" PRIu64 " invalid SG refused, %"
			PRIu64 " failed recoveries\n", x->has_error, x->stops, x->dropped, x->enospc,
			x->drains, x->resets, x->max_ring, x->sg_einval, x->rec_failed);
		t.enq += x->enq;
		t.jobs += x->jobs;
		t.dropped += x->dropped;
		t.bytes += x->bytes;
		t.failed += x->failed;
		t.injected += x->injected;
		t.recoveries += x->recoveries;
		t.not_attempted += x->not_attempted;
		t.rec_failed += x->rec_failed;
		t.start_retries += x->start_retries;
		t.slow_stops += x->slow_stops;
	}
	printf("soak: %" PRIu64 " steps in %.1f s on %u channels, %" PRIu64 " jobs, %" PRIu64
		" MB, %" PRIu64 " failures (%" PRIu64 " injected), %" PRIu64 " recoveries, %" PRIu64
		" NOT_ATTEMPTED, seed 0x%016" PRIx64 "\n", S.step, secs, S.nb_chan, t.jobs,
		t.bytes / 1000000, t.failed + t.injected, t.injected, t.recoveries,
		t.not_attempted, S.seed);
	/*
	 * A job reported twice, out of order, with the wrong status or bytes
	 * fails its check at once (the run stops there); one never reported
	 * shows here: every accepted job was reported or dropped by a stop.
	 */
	printf("soak: %" PRIu64 " jobs accepted, %" PRIu64 " reported, %" PRIu64
		" dropped by stop: %" PRIu64 " lost, 0 duplicated, 0 misreported\n", t.enq, t.jobs,
		t.dropped, t.enq - t.jobs - t.dropped);
	if (t.rec_failed + t.start_retries + t.slow_stops != 0)
		printf("NOTE: %" PRIu64 " failed recoveries, %" PRIu64 " start retries, %" PRIu64
			" slow stops: channel commands not done in time, the model's engine "
			"thread did not run (CPU contention?)\n", t.rec_failed, t.start_retries,
			t.slow_stops);
}

/* a few command timeouts are the machine's; many are the driver's or the model's */
static int
timeouts_check(void)
{
	uint64_t rec = 0, failed = 0;
	unsigned int c;

	for (c = 0; c < S.nb_chan; c++) {
		rec += S.ch[c].tot.recoveries;
		failed += S.ch[c].tot.rec_failed;
	}
	S.cur = -1;
	CHECK(failed < 10 || failed * 10 < rec, "%" PRIu64 " of %" PRIu64
		" recoveries failed: not an occasional scheduling hiccup", failed, rec);
	return 0;
}

static int
soak(void)
{
	const uint64_t t0 = rte_get_timer_cycles();
	const uint64_t end = t0 + (uint64_t)(S.seconds * rte_get_timer_hz());
	unsigned int c;

	RUN(init());
	while (rte_get_timer_cycles() < end && (S.max_steps == 0 || S.step < S.max_steps)) {
		RUN(step());
		S.step++;
	}
	RUN(finish());
	for (c = 0; c < S.nb_chan; c++) {
		const struct totals *x = &S.ch[c].tot;

		S.cur = c;
		CHECK(x->enq == x->jobs + x->dropped, "ch%u: %" PRIu64 " jobs accepted, %" PRIu64
			" reported, %" PRIu64 " dropped by stop: %" PRId64 " lost", c, x->enq,
			x->jobs, x->dropped, (int64_t)(x->enq - x->jobs - x->dropped));
	}
	summary((double)(rte_get_timer_cycles() - t0) / rte_get_timer_hz());
	RUN(timeouts_check());
	if (S.inject_status != 0) {
		uint64_t inj = 0;

		for (c = 0; c < S.nb_chan; c++)
			inj += S.ch[c].tot.injected;
		S.cur = -1;
		CHECK(inj > 0, "fault injection configured, but no injected failure was seen");
	}
	return 0;
}

static void
print_usage(void)
{
	printf("usage: hidma_soak <EAL args> -- [-s SEED] [-t SECONDS] [-n STEPS]\n");
}

static const struct ht_case cases[] = {
	{ "soak", soak },
};

int
main(int argc, char **argv)
{
	int ret, opt;

	if (ht_eal_init(&argc, &argv) != 0)
		return 1;
	S.seed = mix64((uint64_t)time(NULL) ^ rte_get_timer_cycles() ^ (uint64_t)getpid());
	S.seconds = -1;
	S.cur = -1;
	while ((opt = getopt(argc, argv, "s:t:n:")) != -1) {
		switch (opt) {
		case 's':
			S.seed = strtoull(optarg, NULL, 0);
			break;
		case 't':
			S.seconds = strtod(optarg, NULL);
			break;
		case 'n':
			S.max_steps = strtoull(optarg, NULL, 0);
			break;
		default:
			print_usage();
			rte_eal_cleanup();
			return 1;
		}
	}
	/* -n alone: exactly that many steps */
	if (S.seconds < 0)
		S.seconds = S.max_steps != 0 ? 1e9 : 4;
	printf("hidma_soak: seed 0x%016" PRIx64 ", %" PRIu64 " steps at most, %.1f s at most, "
		"IOVA as %s\n", S.seed, S.max_steps, S.seconds,
		rte_eal_iova_mode() == RTE_IOVA_VA ? "VA" : "PA");
	ht_on_fail(fail_context);
	/* the options are ours, not case names: run the one case */
	ret = ht_run(cases, RTE_DIM(cases), 1, argv);
	printf("%s (seed 0x%016" PRIx64 ")\n", ret == 0 ? "PASS" : "FAIL", S.seed);
	rte_eal_cleanup();
	return ret;
}
