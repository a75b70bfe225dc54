/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/* The driver against hand-driven registers (no model): ordering of events, halts, recovery. */

#include "driver_test.h"

/*
 * Fake hardware: two register pages driven by a responder thread that
 * applies CTRLSTS commands (and IRQ_CLR), while the test itself plays the
 * engine, writing events by hand. It reaches what the model never does:
 * hardware that goes on after an error, a halt without an event, a reset
 * that never completes. IOVA as VA only (the rings are read through
 * their IOVAs).
 */
struct fakehw {
	uint32_t trca[HIDMA_TRCA_SIZE / 4] __rte_aligned(4096);
	uint32_t evca[HIDMA_EVCA_SIZE / 4] __rte_aligned(4096);
	volatile int stop;
	volatile int hang;	/* RESET never completes */
	uint32_t rptr, wptr;	/* engine positions, in entries */
};

static uint32_t
fh_rd(uint32_t *regs, uint32_t off)
{
	return __atomic_load_n(&regs[off / 4], __ATOMIC_ACQUIRE);
}

static void
fh_wr(uint32_t *regs, uint32_t off, uint32_t v)
{
	__atomic_store_n(&regs[off / 4], v, __ATOMIC_RELEASE);
}

static void
fh_set_state(uint32_t *regs, uint32_t st)
{
	uint32_t v = fh_rd(regs, 0), nv;

	do {
		nv = (v & ~HIDMA_CH_STATE_MASK) | (st << HIDMA_CH_STATE_SHIFT);
	} while (!__atomic_compare_exchange_n(&regs[0], &v, nv, false, __ATOMIC_ACQ_REL,
			__ATOMIC_ACQUIRE));
}

static void *
fh_responder(void *arg)
{
	struct fakehw *fh = arg;

	while (!fh->stop) {
		int half;
		uint32_t clr;

		for (half = 0; half < 2; half++) {
			uint32_t *r = half == 0 ? fh->trca : fh->evca;
			uint32_t v = fh_rd(r, 0), cmd = HIDMA_CH_CMD(v), st = HIDMA_CH_STATE(v);
			uint32_t nst = st;

			if (cmd == HIDMA_CH_CMD_RESET && !fh->hang && st != HIDMA_CH_DISABLED) {
				if (half == 0) {
					fh->rptr = 0;
					fh_wr(r, HIDMA_TRCA_DOORBELL_REG, 0);
				} else {
					fh->wptr = 0;
					fh_wr(r, HIDMA_EVCA_WRITE_PTR_REG, 0);
				}
				nst = HIDMA_CH_DISABLED;
			} else if (cmd == HIDMA_CH_CMD_ENABLE &&
					(st == HIDMA_CH_DISABLED || st == HIDMA_CH_SUSPENDED)) {
				nst = HIDMA_CH_ENABLED;
			} else if (cmd == HIDMA_CH_CMD_SUSPEND && HIDMA_CH_IS_ENABLED(st)) {
				nst = HIDMA_CH_SUSPENDED;
			}
			if (nst != st)
				fh_set_state(r, nst);
		}
		clr = __atomic_exchange_n(&fh->evca[HIDMA_EVCA_IRQ_CLR_REG / 4], 0,
			__ATOMIC_ACQ_REL);
		if (clr != 0)
			__atomic_fetch_and(&fh->evca[HIDMA_EVCA_IRQ_STAT_REG / 4], ~clr,
				__ATOMIC_ACQ_REL);
		rte_pause();
	}
	return NULL;
}

static uint32_t
fh_entries(struct fakehw *fh)
{
	return fh_rd(fh->trca, HIDMA_TRCA_RING_LEN_REG) / HIDMA_TRE_SIZE;
}

static struct hidma_tre *
fh_tre(struct fakehw *fh, uint32_t pos)
{
	uint64_t base = fh_rd(fh->trca, HIDMA_TRCA_RING_LOW_REG) |
		(uint64_t)fh_rd(fh->trca, HIDMA_TRCA_RING_HIGH_REG) << 32;

	return (struct hidma_tre *)(uintptr_t)base + pos % fh_entries(fh);
}

/* the engine finishes the TRE at rptr: one event, then WRITE_PTR */
static void
fh_event(struct fakehw *fh, uint32_t code, uint32_t errinfo)
{
	uint64_t base = fh_rd(fh->evca, HIDMA_EVCA_RING_LOW_REG) |
		(uint64_t)fh_rd(fh->evca, HIDMA_EVCA_RING_HIGH_REG) << 32;
	struct hidma_evre *e = (struct hidma_evre *)(uintptr_t)base + fh->wptr;

	e->cfg = HIDMA_EVRE_CFG(code, errinfo);
	e->len = 0;
	e->tre_off = fh->rptr * HIDMA_TRE_SIZE;
	fh->rptr = (fh->rptr + 1) % fh_entries(fh);
	fh->wptr = (fh->wptr + 1) % fh_entries(fh);
	fh_wr(fh->evca, HIDMA_EVCA_WRITE_PTR_REG, fh->wptr * HIDMA_EVRE_SIZE);
}

static int
fh_statuses(int16_t id, uint16_t n, const enum rte_dma_status_code *want)
{
	enum rte_dma_status_code st[16];
	uint16_t got, i, polls = 0;

	/* a halt without an event is looked for every 64 empty polls (at most) */
	do
		got = rte_dma_completed_status(id, 0, 16, NULL, st);
	while (got == 0 && n != 0 && ++polls < 64);
	CHECK(got == n, "completed_status gave %u jobs, expected %u", got, n);
	for (i = 0; i < n; i++)
		CHECK(st[i] == want[i], "job %u of %u: status %u, expected %u", i, n, st[i],
			want[i]);
	return 0;
}

static int
fh_enqueue(int16_t id, unsigned int n, unsigned int fence_at, uint64_t dst0)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		CHECK(rte_dma_copy(id, 0, 0x1000, dst0 + i, 64,
			i == fence_at ? RTE_DMA_OP_FLAG_FENCE : 0) >= 0, "enqueue");
	CHECK(rte_dma_submit(id, 0) == 0, "submit");
	return 0;
}

/* an SG job of three 64-byte sources into one destination: three TREs */
static int
fh_sg(int16_t id, uint64_t dst0, uint64_t flags)
{
	struct rte_dma_sge src[3] = {
		{ .addr = 0x1000, .length = 64 },
		{ .addr = 0x2000, .length = 64 },
		{ .addr = 0x3000, .length = 64 },
	};
	struct rte_dma_sge dst = { .addr = dst0, .length = 192 };

	CHECK(rte_dma_copy_sg(id, 0, src, &dst, 3, 1, flags) >= 0, "SG enqueue");
	return 0;
}

static int
fh_copy(int16_t id, uint64_t dst, uint64_t flags)
{
	CHECK(rte_dma_copy(id, 0, 0x1000, dst, 64, flags) >= 0, "enqueue");
	return 0;
}

/*
 * SG jobs on the fake hardware: a job reported only once all its TREs
 * have events; HW going on after an error inside one; HW stopped inside
 * one after an earlier failure (the rest of it is re-posted, and a fence on
 * it does not abandon it); a halt without an event inside one.
 */
static int
fh_sg_steps(struct fakehw *fh, int16_t id)
{
	enum rte_dma_status_code want[4];

	/* A (3 TREs), B: A waits for its three events */
	RUN(fh_sg(id, 0x50000, 0));
	RUN(fh_copy(id, 0x51000, RTE_DMA_OP_FLAG_SUBMIT));
	CHECK(rte_dma_burst_capacity(id, 0) == 31 - 4, "capacity %u",
		rte_dma_burst_capacity(id, 0));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	RUN(fh_statuses(id, 0, want));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	RUN(fh_statuses(id, 0, want));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_SUCCESSFUL;
	RUN(fh_statuses(id, 1, want));
	CHECK(rte_dma_burst_capacity(id, 0) == 31 - 1, "capacity %u",
		rte_dma_burst_capacity(id, 0));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	RUN(fh_statuses(id, 1, want));
	CHECK(rte_dma_burst_capacity(id, 0) == 31, "capacity");

	/* C (3 TREs) fails in its second TRE, HW goes on: C failed, D done */
	RUN(fh_sg(id, 0x52000, 0));
	RUN(fh_copy(id, 0x53000, RTE_DMA_OP_FLAG_SUBMIT));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	fh_event(fh, HIDMA_EVRE_CODE_ERROR, HIDMA_EVRE_ERRINFO_DST_WRITE);
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_INVALID_DST_ADDR;
	want[1] = RTE_DMA_STATUS_SUCCESSFUL;
	RUN(fh_statuses(id, 2, want));
	CHECK(fh_rd(fh->trca, HIDMA_TRCA_DOORBELL_REG) == 0, "finished TREs posted again");
	CHECK(rte_dma_burst_capacity(id, 0) == 31, "capacity");

	/* E fails, HW stops after F's (fenced, 3 TREs) first: F's rest and G re-posted */
	RUN(fh_copy(id, 0x54000, 0));
	RUN(fh_sg(id, 0x55000, RTE_DMA_OP_FLAG_FENCE));
	RUN(fh_copy(id, 0x56000, 0));
	RUN(fh_copy(id, 0x57000, RTE_DMA_OP_FLAG_FENCE | RTE_DMA_OP_FLAG_SUBMIT));
	fh_event(fh, HIDMA_EVRE_CODE_ERROR, HIDMA_EVRE_ERRINFO_SRC_READ);
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_INVALID_SRC_ADDR;
	RUN(fh_statuses(id, 1, want));
	CHECK(fh_rd(fh->trca, HIDMA_TRCA_DOORBELL_REG) == 3 * HIDMA_TRE_SIZE &&
		fh_tre(fh, 0)->dst == 0x55040 && fh_tre(fh, 1)->dst == 0x55080 &&
		fh_tre(fh, 2)->dst == 0x56000, "re-posted: doorbell 0x%x, dst 0x%" PRIx64
		" 0x%" PRIx64 " 0x%" PRIx64, fh_rd(fh->trca, HIDMA_TRCA_DOORBELL_REG),
		fh_tre(fh, 0)->dst, fh_tre(fh, 1)->dst, fh_tre(fh, 2)->dst);
	CHECK(rte_dma_burst_capacity(id, 0) == 31 - 5, "capacity %u",
		rte_dma_burst_capacity(id, 0));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	RUN(fh_statuses(id, 0, want));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = want[1] = RTE_DMA_STATUS_SUCCESSFUL;
	want[2] = RTE_DMA_STATUS_NOT_ATTEMPTED;
	RUN(fh_statuses(id, 3, want));
	CHECK(rte_dma_burst_capacity(id, 0) == 31, "capacity");

	/* I (3 TREs): one event, then a TRE fetch fault: I fails, J re-posted */
	RUN(fh_sg(id, 0x58000, 0));
	RUN(fh_copy(id, 0x59000, RTE_DMA_OP_FLAG_SUBMIT));
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	RUN(fh_statuses(id, 0, want));
	__atomic_fetch_or(&fh->evca[HIDMA_EVCA_IRQ_STAT_REG / 4], HIDMA_IRQ_TR_CH_TRE_RD_RSP_ER,
		__ATOMIC_RELEASE);
	fh_set_state(fh->trca, HIDMA_CH_ERROR);
	want[0] = RTE_DMA_STATUS_DESCRIPTOR_READ_ERROR;
	RUN(fh_statuses(id, 1, want));
	CHECK(fh_rd(fh->trca, HIDMA_TRCA_DOORBELL_REG) == HIDMA_TRE_SIZE &&
		fh_tre(fh, 0)->dst == 0x59000, "re-posted: doorbell 0x%x, dst 0x%" PRIx64,
		fh_rd(fh->trca, HIDMA_TRCA_DOORBELL_REG), fh_tre(fh, 0)->dst);
	fh_event(fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_SUCCESSFUL;
	RUN(fh_statuses(id, 1, want));
	CHECK(rte_dma_burst_capacity(id, 0) == 31, "capacity");
	CHECK(dump_counter(id, "halts without event") == 2 && dump_counter(id, "recoveries") == 6,
		"dump counters");
	RUN(stats_check(id, 10 + 10, 10 + 10, (1 + 3 + 1) + (1 + 1 + 1 + 1)));
	return 0;
}

/* what a failed CHECK must undo before the case ends: the channel, the responder */
static struct {
	struct fakehw *fh;
	pthread_t thr;
	int id;
} fh_live;

static void
fh_on_fail(void)
{
	driver_test_on_fail();
	if (fh_live.id >= 0)
		hidma_dmadev_destroy("fakehw-ch");
	fh_live.fh->stop = 1;
	pthread_join(fh_live.thr, NULL);
	ht_on_fail(driver_test_on_fail);
}

int
test_fakehw(void)
{
	static struct fakehw fh;
	struct rte_device fake = { .name = "fakehw", .numa_node = SOCKET_ID_ANY };
	struct hidma_chan_res res = {
		.trca = fh.trca, .evca = fh.evca, .caps = HIDMA_CAP_IDENTITY,
		.numa_node = SOCKET_ID_ANY,
	};
	enum rte_dma_status_code want[8];
	enum rte_dma_vchan_status vs;
	uint16_t last, got;
	pthread_t thr;
	char args[32] = "";
	bool err;
	int id, ret = -1;

	CHECK(rte_eal_iova_mode() == RTE_IOVA_VA, "needs IOVA as VA");
	fh.trca[HIDMA_TRCA_IDENTITY_REG / 4] = 3;
	/* a control thread runs off the lcores, as the model's engine does */
	CHECK(hidma_compat_ctrl_thread_create(&thr, "fakehw", fh_responder, &fh) == 0, "thread");
	fh_live.fh = &fh;
	fh_live.thr = thr;
	fh_live.id = -1;
	ht_on_fail(fh_on_fail);
	/*
	 * The responder is a thread the OS may deschedule on a loaded machine:
	 * the command bound of the emulated device (500 ms), not silicon's 10 ms;
	 * under an emulator (qemu-user: HIDMA_TIME_SCALE) that many times more.
	 */
	snprintf(args, sizeof(args), HIDMA_ARG_CMD_TIMEOUT_MS "=%d",
			RTE_MIN(500 * RTE_MAX(atoi(getenv("HIDMA_TIME_SCALE") != NULL ?
				getenv("HIDMA_TIME_SCALE") : "1"), 1), HIDMA_CMD_TIMEOUT_MS_MAX));
	id = hidma_dmadev_create("fakehw-ch", &fake, &res, args);
	if (id < 0) {
		printf("FAIL: create on fake registers: %d\n", id);
		goto out;
	}
	fh_live.id = id;
	ht_dma_setup(id, 32, true);
	fail_dev = id;

	/* 1. HW goes on after an error: everything it reported is kept */
	if (fh_enqueue(id, 4, 99, 0x10000) != 0)
		goto out;
	if (fh_tre(&fh, 0)->dst != 0x10000 ||
			fh_rd(fh.trca, HIDMA_TRCA_DOORBELL_REG) != 4 * HIDMA_TRE_SIZE) {
		printf("FAIL: TREs or doorbell not as expected\n");
		goto out;
	}
	fh_event(&fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	fh_event(&fh, HIDMA_EVRE_CODE_ERROR, HIDMA_EVRE_ERRINFO_DST_WRITE);
	fh_event(&fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	fh_event(&fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	got = rte_dma_completed(id, 0, 8, &last, &err);
	if (got != 1 || !err || last != 0) {
		printf("FAIL: continuing HW: completed %u %d %u\n", got, err, last);
		goto out;
	}
	/* nothing was left to re-post: no doorbell after the reset */
	if (fh_rd(fh.trca, HIDMA_TRCA_DOORBELL_REG) != 0) {
		printf("FAIL: jobs HW had finished were posted again\n");
		goto out;
	}
	want[0] = RTE_DMA_STATUS_INVALID_DST_ADDR;
	want[1] = want[2] = RTE_DMA_STATUS_SUCCESSFUL;
	if (fh_statuses(id, 3, want) != 0 || stats_check(id, 4, 4, 1) != 0)
		goto out;

	/* 2. same, HW stopped short of a fence: the fenced jobs are abandoned */
	if (fh_enqueue(id, 4, 2, 0x20000) != 0)
		goto out;
	fh_event(&fh, HIDMA_EVRE_CODE_ERROR, HIDMA_EVRE_ERRINFO_SRC_READ);
	fh_event(&fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_INVALID_SRC_ADDR;
	want[1] = RTE_DMA_STATUS_SUCCESSFUL;
	want[2] = want[3] = RTE_DMA_STATUS_NOT_ATTEMPTED;
	if (fh_statuses(id, 4, want) != 0)
		goto out;

	/* 3. a halt without an event (TRE fetch fault): the head job fails */
	if (fh_enqueue(id, 2, 99, 0x30000) != 0)
		goto out;
	__atomic_fetch_or(&fh.evca[HIDMA_EVCA_IRQ_STAT_REG / 4], HIDMA_IRQ_TR_CH_TRE_RD_RSP_ER,
		__ATOMIC_RELEASE);
	fh_set_state(fh.trca, HIDMA_CH_ERROR);
	if (rte_dma_vchan_status(id, 0, &vs) != 0 || vs != RTE_DMA_VCHAN_HALTED_ERROR) {
		printf("FAIL: halted channel not reported HALTED_ERROR\n");
		goto out;
	}
	want[0] = RTE_DMA_STATUS_DESCRIPTOR_READ_ERROR;
	if (fh_statuses(id, 1, want) != 0)
		goto out;
	/* the second job was posted again, alone, at ring position 0 */
	if (fh_rd(fh.trca, HIDMA_TRCA_DOORBELL_REG) != HIDMA_TRE_SIZE ||
			fh_tre(&fh, 0)->dst != 0x30001) {
		printf("FAIL: re-posted TRE: doorbell 0x%x, dst 0x%" PRIx64 "\n",
			fh_rd(fh.trca, HIDMA_TRCA_DOORBELL_REG), fh_tre(&fh, 0)->dst);
		goto out;
	}
	if (rte_dma_vchan_status(id, 0, &vs) != 0 || vs != RTE_DMA_VCHAN_ACTIVE) {
		printf("FAIL: re-posted job not ACTIVE\n");
		goto out;
	}
	fh_event(&fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_SUCCESSFUL;
	if (fh_statuses(id, 1, want) != 0)
		goto out;
	if (dump_counter(id, "halts without event") != 1 || dump_counter(id, "recoveries") != 3) {
		printf("FAIL: dump counters\n");
		goto out;
	}
	if (fh_sg_steps(&fh, id) != 0)
		goto out;

	/* 4. the reset never completes: every job is reported, the channel halts */
	if (fh_enqueue(id, 3, 99, 0x40000) != 0)
		goto out;
	fh.hang = 1;
	fh_event(&fh, HIDMA_EVRE_CODE_ERROR, HIDMA_EVRE_ERRINFO_SRC_READ);
	fh_set_state(fh.trca, HIDMA_CH_ERROR);
	want[0] = RTE_DMA_STATUS_INVALID_SRC_ADDR;
	want[1] = want[2] = RTE_DMA_STATUS_NOT_ATTEMPTED;
	if (fh_statuses(id, 3, want) != 0)
		goto out;
	if (rte_dma_vchan_status(id, 0, &vs) != 0 || vs != RTE_DMA_VCHAN_HALTED_ERROR ||
			rte_dma_burst_capacity(id, 0) != 0 ||
			rte_dma_copy(id, 0, 0x1000, 0x2000, 8, 0) != -ENOSPC ||
			dump_counter(id, "failed,") != 1) {
		printf("FAIL: channel not halted after a failed recovery\n");
		goto out;
	}
	if (rte_dma_stop(id) != 0) {
		printf("FAIL: stop of a channel whose reset hangs\n");
		goto out;
	}
	fh.hang = 0;
	if (rte_dma_start(id) != 0 || rte_dma_copy(id, 0, 0x1000, 0x2000, 8,
			RTE_DMA_OP_FLAG_SUBMIT) != 0) {
		printf("FAIL: restart after the reset came back\n");
		goto out;
	}
	fh_event(&fh, HIDMA_EVRE_CODE_COMPLETE, 0);
	want[0] = RTE_DMA_STATUS_SUCCESSFUL;
	if (fh_statuses(id, 1, want) != 0 || rte_dma_stop(id) != 0)
		goto out;
	fail_dev = -1;
	ret = 0;
out:
	if (ret != 0 && id >= 0)
		rte_dma_dump(id, stdout);
	if (id >= 0 && hidma_dmadev_destroy("fakehw-ch") != 0) {
		printf("FAIL: destroy\n");
		ret = -1;
	}
	fh.stop = 1;
	pthread_join(thr, NULL);
	ht_on_fail(driver_test_on_fail);
	return ret;
}
