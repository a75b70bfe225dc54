/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * One case, in its own process after rte_eal_init(). Each scenario goes
 * through setup (buffers, dmadevs), throughput (upstream's loop and window
 * on the worker lcores; an lcore may drive several dmadevs in turn),
 * latency (one job in flight), for CPU copies a bare rte_memcpy reference,
 * for HIDMA channels an idle-poll MMIO count, verify (the data) and report
 * (upstream's CSV rows, and struct dmaperf_result records to the parent
 * through a pipe).
 */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_memcpy.h>
#include <rte_memory.h>
#include <rte_pause.h>
#include <rte_random.h>
#include <rte_string_fns.h>

#include "main.h"

#define CSV_LINE_DMA_FMT "Scenario %u,%u,%s,%u,%u,%u,%u,%.2lf,%" PRIu64 ",%.3lf,%.3lf\n"
#define CSV_LINE_CPU_FMT "Scenario %u,%u,NA,NA,NA,%u,%u,%.2lf,%" PRIu64 ",%.3lf,%.3lf\n"
#define CSV_TOTAL_LINE_FMT "Scenario %u Summary, , , , , ,%u,%.2lf,%.1lf,%.3lf,%.3lf\n"

#define MAX_DMA_CPL_NB		255	/* as upstream: one completed() call reaps at most this */
#define WARMUP_US		10000	/* as upstream: the window opens 10 ms after start */
#define DRAIN_TIMEOUT_S		2	/* after stop: fail when no job came back for this long */
#define LAT_WARMUP_JOBS		16
#define LAT_MAX_SAMPLES		20000
#define LAT_BUDGET_MS		150
#define BARE_SLICE_MS		40	/* CPU reference: slices of each loop, */
#define BARE_ROUNDS		8	/* alternated, best slice of each counts */
#define IDLE_POLLS		1000	/* completed() calls with nothing outstanding */
#define PACED_BATCHES		64	/* batches of the paced MMIO phase */
#define PACED_TIMEOUT_S		2	/* one paced batch must finish within this */
#define WINDOW_MAX_STRETCH	10	/* an empty window may grow to this many times */
#define FILL_PATTERN		UINT64_C(0xf0e1d2c3b4a59687)	/* eight distinct bytes */

enum job_kind {
	KIND_COPY,
	KIND_FILL,
	KIND_SG,
	KIND_CPU,
};

/* Written by the main lcore only. */
static struct {
	volatile bool start;
	volatile bool stop;
} __rte_cache_aligned ctl;

/* What a worker publishes while it runs; read by the main lcore for the window. */
struct worker_pub {
	volatile uint64_t ops;	/* jobs completed */
	volatile uint64_t busy;	/* TSC in rte_dma_* calls that did work */
	volatile uint64_t idle;	/* TSC in completed() calls that found nothing */
} __rte_cache_aligned;

/* One dmadev (or, for CPU copies, one lcore) and its share of the buffers. */
struct worker {
	/* set up by the main lcore */
	unsigned int lcore;
	int16_t dev_id;
	const char *dev_name;
	enum rte_dma_direction dir;
	uint32_t len;
	uint16_t kick;
	uint32_t nr_bufs;		/* buffers on each side for this worker */
	uint32_t nr_jobs;		/* jobs in one pass over the buffers */
	void **src_va;
	void **dst_va;
	rte_iova_t *src_iova;
	rte_iova_t *dst_iova;
	struct rte_dma_sge *src_sge;	/* nb_src per job */
	struct rte_dma_sge *dst_sge;
	uint16_t nb_src;
	uint16_t nb_dst;
	bool mmio;			/* the dmadev counts its MMIO accesses */

	/* written by the worker's lcore */
	uint64_t total_ops;		/* everything completed, window or not */
	uint64_t errors;		/* jobs completed with a failure status */
	int err;			/* negative errno of a failed call */
	char errmsg[DMAPERF_REASON_LEN];

	struct worker_pub pub;

	/* latency phase */
	uint64_t *lat;
	uint32_t nb_lat;

	/* CPU reference (best slices) */
	double bare_mops;
	double loop_mops;

	/* MMIO accesses: throughput phase (drain included), idle polls */
	uint64_t empty_polls;		/* completed() calls that found nothing, same phase */
	uint64_t mmio_rd, mmio_wr, mmio_ops;
	uint64_t idle_rd, idle_wr;
	/* paced phase: per batch reaped once the channel is idle */
	uint64_t paced_rd, paced_wr, paced_ops, paced_batches, paced_extra;
} __rte_cache_aligned;

/* What one worker lcore runs: a CPU copy loop, or one or more dmadevs in turn. */
struct lcore_job {
	unsigned int lcore;
	unsigned int nb;
	struct worker *w[DMAPERF_MAX_WORKERS];
	volatile bool ready;
} __rte_cache_aligned;

/* A DMA worker's loop state, private to its lcore. */
struct dma_state {
	uint64_t ops;
	uint64_t busy;
	uint64_t idle;
	uint64_t inflight;
	uint64_t empty;			/* completed() calls that returned nothing */
	uint64_t t;			/* TSC at the end of the last batch */
	uint32_t i;			/* next job */
	uint16_t pending;		/* enqueued since the last doorbell */
};

static struct worker *workers;
static bool until_stopped;			/* --until-stopped */
static volatile sig_atomic_t stop_signalled;	/* SIGINT or SIGTERM since the window opened */
static uint64_t tsc_ovh;	/* cost of an rte_rdtsc() pair, subtracted per interval */
static double tsc_hz;

static void
calibrate_tsc(void)
{
	uint64_t best = UINT64_MAX, a, b;
	int i;

	for (i = 0; i < 256; i++) {
		a = rte_rdtsc();
		b = rte_rdtsc();
		if (b - a < best)
			best = b - a;
	}
	tsc_ovh = best;
	tsc_hz = (double)rte_get_tsc_hz();
}

static inline uint64_t
interval(uint64_t from, uint64_t to)
{
	uint64_t d = to - from;

	return d > tsc_ovh ? d - tsc_ovh : 0;
}

static void
send_result(int fd, const struct dmaperf_result *r)
{
	ssize_t n;

	if (fd < 0)
		return;
	do {
		n = write(fd, r, sizeof(*r));
	} while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(*r))
		fprintf(stderr, "cannot pass results to the parent: %s\n", strerror(errno));
}

/*
 * Several channels named <instance>-ch<N> (HIDMA), consecutive within each
 * instance: "hidma_model0-ch0..5", "hidma_model0-ch0..1 + hidma_model1-ch0..1".
 * Returns -1 when the workers' names do not have that shape.
 */
static int
channel_ranges(const struct dmaperf_case *c, char *buf, size_t len)
{
	size_t off = 0, plen = 0;
	const char *prefix = NULL, *sep;
	unsigned int i, first = 0, last = 0, ch;
	char *end;

	buf[0] = '\0';
	for (i = 0; i <= c->nb_workers; i++) {
		const char *d = i < c->nb_workers ? c->workers[i].dev : NULL;

		if (d != NULL) {
			sep = strstr(d, "-ch");
			if (sep == NULL || !isdigit((unsigned char)sep[3]))
				return -1;
			ch = strtoul(sep + 3, &end, 10);
			if (*end != '\0')
				return -1;
			if (prefix != NULL && (size_t)(sep - d) == plen &&
					strncmp(d, prefix, plen) == 0 && ch == last + 1) {
				last = ch;
				continue;
			}
		}
		if (prefix != NULL && off < len)
			off += snprintf(buf + off, len - off, "%s%.*s-ch%u%s", off ? " + " : "",
				(int)plen, prefix, first, last > first ? ".." : "");
		if (prefix != NULL && last > first && off < len)
			off += snprintf(buf + off, len - off, "%u", last);
		if (d == NULL)
			break;
		prefix = d;
		plen = sep - d;
		first = last = ch;
	}
	return off < len ? 0 : -1;
}

static void
result_init(struct dmaperf_result *r, const struct dmaperf_case *c, unsigned int run,
	uint32_t scen)
{
	unsigned int i, j, nl = 0;

	memset(r, 0, sizeof(*r));
	r->case_id = c->id;
	r->run = run;
	r->scenario_id = scen;
	r->type = c->type;
	r->nb_workers = c->nb_workers;
	r->src_sge = c->src_sge;
	r->dst_sge = c->dst_sge;
	r->tsc_hz = tsc_hz;
	r->mmio_rd = r->mmio_wr = r->idle_rd = r->idle_wr = r->empty_polls = -1;
	r->paced_rd = r->paced_wr = r->paced_extra = -1;
	for (i = 0; i < c->nb_workers; i++) {
		for (j = 0; j < i && c->workers[j].lcore != c->workers[i].lcore; j++)
			;
		nl += j == i;
	}
	r->nb_lcores = nl;
	if (c->type != DMAPERF_TYPE_CPU_COPY && c->nb_workers > 1 &&
			channel_ranges(c, r->dev, sizeof(r->dev)) == 0)
		return;
	strlcpy(r->dev, c->type == DMAPERF_TYPE_CPU_COPY ? "cpu" : c->workers[0].dev,
		sizeof(r->dev));
	/* several workers otherwise: "first-device +N" so the table does not mislead */
	if (c->nb_workers > 1) {
		char more[16];

		snprintf(more, sizeof(more), " +%u", c->nb_workers - 1);
		if (strlen(r->dev) + strlen(more) < sizeof(r->dev))
			strlcat(r->dev, more, sizeof(r->dev));
	}
}

/* A whole-case outcome (skip or failure before any scenario ran). */
static int
case_outcome(const struct dmaperf_case *c, unsigned int run, int fd, FILE *csv,
	enum dmaperf_status st, const char *reason)
{
	struct dmaperf_result r;

	result_init(&r, c, run, 0);
	r.status = st;
	strlcpy(r.reason, reason, sizeof(r.reason));
	send_result(fd, &r);
	if (st == DMAPERF_ST_SKIP) {
		printf("Skip the test-case %u: %s\n", c->id, reason);
		if (csv != NULL) {
			fprintf(csv, DMAPERF_CSV_BLANK DMAPERF_CSV_BLANK "Skip the test-case %u\n",
				c->id);
			fflush(csv);
		}
		return 0;
	}
	printf("Case %u FAILED: %s\n", c->id, reason);
	return -1;
}

/* ------------------------------------------------------------ workers */

static __rte_always_inline int
enqueue_one(const struct worker *w, const enum job_kind kind, uint32_t i)
{
	switch (kind) {
	case KIND_COPY:
		return rte_dma_copy(w->dev_id, 0, w->src_iova[i], w->dst_iova[i], w->len, 0);
	case KIND_FILL:
		return rte_dma_fill(w->dev_id, 0, FILL_PATTERN, w->dst_iova[i], w->len, 0);
	default:
		return rte_dma_copy_sg(w->dev_id, 0, &w->src_sge[(size_t)i * w->nb_src],
			&w->dst_sge[(size_t)i * w->nb_dst], w->nb_src, w->nb_dst, 0);
	}
}

/*
 * Reap completions. A failed job is consumed with completed_status() and
 * counted, so one bad job cannot wedge the loop. Returns jobs reaped.
 */
static __rte_always_inline uint16_t
reap(struct worker *w)
{
	enum rte_dma_status_code st[MAX_DMA_CPL_NB];
	bool has_error = false;
	uint16_t nr, nr2, k;

	nr = rte_dma_completed(w->dev_id, 0, MAX_DMA_CPL_NB, NULL, &has_error);
	if (unlikely(has_error)) {
		nr2 = rte_dma_completed_status(w->dev_id, 0, MAX_DMA_CPL_NB, NULL, st);
		for (k = 0; k < nr2; k++)
			if (st[k] != RTE_DMA_STATUS_SUCCESSFUL)
				w->errors++;
		nr += nr2;
	}
	return nr;
}

static void
worker_fail(struct worker *w, int err, const char *what)
{
	w->err = err;
	snprintf(w->errmsg, sizeof(w->errmsg), "%s on %s returned %d (%s)", what,
		w->dev_name, err, strerror(-err));
}

/*
 * One batch of upstream's loop: enqueue until kick_batch jobs are pending
 * or the ring is full, ring the doorbell, reap with completed(.., 255, ..).
 * With @spin (the lcore drives this dmadev alone) a full ring is polled
 * until room appears, as upstream; without, the lcore moves on to its next
 * dmadev. TSC reads per batch (not per job) split the time into calls that
 * did work (enqueues, submit, completed() returning jobs) and empty polls:
 * the former is the CPU cost of a job. Returns -1 when a call failed.
 */
static __rte_always_inline int
dma_batch(struct worker *w, struct dma_state *s, const enum job_kind kind, const bool spin)
{
	/* alone on its lcore, a batch starts where the last one ended */
	uint64_t t0 = spin ? s->t : rte_rdtsc(), t1, t2;
	uint16_t nr;
	int ret;

	for (;;) {
		ret = enqueue_one(w, kind, s->i);
		if (unlikely(ret < 0))
			break;
		s->inflight++;
		if (++s->i == w->nr_jobs)
			s->i = 0;
		if (++s->pending == w->kick)
			break;
	}
	if (unlikely(ret < 0 && ret != -ENOSPC)) {
		worker_fail(w, ret, "enqueue");
		return -1;
	}
	if (s->pending != 0) {
		ret = rte_dma_submit(w->dev_id, 0);
		if (unlikely(ret < 0)) {
			worker_fail(w, ret, "rte_dma_submit");
			return -1;
		}
		s->pending = 0;
	}
	t1 = rte_rdtsc();
	s->busy += interval(t0, t1);
	for (;;) {
		nr = reap(w);
		t2 = rte_rdtsc();
		if (nr != 0) {
			s->busy += interval(t1, t2);
			break;
		}
		s->idle += interval(t1, t2);
		s->empty++;
		/* only a full ring (ret < 0 here) waits for room */
		if (!spin || ret >= 0 || ctl.stop)
			break;
		t1 = t2;
	}
	s->t = t2;
	s->ops += nr;
	s->inflight -= nr;
	w->pub.ops = s->ops;
	w->pub.busy = s->busy;
	w->pub.idle = s->idle;
	return 0;
}

/*
 * Every enqueued job must come back before the data is checked. A deep
 * ring of large jobs may take long to drain, more so on a loaded machine:
 * only a device that returns nothing for DRAIN_TIMEOUT_S fails the run.
 */
static void
dma_drain(struct worker *w, struct dma_state *s)
{
	const uint64_t bound = DRAIN_TIMEOUT_S * rte_get_tsc_hz();
	uint64_t deadline, now;
	uint16_t nr;

	if (s->pending != 0)
		rte_dma_submit(w->dev_id, 0);
	deadline = rte_rdtsc() + bound;
	while (s->inflight > 0) {
		nr = reap(w);
		s->ops += nr;
		s->inflight -= nr;
		s->empty += nr == 0;
		now = rte_rdtsc();
		if (nr != 0) {
			deadline = now + bound;
		} else if (now > deadline) {
			if (w->err == 0) {
				w->err = -ETIMEDOUT;
				snprintf(w->errmsg, sizeof(w->errmsg),
					"%" PRIu64 " job(s) on %s still not completed after the run: none came back for %d s",
					s->inflight, w->dev_name, DRAIN_TIMEOUT_S);
			}
			break;
		}
	}
	w->total_ops = s->ops;
	w->empty_polls = s->empty;
}

static __rte_always_inline int
dma_lcore(struct lcore_job *j, const enum job_kind kind)
{
	struct dma_state st[DMAPERF_MAX_WORKERS];
	unsigned int k;

	memset(st, 0, sizeof(st[0]) * j->nb);
	j->ready = true;
	while (!ctl.start)
		rte_pause();

	if (j->nb == 1) {
		/* one dmadev, upstream's case: the state stays in registers */
		struct dma_state s = st[0];

		s.t = rte_rdtsc();
		while (!ctl.stop && dma_batch(j->w[0], &s, kind, true) == 0)
			;
		st[0] = s;
	} else {
		bool failed = false;

		while (!ctl.stop && !failed)
			for (k = 0; k < j->nb && !failed; k++)
				failed = dma_batch(j->w[k], &st[k], kind, false) < 0;
	}
	for (k = 0; k < j->nb; k++)
		dma_drain(j->w[k], &st[k]);
	return 0;
}

static int
dma_copy_lcore(void *arg)
{
	return dma_lcore(arg, KIND_COPY);
}

static int
dma_fill_lcore(void *arg)
{
	return dma_lcore(arg, KIND_FILL);
}

static int
dma_sg_lcore(void *arg)
{
	return dma_lcore(arg, KIND_SG);
}

/*
 * One pass of the CPU copy loop, src to dst (upstream 23.11-26.03 copied
 * dst to src). With @publish the counter is stored every 32 copies for the
 * main lcore's window; without, it is the bare reference loop. Both are
 * this one function so that the compiler gives them the same copy code.
 */
static __rte_always_inline uint64_t
cpu_pass(struct worker *w, uint64_t ops, const bool publish)
{
	void *const *src = w->src_va;
	void *const *dst = w->dst_va;
	const uint32_t n = w->nr_jobs;
	const size_t len = w->len;
	uint32_t i, b, end;

	if (!publish) {
		for (i = 0; i < n; i++)
			rte_memcpy(dst[i], src[i], len);
		return ops + n;
	}
	/* blocks of 32: no per-copy test, a counter store per block */
	for (b = 0; b < n; b = end) {
		end = RTE_MIN(b + 32, n);
		for (i = b; i < end; i++)
			rte_memcpy(dst[i], src[i], len);
		w->pub.ops = ops + end;
	}
	return ops + n;
}

/* The stop flag is read once a pass: the loop must stay close to the bare one. */
static int
cpu_copy_lcore(void *arg)
{
	struct lcore_job *j = arg;
	struct worker *w = j->w[0];
	uint64_t ops = 0;

	j->ready = true;
	while (!ctl.start)
		rte_pause();
	while (!ctl.stop)
		ops = cpu_pass(w, ops, true);
	w->total_ops = ops;
	return 0;
}

/*
 * The reference: slices of the bare loop (nothing but rte_memcpy) and of
 * this app's loop, alternated on the same lcore and buffers; the best slice
 * of each counts, so that a neighbour's burst of activity on a shared
 * machine hits both or is ignored.
 */
static int
cpu_reference(void *arg)
{
	struct worker *w = arg;
	const uint64_t slice = rte_get_tsc_hz() / 1000 * BARE_SLICE_MS;
	uint64_t t0, t1, ops;
	double rate, own = 0, bare = 0;
	int round;

	cpu_pass(w, 0, false);
	for (round = 0; round < BARE_ROUNDS; round++) {
		/* the app's loop, stop flag included (the main lcore keeps it false) */
		t0 = rte_rdtsc();
		ops = 0;
		do {
			ops = cpu_pass(w, ops, true);
			t1 = rte_rdtsc();
		} while (t1 - t0 < slice && !ctl.stop);
		rate = (double)ops / ((double)(t1 - t0) / tsc_hz);
		if (rate > own)
			own = rate;

		t0 = rte_rdtsc();
		ops = 0;
		do {
			ops = cpu_pass(w, ops, false);
			t1 = rte_rdtsc();
		} while (t1 - t0 < slice);
		rate = (double)ops / ((double)(t1 - t0) / tsc_hz);
		if (rate > bare)
			bare = rate;
	}
	/* every buffer has been copied now: the data check covers them all */
	w->total_ops = RTE_MAX(w->total_ops, (uint64_t)w->nr_jobs);
	w->bare_mops = bare / 1e6;
	w->loop_mops = own / 1e6;
	return 0;
}

static enum job_kind
worker_kind(const struct worker *w)
{
	if (w->dev_id < 0)
		return KIND_CPU;
	if (w->src_sge != NULL)
		return KIND_SG;
	if (w->src_iova == NULL)
		return KIND_FILL;
	return KIND_COPY;
}

/* Low load: one job in flight, submit to completion seen by completed(). */
static int
latency_worker(void *arg)
{
	struct worker *w = arg;
	const uint64_t hz = rte_get_tsc_hz();
	const uint64_t budget = hz / 1000 * LAT_BUDGET_MS;
	enum job_kind kind;
	uint64_t start, t0, t1;
	uint32_t k, i = 0;
	uint16_t nr;
	int ret;

	kind = worker_kind(w);
	w->nb_lat = 0;
	start = rte_rdtsc();
	for (k = 0; k < LAT_WARMUP_JOBS + LAT_MAX_SAMPLES; k++) {
		t0 = rte_rdtsc();
		if (kind == KIND_CPU) {
			rte_memcpy(w->dst_va[i], w->src_va[i], w->len);
			t1 = rte_rdtsc();
		} else {
			ret = enqueue_one(w, kind, i);
			if (ret >= 0)
				ret = rte_dma_submit(w->dev_id, 0);
			if (ret < 0) {
				worker_fail(w, ret, "latency-phase enqueue");
				return 0;
			}
			do {
				nr = reap(w);
				t1 = rte_rdtsc();
			} while (nr == 0 && t1 - t0 < hz);
			if (nr == 0) {
				w->err = -ETIMEDOUT;
				snprintf(w->errmsg, sizeof(w->errmsg),
					"a single job on %s did not complete within 1 s", w->dev_name);
				return 0;
			}
		}
		w->total_ops++;
		if (++i == w->nr_jobs)
			i = 0;
		if (k >= LAT_WARMUP_JOBS)
			w->lat[w->nb_lat++] = interval(t0, t1);
		if (t1 - start > budget && w->nb_lat >= 100)
			break;
	}
	return 0;
}

/* ------------------------------------------------------------ memory */

struct region {
	void *base;
	void **va;
	rte_iova_t *iova;
};

/* rte_malloc_virt2iova() only takes the start of an allocation. */
static rte_iova_t
va2iova(const void *p)
{
	const struct rte_memseg *ms;

	if (rte_eal_iova_mode() == RTE_IOVA_VA)
		return (uintptr_t)p;
	ms = rte_mem_virt2memseg(p, NULL);
	if (ms == NULL || ms->iova == RTE_BAD_IOVA)
		return RTE_BAD_IOVA;
	return ms->iova + RTE_PTR_DIFF(p, ms->addr);
}

static void
region_free(struct region *r)
{
	rte_free(r->base);
	free(r->va);
	free(r->iova);
	memset(r, 0, sizeof(*r));
}

/*
 * @nr buffers of @len bytes on @socket, each IOVA-contiguous (with IOVA as
 * PA a buffer may not straddle a discontiguous page boundary: such slots
 * are skipped).
 */
static int
region_alloc(struct region *r, const char *name, uint32_t nr, uint32_t len, int socket,
	bool need_iova, char *err, size_t errlen)
{
	size_t stride = RTE_ALIGN_CEIL((size_t)len, RTE_CACHE_LINE_SIZE);
	size_t size = stride * nr, slack, off = 0;
	uint32_t i = 0;
	bool pa = need_iova && rte_eal_iova_mode() == RTE_IOVA_PA;

	memset(r, 0, sizeof(*r));
	/* with IOVA as PA, each page boundary may cost a slot */
	slack = pa ? (size / RTE_PGSIZE_2M + 2) * stride : 0;
	r->base = rte_malloc_socket(name, size + slack, 4096, socket);
	r->va = calloc(nr, sizeof(*r->va));
	r->iova = calloc(nr, sizeof(*r->iova));
	if (r->base == NULL || r->va == NULL || r->iova == NULL) {
		snprintf(err, errlen, "cannot allocate %zu bytes on socket %d for %s (raise -m?)",
			size + slack, socket, name);
		region_free(r);
		return -1;
	}
	while (i < nr && off + stride <= size + slack) {
		char *p = (char *)r->base + off;
		rte_iova_t a = va2iova(p);

		if (a == RTE_BAD_IOVA) {
			snprintf(err, errlen, "no IOVA for %s", name);
			region_free(r);
			return -1;
		}
		if (pa && va2iova(p + len - 1) != a + len - 1) {
			/* restart the slot at the next page */
			const struct rte_memseg *ms = rte_mem_virt2memseg(p, NULL);

			off = RTE_PTR_DIFF(RTE_PTR_ADD(ms->addr, ms->len), r->base);
			continue;
		}
		r->va[i] = p;
		r->iova[i] = a;
		i++;
		off += stride;
	}
	if (i < nr) {
		snprintf(err, errlen, "%s: %u B buffers are not IOVA-contiguous; use --iova-mode=va",
			name, len);
		region_free(r);
		return -1;
	}
	return 0;
}

#if defined(RTE_ARCH_ARM64)
/* Smallest D-cache line of the system: CTR_EL0.DminLine, log2 of 4-byte words. */
static uintptr_t
dcache_line(void)
{
	uint64_t ctr;

	asm volatile("mrs %0, ctr_el0" : "=r" (ctr));
	return (uintptr_t)4 << ((ctr >> 16) & 0xf);
}

static inline void
flush_line(uintptr_t p)
{
	/* clean and invalidate to the point of coherency; Linux allows it at EL0 */
	asm volatile("dc civac, %0" : : "r" (p) : "memory");
}
#elif defined(RTE_ARCH_X86)
static uintptr_t
dcache_line(void)
{
	return 64;	/* clflush's granularity on every x86 DPDK supports */
}

static inline void
flush_line(uintptr_t p)
{
	__builtin_ia32_clflush((void *)p);
}
#endif

/*
 * Write every line of the buffers back and evict it, so that the scenario
 * starts from memory: clflush on x86, DC CIVAC on arm64, each followed by a
 * full barrier. Other architectures give user space no such instruction:
 * -ENOTSUP, and the caller says that nothing was flushed.
 */
static int
cache_flush(const struct region *r, uint32_t nr, uint32_t len)
{
#if defined(RTE_ARCH_X86) || defined(RTE_ARCH_ARM64)
	const uintptr_t line = dcache_line();
	uintptr_t p, end;
	uint32_t i;

	if (r->va == NULL)
		return 0;
	for (i = 0; i < nr; i++) {
		end = (uintptr_t)r->va[i] + len;
		for (p = RTE_ALIGN_FLOOR((uintptr_t)r->va[i], line); p < end; p += line)
			flush_line(p);
	}
	rte_mb();
	return 0;
#else
	RTE_SET_USED(r);
	RTE_SET_USED(nr);
	RTE_SET_USED(len);
	return -ENOTSUP;
#endif
}

/* ------------------------------------------------------------ devices */

static int
check_device(const struct dmaperf_case *c, const struct dmaperf_worker_cfg *wc,
	char *reason, size_t len, bool *skip)
{
	struct rte_dma_info info;
	int id;

	*skip = false;
	id = rte_dma_get_dev_id_by_name(wc->dev);
	if (id < 0) {
		snprintf(reason, len, "dmadev '%s' not found (check --vdev / -d in eal_args)",
			wc->dev);
		return -1;
	}
	if (rte_dma_info_get(id, &info) != 0) {
		snprintf(reason, len, "rte_dma_info_get(%s) failed", wc->dev);
		return -1;
	}
	*skip = true;
	if (!(info.dev_capa & RTE_BIT64(wc->dir))) {
		snprintf(reason, len, "%s does not advertise direction %d", wc->dev, wc->dir);
		return -1;
	}
	if (c->type == DMAPERF_TYPE_DMA_FILL && !(info.dev_capa & RTE_DMA_CAPA_OPS_FILL)) {
		snprintf(reason, len, "%s does not advertise RTE_DMA_CAPA_OPS_FILL", wc->dev);
		return -1;
	}
	if (c->src_sge != 0) {
		if (!(info.dev_capa & RTE_DMA_CAPA_OPS_COPY_SG)) {
			snprintf(reason, len, "%s does not advertise RTE_DMA_CAPA_OPS_COPY_SG",
				wc->dev);
			return -1;
		}
		if (info.max_sges < RTE_MAX(c->src_sge, c->dst_sge)) {
			snprintf(reason, len, "%s supports %u segments, the case needs %u",
				wc->dev, info.max_sges, RTE_MAX(c->src_sge, c->dst_sge));
			return -1;
		}
	}
	*skip = false;
	return id;
}

static int
setup_device(struct worker *w, const struct dmaperf_worker_cfg *wc, uint16_t nb_desc,
	char *err, size_t errlen)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf q = { 0 };
	struct rte_dma_info info;
	int ret;

	if (rte_dma_info_get(w->dev_id, &info) != 0) {
		snprintf(err, errlen, "rte_dma_info_get(%s) failed", wc->dev);
		return -1;
	}
	if (nb_desc < info.min_desc || nb_desc > info.max_desc) {
		snprintf(err, errlen, "dma_ring_size %u outside [%u, %u] of %s", nb_desc,
			info.min_desc, info.max_desc, wc->dev);
		return -1;
	}
	q.direction = wc->dir;
	q.nb_desc = nb_desc;
	if (wc->dir == RTE_DMA_DIR_MEM_TO_DEV) {
		q.dst_port.port_type = RTE_DMA_PORT_PCIE;
		q.dst_port.pcie.coreid = wc->coreid;
		q.dst_port.pcie.pfid = wc->pfid;
		q.dst_port.pcie.vfid = wc->vfid;
		q.dst_port.pcie.vfen = 1;
	} else if (wc->dir == RTE_DMA_DIR_DEV_TO_MEM) {
		q.src_port.port_type = RTE_DMA_PORT_PCIE;
		q.src_port.pcie.coreid = wc->coreid;
		q.src_port.pcie.pfid = wc->pfid;
		q.src_port.pcie.vfid = wc->vfid;
		q.src_port.pcie.vfen = 1;
	}
	/* stopped: by the driver's probe, or by the end of the previous scenario */
	ret = rte_dma_configure(w->dev_id, &conf);
	if (ret == 0)
		ret = rte_dma_vchan_setup(w->dev_id, 0, &q);
	if (ret == 0)
		ret = rte_dma_start(w->dev_id);
	if (ret != 0) {
		snprintf(err, errlen, "configure/vchan_setup/start of %s (nb_desc %u) failed: %d",
			wc->dev, nb_desc, ret);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ verification */

static uint64_t
verify_worker(const struct dmaperf_case *c, const struct worker *w, char *err, size_t errlen)
{
	uint64_t jobs = RTE_MIN(w->total_ops, (uint64_t)w->nr_jobs);
	uint64_t j;
	uint32_t k, b;

	if (w->dir != RTE_DMA_DIR_MEM_TO_MEM)
		return 0;
	for (j = 0; j < jobs; j++) {
		if (c->type == DMAPERF_TYPE_DMA_FILL) {
			const uint8_t *d = w->dst_va[j];
			const uint64_t pat = FILL_PATTERN;
			const uint8_t *pb = (const uint8_t *)&pat;

			for (b = 0; b < w->len; b++) {
				if (d[b] != pb[b % 8]) {
					snprintf(err, errlen,
						"fill mismatch: lcore %u buffer %" PRIu64 " byte %u is 0x%02x, pattern byte is 0x%02x",
						w->lcore, j, b, d[b], pb[b % 8]);
					return UINT64_MAX;
				}
			}
		} else if (w->src_sge != NULL) {
			const struct rte_dma_sge *s = &w->src_sge[j * w->nb_src];
			const struct rte_dma_sge *d = &w->dst_sge[j * w->nb_dst];
			uint32_t si = 0, so = 0, di = 0, dof = 0;

			/* walk both segment lists byte by byte in step */
			for (b = 0; b < w->len; b++) {
				const uint8_t *sp, *dp;

				while (so == s[si].length) {
					si++;
					so = 0;
				}
				while (dof == d[di].length) {
					di++;
					dof = 0;
				}
				sp = (const uint8_t *)w->src_va[j * w->nb_src + si] + so;
				dp = (const uint8_t *)w->dst_va[j * w->nb_dst + di] + dof;
				if (*sp != *dp) {
					snprintf(err, errlen,
						"SG copy mismatch: lcore %u job %" PRIu64 " byte %u", w->lcore,
						j, b);
					return UINT64_MAX;
				}
				so++;
				dof++;
			}
		} else if (memcmp(w->src_va[j], w->dst_va[j], w->len) != 0) {
			for (k = 0; k < w->len; k++)
				if (((uint8_t *)w->src_va[j])[k] != ((uint8_t *)w->dst_va[j])[k])
					break;
			snprintf(err, errlen,
				"copy mismatch: lcore %u buffer %" PRIu64 " differs from its source at byte %u",
				w->lcore, j, k);
			return UINT64_MAX;
		}
	}
	return jobs;
}

/* ------------------------------------------------------------ one scenario */

/*
 * Wait for a worker without spinning: the main lcore may share a core (SMT
 * sibling) or a CPU with the emulated engine's thread, and a spinning wait
 * would slow down exactly what is being measured. One wake-up a millisecond:
 * each one takes the engine's CPU for a moment, during the latency phase too.
 */
static void
wait_lcore_sleeping(unsigned int lcore)
{
	while (rte_eal_get_lcore_state(lcore) == RUNNING)
		rte_delay_us_sleep(1000);
	rte_eal_wait_lcore(lcore);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_lcore(const void *a, const void *b)
{
	const struct worker *x = *(const struct worker *const *)a;
	const struct worker *y = *(const struct worker *const *)b;

	return (int)x->lcore - (int)y->lcore;
}

struct scen_out {
	uint64_t ops;
	uint64_t busy;
	uint64_t idle;
	uint64_t cycles;
};

/* Everything a scenario needs, from setup to report. */
struct scenario {
	struct dmaperf_case *c;
	uint32_t id;
	FILE *csv;
	bool dma;
	unsigned int nw;		/* workers: dmadevs, or CPU lcores */
	unsigned int nl;		/* lcore jobs */
	struct lcore_job jobs[DMAPERF_MAX_WORKERS];
	uint32_t len;
	uint32_t per_job;		/* buffers per job (scatter-gather) */
	uint32_t nr_buf;		/* buffers on each side, all workers */
	uint32_t per_w;			/* buffers on each side, one worker */
	bool need_src;
	bool need_dst;
	struct region src;
	struct region dst;
	struct scen_out out[DMAPERF_MAX_WORKERS];
	struct dmaperf_result r;
	char err[DMAPERF_REASON_LEN];
};

static struct scenario scen;
static struct dmaperf_threads threads_before, threads_after;

/* Sources random, destinations zeroed. */
static int
scen_buffers(struct scenario *s)
{
	const struct dmaperf_case *c = s->c;
	uint32_t i, k;

	s->nr_buf = (uint32_t)((uint64_t)c->mem_size.cur * 1024 * 1024 / ((uint64_t)s->len * 2));
	s->per_w = s->nr_buf / s->nw;
	s->per_w -= s->per_w % s->per_job;
	if (c->src_sge != 0)
		s->per_w -= s->per_w % (c->src_sge * c->dst_sge);
	s->nr_buf = s->per_w * s->nw;
	s->r.nr_buf = s->nr_buf;
	if (s->per_w == 0) {
		snprintf(s->err, sizeof(s->err), "mem_size %u MB is too small for %u B buffers",
			c->mem_size.cur, s->len);
		return -1;
	}
	s->need_src = c->type != DMAPERF_TYPE_DMA_FILL;
	s->need_dst = true;
	for (i = 0; i < s->nw; i++) {
		if (c->workers[i].dir == RTE_DMA_DIR_DEV_TO_MEM)
			s->need_src = false;
		if (c->workers[i].dir == RTE_DMA_DIR_MEM_TO_DEV)
			s->need_dst = false;
	}
	if (s->need_src && region_alloc(&s->src, "dmaperf_src", s->nr_buf, s->len,
			c->src_numa_node, s->dma, s->err, sizeof(s->err)) < 0)
		return -1;
	if (s->need_dst && region_alloc(&s->dst, "dmaperf_dst", s->nr_buf, s->len,
			c->dst_numa_node, s->dma, s->err, sizeof(s->err)) < 0)
		return -1;
	for (i = 0; i < s->nr_buf; i++) {
		if (s->src.va != NULL) {
			uint8_t *p = s->src.va[i];

			for (k = 0; k + 8 <= s->len; k += 8) {
				uint64_t x = rte_rand();

				memcpy(p + k, &x, 8);
			}
			for (; k < s->len; k++)
				p[k] = (uint8_t)rte_rand();
		}
		if (s->dst.va != NULL)
			memset(s->dst.va[i], 0, s->len);
	}
	return 0;
}

/* Remote addresses stand in for the device side of mem2dev/dev2mem, as upstream. */
static int
worker_remote(struct worker *w, const struct dmaperf_worker_cfg *wc, uint32_t base)
{
	rte_iova_t **side = wc->dir == RTE_DMA_DIR_DEV_TO_MEM ? &w->src_iova : &w->dst_iova;
	uint32_t j;

	*side = calloc(w->nr_bufs, sizeof(rte_iova_t));
	if (*side == NULL)
		return -1;
	for (j = 0; j < w->nr_bufs; j++)
		(*side)[j] = wc->raddr + (uint64_t)(base + j) *
			RTE_ALIGN_CEIL(w->len, RTE_CACHE_LINE_SIZE);
	return 0;
}

/* Job j gathers len bytes from nb_src buffers into nb_dst buffers. */
static void
sge_fill(struct rte_dma_sge *sge, const rte_iova_t *iova, uint32_t nb_jobs, uint16_t per_job,
	uint32_t len)
{
	uint32_t j, k;

	for (j = 0; j < nb_jobs; j++) {
		for (k = 0; k < per_job; k++) {
			struct rte_dma_sge *e = &sge[j * per_job + k];

			e->addr = iova[j * per_job + k];
			e->length = len / per_job + (k == per_job - 1u ? len % per_job : 0);
		}
	}
}

static int
worker_sge(struct worker *w, const struct dmaperf_case *c)
{
	w->nb_src = c->src_sge;
	w->nb_dst = c->dst_sge;
	w->src_sge = calloc((size_t)w->nr_jobs * w->nb_src, sizeof(*w->src_sge));
	w->dst_sge = calloc((size_t)w->nr_jobs * w->nb_dst, sizeof(*w->dst_sge));
	if (w->src_sge == NULL || w->dst_sge == NULL)
		return -1;
	sge_fill(w->src_sge, w->src_iova, w->nr_jobs, w->nb_src, w->len);
	sge_fill(w->dst_sge, w->dst_iova, w->nr_jobs, w->nb_dst, w->len);
	return 0;
}

static int
scen_worker(struct scenario *s, unsigned int i)
{
	struct worker *w = &workers[i];
	const struct dmaperf_worker_cfg *wc = &s->c->workers[i];
	uint32_t base = s->per_w * i;

	w->lcore = wc->lcore;
	w->dev_id = -1;
	w->dev_name = s->dma ? wc->dev : "cpu";
	w->dir = wc->dir;
	w->len = s->len;
	w->kick = s->c->kick_batch.cur;
	w->nr_bufs = s->per_w;
	w->nr_jobs = s->per_w / s->per_job;
	w->src_va = s->src.va ? s->src.va + base : NULL;
	w->dst_va = s->dst.va ? s->dst.va + base : NULL;
	w->src_iova = s->src.iova ? s->src.iova + base : NULL;
	w->dst_iova = s->dst.iova ? s->dst.iova + base : NULL;
	w->lat = malloc(sizeof(uint64_t) * LAT_MAX_SAMPLES);
	if (w->lat == NULL)
		goto nomem;
	if (!s->dma)
		return 0;
	w->dev_id = rte_dma_get_dev_id_by_name(wc->dev);
	if ((wc->dir == RTE_DMA_DIR_DEV_TO_MEM || wc->dir == RTE_DMA_DIR_MEM_TO_DEV) &&
			worker_remote(w, wc, base) < 0)
		goto nomem;
	if (s->c->src_sge != 0 && worker_sge(w, s->c) < 0)
		goto nomem;
	return setup_device(w, wc, s->c->ring_size.cur, s->err, sizeof(s->err));
nomem:
	snprintf(s->err, sizeof(s->err), "out of memory");
	return -1;
}

/* One job per worker lcore, holding its workers in configuration order. */
static void
scen_group(struct scenario *s)
{
	unsigned int i, k;

	s->nl = 0;
	for (i = 0; i < s->nw; i++) {
		for (k = 0; k < s->nl && s->jobs[k].lcore != workers[i].lcore; k++)
			;
		if (k == s->nl) {
			memset(&s->jobs[k], 0, sizeof(s->jobs[k]));
			s->jobs[k].lcore = workers[i].lcore;
			s->nl++;
		}
		s->jobs[k].w[s->jobs[k].nb++] = &workers[i];
	}
}

static int
scen_setup(struct scenario *s)
{
	unsigned int i;

	if (scen_buffers(s) < 0)
		return -1;
	for (i = 0; i < s->nw; i++)
		if (scen_worker(s, i) < 0)
			return -1;
	scen_group(s);
	if (s->c->cache_flush && (cache_flush(&s->src, s->nr_buf, s->len) < 0 ||
			cache_flush(&s->dst, s->nr_buf, s->len) < 0))
		printf("cache_flush=1: this architecture has no cache flush for user space; the buffers were NOT flushed\n");
	return 0;
}

static lcore_function_t *
scen_loop(const struct scenario *s)
{
	if (!s->dma)
		return cpu_copy_lcore;
	if (s->c->type == DMAPERF_TYPE_DMA_FILL)
		return dma_fill_lcore;
	if (s->c->src_sge != 0)
		return dma_sg_lcore;
	return dma_copy_lcore;
}

static int
scen_launch(struct scenario *s)
{
	lcore_function_t *fn = scen_loop(s);
	unsigned int k;

	ctl.start = false;
	ctl.stop = false;
	rte_mb();
	for (k = 0; k < s->nl; k++) {
		if (rte_eal_remote_launch(fn, &s->jobs[k], s->jobs[k].lcore) != 0) {
			snprintf(s->err, sizeof(s->err), "cannot launch a worker on lcore %u",
				s->jobs[k].lcore);
			ctl.start = true;
			ctl.stop = true;
			rte_eal_mp_wait_lcore();
			return -1;
		}
	}
	for (k = 0; k < s->nl; k++)
		while (!s->jobs[k].ready)
			rte_delay_us_sleep(100);
	return 0;
}

/*
 * On a machine so loaded that a worker completed nothing in test_seconds
 * (its lcore or the device's thread got no CPU), keep the window open until
 * every worker has completed a job, for up to WINDOW_MAX_STRETCH times its
 * length: a longer window is an honest measurement, an empty one is none.
 */
static void
window_extend(const struct scenario *s, uint64_t s0[][3], uint64_t t_start)
{
	const uint64_t limit = t_start + (uint64_t)(WINDOW_MAX_STRETCH * s->c->test_seconds *
		tsc_hz);
	unsigned int i;

	for (i = 0; i < s->nw && rte_rdtsc() < limit; i++)
		while (workers[i].pub.ops == s0[i][0] && workers[i].err == 0 &&
				rte_rdtsc() < limit)
			rte_delay_us_sleep(10000);
}

static void
on_stop_signal(int sig __rte_unused)
{
	stop_signalled = 1;
}

void
dmaperf_until_stopped(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	until_stopped = true;
}

/* --until-stopped: the main lcore sleeps until a stop signal has come */
static void
window_until_signal(const struct scenario *s)
{
	printf("Case %u scenario %u: measuring until SIGINT or SIGTERM (Ctrl-C, or kill %d)\n",
		s->c->id, s->id, (int)getpid());
	fflush(stdout);
	while (!stop_signalled)
		rte_delay_us_sleep(10000);
}

/* The window: counters and thread times at both ends, the main lcore asleep between. */
static void
scen_window(struct scenario *s)
{
	uint64_t s0[DMAPERF_MAX_WORKERS][3], t_start, t_end, a, b;
	unsigned int i;

	ctl.start = true;
	rte_delay_us_sleep(WARMUP_US);
	t_start = rte_rdtsc();
	for (i = 0; i < s->nw; i++) {
		s0[i][0] = workers[i].pub.ops;
		s0[i][1] = workers[i].pub.busy;
		s0[i][2] = workers[i].pub.idle;
	}
	a = rte_rdtsc();
	dmaperf_threads_snap(&threads_before);
	if (until_stopped) {
		stop_signalled = 0;
		window_until_signal(s);
	} else {
		rte_delay_us_sleep((uint64_t)s->c->test_seconds * 1000000);
	}
	window_extend(s, s0, t_start);
	t_end = rte_rdtsc();
	for (i = 0; i < s->nw; i++) {
		s->out[i].ops = workers[i].pub.ops - s0[i][0];
		s->out[i].busy = workers[i].pub.busy - s0[i][1];
		s->out[i].idle = workers[i].pub.idle - s0[i][2];
		s->out[i].cycles = t_end - t_start;
	}
	dmaperf_threads_snap(&threads_after);
	b = rte_rdtsc();
	ctl.stop = true;
	if (threads_before.nb == 0 || threads_after.nb == 0)
		strlcpy(s->r.threads, "unknown (cannot read /proc/self/task)", sizeof(s->r.threads));
	else
		dmaperf_threads_describe(&threads_before, &threads_after,
			(double)(b - a) / tsc_hz, s->r.threads, sizeof(s->r.threads));
}

static int
scen_throughput(struct scenario *s)
{
	unsigned int i;

	/* counted from here: the device's start sequence is not a job's cost */
	for (i = 0; i < s->nw; i++)
		workers[i].mmio = s->dma && dmaperf_mmio_reset(workers[i].dev_id) == 0;
	if (scen_launch(s) < 0)
		return -1;
	scen_window(s);
	for (i = 0; i < s->nl; i++)
		wait_lcore_sleeping(s->jobs[i].lcore);
	for (i = 0; i < s->nw; i++) {
		struct worker *w = &workers[i];

		if (w->err != 0) {
			strlcpy(s->err, w->errmsg, sizeof(s->err));
			return -1;
		}
		if (s->out[i].ops == 0) {
			snprintf(s->err, sizeof(s->err), "no job completed on lcore %u (%s) in %u s",
				w->lcore, w->dev_name, s->c->test_seconds * WINDOW_MAX_STRETCH);
			return -1;
		}
		w->mmio_ops = w->total_ops;
		if (w->mmio && dmaperf_mmio_get(w->dev_id, &w->mmio_rd, &w->mmio_wr) != 0)
			w->mmio = false;
	}
	return 0;
}

/* Worker 0 alone, one job in flight. */
static int
scen_latency(struct scenario *s)
{
	struct worker *w = &workers[0];
	uint32_t n;

	rte_eal_remote_launch(latency_worker, w, w->lcore);
	wait_lcore_sleeping(w->lcore);
	if (w->err != 0) {
		strlcpy(s->err, w->errmsg, sizeof(s->err));
		return -1;
	}
	n = w->nb_lat;
	if (n == 0)
		return 0;
	qsort(w->lat, n, sizeof(w->lat[0]), cmp_u64);
	s->r.lat_samples = n;
	s->r.lat_p50_ns = w->lat[n / 2] * 1e9 / tsc_hz;
	s->r.lat_p99_ns = w->lat[(uint64_t)n * 99 / 100] * 1e9 / tsc_hz;
	s->r.lat_max_ns = w->lat[n - 1] * 1e9 / tsc_hz;
	return 0;
}

static void
scen_reference(struct scenario *s)
{
	ctl.stop = false;
	rte_eal_remote_launch(cpu_reference, &workers[0], workers[0].lcore);
	wait_lcore_sleeping(workers[0].lcore);
	s->r.bare_mops = workers[0].bare_mops;
	s->r.loop_mops = workers[0].loop_mops;
}

/*
 * MMIO of completed() when nothing is outstanding, the cost of an idle
 * poll. Every job has completed by now; the worker lcores are idle, so the
 * main lcore may use the vchans.
 */
static void
scen_idle_mmio(struct scenario *s)
{
	unsigned int i, k;

	for (i = 0; i < s->nw; i++) {
		struct worker *w = &workers[i];
		uint16_t last;
		bool err;

		if (!w->mmio || dmaperf_mmio_reset(w->dev_id) != 0)
			continue;
		for (k = 0; k < IDLE_POLLS; k++)
			rte_dma_completed(w->dev_id, 0, MAX_DMA_CPL_NB, &last, &err);
		if (dmaperf_mmio_get(w->dev_id, &w->idle_rd, &w->idle_wr) != 0)
			w->mmio = false;
	}
}

/* MMIO accesses since @rd0/@wr0; false when the counters are unavailable */
static bool
mmio_since(int16_t dev_id, uint64_t rd0, uint64_t wr0, uint64_t *rd, uint64_t *wr)
{
	if (dmaperf_mmio_get(dev_id, rd, wr) != 0)
		return false;
	*rd -= rd0;
	*wr -= wr0;
	return true;
}

/*
 * One paced batch: kick_batch jobs, submitted, waited for with
 * rte_dma_vchan_status() until the channel is idle, then reaped. The
 * accesses of the wait (vchan_status) and of completed() calls that found
 * nothing are taken out and counted apart, so what remains is the driver's
 * own cost of a batch in a steady state: enqueue, submit, reap.
 */
static int
paced_batch(struct worker *w, enum job_kind kind, uint16_t batch, uint32_t *i,
	uint64_t *aside_rd, uint64_t *aside_wr)
{
	const uint64_t deadline = rte_rdtsc() + PACED_TIMEOUT_S * rte_get_tsc_hz();
	enum rte_dma_vchan_status st;
	uint64_t rd0, wr0, rd, wr;
	uint16_t k, nr, got = 0;
	int ret;

	for (k = 0; k < batch; k++) {
		ret = enqueue_one(w, kind, *i);
		if (ret < 0)
			return ret;
		if (++*i == w->nr_jobs)
			*i = 0;
	}
	ret = rte_dma_submit(w->dev_id, 0);
	if (ret < 0)
		return ret;
	while (got < batch) {
		if (dmaperf_mmio_get(w->dev_id, &rd0, &wr0) != 0)
			return -ENOTSUP;
		do {
			ret = rte_dma_vchan_status(w->dev_id, 0, &st);
			if (rte_rdtsc() > deadline)
				return -ETIMEDOUT;
		} while (ret == 0 && st == RTE_DMA_VCHAN_ACTIVE);
		if (!mmio_since(w->dev_id, rd0, wr0, &rd, &wr))
			return -ENOTSUP;
		*aside_rd += rd;
		*aside_wr += wr;
		rd0 += rd;
		wr0 += wr;
		nr = reap(w);
		got += nr;
		if (nr == 0) {
			w->paced_extra++;
			if (!mmio_since(w->dev_id, rd0, wr0, &rd, &wr))
				return -ENOTSUP;
			*aside_rd += rd;
			*aside_wr += wr;
		}
	}
	return 0;
}

/*
 * MMIO per job in a paced steady state. The throughput phase's figure
 * also counts every completed() call that found the device still busy
 * (the application spinning); here each batch is reaped once it is done,
 * which is what the driver's MMIO rules promise about: one WRITE_PTR read
 * per reap that finds the batch, one TRCA doorbell per submit, the EVCA
 * doorbell once per ring's worth of jobs. Every job has completed and the
 * worker lcores are idle: the main lcore may use the vchans.
 */
static void
scen_paced_mmio(struct scenario *s)
{
	unsigned int i, b;

	for (i = 0; i < s->nw; i++) {
		struct worker *w = &workers[i];
		const enum job_kind kind = worker_kind(w);
		uint64_t aside_rd = 0, aside_wr = 0, rd, wr;
		uint16_t batch;
		uint32_t next = 0;
		int ret = 0;

		w->paced_ops = 0;
		w->paced_extra = 0;
		if (!w->mmio || kind == KIND_CPU || dmaperf_mmio_reset(w->dev_id) != 0)
			continue;
		batch = RTE_MIN(w->kick, (uint16_t)rte_dma_burst_capacity(w->dev_id, 0));
		if (batch == 0)
			continue;
		for (b = 0; b < PACED_BATCHES && ret == 0; b++)
			ret = paced_batch(w, kind, batch, &next, &aside_rd, &aside_wr);
		if (ret != 0 || dmaperf_mmio_get(w->dev_id, &rd, &wr) != 0) {
			printf("Paced MMIO phase on %s: %s\n", w->dev_name,
				ret != 0 ? strerror(-ret) : "no MMIO counters");
			continue;
		}
		w->paced_rd = rd - aside_rd;
		w->paced_wr = wr - aside_wr;
		w->paced_ops = (uint64_t)batch * PACED_BATCHES;
		w->paced_batches = PACED_BATCHES;
	}
}

#ifdef DMAPERF_TEST_HOOKS
/*
 * Test-only build (test/app): damage one destination byte when asked, so
 * that the tests can check that a mismatch fails the case and the exit
 * status. The installed binary is built without it.
 */
static void
test_hook_corrupt(const struct scenario *s)
{
	if (getenv("DMAPERF_TEST_CORRUPT") != NULL && workers[0].dst_va != NULL)
		((uint8_t *)workers[0].dst_va[0])[s->len - 1] ^= 0xff;
}
#endif

/* Every buffer the run touched. */
static int
scen_verify(struct scenario *s)
{
	uint64_t v, verified = 0;
	unsigned int i;

#ifdef DMAPERF_TEST_HOOKS
	test_hook_corrupt(s);
#endif
	for (i = 0; i < s->nw; i++) {
		if (workers[i].errors != 0) {
			snprintf(s->err, sizeof(s->err), "%" PRIu64 " job(s) on %s completed with an error status",
				workers[i].errors, workers[i].dev_name);
			return -1;
		}
		v = verify_worker(s->c, &workers[i], s->err, sizeof(s->err));
		if (v == UINT64_MAX)
			return -1;
		verified += v;
	}
	s->r.verified = verified;
	return 0;
}

/* Upstream's lines and CSV row of one worker; returns its Mops. */
static double
report_worker(struct scenario *s, const struct worker *w, double mem_w, double *cyc,
	double *busy, double *idle)
{
	const struct dmaperf_case *c = s->c;
	const struct scen_out *o = &s->out[w - workers];
	double secs = (double)o->cycles / tsc_hz;
	double mops = o->ops / secs / 1e6;
	double gbps = (double)o->ops * s->len * 8 / secs / 1e9;
	uint64_t avg = o->cycles / o->ops;

	*cyc = (double)avg;
	*busy = s->dma ? (double)o->busy / o->ops : (double)avg;
	*idle = s->dma ? (double)o->idle / o->ops : 0;
	if (s->dma) {
		printf("lcore %u, DMA %s, DMA Ring Size: %u, Kick Batch Size: %u", w->lcore,
			w->dev_name, c->ring_size.cur, c->kick_batch.cur);
		if (c->src_sge != 0)
			printf(" DMA src sges: %u, dst sges: %u", c->src_sge, c->dst_sge);
		printf(".\n");
	} else {
		printf("lcore %u\n", w->lcore);
	}
	printf("Average Cycles/op: %" PRIu64 ", Buffer Size: %u B, Buffer Number: %u, Memory: %.2lf MB, Frequency: %.3lf Ghz.\n",
		avg, s->len, s->per_w, mem_w, tsc_hz / 1e9);
	printf("Average Bandwidth: %.3lf Gbps, MOps: %.3lf\n", gbps, mops);
	printf("CPU cost: %.1lf cycles/op in rte_dma_* calls that did work, %.1lf cycles/op polling empty\n",
		*busy, *idle);
	if (s->csv != NULL) {
		if (s->dma)
			fprintf(s->csv, CSV_LINE_DMA_FMT, s->id, w->lcore, w->dev_name,
				c->ring_size.cur, c->kick_batch.cur, s->len, s->per_w, mem_w, avg,
				gbps, mops);
		else
			fprintf(s->csv, CSV_LINE_CPU_FMT, s->id, w->lcore, s->len, s->per_w, mem_w,
				avg, gbps, mops);
	}
	return mops;
}

/* Per-job MMIO of the HIDMA workers (all of them, or none: n/a). */
static void
report_mmio(struct scenario *s)
{
	uint64_t rd = 0, wr = 0, ops = 0, ird = 0, iwr = 0, polls = 0, empty = 0, all = 0;
	unsigned int i;

	/* empty polls explain MMIO per job: each costs an idle poll's accesses */
	for (i = 0; i < s->nw; i++) {
		empty += workers[i].empty_polls;
		all += workers[i].total_ops;
	}
	s->r.empty_polls = all ? (double)empty / all : -1;
	printf("Empty completed() polls per job (throughput phase): %.3lf\n", s->r.empty_polls);
	for (i = 0; i < s->nw; i++) {
		const struct worker *w = &workers[i];

		if (!w->mmio)
			continue;
		rd += w->mmio_rd;
		wr += w->mmio_wr;
		ops += w->mmio_ops;
		ird += w->idle_rd;
		iwr += w->idle_wr;
		polls += IDLE_POLLS;
	}
	if (ops == 0) {
		printf("MMIO per job: n/a (not a HIDMA channel, or its PMD has no rte_pmd_hidma_mmio_stats_get)\n");
		return;
	}
	s->r.mmio_rd = (double)rd / ops;
	s->r.mmio_wr = (double)wr / ops;
	s->r.idle_rd = (double)ird / polls;
	s->r.idle_wr = (double)iwr / polls;
	printf("MMIO per job (throughput phase, %" PRIu64 " jobs): %.3lf reads, %.3lf writes; per idle completed() poll: %.3lf reads, %.3lf writes\n",
		ops, s->r.mmio_rd, s->r.mmio_wr, s->r.idle_rd, s->r.idle_wr);
	/* the paced phase: workers whose phase ran */
	rd = wr = ops = polls = empty = 0;
	for (i = 0; i < s->nw; i++) {
		const struct worker *w = &workers[i];

		if (w->paced_ops == 0)
			continue;
		rd += w->paced_rd;
		wr += w->paced_wr;
		ops += w->paced_ops;
		polls += w->paced_batches;
		empty += w->paced_extra;
	}
	if (ops == 0)
		return;
	s->r.paced_rd = (double)rd / ops;
	s->r.paced_wr = (double)wr / ops;
	s->r.paced_extra = (double)empty / polls;
	printf("MMIO per job, paced (%" PRIu64 " jobs, each batch reaped once the channel is idle): %.3lf reads, %.3lf writes; empty reaps per batch %.3lf\n",
		ops, s->r.paced_rd, s->r.paced_wr, s->r.paced_extra);
}

/* Per worker in lcore order as upstream, then the totals. */
static void
scen_report(struct scenario *s)
{
	struct worker *sorted[DMAPERF_MAX_WORKERS];
	double mem_w, mops, cyc, busy, idle;
	double mops_tot = 0, cyc_tot = 0, busy_tot = 0, idle_tot = 0;
	unsigned int i;

	mem_w = (double)s->len * s->per_w * ((s->need_src && s->need_dst) ? 2 : 1) /
		(1024 * 1024);
	for (i = 0; i < s->nw; i++)
		sorted[i] = &workers[i];
	qsort(sorted, s->nw, sizeof(sorted[0]), cmp_lcore);
	for (i = 0; i < s->nw; i++) {
		mops = report_worker(s, sorted[i], mem_w, &cyc, &busy, &idle);
		mops_tot += mops;
		cyc_tot += cyc;
		busy_tot += busy;
		idle_tot += idle;
		if (sorted[i] == &workers[0])
			s->r.worker0_mops = mops;
	}
	s->r.status = DMAPERF_ST_OK;
	s->r.mops = mops_tot;
	s->r.gbps = mops_tot * s->len / 1e3;
	s->r.wall_cycles = cyc_tot / s->nw;
	s->r.cpu_cycles = busy_tot / s->nw;
	s->r.idle_cycles = idle_tot / s->nw;
	printf("\nAverage Cycles/op per worker: %.1lf, Total Bandwidth: %.3lf Gbps, Total MOps: %.3lf\n",
		s->r.wall_cycles, s->r.gbps * 8, mops_tot);
	if (s->r.lat_samples > 0)
		printf("Latency (one job in flight, %u samples): p50 %.2lf us, p99 %.2lf us, max %.2lf us\n",
			s->r.lat_samples, s->r.lat_p50_ns / 1e3, s->r.lat_p99_ns / 1e3,
			s->r.lat_max_ns / 1e3);
	if (!s->dma)
		printf("Reference on lcore %u, best of %d alternated %d ms slices: bare rte_memcpy loop %.3lf MOps, this app's loop %.3lf MOps, ratio %.3lf\n",
			workers[0].lcore, BARE_ROUNDS, BARE_SLICE_MS, s->r.bare_mops,
			s->r.loop_mops, s->r.bare_mops > 0 ? s->r.loop_mops / s->r.bare_mops : 0);
	if (s->dma)
		report_mmio(s);
	printf("Threads in the window: %s\n", s->r.threads);
	printf("Data verified: %" PRIu64 " job(s) %s\n", s->r.verified,
		s->r.verified ? "match" : "(nothing checkable for mem2dev/dev2mem)");
	if (s->csv != NULL) {
		fprintf(s->csv, CSV_TOTAL_LINE_FMT, s->id, s->nr_buf, mem_w * s->nw,
			s->r.wall_cycles, s->r.gbps * 8, mops_tot);
		fflush(s->csv);
	}
}

static void
scen_teardown(struct scenario *s)
{
	unsigned int i;

	for (i = 0; i < s->nw; i++) {
		struct worker *w = &workers[i];

		if (w->dev_id >= 0)
			rte_dma_stop(w->dev_id);
		free(w->lat);
		free(w->src_sge);
		free(w->dst_sge);
		if (w->dev_id >= 0 && w->dir == RTE_DMA_DIR_DEV_TO_MEM)
			free(w->src_iova);
		if (w->dev_id >= 0 && w->dir == RTE_DMA_DIR_MEM_TO_DEV)
			free(w->dst_iova);
		memset(w, 0, sizeof(*w));
		w->dev_id = -1;
	}
	region_free(&s->src);
	region_free(&s->dst);
}

static int
run_scenario(struct dmaperf_case *c, unsigned int run, uint32_t id, FILE *csv, int fd)
{
	struct scenario *s = &scen;
	unsigned int i;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	s->c = c;
	s->id = id;
	s->csv = csv;
	s->dma = c->type != DMAPERF_TYPE_CPU_COPY;
	s->nw = c->nb_workers;
	s->len = c->buf_size.cur;
	s->per_job = c->src_sge ? RTE_MAX(c->src_sge, c->dst_sge) : 1;
	/* a clean slate, so that the teardown is right whatever fails first */
	memset(workers, 0, sizeof(*workers) * s->nw);
	for (i = 0; i < s->nw; i++)
		workers[i].dev_id = -1;
	result_init(&s->r, c, run, id);
	s->r.buf_size = s->len;
	s->r.ring_size = c->ring_size.cur;
	s->r.kick_batch = c->kick_batch.cur;

	printf("\nRunning scenario %u\n", id);
	if (scen_setup(s) < 0 || scen_throughput(s) < 0 || scen_latency(s) < 0) {
		ret = -1;
	} else {
		if (!s->dma)
			scen_reference(s);
		else
			scen_idle_mmio(s);
		ret = scen_verify(s);
		/* after the check: its copies rewrite the same bytes */
		if (ret == 0 && s->dma)
			scen_paced_mmio(s);
	}
	if (ret == 0) {
		scen_report(s);
	} else {
		printf("Case %u scenario %u FAILED: %s\n", c->id, id, s->err);
		fflush(stdout);
		s->r.status = DMAPERF_ST_FAIL;
		strlcpy(s->r.reason, s->err, sizeof(s->r.reason));
	}
	send_result(fd, &s->r);
	scen_teardown(s);
	return ret;
}

/* Lcores the case's workers need: the main lcore is none of them. */
static int
check_lcores(const struct dmaperf_case *c, unsigned int nl, char *reason, size_t len)
{
	unsigned int i;

	if (rte_lcore_count() <= nl) {
		snprintf(reason, len, "%u lcore(s) for %u worker lcore(s): the main lcore is not a worker, give -l with more lcores",
			rte_lcore_count(), nl);
		return -1;
	}
	for (i = 0; i < c->nb_workers; i++) {
		unsigned int l = c->workers[i].lcore;

		if (!rte_lcore_is_enabled(l) || l == rte_get_main_lcore()) {
			snprintf(reason, len, "lcore %u is not a worker lcore of this EAL (main lcore %u; see -l)",
				l, rte_get_main_lcore());
			return -1;
		}
	}
	if (c->src_numa_node >= (int)rte_socket_count() ||
			c->dst_numa_node >= (int)rte_socket_count()) {
		snprintf(reason, len, "src/dst_numa_node %d/%d but this machine has %u NUMA node(s)",
			c->src_numa_node, c->dst_numa_node, rte_socket_count());
		return -1;
	}
	return 0;
}

int
dmaperf_run_case(struct dmaperf_case *c, unsigned int run, FILE *csv, int fd)
{
	struct dmaperf_entry *var = dmaperf_case_var(c);
	struct dmaperf_entry none = { 0 };
	char reason[DMAPERF_REASON_LEN];
	struct dmaperf_result probe;
	unsigned int i;
	uint32_t scen_id = 0;
	uint64_t next;
	bool skip;
	int failed = 0;

	calibrate_tsc();
	result_init(&probe, c, run, 0);
	if (check_lcores(c, probe.nb_lcores, reason, sizeof(reason)) < 0)
		return case_outcome(c, run, fd, NULL, DMAPERF_ST_FAIL, reason);
	for (i = 0; i < c->nb_workers && c->type != DMAPERF_TYPE_CPU_COPY; i++)
		if (check_device(c, &c->workers[i], reason, sizeof(reason), &skip) < 0) {
			enum dmaperf_status st = skip ? DMAPERF_ST_SKIP : DMAPERF_ST_FAIL;

			return case_outcome(c, run, fd, csv, st, reason);
		}

	workers = rte_zmalloc("dmaperf_workers", sizeof(*workers) * c->nb_workers,
		RTE_CACHE_LINE_SIZE);
	if (workers == NULL)
		return case_outcome(c, run, fd, NULL, DMAPERF_ST_FAIL, "out of memory");

	/* upstream's CSV preamble, byte for byte (no newline after "Ghz") */
	if (csv != NULL) {
		fprintf(csv, DMAPERF_CSV_BLANK DMAPERF_CSV_BLANK "Test Environment:\nCPU frequency,%.3lf Ghz",
			rte_get_timer_hz() / 1e9);
		fprintf(csv, DMAPERF_CSV_BLANK DMAPERF_CSV_BLANK DMAPERF_CSV_HDR_FMT, c->id,
			dmaperf_type_str(c->type));
		fflush(csv);
	}
	printf("Number of used lcores: %u.\n", rte_lcore_count());

	if (var == NULL)
		var = &none;
	for (next = var->first; next <= var->last;) {
		var->cur = (uint32_t)next;
		scen_id++;
		if (run_scenario(c, run, scen_id, csv, fd) < 0)
			failed = 1;
		if (var->op == DMAPERF_OP_ADD)
			next += var->incr;
		else if (var->op == DMAPERF_OP_MUL)
			next *= var->incr;
		else
			break;
	}
	rte_free(workers);
	workers = NULL;
	return failed ? -1 : 0;
}
