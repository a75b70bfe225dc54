/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * hidma-copy: the smallest useful HIDMA program. It copies a buffer and
 * fills another on one channel (default hidma_model0-ch0), checks the data,
 * and handles every error a DMA application must expect:
 *
 *   hidma-copy -d build/drivers --no-pci --vdev hidma_model0 [-- <dmadev name>]
 */

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_pmd_hidma_mgmt.h>

#define LEN		(64 * 1024)
#define NB_DESC		64
#define TIMEOUT_MS	1000
#define VCHAN		0	/* the one vchan configured below */

static const char *
status_name(enum rte_dma_status_code st)
{
	switch (st) {
	case RTE_DMA_STATUS_SUCCESSFUL: return "SUCCESSFUL";
	case RTE_DMA_STATUS_INVALID_SRC_ADDR: return "INVALID_SRC_ADDR";
	case RTE_DMA_STATUS_INVALID_DST_ADDR: return "INVALID_DST_ADDR";
	case RTE_DMA_STATUS_INVALID_LENGTH: return "INVALID_LENGTH";
	case RTE_DMA_STATUS_INVALID_OPCODE: return "INVALID_OPCODE";
	case RTE_DMA_STATUS_BUS_READ_ERROR: return "BUS_READ_ERROR";
	case RTE_DMA_STATUS_BUS_WRITE_ERROR: return "BUS_WRITE_ERROR";
	case RTE_DMA_STATUS_NOT_ATTEMPTED: return "NOT_ATTEMPTED";
	default: return "ERROR";
	}
}

/* Why @name is not a dmadev: nothing loaded, or not one of the channels there are. */
static void
explain_missing(const char *name)
{
	char inst[RTE_DEV_NAME_MAX_LEN];
	struct rte_pmd_hidma_mgmt_info hinfo;
	const char *p = strrchr(name, '-');
	int mgmt = -1;

	if (rte_dma_count_avail() == 0) {
		fprintf(stderr, "no dmadev %s: there is no dmadev at all; load the HIDMA drivers "
				"(-d <plugin dir>, e.g. -d build/drivers) and create an instance "
				"(--vdev hidma_model0)\n", name);
		return;
	}
	if (p != NULL && (size_t)(p - name) < sizeof(inst)) {
		memcpy(inst, name, p - name);
		inst[p - name] = '\0';
		mgmt = rte_pmd_hidma_mgmt_dev_id(inst);
	}
	if (mgmt >= 0 && rte_pmd_hidma_mgmt_info_get(mgmt, &hinfo) == 0)
		fprintf(stderr, "no dmadev %s: instance %s has %u channel(s), %s-ch0 to %s-ch%u\n",
				name, inst, hinfo.dma_channels, inst, inst, hinfo.dma_channels - 1);
	else
		fprintf(stderr, "no dmadev %s: %u dmadev(s) exist, none of that name\n", name,
				rte_dma_count_avail());
}

/* Wait for @nb jobs; report each failed one. @return jobs that succeeded. */
static int
wait_jobs(int16_t dev, uint16_t nb)
{
	uint64_t deadline = rte_get_timer_cycles() + rte_get_timer_hz() * TIMEOUT_MS / 1000;
	enum rte_dma_status_code st[NB_DESC];
	uint16_t done = 0, last, n, i;
	int ok = 0;

	while (done < nb) {
		/* completed_status() reports each job, failed or not */
		n = rte_dma_completed_status(dev, VCHAN, nb - done, &last, st);
		for (i = 0; i < n; i++) {
			if (st[i] == RTE_DMA_STATUS_SUCCESSFUL)
				ok++;
			else
				printf("job %u failed: status %s (%d)\n",
						(uint16_t)(last - n + 1 + i), status_name(st[i]),
						st[i]);
		}
		done += n;
		if (n == 0 && rte_get_timer_cycles() > deadline) {
			printf("timeout: %u of %u jobs completed\n", done, nb);
			break;
		}
	}
	return ok;
}

int
main(int argc, char **argv)
{
	const char *name = "hidma_model0-ch0";
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf vconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = NB_DESC,
	};
	struct rte_dma_info info;
	struct rte_dma_stats stats;
	uint8_t *src = NULL, *dst = NULL;
	int16_t dev;
	int ret, i, status = EXIT_FAILURE;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "cannot init EAL: %s\n", rte_strerror(rte_errno));
		return EXIT_FAILURE;
	}
	if (argc - ret > 1)
		name = argv[ret + 1];

	dev = rte_dma_get_dev_id_by_name(name);
	if (dev < 0) {
		explain_missing(name);
		goto out;
	}
	if (rte_dma_info_get(dev, &info) != 0) {
		fprintf(stderr, "cannot get info of %s\n", name);
		goto out;
	}
	vconf.nb_desc = RTE_MAX(RTE_MIN(vconf.nb_desc, info.max_desc), info.min_desc);
	ret = rte_dma_configure(dev, &conf);
	if (ret == 0)
		ret = rte_dma_vchan_setup(dev, VCHAN, &vconf);
	/* the fast path does not check vchans (outside debug builds): we do */
	if (ret == 0 && (rte_dma_info_get(dev, &info) != 0 || info.nb_vchans <= VCHAN)) {
		fprintf(stderr, "%s: vchan %u is not configured\n", name, VCHAN);
		goto out;
	}
	if (ret == 0)
		ret = rte_dma_start(dev);
	if (ret != 0) {
		struct rte_pmd_hidma_mgmt_info hinfo;
		char inst[RTE_DEV_NAME_MAX_LEN];
		const char *p = strrchr(name, '-');
		int mgmt = -1;

		fprintf(stderr, "cannot set up %s: %s\n", name, strerror(-ret));
		if (p != NULL && (size_t)(p - name) < sizeof(inst)) {
			memcpy(inst, name, p - name);
			inst[p - name] = '\0';
			mgmt = rte_pmd_hidma_mgmt_dev_id(inst);
		}
		/* a channel of a disabled instance never enables */
		if (mgmt >= 0 && rte_pmd_hidma_mgmt_info_get(mgmt, &hinfo) == 0 && !hinfo.enabled)
			fprintf(stderr, "instance %s is disabled (enable=0): rte_rawdev_start(%d) "
					"enables it\n", inst, mgmt);
		goto out;
	}

	src = rte_malloc(NULL, LEN, 64);
	dst = rte_zmalloc(NULL, LEN, 64);
	if (src == NULL || dst == NULL) {
		fprintf(stderr, "out of memory\n");
		goto stop;
	}
	for (i = 0; i < LEN; i++)
		src[i] = (uint8_t)(i * 13 + 1);

	/* one copy, submitted at once */
	ret = rte_dma_copy(dev, VCHAN, rte_malloc_virt2iova(src), rte_malloc_virt2iova(dst), LEN,
			RTE_DMA_OP_FLAG_SUBMIT);
	if (ret < 0) {
		fprintf(stderr, "copy not enqueued: %s\n", strerror(-ret));
		goto stop;
	}
	if (wait_jobs(dev, 1) != 1 || memcmp(src, dst, LEN) != 0) {
		fprintf(stderr, "copy failed\n");
		goto stop;
	}
	printf("copied %d bytes on %s\n", LEN, name);

	/* a fill, if the channel has them (HIDMA's memset opcode) */
	if (info.dev_capa & RTE_DMA_CAPA_OPS_FILL) {
		ret = rte_dma_fill(dev, VCHAN, 0x5a5a5a5a5a5a5a5aULL, rte_malloc_virt2iova(dst),
				LEN, RTE_DMA_OP_FLAG_SUBMIT);
		if (ret < 0 || wait_jobs(dev, 1) != 1) {
			fprintf(stderr, "fill failed\n");
			goto stop;
		}
		for (i = 0; i < LEN; i++) {
			if (dst[i] != 0x5a) {
				fprintf(stderr, "fill: byte %d is 0x%02x\n", i, dst[i]);
				goto stop;
			}
		}
		printf("filled %d bytes on %s\n", LEN, name);
	}

	if (rte_dma_stats_get(dev, VCHAN, &stats) == 0)
		printf("stats: submitted %" PRIu64 ", completed %" PRIu64 ", errors %" PRIu64 "\n",
				stats.submitted, stats.completed, stats.errors);
	status = EXIT_SUCCESS;
stop:
	rte_dma_stop(dev);
	rte_dma_close(dev);
out:
	rte_free(src);
	rte_free(dst);
	rte_eal_cleanup();
	return status;
}
