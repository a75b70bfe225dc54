/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/* Ring capacity: a full ring, and a slow engine that keeps it full. */

#include "driver_test.h"

/* a full ring: -ENOSPC, capacity back only as jobs are reaped */
int
test_full(void)
{
	static struct gen g;
	const struct { uint16_t nb_desc, usable; } sizes[] = {
		{ 32, 31 }, { 33, 63 }, { 1000, 1023 }, { 16384, 16383 },
	};
	const struct rte_dma_vchan_conf bad_lo = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM, .nb_desc = 31 };
	const struct rte_dma_vchan_conf bad_hi = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM, .nb_desc = 16385 };
	struct rte_dma_info info;
	unsigned int s, i;
	uint16_t got, cap;
	int ret;

	RUN(gen_init_slots(&g, "full", ht_dma_id(CH0), MAX_JOBS, 256));
	CHECK(rte_dma_info_get(g.dev, &info) == 0, "info");
	CHECK(info.min_desc == 32 && info.max_desc == 16384 && info.max_vchans == 1,
		"limits %u..%u", info.min_desc, info.max_desc);
	CHECK((info.dev_capa & (RTE_DMA_CAPA_MEM_TO_MEM | RTE_DMA_CAPA_OPS_COPY |
		RTE_DMA_CAPA_OPS_FILL | RTE_DMA_CAPA_HANDLES_ERRORS)) ==
		(RTE_DMA_CAPA_MEM_TO_MEM | RTE_DMA_CAPA_OPS_COPY | RTE_DMA_CAPA_OPS_FILL |
		RTE_DMA_CAPA_HANDLES_ERRORS), "capabilities 0x%" PRIx64, info.dev_capa);
	ht_dma_setup(g.dev, 32, false);
	CHECK(rte_dma_vchan_setup(g.dev, 0, &bad_lo) < 0, "nb_desc 31 accepted");
	CHECK(rte_dma_vchan_setup(g.dev, 0, &bad_hi) < 0, "nb_desc 16385 accepted");

	for (s = 0; s < RTE_DIM(sizes); s++) {
		const uint16_t usable = sizes[s].usable;

		ht_dma_setup(g.dev, sizes[s].nb_desc, true);
		gen_restart(&g);
		CHECK(rte_dma_burst_capacity(g.dev, 0) == usable, "nb_desc %u: capacity %u",
			sizes[s].nb_desc, rte_dma_burst_capacity(g.dev, 0));
		for (i = 0; i < usable; i++) {
			CHECK(gen_enqueue(&g, i & 1 ? JOB_FILL : JOB_COPY, 64, 0,
				i % 100 == 99 ? RTE_DMA_OP_FLAG_SUBMIT : 0) == (int)i, "enqueue %u", i);
			CHECK(rte_dma_burst_capacity(g.dev, 0) == usable - i - 1, "capacity");
		}
		ret = rte_dma_copy(g.dev, 0, g.src.iova, slot_iova(&g, 0), 8, 0);
		CHECK(ret == -ENOSPC, "copy into a full ring: %d", ret);
		ret = rte_dma_fill(g.dev, 0, PATTERN, slot_iova(&g, 0), 8, 0);
		CHECK(ret == -ENOSPC, "fill into a full ring: %d", ret);
		RUN(gen_submit(&g));
		CHECK(wait_hw(g.dev) == RTE_DMA_VCHAN_IDLE, "not idle");
		/* HW is done, but nothing was reaped: still full */
		CHECK(rte_dma_burst_capacity(g.dev, 0) == 0, "capacity rose before reaping");
		CHECK(rte_dma_copy(g.dev, 0, g.src.iova, slot_iova(&g, 0), 8, 0) == -ENOSPC,
			"copy accepted before reaping");
		RUN(gen_completed(&g, 5, &got, NULL));
		CHECK(got == 5, "reaped %u", got);
		cap = rte_dma_burst_capacity(g.dev, 0);
		CHECK(cap == 5, "capacity %u after reaping 5", cap);
		for (i = 0; i < 5; i++)
			CHECK(gen_enqueue(&g, JOB_COPY, 64, 0, 0) >= 0, "enqueue after reaping");
		CHECK(gen_enqueue(&g, JOB_COPY, 64, 0, 0) == -ENOSPC, "not full again");
		RUN(gen_submit(&g));
		RUN(gen_drain(&g));
		CHECK(rte_dma_burst_capacity(g.dev, 0) == usable, "capacity not restored");
		RUN(expect_nothing_more(&g));
		CHECK(rte_dma_stop(g.dev) == 0, "stop");
	}
	return 0;
}

/*
 * On a slow device (devarg bw_mbps=1: an 8 KiB job takes ~8 ms) the reaper
 * meets jobs HW has not finished right after soft statuses: after a
 * recovery, one call walks the failed job's successors while HW is still
 * running them. Nothing may be reported that HW did not report.
 */
int
test_slowhw(void)
{
	static struct gen g;
	const uint32_t len = 8192;
	unsigned int it, i;
	uint16_t got;

	RUN(gen_init_slots(&g, "slowhw", ht_dma_id(CH0), 64, len));
	for (it = 0; it < 4; it++) {
		ht_dma_setup(g.dev, 64, true);
		gen_restart(&g);
		for (i = 0; i < 5; i++) {
			struct job *j = job_of(&g, g.next_id);

			CHECK(gen_enqueue(&g, JOB_COPY, len, i == 0 ? 1 : 0,
				i == 4 ? RTE_DMA_OP_FLAG_FENCE : 0) == (int)i, "enqueue");
			j->expect_known = true;
			j->expect = i == 0 ? RTE_DMA_STATUS_INVALID_SRC_ADDR : i == 4 ?
				RTE_DMA_STATUS_NOT_ATTEMPTED : RTE_DMA_STATUS_SUCCESSFUL;
		}
		RUN(gen_submit(&g));
		CHECK(wait_hw(g.dev) == RTE_DMA_VCHAN_HALTED_ERROR, "not halted");
		RUN(gen_completed_status(&g, 1, &got));	/* recovers: 1..3 re-posted */
		CHECK(got == 1, "failed job not reported");
		rte_delay_us_sleep(12 * 1000);
		RUN(gen_completed_status(&g, 16, &got));
		if (it == 0)
			printf("after 12 ms: %u more jobs reported\n", got);
		RUN(gen_drain(&g));
		RUN(expect_nothing_more(&g));
		CHECK(g.ok == 3 && g.failed == 1 && g.not_attempted == 1, "counts");
		/* a spurious recovery would mean an unfinished job was looked at */
		CHECK(dump_counter(g.dev, "recoveries") == 1, "%" PRIu64 " recoveries, expected 1",
			dump_counter(g.dev, "recoveries"));
		CHECK(rte_dma_stop(g.dev) == 0, "stop");
	}
	return 0;
}
