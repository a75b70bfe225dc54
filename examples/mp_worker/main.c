/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * hidma-mp-worker: a worker process takes a HIDMA channel over from the
 * primary. The primary configures and starts the channel (it owns it then),
 * and waits; a worker, started as a secondary process of the same
 * --file-prefix, asks the primary for the channel over DPDK's IPC
 * (rte_mp_request_sync), the primary hands the owner record over to the
 * worker's pid, the worker copies and checks data, then gives the channel
 * back (release) and exits. The primary then drives the channel again.
 *
 *   hidma-mp-worker -d build/drivers --no-pci --vdev hidma_model0 \
 *       --file-prefix app -- primary
 *   hidma-mp-worker -d build/drivers --no-pci --proc-type=secondary \
 *       --file-prefix app -- worker [<jobs>]
 */

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_string_fns.h>

#define CHANNEL		"hidma_model0-ch0"
#define MSG_NAME	"hidma_mp_worker"
#define NB_DESC		128
#define LEN		4096

static volatile sig_atomic_t quit;

/*
 * The owner API of the channel driver, from the plugin EAL loaded (an
 * application linked with librte_dma_hidma calls it directly).
 */
static int (*owner_handover)(int16_t dev_id, pid_t pid);
static int (*owner_claim)(int16_t dev_id);
static int (*owner_release)(int16_t dev_id);

static int
owner_api(void)
{
	void *h = dlopen("librte_dma_hidma.so", RTLD_NOW | RTLD_NOLOAD);

	if (h == NULL)
		return -1;
	owner_handover = (int (*)(int16_t, pid_t))dlsym(h, "rte_pmd_hidma_owner_handover");
	owner_claim = (int (*)(int16_t))dlsym(h, "rte_pmd_hidma_owner_claim");
	owner_release = (int (*)(int16_t))dlsym(h, "rte_pmd_hidma_owner_release");
	return owner_handover && owner_claim && owner_release ? 0 : -1;
}

static void
on_signal(int sig)
{
	RTE_SET_USED(sig);
	quit = 1;
}

/* primary: a worker asks for the channel; the owner record names it */
static int
on_request(const struct rte_mp_msg *msg, const void *peer)
{
	struct rte_mp_msg reply;
	int16_t id = rte_dma_get_dev_id_by_name(CHANNEL);
	pid_t pid;
	int ret;

	memset(&reply, 0, sizeof(reply));
	strlcpy(reply.name, MSG_NAME, sizeof(reply.name));
	if (msg->len_param != sizeof(pid)) {
		ret = -EINVAL;
	} else {
		memcpy(&pid, msg->param, sizeof(pid));
		ret = owner_handover(id, pid);
		printf("primary: %s handed over to worker %d: %s\n", CHANNEL, (int)pid,
			ret == 0 ? "done" : strerror(-ret));
	}
	reply.len_param = sizeof(ret);
	memcpy(reply.param, &ret, sizeof(ret));
	return rte_mp_reply(&reply, peer);
}

static int
run_primary(int16_t id)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf vc = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = NB_DESC,
	};
	struct rte_dma_stats st;

	if (rte_dma_configure(id, &conf) != 0 || rte_dma_vchan_setup(id, 0, &vc) != 0 ||
			rte_dma_start(id) != 0) {
		fprintf(stderr, "cannot start %s\n", CHANNEL);
		return -1;
	}
	if (rte_mp_action_register(MSG_NAME, on_request) != 0) {
		fprintf(stderr, "cannot register the IPC action: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	printf("primary: %s started and owned by %d; waiting for workers (Ctrl-C ends)\n",
		CHANNEL, (int)getpid());
	fflush(stdout);
	while (!quit) {
		sleep(1);
		if (rte_dma_stats_get(id, 0, &st) == 0)
			printf("primary: %s: %" PRIu64 " jobs completed\n", CHANNEL, st.completed);
		fflush(stdout);
	}
	rte_mp_action_unregister(MSG_NAME);
	return rte_dma_stop(id);
}

static int
run_worker(int16_t id, unsigned int jobs)
{
	struct rte_mp_msg req;
	struct rte_mp_reply rep;
	const struct timespec ts = { .tv_sec = 5 };
	pid_t self = getpid();
	uint8_t *src, *dst;
	unsigned int sent = 0, done = 0;
	uint16_t last;
	bool err = false;
	int ret = -1;

	/* ask the primary for the channel, and take it */
	memset(&req, 0, sizeof(req));
	strlcpy(req.name, MSG_NAME, sizeof(req.name));
	req.len_param = sizeof(self);
	memcpy(req.param, &self, sizeof(self));
	if (rte_mp_request_sync(&req, &rep, &ts) != 0 || rep.nb_received != 1) {
		fprintf(stderr, "worker: the primary did not answer (is it hidma-mp-worker primary?)\n");
		return -1;
	}
	memcpy(&ret, rep.msgs[0].param, sizeof(ret));
	free(rep.msgs);
	if (ret != 0 || owner_claim(id) != 0) {
		fprintf(stderr, "worker: %s not handed over: %s\n", CHANNEL, strerror(-ret));
		return -1;
	}
	printf("worker %d: %s is mine\n", (int)self, CHANNEL);

	ret = -1;
	src = rte_malloc(NULL, LEN, 4096);
	dst = rte_zmalloc(NULL, LEN, 4096);
	if (src == NULL || dst == NULL)
		goto out;
	memset(src, 0x5a, LEN);
	while (done < jobs && !err) {
		while (sent < jobs && sent - done < NB_DESC - 1 &&
				rte_dma_copy(id, 0, rte_malloc_virt2iova(src),
					rte_malloc_virt2iova(dst), LEN, 0) >= 0)
			sent++;
		rte_dma_submit(id, 0);
		done += rte_dma_completed(id, 0, NB_DESC, &last, &err);
	}
	if (err || memcmp(src, dst, LEN) != 0) {
		fprintf(stderr, "worker: a copy failed\n");
		goto out;
	}
	printf("worker %d: %u copies of %u bytes done and checked; giving %s back\n",
		(int)self, jobs, LEN, CHANNEL);
	ret = 0;
out:
	owner_release(id);
	rte_free(src);
	rte_free(dst);
	return ret;
}

int
main(int argc, char **argv)
{
	int16_t id;
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "cannot init EAL: %s\n", rte_strerror(rte_errno));
		return EXIT_FAILURE;
	}
	argc -= ret;
	argv += ret;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	id = rte_dma_get_dev_id_by_name(CHANNEL);
	if (id < 0 || owner_api() != 0) {
		fprintf(stderr, "no HIDMA channel %s (-d <plugin dir>, and --vdev hidma_model0 "
			"in the primary)\n", CHANNEL);
		ret = -1;
	} else if (argc >= 2 && strcmp(argv[1], "primary") == 0 &&
			rte_eal_process_type() == RTE_PROC_PRIMARY) {
		ret = run_primary(id);
	} else if (argc >= 2 && strcmp(argv[1], "worker") == 0 &&
			rte_eal_process_type() == RTE_PROC_SECONDARY) {
		ret = run_worker(id, argc >= 3 ? (unsigned int)atoi(argv[2]) : 1000);
	} else {
		fprintf(stderr, "usage: %s <EAL args> -- primary | "
			"%s <EAL args> --proc-type=secondary -- worker [<jobs>]\n", argv[0], argv[0]);
		ret = -1;
	}
	rte_eal_cleanup();
	return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
