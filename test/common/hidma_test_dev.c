/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#include <stdio.h>
#include <string.h>

#include <rte_dev.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memzone.h>
#include <rte_pause.h>

#include "hidma_test_dev.h"

int
ht_eal_init(int *argc, char ***argv)
{
	int ret;

	/* keep our lines in order with EAL's (stderr) when piped */
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = rte_eal_init(*argc, *argv);
	if (ret < 0) {
		/* EAL leaves rte_errno 0 on some failures (a file prefix in use) */
		printf("FAIL: rte_eal_init: %s\n", rte_errno != 0 ? rte_strerror(rte_errno) :
			"failed, no error code: see EAL's message above");
		return -1;
	}
	/* EAL puts the program name before the arguments it leaves */
	*argc -= ret;
	*argv += ret;
	return 0;
}

int
ht_eal_main(int argc, char **argv, const struct ht_case *cases, unsigned int nb_cases)
{
	int ret;

	if (ht_eal_init(&argc, &argv) != 0)
		return 1;
	printf("IOVA as %s\n", rte_eal_iova_mode() == RTE_IOVA_VA ? "VA" : "PA");
	ret = ht_run(cases, nb_cases, argc, argv);
	rte_eal_cleanup();
	return ret;
}

void
ht_buf_alloc(struct ht_buf *b, const char *name, size_t len)
{
	const struct rte_memzone *mz = rte_memzone_reserve_aligned(name, len, SOCKET_ID_ANY,
			RTE_MEMZONE_IOVA_CONTIG, 4096);

	CHECK(mz != NULL, "memzone %s of %zu bytes: %s", name, len, rte_strerror(rte_errno));
	b->va = mz->addr;
	b->iova = mz->iova;
	b->len = len;
}

int16_t
ht_dma_id(const char *name)
{
	int id = rte_dma_get_dev_id_by_name(name);

	if (id < 0)
		printf("no dmadev %s\n", name);
	return id;
}

int16_t
ht_chan_id(const char *instance, unsigned int ch)
{
	char name[RTE_DEV_NAME_MAX_LEN];
	int16_t id;

	snprintf(name, sizeof(name), "%s-ch%u", instance, ch);
	id = ht_dma_id(name);
	CHECK(id >= 0, "channel %u of %s", ch, instance);
	return id;
}

unsigned int
ht_chan_ids(const char *instance, int16_t *ids, unsigned int max)
{
	char name[RTE_DEV_NAME_MAX_LEN];
	unsigned int n;
	int id;

	for (n = 0; n < max; n++) {
		snprintf(name, sizeof(name), "%s-ch%u", instance, n);
		id = rte_dma_get_dev_id_by_name(name);
		if (id < 0)
			break;
		ids[n] = id;
	}
	return n;
}

void
ht_dma_setup(int16_t id, uint16_t nb_desc, bool start)
{
	const struct rte_dma_conf conf = { .nb_vchans = 1 };
	const struct rte_dma_vchan_conf qconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = nb_desc,
	};
	struct rte_dma_stats st;

	CHECK(rte_dma_configure(id, &conf) == 0, "configure");
	CHECK(rte_dma_vchan_setup(id, 0, &qconf) == 0, "vchan_setup nb_desc %u", nb_desc);
	if (!start)
		return;
	CHECK(rte_dma_start(id) == 0, "start");
	CHECK(rte_dma_stats_get(id, 0, &st) == 0, "stats_get");
	CHECK(st.submitted == 0 && st.completed == 0 && st.errors == 0,
		"stats not zero after start");
}

uint16_t
ht_dma_wait(int16_t id, uint16_t n, uint64_t max_polls, bool *has_error)
{
	uint64_t idle = 0;
	uint16_t done = 0, got, last;
	bool err = false;

	while (done < n && idle < max_polls && !err) {
		got = rte_dma_completed(id, 0, n - done, &last, &err);
		done += got;
		if (got == 0) {
			idle++;
			rte_pause();
		}
	}
	if (has_error != NULL)
		*has_error = err;
	return done;
}
