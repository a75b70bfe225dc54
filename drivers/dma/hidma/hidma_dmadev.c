/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * HIDMA channel dmadev: control ops, fast path, error recovery and the
 * create()/destroy() used by the front-ends. The driver reaches the channel
 * only through the two register windows in struct hidma_chan_res and IOVAs,
 * so the same code drives silicon (VFIO mappings) and the software model.
 */

#include <errno.h>
#include <stdlib.h>
#include <inttypes.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_kvargs.h>
#include <rte_malloc.h>

#include <hidma_compat.h>
#include <hidma_kvargs.h>

#include "hidma_internal.h"
#include "rte_pmd_hidma.h"

static const char * const hidma_valid_args[] = {
	HIDMA_ARG_CMD_TIMEOUT_MS,
	NULL
};

/* ------------------------------------------------------------------------
 * Event ring access, shared by the fast path and the recovery.
 */

/*
 * Silent-halt probe bound: IRQ_STAT is read only after this many
 * consecutive WRITE_PTR reads that found no new event while HW holds
 * TREs, so a poll loop waiting for a long copy costs one MMIO read per
 * poll, not two. Worst-case detection delay of a halt without an event:
 * this many polls of the application (the guide gives the arithmetic).
 */
#define HIDMA_HALT_PROBE_POLLS	64

/*
 * Read EVCA_WRITE_PTR: the EVREs HW has published beyond ev_head, also
 * remembered in ev_wp so that none is read twice.
 */
static __rte_always_inline uint16_t
hidma_evre_avail(struct hidma_dev *dev)
{
	/* rte_read32 orders the EVRE loads after the WRITE_PTR load */
	const uint32_t wp = hidma_fp_read(dev, dev->evca_wp);
	uint16_t avail = ((wp >> HIDMA_EVRE_SHIFT) - dev->ev_head) & dev->mask;

	/* outside the ring, unaligned, or more events than TREs handed over */
	if (unlikely((wp & dev->wp_bad_mask) != 0 ||
			avail > (uint16_t)(dev->tre_db - dev->ev_head))) {
		/* Linux rejects such a value too; treat it as no progress */
		dev->bad_wp++;
		avail = 0;
	}
	dev->ev_wp = dev->ev_head + avail;
	if (avail != 0)
		dev->empty_polls = 0;
	return avail;
}

static __rte_always_inline uint32_t
hidma_evre_cfg(const struct hidma_dev *dev, uint16_t pos)
{
	return rte_le_to_cpu_32(dev->evre_ring[pos & dev->mask].cfg);
}

/* hand the EVRE slots before ev_head back to HW (EVCA doorbell) */
static __rte_always_inline void
hidma_evre_ack(struct hidma_dev *dev)
{
	/*
	 * The loads of those EVREs must be done before HW may overwrite the
	 * slots: a load-to-store order, which of DPDK's I/O barriers only
	 * rte_io_mb() promises (rte_io_rmb() orders loads against loads). It
	 * runs once per ring's worth of jobs, not per call.
	 */
	rte_io_mb();
	dev->ev_rel = dev->ev_head;
	hidma_fp_write_relaxed(dev, (dev->ev_head & dev->mask) << HIDMA_EVRE_SHIFT, dev->evca_db);
}

/* one past the last TRE written */
static __rte_always_inline uint16_t
hidma_tre_tail(const struct hidma_dev *dev)
{
	return dev->next_job + dev->tre_off;
}

/* tre_tail moved other than by one enqueue: point tre_next at it */
static inline void
hidma_tre_sync(struct hidma_dev *dev)
{
	dev->tre_next = dev->tre_ring + (hidma_tre_tail(dev) & dev->mask);
}

/* tre_tail = t, next_job unchanged */
static inline void
hidma_tre_tail_set(struct hidma_dev *dev, uint16_t t)
{
	dev->tre_off = t - dev->next_job;
	hidma_tre_sync(dev);
}

/* next_job == job_limit: no room for one more single-TRE job */
static inline void
hidma_limit_update(struct hidma_dev *dev)
{
	/* a broken channel may hold unreaped jobs with no capacity at all */
	dev->job_limit = dev->broken ? dev->next_job : (uint16_t)(dev->next_reap + dev->cap);
}

/* ------------------------------------------------------------------------
 * Error recovery (slow path, runs inside completed()/completed_status()).
 * Bounded register polls only, no logging.
 */

/*
 * Success of an EVRE, as Linux's hidma_ll_status() decides it: bit 0 of
 * the completion code (1 = complete; 4 = error; other codes are
 * undocumented, and Linux counts any code with bit 0 set as complete).
 */
#define HIDMA_EVRE_SUCCESS	(HIDMA_EVRE_CODE_COMPLETE << HIDMA_EVRE_CODE_SHIFT)

static __rte_always_inline bool
hidma_evre_success(uint32_t cfg)
{
	return (cfg & HIDMA_EVRE_SUCCESS) != 0;
}

/* EVRE of a failed TRE -> DPDK status; irq is IRQ_STAT as last seen */
static uint16_t
hidma_evre_status(uint32_t cfg, uint32_t irq)
{
	if (HIDMA_EVRE_CODE(cfg) == HIDMA_EVRE_CODE_ERROR) {
		switch (HIDMA_EVRE_ERRINFO(cfg)) {
		case HIDMA_EVRE_ERRINFO_SRC_READ:
			return RTE_DMA_STATUS_INVALID_SRC_ADDR;
		case HIDMA_EVRE_ERRINFO_DST_WRITE:
			return RTE_DMA_STATUS_INVALID_DST_ADDR;
		case HIDMA_EVRE_ERRINFO_OPCODE:
			return RTE_DMA_STATUS_INVALID_OPCODE;
		case HIDMA_EVRE_ERRINFO_LENGTH:
			return RTE_DMA_STATUS_INVALID_LENGTH;
		default:
			break;
		}
	}
	/* err_info is undocumented on silicon: use the IRQ cause if it names one */
	switch (irq & (HIDMA_IRQ_TR_CH_DATA_RD_ER | HIDMA_IRQ_TR_CH_DATA_WR_ER |
			HIDMA_IRQ_TR_CH_INVALID_TRE)) {
	case HIDMA_IRQ_TR_CH_DATA_RD_ER:
		return RTE_DMA_STATUS_BUS_READ_ERROR;
	case HIDMA_IRQ_TR_CH_DATA_WR_ER:
		return RTE_DMA_STATUS_BUS_WRITE_ERROR;
	default:
		return RTE_DMA_STATUS_ERROR_UNKNOWN;
	}
}

/* an SG job in sst[] is counted in nsoft already */
static inline void
hidma_set_soft(struct hidma_dev *dev, uint16_t job, uint16_t status)
{
	uint16_t *st = &dev->sst[job & dev->mask];

	dev->nsoft += *st == HIDMA_SST_HW;
	*st = status;
}

/* first job at or after j whose status is still to come from HW */
static uint16_t
hidma_next_hw_job(const struct hidma_dev *dev, uint16_t j)
{
	while (j != dev->next_job && !hidma_sst_is_hw(dev->sst[j & dev->mask]))
		j++;
	return j;
}

/* HW has run some, not all, of the TREs of this SG job */
static bool
hidma_sg_started(const struct hidma_dev *dev, uint16_t job)
{
	const uint16_t slot = job & dev->mask;

	return hidma_sst_ntre(dev->sst[slot]) != dev->sgx[slot] + 1;
}

static void
hidma_tre_reverse(struct hidma_tre *r, uint32_t lo, uint32_t hi)
{
	struct hidma_tre t;

	while (hi - lo > 1) {
		hi--;
		t = r[lo];
		r[lo] = r[hi];
		r[hi] = t;
		lo++;
	}
}

/* move the k TREs at ring positions s, s+1, ... (wrapping) to 0..k-1 */
static void
hidma_tre_move(struct hidma_dev *dev, uint32_t s, uint32_t k)
{
	struct hidma_tre *r = dev->tre_ring;
	uint32_t n = dev->nb_entries;

	if (s == 0 || k == 0)
		return;
	if (s + k <= n) {
		memmove(r, &r[s], k * sizeof(*r));
		return;
	}
	/* wrapped: rotate the whole ring left by s (contents past k are junk) */
	hidma_tre_reverse(r, 0, s);
	hidma_tre_reverse(r, s, n);
	hidma_tre_reverse(r, 0, n);
}

/*
 * The channel stopped on an error: HW wrote an error EVRE (halt_status 0;
 * the model then halts in ERROR, silicon may go on), or it stopped without
 * one (ring fault; halt_status is what to report for the job at its head).
 * Bring it back without losing, duplicating or double-reporting a job:
 *  1. quiesce (suspend, if HW is still running) so WRITE_PTR is final;
 *  2. harvest every EVRE written into soft statuses, since the reset
 *     zeroes WRITE_PTR. An SG job takes the events of its TREs and the
 *     status of the first failed one; the TREs of a failed SG job that HW
 *     did not reach are dropped, and an SG job HW stopped inside (no
 *     failure) keeps its remaining TREs;
 *  3. fence: jobs not started by HW, from the first one carrying
 *     RTE_DMA_OP_FLAG_FENCE on, are abandoned as NOT_ATTEMPTED;
 *  4. reset and reprogram the channel (the full set-up of hidma_hw.rst);
 *  5. move the TREs of the remaining unfinished jobs to ring positions 0..
 *     and ring the doorbell for those the application had submitted.
 * If the channel cannot be brought back, every unfinished job is reported
 * NOT_ATTEMPTED and the channel stays halted (no capacity) until stop.
 */
static void
hidma_recover(struct hidma_dev *dev, uint16_t halt_status)
{
	uint16_t j, f, i, k, n, r, st, nsub, pos, harvested = 0;
	uint32_t irq;

	dev->recoveries++;
	irq = hidma_evca_read(dev, HIDMA_EVCA_IRQ_STAT_REG);
	dev->last_irq = irq;
	hidma_ll_suspend(dev, true);

	j = dev->next_reap;
	n = hidma_evre_avail(dev);
	while (n != 0) {
		/* at most one event per TRE handed over: each one has a job */
		j = hidma_next_hw_job(dev, j);
		st = RTE_DMA_STATUS_SUCCESSFUL;
		for (r = hidma_sst_ntre(dev->sst[j & dev->mask]); r != 0 && n != 0; r--, n--) {
			const uint32_t cfg = hidma_evre_cfg(dev, dev->ev_head);

			if (st == RTE_DMA_STATUS_SUCCESSFUL && !hidma_evre_success(cfg))
				st = hidma_evre_status(cfg, irq);
			dev->ev_head++;
			harvested++;
		}
		if (r != 0) {
			/* the events ran out inside an SG job */
			if (st == RTE_DMA_STATUS_SUCCESSFUL) {
				dev->sst[j & dev->mask] = HIDMA_SST_SG(r);
				break;
			}
			dev->ev_head += r;
		}
		hidma_set_soft(dev, j, st);
		j++;
	}
	j = hidma_next_hw_job(dev, j);

	/* no event for the head job: it is the one HW could not finish */
	if (halt_status != 0 && harvested == 0 && dev->tre_db != dev->ev_head) {
		dev->halts++;
		dev->ev_head += hidma_sst_ntre(dev->sst[j & dev->mask]);
		hidma_set_soft(dev, j, halt_status);
		j = hidma_next_hw_job(dev, j + 1);
	}

	/* first fenced job HW has not started */
	f = dev->next_job;
	for (i = dev->fence_head; i != dev->fence_tail; i++) {
		uint16_t fj = dev->fenceq[i & dev->mask];

		if ((uint16_t)(fj - j) < (uint16_t)(dev->next_job - j) &&
				hidma_sst_is_hw(dev->sst[fj & dev->mask]) &&
				!hidma_sg_started(dev, fj)) {
			f = fj;
			break;
		}
	}
	/* k: TREs of the unfinished jobs before it, which keep them */
	k = 0;
	for (i = j; i != f; i++) {
		st = dev->sst[i & dev->mask];
		if (hidma_sst_is_hw(st))
			k += hidma_sst_ntre(st);
	}
	for (i = f; i != dev->next_job; i++) {
		if (hidma_sst_is_hw(dev->sst[i & dev->mask])) {
			hidma_set_soft(dev, i, RTE_DMA_STATUS_NOT_ATTEMPTED);
			dev->abandoned++;
		}
	}
	pos = dev->ev_head;
	/* SG jobs are submitted whole: the submitted TREs are a prefix */
	nsub = RTE_MIN(k, (uint16_t)(dev->tre_db - pos));

	if (hidma_ll_setup(dev, true) != 0) {
		for (i = j; i != dev->next_job; i++)
			if (hidma_sst_is_hw(dev->sst[i & dev->mask]))
				hidma_set_soft(dev, i, RTE_DMA_STATUS_NOT_ATTEMPTED);
		hidma_ll_reset(dev, true);
		dev->recovery_failures++;
		dev->broken = 1;
		dev->cap = 0;
		dev->ev_head = 0;
		dev->ev_wp = 0;
		dev->ev_rel = 0;
		dev->tre_db = 0;
		hidma_tre_tail_set(dev, 0);
		hidma_limit_update(dev);
		return;
	}

	hidma_tre_move(dev, pos & dev->mask, k);
	/* the reset zeroed WRITE_PTR and the set-up both doorbells */
	dev->ev_head = 0;
	dev->ev_wp = 0;
	dev->ev_rel = 0;
	dev->empty_polls = 0;
	dev->tre_db = nsub;
	hidma_tre_tail_set(dev, k);
	if (nsub != 0)
		hidma_fp_write(dev, nsub << HIDMA_TRE_SHIFT, dev->trca_db);
}

/*
 * No EVRE arrived although HW holds submitted TREs: did the channel stop
 * without writing one? Returns the status for the head job, or 0. Two or
 * three MMIO reads: only every HIDMA_HALT_PROBE_POLLS empty polls.
 */
static uint16_t
hidma_halt_status(struct hidma_dev *dev)
{
	const uint32_t ring_faults = HIDMA_IRQ_TR_CH_TRE_RD_RSP_ER | HIDMA_IRQ_EV_CH_WR_RESP;
	uint32_t irq, state;

	irq = hidma_evca_read(dev, HIDMA_EVCA_IRQ_STAT_REG);
	if (likely((irq & HIDMA_IRQ_ERR_MASK) == 0))
		return 0;
	state = HIDMA_CH_STATE(hidma_trca_read(dev, HIDMA_TRCA_CTRLSTS_REG));
	if ((irq & ring_faults) == 0 && HIDMA_CH_IS_ENABLED(state))
		return 0;
	/* an error EVRE published meanwhile is handled by the normal walk */
	if (hidma_evre_avail(dev) != 0)
		return 0;
	if (irq & HIDMA_IRQ_TR_CH_TRE_RD_RSP_ER)
		return RTE_DMA_STATUS_DESCRIPTOR_READ_ERROR;
	if (irq & HIDMA_IRQ_EV_CH_WR_RESP)
		return RTE_DMA_STATUS_BUS_WRITE_ERROR;
	return RTE_DMA_STATUS_ERROR_UNKNOWN;
}

/* a WRITE_PTR read found nothing new while HW holds TREs */
static __rte_always_inline uint16_t
hidma_empty_poll(struct hidma_dev *dev)
{
	uint16_t halt;

	if (likely(++dev->empty_polls < HIDMA_HALT_PROBE_POLLS))
		return 0;
	halt = hidma_halt_status(dev);
	/* a halt found stays due: the reaper that acts on it looks again */
	if (halt == 0)
		dev->empty_polls = 0;
	return halt;
}

/* ------------------------------------------------------------------------
 * Fast path.
 */

/*
 * A debug build (-Dc_args=-DRTE_DMADEV_DEBUG, as DPDK's own, or
 * -Dc_args=-DHIDMA_DEBUG) rejects a vchan other than 0 in every fast-path
 * op; the release fast path ignores it, as DPDK's API allows.
 */
static __rte_always_inline bool
hidma_bad_vchan(uint16_t vchan)
{
#if defined(RTE_DMADEV_DEBUG) || defined(HIDMA_DEBUG)
	return unlikely(vchan != 0);
#else
	RTE_SET_USED(vchan);
	return false;
#endif
}

static __rte_always_inline int
hidma_submit_inline(struct hidma_dev *dev)
{
	const uint16_t n = dev->next_job - dev->next_submit;

	if (n == 0)
		return 0;
	dev->next_submit = dev->next_job;
	dev->tre_db = hidma_tre_tail(dev);
	hidma_stat_add(&dev->submitted, n);
	/*
	 * HW must have a free event slot for every TRE it holds, or it stalls
	 * until the next completed() call: hand the read EVRE slots back only
	 * when these TREs would not fit otherwise (rarely: about once per
	 * ring's worth of jobs), never per reap.
	 */
	if (unlikely((uint16_t)(dev->tre_db - dev->ev_rel) > dev->mask))
		hidma_evre_ack(dev);
	/* rte_write32 orders the TRE stores before the doorbell */
	hidma_fp_write(dev, (dev->tre_db & dev->mask) << HIDMA_TRE_SHIFT, dev->trca_db);
	return 0;
}

/* the flags of a job, once it is in the ring */
static __rte_noinline int
hidma_enqueue_flags(struct hidma_dev *dev, uint16_t job, uint64_t flags)
{
	if (flags & RTE_DMA_OP_FLAG_FENCE)
		dev->fenceq[dev->fence_tail++ & dev->mask] = job;
	if (flags & RTE_DMA_OP_FLAG_SUBMIT)
		hidma_submit_inline(dev);
	return job;
}

static __rte_always_inline int
hidma_enqueue(struct hidma_dev *dev, uint32_t cfg, uint64_t src, uint64_t dst,
		uint32_t length, uint64_t flags)
{
	const uint16_t job = dev->next_job;
	struct hidma_tre *tre = dev->tre_next;
	struct hidma_tre *next = tre + 1;

	/* one compare: job_limit is next_reap + cap, kept by the reapers */
	if (unlikely(job == dev->job_limit))
		return -ENOSPC;
	tre->cfg = cfg;
	tre->len = rte_cpu_to_le_32(length);
	tre->src = rte_cpu_to_le_64(src);
	tre->dst = rte_cpu_to_le_64(dst);
	/* a pointer that wraps, rather than an index to mask and scale */
	dev->tre_next = next == dev->tre_end ? dev->tre_ring : next;
	dev->next_job = job + 1;
	/* one test for both flags: applications submit in bursts */
	if (unlikely(flags & (RTE_DMA_OP_FLAG_FENCE | RTE_DMA_OP_FLAG_SUBMIT)))
		return hidma_enqueue_flags(dev, job, flags);
	return job;
}

static int
hidma_copy(void *dev_private, uint16_t vchan, rte_iova_t src, rte_iova_t dst,
		uint32_t length, uint64_t flags)
{
	struct hidma_dev *dev = dev_private;

	if (hidma_bad_vchan(vchan))
		return -EINVAL;
	return hidma_enqueue(dev, dev->cfg_copy, src, dst, length, flags);
}

static int
hidma_fill(void *dev_private, uint16_t vchan, uint64_t pattern, rte_iova_t dst,
		uint32_t length, uint64_t flags)
{
	struct hidma_dev *dev = dev_private;

	if (hidma_bad_vchan(vchan))
		return -EINVAL;
	/* memset takes its 64-bit pattern where memcpy takes the source */
	return hidma_enqueue(dev, dev->cfg_fill, pattern, dst, length, flags);
}

/*
 * Cut an SG job (valid, equal totals) into one memcpy TRE per piece between
 * consecutive segment boundaries of either side, written from tre_tail on
 * when write is set. Returns the number of TREs.
 */
static __rte_always_inline uint16_t
hidma_sg_split(struct hidma_dev *dev, const struct rte_dma_sge *src,
		const struct rte_dma_sge *dst, uint16_t nb_src, bool write)
{
	uint32_t soff = 0, doff = 0, len;
	uint16_t s = 0, d = 0, n = 0;

	while (s < nb_src) {
		len = RTE_MIN(src[s].length - soff, dst[d].length - doff);
		if (write) {
			struct hidma_tre *tre =
				&dev->tre_ring[(uint16_t)(hidma_tre_tail(dev) + n) & dev->mask];

			tre->cfg = dev->cfg_copy;
			tre->len = rte_cpu_to_le_32(len);
			tre->src = rte_cpu_to_le_64(src[s].addr + soff);
			tre->dst = rte_cpu_to_le_64(dst[d].addr + doff);
		}
		n++;
		soff += len;
		doff += len;
		if (soff == src[s].length) {
			s++;
			soff = 0;
		}
		if (doff == dst[d].length) {
			d++;
			doff = 0;
		}
	}
	return n;
}

/*
 * HW has no scatter-gather: the job becomes up to nb_src + nb_dst - 1 TREs,
 * all enqueued or none. One of several TREs is marked HIDMA_SST_SG in sst[]
 * (the reaper then takes its slow path until it is reaped) and takes its
 * extra TREs out of cap, so that burst capacity counts TREs.
 */
static int
hidma_copy_sg(void *dev_private, uint16_t vchan, const struct rte_dma_sge *src,
		const struct rte_dma_sge *dst, uint16_t nb_src, uint16_t nb_dst, uint64_t flags)
{
	struct hidma_dev *dev = dev_private;
	const uint16_t job = dev->next_job;
	const uint16_t used = job - dev->next_reap;
	uint64_t diff = 0;
	uint16_t i, n;

	if (hidma_bad_vchan(vchan))
		return -EINVAL;
	if (unlikely(src == NULL || dst == NULL || nb_src == 0 || nb_src > HIDMA_MAX_SGES ||
			nb_dst == 0 || nb_dst > HIDMA_MAX_SGES))
		return -EINVAL;
	/* totals of at most 16 x 32 bits: the 64-bit difference is exact */
	for (i = 0; i < nb_src; i++) {
		if (unlikely(src[i].length == 0))
			return -EINVAL;
		diff += src[i].length;
	}
	for (i = 0; i < nb_dst; i++) {
		if (unlikely(dst[i].length == 0))
			return -EINVAL;
		diff -= dst[i].length;
	}
	if (unlikely(diff != 0))
		return -EINVAL;

	if (unlikely(used >= dev->cap))
		return -ENOSPC;
	/* count the TREs only when the bound does not fit */
	if (unlikely(dev->cap - used < nb_src + nb_dst - 1) &&
			dev->cap - used < hidma_sg_split(dev, src, dst, nb_src, false))
		return -ENOSPC;
	n = hidma_sg_split(dev, src, dst, nb_src, true);
	dev->next_job = job + 1;
	dev->tre_off += n - 1;
	hidma_tre_sync(dev);
	if (n > 1) {
		dev->sst[job & dev->mask] = HIDMA_SST_SG(n);
		dev->sgx[job & dev->mask] = n - 1;
		dev->nsoft++;
		dev->cap -= n - 1;
	}
	hidma_limit_update(dev);
	if (flags & RTE_DMA_OP_FLAG_FENCE)
		dev->fenceq[dev->fence_tail++ & dev->mask] = job;
	if (flags & RTE_DMA_OP_FLAG_SUBMIT)
		hidma_submit_inline(dev);
	return job;
}

static int
hidma_submit(void *dev_private, uint16_t vchan)
{
	if (hidma_bad_vchan(vchan))
		return -EINVAL;
	return hidma_submit_inline(dev_private);
}

/* drop fence records of jobs already reported */
static __rte_always_inline void
hidma_fence_gc(struct hidma_dev *dev)
{
	const uint16_t outstanding = dev->next_job - dev->next_reap;

	while (dev->fence_head != dev->fence_tail &&
			(uint16_t)(dev->fenceq[dev->fence_head & dev->mask] - dev->next_reap) >=
			outstanding)
		dev->fence_head++;
}

/*
 * The general reaper: soft statuses, SG jobs, HW events, recovery.
 * completed() passes has_error (and stops before the first non-successful
 * job), while completed_status() passes status.
 */
static __rte_noinline uint16_t
hidma_reap_slow(struct hidma_dev *dev, uint16_t nb_cpls, uint16_t *last_idx,
		enum rte_dma_status_code *status, bool *has_error)
{
	uint16_t n = 0, nerr = 0, avail;
	uint16_t st, halt, r, c, lim;

	while (n < nb_cpls && dev->next_reap != dev->next_submit) {
		const uint16_t slot = dev->next_reap & dev->mask;

		st = dev->sst[slot];
		if (hidma_sst_is_hw(st)) {
			/* r TREs of this job still without an event */
			r = hidma_sst_ntre(st);
			avail = dev->ev_wp - dev->ev_head;
			if (avail < r)
				avail = hidma_evre_avail(dev);
			lim = RTE_MIN(avail, r);
			for (c = 0; c < lim; c++) {
				const uint32_t cfg = hidma_evre_cfg(dev, dev->ev_head + c);

				if (unlikely(!hidma_evre_success(cfg)))
					break;
			}
			dev->ev_head += c;
			if (c != r) {
				/* an SG job keeps the events of its TREs done so far */
				if (c != 0)
					dev->sst[slot] = HIDMA_SST_SG(r - c);
				halt = 0;
				if (c == lim) {
					/* no error event: HW is busy, or halted silently */
					if (dev->tre_db == dev->ev_head || lim != 0)
						break;
					halt = hidma_empty_poll(dev);
					if (halt == 0)
						break;
				}
				/* error EVRE or silent halt: this job becomes soft */
				if (dev->ev_head != dev->ev_rel)
					hidma_evre_ack(dev);
				hidma_recover(dev, halt);
				continue;
			}
			if (st != HIDMA_SST_HW) {
				dev->sst[slot] = HIDMA_SST_HW;
				dev->nsoft--;
			}
			st = RTE_DMA_STATUS_SUCCESSFUL;
		} else {
			if (has_error != NULL && st != RTE_DMA_STATUS_SUCCESSFUL) {
				*has_error = true;
				break;
			}
			dev->sst[slot] = HIDMA_SST_HW;
			dev->nsoft--;
		}
		/* an SG job's extra TREs are free again (a broken channel stays full) */
		if (dev->sgx[slot] != 0) {
			if (!dev->broken)
				dev->cap += dev->sgx[slot];
			dev->sgx[slot] = 0;
		}
		if (status != NULL)
			status[n] = st;
		nerr += st != RTE_DMA_STATUS_SUCCESSFUL;
		n++;
		dev->next_reap++;
	}
	hidma_limit_update(dev);
	hidma_stat_add(&dev->completed, n);
	if (nerr != 0)
		hidma_stat_add(&dev->errors, nerr);
	if (dev->fence_head != dev->fence_tail)
		hidma_fence_gc(dev);
	*last_idx = dev->next_reap - 1;
	return n;
}

/* one EVRE as a vector (GCC/clang vector extension: SSE2 or NEON) */
typedef uint32_t hidma_evre_vec __attribute__((vector_size(HIDMA_EVRE_SIZE)));

/*
 * AND of the EVREs [p, end): one vector operation per EVRE (straight from
 * memory on x86), unrolled by 8.
 */
static __rte_always_inline hidma_evre_vec
hidma_evre_and(const hidma_evre_vec *p, const hidma_evre_vec *end, hidma_evre_vec a)
{
	const hidma_evre_vec *end8 = p + ((end - p) & ~(ptrdiff_t)7);

	for (; p != end8; p += 8) {
		a &= p[0];
		a &= p[1];
		a &= p[2];
		a &= p[3];
		a &= p[4];
		a &= p[5];
		a &= p[6];
		a &= p[7];
	}
	for (; p != end; p++)
		a &= p[0];
	return a;
}

/*
 * Are the n EVREs from ev_head on all successes (hidma_evre_success())?
 * Then the AND of their CFG words has the success bit: one vector
 * operation per EVRE and no branch.
 */
static __rte_always_inline bool
hidma_evres_ok(const struct hidma_dev *dev, uint16_t n)
{
	const hidma_evre_vec *e = (const hidma_evre_vec *)dev->evre_ring;
	const uint32_t pos = dev->ev_head & dev->mask;
	uint32_t end = pos + n;
	hidma_evre_vec a = { UINT32_MAX };

	if (unlikely(end > (uint32_t)dev->mask + 1)) {
		end -= dev->mask + 1;
		a = hidma_evre_and(e, e + end, a);
		end = dev->mask + 1;
	}
	a = hidma_evre_and(e + pos, e + end, a);
	/* element 0 of an EVRE is its CFG word */
	return (a[0] & rte_cpu_to_le_32(HIDMA_EVRE_SUCCESS)) != 0;
}

/* what hidma_evre_poll() returns when the slow path must look */
#define HIDMA_POLL_SLOW		UINT16_MAX

/*
 * Every EVRE seen at the last WRITE_PTR read is consumed and HW holds
 * TREs: read WRITE_PTR again (the only MMIO read of a steady state), and
 * now and then look for a silent halt.
 */
static __rte_noinline uint16_t
hidma_evre_poll(struct hidma_dev *dev)
{
	uint16_t avail = hidma_evre_avail(dev);

	if (avail == 0 && unlikely(hidma_empty_poll(dev) != 0))
		return HIDMA_POLL_SLOW;
	return avail;
}

/*
 * Common fast path: no soft statuses pending, so job next_reap + i is the
 * EVRE at ev_head + i. Reaps min(nb_cpls, events seen) jobs if they all
 * succeeded; anything else (an error EVRE, a halt found, soft statuses,
 * SG jobs) goes to hidma_reap_slow(), which handles every case. No MMIO
 * unless every event seen at the last WRITE_PTR read is consumed and HW
 * still holds TREs; never the EVCA doorbell (see hidma_submit_inline()).
 */
static __rte_always_inline uint16_t
hidma_reap(struct hidma_dev *dev, uint16_t nb_cpls, uint16_t *last_idx,
		enum rte_dma_status_code *status, bool *has_error)
{
	uint16_t avail, n;

	RTE_BUILD_BUG_ON(RTE_DMA_STATUS_SUCCESSFUL != 0);
	if (unlikely(dev->nsoft != 0))
		goto slow;
	avail = dev->ev_wp - dev->ev_head;
	if (avail == 0) {
		if (dev->tre_db == dev->ev_head) {
			/* nothing at HW: no MMIO at all */
			*last_idx = dev->next_reap - 1;
			return 0;
		}
		avail = hidma_evre_poll(dev);
		if (unlikely(avail == HIDMA_POLL_SLOW))
			goto slow;
	}
	n = RTE_MIN(avail, nb_cpls);
	if (unlikely(!hidma_evres_ok(dev, n)))
		goto slow;
	/* RTE_DMA_STATUS_SUCCESSFUL is 0: a memset beats a store per job */
	if (status != NULL)
		memset(status, 0, n * sizeof(*status));
	dev->ev_head += n;
	dev->job_limit += n;
	dev->next_reap += n;
	*last_idx = dev->next_reap - 1;
	hidma_stat_add(&dev->completed, n);
	if (unlikely(dev->fence_head != dev->fence_tail))
		hidma_fence_gc(dev);
	return n;
slow:
	return hidma_reap_slow(dev, nb_cpls, last_idx, status, has_error);
}

static uint16_t
hidma_completed(void *dev_private, uint16_t vchan, const uint16_t nb_cpls,
		uint16_t *last_idx, bool *has_error)
{
	if (hidma_bad_vchan(vchan))
		return 0;
	return hidma_reap(dev_private, nb_cpls, last_idx, NULL, has_error);
}

static uint16_t
hidma_completed_status(void *dev_private, uint16_t vchan, const uint16_t nb_cpls,
		uint16_t *last_idx, enum rte_dma_status_code *status)
{
	if (hidma_bad_vchan(vchan))
		return 0;
	return hidma_reap(dev_private, nb_cpls, last_idx, status, NULL);
}

static uint16_t
hidma_burst_capacity(const void *dev_private, uint16_t vchan)
{
	const struct hidma_dev *dev = dev_private;
	const uint16_t used = dev->next_job - dev->next_reap;

	if (hidma_bad_vchan(vchan))
		return 0;
	return used >= dev->cap ? 0 : dev->cap - used;
}

/* ------------------------------------------------------------------------
 * Control path.
 */

static void
hidma_mmio_get(const struct hidma_dev *dev, struct rte_pmd_hidma_mmio_stats *st)
{
	st->reads = __atomic_load_n(&dev->mmio_rd, __ATOMIC_RELAXED) +
		__atomic_load_n(&dev->ctl_rd, __ATOMIC_RELAXED) - dev->base_mmio_rd;
	st->writes = __atomic_load_n(&dev->mmio_wr, __ATOMIC_RELAXED) +
		__atomic_load_n(&dev->ctl_wr, __ATOMIC_RELAXED) - dev->base_mmio_wr;
}

/* the fast path's counters have one writer: move the base, never write them */
static void
hidma_mmio_reset(struct hidma_dev *dev)
{
	dev->base_mmio_rd = __atomic_load_n(&dev->mmio_rd, __ATOMIC_RELAXED) +
		__atomic_load_n(&dev->ctl_rd, __ATOMIC_RELAXED);
	dev->base_mmio_wr = __atomic_load_n(&dev->mmio_wr, __ATOMIC_RELAXED) +
		__atomic_load_n(&dev->ctl_wr, __ATOMIC_RELAXED);
}

static int
hidma_info_get(const struct rte_dma_dev *dmadev, struct rte_dma_info *info, uint32_t info_sz)
{
	const struct hidma_dev *dev = dmadev->data->dev_private;

	RTE_SET_USED(info_sz);
	info->dev_capa = RTE_DMA_CAPA_MEM_TO_MEM | RTE_DMA_CAPA_HANDLES_ERRORS |
		RTE_DMA_CAPA_OPS_COPY | RTE_DMA_CAPA_OPS_COPY_SG | RTE_DMA_CAPA_OPS_FILL;
	info->max_vchans = 1;
	info->min_desc = HIDMA_MIN_DESC;
	info->max_desc = HIDMA_MAX_DESC;
	info->max_sges = HIDMA_MAX_SGES;
	/* QOS_N priority: two levels, strict between them */
	if (dev->res.set_priority != NULL)
		hidma_compat_dma_info_set_priorities(info, 2);
	return 0;
}

static int
hidma_configure(struct rte_dma_dev *dmadev, const struct rte_dma_conf *conf, uint32_t conf_sz)
{
	struct hidma_dev *dev = dmadev->data->dev_private;
	int prio = hidma_compat_dma_conf_priority(conf);
	int ret;

	RTE_SET_USED(conf_sz);
	/* the library has checked nb_vchans (1), silent mode (unsupported) and priority < 2 */
	if (conf->nb_vchans != 1)
		return -EINVAL;
	if (prio >= 0 && dev->res.set_priority != NULL) {
		/* dmadev's priority 0 is the highest: QOS_N high */
		ret = dev->res.set_priority(dev->res.priority_ctx, dev->chid, prio == 0);
		if (ret != 0) {
			HIDMA_DEV_LOG(dev, ERR, "cannot set priority %d: %s", prio, strerror(-ret));
			return ret;
		}
	}
	return 0;
}

static void
hidma_ring_free(struct hidma_dev *dev)
{
	if (dev->mz != NULL)
		rte_memzone_free(dev->mz);
	dev->mz = NULL;
	dev->tre_ring = NULL;
	dev->evre_ring = NULL;
	dev->sst = NULL;
	dev->fenceq = NULL;
	dev->sgx = NULL;
	dev->nb_entries = 0;
}

/*
 * One IOVA-contiguous memzone per channel holds, each cache-line aligned:
 * the TRE ring, the EVRE ring (same entry count), the soft-status array, the
 * fence queue and the SG extra-TRE array. Entries are nb_desc rounded up to
 * a power of two; at most entries - 1 TREs are outstanding (of jobs enqueued
 * and not yet reaped).
 */
static int
hidma_vchan_setup(struct rte_dma_dev *dmadev, uint16_t vchan,
		const struct rte_dma_vchan_conf *conf, uint32_t conf_sz)
{
	struct hidma_dev *dev = dmadev->data->dev_private;
	const struct rte_memzone *mz;
	char mz_name[RTE_MEMZONE_NAMESIZE];
	size_t tre_sz, evre_sz, arr_sz, sgx_sz;
	uint32_t entries;

	RTE_SET_USED(conf_sz);
	if (vchan != 0 || conf->direction != RTE_DMA_DIR_MEM_TO_MEM)
		return -EINVAL;
	entries = rte_align32pow2(conf->nb_desc);
	if (conf->nb_desc < HIDMA_MIN_DESC || entries > HIDMA_MAX_DESC) {
		HIDMA_DEV_LOG(dev, ERR, "nb_desc %u out of range [%u, %u]", conf->nb_desc,
			HIDMA_MIN_DESC, HIDMA_MAX_DESC);
		return -EINVAL;
	}

	hidma_ring_free(dev);
	tre_sz = RTE_CACHE_LINE_ROUNDUP(entries * HIDMA_TRE_SIZE);
	evre_sz = RTE_CACHE_LINE_ROUNDUP(entries * HIDMA_EVRE_SIZE);
	arr_sz = RTE_CACHE_LINE_ROUNDUP(entries * sizeof(uint16_t));
	sgx_sz = RTE_CACHE_LINE_ROUNDUP(entries * sizeof(uint8_t));
	if (snprintf(mz_name, sizeof(mz_name), "hidma_%s", dev->name) >= (int)sizeof(mz_name))
		snprintf(mz_name, sizeof(mz_name), "hidma_dma%d", dmadev->data->dev_id);
	mz = rte_memzone_reserve_aligned(mz_name, tre_sz + evre_sz + 2 * arr_sz + sgx_sz,
			dev->res.numa_node, RTE_MEMZONE_IOVA_CONTIG, RTE_CACHE_LINE_SIZE);
	if (mz == NULL) {
		HIDMA_DEV_LOG(dev, ERR, "cannot reserve memzone %s for %u ring entries: %s",
			mz_name, entries, rte_strerror(rte_errno));
		return -ENOMEM;
	}
	if (mz->iova == RTE_BAD_IOVA) {
		HIDMA_DEV_LOG(dev, ERR, "memzone %s has no IOVA", mz_name);
		rte_memzone_free(mz);
		return -ENOMEM;
	}
	dev->mz = mz;
	dev->nb_entries = entries;
	dev->nb_desc = conf->nb_desc;
	dev->tre_ring = mz->addr;
	dev->tre_iova = mz->iova;
	dev->evre_ring = RTE_PTR_ADD(mz->addr, tre_sz);
	dev->evre_iova = mz->iova + tre_sz;
	dev->sst = RTE_PTR_ADD(mz->addr, tre_sz + evre_sz);
	dev->fenceq = RTE_PTR_ADD(mz->addr, tre_sz + evre_sz + arr_sz);
	dev->sgx = RTE_PTR_ADD(mz->addr, tre_sz + evre_sz + 2 * arr_sz);
	HIDMA_DEV_LOG(dev, DEBUG, "nb_desc %u: %u ring entries, %u usable, memzone %s",
		conf->nb_desc, entries, entries - 1, mz_name);
	return 0;
}

/* the software state of a stopped channel: nothing outstanding, no capacity */
static void
hidma_sw_reset(struct hidma_dev *dev)
{
	dev->cap = 0;
	dev->mask = dev->nb_entries != 0 ? dev->nb_entries - 1 : 0;
	dev->next_job = 0;
	dev->next_submit = 0;
	dev->next_reap = 0;
	dev->tre_off = 0;
	dev->tre_next = dev->tre_ring;
	dev->tre_end = dev->tre_ring == NULL ? NULL : dev->tre_ring + dev->nb_entries;
	dev->tre_db = 0;
	dev->ev_head = 0;
	dev->ev_wp = 0;
	dev->ev_rel = 0;
	dev->empty_polls = 0;
	dev->nsoft = 0;
	dev->fence_head = 0;
	dev->fence_tail = 0;
	dev->broken = 0;
	hidma_limit_update(dev);
}

static int
hidma_start(struct rte_dma_dev *dmadev)
{
	struct hidma_dev *dev = dmadev->data->dev_private;
	uint32_t i;

	if (dev->nb_entries == 0) {
		HIDMA_DEV_LOG(dev, ERR, "vchan 0 is not set up");
		return -EINVAL;
	}
	hidma_sw_reset(dev);
	memset(dev->tre_ring, 0, dev->nb_entries * HIDMA_TRE_SIZE);
	memset((void *)(uintptr_t)dev->evre_ring, 0, dev->nb_entries * HIDMA_EVRE_SIZE);
	for (i = 0; i < dev->nb_entries; i++)
		dev->sst[i] = HIDMA_SST_HW;
	memset(dev->sgx, 0, dev->nb_entries);
	dev->wp_bad_mask = ~((uint32_t)dev->mask << HIDMA_EVRE_SHIFT);
	dev->submitted = 0;
	dev->completed = 0;
	dev->errors = 0;
	dev->base_submitted = 0;
	dev->base_completed = 0;
	dev->base_errors = 0;
	dev->recoveries = 0;
	dev->recovery_failures = 0;
	dev->halts = 0;
	dev->abandoned = 0;
	dev->bad_wp = 0;
	dev->last_irq = 0;
	hidma_mmio_reset(dev);

	if (hidma_ll_setup(dev, false) != 0) {
		hidma_ll_reset(dev, true);
		HIDMA_DEV_LOG(dev, ERR, "start failed; channel left disabled");
		return -EIO;
	}
	dev->cap = dev->mask;
	hidma_limit_update(dev);
	hidma_owner_on_start(dev);
	return 0;
}

/*
 * Suspend (in-flight work finishes), then reset. Jobs not reported to the
 * application by then are dropped: ring indices restart at 0 on the next
 * start, so they could never be reported unambiguously. Always succeeds, so
 * that a channel whose reset hangs can still be closed.
 */
static int
hidma_stop(struct rte_dma_dev *dmadev)
{
	struct hidma_dev *dev = dmadev->data->dev_private;
	const uint16_t unreaped = dev->next_job - dev->next_reap;

	hidma_ll_suspend(dev, false);
	if (hidma_ll_reset(dev, false) != 0)
		HIDMA_DEV_LOG(dev, ERR, "reset failed on stop; channel state unknown");
	hidma_evca_write(dev, HIDMA_EVCA_IRQ_EN_REG, 0);
	if (unreaped != 0)
		HIDMA_DEV_LOG(dev, INFO, "stop dropped %u jobs not yet reaped", unreaped);
	hidma_sw_reset(dev);
	hidma_owner_on_stop(dev);
	return 0;
}

static int
hidma_close(struct rte_dma_dev *dmadev)
{
	struct hidma_dev *dev = dmadev->data->dev_private;

	/* the library frees dev_private itself */
	hidma_ring_free(dev);
	return 0;
}

static int
hidma_stats_get(const struct rte_dma_dev *dmadev, uint16_t vchan, struct rte_dma_stats *stats,
		uint32_t stats_sz)
{
	const struct hidma_dev *dev = dmadev->data->dev_private;

	RTE_SET_USED(vchan);	/* one vchan: it and RTE_DMA_ALL_VCHAN are the same */
	RTE_SET_USED(stats_sz);
	stats->submitted = __atomic_load_n(&dev->submitted, __ATOMIC_RELAXED) -
		dev->base_submitted;
	stats->completed = __atomic_load_n(&dev->completed, __ATOMIC_RELAXED) -
		dev->base_completed;
	stats->errors = __atomic_load_n(&dev->errors, __ATOMIC_RELAXED) - dev->base_errors;
	return 0;
}

static int
hidma_stats_reset(struct rte_dma_dev *dmadev, uint16_t vchan)
{
	struct hidma_dev *dev = dmadev->data->dev_private;

	RTE_SET_USED(vchan);
	dev->base_submitted = __atomic_load_n(&dev->submitted, __ATOMIC_RELAXED);
	dev->base_completed = __atomic_load_n(&dev->completed, __ATOMIC_RELAXED);
	dev->base_errors = __atomic_load_n(&dev->errors, __ATOMIC_RELAXED);
	return 0;
}

/*
 * From HW progress: ACTIVE while HW holds doorbell-submitted TREs it has not
 * finished, HALTED_ERROR when it stopped on an error not yet recovered (the
 * next completed() call recovers) or recovery failed, else IDLE.
 */
static int
hidma_vchan_status(const struct rte_dma_dev *dmadev, uint16_t vchan,
		enum rte_dma_vchan_status *status)
{
	const struct hidma_dev *dev = dmadev->data->dev_private;
	uint32_t wp, irq, state;

	RTE_SET_USED(vchan);
	if (dev->broken) {
		*status = RTE_DMA_VCHAN_HALTED_ERROR;
		return 0;
	}
	*status = RTE_DMA_VCHAN_IDLE;
	if (!dmadev->data->dev_started || dev->tre_db == dev->ev_head)
		return 0;
	wp = hidma_evca_read(dev, HIDMA_EVCA_WRITE_PTR_REG);
	if (((wp >> HIDMA_EVRE_SHIFT) & dev->mask) == (dev->tre_db & dev->mask))
		return 0;
	state = HIDMA_CH_STATE(hidma_trca_read(dev, HIDMA_TRCA_CTRLSTS_REG));
	irq = hidma_evca_read(dev, HIDMA_EVCA_IRQ_STAT_REG);
	if (!HIDMA_CH_IS_ENABLED(state) ||
			(irq & (HIDMA_IRQ_TR_CH_TRE_RD_RSP_ER | HIDMA_IRQ_EV_CH_WR_RESP)))
		*status = RTE_DMA_VCHAN_HALTED_ERROR;
	else
		*status = RTE_DMA_VCHAN_ACTIVE;
	return 0;
}

static int
hidma_dump(const struct rte_dma_dev *dmadev, FILE *f)
{
	const struct hidma_dev *dev = dmadev->data->dev_private;
	struct rte_pmd_hidma_mmio_stats mmio;

	fprintf(f, "  HIDMA channel %s: chid %u, caps 0x%x, numa %d\n", dev->name, dev->chid,
		dev->res.caps, dev->res.numa_node);
	fprintf(f, "  ring: nb_desc %u, %u entries, %u usable, TRE iova 0x%" PRIx64
		", EVRE iova 0x%" PRIx64 "\n", dev->nb_desc, dev->nb_entries,
		dev->nb_entries != 0 ? dev->nb_entries - 1 : 0, dev->tre_iova, dev->evre_iova);
	fprintf(f, "  jobs: next %u, submitted up to %u, reaped up to %u, capacity %u%s\n",
		dev->next_job, dev->next_submit, dev->next_reap,
		hidma_burst_capacity(dev, 0), dev->broken ? " (HALTED: recovery failed)" : "");
	fprintf(f, "  hw ring: ev_head %u (write_ptr seen %u, released %u), doorbell %u, tre_tail %u;"
		" soft/SG jobs %u, fences %u\n", dev->ev_head & dev->mask, dev->ev_wp & dev->mask,
		dev->ev_rel & dev->mask, dev->tre_db & dev->mask, hidma_tre_tail(dev) & dev->mask,
		dev->nsoft, (uint16_t)(dev->fence_tail - dev->fence_head));
	fprintf(f, "  stats: submitted %" PRIu64 ", completed %" PRIu64 ", errors %" PRIu64
		" (since start)\n", dev->submitted, dev->completed, dev->errors);
	hidma_mmio_get(dev, &mmio);
	fprintf(f, "  mmio: %" PRIu64 " reads, %" PRIu64 " writes (since start or reset;"
		" fast path %" PRIu64 "/%" PRIu64 ")\n", mmio.reads, mmio.writes,
		dev->mmio_rd, dev->mmio_wr);
	fprintf(f, "  recovery: %" PRIu64 " recoveries, %" PRIu64 " failed, %" PRIu64
		" halts without event, %" PRIu64 " fenced jobs abandoned, %" PRIu64
		" bad write pointers, last IRQ_STAT 0x%x\n", dev->recoveries,
		dev->recovery_failures, dev->halts, dev->abandoned, dev->bad_wp, dev->last_irq);
	hidma_ll_dump_regs(dev, f);
	return 0;
}

static const struct rte_dma_dev_ops hidma_ops = {
	.dev_info_get = hidma_info_get,
	.dev_configure = hidma_configure,
	.dev_start = hidma_start,
	.dev_stop = hidma_stop,
	.dev_close = hidma_close,
	.vchan_setup = hidma_vchan_setup,
	.stats_get = hidma_stats_get,
	.stats_reset = hidma_stats_reset,
	.vchan_status = hidma_vchan_status,
	.dev_dump = hidma_dump,
};

/*
 * A secondary process drives and watches the primary's channels; their
 * configuration, ring memory and lifetime stay with the primary, and the
 * priority callback is a pointer into the primary's copy of the plugin.
 */
static int
hidma_sec_configure(struct rte_dma_dev *dmadev, const struct rte_dma_conf *conf,
		uint32_t conf_sz)
{
	const struct hidma_dev *dev = dmadev->data->dev_private;

	RTE_SET_USED(conf);
	RTE_SET_USED(conf_sz);
	HIDMA_DEV_LOG(dev, ERR, "configure the channel in the primary process");
	return -EPERM;
}

static int
hidma_sec_vchan_setup(struct rte_dma_dev *dmadev, uint16_t vchan,
		const struct rte_dma_vchan_conf *conf, uint32_t conf_sz)
{
	const struct hidma_dev *dev = dmadev->data->dev_private;

	RTE_SET_USED(vchan);
	RTE_SET_USED(conf);
	RTE_SET_USED(conf_sz);
	HIDMA_DEV_LOG(dev, ERR, "set the channel's vchan up in the primary process");
	return -EPERM;
}

/* only this process's view goes; the channel stays the primary's */
static int
hidma_sec_close(struct rte_dma_dev *dmadev)
{
	RTE_SET_USED(dmadev);
	return 0;
}

static const struct rte_dma_dev_ops hidma_sec_ops = {
	.dev_info_get = hidma_info_get,
	.dev_configure = hidma_sec_configure,
	.dev_start = hidma_start,
	.dev_stop = hidma_stop,
	.dev_close = hidma_sec_close,
	.vchan_setup = hidma_sec_vchan_setup,
	.stats_get = hidma_stats_get,
	.stats_reset = hidma_stats_reset,
	.vchan_status = hidma_vchan_status,
	.dev_dump = hidma_dump,
};

void
hidma_dmadev_process_init(struct rte_dma_dev *dmadev)
{
	dmadev->dev_ops = rte_eal_process_type() == RTE_PROC_PRIMARY ? &hidma_ops : &hidma_sec_ops;
	dmadev->fp_obj->dev_private = dmadev->data->dev_private;
	dmadev->fp_obj->copy = hidma_copy;
	dmadev->fp_obj->copy_sg = hidma_copy_sg;
	dmadev->fp_obj->fill = hidma_fill;
	dmadev->fp_obj->submit = hidma_submit;
	dmadev->fp_obj->completed = hidma_completed;
	dmadev->fp_obj->completed_status = hidma_completed_status;
	dmadev->fp_obj->burst_capacity = hidma_burst_capacity;
}

/* ------------------------------------------------------------------------
 * Creation, for the front-ends.
 */

/*
 * cmd_timeout_ms: how long each CTRLSTS command may take. Linux allows
 * silicon 10 ms; an emulated engine sharing a CPU with other threads can be
 * descheduled for longer, so its front-end asks for more.
 */
int
hidma_dmadev_parse_devargs(const char *name, const char *devargs,
		struct hidma_chan_params *params)
{
	struct hidma_kvargs k = {
		.dev = name, .prefix = "HIDMA: ", .logtype = hidma_logtype,
	};
	uint64_t v;
	int ret;

	memset(params, 0, sizeof(*params));
	ret = hidma_kvargs_open(&k, devargs, (const char * const *const []){ hidma_valid_args, NULL },
			HIDMA_PARAM_STRING);
	if (ret == 0) {
		ret = hidma_kvargs_num(&k, HIDMA_ARG_CMD_TIMEOUT_MS, 1, HIDMA_CMD_TIMEOUT_MS_MAX,
				"1..10000 (ms)", &v);
		if (ret == 1)
			params->cmd_timeout_ms = v;
	}
	hidma_kvargs_close(&k);
	return ret < 0 ? ret : 0;
}

int
hidma_dmadev_create(const char *name, struct rte_device *rdev,
		const struct hidma_chan_res *res, const char *devargs)
{
	struct hidma_chan_params params;
	int ret;

	ret = hidma_dmadev_parse_devargs(name != NULL ? name : "?", devargs, &params);
	if (ret != 0)
		return ret;
	return hidma_dmadev_create_params(name, rdev, res, &params);
}

int
hidma_dmadev_create_params(const char *name, struct rte_device *rdev,
		const struct hidma_chan_res *res, const struct hidma_chan_params *params)
{
	struct rte_dma_dev *dmadev;
	struct hidma_dev *dev;
	uint32_t timeout_us;

	RTE_BUILD_BUG_ON(sizeof(struct hidma_tre) != HIDMA_TRE_SIZE);
	RTE_BUILD_BUG_ON(sizeof(struct hidma_evre) != HIDMA_EVRE_SIZE);
	RTE_BUILD_BUG_ON((HIDMA_MAX_DESC) > UINT16_MAX / 2 + 1);

	if (name == NULL || rdev == NULL || res == NULL || res->trca == NULL ||
			res->evca == NULL) {
		HIDMA_LOG(ERR, "missing name, device or register window");
		return -EINVAL;
	}
	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		HIDMA_LOG(ERR, "%s: a secondary process attaches (hidma_dmadev_attach())", name);
		return -ENOTSUP;
	}
	if (params != NULL && params->cmd_timeout_ms > HIDMA_CMD_TIMEOUT_MS_MAX) {
		HIDMA_LOG(ERR, "%s: command timeout %u ms out of range 1..%u", name,
			params->cmd_timeout_ms, HIDMA_CMD_TIMEOUT_MS_MAX);
		return -EINVAL;
	}
	timeout_us = params != NULL && params->cmd_timeout_ms != 0 ?
		params->cmd_timeout_ms * 1000 : HIDMA_CH_CMD_TIMEOUT_US;
	if (rte_dma_get_dev_id_by_name(name) >= 0) {
		HIDMA_LOG(ERR, "%s: a dmadev of that name exists", name);
		return -EEXIST;
	}

	dmadev = rte_dma_pmd_allocate(name, res->numa_node, sizeof(*dev));
	if (dmadev == NULL) {
		HIDMA_LOG(ERR, "%s: cannot allocate the dmadev", name);
		return -ENOMEM;
	}
	dmadev->device = rdev;

	dev = dmadev->data->dev_private;
	dev->dmadev = dmadev;
	dev->name = dmadev->data->dev_name;
	dev->res = *res;
	dev->cmd_timeout_us = timeout_us;
	dev->iova_mode = rte_eal_iova_mode();
	dev->trca_db = RTE_PTR_ADD(res->trca, HIDMA_TRCA_DOORBELL_REG);
	dev->evca_db = RTE_PTR_ADD(res->evca, HIDMA_EVCA_DOORBELL_REG);
	dev->evca_wp = RTE_PTR_ADD(res->evca, HIDMA_EVCA_WRITE_PTR_REG);
	dev->chid = hidma_trca_read(dev, HIDMA_CHID_REG(res->caps)) & HIDMA_CHID_MASK;
	dev->cfg_copy = rte_cpu_to_le_32(HIDMA_TRE_CFG(HIDMA_TRE_MEMCPY, dev->chid));
	dev->cfg_fill = rte_cpu_to_le_32(HIDMA_TRE_CFG(HIDMA_TRE_MEMSET, dev->chid));
	hidma_sw_reset(dev);

	hidma_dmadev_process_init(dmadev);

	/* leave the channel disabled, whatever a previous user left behind */
	if (hidma_ll_reset(dev, false) != 0) {
		HIDMA_DEV_LOG(dev, ERR, "channel does not reset; not creating it");
		rte_dma_pmd_release(name);
		return -EIO;
	}
	hidma_evca_write(dev, HIDMA_EVCA_IRQ_EN_REG, 0);

	dmadev->state = RTE_DMA_DEV_READY;
	HIDMA_DEV_LOG(dev, DEBUG, "created: chid %u, caps 0x%x", dev->chid, res->caps);
	return dmadev->data->dev_id;
}

/* the dmadev's private data if it is a HIDMA channel */
int
hidma_dev_by_id(int16_t dev_id, struct hidma_dev **dev)
{
	if (!rte_dma_is_valid(dev_id))
		return -EINVAL;
	if (rte_dma_fp_objs[dev_id].copy != hidma_copy)
		return -ENOTSUP;
	*dev = rte_dma_fp_objs[dev_id].dev_private;
	return 0;
}

int
rte_pmd_hidma_mmio_stats_get(int16_t dev_id, struct rte_pmd_hidma_mmio_stats *st)
{
	struct hidma_dev *dev;
	int ret;

	if (st == NULL)
		return -EINVAL;
	ret = hidma_dev_by_id(dev_id, &dev);
	if (ret == 0)
		hidma_mmio_get(dev, st);
	return ret;
}

int
rte_pmd_hidma_mmio_stats_reset(int16_t dev_id)
{
	struct hidma_dev *dev;
	int ret;

	ret = hidma_dev_by_id(dev_id, &dev);
	if (ret == 0)
		hidma_mmio_reset(dev);
	return ret;
}

int
hidma_dmadev_destroy(const char *name)
{
	const struct hidma_dev *dev;
	int id, ret;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return hidma_dmadev_detach(name);
	id = rte_dma_get_dev_id_by_name(name);
	if (id < 0)
		return -ENODEV;
	dev = rte_dma_fp_objs[id].dev_private;
	if (dev->dmadev->data->dev_started) {
		ret = rte_dma_stop(id);
		if (ret != 0)
			return ret;
	}
	return rte_dma_pmd_release(name);
}

RTE_LOG_REGISTER_DEFAULT(hidma_logtype, INFO);
