/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * libFuzzer harness: the devargs of the emulated instance
 * (--vdev hidma_model<N>,<devargs>, drivers/common/hidma_model/hidma_model_vdev.c).
 * Each input is one devargs string: rte_vdev_init() accepts it (then the
 * instance is removed again) or refuses it, leaving no device behind.
 */

#include <stdint.h>
#include <stdlib.h>

#include <rte_bus_vdev.h>
#include <rte_dmadev.h>
#include <rte_rawdev.h>

#include "fuzz_eal.h"

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
	char *args = fuzz_string(data, size, 1024);

	if (rte_vdev_init("hidma_model7", args) == 0) {
		if (rte_vdev_uninit("hidma_model7") != 0)
			abort();
	}
	/* accepted and removed, or refused: nothing may stay */
	if (rte_dma_count_avail() != 0 || rte_rawdev_count() != 0)
		abort();
	free(args);
	return 0;
}
