/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/* Failed jobs and what follows them: statuses, has_error, recovery, injected faults. */

#include "driver_test.h"

/*
 * One burst of n jobs with the given bad jobs, checked the way DPDK's
 * dmadev_autotest does, but with exact statuses: completed() up to the first
 * failure, has_error and last_idx sticky until completed_status() reports it.
 */
int
error_burst(struct gen *g, unsigned int n, const unsigned int *bad_pos, const int *bad_kind,
		unsigned int nb_bad, bool individually)
{
	const uint16_t first = g->next_id;
	uint64_t base_sub = g->submitted;
	unsigned int i, b, first_bad = n;

	for (i = 0; i < n; i++) {
		int bad = 0;

		for (b = 0; b < nb_bad; b++)
			if (bad_pos[b] == i)
				bad = bad_kind[b];
		if (bad != 0 && first_bad == n)
			first_bad = i;
		CHECK(gen_enqueue(g, JOB_COPY, 1 + rte_rand_max(1024), bad, 0) ==
			(uint16_t)(first + i), "enqueue");
	}
	return gen_burst_until_failure(g, n, first, base_sub, first_bad, individually);
}

int
test_errors(void)
{
	static struct gen g;
	const unsigned int pos[] = { 0, 15, 31 };
	const unsigned int multi_pos[] = { 3, 4, 20, 31 };
	const int multi_kind[] = { 1, 2, 3, 1 };
	unsigned int p, k;
	uint16_t last, got;
	bool err;

	RUN(gen_init(&g, "errors", ht_dma_id(CH0)));
	ht_dma_setup(g.dev, 128, true);

	/* the very first job after start fails: last_idx is 0xffff */
	CHECK(gen_enqueue(&g, JOB_COPY, 64, 1, RTE_DMA_OP_FLAG_SUBMIT) == 0, "first id");
	wait_hw(g.dev);
	got = rte_dma_completed(g.dev, 0, 8, &last, &err);
	CHECK(got == 0 && err && last == UINT16_MAX, "first job failed: %u %d %u", got, err, last);
	RUN(gen_drain(&g));

	for (k = 1; k <= 2; k++) {
		for (p = 0; p < RTE_DIM(pos); p++) {
			const int kind = k;

			printf("bad %s at job %u of 32\n", k == 1 ? "source" : "destination", pos[p]);
			RUN(error_burst(&g, 32, &pos[p], &kind, 1, false));
			RUN(error_burst(&g, 32, &pos[p], &kind, 1, true));
		}
	}
	printf("length 0, and several failures in one burst\n");
	{
		const unsigned int z = 7;
		const int kind = 3;

		RUN(error_burst(&g, 32, &z, &kind, 1, false));
	}
	RUN(error_burst(&g, 32, multi_pos, multi_kind, RTE_DIM(multi_pos), false));
	RUN(error_burst(&g, 32, multi_pos, multi_kind, RTE_DIM(multi_pos), true));
	RUN(expect_nothing_more(&g));
	CHECK(g.failed == 1 + 12 + 1 + 8 && g.not_attempted == 0, "%" PRIu64 " failed, %"
		PRIu64 " not attempted", g.failed, g.not_attempted);
	CHECK(dump_counter(g.dev, "recoveries") >= g.failed, "dump shows fewer recoveries");
	return rte_dma_stop(g.dev);
}

/*
 * Random bursts with random failures, reaped in random ways, on a ring small
 * enough that recoveries happen at every ring position (the re-posted TREs
 * wrap); then the fast path with no error; then jobs enqueued but not
 * submitted while the channel is halted, which must wait for their submit.
 */
int
test_recovery(void)
{
	static struct gen g;
	const uint16_t rings[] = { 32, 1024 };
	unsigned int r, it, i;
	uint16_t got;
	bool err;

	RUN(gen_init(&g, "recovery", ht_dma_id(CH0)));
	for (r = 0; r < RTE_DIM(rings); r++) {
		ht_dma_setup(g.dev, rings[r], true);
		gen_restart(&g);
		for (it = 0; it < 400; it++) {
			unsigned int n = 1 + rte_rand_max(RTE_MIN(rings[r] - 1, 64));
			unsigned int pos[3], nb = rte_rand_max(4);
			int kind[3];

			nb = RTE_MIN(nb, n);
			for (i = 0; i < nb; i++) {
				pos[i] = rte_rand_max(n);
				kind[i] = 1 + rte_rand_max(3);
			}
			RUN(error_burst(&g, n, pos, kind, nb, rte_rand_max(4) == 0));
		}
		printf("ring %u: %" PRIu64 " jobs, %" PRIu64 " failed, %" PRIu64
			" recoveries\n", rings[r], g.completed, g.failed,
			dump_counter(g.dev, "recoveries"));

		/* clean traffic afterwards takes the fast path: no has_error */
		for (it = 0; it < 200; it++) {
			unsigned int n = 1 + rte_rand_max(RTE_MIN(rings[r] - 1, 64));

			for (i = 0; i < n; i++)
				CHECK(gen_enqueue(&g, JOB_COPY, 1 + rte_rand_max(4096), 0, 0) >= 0,
					"enqueue");
			RUN(gen_submit(&g));
			wait_hw(g.dev);
			RUN(gen_completed(&g, n, &got, &err));
			CHECK(got == n && !err, "clean burst: %u of %u, has_error %d", got, n, err);
		}
		RUN(expect_nothing_more(&g));
		CHECK(rte_dma_stop(g.dev) == 0, "stop");
	}

	/* enqueued, not submitted, while HW is halted on an error */
	ht_dma_setup(g.dev, 64, true);
	gen_restart(&g);
	for (i = 0; i < 8; i++)
		CHECK(gen_enqueue(&g, JOB_COPY, 256, i == 2 ? 1 : 0, 0) >= 0, "enqueue");
	RUN(gen_submit(&g));
	CHECK(wait_hw(g.dev) == RTE_DMA_VCHAN_HALTED_ERROR, "not halted");
	for (i = 0; i < 8; i++)
		CHECK(gen_enqueue(&g, JOB_COPY, 256, 0, 0) >= 0, "enqueue");
	RUN(gen_completed(&g, 16, &got, &err));	/* recovers */
	CHECK(got == 2 && err, "before the failure: %u, %d", got, err);
	RUN(gen_completed_status(&g, 16, &got));
	wait_hw(g.dev);
	rte_delay_us_sleep(20 * 1000);
	RUN(gen_completed_status(&g, 16, &got));
	CHECK(g.next_reap == 8, "reported %u jobs, only 8 were submitted", g.next_reap);
	for (i = 8; i < 16; i++)
		RUN(job_verify(&g, job_of(&g, i), false));
	RUN(gen_submit(&g));
	RUN(gen_drain(&g));
	CHECK(g.failed == 1 && g.ok == 15, "%" PRIu64 " ok, %" PRIu64 " failed", g.ok, g.failed);
	RUN(expect_nothing_more(&g));
	return rte_dma_stop(g.dev);
}

/*
 * The model fails every Nth TRE (instance-wide, devarg fail_every): random
 * traffic with random fences on both channels; every job must be reported
 * exactly once, in order, with data written exactly when it succeeded.
 */
int
test_faults(void)
{
	static struct gen g[2];
	uint32_t total = 0;
	int c, i;

	for (c = 0; c < 2; c++) {
		RUN(gen_init(&g[c], c == 0 ? "faults0" : "faults1", ht_dma_id(c == 0 ? CH0 : CH1)));
		ht_dma_setup(g[c].dev, c == 0 ? 64 : 1024, true);
	}
	while (total < 30000) {
		for (c = 0; c < 2; c++) {
			struct gen *x = &g[c];
			unsigned int room = rte_dma_burst_capacity(x->dev, 0);
			unsigned int burst = RTE_MIN(room, 1 + rte_rand_max(48));

			if ((uint16_t)(x->next_id - x->next_reap) + burst > 400)
				burst = 0;
			for (i = 0; i < (int)burst; i++) {
				uint64_t fl = rte_rand_max(20) == 0 ? RTE_DMA_OP_FLAG_FENCE : 0;

				CHECK(gen_enqueue(x, rte_rand_max(4) ? JOB_COPY : JOB_FILL,
					1 + rte_rand_max(1500), 0, fl) >= 0, "enqueue");
			}
			total += burst;
			RUN(gen_random_step(x));
		}
	}
	for (c = 0; c < 2; c++) {
		if (g[c].nb_unsubmitted != 0)
			RUN(gen_submit(&g[c]));
		RUN(gen_drain(&g[c]));
		RUN(expect_nothing_more(&g[c]));
		printf("channel %d: %" PRIu64 " jobs: %" PRIu64 " ok, %" PRIu64 " failed, %"
			PRIu64 " not attempted; %" PRIu64 " recoveries\n", c, g[c].completed,
			g[c].ok, g[c].failed, g[c].not_attempted,
			dump_counter(g[c].dev, "recoveries"));
		CHECK(g[c].failed > 0, "no injected failure seen");
		CHECK(g[c].failed == dump_counter(g[c].dev, "recoveries"),
			"one recovery per failure expected");
		CHECK(rte_dma_stop(g[c].dev) == 0, "stop");
	}
	return 0;
}
