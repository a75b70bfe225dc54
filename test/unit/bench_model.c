/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Throughput of the model. Single-thread mode: one thread acts as the driver
 * (posts a batch, rings the doorbell, reaps, acknowledges) and calls poll in
 * between, so the figures are the model's own cost plus the copies, without
 * cross-core traffic. Two-thread mode (-t): the engine polls on its own
 * core, as it does under the PMD, and the driver keeps the ring full from
 * this one. Compared with plain memcpy on the same buffers.
 * Usage: bench_hidma_model [-t] [seconds-per-case]
 */

#include <pthread.h>
#include <sched.h>
#include <time.h>

#include "model_harness.h"


static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int two_threads;
static volatile int engine_stop;
static double idle_ns;

static void
pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void *
engine_main(void *arg)
{
	struct hidma_model *m = arg;

	pin(1);
	while (!engine_stop)
		hidma_model_poll(m);
	return NULL;
}

static void
bench(struct harness *h, uint32_t len, uint32_t batch, size_t span, double secs)
{
	struct h_chan *c = &h->ch[0];
	uint8_t *src = h_alloc(h, span, 4096), *dst = h_alloc(h, span, 4096);
	uint64_t ops = 0, mc = 0;
	size_t o = 0;
	double t0, t, t1;
	unsigned int i;

	memset(src, 1, span);
	memset(dst, 2, span);
	t0 = now_s();
	do {
		for (unsigned int r = 0; r < 64; r++) {
			while (h_outstanding(c) + batch < c->entries) {
				for (i = 0; i < batch; i++) {
					h_copy(h, 0, src + o, dst + o, len);
					o += len;
					if (o + len > span)
						o = 0;
				}
				h_doorbell(h, 0);
			}
			if (!two_threads)
				hidma_model_poll(h->m);
			ops += h_reap(h, 0, NULL, c->entries, true);
		}
		t = now_s();
	} while (t - t0 < secs);
	t -= t0;

	/* the same bytes with memcpy in a loop */
	o = 0;
	t1 = now_s();
	do {
		for (i = 0; i < 1024; i++) {
			memcpy(dst + o, src + o, len);
			o += len;
			if (o + len > span)
				o = 0;
		}
		mc += 1024;
		__asm__ volatile("" ::: "memory");
	} while (now_s() - t1 < secs);
	t1 = now_s() - t1;

	printf("%7u B x batch %3u: model %7.2f Mops %7.2f GB/s | memcpy %7.2f Mops %7.2f GB/s"
		" | %5.1f%%\n", len, batch, ops / t / 1e6, ops * (double)len / t / 1e9,
		mc / t1 / 1e6, mc * (double)len / t1 / 1e9,
		100.0 * (ops / t) / (mc / t1));
}

int
main(int argc, char **argv)
{
	struct harness h;
	pthread_t th;
	double secs, t;
	unsigned int i;

	if (argc > 1 && strcmp(argv[1], "-t") == 0) {
		two_threads = 1;
		argc--;
		argv++;
	}
	secs = argc > 1 ? atof(argv[1]) : 1.0;
	if (h_init(&h, 16, HIDMA_FLAVOUR_1_0, true, NULL) != 0)
		return 1;
	h_mgmt_enable(&h);
	if (!h_chan_setup(&h, 0, 1024))
		return 1;
	/* cost of a poll with nothing to do: 1 channel enabled out of 16 */
	t = now_s();
	for (i = 0; i < 10000000; i++)
		hidma_model_poll(h.m);
	idle_ns = (now_s() - t) / 1e7 * 1e9;
	printf("idle poll: %.1f ns (16 channels, 1 enabled)\n", idle_ns);
	if (two_threads) {
		pin(0);
		pthread_create(&th, NULL, engine_main, h.m);
		printf("engine on cpu 1, driver on cpu 0\n");
	} else {
		printf("driver and engine on one thread\n");
	}
	bench(&h, 64, 32, 1 << 20, secs);
	bench(&h, 64, 1, 1 << 20, secs);
	bench(&h, 1024, 32, 1 << 20, secs);
	bench(&h, 4096, 32, 4 << 20, secs);
	bench(&h, 65536, 32, 8 << 20, secs);	/* 2 x 8 MiB: L3 */
	bench(&h, 65536, 4, 256 << 10, secs);	/* L2-resident working set */
	if (two_threads) {
		engine_stop = 1;
		pthread_join(th, NULL);
	}
	h_fini(&h);
	return 0;
}
