/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The worker of hidma-fwd. One loop turn, for each channel of the worker:
 *
 *   1. reap the channel's completed copies (DMA): free each source mbuf,
 *      queue each destination for Tx, in completion order, which is the
 *      order of submission, so no flow is ever reordered;
 *   2. for each Rx queue of the channel: receive a burst (no more than the
 *      channel has room for, unless --full drop), allocate as many fresh
 *      mbufs, rewrite the MACs in the received headers, and copy each packet
 *      into its fresh mbuf: one rte_dma_copy() per packet and one submit
 *      per burst, or rte_memcpy();
 *
 * then hand every queued packet to its Tx queue. Nothing here blocks, logs
 * or makes a system call.
 */

#include <errno.h>
#include <pthread.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>
#include <rte_prefetch.h>

#include "fwd.h"

#define FWD_REAP_MAX	128	/* completions asked for per call, at most */
#define FWD_DRAIN_MS	2000	/* bound on waiting for copies in flight at stop */

/* TSC laps of one loop turn, charged to phases at the end of the turn */
struct fwd_laps {
	uint64_t t;
	uint64_t rx, copy, cpl, tx;
	uint64_t drv_copy, drv_cpl;	/* inside rte_dma_copy/submit, rte_dma_completed* */
	uint64_t nic;			/* --cold-rx: the NIC's part, apart */
};

static __rte_always_inline void
fwd_lap(struct fwd_laps *l, uint64_t *phase)
{
	const uint64_t now = rte_rdtsc();

	*phase += now - l->t;
	l->t = now;
}

static __rte_always_inline uint32_t
fwd_chan_inflight(const struct fwd_chan *ch)
{
	return (uint16_t)(ch->tail - ch->head);
}

int
fwd_chan_setup(struct fwd_ctx *ctx, struct fwd_chan *ch, int16_t dev_id)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf vconf = { .direction = RTE_DMA_DIR_MEM_TO_MEM };
	struct rte_dma_info info;
	uint32_t size;
	int ret;

	ch->dev_id = dev_id;
	ch->vchan = 0;
	ch->head = 0;
	ch->tail = 0;
	ch->cap = 0;
	if (dev_id < 0)
		return 0;
	ret = rte_dma_info_get(dev_id, &info);
	if (ret != 0)
		return ret;
	if (!(info.dev_capa & RTE_DMA_CAPA_MEM_TO_MEM) || !(info.dev_capa & RTE_DMA_CAPA_OPS_COPY))
		return -ENOTSUP;
	vconf.nb_desc = RTE_MIN(RTE_MAX(ctx->conf.nb_desc, info.min_desc), info.max_desc);
	ret = rte_dma_configure(dev_id, &conf);
	if (ret == 0)
		ret = rte_dma_vchan_setup(dev_id, ch->vchan, &vconf);
	if (ret == 0)
		ret = rte_dma_start(dev_id);
	if (ret != 0)
		return ret;
	/*
	 * Every copy takes one unit of the channel's burst capacity until it
	 * is reaped (true of HIDMA and of DPDK's dmadevs), so the room left is
	 * known without a call per burst: the capacity with nothing in flight
	 * minus what is in flight. A device that disagrees makes an enqueue
	 * fail with -ENOSPC, which drops the rest of the burst (counted).
	 */
	ch->cap = rte_dma_burst_capacity(dev_id, ch->vchan);
	if (ch->cap == 0)
		ch->cap = vconf.nb_desc;
	size = rte_align32pow2(ch->cap);
	ch->cap = RTE_MIN(ch->cap, size);
	ch->mask = size - 1;
	ch->jobs = rte_zmalloc_socket("fwd_jobs", size * sizeof(*ch->jobs), RTE_CACHE_LINE_SIZE,
			rte_socket_id());
	if (ch->jobs == NULL) {
		rte_dma_stop(dev_id);
		return -ENOMEM;
	}
	return 0;
}

unsigned int
fwd_chan_release(struct fwd_chan *ch)
{
	unsigned int n = 0;

	if (ch->dev_id < 0)
		return 0;
	/* after the stop the device touches none of the buffers any more */
	rte_dma_stop(ch->dev_id);
	for (; ch->head != ch->tail; ch->head++, n++) {
		struct fwd_job *job = &ch->jobs[ch->head & ch->mask];

		rte_pktmbuf_free(job->src);
		rte_pktmbuf_free(job->dst);
	}
	rte_free(ch->jobs);
	ch->jobs = NULL;
	return n;
}

static void
fwd_tx_flush(struct fwd_worker *w)
{
	uint16_t i;

	for (i = 0; i < w->nb_dirty; i++) {
		const uint16_t port = w->dirty[i];
		struct fwd_txbuf *b = &w->txbuf[port];
		uint16_t sent = rte_eth_tx_burst(port, w->txq, b->pkts, b->n);

		w->stats.tx += sent;
		if (unlikely(sent < b->n)) {
			/* the Tx ring is full: drop rather than wait */
			rte_pktmbuf_free_bulk(&b->pkts[sent], b->n - sent);
			w->stats.drop_tx += b->n - sent;
		}
		b->n = 0;
	}
	w->nb_dirty = 0;
}

static __rte_always_inline void
fwd_tx_queue(struct fwd_worker *w, struct rte_mbuf *m)
{
	/* the copy path keeps the Tx port in the destination's port field */
	struct fwd_txbuf *b = &w->txbuf[m->port];

	if (unlikely(b->n == FWD_TXBUF))
		fwd_tx_flush(w);
	if (b->n == 0)
		w->dirty[w->nb_dirty++] = m->port;
	b->pkts[b->n++] = m;
}

/* Reap completed copies; @return the number of jobs reaped. */
static __rte_always_inline uint16_t
fwd_reap(struct fwd_ctx *ctx, struct fwd_worker *w, struct fwd_chan *ch, struct fwd_laps *l)
{
	struct rte_mbuf *srcs[2 * FWD_REAP_MAX];
	enum rte_dma_status_code st[FWD_REAP_MAX];
	const uint16_t max = ctx->conf.reap;
	uint16_t n, m, i, last;
	bool err = false;
	struct fwd_job *job;

	/* nothing in flight: no call, so no register read either */
	if (ch->head == ch->tail)
		return 0;
	n = rte_dma_completed(ch->dev_id, ch->vchan, max, &last, &err);
	fwd_lap(l, &l->drv_cpl);
	w->stats.reaps++;
	if (n == 0 && !err)
		w->stats.reaps_empty++;
	for (i = 0; i < n; i++) {
		job = &ch->jobs[(uint16_t)(ch->head + i) & ch->mask];
		srcs[i] = job->src;
		fwd_tx_queue(w, job->dst);
	}
	ch->head += n;
	w->stats.copies += n;
	if (unlikely(err)) {
		/* a failed job: the packet is dropped, the jobs after it go on */
		fwd_lap(l, &l->cpl);
		m = rte_dma_completed_status(ch->dev_id, ch->vchan, max, &last, st);
		fwd_lap(l, &l->drv_cpl);
		for (i = 0; i < m; i++) {
			job = &ch->jobs[(uint16_t)(ch->head + i) & ch->mask];
			srcs[n + i] = job->src;
			if (likely(st[i] == RTE_DMA_STATUS_SUCCESSFUL)) {
				w->stats.copies++;
				fwd_tx_queue(w, job->dst);
			} else {
				w->stats.drop_dma++;
				rte_pktmbuf_free(job->dst);
			}
		}
		ch->head += m;
		n += m;
	}
	if (n != 0)
		rte_pktmbuf_free_bulk(srcs, n);
	return n;
}

/* l2fwd's rewrite: destination 02:00:00:00:00:<Tx port>, source the Tx port's MAC */
static __rte_always_inline void
fwd_mac(const struct fwd_ctx *ctx, void *hdr, uint16_t out)
{
	struct rte_ether_hdr *eth = hdr;
	struct rte_ether_addr da = { .addr_bytes = { 0x02, 0, 0, 0, 0, (uint8_t)out } };

	rte_ether_addr_copy(&da, &eth->dst_addr);
	rte_ether_addr_copy(&ctx->mac[out], &eth->src_addr);
}

/*
 * --cpu-head: how many bytes of a packet of len bytes, copied to a, the
 * worker copies itself: at least the Ethernet header and the head asked
 * for, up to the end of a cache line of the copy, so that no line of the
 * copy is written by both the worker and the device; 0 when that is the
 * whole packet (the device copies it all).
 */
static __rte_always_inline uint32_t
fwd_head_len(uint32_t head, uintptr_t a, uint32_t len)
{
	uint32_t h = RTE_MAX(head, (uint32_t)RTE_ETHER_HDR_LEN);

	h += (uint32_t)(-(a + h) & (RTE_CACHE_LINE_SIZE - 1));
	return h < len ? h : 0;
}

static void
fwd_drop(struct rte_mbuf **pkts, struct rte_mbuf **dsts, uint16_t n, uint64_t *counter)
{
	rte_pktmbuf_free_bulk(pkts, n);
	rte_pktmbuf_free_bulk(dsts, n);
	*counter += n;
}

/*
 * --cold-rx: a NIC writes received data by DMA, so it is in no core's cache
 * (or, with Intel DDIO, in the last-level cache) when the worker gets the
 * packet; net_null's buffers are in the worker's L1. Move every line of the
 * received data to the LLC, where such a NIC leaves it (CLDEMOTE; main()
 * refuses the option on a CPU without it).
 */
static void
fwd_nic_like(struct rte_mbuf **pkts, uint16_t nb)
{
	const char *a;
	uint32_t o;
	uint16_t i;

	for (i = 0; i < nb; i++) {
		a = rte_pktmbuf_mtod(pkts[i], const char *);
		for (o = 0; o < pkts[i]->data_len; o += RTE_CACHE_LINE_SIZE)
			rte_cldemote(a + o);
	}
}

/* Receive and copy one burst of one Rx queue; @return packets received. */
static __rte_always_inline uint16_t
fwd_rx_copy(struct fwd_ctx *ctx, struct fwd_worker *w, struct fwd_chan *ch,
		const struct fwd_rxq *q, struct fwd_laps *l)
{
	struct rte_mbuf *pkts[FWD_MAX_BURST], *dsts[FWD_MAX_BURST];
	uint16_t off[FWD_MAX_BURST];
	const uint16_t out = ctx->out_port[q->port];
	const bool dma = ch->dev_id >= 0;
	const uint32_t head = ctx->conf.cpu_head;
	uint16_t want = ctx->conf.burst, room = want, nb, i, j;
	struct rte_mbuf *s, *d;
	uint8_t *sd, *dd;
	uint32_t len, h;
	int id;

	if (dma) {
		room = RTE_MIN((uint32_t)want, ch->cap - fwd_chan_inflight(ch));
		if (room < want) {
			w->stats.ring_full++;
			if (ctx->conf.full == FWD_FULL_BACKPRESSURE)
				want = room;
		}
		if (want == 0)
			return 0;
	}
	nb = rte_eth_rx_burst(q->port, q->queue, pkts, want);
	fwd_lap(l, &l->rx);
	if (nb == 0)
		return 0;
	w->stats.rx += nb;
	if (ctx->conf.cold_rx) {
		fwd_nic_like(pkts, nb);
		fwd_lap(l, &l->nic);
	}
	/*
	 * Ask for the received headers before allocating the copies, so that
	 * the allocation hides their latency. With DMA copies of whole packets
	 * (--cpu-head 0) the headers are rewritten in place and the device last
	 * read those lines (on the emulated device: the engine's core): a read
	 * prefetch would still leave the rewrite waiting for ownership of each
	 * line, so ask with intent to write.
	 */
	if (ctx->conf.prefetch) {
		if (dma && head == 0 && ctx->conf.mac_rewrite)
			for (i = 0; i < nb; i++)
				rte_prefetch0_write(rte_pktmbuf_mtod(pkts[i], void *));
		else
			for (i = 0; i < nb; i++)
				rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));
	}
	if (unlikely(rte_pktmbuf_alloc_bulk(ctx->copy_pool, dsts, nb) != 0)) {
		rte_pktmbuf_free_bulk(pkts, nb);
		w->stats.drop_nombuf += nb;
		fwd_lap(l, &l->copy);
		return nb;
	}

	/*
	 * The application's part: headers, mbuf fields, and the CPU copy, or
	 * the CPU's head of a DMA copy. With a head, the header is rewritten in
	 * the copy's first line, which the device never writes, and the device
	 * never reads the received packet's first line: no line that the
	 * worker writes crosses to the device and back.
	 */
	for (i = 0, j = 0; i < nb; i++) {
		s = pkts[i];
		d = dsts[i];
		if (unlikely(s->nb_segs != 1)) {
			/* no scatter Rx is configured: only a misbehaving port gets here */
			fwd_drop(&s, &d, 1, &w->stats.drop_other);
			continue;
		}
		/* the Tx port travels in the copy's port field */
		d->port = out;
		len = s->data_len;
		d->data_len = len;
		d->pkt_len = len;
		sd = rte_pktmbuf_mtod(s, uint8_t *);
		dd = rte_pktmbuf_mtod(d, uint8_t *);
		h = dma && head != 0 ? fwd_head_len(head, (uintptr_t)dd, len) : 0;
		if (h != 0) {
			rte_memcpy(dd, sd, h);
			if (ctx->conf.mac_rewrite)
				fwd_mac(ctx, dd, out);
		} else {
			if (ctx->conf.mac_rewrite && len >= RTE_ETHER_HDR_LEN)
				fwd_mac(ctx, sd, out);
			if (!dma)
				rte_memcpy(dd, sd, len);
		}
		off[j] = h;
		pkts[j] = s;
		dsts[j++] = d;
	}
	if (!dma) {
		w->stats.copies += j;
		fwd_lap(l, &l->copy);
		/* a CPU copy completes at once: free the sources, queue the copies */
		rte_pktmbuf_free_bulk(pkts, j);
		for (i = 0; i < j; i++)
			fwd_tx_queue(w, dsts[i]);
		fwd_lap(l, &l->cpl);
		return nb;
	}
	if (unlikely(j > room)) {
		fwd_drop(&pkts[room], &dsts[room], j - room, &w->stats.drop_full);
		j = room;
	}
	fwd_lap(l, &l->copy);

	/* the driver's part: one job per packet, one doorbell per burst */
	for (i = 0; i < j; i++) {
		id = rte_dma_copy(ch->dev_id, ch->vchan, rte_pktmbuf_iova(pkts[i]) + off[i],
				rte_pktmbuf_iova(dsts[i]) + off[i], pkts[i]->data_len - off[i], 0);
		if (unlikely(id < 0)) {
			fwd_drop(&pkts[i], &dsts[i], j - i, &w->stats.drop_full);
			break;
		}
		ch->jobs[id & ch->mask] = (struct fwd_job){ .src = pkts[i], .dst = dsts[i] };
		ch->tail = (uint16_t)(id + 1);
	}
	if (i != 0)
		rte_dma_submit(ch->dev_id, ch->vchan);
	fwd_lap(l, &l->drv_copy);
	return nb;
}

/* One turn over every channel of the worker. @return packets moved. */
static __rte_always_inline uint32_t
fwd_turn(struct fwd_ctx *ctx, struct fwd_worker *w, bool rx)
{
	struct fwd_laps l = { .t = rte_rdtsc() };
	const uint64_t t0 = l.t;
	uint32_t moved = 0;
	uint16_t c, q;

	for (c = 0; c < w->nb_chans; c++) {
		struct fwd_chan *ch = w->chans[c];

		if (ch->dev_id >= 0) {
			moved += fwd_reap(ctx, w, ch, &l);
			fwd_lap(&l, &l.cpl);
		}
		if (!rx)
			continue;
		for (q = 0; q < ch->nb_rxq; q++)
			moved += fwd_rx_copy(ctx, w, ch, &ch->rxq[q], &l);
	}
	if (w->nb_dirty != 0) {
		fwd_tx_flush(w);
		fwd_lap(&l, &l.tx);
	}
	if (moved == 0) {
		/* a turn that found nothing: its cost is polling, not packets */
		w->stats.cyc_idle += l.t - t0;
	} else {
		w->stats.cyc_rx += l.rx;
		w->stats.cyc_copy += l.copy + l.drv_copy;
		w->stats.cyc_cpl += l.cpl + l.drv_cpl;
		w->stats.cyc_tx += l.tx;
		w->stats.cyc_drv_copy += l.drv_copy;
		w->stats.cyc_drv_cpl += l.drv_cpl;
		w->stats.cyc_nic += l.nic;
	}
	return moved;
}

static bool
fwd_all_drained(const struct fwd_worker *w)
{
	uint16_t c;

	for (c = 0; c < w->nb_chans; c++)
		if (w->chans[c]->head != w->chans[c]->tail)
			return false;
	return true;
}

int
fwd_worker_main(void *arg)
{
	struct fwd_worker *w = arg;
	struct fwd_ctx *ctx = w->ctx;
	uint64_t deadline;

	/* lets the main lcore tell time on the CPU from time preempted */
	if (pthread_getcpuclockid(pthread_self(), &w->clock) == 0)
		__atomic_store_n(&w->has_clock, true, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&ctx->stop, __ATOMIC_RELAXED))
		fwd_turn(ctx, w, true);

	/* stop receiving; give the copies in flight a bounded time to finish */
	deadline = rte_get_timer_cycles() + rte_get_timer_hz() * FWD_DRAIN_MS / 1000;
	while (!fwd_all_drained(w) && rte_get_timer_cycles() < deadline)
		fwd_turn(ctx, w, false);
	fwd_tx_flush(w);
	w->drained = fwd_all_drained(w);
	return 0;
}

void
fwd_stats_sum(const struct fwd_ctx *ctx, struct fwd_stats *sum)
{
	const uint64_t *f;
	uint64_t *s = (uint64_t *)sum;
	uint16_t i;
	size_t k;

	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < ctx->nb_workers; i++) {
		f = (const uint64_t *)&ctx->workers[i].stats;
		for (k = 0; k < sizeof(*sum) / sizeof(uint64_t); k++)
			s[k] += __atomic_load_n(&f[k], __ATOMIC_RELAXED);
	}
}
