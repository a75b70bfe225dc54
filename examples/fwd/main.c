/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * hidma-fwd: forward packets between ethdev ports, copying every packet
 * into a fresh mbuf through a dmadev channel (default: the channels of the
 * emulated HIDMA instance) or with the CPU. See
 * doc/guides/sample_app_ug/hidma_fwd.rst.
 *
 *   hidma-fwd -l 0-1 --no-pci -d build/drivers --vdev hidma_model0,channels=1 \
 *       --vdev net_null0 --vdev net_null1 -- --copy dma
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cpuflags.h>
#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "fwd.h"

#define NB_RXD		1024
#define NB_TXD		1024
#define POOL_CACHE	256
#define DEFAULT_DMA	"hidma_model0-ch"

static volatile sig_atomic_t quit_signal;

struct opts {
	uint64_t portmask;
	uint16_t nb_rxq;
	uint16_t nb_chans;		/* 0: one per worker, or the --dma list */
	char *dma_names[FWD_MAX_CHANS];
	uint16_t nb_dma_names;
	bool one_pool;
	uint32_t nb_mbufs;		/* per pool, 0: computed */
	double stats_s;
	double time_s;
	double warmup_s;
	uint64_t max_pkts;
};

static void
print_usage(const char *prog)
{
	printf("usage: %s [EAL options] -- [options]\n"
		"  --copy cpu|dma        who copies each packet (default dma)\n"
		"  --dma NAME[,NAME...]  dmadevs to use, one channel each (default %s0, %s1, ...:\n"
		"                        one per worker lcore)\n"
		"  --chans N             number of channels (default: one per worker lcore)\n"
		"  -p PORTMASK           ports to use (default: all)\n"
		"  --rxq N               Rx queues per port (default 1)\n"
		"  --burst N             Rx burst, 1..%d (default 32)\n"
		"  --ring N              descriptors per dmadev channel (default 64)\n"
		"  --reap N              completions asked for per call, 1..128 (default 64)\n"
		"  --full backpressure|drop\n"
		"                        when a channel has no room: leave packets in the Rx ring\n"
		"                        (default), or receive and drop them\n"
		"  --no-mac-updating     forward packets unchanged\n"
		"  --no-prefetch         do not prefetch received headers\n"
		"  --cpu-head BYTES      DMA: the worker copies the first BYTES (to the end of\n"
		"                        their cache line) and rewrites the header in the copy,\n"
		"                        the channel copies the rest; 0: the channel copies the\n"
		"                        whole packet (default 64)\n"
		"  --cold-rx             received data in the LLC, as a NIC leaves it, not in\n"
		"                        the worker's L1 (x86 CLDEMOTE; its time reported apart)\n"
		"  --one-pool            copy into mbufs of the Rx pool (default: a pool of\n"
		"                        their own)\n"
		"  --nb-mbufs N          mbufs per pool (default: computed from the set-up)\n"
		"  --stats S             print statistics every S seconds, 0: never (default 1)\n"
		"  --time S              stop after S seconds (default: at SIGINT/SIGTERM)\n"
		"  --warmup S            leave the first S seconds out of the summary (default 0)\n"
		"  --max-pkts N          stop once N packets were received\n",
		prog, DEFAULT_DMA, DEFAULT_DMA, FWD_MAX_BURST);
}

static int
parse_uint(const char *opt, const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || *v < min || *v > max) {
		fprintf(stderr, "hidma-fwd: bad value '%s' for %s: expected %" PRIu64 "..%"
				PRIu64 "\n", s, opt, min, max);
		return -1;
	}
	return 0;
}

static int
parse_secs(const char *opt, const char *s, double *v)
{
	char *end;

	*v = strtod(s, &end);
	if (end == s || *end != '\0' || !(*v >= 0 && *v < 1e6)) {
		fprintf(stderr, "hidma-fwd: bad value '%s' for %s: expected seconds >= 0\n",
				s, opt);
		return -1;
	}
	return 0;
}

static int
parse_args(int argc, char **argv, struct fwd_conf *c, struct opts *o)
{
	enum { O_COPY = 256, O_DMA, O_CHANS, O_RXQ, O_BURST, O_RING, O_REAP, O_FULL, O_NOMAC,
		O_NOPF, O_HEAD, O_COLD, O_ONEPOOL, O_MBUFS, O_STATS, O_TIME, O_WARMUP, O_MAX, O_HELP };
	static const struct option lopts[] = {
		{ "copy", 1, NULL, O_COPY }, { "dma", 1, NULL, O_DMA },
		{ "chans", 1, NULL, O_CHANS }, { "rxq", 1, NULL, O_RXQ },
		{ "burst", 1, NULL, O_BURST }, { "ring", 1, NULL, O_RING },
		{ "reap", 1, NULL, O_REAP }, { "full", 1, NULL, O_FULL },
		{ "no-mac-updating", 0, NULL, O_NOMAC }, { "no-prefetch", 0, NULL, O_NOPF },
		{ "cpu-head", 1, NULL, O_HEAD }, { "cold-rx", 0, NULL, O_COLD },
		{ "one-pool", 0, NULL, O_ONEPOOL }, { "nb-mbufs", 1, NULL, O_MBUFS },
		{ "stats", 1, NULL, O_STATS }, { "time", 1, NULL, O_TIME },
		{ "warmup", 1, NULL, O_WARMUP }, { "max-pkts", 1, NULL, O_MAX },
		{ "help", 0, NULL, O_HELP }, { NULL, 0, NULL, 0 },
	};
	const char *prog = argv[0];
	char *tok, *save;
	uint64_t v;
	int opt;

	while ((opt = getopt_long(argc, argv, "p:h", lopts, NULL)) != -1) {
		switch (opt) {
		case O_COPY:
			if (strcmp(optarg, "cpu") == 0) {
				c->copy = FWD_COPY_CPU;
			} else if (strcmp(optarg, "dma") == 0) {
				c->copy = FWD_COPY_DMA;
			} else {
				fprintf(stderr, "hidma-fwd: --copy %s: expected cpu or dma\n",
						optarg);
				return -1;
			}
			break;
		case O_DMA:
			for (tok = strtok_r(optarg, ",", &save); tok != NULL;
					tok = strtok_r(NULL, ",", &save)) {
				if (o->nb_dma_names == FWD_MAX_CHANS) {
					fprintf(stderr, "hidma-fwd: --dma: at most %d dmadevs\n",
							FWD_MAX_CHANS);
					return -1;
				}
				o->dma_names[o->nb_dma_names++] = tok;
			}
			break;
		case O_CHANS:
			if (parse_uint("--chans", optarg, 1, FWD_MAX_CHANS, &v) < 0)
				return -1;
			o->nb_chans = v;
			break;
		case 'p':
			if (parse_uint("-p", optarg, 1, UINT32_MAX, &v) < 0)
				return -1;
			o->portmask = v;
			break;
		case O_RXQ:
			if (parse_uint("--rxq", optarg, 1, FWD_MAX_CHAN_RXQS, &v) < 0)
				return -1;
			o->nb_rxq = v;
			break;
		case O_BURST:
			if (parse_uint("--burst", optarg, 1, FWD_MAX_BURST, &v) < 0)
				return -1;
			c->burst = v;
			break;
		case O_RING:
			if (parse_uint("--ring", optarg, 32, 16384, &v) < 0)
				return -1;
			c->nb_desc = v;
			break;
		case O_REAP:
			if (parse_uint("--reap", optarg, 1, 128, &v) < 0)
				return -1;
			c->reap = v;
			break;
		case O_FULL:
			if (strcmp(optarg, "backpressure") == 0) {
				c->full = FWD_FULL_BACKPRESSURE;
			} else if (strcmp(optarg, "drop") == 0) {
				c->full = FWD_FULL_DROP;
			} else {
				fprintf(stderr, "hidma-fwd: --full %s: expected backpressure "
						"or drop\n", optarg);
				return -1;
			}
			break;
		case O_NOMAC:
			c->mac_rewrite = false;
			break;
		case O_NOPF:
			c->prefetch = false;
			break;
		case O_HEAD:
			if (parse_uint("--cpu-head", optarg, 0, FWD_MAX_CPU_HEAD, &v) < 0)
				return -1;
			c->cpu_head = v;
			break;
		case O_COLD:
			c->cold_rx = true;
			break;
		case O_ONEPOOL:
			o->one_pool = true;
			break;
		case O_MBUFS:
			if (parse_uint("--nb-mbufs", optarg, 1024, 1u << 24, &v) < 0)
				return -1;
			o->nb_mbufs = v;
			break;
		case O_STATS:
			if (parse_secs("--stats", optarg, &o->stats_s) < 0)
				return -1;
			break;
		case O_TIME:
			if (parse_secs("--time", optarg, &o->time_s) < 0)
				return -1;
			break;
		case O_WARMUP:
			if (parse_secs("--warmup", optarg, &o->warmup_s) < 0)
				return -1;
			break;
		case O_MAX:
			if (parse_uint("--max-pkts", optarg, 1, UINT64_MAX, &v) < 0)
				return -1;
			o->max_pkts = v;
			break;
		case O_HELP:
		case 'h':
			print_usage(prog);
			exit(EXIT_SUCCESS);
		default:
			print_usage(prog);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "hidma-fwd: unexpected argument '%s' (options go after --)\n",
				argv[optind]);
		return -1;
	}
	if (c->copy == FWD_COPY_CPU && o->nb_dma_names != 0) {
		fprintf(stderr, "hidma-fwd: --dma makes no sense with --copy cpu\n");
		return -1;
	}
	return 0;
}

static void
on_signal(int sig)
{
	quit_signal = sig;
}

static int
port_setup(struct fwd_ctx *ctx, uint16_t port, uint16_t nb_rxq, uint16_t nb_txq)
{
	struct rte_eth_conf conf = { 0 };
	struct rte_eth_dev_info info;
	uint16_t nb_rxd = NB_RXD, nb_txd = NB_TXD, q;
	int ret;

	ret = rte_eth_dev_info_get(port, &info);
	if (ret != 0)
		return ret;
	if (nb_rxq > info.max_rx_queues || nb_txq > info.max_tx_queues) {
		fprintf(stderr, "hidma-fwd: port %u has %u Rx and %u Tx queues at most; "
				"this set-up needs %u and %u (one Tx queue per worker lcore)\n",
				port, info.max_rx_queues, info.max_tx_queues, nb_rxq, nb_txq);
		return -EINVAL;
	}
	if (nb_rxq > 1) {
		/* spread flows over the queues; whatever hashing the port offers */
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_IP & info.flow_type_rss_offloads;
		if (conf.rx_adv_conf.rss_conf.rss_hf == 0)
			conf.rxmode.mq_mode = RTE_ETH_MQ_RX_NONE;
	}
	/* every transmitted mbuf is a copy: refcnt 1, one pool */
	if (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE)
		conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	ret = rte_eth_dev_configure(port, nb_rxq, nb_txq, &conf);
	if (ret == 0)
		ret = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nb_rxd, &nb_txd);
	for (q = 0; ret == 0 && q < nb_rxq; q++)
		ret = rte_eth_rx_queue_setup(port, q, nb_rxd, rte_eth_dev_socket_id(port), NULL,
				ctx->rx_pool);
	for (q = 0; ret == 0 && q < nb_txq; q++)
		ret = rte_eth_tx_queue_setup(port, q, nb_txd, rte_eth_dev_socket_id(port), NULL);
	if (ret == 0)
		ret = rte_eth_macaddr_get(port, &ctx->mac[port]);
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	if (ret != 0)
		return ret;
	/* forwarding takes every frame; a port that cannot is still usable */
	rte_eth_promiscuous_enable(port);
	return 0;
}

/* CPU time of the workers, in seconds (0 until they have started) */
static double
workers_cpu_time(const struct fwd_ctx *ctx)
{
	struct timespec ts;
	double sum = 0;
	uint16_t i;

	for (i = 0; i < ctx->nb_workers; i++)
		if (__atomic_load_n(&ctx->workers[i].has_clock, __ATOMIC_ACQUIRE) &&
				clock_gettime(ctx->workers[i].clock, &ts) == 0)
			sum += ts.tv_sec + ts.tv_nsec * 1e-9;
	return sum;
}

/*
 * The phases are timed with the TSC, which also runs while the OS has
 * preempted a worker: on a shared machine, scale by the share of the time
 * the workers were on a CPU. @return that share, 0..1.
 */
static double
oncpu_share(const struct fwd_ctx *ctx, double cpu0, double cpu1, double dt)
{
	double share = (cpu1 - cpu0) / (dt * ctx->nb_workers);

	return share > 0 && share < 1 ? share : 1;
}

/* what happened between two snapshots of the counters */
struct period {
	double secs;
	double rx_mpps, tx_mpps;
	double cyc, rx, copy, cpl, tx, drv_copy, drv_cpl, nic;	/* per transmitted packet */
	double idle_pct, oncpu_pct;
	double per_reap, empty_reap_pct;
	uint64_t copies, full, nombuf, txd, dma, other, ring_full;
};

#define DELTA(f) ((double)(b->f - a->f))

static void
period_get(const struct fwd_stats *a, const struct fwd_stats *b, double dt, double oncpu,
		struct period *p)
{
	/* TSC cycles scaled by the time on a CPU, per transmitted packet */
	const double pp = (b->tx > a->tx ? DELTA(tx) : 1) / oncpu;
	const double busy = DELTA(cyc_rx) + DELTA(cyc_copy) + DELTA(cyc_cpl) + DELTA(cyc_tx);

	p->secs = dt;
	p->rx_mpps = DELTA(rx) / dt / 1e6;
	p->tx_mpps = DELTA(tx) / dt / 1e6;
	p->cyc = busy / pp;
	p->rx = DELTA(cyc_rx) / pp;
	p->copy = DELTA(cyc_copy) / pp;
	p->cpl = DELTA(cyc_cpl) / pp;
	p->tx = DELTA(cyc_tx) / pp;
	p->drv_copy = DELTA(cyc_drv_copy) / pp;
	p->drv_cpl = DELTA(cyc_drv_cpl) / pp;
	p->nic = DELTA(cyc_nic) / pp;
	p->idle_pct = busy + DELTA(cyc_idle) > 0 ? 100 * DELTA(cyc_idle) /
			(busy + DELTA(cyc_idle)) : 0;
	p->oncpu_pct = 100 * oncpu;
	p->per_reap = b->reaps > a->reaps ? DELTA(copies) / DELTA(reaps) : 0;
	p->empty_reap_pct = b->reaps > a->reaps ? 100 * DELTA(reaps_empty) / DELTA(reaps) : 0;
	p->copies = b->copies - a->copies;
	p->full = b->drop_full - a->drop_full;
	p->nombuf = b->drop_nombuf - a->drop_nombuf;
	p->txd = b->drop_tx - a->drop_tx;
	p->dma = b->drop_dma - a->drop_dma;
	p->other = b->drop_other - a->drop_other;
	p->ring_full = b->ring_full - a->ring_full;
}

static void
print_stats(const struct period *p, bool dma, const char *tag)
{
	printf("%s rx %.3f Mpps tx %.3f Mpps | copies %" PRIu64 " | drops full %" PRIu64
			" nombuf %" PRIu64 " tx %" PRIu64 " dma %" PRIu64 " other %" PRIu64
			" | ring-full %" PRIu64 " | DMA errors %" PRIu64 "\n",
			tag, p->rx_mpps, p->tx_mpps, p->copies, p->full, p->nombuf, p->txd, p->dma,
			p->other, p->ring_full, p->dma);
	printf("%s worker cycles/pkt %.1f (rx %.1f copy %.1f completion %.1f tx %.1f",
			tag, p->cyc, p->rx, p->copy, p->cpl, p->tx);
	if (dma)
		printf("; in the dmadev: %.1f + %.1f", p->drv_copy, p->drv_cpl);
	printf("), idle %.1f%%, on CPU %.0f%%", p->idle_pct, p->oncpu_pct);
	if (p->nic > 0)
		printf(", --cold-rx %.1f", p->nic);
	if (dma)
		printf(", %.1f copies per completed() call", p->per_reap);
	printf("\n");
}

/* one line for scripts (devtools/bench-fwd.sh) */
static void
print_summary(const struct fwd_ctx *ctx, const struct period *p)
{
	printf("summary: copy=%s chans=%u secs=%.2f rx_mpps=%.3f tx_mpps=%.3f cyc_pkt=%.1f "
			"rx=%.1f copy=%.1f cpl=%.1f tx=%.1f drv_copy=%.1f drv_cpl=%.1f "
			"idle_pct=%.1f oncpu_pct=%.0f copies_per_reap=%.1f reaps_empty_pct=%.1f "
			"drops=%" PRIu64 " dma_errors=%" PRIu64 " ring_full=%" PRIu64 " nic=%.1f\n",
			ctx->conf.copy == FWD_COPY_DMA ? "dma" : "cpu", ctx->nb_chans, p->secs,
			p->rx_mpps, p->tx_mpps, p->cyc, p->rx, p->copy, p->cpl, p->tx, p->drv_copy,
			p->drv_cpl, p->idle_pct, p->oncpu_pct, p->per_reap, p->empty_reap_pct,
			p->full + p->nombuf + p->txd + p->dma + p->other, p->dma, p->ring_full,
			p->nic);
}

static struct rte_mempool *
make_pool(const char *name, uint32_t n)
{
	struct rte_mempool *mp;

	mp = rte_pktmbuf_pool_create(name, n, POOL_CACHE, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
			rte_socket_id());
	if (mp == NULL)
		fprintf(stderr, "hidma-fwd: cannot create mbuf pool %s of %u mbufs: %s (more "
				"hugepages, or a smaller --nb-mbufs)\n", name, n,
				rte_strerror(rte_errno));
	return mp;
}

/* every mbuf back where it belongs? */
static bool
pool_full(struct rte_mempool *mp)
{
	unsigned int avail = rte_mempool_avail_count(mp);

	printf("mempool %s: %u of %u mbufs free%s\n", mp->name, avail, mp->size,
			avail == mp->size ? "" : " (LEAK)");
	return avail == mp->size;
}

static int16_t
find_dmadev(const char *name)
{
	int16_t id = rte_dma_get_dev_id_by_name(name);

	if (id < 0)
		fprintf(stderr, "hidma-fwd: no dmadev '%s'. For the emulated HIDMA pass "
				"-d <plugin dir> --vdev hidma_model0,channels=<channels>; "
				"name other dmadevs with --dma, or copy with --copy cpu\n", name);
	return id;
}

int
main(int argc, char **argv)
{
	/* argv[0] for the application's own options, after EAL took its own */
	char prog_name[] = "hidma-fwd";
	struct fwd_ctx *ctx;
	struct opts o = { .nb_rxq = 1, .stats_s = 1.0 };
	uint16_t ports[RTE_MAX_ETHPORTS], nb_ports = 0, port, i, c, q;
	struct fwd_stats s_prev, s_now, s_warm;
	uint64_t hz, t_start, t_prev, t_now, t_warm;
	unsigned int lcore, nb_rxq_total, nb_chans;
	double cpu_start, cpu_prev, cpu_now, cpu_warm, dt;
	struct period p;
	bool warm, ok = false, launch_failed = false;
	char name[64];
	uint32_t n;
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "hidma-fwd: cannot init EAL: %s\n", rte_errno != 0 ?
			rte_strerror(rte_errno) : "no error code: see EAL's message above");
		return EXIT_FAILURE;
	}
	argc -= ret;
	argv += ret;
	/* statistics lines interleave with the drivers' logs on stderr */
	setvbuf(stdout, NULL, _IOLBF, 0);
	argv[0] = prog_name;

	ctx = rte_zmalloc("fwd_ctx", sizeof(*ctx), RTE_CACHE_LINE_SIZE);
	if (ctx == NULL) {
		fprintf(stderr, "hidma-fwd: out of memory\n");
		goto fail_eal;
	}
	ctx->conf = (struct fwd_conf){
		.copy = FWD_COPY_DMA, .full = FWD_FULL_BACKPRESSURE, .burst = 32,
		.nb_desc = 64, .reap = 64, .mac_rewrite = true, .prefetch = true,
		.cpu_head = RTE_CACHE_LINE_SIZE,
	};
	if (parse_args(argc, argv, &ctx->conf, &o) < 0)
		goto fail_ctx;
#ifdef RTE_ARCH_X86
	if (ctx->conf.cold_rx && rte_cpu_get_flag_enabled(RTE_CPUFLAG_CLDEMOTE) <= 0) {
#else
	if (ctx->conf.cold_rx) {
#endif
		/* elsewhere rte_cldemote() does nothing: the option would be a lie */
		fprintf(stderr, "hidma-fwd: --cold-rx needs an x86 CPU with CLDEMOTE; this one "
				"has none\n");
		goto fail_ctx;
	}

	ctx->nb_workers = rte_lcore_count() - 1;
	if (ctx->nb_workers == 0) {
		fprintf(stderr, "hidma-fwd: give at least two lcores (e.g. -l 0-1): the first "
				"lcore prints statistics, the others forward\n");
		goto fail_ctx;
	}
	RTE_ETH_FOREACH_DEV(port) {
		if (o.portmask == 0 || (o.portmask & (UINT64_C(1) << port)))
			ports[nb_ports++] = port;
	}
	if (nb_ports == 0) {
		fprintf(stderr, "hidma-fwd: no port%s; without a NIC try --vdev net_null0 "
				"--vdev net_null1\n", o.portmask != 0 ? " in the port mask" : "");
		goto fail_ctx;
	}
	/* pairs 0<->1, 2<->3, ...; an odd last port sends back where it received */
	for (i = 0; i < nb_ports; i++)
		ctx->out_port[ports[i]] = (i ^ 1) < nb_ports ? ports[i ^ 1] : ports[i];

	nb_chans = o.nb_chans != 0 ? o.nb_chans :
			o.nb_dma_names != 0 ? o.nb_dma_names : ctx->nb_workers;
	if (o.nb_dma_names != 0 && nb_chans != o.nb_dma_names) {
		fprintf(stderr, "hidma-fwd: --chans %u but %u dmadevs in --dma\n", nb_chans,
				o.nb_dma_names);
		goto fail_ctx;
	}
	nb_rxq_total = nb_ports * o.nb_rxq;
	if (nb_chans > nb_rxq_total) {
		fprintf(stderr, "hidma-fwd: %u channels for %u Rx queues: a channel would "
				"have nothing to do (fewer --chans, or more --rxq)\n", nb_chans,
				nb_rxq_total);
		goto fail_ctx;
	}
	if (nb_chans < ctx->nb_workers) {
		fprintf(stderr, "hidma-fwd: %u worker lcores for %u channels: give fewer lcores "
				"or more channels\n", ctx->nb_workers, nb_chans);
		goto fail_ctx;
	}
	if ((nb_rxq_total + nb_chans - 1) / nb_chans > FWD_MAX_CHAN_RXQS ||
			(nb_chans + ctx->nb_workers - 1) / ctx->nb_workers > FWD_MAX_LCORE_CHANS) {
		fprintf(stderr, "hidma-fwd: at most %d Rx queues per channel and %d channels "
				"per lcore\n", FWD_MAX_CHAN_RXQS, FWD_MAX_LCORE_CHANS);
		goto fail_ctx;
	}
	/*
	 * Rx pool: the Rx rings, the bursts in hand, the copies in flight and
	 * the mempool caches. Copy pool: the Tx rings and buffers, the copies
	 * in flight and the caches.
	 */
	n = nb_ports * o.nb_rxq * NB_RXD + nb_chans * ctx->conf.nb_desc +
			rte_lcore_count() * (POOL_CACHE * 3 / 2 + FWD_MAX_BURST) + 1024;
	if (!o.one_pool)
		n = RTE_MAX(n, nb_ports * ctx->nb_workers * (NB_TXD + FWD_TXBUF) +
				nb_chans * ctx->conf.nb_desc +
				rte_lcore_count() * POOL_CACHE * 3 / 2);
	else
		n += nb_ports * ctx->nb_workers * (NB_TXD + FWD_TXBUF);
	if (o.nb_mbufs != 0)
		n = o.nb_mbufs;
	ctx->rx_pool = make_pool("fwd_rx", n);
	if (ctx->rx_pool == NULL)
		goto fail_ctx;
	ctx->copy_pool = o.one_pool ? ctx->rx_pool : make_pool("fwd_copy", n);
	if (ctx->copy_pool == NULL)
		goto fail_pools;

	for (i = 0; i < nb_ports; i++) {
		ret = port_setup(ctx, ports[i], o.nb_rxq, ctx->nb_workers);
		if (ret != 0) {
			fprintf(stderr, "hidma-fwd: cannot set port %u up: %s\n", ports[i],
					strerror(-ret));
			/* close the ports set up so far and this one */
			nb_ports = i + 1;
			goto fail_ports;
		}
	}

	ctx->workers = rte_zmalloc("fwd_workers", sizeof(*ctx->workers) * ctx->nb_workers,
			RTE_CACHE_LINE_SIZE);
	if (ctx->workers == NULL)
		goto fail_ports;
	i = 0;
	RTE_LCORE_FOREACH_WORKER(lcore) {
		struct fwd_worker *w = &ctx->workers[i];

		w->ctx = ctx;
		w->lcore_id = lcore;
		w->txq = i++;
		w->txbuf = rte_zmalloc_socket("fwd_txbuf", sizeof(*w->txbuf) * RTE_MAX_ETHPORTS,
				RTE_CACHE_LINE_SIZE, rte_lcore_to_socket_id(lcore));
		if (w->txbuf == NULL)
			goto fail_workers;
	}

	/* channels: Rx queues round-robin over channels, channels over workers */
	for (c = 0; c < nb_chans; c++) {
		struct fwd_chan *ch = &ctx->chans[c];
		int16_t dev = -1;

		if (ctx->conf.copy == FWD_COPY_DMA) {
			if (o.nb_dma_names != 0)
				snprintf(ch->name, sizeof(ch->name), "%s", o.dma_names[c]);
			else
				snprintf(ch->name, sizeof(ch->name), DEFAULT_DMA "%u", c);
			dev = find_dmadev(ch->name);
			if (dev < 0)
				goto fail_chans;
		} else {
			snprintf(ch->name, sizeof(ch->name), "cpu%u", c);
		}
		ret = fwd_chan_setup(ctx, ch, dev);
		if (ret != 0) {
			fprintf(stderr, "hidma-fwd: cannot set dmadev %s up: %s%s\n", ch->name,
					strerror(-ret), ret == -ENOTSUP ?
					" (it cannot copy memory to memory)" : "");
			goto fail_chans;
		}
		ctx->nb_chans = c + 1;
		ctx->workers[c % ctx->nb_workers].chans[ctx->workers[c % ctx->nb_workers]
				.nb_chans++] = ch;
	}
	i = 0;
	for (q = 0; q < o.nb_rxq; q++) {
		for (port = 0; port < nb_ports; port++) {
			struct fwd_chan *ch = &ctx->chans[i++ % nb_chans];

			ch->rxq[ch->nb_rxq++] = (struct fwd_rxq){ .port = ports[port], .queue = q };
		}
	}
	for (i = 0; i < ctx->nb_workers; i++) {
		struct fwd_worker *w = &ctx->workers[i];

		for (c = 0; c < w->nb_chans; c++) {
			struct fwd_chan *ch = w->chans[c];
			char list[FWD_MAX_CHAN_RXQS * 12];
			size_t len = 0;

			list[0] = '\0';
			for (q = 0; q < ch->nb_rxq && len < sizeof(list); q++)
				len += snprintf(list + len, sizeof(list) - len, "%s%u/%u",
						q ? " " : "", ch->rxq[q].port, ch->rxq[q].queue);
			if (ch->dev_id >= 0)
				printf("lcore %u: dmadev %s (%u jobs in flight at most) "
						"<- port/queue %s, Tx queue %u\n", w->lcore_id,
						ch->name, ch->cap, list, w->txq);
			else
				printf("lcore %u: CPU copies (%s) <- port/queue %s, Tx queue %u\n",
						w->lcore_id, ch->name, list, w->txq);
		}
	}
	for (i = 0; i < nb_ports; i++)
		printf("port %u -> port %u\n", ports[i], ctx->out_port[ports[i]]);
	if (ctx->conf.copy == FWD_COPY_DMA && ctx->conf.cpu_head != 0)
		printf("copies: the first %u B (to a line end) by the worker, header rewritten "
				"there; the rest by the device\n",
				RTE_MAX(ctx->conf.cpu_head, (uint16_t)RTE_ETHER_HDR_LEN));
	else if (ctx->conf.copy == FWD_COPY_DMA)
		printf("copies: whole packets by the device, header rewritten in the received "
				"packet\n");

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	for (i = 0; i < ctx->nb_workers; i++) {
		if (rte_eal_remote_launch(fwd_worker_main, &ctx->workers[i],
				ctx->workers[i].lcore_id) != 0) {
			fprintf(stderr, "hidma-fwd: cannot start lcore %u\n",
					ctx->workers[i].lcore_id);
			launch_failed = true;
			quit_signal = SIGTERM;
		}
	}

	hz = rte_get_timer_hz();
	t_start = t_prev = t_warm = rte_get_timer_cycles();
	fwd_stats_sum(ctx, &s_prev);
	s_warm = s_prev;
	cpu_start = cpu_prev = cpu_warm = 0;
	warm = o.warmup_s == 0;
	while (!quit_signal) {
		rte_delay_us_sleep(10000);
		t_now = rte_get_timer_cycles();
		fwd_stats_sum(ctx, &s_now);
		cpu_now = workers_cpu_time(ctx);
		if (!warm && t_now - t_start >= o.warmup_s * hz) {
			warm = true;
			t_warm = t_now;
			s_warm = s_now;
			cpu_warm = cpu_now;
		}
		if (o.stats_s > 0 && t_now - t_prev >= o.stats_s * hz) {
			dt = (double)(t_now - t_prev) / hz;

			snprintf(name, sizeof(name), "[%6.1f s]", (double)(t_now - t_start) / hz);
			period_get(&s_prev, &s_now, dt, oncpu_share(ctx, cpu_prev, cpu_now, dt),
					&p);
			print_stats(&p, ctx->conf.copy == FWD_COPY_DMA, name);
			s_prev = s_now;
			t_prev = t_now;
			cpu_prev = cpu_now;
		}
		if (o.time_s > 0 && t_now - t_start >= o.time_s * hz)
			break;
		if (o.max_pkts != 0 && s_now.rx >= o.max_pkts)
			break;
	}
	/* the summary covers the forwarding time, not the drain */
	t_now = rte_get_timer_cycles();
	fwd_stats_sum(ctx, &s_now);
	cpu_now = workers_cpu_time(ctx);
	__atomic_store_n(&ctx->stop, true, __ATOMIC_RELAXED);
	rte_eal_mp_wait_lcore();
	if (!warm) {
		t_warm = t_start;
		memset(&s_warm, 0, sizeof(s_warm));
		cpu_warm = cpu_start;
	}
	dt = (double)(t_now - t_warm) / hz;
	period_get(&s_warm, &s_now, dt, oncpu_share(ctx, cpu_warm, cpu_now, dt), &p);
	print_summary(ctx, &p);
	ok = !launch_failed;

fail_chans:
	for (c = 0; c < ctx->nb_chans; c++) {
		n = fwd_chan_release(&ctx->chans[c]);
		if (n != 0) {
			printf("%s: %u copies still in flight at stop, dropped\n",
					ctx->chans[c].name, n);
			ctx->workers[c % ctx->nb_workers].stats.drop_other += n;
		}
	}
	fwd_stats_sum(ctx, &s_now);
	printf("total: rx %" PRIu64 " tx %" PRIu64 " copies %" PRIu64 " drops: full %" PRIu64
			" nombuf %" PRIu64 " tx %" PRIu64 " dma %" PRIu64 " other %" PRIu64
			" ring-full %" PRIu64 "\n", s_now.rx, s_now.tx, s_now.copies,
			s_now.drop_full, s_now.drop_nombuf, s_now.drop_tx, s_now.drop_dma,
			s_now.drop_other, s_now.ring_full);
	if (s_now.rx != s_now.tx + s_now.drop_full + s_now.drop_nombuf + s_now.drop_tx +
			s_now.drop_dma + s_now.drop_other) {
		printf("hidma-fwd: packets unaccounted for: rx != tx + drops\n");
		ok = false;
	}
fail_workers:
	for (i = 0; i < ctx->nb_workers; i++)
		rte_free(ctx->workers[i].txbuf);
	rte_free(ctx->workers);
fail_ports:
	for (i = 0; i < nb_ports; i++) {
		struct rte_eth_stats es;

		if (rte_eth_stats_get(ports[i], &es) == 0 && (es.imissed || es.rx_nombuf))
			printf("port %u: missed %" PRIu64 ", no mbuf %" PRIu64 "\n", ports[i],
					es.imissed, es.rx_nombuf);
		rte_eth_dev_stop(ports[i]);
		rte_eth_dev_close(ports[i]);
	}
	for (c = 0; c < ctx->nb_chans; c++)
		if (ctx->chans[c].dev_id >= 0)
			rte_dma_close(ctx->chans[c].dev_id);
	ok = pool_full(ctx->rx_pool) && ok;
	if (ctx->copy_pool != NULL && ctx->copy_pool != ctx->rx_pool)
		ok = pool_full(ctx->copy_pool) && ok;
	rte_mempool_free(ctx->copy_pool != ctx->rx_pool ? ctx->copy_pool : NULL);
fail_pools:
	rte_mempool_free(ctx->rx_pool);
fail_ctx:
	rte_free(ctx);
fail_eal:
	rte_eal_cleanup();
	return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
