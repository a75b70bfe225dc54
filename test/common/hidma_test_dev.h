/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef HIDMA_TEST_DEV_H
#define HIDMA_TEST_DEV_H

/*
 * Device helpers of the test programs that run EAL: start EAL and the
 * runner, find the emulated instance's channels, configure a vchan,
 * allocate IOVA-contiguous buffers, wait for completions. Failures end the
 * running case (CHECK, hidma_test.h).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_memory.h>

#include "hidma_test.h"

/*
 * rte_eal_init(), then ht_run() on the arguments after "--", then
 * rte_eal_cleanup(): the main() of every EAL test program. Returns the exit
 * code.
 */
int ht_eal_main(int argc, char **argv, const struct ht_case *cases, unsigned int nb_cases);

/* rte_eal_init() with a message that always says why it failed; 0 or -1 */
int ht_eal_init(int *argc, char ***argv);

/* an IOVA-contiguous memzone (so that IOVA-as-PA runs work too) */
struct ht_buf {
	uint8_t *va;
	rte_iova_t iova;
	size_t len;
};

/* reserve one, page-aligned; fails the case when there is no memory */
void ht_buf_alloc(struct ht_buf *b, const char *name, size_t len);

/* the dmadev id of a channel ("<instance>-ch<n>"), -1 (and a message) if none */
int16_t ht_dma_id(const char *name);

/* the dmadev of channel ch of an emulated instance; fails the case if none */
int16_t ht_chan_id(const char *instance, unsigned int ch);

/* how many channels "<instance>-ch0", "-ch1", ... exist; their ids in ids[] */
unsigned int ht_chan_ids(const char *instance, int16_t *ids, unsigned int max);

/* configure one mem-to-mem vchan of nb_desc descriptors; start it if asked */
void ht_dma_setup(int16_t id, uint16_t nb_desc, bool start);

/*
 * rte_dma_completed() on vchan 0 until n jobs are reaped or max_polls calls
 * returned nothing, whichever comes first (bounded by counts, never by the
 * clock); returns the number reaped. *has_error (if not NULL) tells whether
 * a call reported an error (the call that does ends the wait).
 */
uint16_t ht_dma_wait(int16_t id, uint16_t n, uint64_t max_polls, bool *has_error);

#endif /* HIDMA_TEST_DEV_H */
