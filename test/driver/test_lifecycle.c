/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/* Channel life cycle: stop/start, a disabled instance, devargs, create/destroy. */

#include "driver_test.h"

/* stop drops what was not reaped; start restarts ids at 0, stats at 0 */
int
test_stopstart(void)
{
	static struct gen g;
	const struct rte_dma_vchan_conf q = { .direction = RTE_DMA_DIR_MEM_TO_MEM, .nb_desc = 64 };
	const struct rte_dma_conf conf = { .nb_vchans = 1 };
	enum rte_dma_vchan_status vs;
	unsigned int round, i;
	uint16_t got, last;
	bool err;
	int16_t fresh;

	RUN(gen_init(&g, "stopstart", ht_dma_id(CH0)));
	for (round = 0; round < 4; round++) {
		uint16_t nb_desc = round < 2 ? 128 : 512;

		ht_dma_setup(g.dev, nb_desc, true);
		gen_restart(&g);
		CHECK(rte_dma_vchan_setup(g.dev, 0, &q) == -EBUSY, "vchan_setup while started");
		got = rte_dma_completed(g.dev, 0, 4, &last, &err);
		CHECK(got == 0 && !err && last == UINT16_MAX, "fresh start: %u %d last_idx %u",
			got, err, last);
		CHECK(rte_dma_vchan_status(g.dev, 0, &vs) == 0 && vs == RTE_DMA_VCHAN_IDLE,
			"not idle");
		CHECK(rte_dma_burst_capacity(g.dev, 0) == nb_desc - 1, "capacity");
		for (i = 0; i < 100; i++)
			CHECK(gen_enqueue(&g, JOB_COPY, 300, 0, 0) == (int)i, "id %u after start", i);
		RUN(gen_submit(&g));
		wait_hw(g.dev);
		RUN(gen_completed(&g, 90, &got, NULL));
		CHECK(got == 90, "reaped %u", got);
		/* left behind: 10 done but not reaped, 5 enqueued, not submitted */
		for (i = 0; i < 5; i++)
			CHECK(gen_enqueue(&g, JOB_COPY, 300, 0, 0) >= 0, "enqueue");
		CHECK(rte_dma_stop(g.dev) == 0, "stop");
		CHECK(rte_dma_burst_capacity(g.dev, 0) == 0, "capacity while stopped");
		CHECK(rte_dma_copy(g.dev, 0, g.src.iova, slot_iova(&g, 0), 8, 0) < 0,
			"copy accepted while stopped");
		got = rte_dma_completed(g.dev, 0, 32, &last, &err);
		CHECK(got == 0, "completions reported while stopped");
		CHECK(rte_dma_vchan_status(g.dev, 0, &vs) == 0 && vs == RTE_DMA_VCHAN_IDLE,
			"stopped vchan not idle");
		if (round == 1)
			CHECK(rte_dma_start(g.dev) == 0, "restart without reconfigure");
		else
			continue;
		gen_restart(&g);
		RUN(stats_check(g.dev, 0, 0, 0));
		CHECK(gen_enqueue(&g, JOB_COPY, 1000, 0, RTE_DMA_OP_FLAG_SUBMIT) == 0,
			"first id after restart");
		RUN(gen_drain(&g));
		CHECK(rte_dma_stop(g.dev) == 0, "stop");
	}

	/* start of a configured channel whose vchan was never set up */
	fresh = ht_dma_id(CH1);
	CHECK(rte_dma_configure(fresh, &conf) == 0, "configure");
	CHECK(rte_dma_start(fresh) < 0, "start without vchan_setup succeeded");
	return 0;
}

/*
 * A stop while HW is in the middle of a job (bw_mbps=1: a 4 KiB copy takes
 * about 4 ms), then a start without reconfiguring: the jobs of before are
 * dropped, and nothing of theirs may show after the start: no stale event
 * reported for a new job, no late write over the new jobs' slots (each slot
 * is guarded, and the new jobs reuse the dropped jobs' slots), ids from 0.
 * The stop point moves by a millisecond a round; any point is valid.
 */
int
test_stop_inflight(void)
{
	static struct gen g;
	unsigned int round, i;

	RUN(gen_init_slots(&g, "stopinflight", ht_dma_id(CH0), 64, SLOT_SZ));
	for (round = 0; round < 10; round++) {
		ht_dma_setup(g.dev, 64, true);
		gen_restart(&g);
		for (i = 0; i < 4; i++)
			CHECK(gen_enqueue(&g, JOB_COPY, SLOT_SZ, 0, 0) == (int)i, "enqueue");
		CHECK(gen_enqueue_sg(&g, 3, 2, SLOT_SZ - 100, SG_RANDOM, NULL, NULL, 0, 0, 0) == 4,
			"SG enqueue");
		RUN(gen_submit(&g));
		rte_delay_us_sleep(round * 1000);
		CHECK(rte_dma_stop(g.dev) == 0, "stop with jobs in flight");
		CHECK(rte_dma_start(g.dev) == 0, "start after the stop");
		gen_restart(&g);
		RUN(stats_check(g.dev, 0, 0, 0));
		for (i = 0; i < 6; i++)
			CHECK(gen_enqueue(&g, JOB_COPY, 64 + 100 * i, 0, 0) == (int)i,
				"id %u after the start", i);
		CHECK(gen_enqueue_sg(&g, 2, 3, 700, SG_RANDOM, NULL, NULL, 0, 0, 0) == 6,
			"SG enqueue after the start");
		RUN(gen_submit(&g));
		RUN(gen_drain(&g));
		RUN(expect_nothing_more(&g));
		CHECK(g.ok == 7 && g.failed == 0, "%" PRIu64 " ok, %" PRIu64 " failed after the "
			"start, expected 7 and 0", g.ok, g.failed);
		CHECK(rte_dma_stop(g.dev) == 0, "stop");
	}
	return 0;
}

/* the instance is disabled by its management device: start fails cleanly */
int
test_disabled(void)
{
	static struct gen g;
	uint16_t mgmt;
	uint64_t t0;

	RUN(gen_init(&g, "disabled", ht_dma_id(CH0)));
	ht_dma_setup(g.dev, 64, false);
	t0 = rte_get_timer_cycles();
	CHECK(rte_dma_start(g.dev) < 0, "start of a channel of a disabled instance succeeded");
	printf("start failed after %.1f ms\n",
		(double)(rte_get_timer_cycles() - t0) * 1000 / rte_get_timer_hz());
	CHECK(rte_dma_burst_capacity(g.dev, 0) == 0, "capacity after failed start");
	CHECK(rte_dma_copy(g.dev, 0, g.src.iova, slot_iova(&g, 0), 8, 0) < 0,
		"copy accepted after failed start");
	/* enable the instance: the same channel now starts */
	mgmt = rte_rawdev_get_dev_id(MGMT);
	CHECK(mgmt < RTE_RAWDEV_MAX_DEVS, "no rawdev %s", MGMT);
	CHECK(rte_rawdev_start(mgmt) == 0, "enable the instance");
	CHECK(rte_dma_start(g.dev) == 0, "start after enabling");
	gen_restart(&g);
	CHECK(gen_enqueue(&g, JOB_COPY, 4096, 0, RTE_DMA_OP_FLAG_SUBMIT) == 0, "copy");
	RUN(gen_drain(&g));
	return rte_dma_stop(g.dev);
}

static int
one_copy(const char *name)
{
	static struct gen g;
	static int n;
	char tag[32];
	int16_t id = ht_dma_id(name);

	CHECK(id >= 0, "no %s", name);
	snprintf(tag, sizeof(tag), "one%d", n++);
	RUN(gen_init(&g, tag, id));
	ht_dma_setup(id, 32, true);
	CHECK(gen_enqueue(&g, JOB_COPY, 2048, 0, RTE_DMA_OP_FLAG_SUBMIT) == 0, "copy");
	RUN(gen_drain(&g));
	return rte_dma_stop(id);
}

/* bad devargs fail and leave EAL usable; create/destroy on fake registers */
int
test_devargs(void)
{
	static const char * const bad[] = {
		"bogus=1", "channels=999", "channels=abc", "channels=0", "channels=2,channels=2",
		"enable=2", "fail_errinfo=9",
	};
	static uint8_t regs[2][4096] __rte_aligned(4096);
	struct rte_device fake = { .name = "fake", .numa_node = SOCKET_ID_ANY };
	struct hidma_chan_res res = {
		.trca = regs[0], .evca = regs[1], .caps = 0, .numa_node = SOCKET_ID_ANY,
	};
	struct rte_dma_info info;
	unsigned int i;
	int id;

	CHECK(rte_dma_count_avail() == 0, "dmadevs before the test");
	for (i = 0; i < RTE_DIM(bad); i++) {
		CHECK(rte_vdev_init("hidma_model9", bad[i]) != 0, "devargs \"%s\" accepted", bad[i]);
		CHECK(rte_dma_count_avail() == 0, "a dmadev was left by \"%s\"", bad[i]);
	}
	CHECK(rte_vdev_init("hidma_model9", "channels=1") == 0, "valid devargs rejected");
	RUN(one_copy("hidma_model9-ch0"));
	CHECK(rte_vdev_uninit("hidma_model9") == 0, "uninit");
	CHECK(rte_dma_count_avail() == 0, "dmadev left after uninit");
	CHECK(rte_vdev_init("hidma_model9", "channels=2") == 0, "second init");
	RUN(one_copy("hidma_model9-ch1"));
	CHECK(rte_vdev_uninit("hidma_model9") == 0, "uninit");

	/* the channel's own devargs: it takes none, and says so */
	regs[0][HIDMA_TRCA_CHID_REG] = 7;
	CHECK(hidma_dmadev_create("fake-ch", &fake, &res, "bogus=1") == -EINVAL,
		"channel devarg accepted");
	CHECK(hidma_dmadev_create("fake-ch", &fake, &res, "x") == -EINVAL,
		"channel devarg accepted");
	id = hidma_dmadev_create("fake-ch", &fake, &res, "");
	CHECK(id >= 0, "create on fake registers: %d", id);
	CHECK(rte_dma_info_get(id, &info) == 0 && info.max_vchans == 1, "info");
	CHECK(hidma_dmadev_create("fake-ch", &fake, &res, NULL) < 0, "duplicate name accepted");
	CHECK(hidma_dmadev_destroy("fake-ch") == 0, "destroy");
	CHECK(rte_dma_get_dev_id_by_name("fake-ch") < 0, "still there after destroy");
	CHECK(hidma_dmadev_destroy("fake-ch") < 0, "destroyed twice");
	return 0;
}
