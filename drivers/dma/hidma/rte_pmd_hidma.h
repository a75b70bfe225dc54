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

#ifdef __cplusplus
}
#endif

#endif /* _RTE_PMD_HIDMA_H_ */
