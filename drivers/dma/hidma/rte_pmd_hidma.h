/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _RTE_PMD_HIDMA_H_
#define _RTE_PMD_HIDMA_H_

/**
 * @file
 * Public interface of the HIDMA channel dmadev (driver dma_hidma) beyond
 * rte_dmadev.h: device register access accounting.
 *
 * On silicon the CPU cost of a job is dominated by register (MMIO) accesses:
 * a read is a non-posted round trip to the device. The driver counts every
 * 32-bit register read and write it makes on a channel, from the fast path
 * and from the control path (start, stop, recovery, dump, vchan_status),
 * always, at no measurable cost (see the HIDMA guide, "MMIO accounting").
 *
 * Tools that load the driver as a plugin (EAL -d) and do not link it can
 * look these functions up at run time and print "n/a" when absent. EAL
 * opens plugins without RTLD_GLOBAL, so dlsym(RTLD_DEFAULT, ...) does not
 * see them; dlopen("librte_dma_hidma.so", RTLD_NOW | RTLD_NOLOAD) returns
 * the loaded plugin (or NULL), and dlsym() on that handle works.
 */

#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Register accesses made on one channel since start or the last reset. */
struct rte_pmd_hidma_mmio_stats {
	uint64_t reads;		/**< 32-bit MMIO reads */
	uint64_t writes;	/**< 32-bit MMIO writes */
};

/**
 * Read the MMIO counters of a HIDMA channel. Safe to call from any thread
 * while another lcore drives the channel (the values may be a few accesses
 * old).
 *
 * @param dev_id
 *   dmadev id of a HIDMA channel.
 * @param st
 *   Filled on success.
 * @return
 *   0; -EINVAL if dev_id is not a valid dmadev or st is NULL; -ENOTSUP if
 *   the dmadev is not a HIDMA channel.
 */
int rte_pmd_hidma_mmio_stats_get(int16_t dev_id, struct rte_pmd_hidma_mmio_stats *st);

/**
 * Restart the MMIO counters of a HIDMA channel from 0. rte_dma_start() does
 * the same.
 *
 * @return
 *   0; -EINVAL if dev_id is not a valid dmadev; -ENOTSUP if it is not a
 *   HIDMA channel.
 */
int rte_pmd_hidma_mmio_stats_reset(int16_t dev_id);

/*
 * Channel owner record (multi-process). A channel's ring state is shared by
 * every process of a DPDK application, but its fast path has one writer:
 * exactly one process may enqueue and reap at a time. The owner record, in
 * the channel's shared private data, says which one (its pid). The driver
 * never checks it on the fast path; applications and tools agree through it:
 *  - rte_dma_start() takes the record for the calling process if it is free;
 *    rte_dma_stop() (from any process) clears it;
 *  - a process that wants to drive a channel claims it, and drives it only
 *    if the claim succeeded; the owner gives it up with release, or hands it
 *    to a given pid with handover;
 *  - an owner found dead (kill(pid, 0) fails with ESRCH) counts as none:
 *    claim takes the channel over and get reports 0. A dead child that its
 *    parent has not reaped yet (a zombie) still counts as alive.
 * The jobs a dead owner left in flight complete or stay in the ring; stop
 * and start the channel to begin from an empty ring.
 */

/**
 * Read a channel's owner.
 *
 * @param dev_id
 *   dmadev id of a HIDMA channel.
 * @param pid
 *   Filled with the owner's pid, 0 if none (a dead owner's record is
 *   cleared on the way).
 * @return
 *   0; -EINVAL if dev_id is not a valid dmadev or pid is NULL; -ENOTSUP if
 *   it is not a HIDMA channel.
 */
int rte_pmd_hidma_owner_get(int16_t dev_id, pid_t *pid);

/**
 * Make the calling process the channel's owner, with a compare-and-swap:
 * succeeds if the record is free, names a dead process, or names the caller
 * already.
 *
 * @return
 *   0; -EBUSY if another live process owns the channel; -EINVAL, -ENOTSUP as
 *   rte_pmd_hidma_owner_get().
 */
int rte_pmd_hidma_owner_claim(int16_t dev_id);

/**
 * Give up the channel (the record becomes free).
 *
 * @return
 *   0 (also if it was free); -EPERM if another process owns it; -EINVAL,
 *   -ENOTSUP as rte_pmd_hidma_owner_get().
 */
int rte_pmd_hidma_owner_release(int16_t dev_id);

/**
 * Hand the channel over to process @p pid (e.g. a worker the primary
 * started): the record names @p pid from now on. The caller must own the
 * channel, or the record must be free or name a dead process.
 *
 * @return
 *   0; -EPERM if another live process owns it; -EINVAL if pid <= 0, and as
 *   rte_pmd_hidma_owner_get(); -ENOTSUP if it is not a HIDMA channel.
 */
int rte_pmd_hidma_owner_handover(int16_t dev_id, pid_t pid);

#ifdef __cplusplus
}
#endif

#endif /* _RTE_PMD_HIDMA_H_ */
