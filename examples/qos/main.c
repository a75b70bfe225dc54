/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * hidma-qos: per-channel QoS of a HIDMA instance, measured. Sets the
 * priority and weight of two channels through the management rawdev
 * (rte_pmd_hidma_mgmt.h), keeps both busy with copies from this one lcore,
 * and prints the bandwidth each gets and the split:
 *
 *   hidma-qos -d build/drivers --no-pci -l 0 --vdev hidma_model0 -- \
 *           [-i hidma_model0] [-c 0,1] [-w 1,3] [-p 0,0] [-s 65536] [-t 3]
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_pmd_hidma_mgmt.h>

#define NB_DESC		512
#define MAX_LEN		(1 << 20)

struct options {
	const char *instance;
	unsigned int chan[2];
	unsigned int weight[2];
	unsigned int priority[2];
	uint32_t len;
	unsigned int seconds;
};

static volatile bool quit;

static void
on_signal(int sig)
{
	(void)sig;
	quit = true;
}

static void
usage(const char *prog)
{
	printf("usage: %s <EAL args> -- [-i instance] [-c ch,ch] [-w w,w] [-p p,p] [-s bytes] [-t s]\n"
		"  -i  management rawdev / instance name (default hidma_model0)\n"
		"  -c  the two channels to drive (default 0,1)\n"
		"  -w  their weights, %d..%d (default 1,3)\n"
		"  -p  their priorities, 0 low or 1 high (default 0,0)\n"
		"  -s  bytes per copy, up to %d (default 65536)\n"
		"  -t  seconds to measure (default 3)\n",
		prog, RTE_PMD_HIDMA_MGMT_WEIGHT_MIN, RTE_PMD_HIDMA_MGMT_WEIGHT_MAX, MAX_LEN);
}

static int
parse_pair(const char *s, unsigned int out[2])
{
	char *end;
	unsigned long a, b;

	a = strtoul(s, &end, 0);
	if (end == s || *end != ',')
		return -1;
	s = end + 1;
	b = strtoul(s, &end, 0);
	if (end == s || *end != '\0')
		return -1;
	out[0] = a;
	out[1] = b;
	return 0;
}

static int
parse_args(int argc, char **argv, struct options *o)
{
	unsigned long v;
	char *end;
	int c;

	while ((c = getopt(argc, argv, "i:c:w:p:s:t:h")) != -1) {
		switch (c) {
		case 'i':
			o->instance = optarg;
			break;
		case 'c':
			if (parse_pair(optarg, o->chan) != 0)
				return -1;
			break;
		case 'w':
			if (parse_pair(optarg, o->weight) != 0)
				return -1;
			break;
		case 'p':
			if (parse_pair(optarg, o->priority) != 0)
				return -1;
			break;
		case 's':
			v = strtoul(optarg, &end, 0);
			if (*end != '\0' || v == 0 || v > MAX_LEN)
				return -1;
			o->len = v;
			break;
		case 't':
			v = strtoul(optarg, &end, 0);
			if (*end != '\0' || v == 0 || v > 3600)
				return -1;
			o->seconds = v;
			break;
		default:
			return -1;
		}
	}
	return o->chan[0] != o->chan[1] ? 0 : -1;
}

static int
setup_channel(int16_t dev)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf vconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = NB_DESC,
	};
	struct rte_dma_info info;
	int ret;

	ret = rte_dma_info_get(dev, &info);
	if (ret != 0)
		return ret;
	vconf.nb_desc = RTE_MAX(RTE_MIN(vconf.nb_desc, info.max_desc), info.min_desc);
	ret = rte_dma_configure(dev, &conf);
	if (ret == 0)
		ret = rte_dma_vchan_setup(dev, 0, &vconf);
	/* vchan 0 is the one every call below uses; the fast path does not check it */
	if (ret == 0 && (rte_dma_info_get(dev, &info) != 0 || info.nb_vchans < 1))
		ret = -EINVAL;
	if (ret == 0)
		ret = rte_dma_start(dev);
	return ret;
}

int
main(int argc, char **argv)
{
	struct options o = {
		.instance = "hidma_model0",
		.chan = { 0, 1 },
		.weight = { 1, 3 },
		.priority = { 0, 0 },
		.len = 64 * 1024,
		.seconds = 3,
	};
	struct rte_pmd_hidma_mgmt_info info;
	uint64_t bytes[2] = { 0 }, last_bytes[2] = { 0 }, errors = 0;
	uint64_t hz, start, next_report, end;
	rte_iova_t src_iova, dst_iova[2];
	uint8_t *src = NULL, *dst[2] = { NULL, NULL };
	int16_t dev[2] = { -1, -1 };
	int mgmt, ret, i, status = EXIT_FAILURE;
	char name[RTE_DEV_NAME_MAX_LEN];

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "cannot init EAL: %s\n", rte_strerror(rte_errno));
		return EXIT_FAILURE;
	}
	argc -= ret;
	argv += ret;
	if (parse_args(argc, argv, &o) != 0) {
		usage(argv[0]);
		goto out;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	mgmt = rte_pmd_hidma_mgmt_dev_id(o.instance);
	if (mgmt < 0) {
		fprintf(stderr, "no HIDMA management rawdev %s (-d <plugin dir> --vdev %s?)\n",
				o.instance, o.instance);
		goto out;
	}
	if (rte_pmd_hidma_mgmt_info_get(mgmt, &info) != 0) {
		fprintf(stderr, "cannot read %s\n", o.instance);
		goto out;
	}
	for (i = 0; i < 2; i++) {
		if (o.chan[i] >= info.dma_channels) {
			fprintf(stderr, "no channel %u on %s: it has %u channel(s), 0..%u (-c)\n",
					o.chan[i], o.instance, info.dma_channels,
					info.dma_channels - 1);
			goto out;
		}
	}
	if (!info.enabled) {
		fprintf(stderr, "%s is disabled (enable=0), so its channels cannot start: "
				"rte_rawdev_start(%d) enables it\n", o.instance, mgmt);
		goto out;
	}
	/* QoS first: the rawdev validates, and refuses without changing anything */
	for (i = 0; i < 2; i++) {
		ret = rte_pmd_hidma_mgmt_set_chan_priority(mgmt, o.chan[i], o.priority[i]);
		if (ret == 0)
			ret = rte_pmd_hidma_mgmt_set_chan_weight(mgmt, o.chan[i], o.weight[i]);
		if (ret != 0) {
			fprintf(stderr, "chan%u: priority %u weight %u refused: %s "
					"(priority 0 or 1, weight %d..%d)\n", o.chan[i], o.priority[i],
					o.weight[i],
					strerror(-ret), RTE_PMD_HIDMA_MGMT_WEIGHT_MIN,
					RTE_PMD_HIDMA_MGMT_WEIGHT_MAX);
			goto out;
		}
	}
	if (rte_pmd_hidma_mgmt_info_get(mgmt, &info) != 0) {
		fprintf(stderr, "cannot read %s\n", o.instance);
		goto out;
	}
	printf("%s: HW %u.%u, %u channels, %s; read burst %u x %u transactions\n", o.instance,
			info.hw_version_major, info.hw_version_minor, info.dma_channels,
			info.enabled ? "enabled" : "DISABLED", info.max_read_request,
			info.max_rd_xactions);
	for (i = 0; i < 2; i++)
		printf("  chan%u: priority %s, weight %u\n", o.chan[i],
				info.priority[o.chan[i]] ? "high" : "low", info.weight[o.chan[i]]);

	for (i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "%s-ch%u", o.instance, o.chan[i]);
		dev[i] = rte_dma_get_dev_id_by_name(name);
		if (dev[i] < 0) {
			fprintf(stderr, "no dmadev %s\n", name);
			goto out;
		}
		ret = setup_channel(dev[i]);
		if (ret != 0) {
			fprintf(stderr, "cannot start %s: %s\n", name, strerror(-ret));
			dev[i] = -1;
			goto out;
		}
	}

	src = rte_malloc(NULL, o.len, 4096);
	dst[0] = rte_malloc(NULL, o.len, 4096);
	dst[1] = rte_malloc(NULL, o.len, 4096);
	if (src == NULL || dst[0] == NULL || dst[1] == NULL) {
		fprintf(stderr, "out of memory\n");
		goto out;
	}
	memset(src, 0xc3, o.len);
	src_iova = rte_malloc_virt2iova(src);
	dst_iova[0] = rte_malloc_virt2iova(dst[0]);
	dst_iova[1] = rte_malloc_virt2iova(dst[1]);

	hz = rte_get_timer_hz();
	start = rte_get_timer_cycles();
	next_report = start + hz;
	end = start + hz * o.seconds;
	printf("%u-byte copies for %u s:\n", o.len, o.seconds);
	while (!quit) {
		uint64_t now = rte_get_timer_cycles();

		if (now >= next_report) {
			uint64_t d0 = bytes[0] - last_bytes[0], d1 = bytes[1] - last_bytes[1];

			printf("  chan%u %9.1f MB/s   chan%u %9.1f MB/s   split %5.1f%% : %5.1f%%\n",
					o.chan[0], d0 / 1e6, o.chan[1], d1 / 1e6,
					d0 + d1 ? 100.0 * d0 / (d0 + d1) : 0,
					d0 + d1 ? 100.0 * d1 / (d0 + d1) : 0);
			last_bytes[0] = bytes[0];
			last_bytes[1] = bytes[1];
			next_report += hz;
		}
		if (now >= end)
			break;
		/* keep both channels' rings full: the engine arbitrates, not us */
		for (i = 0; i < 2; i++) {
			enum rte_dma_status_code st[NB_DESC];
			uint16_t n, k, last, cap;

			n = rte_dma_completed_status(dev[i], 0, NB_DESC, &last, st);
			for (k = 0; k < n; k++) {
				if (st[k] == RTE_DMA_STATUS_SUCCESSFUL)
					bytes[i] += o.len;
				else
					errors++;
			}
			cap = rte_dma_burst_capacity(dev[i], 0);
			if (cap == 0)
				continue;
			while (cap-- > 0)
				if (rte_dma_copy(dev[i], 0, src_iova, dst_iova[i], o.len, 0) < 0)
					break;
			rte_dma_submit(dev[i], 0);
		}
	}

	printf("total: chan%u %.1f MB/s, chan%u %.1f MB/s, split 1:%.2f (weights %u:%u)%s\n",
			o.chan[0], bytes[0] / 1e6 / o.seconds, o.chan[1], bytes[1] / 1e6 / o.seconds,
			bytes[0] ? (double)bytes[1] / bytes[0] : 0.0, o.weight[0], o.weight[1],
			quit ? " (interrupted)" : "");
	if (errors != 0)
		printf("%" PRIu64 " copies failed\n", errors);
	status = errors == 0 && bytes[0] + bytes[1] > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
out:
	for (i = 0; i < 2; i++) {
		uint64_t deadline = rte_get_timer_cycles() + rte_get_timer_hz();
		uint16_t last;
		bool err;

		if (dev[i] < 0)
			continue;
		/* let the copies in flight land before their buffers go */
		while (rte_dma_burst_capacity(dev[i], 0) < NB_DESC - 1 &&
				rte_get_timer_cycles() < deadline)
			rte_dma_completed(dev[i], 0, NB_DESC, &last, &err);
		rte_dma_stop(dev[i]);
	}
	rte_free(src);
	rte_free(dst[0]);
	rte_free(dst[1]);
	rte_eal_cleanup();
	return status;
}
