/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * MMIO discipline of the HIDMA channel dmadev, checked by counting the
 * register accesses the driver makes (rte_pmd_hidma.h) on the emulated
 * instance: one scenario per run,
 *
 *   hidma_mmio_test <EAL args> -- <scenario>
 *
 * Waiting for the device goes through rte_dma_vchan_status(), which reads
 * registers itself: every count is taken between two snapshots around the
 * calls it is about, never across a wait.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memzone.h>
#include <rte_pause.h>
#include <rte_rawdev.h>

#include "rte_pmd_hidma.h"

#include "hidma_test_dev.h"

static int16_t dev;
static uint8_t *src_va, *dst_va;
static rte_iova_t src_iova, dst_iova;
#define BUF_SIZE	(8u << 20)

static int
setup(uint16_t nb_desc)
{
	struct ht_buf s, d;

	dev = ht_chan_id("hidma_model0", 0);
	ht_dma_setup(dev, nb_desc, true);
	if (src_va != NULL)
		return 0;
	ht_buf_alloc(&s, "mmio_src", BUF_SIZE);
	ht_buf_alloc(&d, "mmio_dst", BUF_SIZE);
	src_va = s.va;
	dst_va = d.va;
	src_iova = s.iova;
	dst_iova = d.iova;
	memset(src_va, 0xa5, BUF_SIZE);
	return 0;
}

static struct rte_pmd_hidma_mmio_stats
snap(void)
{
	struct rte_pmd_hidma_mmio_stats st = { UINT64_MAX, UINT64_MAX };

	rte_pmd_hidma_mmio_stats_get(dev, &st);
	return st;
}

/* accesses since snapshot a */
#define D_RD(a)		(snap().reads - (a).reads)
#define D_WR(a)		(snap().writes - (a).writes)

/* wait (bounded by events, 10 s as a hang guard) until HW holds no work */
static int
wait_hw(void)
{
	enum rte_dma_vchan_status s = RTE_DMA_VCHAN_ACTIVE;
	uint64_t end = rte_get_timer_cycles() + 10 * rte_get_timer_hz();

	while (rte_dma_vchan_status(dev, 0, &s) == 0 && s == RTE_DMA_VCHAN_ACTIVE &&
			rte_get_timer_cycles() < end)
		rte_pause();
	CHECK(s == RTE_DMA_VCHAN_IDLE, "channel still busy or halted (%d)", s);
	return 0;
}

static int
enqueue(unsigned int n, uint32_t len, uint64_t flags)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		CHECK(rte_dma_copy(dev, 0, src_iova + (uint64_t)i * len,
				dst_iova + (uint64_t)i * len, len, i + 1 == n ? flags : 0) >= 0,
			"copy %u", i);
	return 0;
}

/* the public API: errors, and counters that move with start and reset */
static int
test_api(void)
{
	struct rte_pmd_hidma_mmio_stats st;
	int16_t skel;

	CHECK(rte_pmd_hidma_mmio_stats_get(-1, &st) == -EINVAL, "bad id");
	CHECK(rte_pmd_hidma_mmio_stats_get(RTE_DMADEV_DEFAULT_MAX - 1, &st) == -EINVAL,
		"unused id");
	CHECK(rte_pmd_hidma_mmio_stats_reset(-1) == -EINVAL, "bad id");
	skel = rte_dma_get_dev_id_by_name("dma_skeleton");
	CHECK(skel >= 0, "no dma_skeleton");
	CHECK(rte_pmd_hidma_mmio_stats_get(skel, &st) == -ENOTSUP, "not HIDMA");
	CHECK(rte_pmd_hidma_mmio_stats_reset(skel) == -ENOTSUP, "not HIDMA");
	RUN(setup(64));
	CHECK(rte_pmd_hidma_mmio_stats_get(dev, NULL) == -EINVAL, "NULL stats");
	/* start programmed the channel */
	st = snap();
	CHECK(st.reads != 0 && st.writes != 0, "start made %" PRIu64 "/%" PRIu64,
		st.reads, st.writes);
	CHECK(rte_pmd_hidma_mmio_stats_reset(dev) == 0, "reset");
	st = snap();
	CHECK(st.reads == 0 && st.writes == 0, "after reset %" PRIu64 "/%" PRIu64,
		st.reads, st.writes);
	/* a dump reads registers, and counts them */
	rte_dma_dump(dev, stdout);
	st = snap();
	CHECK(st.reads != 0 && st.writes == 0, "dump made %" PRIu64 "/%" PRIu64,
		st.reads, st.writes);
	CHECK(rte_dma_stop(dev) == 0, "stop");
	return 0;
}

/* drain everything outstanding (counts not checked) */
static int
drain(unsigned int n)
{
	uint16_t last, got = 0;
	bool err = false;
	uint64_t end = rte_get_timer_cycles() + 10 * rte_get_timer_hz();

	while (got < n && rte_get_timer_cycles() < end) {
		got += rte_dma_completed(dev, 0, n - got, &last, &err);
		CHECK(!err, "error while draining");
	}
	CHECK(got == n, "drained %u of %u", got, n);
	return 0;
}

/* one TRCA doorbell per submit, none per enqueue, no read on the way */
static int
test_submit(void)
{
	struct rte_pmd_hidma_mmio_stats a;

	RUN(setup(1024));
	a = snap();
	RUN(enqueue(32, 64, 0));
	CHECK(D_RD(a) == 0 && D_WR(a) == 0, "enqueue made %" PRIu64 "/%" PRIu64,
		D_RD(a), D_WR(a));
	CHECK(rte_dma_submit(dev, 0) == 0, "submit");
	CHECK(D_RD(a) == 0 && D_WR(a) == 1, "submit made %" PRIu64 "/%" PRIu64,
		D_RD(a), D_WR(a));
	a = snap();
	CHECK(rte_dma_submit(dev, 0) == 0, "empty submit");
	CHECK(D_RD(a) == 0 && D_WR(a) == 0, "empty submit made %" PRIu64 "/%" PRIu64,
		D_RD(a), D_WR(a));
	RUN(enqueue(8, 64, RTE_DMA_OP_FLAG_SUBMIT));
	CHECK(D_RD(a) == 0 && D_WR(a) == 1, "flag submit made %" PRIu64 "/%" PRIu64,
		D_RD(a), D_WR(a));
	RUN(wait_hw());
	RUN(drain(40));
	CHECK(memcmp(src_va, dst_va, 32 * 64) == 0, "data");
	CHECK(rte_dma_stop(dev) == 0, "stop");
	return 0;
}

/* nothing outstanding: completed() and friends touch no register */
static int
test_idle(void)
{
	struct rte_pmd_hidma_mmio_stats a;
	enum rte_dma_status_code st[32];
	uint16_t last;
	bool err = false;
	unsigned int i;

	RUN(setup(64));
	a = snap();
	for (i = 0; i < 1000; i++) {
		CHECK(rte_dma_completed(dev, 0, 32, &last, &err) == 0, "nothing to reap");
		CHECK(rte_dma_completed_status(dev, 0, 32, &last, st) == 0, "nothing to reap");
		CHECK(rte_dma_burst_capacity(dev, 0) == 63, "capacity");
	}
	CHECK(D_RD(a) == 0 && D_WR(a) == 0, "3000 idle calls made %" PRIu64 "/%" PRIu64,
		D_RD(a), D_WR(a));
	/* the same once work has come and gone */
	RUN(enqueue(8, 64, RTE_DMA_OP_FLAG_SUBMIT));
	RUN(wait_hw());
	RUN(drain(8));
	a = snap();
	for (i = 0; i < 1000; i++)
		CHECK(rte_dma_completed(dev, 0, 32, &last, &err) == 0, "nothing to reap");
	CHECK(D_RD(a) == 0 && D_WR(a) == 0, "idle calls after work made %" PRIu64 "/%" PRIu64,
		D_RD(a), D_WR(a));
	CHECK(rte_dma_stop(dev) == 0, "stop");
	return 0;
}

/* WRITE_PTR is read again only once the events seen at the last read are used */
static int
test_writeptr(void)
{
	struct rte_pmd_hidma_mmio_stats a;
	uint16_t last, got = 0;
	bool err = false;
	unsigned int i;

	RUN(setup(1024));
	RUN(enqueue(32, 64, RTE_DMA_OP_FLAG_SUBMIT));
	RUN(wait_hw());
	a = snap();
	for (i = 0; i < 32; i++)
		got += rte_dma_completed(dev, 0, 1, &last, &err);
	CHECK(got == 32 && !err && last == 31, "reaped %u, last %u", got, last);
	CHECK(D_RD(a) == 1 && D_WR(a) == 0, "32 reaps of 1 made %" PRIu64 "/%" PRIu64,
		D_RD(a), D_WR(a));
	CHECK(memcmp(src_va, dst_va, 32 * 64) == 0, "data");
	CHECK(rte_dma_stop(dev) == 0, "stop");
	return 0;
}

/*
 * Work outstanding, no progress (the instance disabled by its management
 * rawdev: the engine runs no channel): one WRITE_PTR read per poll, and
 * the silent-halt probe (one IRQ_STAT read) only every 64th empty poll.
 */
static int
test_halt_probe(void)
{
	struct rte_pmd_hidma_mmio_stats a;
	const unsigned int polls = 3 * 64 + 10;
	int16_t mgmt = rte_rawdev_get_dev_id("hidma_model0");
	uint16_t last;
	bool err = false;
	unsigned int i;

	CHECK(mgmt >= 0, "no management rawdev");
	RUN(setup(64));
	rte_rawdev_stop(mgmt);
	RUN(enqueue(4, 64, RTE_DMA_OP_FLAG_SUBMIT));
	a = snap();
	for (i = 0; i < polls; i++)
		CHECK(rte_dma_completed(dev, 0, 4, &last, &err) == 0, "progress while disabled");
	CHECK(D_RD(a) == polls + polls / 64 && D_WR(a) == 0,
		"%u empty polls made %" PRIu64 "/%" PRIu64 ", expected %u/0", polls, D_RD(a),
		D_WR(a), polls + polls / 64);
	CHECK(rte_rawdev_start(mgmt) == 0, "instance enable");
	RUN(wait_hw());
	RUN(drain(4));
	CHECK(memcmp(src_va, dst_va, 4 * 64) == 0, "data");
	CHECK(rte_dma_stop(dev) == 0, "stop");
	return 0;
}

/*
 * The EVCA doorbell: written only when HW could otherwise run out of event
 * slots. A full ring at every submit needs it at nearly every submit, and
 * never deadlocks; small bursts on a large ring need it about once per
 * ring's worth of jobs.
 */
static int
test_evca(void)
{
	struct rte_pmd_hidma_mmio_stats a;
	unsigned int b, bursts = 200;
	uint64_t evca;

	RUN(setup(32));
	a = snap();
	for (b = 0; b < bursts; b++) {
		CHECK(rte_dma_burst_capacity(dev, 0) == 31, "capacity");
		RUN(enqueue(31, 64, RTE_DMA_OP_FLAG_SUBMIT));
		RUN(wait_hw());
		RUN(drain(31));
	}
	CHECK(memcmp(src_va, dst_va, 31 * 64) == 0, "data");
	evca = D_WR(a) - bursts;
	CHECK(evca >= bursts - 1 && evca <= bursts, "full ring: %" PRIu64
		" EVCA doorbells for %u bursts", evca, bursts);
	CHECK(rte_dma_stop(dev) == 0, "stop");

	RUN(setup(1024));
	a = snap();
	for (b = 0; b < 1000; b++) {
		RUN(enqueue(8, 64, RTE_DMA_OP_FLAG_SUBMIT));
		RUN(wait_hw());
		RUN(drain(8));
	}
	evca = D_WR(a) - 1000;
	/* 8000 jobs: one hand-back when the next 8 would not fit, every 1016 */
	CHECK(evca == 8000 / 1016, "%" PRIu64 " EVCA doorbells for 8000 jobs", evca);
	CHECK(rte_dma_stop(dev) == 0, "stop");
	return 0;
}

/*
 * Steady state at batch 1, 8 and 32: MMIO per job of the calls an
 * application makes (enqueue + submit, then one completed() per burst
 * once the burst is done), printed for the guide, and the batch-32 target
 * asserted: at most 1 read and 2 writes per 32 jobs.
 */
static int
test_steady(void)
{
	static const unsigned int batches[] = { 1, 8, 32 };
	struct rte_pmd_hidma_mmio_stats a;
	unsigned int k, b, bursts = 256;
	uint64_t rd, wr;
	uint16_t last;
	bool err = false;

	RUN(setup(1024));
	for (k = 0; k < RTE_DIM(batches); k++) {
		rd = 0;
		wr = 0;
		for (b = 0; b < bursts; b++) {
			a = snap();
			RUN(enqueue(batches[k], 64, 0));
			CHECK(rte_dma_submit(dev, 0) == 0, "submit");
			rd += D_RD(a);
			wr += D_WR(a);
			RUN(wait_hw());
			a = snap();
			CHECK(rte_dma_completed(dev, 0, batches[k], &last, &err) == batches[k] &&
				!err, "burst %u of %u", b, batches[k]);
			rd += D_RD(a);
			wr += D_WR(a);
		}
		printf("batch %2u: %.3f MMIO reads, %.3f MMIO writes per job\n", batches[k],
			(double)rd / (bursts * batches[k]), (double)wr / (bursts * batches[k]));
		CHECK(rd == bursts, "batch %u: %" PRIu64 " reads for %u bursts", batches[k], rd,
			bursts);
		if (batches[k] == 32)
			CHECK(wr <= 2 * bursts, "batch 32: %" PRIu64 " writes for %u bursts", wr,
				bursts);
	}
	CHECK(memcmp(src_va, dst_va, 32 * 64) == 0, "data");
	CHECK(rte_dma_stop(dev) == 0, "stop");
	return 0;
}

static const struct ht_case scenarios[] = {
	{ "api", test_api },
	{ "submit", test_submit },
	{ "idle", test_idle },
	{ "writeptr", test_writeptr },
	{ "halt_probe", test_halt_probe },
	{ "evca", test_evca },
	{ "steady", test_steady },
};

int
main(int argc, char **argv)
{
	return ht_eal_main(argc, argv, scenarios, RTE_DIM(scenarios));
}
