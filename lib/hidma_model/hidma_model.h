/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _HIDMA_MODEL_H_
#define _HIDMA_MODEL_H_

/**
 * @file
 * Register-level software model of one HIDMA instance: one management block
 * and N channels (doc/guides/model.rst). Plain C11 plus POSIX, no DPDK.
 *
 * The model owns page-aligned register windows (one 8 KiB management window,
 * and a 4 KiB TRCA and a 4 KiB EVCA window per channel). A driver reaches
 * them only through the pointers returned below, exactly as it would reach
 * VFIO-mapped MMIO. The model cannot trap stores, so it watches the windows
 * each time hidma_model_poll() runs: commands in CTRLSTS are level
 * triggered, IRQ_CLR is consumed with an atomic exchange, doorbells are
 * compared with the last value consumed.
 *
 * Every address the device uses (ring bases, TRE SRC/DST) is an IOVA looked up
 * in the model's IOMMU view, filled with hidma_model_dma_map(). An access not
 * entirely inside one mapping is a fault reported through the channel (EVRE
 * error code and IRQ_STAT bit), never a memory access.
 *
 * Threading: hidma_model_poll() must be called by one thread at a time (the
 * engine). hidma_model_dma_map()/unmap(), the statistics getters and the
 * fault-injection setters may be called from any thread, concurrently with
 * poll. Register windows are shared with drivers on any thread.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HIDMA_MODEL_MAX_CHANNELS	16	/* TRE_ERR0 has a 4-bit channel id */

struct hidma_model;

/** Fault injection and pacing (MODEL-ONLY, see model.rst). All zero = off. */
struct hidma_model_faults {
	/** Fail every Nth TRE processed by the instance (0 = never). */
	uint32_t fail_every;
	/** Fail each TRE with this probability, in parts per million. */
	uint32_t fail_ppm;
	/** Error info of injected failures: HIDMA_EVRE_ERRINFO_* (default SRC_READ). */
	uint8_t fail_errinfo;
	/** RESET commands never complete (the driver's poll must time out). */
	bool reset_hangs;
	/** Bandwidth cap for the whole instance, bytes per second (0 = none). */
	uint64_t bw_bytes_per_sec;
	/** Added latency per TRE, nanoseconds (0 = none). */
	uint64_t tre_latency_ns;
};

/**
 * External address translation, for a front-end that owns the IOMMU (an
 * emulator putting the model behind its own DMA address space): return a
 * host pointer to the whole of [iova, iova + len) of channel ch, valid until
 * the current hidma_model_poll() returns, for a read (write false) or a
 * write; NULL is a fault (the TRE completes with an error EVRE). Called only
 * from hidma_model_poll().
 */
typedef void *(*hidma_model_xlate_t)(void *arg, unsigned int ch, uint64_t iova,
		uint64_t len, bool write);

struct hidma_model_params {
	/** Number of channels, 1..HIDMA_MODEL_MAX_CHANNELS. */
	unsigned int nb_channels;
	/** Channel flavour presented: HIDMA_FLAVOUR_1_0/1_1/1_2 (hidma_hw.h). */
	unsigned int flavour;
	/** HW_VERSION fields; both 0 means the default 1.1. */
	uint8_t hw_major;
	uint8_t hw_minor;
	/** Seed for the probabilistic fault injection. */
	uint64_t seed;
	struct hidma_model_faults faults;
	/**
	 * Monotonic clock in nanoseconds, used only for pacing and latency
	 * injection; NULL selects clock_gettime(CLOCK_MONOTONIC).
	 */
	uint64_t (*clock_ns)(void *arg);
	void *clock_arg;
	/**
	 * NULL: the model's own IOMMU view (hidma_model_dma_map()). Else every
	 * ring, descriptor and data access is translated by this callback, at
	 * each poll again, and hidma_model_dma_map() has no effect on the engine.
	 */
	hidma_model_xlate_t xlate;
	void *xlate_arg;
	/**
	 * Allocator of the model's state and register windows (zeroed, aligned
	 * to @p align), e.g. memory that several processes map at the same
	 * address; NULL selects posix_memalign(). @p free_fn releases it.
	 * The IOMMU view stays in the creating process's own heap: only the
	 * engine and hidma_model_dma_map() (same process) use it.
	 */
	void *(*alloc_fn)(void *arg, size_t size, size_t align);
	void (*free_fn)(void *arg, void *p);
	void *alloc_arg;
};

/** Per-channel counters kept by the model (for tests, dump and telemetry). */
struct hidma_model_chan_stats {
	uint64_t tres;		/**< TREs processed (EVREs written) */
	uint64_t bytes;		/**< payload bytes moved (copy) or written (fill) */
	uint64_t errors;	/**< TREs that failed */
	uint64_t doorbells;	/**< TRCA doorbell changes observed */
	uint64_t resets;	/**< RESET commands completed */
	uint32_t state_trca;	/**< current TRCA state (enum hidma_ch_state) */
	uint32_t state_evca;	/**< current EVCA state */
};

/**
 * Create a model instance; registers hold their power-on values:
 * CFG disabled, HW_VERSION 1.1, bursts 1024/1024, transactions 31/31,
 * CHRESET_TIMEOUT 0x500, every QOS_N priority 0 weight 1, every channel
 * DISABLED, TRCA+0x28 (and +0x40 on the 1.2 flavour) = channel index.
 * @return NULL with errno set on invalid parameters or no memory.
 */
struct hidma_model *hidma_model_create(const struct hidma_model_params *params);

/** Destroy an instance. No thread may be in hidma_model_poll(). */
void hidma_model_destroy(struct hidma_model *m);

unsigned int hidma_model_nb_channels(const struct hidma_model *m);

/** Register windows (page aligned, zero-filled where not a register). */
void *hidma_model_mgmt_regs(struct hidma_model *m);
void *hidma_model_trca_regs(struct hidma_model *m, unsigned int ch);
void *hidma_model_evca_regs(struct hidma_model *m, unsigned int ch);

/**
 * Add [iova, iova + len) -> [va, va + len) to the IOMMU view. Adjacent or
 * overlapping mappings are allowed; an access must lie entirely within one
 * mapping (ranges that are contiguous in both IOVA and VA are merged).
 * @return 0, or -EINVAL / -ENOMEM.
 */
int hidma_model_dma_map(struct hidma_model *m, uint64_t iova, void *va, uint64_t len);

/** Remove exactly [iova, iova + len) from the view. @return 0 or -ENOENT. */
int hidma_model_dma_unmap(struct hidma_model *m, uint64_t iova, uint64_t len);

/**
 * Advance the model: handle commands, consume doorbells, process TREs,
 * write EVREs, publish EVCA_WRITE_PTR. Processes a bounded amount of work
 * (so several instances or other services can share a core).
 * @return number of TREs processed plus state changes made; 0 when idle.
 */
unsigned int hidma_model_poll(struct hidma_model *m);

/** True when some channel has work queued (doorbell ahead of HW). */
bool hidma_model_busy(const struct hidma_model *m);

int hidma_model_chan_stats(const struct hidma_model *m, unsigned int ch,
		struct hidma_model_chan_stats *stats);

/**
 * Replace the fault-injection settings (any thread but the one that polls);
 * NULL turns everything off. Returns once a poll running at the call has
 * ended, so every TRE the engine takes after the return uses the new ones.
 */
void hidma_model_set_faults(struct hidma_model *m, const struct hidma_model_faults *f);

/** Current fault-injection settings (any thread). */
void hidma_model_get_faults(const struct hidma_model *m, struct hidma_model_faults *f);

/**
 * Interrupt lines the channel would assert: IRQ_STAT & IRQ_EN (any thread).
 * A front-end that emulates wired interrupts or MSIs can poll this.
 */
uint32_t hidma_model_irq_pending(const struct hidma_model *m, unsigned int ch);

#ifdef __cplusplus
}
#endif

#endif /* _HIDMA_MODEL_H_ */
