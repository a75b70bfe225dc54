/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * hidma-fwd's forwarding core (examples/fwd/fwd.c) on two net_ring ports
 * that this test feeds and drains itself. One worker lcore forwards port 0
 * to port 1 and back; the main lcore injects stamped packets of 60 to 1514
 * bytes into both ports' Rx rings and checks every packet that comes out of
 * the Tx rings: the right port, sequence numbers rising (no reordering),
 * the MACs rewritten, every other byte as sent. Bounded by counts: the run
 * ends when every injected packet came out or was counted as dropped.
 *
 *   test_fwd <EAL args> -- <scenario>
 *
 * cpu          CPU copies, no drop allowed
 * dma          DMA copies, one channel per port, both on the worker; the
 *              worker copies each packet's first cache line and rewrites
 *              the header there, the device copies the rest (--cpu-head 64)
 * dma-whole    the same, the device copying whole packets (--cpu-head 0)
 * dma-head     the same with --cpu-head 100: the worker copies two lines, and
 *              packets that fit in them go to the device whole, in the same
 *              flows
 * dma-shared   DMA copies, both ports on one channel
 * backpressure DMA, the smallest ring: the worker meets a full ring, drops nothing
 * drop         DMA, smallest ring, --full drop: drops counted, nothing lost
 * dma-errors   DMA on an instance that fails every Nth job (fail_every):
 *              those packets dropped and counted, the rest forwarded
 *
 * Every scenario ends with both mempools full (no mbuf leaked).
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "fwd.h"

#include "hidma_test_dev.h"

#define NB_PORTS	2
#define NB_PKTS		6000		/* per port */
#define WINDOW		512		/* packets in flight per port, about */
#define RING_SIZE	4096
#define POOL_SIZE	8192
#define STAMP_OFF	RTE_ETHER_HDR_LEN
#define HANG_S		120		/* not a timing assertion: a hang guard */

struct stamp {
	uint16_t port;
	uint16_t len;
	uint32_t seq;
};

static struct rte_ring *rx_ring[NB_PORTS], *tx_ring[NB_PORTS];
static uint16_t port_id[NB_PORTS];

static uint16_t
pkt_len(uint32_t seq)
{
	return 60 + (seq * 37u) % 1455;
}

static uint8_t
pkt_byte(uint16_t port, uint32_t seq, uint32_t off)
{
	return (uint8_t)(seq * 31u + off * 7u + port * 101u);
}

static struct rte_mbuf *
make_pkt(struct rte_mempool *mp, uint16_t port, uint32_t seq)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	struct rte_ether_hdr *eth;
	struct stamp st = { .port = port, .len = pkt_len(seq), .seq = seq };
	uint8_t *p;
	uint32_t i;

	if (m == NULL)
		return NULL;
	p = (uint8_t *)rte_pktmbuf_append(m, st.len);
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	eth = (struct rte_ether_hdr *)p;
	memset(&eth->dst_addr, 0xee, sizeof(eth->dst_addr));
	memset(&eth->src_addr, 0x55, sizeof(eth->src_addr));
	eth->ether_type = rte_cpu_to_be_16(0x88b5);
	memcpy(p + STAMP_OFF, &st, sizeof(st));
	for (i = STAMP_OFF + sizeof(st); i < st.len; i++)
		p[i] = pkt_byte(port, seq, i);
	return m;
}

/* @return 0 if the packet is what port @from sent, in order after *next */
static int
check_pkt(const struct fwd_ctx *ctx, struct rte_mbuf *m, uint16_t out, uint32_t *next,
		bool gaps)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	const struct rte_ether_hdr *eth = (const struct rte_ether_hdr *)p;
	struct rte_ether_addr da = { .addr_bytes = { 0x02, 0, 0, 0, 0, (uint8_t)port_id[out] } };
	struct stamp st;
	uint32_t i;

	if (m->nb_segs != 1 || m->data_len < STAMP_OFF + sizeof(st)) {
		printf("packet on port %u: %u segments, %u bytes\n", out, m->nb_segs, m->data_len);
		return -1;
	}
	memcpy(&st, p + STAMP_OFF, sizeof(st));
	if (st.port != (out ^ 1) || st.len != pkt_len(st.seq) || st.len != m->pkt_len ||
			st.len != m->data_len) {
		printf("packet on port %u: stamp port %u seq %u len %u, mbuf len %u/%u\n", out,
				st.port, st.seq, st.len, m->data_len, m->pkt_len);
		return -1;
	}
	if (st.seq != *next && !(gaps && st.seq > *next)) {
		printf("port %u: seq %u where %u was due (reordered or duplicated)\n", out, st.seq,
				*next);
		return -1;
	}
	if (!rte_is_same_ether_addr(&eth->dst_addr, &da) ||
			!rte_is_same_ether_addr(&eth->src_addr, &ctx->mac[port_id[out]]) ||
			eth->ether_type != rte_cpu_to_be_16(0x88b5)) {
		printf("port %u seq %u: MACs not rewritten\n", out, st.seq);
		return -1;
	}
	for (i = STAMP_OFF + sizeof(st); i < st.len; i++) {
		if (p[i] != pkt_byte(st.port, st.seq, i)) {
			printf("port %u seq %u: byte %u is 0x%02x, 0x%02x was sent\n", out, st.seq,
					i, p[i], pkt_byte(st.port, st.seq, i));
			return -1;
		}
	}
	*next = st.seq + 1;
	return 0;
}

static int
port_create(struct fwd_ctx *ctx, unsigned int i)
{
	struct rte_eth_conf conf = { 0 };
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "fwd_rx%u", i);
	rx_ring[i] = rte_ring_create(name, RING_SIZE, rte_socket_id(),
			RING_F_SP_ENQ | RING_F_SC_DEQ);
	snprintf(name, sizeof(name), "fwd_tx%u", i);
	tx_ring[i] = rte_ring_create(name, RING_SIZE, rte_socket_id(),
			RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (rx_ring[i] == NULL || tx_ring[i] == NULL)
		return -1;
	snprintf(name, sizeof(name), "net_ring_fwd%u", i);
	ret = rte_eth_from_rings(name, &rx_ring[i], 1, &tx_ring[i], 1, rte_socket_id());
	if (ret < 0)
		return -1;
	port_id[i] = ret;
	ret = rte_eth_dev_configure(port_id[i], 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(port_id[i], 0, 512, rte_socket_id(), NULL,
				ctx->rx_pool);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(port_id[i], 0, 512, rte_socket_id(), NULL);
	if (ret == 0)
		ret = rte_eth_macaddr_get(port_id[i], &ctx->mac[port_id[i]]);
	if (ret == 0)
		ret = rte_eth_dev_start(port_id[i]);
	return ret;
}

static void
dma_stats(const struct fwd_ctx *ctx, uint64_t *errors)
{
	struct rte_dma_stats st;
	uint16_t c;

	*errors = 0;
	for (c = 0; c < ctx->nb_chans; c++)
		if (ctx->chans[c].dev_id >= 0 &&
				rte_dma_stats_get(ctx->chans[c].dev_id, 0, &st) == 0)
			*errors += st.errors;
}

/* one scenario: set up as scen says, forward, check every packet and counter */
static int
fwd_scenario(const char *scen)
{
	static struct fwd_ctx ctx;
	struct fwd_worker *w;
	struct rte_mbuf *burst[64];
	uint32_t sent[NB_PORTS] = { 0 }, got[NB_PORTS] = { 0 }, next[NB_PORTS] = { 0 };
	bool dma, gaps = false;
	uint64_t deadline, drops, dma_errors;
	struct fwd_stats s;
	unsigned int i, n, k, lcore, moved;
	int ret;

	ctx.conf = (struct fwd_conf){
		.copy = FWD_COPY_DMA, .full = FWD_FULL_BACKPRESSURE, .burst = 32,
		.nb_desc = 1024, .reap = 64, .mac_rewrite = true, .prefetch = true,
		.cpu_head = RTE_CACHE_LINE_SIZE,
	};
	ctx.nb_chans = 2;
	if (strcmp(scen, "cpu") == 0) {
		ctx.conf.copy = FWD_COPY_CPU;
	} else if (strcmp(scen, "dma-whole") == 0) {
		ctx.conf.cpu_head = 0;
	} else if (strcmp(scen, "dma-head") == 0) {
		ctx.conf.cpu_head = 100;
	} else if (strcmp(scen, "dma-shared") == 0) {
		ctx.nb_chans = 1;
	} else if (strcmp(scen, "backpressure") == 0) {
		ctx.nb_chans = 1;
		ctx.conf.nb_desc = 32;
	} else if (strcmp(scen, "drop") == 0) {
		ctx.nb_chans = 1;
		ctx.conf.nb_desc = 32;
		ctx.conf.full = FWD_FULL_DROP;
		gaps = true;
	} else if (strcmp(scen, "dma-errors") == 0) {
		gaps = true;
	} else if (strcmp(scen, "dma") != 0) {
		printf("FAIL: unknown scenario %s\n", scen);
		return -1;
	}
	dma = ctx.conf.copy == FWD_COPY_DMA;
	if (rte_lcore_count() < 2) {
		printf("FAIL: needs two lcores (-l 0-1)\n");
		return -1;
	}

	ctx.rx_pool = rte_pktmbuf_pool_create("fwd_rx", POOL_SIZE, 128, 0,
			RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	ctx.copy_pool = rte_pktmbuf_pool_create("fwd_copy", POOL_SIZE, 128, 0,
			RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	if (ctx.rx_pool == NULL || ctx.copy_pool == NULL) {
		printf("FAIL: no mbuf pools\n");
		return -1;
	}
	for (i = 0; i < NB_PORTS; i++) {
		if (port_create(&ctx, i) != 0) {
			printf("FAIL: cannot create net_ring port %u\n", i);
			return -1;
		}
	}
	for (i = 0; i < NB_PORTS; i++)
		ctx.out_port[port_id[i]] = port_id[i ^ 1];

	ctx.nb_workers = 1;
	ctx.workers = rte_zmalloc(NULL, sizeof(*ctx.workers), RTE_CACHE_LINE_SIZE);
	w = ctx.workers;
	w->txbuf = rte_zmalloc(NULL, sizeof(*w->txbuf) * RTE_MAX_ETHPORTS, RTE_CACHE_LINE_SIZE);
	if (w == NULL || w->txbuf == NULL) {
		printf("FAIL: out of memory\n");
		return -1;
	}
	w->ctx = &ctx;
	w->txq = 0;
	for (i = 0; i < ctx.nb_chans; i++) {
		char name[32];
		int16_t dev = -1;

		if (dma) {
			snprintf(name, sizeof(name), "hidma_model0-ch%u", i);
			dev = rte_dma_get_dev_id_by_name(name);
			if (dev < 0) {
				printf("FAIL: no dmadev %s (run with -d <drivers> --vdev "
						"hidma_model0,channels=2)\n", name);
				return -1;
			}
		}
		ret = fwd_chan_setup(&ctx, &ctx.chans[i], dev);
		if (ret != 0) {
			printf("FAIL: channel %u set-up: %s\n", i, strerror(-ret));
			return -1;
		}
		w->chans[w->nb_chans++] = &ctx.chans[i];
	}
	/* one channel per port, or both ports on channel 0 */
	for (i = 0; i < NB_PORTS; i++) {
		struct fwd_chan *ch = &ctx.chans[i % ctx.nb_chans];

		ch->rxq[ch->nb_rxq++] = (struct fwd_rxq){ .port = port_id[i], .queue = 0 };
	}
	lcore = rte_get_next_lcore(-1, 1, 0);
	w->lcore_id = lcore;
	rte_eal_remote_launch(fwd_worker_main, w, lcore);

	deadline = rte_get_timer_cycles() + rte_get_timer_hz() * HANG_S;
	for (;;) {
		fwd_stats_sum(&ctx, &s);
		drops = s.drop_full + s.drop_nombuf + s.drop_tx + s.drop_dma + s.drop_other;
		if (got[0] + got[1] + drops == 2 * NB_PKTS && sent[0] + sent[1] == 2 * NB_PKTS)
			break;
		if (ht_expect_failures() != 0 || rte_get_timer_cycles() > deadline) {
			EXPECT(ht_expect_failures() != 0, "stuck: sent %u+%u, received %u+%u, "
					"dropped %" PRIu64, sent[0], sent[1], got[0], got[1], drops);
			break;
		}
		moved = 0;
		for (i = 0; i < NB_PORTS; i++) {
			/* inject, keeping at most WINDOW packets of this port unaccounted */
			n = RTE_MIN(RTE_DIM(burst), NB_PKTS - sent[i]);
			if (sent[0] + sent[1] - got[0] - got[1] - drops > 2 * WINDOW)
				n = 0;
			for (k = 0; k < n; k++) {
				burst[k] = make_pkt(ctx.rx_pool, i, sent[i] + k);
				if (burst[k] == NULL)
					break;
			}
			n = rte_ring_enqueue_burst(rx_ring[i], (void **)burst, k, NULL);
			moved += n;
			if (n < k)
				rte_pktmbuf_free_bulk(&burst[n], k - n);
			sent[i] += n;
			/* what the other port received comes out of this port's Tx ring */
			n = rte_ring_dequeue_burst(tx_ring[i], (void **)burst, RTE_DIM(burst),
					NULL);
			for (k = 0; k < n; k++) {
				EXPECT(ht_expect_failures() != 0 ||
						check_pkt(&ctx, burst[k], i, &next[i], gaps) == 0,
						"packet from port %u", i);
				got[i]++;
			}
			rte_pktmbuf_free_bulk(burst, n);
			moved += n;
		}
		/* let the engine thread, which shares this CPU, run */
		if (moved == 0)
			rte_delay_us_sleep(50);
	}

	__atomic_store_n(&ctx.stop, true, __ATOMIC_RELAXED);
	rte_eal_wait_lcore(lcore);
	EXPECT(w->drained, "copies still in flight after the drain");
	for (i = 0; i < ctx.nb_chans; i++)
		EXPECT(fwd_chan_release(&ctx.chans[i]) == 0, "channel %u had jobs left", i);
	dma_stats(&ctx, &dma_errors);
	fwd_stats_sum(&ctx, &s);
	drops = s.drop_full + s.drop_nombuf + s.drop_tx + s.drop_dma + s.drop_other;
	printf("%s: sent %u, forwarded %" PRIu64 " (checked %u), copies %" PRIu64
			", drops full %" PRIu64 " dma %" PRIu64 " other %" PRIu64
			", ring-full %" PRIu64 ", dmadev errors %" PRIu64 "\n", scen,
			sent[0] + sent[1], s.tx, got[0] + got[1], s.copies, s.drop_full,
			s.drop_dma, s.drop_nombuf + s.drop_tx + s.drop_other, s.ring_full,
			dma_errors);

	EXPECT(s.rx == 2 * NB_PKTS, "worker received %" PRIu64 " of %u", s.rx, 2 * NB_PKTS);
	EXPECT(s.tx == got[0] + got[1], "worker sent %" PRIu64 ", rings held %u", s.tx,
			got[0] + got[1]);
	EXPECT(s.rx == s.tx + drops, "rx %" PRIu64 " != tx %" PRIu64 " + drops %" PRIu64,
			s.rx, s.tx, drops);
	EXPECT(s.copies == s.tx, "copies %" PRIu64 " != tx %" PRIu64, s.copies, s.tx);
	EXPECT(s.drop_nombuf + s.drop_tx + s.drop_other == 0, "unexpected drops");
	if (strcmp(scen, "dma-errors") == 0) {
		EXPECT(s.drop_dma > 0, "no DMA error seen: is fail_every set on the vdev?");
		EXPECT(s.drop_dma == dma_errors, "dropped %" PRIu64 " on DMA errors, the dmadevs "
				"counted %" PRIu64, s.drop_dma, dma_errors);
		/* the channel recovers: the last packets of each port came through */
		EXPECT(next[0] >= NB_PKTS - 16 && next[1] >= NB_PKTS - 16,
				"the channels did not go on after the errors (last seq %u, %u)",
				next[0], next[1]);
		EXPECT(s.drop_full == 0, "drops on a full ring with back-pressure");
	} else if (strcmp(scen, "drop") == 0) {
		EXPECT(s.drop_dma == 0 && dma_errors == 0, "unexpected DMA errors");
	} else {
		EXPECT(drops == 0 && dma_errors == 0, "%" PRIu64 " drops, %" PRIu64 " DMA errors",
				drops, dma_errors);
		EXPECT(next[0] == NB_PKTS && next[1] == NB_PKTS, "last seq %u, %u", next[0],
				next[1]);
	}
	if (strcmp(scen, "backpressure") == 0)
		EXPECT(s.ring_full > 0, "the worker never met a full ring");

	for (i = 0; i < NB_PORTS; i++) {
		rte_eth_dev_stop(port_id[i]);
		rte_eth_dev_close(port_id[i]);
	}
	for (i = 0; i < ctx.nb_chans; i++)
		if (ctx.chans[i].dev_id >= 0)
			rte_dma_close(ctx.chans[i].dev_id);
	EXPECT(rte_mempool_avail_count(ctx.rx_pool) == POOL_SIZE, "Rx pool: %u of %u mbufs back",
			rte_mempool_avail_count(ctx.rx_pool), POOL_SIZE);
	EXPECT(rte_mempool_avail_count(ctx.copy_pool) == POOL_SIZE,
			"copy pool: %u of %u mbufs back", rte_mempool_avail_count(ctx.copy_pool),
			POOL_SIZE);
	rte_free(w->txbuf);
	rte_free(ctx.workers);
	rte_mempool_free(ctx.rx_pool);
	rte_mempool_free(ctx.copy_pool);
	return 0;
}

static int
test_cpu(void)
{
	return fwd_scenario("cpu");
}

static int
test_dma(void)
{
	return fwd_scenario("dma");
}

static int
test_dma_whole(void)
{
	return fwd_scenario("dma-whole");
}

static int
test_dma_head(void)
{
	return fwd_scenario("dma-head");
}

static int
test_dma_shared(void)
{
	return fwd_scenario("dma-shared");
}

static int
test_backpressure(void)
{
	return fwd_scenario("backpressure");
}

static int
test_drop(void)
{
	return fwd_scenario("drop");
}

static int
test_dma_errors(void)
{
	return fwd_scenario("dma-errors");
}

/* one scenario per process: ports, pools and channels are set up once */
static const struct ht_case scenarios[] = {
	{ "cpu", test_cpu },
	{ "dma", test_dma },
	{ "dma-whole", test_dma_whole },
	{ "dma-head", test_dma_head },
	{ "dma-shared", test_dma_shared },
	{ "backpressure", test_backpressure },
	{ "drop", test_drop },
	{ "dma-errors", test_dma_errors },
};

int
main(int argc, char **argv)
{
	return ht_eal_main(argc, argv, scenarios, RTE_DIM(scenarios));
}
