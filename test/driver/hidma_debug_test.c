/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The debug build of the channel PMD rejects a vchan other than 0 in every
 * fast-path op. This program is built from the driver's sources with
 * -DHIDMA_DEBUG (what -Dc_args=-DRTE_DMADEV_DEBUG also selects) and drives
 * a software model of its own, with no plugin loaded:
 *
 *   hidma_debug_test <EAL args>
 */

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_pause.h>

#include <dev_driver.h>

#include <hidma_hw.h>
#include <hidma_model.h>

#include "hidma_dmadev.h"
#include "hidma_test_dev.h"

#if !defined(HIDMA_DEBUG) && !defined(RTE_DMADEV_DEBUG)
#error "build with -DHIDMA_DEBUG"
#endif

static struct hidma_model *model;
static volatile bool engine_stop;

static void *
engine(void *arg)
{
	RTE_SET_USED(arg);
	while (!engine_stop)
		hidma_model_poll(model);
	return NULL;
}

static int
map_seg(const struct rte_memseg_list *msl, const struct rte_memseg *ms, size_t len, void *arg)
{
	RTE_SET_USED(msl);
	RTE_SET_USED(arg);
	return hidma_model_dma_map(model, ms->iova, ms->addr, len) == 0 ? 0 : -1;
}

/* the channel under test */
static int16_t id = -1;

static int
test_vchan(void)
{
	struct ht_buf buf;
	struct rte_dma_sge s, d;
	enum rte_dma_status_code st[4];
	struct rte_dma_stats stats;
	uint16_t last, got = 0;
	bool err = false;
	uint64_t end;

	ht_dma_setup(id, 64, true);
	ht_buf_alloc(&buf, "dbg_buf", 8192);
	memset(buf.va, 0x77, 4096);
	memset(RTE_PTR_ADD(buf.va, 4096), 0, 4096);
	s = (struct rte_dma_sge){ .addr = buf.iova, .length = 64 };
	d = (struct rte_dma_sge){ .addr = buf.iova + 4096, .length = 64 };

	/* every fast-path op refuses vchan 1, and enqueues nothing */
	CHECK(rte_dma_copy(id, 1, buf.iova, buf.iova + 4096, 64, RTE_DMA_OP_FLAG_SUBMIT) ==
		-EINVAL, "copy");
	CHECK(rte_dma_fill(id, 1, 0, buf.iova + 4096, 64, RTE_DMA_OP_FLAG_SUBMIT) == -EINVAL,
		"fill");
	CHECK(rte_dma_copy_sg(id, 1, &s, &d, 1, 1, RTE_DMA_OP_FLAG_SUBMIT) == -EINVAL,
		"copy_sg");
	CHECK(rte_dma_submit(id, 1) == -EINVAL, "submit");
	CHECK(rte_dma_burst_capacity(id, 1) == 0, "burst_capacity");
	CHECK(rte_dma_burst_capacity(id, 0) == 63, "burst_capacity of vchan 0");
	CHECK(rte_dma_stats_get(id, 0, &stats) == 0 && stats.submitted == 0,
		"a refused op submitted something");

	/* vchan 0 works, and the refused reaps report nothing of it */
	CHECK(rte_dma_copy(id, 0, buf.iova, buf.iova + 4096, 64, RTE_DMA_OP_FLAG_SUBMIT) == 0,
		"copy on vchan 0");
	end = rte_get_timer_cycles() + 10 * rte_get_timer_hz();
	while (got == 0 && rte_get_timer_cycles() < end) {
		CHECK(rte_dma_completed(id, 1, 4, &last, &err) == 0, "completed on vchan 1");
		CHECK(rte_dma_completed_status(id, 1, 4, &last, st) == 0,
			"completed_status on vchan 1");
		got = rte_dma_completed(id, 0, 4, &last, &err);
	}
	CHECK(got == 1 && !err && last == 0, "vchan 0 job: %u reaped", got);
	CHECK(memcmp(buf.va, RTE_PTR_ADD(buf.va, 4096), 64) == 0, "data");
	CHECK(rte_dma_stop(id) == 0, "stop");
	return 0;
}

static const struct ht_case cases[] = {
	{ "vchan", test_vchan },
};

int
main(int argc, char **argv)
{
	struct hidma_model_params params = {
		.nb_channels = 1,
		.flavour = HIDMA_FLAVOUR_1_2,
	};
	struct rte_device rdev = { .name = "hidma_debug" };
	struct hidma_chan_res res;
	uint32_t *cfg;
	pthread_t th;
	int ret = 1;

	if (ht_eal_init(&argc, &argv) != 0)
		return 1;
	model = hidma_model_create(&params);
	if (model == NULL || rte_memseg_contig_walk(map_seg, NULL) != 0) {
		printf("FAIL: model set-up\n");
		return 1;
	}
	cfg = RTE_PTR_ADD(hidma_model_mgmt_regs(model), HIDMA_MGMT_CFG_REG);
	__atomic_store_n(cfg, rte_cpu_to_le_32(HIDMA_MGMT_CFG_ENABLE), __ATOMIC_RELEASE);
	if (pthread_create(&th, NULL, engine, NULL) != 0) {
		printf("FAIL: engine thread\n");
		return 1;
	}
	res = (struct hidma_chan_res){
		.trca = hidma_model_trca_regs(model, 0),
		.evca = hidma_model_evca_regs(model, 0),
		.caps = HIDMA_FLAVOUR_CAPS(HIDMA_FLAVOUR_1_2),
		.numa_node = SOCKET_ID_ANY,
	};
	id = hidma_dmadev_create("hidma_debug-ch0", &rdev, &res, "cmd_timeout_ms=2000");
	if (id >= 0)
		ret = ht_run(cases, RTE_DIM(cases), argc, argv);
	else
		printf("FAIL: hidma_dmadev_create: %d\n", id);
	if (id >= 0)
		hidma_dmadev_destroy("hidma_debug-ch0");
	engine_stop = true;
	pthread_join(th, NULL);
	hidma_model_destroy(model);
	rte_eal_cleanup();
	return ret;
}
