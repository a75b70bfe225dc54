/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _HIDMA_MODEL_PRIV_H_
#define _HIDMA_MODEL_PRIV_H_

/*
 * Private state of the HIDMA software model. Everything the engine touches
 * per TRE lives in model-private cache lines (struct model_chan, the IOTLB);
 * register pages are only read on the hot path, except EVCA_WRITE_PTR (once
 * per batch) and IRQ_STAT (only when a bit changes).
 */

#include <endian.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <hidma_hw.h>

#include "hidma_model.h"

/*
 * Separation of data written by different threads (engine, driver,
 * readers of the statistics). Only performance depends on it (false
 * sharing), never correctness. arm64 uses DPDK's generic armv8 value:
 * 128, the line of some arm64 parts (and the pair an adjacent-line
 * prefetcher pulls), where Centriq's is 64.
 */
#if defined(__aarch64__)
#define MODEL_CACHE_LINE	128
#else
#define MODEL_CACHE_LINE	64
#endif
#define MODEL_PAGE_SIZE		4096
/* C11: at the start of a member's declaration */
#define MODEL_ALIGNED		_Alignas(MODEL_CACHE_LINE)

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

static inline void
cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ volatile("yield" ::: "memory");
#endif
}

/* ---------------------------------------------------------------------- */
/* register access: 32-bit little-endian, shared with a driver thread */

static inline uint32_t *
reg_ptr(void *base, uint32_t off)
{
	return (uint32_t *)((uint8_t *)base + off);
}

static inline uint32_t
reg_rd(void *base, uint32_t off)
{
	return le32toh(__atomic_load_n(reg_ptr(base, off), __ATOMIC_RELAXED));
}

/* doorbells: the ring contents written before them must be visible */
static inline uint32_t
reg_rd_acq(void *base, uint32_t off)
{
	return le32toh(__atomic_load_n(reg_ptr(base, off), __ATOMIC_ACQUIRE));
}

static inline void
reg_wr(void *base, uint32_t off, uint32_t v)
{
	__atomic_store_n(reg_ptr(base, off), htole32(v), __ATOMIC_RELAXED);
}

/* EVCA_WRITE_PTR and IRQ_STAT: EVREs and data must be visible first */
static inline void
reg_wr_rel(void *base, uint32_t off, uint32_t v)
{
	__atomic_store_n(reg_ptr(base, off), htole32(v), __ATOMIC_RELEASE);
}

/* ---------------------------------------------------------------------- */
/* IOMMU view */

/* one merged, contiguous range of the view; va = iova + delta */
struct iommu_range {
	uint64_t start;
	uint64_t end;		/* exclusive */
	uint64_t delta;		/* va - iova, modulo 2^64 */
};

/* immutable once published; replaced by copy-on-write */
struct iommu_table {
	uint64_t gen;
	unsigned int nb;
	struct iommu_range r[];	/* sorted by start, non-overlapping */
};

/*
 * Direct-mapped by 2 MiB of IOVA (DPDK memory comes in hugepage-sized or
 * larger merged ranges), with a second way so that two small mappings that
 * share a slot (4 KiB pages in IOVA-as-PA mode) do not evict each other.
 */
#define IOTLB_SIZE		64
#define IOTLB_SHIFT		21
#define IOTLB_WAYS		2

struct iotlb_entry {
	uint64_t start;
	uint64_t end;
	uint64_t delta;
};

/* ---------------------------------------------------------------------- */
/* channels */

/* a TRE being moved in several quanta (arbitration) */
struct tre_progress {
	uint8_t *dst;
	const uint8_t *src;	/* NULL for fill */
	uint64_t pattern;
	uint32_t len;
	uint32_t done;
	uint32_t cfg;
	uint32_t tre_off;
	uint64_t src_iova;
	uint64_t dst_iova;
	uint32_t fault;		/* errinfo if re-translation failed, else 0 */
	bool backward;		/* overlapping copy with dst above src */
};

/* doorbell observations, for per-TRE latency injection */
#define LAT_FIFO_SIZE		256
struct lat_mark {
	uint64_t end_seq;	/* TREs posted up to here ... */
	uint64_t ts;		/* ... were first seen at this time */
};

struct model_chan {
	/* hot, engine-only */
	uint8_t *tre_ring;		/* VA of the TRE ring, NULL if untranslatable */
	uint8_t *evre_ring;
	uint32_t tre_len;
	uint32_t evre_len;
	uint32_t tre_rptr;		/* next TRE to consume (byte offset) */
	uint32_t evre_wptr;		/* next EVRE slot (byte offset) */
	uint32_t evre_rel;		/* last EVCA doorbell value read */
	uint32_t db;			/* last TRCA doorbell value read */
	uint32_t cfg_copy;		/* expected CFG (IEOB masked) of a memcpy */
	uint8_t trca_state;
	uint8_t evca_state;
	bool cur_valid;			/* a TRE is in flight (partially moved) */
	bool runnable;			/* computed per poll */
	uint32_t idle_polls;
	void *trca;
	void *evca;
	uint32_t irq_stat;		/* shadow of IRQ_STAT (model is its only writer) */
	uint32_t trca_raw;		/* CTRLSTS value after our last look */
	uint32_t evca_raw;
	uint8_t trca_cmd_done;		/* last command fully carried out */
	uint8_t evca_cmd_done;
	bool trca_pending;		/* command not yet carried out: look again */
	bool evca_pending;
	uint64_t tre_ring_iova;
	uint64_t evre_ring_iova;
	unsigned int idx;
	uint32_t weight;		/* arbitration, read from QOS_N */
	bool high;
	uint64_t deficit;

	struct tre_progress cur;

	/* latency injection: TREs posted / consumed since the last reset */
	uint64_t posted;
	uint64_t consumed;
	unsigned int lat_head;
	unsigned int lat_nb;
	struct lat_mark lat[LAT_FIFO_SIZE];

	/* published for other threads (relaxed atomics), own line */
	MODEL_ALIGNED struct {
		uint64_t tres;
		uint64_t bytes;
		uint64_t errors;
		uint64_t doorbells;
		uint64_t resets;
		uint32_t tre_rptr;
		bool cur_valid;
	} pub;
};	/* aligned as pub is */

struct hidma_model {
	/* engine-only hot state */
	const struct iommu_table *tbl;	/* table the IOTLB was filled from */
	/*
	 * ... and its generation: a change is noticed by this number, never by
	 * the table's address, which malloc may hand to the next table once
	 * the old one is freed (two unmaps between polls).
	 */
	uint64_t tbl_gen;
	bool mgmt_enabled;
	bool slow;			/* fault injection or pacing active */
	unsigned int nb_channels;
	unsigned int rr;		/* round-robin start */
	uint64_t faults_gen_seen;
	struct hidma_model_faults faults;	/* engine's copy */
	uint64_t tre_count;		/* for fail_every */
	uint64_t rng;			/* xorshift64 state */
	int64_t tokens;			/* bandwidth bucket, bytes */
	uint64_t tokens_ts;
	uint64_t now;			/* clock at poll entry, only when slow */
	uint64_t (*clock_ns)(void *arg);
	void *clock_arg;
	hidma_model_xlate_t ext_xlate;	/* NULL: the model's own IOMMU view */
	void *ext_xlate_arg;
	void *(*alloc_fn)(void *arg, size_t size, size_t align);
	void (*free_fn)(void *arg, void *p);
	void *alloc_arg;
	uint32_t hw_version;
	void *mgmt;
	unsigned int flavour;

	MODEL_ALIGNED struct iotlb_entry iotlb[IOTLB_WAYS][IOTLB_SIZE];

	/* written by the engine at each poll entry/exit; read by unmappers */
	MODEL_ALIGNED uint64_t poll_seq;

	/* IOMMU writers (any thread) */
	MODEL_ALIGNED struct {
		pthread_mutex_t lock;
		const struct iommu_table *cur;	/* atomic pointer, read by poll */
		uint64_t gen;
	} iommu;

	/* fault settings (any thread) */
	MODEL_ALIGNED struct {
		pthread_mutex_t lock;
		uint64_t gen;		/* atomic */
		struct hidma_model_faults f;
	} fset;

	struct model_chan *ch[HIDMA_MODEL_MAX_CHANNELS];
};

/* hidma_model_iommu.c */
int hidma_model_iommu_init(struct hidma_model *m);
void hidma_model_iommu_fini(struct hidma_model *m);
bool hidma_model_iommu_lookup(const struct iommu_table *t, uint64_t iova, uint64_t len,
		struct iotlb_entry *out);

void *hidma_model_iotlb_miss(struct hidma_model *m, unsigned int ch, uint64_t iova,
		uint64_t len, bool write, unsigned int idx);
/*
 * Wait until a poll running now (poll_seq odd) has ended: every poll after
 * the return sees what the caller stored (seq_cst) before the call.
 */
void hidma_model_wait_poll(struct hidma_model *m);

static inline void
iotlb_flush(struct hidma_model *m)
{
	unsigned int w, i;

	for (w = 0; w < IOTLB_WAYS; w++) {
		for (i = 0; i < IOTLB_SIZE; i++) {
			m->iotlb[w][i].start = 1;
			m->iotlb[w][i].end = 0;
		}
	}
}

static inline bool
iotlb_hit(const struct iotlb_entry *e, uint64_t iova, uint64_t len)
{
	return iova >= e->start && iova < e->end && len <= e->end - iova;
}

/*
 * Translate [iova, iova + len) (len > 0) of channel ch for a read or a
 * write by the engine; NULL when the range is not entirely inside one
 * mapping. O(1) on a hit. With an external translator the IOTLB stays
 * flushed, so it costs nothing here: every lookup misses into it.
 */
static inline void *
xlate(struct hidma_model *m, unsigned int ch, uint64_t iova, uint64_t len, bool write)
{
	unsigned int idx = (iova >> IOTLB_SHIFT) & (IOTLB_SIZE - 1);
	const struct iotlb_entry *e = &m->iotlb[0][idx];

	if (likely(iotlb_hit(e, iova, len)))
		return (void *)(uintptr_t)(iova + e->delta);
	return hidma_model_iotlb_miss(m, ch, iova, len, write, idx);
}

#endif /* _HIDMA_MODEL_PRIV_H_ */
