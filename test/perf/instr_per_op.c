/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Application-side cost of a dmadev, in instructions per job: run under
 * valgrind --tool=callgrind --toggle-collect=measured_* (see
 * devtools/instr-count.sh): only the copy, submit and completed calls are
 * counted, not the wait for the device, which depends on timing.
 *
 *   instr_per_op <EAL args> -- <dmadev name> [bursts] [burst size] [length] [mode]
 *
 * mode: copy (default: rte_dma_copy + rte_dma_completed), fill
 * (rte_dma_fill + rte_dma_completed) or status (rte_dma_copy +
 * rte_dma_completed_status).
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_pause.h>

#define RING_SIZE 1024

enum mode { MODE_COPY, MODE_FILL, MODE_STATUS };
static enum mode mode = MODE_COPY;

/* measured: the calls an application makes to hand over a batch of jobs */
static __rte_noinline int
measured_enqueue(int16_t dev, rte_iova_t src, rte_iova_t dst, uint32_t len, uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++)
		if (rte_dma_copy(dev, 0, src + (uint64_t)i * len, dst + (uint64_t)i * len,
				len, 0) < 0)
			return -1;
	return rte_dma_submit(dev, 0);
}

/* measured: one completed() call that reaps the batch */
static __rte_noinline uint16_t
measured_reap(int16_t dev, uint16_t n)
{
	uint16_t last;
	bool err = false;
	uint16_t got = rte_dma_completed(dev, 0, n, &last, &err);

	return err ? 0 : got;
}

/* measured: the same with fills (no source) */
static __rte_noinline int
measured_enqueue_fill(int16_t dev, rte_iova_t src, rte_iova_t dst, uint32_t len, uint16_t n)
{
	uint16_t i;

	RTE_SET_USED(src);
	for (i = 0; i < n; i++)
		if (rte_dma_fill(dev, 0, 0x5a5a5a5a5a5a5a5aULL, dst + (uint64_t)i * len, len,
				0) < 0)
			return -1;
	return rte_dma_submit(dev, 0);
}

/* measured: the same with completed_status(), and the check of the statuses */
static __rte_noinline uint16_t
measured_reap_status(int16_t dev, uint16_t n)
{
	static enum rte_dma_status_code st[RING_SIZE];
	uint16_t last, got, i;

	got = rte_dma_completed_status(dev, 0, n, &last, st);
	for (i = 0; i < got; i++)
		if (st[i] != RTE_DMA_STATUS_SUCCESSFUL)
			return 0;
	return got;
}

/* not measured: let the device finish the batch (timing dependent) */
static __rte_noinline void
wait_idle(int16_t dev)
{
	enum rte_dma_vchan_status st;

	do {
		rte_pause();
		if (rte_dma_vchan_status(dev, 0, &st) < 0)
			st = RTE_DMA_VCHAN_IDLE;
	} while (st == RTE_DMA_VCHAN_ACTIVE);
}

int
main(int argc, char **argv)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf vconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = RING_SIZE,
	};
	unsigned int bursts = 2000, n = 32, len = 64, b, calls = 0, done = 0;
	uint8_t *src, *dst;
	int16_t dev;
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "EAL init failed\n");
		return 1;
	}
	argc -= ret;
	argv += ret;
	if (argc < 2) {
		fprintf(stderr, "usage: instr_per_op <EAL args> -- <dmadev> [bursts] [burst] [len]\n");
		return 1;
	}
	if (argc > 2)
		bursts = strtoul(argv[2], NULL, 0);
	if (argc > 3)
		n = strtoul(argv[3], NULL, 0);
	if (argc > 4)
		len = strtoul(argv[4], NULL, 0);
	if (argc > 5) {
		if (strcmp(argv[5], "fill") == 0)
			mode = MODE_FILL;
		else if (strcmp(argv[5], "status") == 0)
			mode = MODE_STATUS;
		else if (strcmp(argv[5], "copy") != 0) {
			fprintf(stderr, "mode must be copy, fill or status\n");
			return 1;
		}
	}
	if (bursts == 0 || n == 0 || n >= RING_SIZE || len == 0) {
		fprintf(stderr, "bad bursts, burst size or length\n");
		return 1;
	}
	dev = rte_dma_get_dev_id_by_name(argv[1]);
	if (dev < 0) {
		fprintf(stderr, "no dmadev named %s\n", argv[1]);
		return 1;
	}
	if (rte_dma_configure(dev, &conf) < 0 || rte_dma_vchan_setup(dev, 0, &vconf) < 0 ||
			rte_dma_start(dev) < 0) {
		fprintf(stderr, "cannot set up %s\n", argv[1]);
		return 1;
	}
	src = rte_malloc(NULL, (size_t)n * len, 4096);
	dst = rte_malloc(NULL, (size_t)n * len, 4096);
	if (src == NULL || dst == NULL) {
		fprintf(stderr, "no memory\n");
		return 1;
	}
	memset(src, 0x5a, (size_t)n * len);

	for (b = 0; b < bursts; b++) {
		if ((mode == MODE_FILL ? measured_enqueue_fill : measured_enqueue)(dev,
				rte_malloc_virt2iova(src), rte_malloc_virt2iova(dst), len, n) < 0) {
			fprintf(stderr, "enqueue failed\n");
			return 1;
		}
		/* a device whose vchan_status lags may need more than one call */
		while (done < (b + 1) * n) {
			wait_idle(dev);
			done += (mode == MODE_STATUS ? measured_reap_status : measured_reap)(dev,
				n);
			calls++;
		}
	}
	if (mode == MODE_FILL)
		memset(src, 0x5a, (size_t)n * len);
	if (memcmp(src, dst, (size_t)n * len) != 0) {
		fprintf(stderr, "data mismatch\n");
		return 1;
	}
	printf("device %s jobs %u burst %u length %u completed-calls %u\n",
			argv[1], bursts * n, n, len, calls);
	rte_dma_stop(dev);
	rte_eal_cleanup();
	return 0;
}
