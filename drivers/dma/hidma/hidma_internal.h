/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _HIDMA_INTERNAL_H_
#define _HIDMA_INTERNAL_H_

/**
 * @file
 * Private structures of the HIDMA channel dmadev, shared by hidma_ll.c
 * (register sequences) and hidma_dmadev.c (ops and fast path).
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_common.h>
#include <rte_dmadev_pmd.h>
#include <rte_io.h>
#include <rte_log.h>
#include <rte_memzone.h>

#include "hidma_dmadev.h"
#include "hidma_hw.h"

extern int hidma_logtype;

#define HIDMA_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, hidma_logtype, "HIDMA: %s(): " fmt "\n", \
		__func__, ## __VA_ARGS__)

/* same, prefixed with the channel's dmadev name */
#define HIDMA_DEV_LOG(dev, level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, hidma_logtype, "HIDMA %s: " fmt "\n", \
		(dev)->name, ## __VA_ARGS__)

#define HIDMA_MIN_DESC		32
/* ring entries are a power of two and job ids wrap at 65536 */
#define HIDMA_MAX_DESC		16384

/* soft-status array value meaning "this job's status will come from HW" */
#define HIDMA_SST_HW		UINT16_MAX

/*
 * Scatter-gather: HW has none, so a job of nb_src x nb_dst segments becomes
 * one memcpy TRE per piece between consecutive segment boundaries of either
 * side, at most HIDMA_SG_MAX_TRES. Any such job fits in the smallest ring.
 */
#define HIDMA_MAX_SGES		16
#define HIDMA_SG_MAX_TRES	(2 * HIDMA_MAX_SGES - 1)
static_assert(HIDMA_MIN_DESC - 1 >= HIDMA_SG_MAX_TRES, "SG job larger than a ring");

/*
 * sst[] value of a job of several TREs whose status still comes from HW:
 * r (1..HIDMA_SG_MAX_TRES) of its TREs have no event yet. Distinct from
 * HIDMA_SST_HW and above every rte_dma_status_code.
 */
#define HIDMA_SST_SG(r)		((uint16_t)(HIDMA_SST_HW - (r)))
static_assert(HIDMA_SST_SG(HIDMA_SG_MAX_TRES) > RTE_DMA_STATUS_ERROR_UNKNOWN, "sst range");

/* the job's status is still to come from HW (one TRE or several) */
static inline bool
hidma_sst_is_hw(uint16_t st)
{
	return st >= HIDMA_SST_SG(HIDMA_SG_MAX_TRES);
}

/* TREs without an event yet of a job whose sst[] entry is hidma_sst_is_hw() */
static inline uint16_t
hidma_sst_ntre(uint16_t st)
{
	return st == HIDMA_SST_HW ? 1 : HIDMA_SST_HW - st;
}

/* TRE/EVRE ring position <-> byte offset in the ring */
#define HIDMA_TRE_SHIFT		5
#define HIDMA_EVRE_SHIFT	4
static_assert(HIDMA_TRE_SIZE == 1 << HIDMA_TRE_SHIFT, "TRE shift");
static_assert(HIDMA_EVRE_SIZE == 1 << HIDMA_EVRE_SHIFT, "EVRE shift");

/*
 * One channel. Job ids and HW ring positions are separate uint16_t counters
 * (masked with mask on use; entries divide 65536 so both wrap cleanly):
 *
 *   job ids:   next_reap <= next_submit <= next_job
 *              [next_reap, next_submit) doorbell-submitted, not yet reported
 *              [next_submit, next_job)  enqueued, not yet submitted
 *   HW ring:   ev_rel <= ev_head <= ev_wp <= tre_db <= tre_tail
 *              [ev_rel, ev_head)   EVREs read, slots not yet handed back
 *              [ev_head, ev_wp)    EVREs published by HW, seen, not yet read
 *              [ev_head, tre_db)   TREs handed to HW, EVREs not yet read
 *              [tre_db, tre_tail)  TREs written, doorbell not yet rung
 *
 * MMIO discipline (see the HIDMA guide): WRITE_PTR is read only when
 * [ev_head, ev_wp) is empty and HW holds TREs; the EVCA doorbell is written
 * only when a TRCA doorbell would otherwise let tre_db - ev_rel exceed
 * mask (HW must always have a free event slot for every TRE it holds).
 *
 * Invariant: the jobs of [next_reap, next_job) whose sst[] entry is
 * hidma_sst_is_hw() own, in order, the TREs of [ev_head, tre_tail):
 * hidma_sst_ntre() of them each, one for HIDMA_SST_HW. Other jobs hold a
 * "soft" status, set by error recovery (the failed job, jobs HW finished
 * before the reset, fenced jobs abandoned). nsoft counts the jobs of
 * [next_reap, next_job) whose entry is not HIDMA_SST_HW: soft ones and
 * scatter-gather jobs of several TREs (HIDMA_SST_SG). The fast path runs
 * only while it is 0, when job next_reap + i is simply the TRE at
 * ev_head + i.
 *
 * A job of k > 1 TREs also holds k - 1 in sgx[] until it is reaped, and
 * takes those k - 1 extra TREs out of cap meanwhile. tre_tail is not
 * stored: it is next_job + tre_off, and tre_off changes only with SG jobs
 * and recovery, so that a single-TRE enqueue moves one counter. It also: cap - (next_job -
 * next_reap) is then the number of free TREs, and the single-TRE enqueue
 * keeps its one comparison.
 */
struct hidma_dev {
	/* fast path: written only by the lcore that enqueues and reaps */
	struct hidma_tre *tre_next;	/* &tre_ring[tre_tail & mask] (hidma_tre_sync) */
	const struct hidma_tre *tre_end;	/* &tre_ring[entries] */
	struct hidma_tre *tre_ring;
	const struct hidma_evre *evre_ring;
	void *trca_db;			/* TRCA_DOORBELL */
	void *evca_db;			/* EVCA_DOORBELL */
	const void *evca_wp;		/* EVCA_WRITE_PTR */
	uint16_t *sst;			/* per job: soft status or HIDMA_SST_HW */
	uint16_t *fenceq;		/* ids of fenced jobs not yet reaped */
	uint8_t *sgx;			/* per job: TREs beyond the first (SG) */
	uint32_t cfg_copy;		/* TRE CFG words (little endian) */
	uint32_t cfg_fill;
	uint32_t wp_bad_mask;		/* WRITE_PTR bits that must be clear */
	uint16_t mask;			/* ring entries - 1 */
	uint16_t cap;			/* entries - 1 - SG extra TREs while started, else 0 */
	uint16_t next_job;
	uint16_t job_limit;		/* next_job == job_limit: no room (hidma_limit_update) */
	uint16_t next_submit;
	uint16_t next_reap;
	uint16_t tre_off;		/* tre_tail - next_job (hidma_tre_tail()) */
	uint16_t tre_db;
	uint16_t ev_head;
	uint16_t ev_wp;			/* EVRE position HW showed at the last WRITE_PTR read */
	uint16_t ev_rel;		/* EVRE position last written to the EVCA doorbell */
	uint16_t empty_polls;		/* WRITE_PTR reads without progress, work at HW */
	uint16_t nsoft;
	uint16_t fence_head;
	uint16_t fence_tail;
	/* monotonic; stats_reset moves the base instead (no writer races) */
	uint64_t submitted;
	uint64_t completed;
	uint64_t errors;
	/* MMIO accesses of the fast path (same single writer) */
	uint64_t mmio_rd;
	uint64_t mmio_wr;

	/* error path counters, written by the reaping lcore, shown by dump */
	uint64_t recoveries __rte_cache_aligned;
	uint64_t recovery_failures;
	uint64_t halts;			/* stopped without an error EVRE */
	uint64_t abandoned;		/* fenced jobs reported NOT_ATTEMPTED */
	uint64_t bad_wp;		/* insane EVCA_WRITE_PTR values seen */
	uint32_t last_irq;		/* IRQ_STAT seen by the last recovery */
	uint8_t broken;			/* recovery failed: halted until stop */
	/* MMIO accesses of the control path and recovery (any thread: atomic) */
	uint64_t ctl_rd;
	uint64_t ctl_wr;

	/* control path */
	struct rte_dma_dev *dmadev __rte_cache_aligned;
	const char *name;
	struct hidma_chan_res res;
	const struct rte_memzone *mz;
	rte_iova_t tre_iova;
	rte_iova_t evre_iova;
	uint32_t nb_entries;		/* 0 until vchan_setup */
	uint32_t cmd_timeout_us;	/* bound of each CTRLSTS command poll */
	uint16_t nb_desc;		/* as requested in vchan_setup */
	uint8_t chid;
	uint64_t base_submitted;
	uint64_t base_completed;
	uint64_t base_errors;
	uint64_t base_mmio_rd;
	uint64_t base_mmio_wr;
	/*
	 * pid of the process driving the channel, 0 if none (rte_pmd_hidma.h,
	 * hidma_dmadev_mp.c): set by start if free, cleared by stop, changed
	 * with compare-and-swap only; never read by the fast path.
	 */
	int32_t owner;
	/* rte_eal_iova_mode() of the primary: a secondary's job addresses must match */
	int32_t iova_mode;
};

/* single writer; the relaxed store keeps concurrent readers tear-free */
static __rte_always_inline void
hidma_stat_add(uint64_t *counter, uint64_t n)
{
	__atomic_store_n(counter, *counter + n, __ATOMIC_RELAXED);
}

/*
 * MMIO accounting (rte_pmd_hidma.h). The fast path counts with plain
 * single-writer adds: one MMIO access costs hundreds of cycles on silicon
 * and the fast path makes at most a few per burst, so the count is free.
 * The control path can run on any thread (dump, vchan_status from a
 * monitor), so it counts separately with atomic adds; the const casts are
 * for the ops that get a const device (its private data is writable).
 */
static __rte_always_inline uint32_t
hidma_fp_read(struct hidma_dev *dev, const volatile void *reg)
{
	hidma_stat_add(&dev->mmio_rd, 1);
	return rte_read32(reg);
}

static __rte_always_inline void
hidma_fp_write(struct hidma_dev *dev, uint32_t val, volatile void *reg)
{
	hidma_stat_add(&dev->mmio_wr, 1);
	rte_write32(val, reg);
}

static __rte_always_inline void
hidma_fp_write_relaxed(struct hidma_dev *dev, uint32_t val, volatile void *reg)
{
	hidma_stat_add(&dev->mmio_wr, 1);
	rte_write32_relaxed(val, reg);
}

static inline uint32_t
hidma_ctl_read(const struct hidma_dev *dev, const volatile void *reg)
{
	__atomic_fetch_add((uint64_t *)(uintptr_t)&dev->ctl_rd, 1, __ATOMIC_RELAXED);
	return rte_read32(reg);
}

static inline void
hidma_ctl_write(const struct hidma_dev *dev, uint32_t val, volatile void *reg)
{
	__atomic_fetch_add((uint64_t *)(uintptr_t)&dev->ctl_wr, 1, __ATOMIC_RELAXED);
	rte_write32(val, reg);
}

static inline uint32_t
hidma_trca_read(const struct hidma_dev *dev, uint32_t reg)
{
	return hidma_ctl_read(dev, RTE_PTR_ADD(dev->res.trca, reg));
}

static inline void
hidma_trca_write(const struct hidma_dev *dev, uint32_t reg, uint32_t val)
{
	hidma_ctl_write(dev, val, RTE_PTR_ADD(dev->res.trca, reg));
}

static inline uint32_t
hidma_evca_read(const struct hidma_dev *dev, uint32_t reg)
{
	return hidma_ctl_read(dev, RTE_PTR_ADD(dev->res.evca, reg));
}

static inline void
hidma_evca_write(const struct hidma_dev *dev, uint32_t reg, uint32_t val)
{
	hidma_ctl_write(dev, val, RTE_PTR_ADD(dev->res.evca, reg));
}

/*
 * Register sequences (hidma_ll.c). With quiet set nothing is logged: the
 * error recovery runs them from completed(). All return 0 or -ETIMEDOUT
 * after dev->cmd_timeout_us per half.
 */
/* the HIDMA channel behind a dmadev id (-EINVAL, -ENOTSUP otherwise) */
int hidma_dev_by_id(int16_t dev_id, struct hidma_dev **dev);
/* this process's ops and fast path on a created or attached dmadev */
void hidma_dmadev_process_init(struct rte_dma_dev *dmadev);
/* owner record: taken by start when free, dropped by stop (hidma_dmadev_mp.c) */
void hidma_owner_on_start(struct hidma_dev *dev);
void hidma_owner_on_stop(struct hidma_dev *dev);

int hidma_ll_reset(struct hidma_dev *dev, bool quiet);
int hidma_ll_enable(struct hidma_dev *dev, bool quiet);
int hidma_ll_suspend(struct hidma_dev *dev, bool quiet);
/* full (re)initialisation: reset, program both rings, interrupts, enable */
int hidma_ll_setup(struct hidma_dev *dev, bool quiet);
const char *hidma_ll_state_name(uint32_t state);
void hidma_ll_dump_regs(const struct hidma_dev *dev, FILE *f);

#endif /* _HIDMA_INTERNAL_H_ */
