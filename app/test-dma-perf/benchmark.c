/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * One case, in its own process after rte_eal_init(): for each scenario,
 * allocate the buffers, configure the dmadevs, run the throughput phase on
 * the worker lcores (upstream's loop and window), then a latency phase (one
 * job in flight), then for CPU copies a bare rte_memcpy loop as reference,
 * and finally verify the data. Results go to the CSV (upstream's rows) and,
 * as struct dmaperf_result records, to the parent through a pipe.
 */

#include <errno.h>
#include <inttypes.h>
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
#define DRAIN_TIMEOUT_S		2	/* in-flight jobs must finish within this after stop */
#define LAT_WARMUP_JOBS		16
#define LAT_MAX_SAMPLES		20000
#define LAT_BUDGET_MS		150
#define BARE_SLICE_MS		40	/* CPU reference: slices of each loop, */
#define BARE_ROUNDS		8	/* alternated, best slice of each counts */
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

	/* written by the worker */
	volatile bool ready;
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
} __rte_cache_aligned;

static struct worker *workers;
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

static void
result_init(struct dmaperf_result *r, const struct dmaperf_case *c, uint32_t scen)
{
	memset(r, 0, sizeof(*r));
	r->case_id = c->id;
	r->scenario_id = scen;
	r->type = c->type;
	r->nb_workers = c->nb_workers;
	r->src_sge = c->src_sge;
	r->dst_sge = c->dst_sge;
	r->tsc_hz = tsc_hz;
	if (c->type == DMAPERF_TYPE_CPU_COPY)
		strlcpy(r->dev, "cpu", sizeof(r->dev));
	else
		strlcpy(r->dev, c->workers[0].dev, sizeof(r->dev));
	/* several workers: "first-device +N" so the table does not mislead */
	if (c->nb_workers > 1) {
		char more[16];

		snprintf(more, sizeof(more), " +%u", c->nb_workers - 1);
		if (strlen(r->dev) + strlen(more) < sizeof(r->dev))
			strlcat(r->dev, more, sizeof(r->dev));
	}
}

/* A whole-case outcome (skip or failure before any scenario ran). */
static int
case_outcome(const struct dmaperf_case *c, int fd, FILE *csv, enum dmaperf_status st,
	const char *reason)
{
	struct dmaperf_result r;

	result_init(&r, c, 0);
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
 * Upstream's loop: enqueue; on -ENOSPC ring the doorbell and reap until
 * there is room; ring the doorbell every kick_batch jobs and reap with
 * completed(.., 255, ..). Around it, TSC reads per batch (not per job)
 * split the time into calls that did work (enqueues, submit, completed()
 * returning jobs) and empty polls: the former is the CPU cost of a job.
 */
static __rte_always_inline int
dma_worker(struct worker *w, const enum job_kind kind)
{
	const uint32_t n = w->nr_jobs;
	const uint16_t kick = w->kick;
	uint64_t ops = 0, busy = 0, idle = 0, inflight = 0;
	uint64_t t0, t1, t2, deadline;
	uint16_t pending = 0, nr;
	uint32_t i = 0;
	int ret;

	w->ready = true;
	while (!ctl.start)
		rte_pause();

	t0 = rte_rdtsc();
	while (!ctl.stop) {
		ret = enqueue_one(w, kind, i);
		if (unlikely(ret < 0)) {
			if (ret != -ENOSPC) {
				worker_fail(w, ret, "enqueue");
				break;
			}
			if (pending != 0) {
				ret = rte_dma_submit(w->dev_id, 0);
				if (ret < 0) {
					worker_fail(w, ret, "rte_dma_submit");
					break;
				}
				pending = 0;
			}
			t1 = rte_rdtsc();
			busy += interval(t0, t1);
			/* ring full: poll until something completes */
			for (;;) {
				nr = reap(w);
				t2 = rte_rdtsc();
				if (nr != 0) {
					busy += interval(t1, t2);
					break;
				}
				idle += interval(t1, t2);
				if (ctl.stop)
					break;
				t1 = t2;
			}
			ops += nr;
			inflight -= nr;
			w->pub.ops = ops;
			w->pub.busy = busy;
			w->pub.idle = idle;
			t0 = rte_rdtsc();
			continue;
		}
		inflight++;
		if (++i == n)
			i = 0;
		if (++pending == kick) {
			ret = rte_dma_submit(w->dev_id, 0);
			if (unlikely(ret < 0)) {
				worker_fail(w, ret, "rte_dma_submit");
				break;
			}
			pending = 0;
			t1 = rte_rdtsc();
			nr = reap(w);
			t2 = rte_rdtsc();
			busy += interval(t0, t1);
			if (nr != 0)
				busy += interval(t1, t2);
			else
				idle += interval(t1, t2);
			ops += nr;
			inflight -= nr;
			w->pub.ops = ops;
			w->pub.busy = busy;
			w->pub.idle = idle;
			t0 = t2;
		}
	}

	/* drain: every enqueued job must come back before the data is checked */
	if (pending != 0)
		rte_dma_submit(w->dev_id, 0);
	deadline = rte_rdtsc() + DRAIN_TIMEOUT_S * rte_get_tsc_hz();
	while (inflight > 0) {
		nr = reap(w);
		ops += nr;
		inflight -= nr;
		if (nr == 0 && rte_rdtsc() > deadline) {
			if (w->err == 0) {
				w->err = -ETIMEDOUT;
				snprintf(w->errmsg, sizeof(w->errmsg),
					"%" PRIu64 " job(s) on %s still not completed %d s after the run",
					inflight, w->dev_name, DRAIN_TIMEOUT_S);
			}
			break;
		}
	}
	w->total_ops = ops;
	return 0;
}

static int
dma_copy_worker(void *arg)
{
	return dma_worker(arg, KIND_COPY);
}

static int
dma_fill_worker(void *arg)
{
	return dma_worker(arg, KIND_FILL);
}

static int
dma_sg_worker(void *arg)
{
	return dma_worker(arg, KIND_SG);
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
cpu_copy_worker(void *arg)
{
	struct worker *w = arg;
	uint64_t ops = 0;

	w->ready = true;
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

	if (w->dev_id < 0)
		kind = KIND_CPU;
	else if (w->src_sge != NULL)
		kind = KIND_SG;
	else if (w->src_iova == NULL)
		kind = KIND_FILL;
	else
		kind = KIND_COPY;

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

static void
cache_flush(const struct region *r, uint32_t nr, uint32_t len)
{
#ifdef RTE_ARCH_X86
	uint32_t i, off;

	if (r->va == NULL)
		return;
	for (i = 0; i < nr; i++)
		for (off = 0; off < len; off += RTE_CACHE_LINE_SIZE)
			__builtin_ia32_clflush((char *)r->va[i] + off);
	rte_mb();
#else
	RTE_SET_USED(r);
	RTE_SET_USED(nr);
	RTE_SET_USED(len);
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
 * would slow down exactly what is being measured.
 */
static void
wait_lcore_sleeping(unsigned int lcore)
{
	while (rte_eal_get_lcore_state(lcore) == RUNNING)
		rte_delay_us_sleep(200);
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

static int
run_scenario(struct dmaperf_case *c, uint32_t scen, FILE *csv, int fd)
{
	const bool dma = c->type != DMAPERF_TYPE_CPU_COPY;
	const unsigned int nw = c->nb_workers;
	const uint32_t len = c->buf_size.cur;
	const uint32_t per_job = c->src_sge ? RTE_MAX(c->src_sge, c->dst_sge) : 1;
	struct region src = { 0 }, dst = { 0 };
	struct scen_out out[DMAPERF_MAX_WORKERS];
	struct worker *sorted[DMAPERF_MAX_WORKERS];
	struct dmaperf_result r;
	lcore_function_t *fn;
	uint32_t nr_buf, per_w, i, j, k;
	uint64_t s0[DMAPERF_MAX_WORKERS][3], t_start, t_end, hz = rte_get_tsc_hz();
	double elapsed, mops_tot = 0, gbps_tot = 0, cyc_tot = 0, busy_tot = 0, idle_tot = 0;
	double mem_w;
	uint64_t ops_tot = 0, verified = 0;
	char err[DMAPERF_REASON_LEN] = "";
	bool need_src, need_dst;
	int ret = -1;

	/* a clean slate, so that the clean-up below is right whatever fails first */
	memset(workers, 0, sizeof(*workers) * nw);
	for (i = 0; i < nw; i++)
		workers[i].dev_id = -1;

	result_init(&r, c, scen);
	r.buf_size = len;
	r.ring_size = c->ring_size.cur;
	r.kick_batch = c->kick_batch.cur;

	printf("\nRunning scenario %u\n", scen);
	nr_buf = (uint32_t)((uint64_t)c->mem_size.cur * 1024 * 1024 / ((uint64_t)len * 2));
	per_w = nr_buf / nw;
	per_w -= per_w % per_job;
	if (c->src_sge != 0)
		per_w -= per_w % (c->src_sge * c->dst_sge);
	nr_buf = per_w * nw;
	r.nr_buf = nr_buf;
	if (per_w == 0) {
		snprintf(err, sizeof(err), "mem_size %u MB is too small for %u B buffers",
			c->mem_size.cur, len);
		goto fail;
	}

	need_src = c->type != DMAPERF_TYPE_DMA_FILL;
	need_dst = true;
	for (i = 0; i < nw; i++) {
		if (c->workers[i].dir == RTE_DMA_DIR_DEV_TO_MEM)
			need_src = false;
		if (c->workers[i].dir == RTE_DMA_DIR_MEM_TO_DEV)
			need_dst = false;
	}
	if (need_src && region_alloc(&src, "dmaperf_src", nr_buf, len, c->src_numa_node,
			dma, err, sizeof(err)) < 0)
		goto fail;
	if (need_dst && region_alloc(&dst, "dmaperf_dst", nr_buf, len, c->dst_numa_node,
			dma, err, sizeof(err)) < 0)
		goto fail;
	for (i = 0; i < nr_buf; i++) {
		if (src.va != NULL) {
			uint8_t *p = src.va[i];

			for (k = 0; k + 8 <= len; k += 8) {
				uint64_t x = rte_rand();

				memcpy(p + k, &x, 8);
			}
			for (; k < len; k++)
				p[k] = (uint8_t)rte_rand();
		}
		if (dst.va != NULL)
			memset(dst.va[i], 0, len);
	}

	for (i = 0; i < nw; i++) {
		struct worker *w = &workers[i];
		const struct dmaperf_worker_cfg *wc = &c->workers[i];
		uint32_t base = per_w * i;

		w->lcore = wc->lcore;
		w->dev_id = -1;
		w->dev_name = dma ? wc->dev : "cpu";
		w->dir = wc->dir;
		w->len = len;
		w->kick = c->kick_batch.cur;
		w->nr_bufs = per_w;
		w->nr_jobs = per_w / per_job;
		w->src_va = src.va ? src.va + base : NULL;
		w->dst_va = dst.va ? dst.va + base : NULL;
		w->src_iova = src.iova ? src.iova + base : NULL;
		w->dst_iova = dst.iova ? dst.iova + base : NULL;
		w->lat = malloc(sizeof(uint64_t) * LAT_MAX_SAMPLES);
		if (w->lat == NULL) {
			snprintf(err, sizeof(err), "out of memory");
			goto fail;
		}
		if (!dma)
			continue;
		w->dev_id = rte_dma_get_dev_id_by_name(wc->dev);
		/* remote addresses stand in for the device side, as upstream */
		if (wc->dir == RTE_DMA_DIR_DEV_TO_MEM || wc->dir == RTE_DMA_DIR_MEM_TO_DEV) {
			rte_iova_t **side = wc->dir == RTE_DMA_DIR_DEV_TO_MEM ?
				&w->src_iova : &w->dst_iova;

			*side = calloc(per_w, sizeof(rte_iova_t));
			if (*side == NULL) {
				snprintf(err, sizeof(err), "out of memory");
				goto fail;
			}
			for (j = 0; j < per_w; j++)
				(*side)[j] = wc->raddr + (uint64_t)(base + j) *
					RTE_ALIGN_CEIL(len, RTE_CACHE_LINE_SIZE);
		}
		if (c->src_sge != 0) {
			w->nb_src = c->src_sge;
			w->nb_dst = c->dst_sge;
			w->src_sge = calloc((size_t)w->nr_jobs * w->nb_src, sizeof(*w->src_sge));
			w->dst_sge = calloc((size_t)w->nr_jobs * w->nb_dst, sizeof(*w->dst_sge));
			if (w->src_sge == NULL || w->dst_sge == NULL) {
				snprintf(err, sizeof(err), "out of memory");
				goto fail;
			}
			/* job j gathers len bytes from nb_src buffers into nb_dst buffers */
			for (j = 0; j < w->nr_jobs; j++) {
				for (k = 0; k < w->nb_src; k++) {
					struct rte_dma_sge *s = &w->src_sge[j * w->nb_src + k];

					s->addr = w->src_iova[j * w->nb_src + k];
					s->length = len / w->nb_src +
						(k == w->nb_src - 1u ? len % w->nb_src : 0);
				}
				for (k = 0; k < w->nb_dst; k++) {
					struct rte_dma_sge *d = &w->dst_sge[j * w->nb_dst + k];

					d->addr = w->dst_iova[j * w->nb_dst + k];
					d->length = len / w->nb_dst +
						(k == w->nb_dst - 1u ? len % w->nb_dst : 0);
				}
			}
		}
		if (setup_device(w, wc, c->ring_size.cur, err, sizeof(err)) < 0)
			goto fail;
	}

	if (c->cache_flush) {
		cache_flush(&src, nr_buf, len);
		cache_flush(&dst, nr_buf, len);
	}

	/* throughput phase */
	if (!dma)
		fn = cpu_copy_worker;
	else if (c->type == DMAPERF_TYPE_DMA_FILL)
		fn = dma_fill_worker;
	else if (c->src_sge != 0)
		fn = dma_sg_worker;
	else
		fn = dma_copy_worker;
	ctl.start = false;
	ctl.stop = false;
	rte_mb();
	for (i = 0; i < nw; i++) {
		if (rte_eal_remote_launch(fn, &workers[i], workers[i].lcore) != 0) {
			snprintf(err, sizeof(err), "cannot launch a worker on lcore %u",
				workers[i].lcore);
			ctl.start = true;
			ctl.stop = true;
			rte_eal_mp_wait_lcore();
			goto fail;
		}
	}
	for (i = 0; i < nw; i++)
		while (!workers[i].ready)
			rte_delay_us_sleep(100);
	ctl.start = true;
	rte_delay_us_sleep(WARMUP_US);
	t_start = rte_rdtsc();
	for (i = 0; i < nw; i++) {
		s0[i][0] = workers[i].pub.ops;
		s0[i][1] = workers[i].pub.busy;
		s0[i][2] = workers[i].pub.idle;
	}
	rte_delay_us_sleep((uint64_t)c->test_seconds * 1000000);
	t_end = rte_rdtsc();
	for (i = 0; i < nw; i++) {
		out[i].ops = workers[i].pub.ops - s0[i][0];
		out[i].busy = workers[i].pub.busy - s0[i][1];
		out[i].idle = workers[i].pub.idle - s0[i][2];
		out[i].cycles = t_end - t_start;
	}
	ctl.stop = true;
	for (i = 0; i < nw; i++)
		wait_lcore_sleeping(workers[i].lcore);
	for (i = 0; i < nw; i++) {
		if (workers[i].err != 0) {
			strlcpy(err, workers[i].errmsg, sizeof(err));
			goto fail;
		}
		if (out[i].ops == 0) {
			snprintf(err, sizeof(err), "no job completed on lcore %u (%s) in %u s",
				workers[i].lcore, workers[i].dev_name, c->test_seconds);
			goto fail;
		}
	}

	/* latency phase: worker 0 alone, one job in flight */
	rte_eal_remote_launch(latency_worker, &workers[0], workers[0].lcore);
	wait_lcore_sleeping(workers[0].lcore);
	if (workers[0].err != 0) {
		strlcpy(err, workers[0].errmsg, sizeof(err));
		goto fail;
	}
	if (workers[0].nb_lat > 0) {
		uint64_t *l = workers[0].lat;
		uint32_t n = workers[0].nb_lat;

		qsort(l, n, sizeof(*l), cmp_u64);
		r.lat_samples = n;
		r.lat_p50_ns = l[n / 2] * 1e9 / tsc_hz;
		r.lat_p99_ns = l[(uint64_t)n * 99 / 100] * 1e9 / tsc_hz;
		r.lat_max_ns = l[n - 1] * 1e9 / tsc_hz;
	}

	if (!dma) {
		ctl.stop = false;
		rte_eal_remote_launch(cpu_reference, &workers[0], workers[0].lcore);
		wait_lcore_sleeping(workers[0].lcore);
		r.bare_mops = workers[0].bare_mops;
		r.loop_mops = workers[0].loop_mops;
	}

	/*
	 * Test hook (test/app): damage one destination byte so the tests can
	 * check that a mismatch fails the case and the exit status.
	 */
	if (getenv("DMAPERF_TEST_CORRUPT") != NULL && workers[0].dst_va != NULL)
		((uint8_t *)workers[0].dst_va[0])[len - 1] ^= 0xff;

	/* data check: every buffer the run touched */
	for (i = 0; i < nw; i++) {
		uint64_t v;

		if (workers[i].errors != 0) {
			snprintf(err, sizeof(err), "%" PRIu64 " job(s) on %s completed with an error status",
				workers[i].errors, workers[i].dev_name);
			goto fail;
		}
		v = verify_worker(c, &workers[i], err, sizeof(err));
		if (v == UINT64_MAX)
			goto fail;
		verified += v;
	}
	r.verified = verified;

	/* report, per worker in lcore order as upstream */
	mem_w = (double)len * per_w * ((need_src && need_dst) ? 2 : 1) / (1024 * 1024);
	for (i = 0; i < nw; i++)
		sorted[i] = &workers[i];
	qsort(sorted, nw, sizeof(sorted[0]), cmp_lcore);
	for (k = 0; k < nw; k++) {
		struct worker *w = sorted[k];
		const struct scen_out *o = &out[w - workers];
		double secs = (double)o->cycles / tsc_hz;
		double mops = o->ops / secs / 1e6;
		double gbps = (double)o->ops * len * 8 / secs / 1e9;
		uint64_t avg = o->cycles / o->ops;
		double busy = dma ? (double)o->busy / o->ops : (double)avg;
		double idle = dma ? (double)o->idle / o->ops : 0;

		if (dma) {
			printf("lcore %u, DMA %s, DMA Ring Size: %u, Kick Batch Size: %u", w->lcore,
				w->dev_name, c->ring_size.cur, c->kick_batch.cur);
			if (c->src_sge != 0)
				printf(" DMA src sges: %u, dst sges: %u", c->src_sge, c->dst_sge);
			printf(".\n");
		} else {
			printf("lcore %u\n", w->lcore);
		}
		printf("Average Cycles/op: %" PRIu64 ", Buffer Size: %u B, Buffer Number: %u, Memory: %.2lf MB, Frequency: %.3lf Ghz.\n",
			avg, len, per_w, mem_w, tsc_hz / 1e9);
		printf("Average Bandwidth: %.3lf Gbps, MOps: %.3lf\n", gbps, mops);
		printf("CPU cost: %.1lf cycles/op in rte_dma_* calls that did work, %.1lf cycles/op polling empty\n",
			busy, idle);
		if (csv != NULL) {
			if (dma)
				fprintf(csv, CSV_LINE_DMA_FMT, scen, w->lcore, w->dev_name,
					c->ring_size.cur, c->kick_batch.cur, len, per_w, mem_w, avg,
					gbps, mops);
			else
				fprintf(csv, CSV_LINE_CPU_FMT, scen, w->lcore, len, per_w, mem_w,
					avg, gbps, mops);
		}
		mops_tot += mops;
		gbps_tot += gbps;
		cyc_tot += avg;
		busy_tot += busy;
		idle_tot += idle;
		ops_tot += o->ops;
		if (w == &workers[0])
			r.worker0_mops = mops;
	}
	elapsed = (double)(t_end - t_start) / tsc_hz;
	printf("\nAverage Cycles/op per worker: %.1lf, Total Bandwidth: %.3lf Gbps, Total MOps: %.3lf\n",
		cyc_tot / nw, gbps_tot, mops_tot);
	if (r.lat_samples > 0)
		printf("Latency (one job in flight, %u samples): p50 %.2lf us, p99 %.2lf us, max %.2lf us\n",
			r.lat_samples, r.lat_p50_ns / 1e3, r.lat_p99_ns / 1e3, r.lat_max_ns / 1e3);
	if (!dma)
		printf("Reference on lcore %u, best of %d alternated %d ms slices: bare rte_memcpy loop %.3lf MOps, this app's loop %.3lf MOps, ratio %.3lf\n",
			workers[0].lcore, BARE_ROUNDS, BARE_SLICE_MS, r.bare_mops, r.loop_mops,
			r.bare_mops > 0 ? r.loop_mops / r.bare_mops : 0);
	printf("Data verified: %" PRIu64 " job(s) %s\n", verified,
		verified ? "match" : "(nothing checkable for mem2dev/dev2mem)");
	if (csv != NULL) {
		fprintf(csv, CSV_TOTAL_LINE_FMT, scen, nr_buf, mem_w * nw, cyc_tot / nw, gbps_tot,
			mops_tot);
		fflush(csv);
	}

	r.status = DMAPERF_ST_OK;
	r.mops = mops_tot;
	r.gbps = gbps_tot / 8;
	r.wall_cycles = cyc_tot / nw;
	r.cpu_cycles = busy_tot / nw;
	r.idle_cycles = idle_tot / nw;
	RTE_SET_USED(elapsed);
	RTE_SET_USED(ops_tot);
	RTE_SET_USED(hz);
	send_result(fd, &r);
	ret = 0;
	goto out;

fail:
	printf("Case %u scenario %u FAILED: %s\n", c->id, scen, err);
	fflush(stdout);
	r.status = DMAPERF_ST_FAIL;
	strlcpy(r.reason, err, sizeof(r.reason));
	send_result(fd, &r);
out:
	for (i = 0; i < nw; i++) {
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
	region_free(&src);
	region_free(&dst);
	return ret;
}

int
dmaperf_run_case(struct dmaperf_case *c, FILE *csv, int fd)
{
	struct dmaperf_entry *var = dmaperf_case_var(c);
	struct dmaperf_entry none = { 0 };
	char reason[DMAPERF_REASON_LEN];
	unsigned int i;
	uint32_t scen = 0;
	uint64_t next;
	bool skip;
	int failed = 0;

	calibrate_tsc();

	if (rte_lcore_count() <= c->nb_workers) {
		snprintf(reason, sizeof(reason), "%u lcore(s) for %u worker(s): the main lcore is not a worker, give -l with more lcores",
			rte_lcore_count(), c->nb_workers);
		return case_outcome(c, fd, NULL, DMAPERF_ST_FAIL, reason);
	}
	for (i = 0; i < c->nb_workers; i++) {
		unsigned int l = c->workers[i].lcore;

		if (!rte_lcore_is_enabled(l) || l == rte_get_main_lcore()) {
			snprintf(reason, sizeof(reason), "lcore %u is not a worker lcore of this EAL (main lcore %u; see -l)",
				l, rte_get_main_lcore());
			return case_outcome(c, fd, NULL, DMAPERF_ST_FAIL, reason);
		}
		if (c->type == DMAPERF_TYPE_CPU_COPY)
			continue;
		if (check_device(c, &c->workers[i], reason, sizeof(reason), &skip) < 0)
			return case_outcome(c, fd, csv, skip ? DMAPERF_ST_SKIP : DMAPERF_ST_FAIL,
				reason);
	}
	if (c->src_numa_node >= (int)rte_socket_count() ||
			c->dst_numa_node >= (int)rte_socket_count()) {
		snprintf(reason, sizeof(reason), "src/dst_numa_node %d/%d but this machine has %u NUMA node(s)",
			c->src_numa_node, c->dst_numa_node, rte_socket_count());
		return case_outcome(c, fd, NULL, DMAPERF_ST_FAIL, reason);
	}

	workers = rte_zmalloc("dmaperf_workers", sizeof(*workers) * c->nb_workers,
		RTE_CACHE_LINE_SIZE);
	if (workers == NULL)
		return case_outcome(c, fd, NULL, DMAPERF_ST_FAIL, "out of memory");

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
		scen++;
		if (run_scenario(c, scen, csv, fd) < 0)
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
