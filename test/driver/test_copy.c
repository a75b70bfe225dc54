/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/* Copies and fills: ids wrapping, every fill length, fences. */

#include "driver_test.h"

/* ids wrap past 65535 on both channels, data checked for every job */
int
test_wrap(void)
{
	static struct gen g[2];
	const uint16_t nb_desc[2] = { 1024, 512 };
	uint32_t total[2] = { 0, 0 }, wraps[2] = { 0, 0 };
	int c, i, ret;

	for (c = 0; c < 2; c++) {
		RUN(gen_init(&g[c], c == 0 ? "wrap0" : "wrap1", ht_dma_id(c == 0 ? CH0 : CH1)));
		ht_dma_setup(g[c].dev, nb_desc[c], true);
		CHECK(rte_dma_burst_capacity(g[c].dev, 0) == nb_desc[c] - 1, "capacity");
	}
	while (total[0] < 70000 || total[1] < 70000) {
		for (c = 0; c < 2; c++) {
			struct gen *x = &g[c];
			uint16_t burst = 1 + rte_rand_max(64), n;

			if ((uint16_t)(x->next_id - x->next_reap) + burst > 400)
				burst = 0;
			for (i = 0; i < burst; i++) {
				bool fill = rte_rand_max(10) == 0;
				uint64_t fl = i == burst - 1 && (rte_rand() & 1) ?
					RTE_DMA_OP_FLAG_SUBMIT : 0;
				uint16_t want = x->next_id;

				ret = gen_enqueue(x, fill ? JOB_FILL : JOB_COPY,
					1 + rte_rand_max(2048), 0, fl);
				CHECK(ret == want, "enqueue returned %d, expected id %u", ret, want);
				if (want == UINT16_MAX)
					wraps[c]++;
			}
			if (x->nb_unsubmitted != 0)
				RUN(gen_submit(x));
			total[c] += burst;
			if (rte_rand() & 1)
				RUN(gen_completed(x, 1 + rte_rand_max(128), &n, NULL));
			else
				RUN(gen_completed_status(x, 1 + rte_rand_max(128), &n));
		}
	}
	for (c = 0; c < 2; c++) {
		RUN(gen_drain(&g[c]));
		RUN(expect_nothing_more(&g[c]));
		CHECK(wraps[c] >= 1, "channel %d: ids did not wrap", c);
		CHECK(g[c].errors == 0, "errors");
		printf("channel %d: %u jobs, ids wrapped %u times\n", c, total[c], wraps[c]);
		CHECK(rte_dma_stop(g[c].dev) == 0, "stop");
	}
	return 0;
}

/* fills of every length 1..4096 at random alignments, byte-exact */
int
test_fill(void)
{
	static struct gen g;
	uint32_t len = 1;
	int ret;

	RUN(gen_init(&g, "fill", ht_dma_id(CH0)));
	g.fill_pattern = PATTERN;
	ht_dma_setup(g.dev, 256, true);
	while (len <= SLOT_SZ) {
		int i;

		for (i = 0; i < 32 && len <= SLOT_SZ; i++, len++) {
			ret = gen_enqueue(&g, JOB_FILL, len, 0, 0);
			CHECK(ret >= 0, "fill len %u: %d", len, ret);
		}
		RUN(gen_submit(&g));
		RUN(gen_drain(&g));
	}
	RUN(expect_nothing_more(&g));
	CHECK(g.errors == 0, "errors");
	return rte_dma_stop(g.dev);
}


/* after a failure, jobs from the first fenced one on are NOT_ATTEMPTED */
static int
fence_burst(struct gen *g, unsigned int n, unsigned int bad, unsigned int fence,
		unsigned int *nb_na)
{
	enum rte_dma_status_code st[64];
	unsigned int i, got = 0;

	for (i = 0; i < n; i++) {
		struct job *j = job_of(g, g->next_id);

		CHECK(gen_enqueue(g, JOB_COPY, 512, i == bad ? 1 : 0,
			i == fence ? RTE_DMA_OP_FLAG_FENCE : 0) >= 0, "enqueue");
		j->expect_known = true;
		j->expect = i == bad ? RTE_DMA_STATUS_INVALID_SRC_ADDR :
			(bad < fence && i >= fence) ? RTE_DMA_STATUS_NOT_ATTEMPTED :
			RTE_DMA_STATUS_SUCCESSFUL;
	}
	RUN(gen_submit(g));
	while (got < n) {
		uint16_t k;

		wait_hw(g->dev);
		k = rte_dma_completed_status(g->dev, 0, n - got, NULL, st + got);
		for (i = 0; i < k; i++)
			RUN(gen_account(g, st[got + i]));
		got += k;
	}
	*nb_na = 0;
	for (i = 0; i < n; i++)
		*nb_na += st[i] == RTE_DMA_STATUS_NOT_ATTEMPTED;
	return 0;
}

int
test_fence(void)
{
	static struct gen g;
	unsigned int na, i;
	uint16_t got;
	bool err;

	RUN(gen_init(&g, "fence", ht_dma_id(CH0)));
	ht_dma_setup(g.dev, 64, true);

	RUN(fence_burst(&g, 16, 3, 8, &na));
	CHECK(na == 8, "fence after the failure: %u NOT_ATTEMPTED, expected 8", na);
	RUN(stats_check(g.dev, 16, 16, 9));
	RUN(fence_burst(&g, 16, 5, 2, &na));
	CHECK(na == 0, "fence before the failure: %u NOT_ATTEMPTED", na);
	RUN(fence_burst(&g, 16, 0, 1, &na));
	CHECK(na == 15, "fence right after a failed first job: %u NOT_ATTEMPTED", na);
	RUN(fence_burst(&g, 16, 16, 4, &na));
	CHECK(na == 0, "fence without failure: %u NOT_ATTEMPTED", na);

	/* a fenced job enqueued (not submitted) while HW is halted is abandoned */
	for (i = 0; i < 4; i++) {
		struct job *j = job_of(&g, g.next_id);

		CHECK(gen_enqueue(&g, JOB_COPY, 128, i == 1 ? 1 : 0, 0) >= 0, "enqueue");
		j->expect_known = true;
		j->expect = i == 1 ? RTE_DMA_STATUS_INVALID_SRC_ADDR : RTE_DMA_STATUS_SUCCESSFUL;
	}
	RUN(gen_submit(&g));
	CHECK(wait_hw(g.dev) == RTE_DMA_VCHAN_HALTED_ERROR, "not halted");
	for (i = 0; i < 4; i++) {
		struct job *j = job_of(&g, g.next_id);

		CHECK(gen_enqueue(&g, JOB_COPY, 128, 0, i == 0 ? RTE_DMA_OP_FLAG_FENCE : 0) >= 0,
			"enqueue");
		j->expect_known = true;
		j->expect = RTE_DMA_STATUS_NOT_ATTEMPTED;
	}
	RUN(gen_completed(&g, 8, &got, &err));
	CHECK(got == 1 && err, "%u %d", got, err);
	RUN(gen_completed_status(&g, 8, &got));
	wait_hw(g.dev);
	RUN(gen_completed_status(&g, 8, &got));
	CHECK(g.next_reap == g.next_id - 4, "abandoned jobs reported before their submit");
	RUN(gen_submit(&g));
	RUN(gen_drain(&g));

	/*
	 * One completed_status() call that walks re-posted jobs (HW), abandoned
	 * ones (soft) and jobs enqueued after the recovery (HW again): the
	 * events of the last ones must not be confused with the first ones'.
	 */
	for (i = 0; i < 8; i++) {
		struct job *j = job_of(&g, g.next_id);

		CHECK(gen_enqueue(&g, JOB_COPY, 200, i == 1 ? 1 : 0,
			i == 4 ? RTE_DMA_OP_FLAG_FENCE : 0) >= 0, "enqueue");
		j->expect_known = true;
		j->expect = i == 1 ? RTE_DMA_STATUS_INVALID_SRC_ADDR : i >= 4 ?
			RTE_DMA_STATUS_NOT_ATTEMPTED : RTE_DMA_STATUS_SUCCESSFUL;
	}
	RUN(gen_submit(&g));
	CHECK(wait_hw(g.dev) == RTE_DMA_VCHAN_HALTED_ERROR, "not halted");
	RUN(gen_completed(&g, 8, &got, &err));	/* recovers: 2, 3 re-posted */
	CHECK(got == 1 && err, "%u %d", got, err);
	for (i = 0; i < 20; i++) {
		struct job *j = job_of(&g, g.next_id);

		CHECK(gen_enqueue(&g, JOB_FILL, 300, 0, 0) >= 0, "enqueue");
		j->expect_known = true;
		j->expect = RTE_DMA_STATUS_SUCCESSFUL;
	}
	RUN(gen_submit(&g));
	CHECK(wait_hw(g.dev) == RTE_DMA_VCHAN_IDLE, "not idle");
	RUN(gen_completed_status(&g, 64, &got));
	CHECK(got == 27, "one call reported %u of 27 jobs", got);
	RUN(stats_check(g.dev, g.submitted, g.completed, g.errors));

	/* later jobs are not affected */
	RUN(fence_burst(&g, 16, 16, 0, &na));
	CHECK(na == 0, "after abandonment: %u NOT_ATTEMPTED", na);
	RUN(expect_nothing_more(&g));
	CHECK(dump_counter(g.dev, "fenced jobs abandoned") == 8 + 15 + 4 + 4, "abandoned count");
	return rte_dma_stop(g.dev);
}
