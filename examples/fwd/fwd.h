/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef HIDMA_FWD_H
#define HIDMA_FWD_H

/*
 * The forwarding core of hidma-fwd, separate from its command line so that
 * test/fwd can drive it on net_ring ports it creates itself.
 *
 * Topology: every (port, Rx queue) belongs to one channel; every channel to
 * one worker lcore. A channel is a dmadev vchan in DMA mode, and only a
 * group of Rx queues in CPU mode. Each worker transmits on its own Tx queue
 * of every port (ethdev Tx queues are not thread-safe).
 */

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <rte_common.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#define FWD_MAX_BURST		64	/* packets per Rx burst */
#define FWD_MAX_CHANS		64	/* channels in all */
#define FWD_MAX_LCORE_CHANS	16	/* channels per worker */
#define FWD_MAX_CHAN_RXQS	32	/* Rx queues per channel */
#define FWD_MAX_CPU_HEAD	256	/* --cpu-head, bytes */
#define FWD_TXBUF		(2 * FWD_MAX_BURST)

enum fwd_copy {
	FWD_COPY_CPU,		/* rte_memcpy on the worker */
	FWD_COPY_DMA,		/* one dmadev job per packet */
};

/* what a worker does when the channel has no room for a whole burst */
enum fwd_full {
	FWD_FULL_BACKPRESSURE,	/* receive only what fits; the rest waits in the Rx ring */
	FWD_FULL_DROP,		/* receive the burst, drop (and count) what does not fit */
};

struct fwd_conf {
	enum fwd_copy copy;
	enum fwd_full full;
	uint16_t burst;		/* Rx burst, 1..FWD_MAX_BURST */
	uint16_t nb_desc;	/* dmadev ring size asked for */
	uint16_t reap;		/* completions asked for per completed() call */
	bool mac_rewrite;	/* l2fwd-style: dst 02:00:00:00:00:<port>, src = Tx port's */
	bool prefetch;		/* prefetch the header of each received packet */
	bool cold_rx;		/* demote received data to the LLC first (--cold-rx) */
	uint16_t cpu_head;	/* DMA: bytes the worker copies itself (--cpu-head), 0 none */
};

/* Per worker counters; written by that worker only, read by anyone. */
struct fwd_stats {
	uint64_t rx;		/* packets received */
	uint64_t tx;		/* packets transmitted */
	uint64_t copies;	/* copies done (CPU) or completed successfully (DMA) */
	uint64_t drop_full;	/* dropped: no room in the channel (--full drop) */
	uint64_t drop_nombuf;	/* dropped: no mbuf to copy into */
	uint64_t drop_tx;	/* dropped: Tx queue full */
	uint64_t drop_dma;	/* dropped: the copy job failed (DMA error) */
	uint64_t drop_other;	/* dropped: multi-segment packet, or flushed at stop */
	uint64_t ring_full;	/* polls that found less room than a burst */
	uint64_t reaps;		/* rte_dma_completed() calls */
	uint64_t reaps_empty;	/* ... that found nothing completed */
	uint64_t cyc_rx;	/* TSC cycles in rte_eth_rx_burst */
	uint64_t cyc_copy;	/* ... allocating, rewriting, copying or enqueueing, submitting */
	uint64_t cyc_cpl;	/* ... reaping completions, freeing sources */
	uint64_t cyc_tx;	/* ... in rte_eth_tx_burst and freeing what it refused */
	uint64_t cyc_idle;	/* ... in loop turns that moved no packet */
	uint64_t cyc_drv_copy;	/* part of cyc_copy in rte_dma_copy() and rte_dma_submit() */
	uint64_t cyc_drv_cpl;	/* part of cyc_cpl inside rte_dma_completed*() */
	uint64_t cyc_nic;	/* --cold-rx: demoting received data, not the worker's */
};

struct fwd_rxq {
	uint16_t port;
	uint16_t queue;
};

/* a copy in flight: freed or transmitted when its job completes */
struct fwd_job {
	struct rte_mbuf *src;
	struct rte_mbuf *dst;
};

struct fwd_chan {
	int16_t dev_id;		/* dmadev, -1 in CPU mode */
	uint16_t vchan;
	uint32_t cap;		/* jobs in flight at most */
	uint16_t mask;		/* of jobs[] */
	uint16_t head;		/* job id of the oldest job in flight */
	uint16_t tail;		/* job id the next copy gets */
	struct fwd_job *jobs;	/* indexed by job id & mask */
	uint16_t nb_rxq;
	struct fwd_rxq rxq[FWD_MAX_CHAN_RXQS];
	char name[64];
};

struct fwd_txbuf {
	uint16_t n;
	struct rte_mbuf *pkts[FWD_TXBUF];
};

struct fwd_worker {
	struct fwd_stats stats;		/* first: one writer, its own lines */
	struct fwd_ctx *ctx;
	unsigned int lcore_id;
	uint16_t txq;			/* Tx queue of every port */
	uint16_t nb_chans;
	struct fwd_chan *chans[FWD_MAX_LCORE_CHANS];
	struct fwd_txbuf *txbuf;	/* one per port id */
	uint16_t nb_dirty;		/* ports with packets queued for Tx */
	uint16_t dirty[RTE_MAX_ETHPORTS];
	bool drained;			/* nothing left in flight after the stop */
	bool has_clock;			/* clock is this worker's CPU-time clock */
	clockid_t clock;
} __rte_cache_aligned;

struct fwd_ctx {
	struct fwd_conf conf;
	volatile bool stop;		/* set by the main lcore: stop receiving, drain */
	struct rte_mempool *rx_pool;	/* Rx descriptors */
	struct rte_mempool *copy_pool;	/* copy destinations (may be rx_pool) */
	uint16_t out_port[RTE_MAX_ETHPORTS];
	struct rte_ether_addr mac[RTE_MAX_ETHPORTS];
	uint16_t nb_chans;
	struct fwd_chan chans[FWD_MAX_CHANS];
	uint16_t nb_workers;
	struct fwd_worker *workers;	/* nb_workers, rte_zmalloc'ed */
};

/* Set a channel's dmadev up (configure, vchan, start) and its job ring. */
int fwd_chan_setup(struct fwd_ctx *ctx, struct fwd_chan *ch, int16_t dev_id);
/* Stop the channel's dmadev, free what is still in flight; @return the jobs freed. */
unsigned int fwd_chan_release(struct fwd_chan *ch);

/* Worker entry (rte_eal_remote_launch): forward until ctx->stop, then drain. */
int fwd_worker_main(void *arg);

/* Sum of every worker's counters. */
void fwd_stats_sum(const struct fwd_ctx *ctx, struct fwd_stats *sum);

#endif /* HIDMA_FWD_H */
