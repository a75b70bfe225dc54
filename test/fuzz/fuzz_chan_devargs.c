/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * libFuzzer harness: the channel dmadev's devargs
 * (drivers/dma/hidma/hidma_dmadev.c: hidma_dmadev_parse_devargs() on
 * rte_kvargs, then hidma_dmadev_create_params() with what it parsed, as the
 * platform front-end does). Registers are two zeroed pages, as in
 * test/driver's devargs scenario: creation does not start the channel. Each
 * input is one devargs string: accepted (the dmadev is destroyed again) or
 * refused, leaving nothing behind.
 */

#include <stdint.h>
#include <stdlib.h>

#include <rte_common.h>
#include <rte_dmadev.h>
#include <rte_memory.h>

#include <dev_driver.h>

#include "fuzz_eal.h"
#include "hidma_dmadev.h"
#include "hidma_hw.h"

static uint8_t regs[2][HIDMA_TRCA_SIZE] __rte_aligned(4096);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	fuzz_eal_init(NULL);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rte_device fake = { .name = "fuzz", .numa_node = SOCKET_ID_ANY };
	struct hidma_chan_res res = {
		.trca = regs[0], .evca = regs[1], .caps = 0, .numa_node = SOCKET_ID_ANY,
	};
	char *args = fuzz_string(data, size, 1024);
	struct hidma_chan_params params;

	if (hidma_dmadev_parse_devargs("fuzz-ch", args, &params) == 0 &&
			hidma_dmadev_create_params("fuzz-ch", &fake, &res, &params) >= 0) {
		if (hidma_dmadev_destroy("fuzz-ch") != 0)
			abort();
	}
	if (rte_dma_count_avail() != 0)
		abort();
	free(args);
	return 0;
}
