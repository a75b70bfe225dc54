/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * dma_caps [EAL args]: print one line per dmadev, "NAME fill=0|1 sg=0|1",
 * from rte_dma_info_get(), so that tests ask a device (dma_skeleton differs
 * between DPDK releases) what it can do instead of assuming it.
 */

#include <stdio.h>

#include <rte_dmadev.h>
#include <rte_eal.h>

int
main(int argc, char **argv)
{
	struct rte_dma_info info;
	int16_t id;

	if (rte_eal_init(argc, argv) < 0) {
		fprintf(stderr, "dma_caps: EAL initialisation failed\n");
		return 1;
	}
	RTE_DMA_FOREACH_DEV(id) {
		if (rte_dma_info_get(id, &info) != 0) {
			fprintf(stderr, "dma_caps: no info for dmadev %d\n", id);
			return 1;
		}
		printf("%s fill=%d sg=%d\n", info.dev_name,
				(info.dev_capa & RTE_DMA_CAPA_OPS_FILL) != 0,
				(info.dev_capa & RTE_DMA_CAPA_OPS_COPY_SG) != 0);
	}
	rte_eal_cleanup();
	return 0;
}
