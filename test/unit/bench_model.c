/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Single-thread throughput of the model: one thread acts as the driver
 * (posts a batch, rings the doorbell, reaps, acknowledges) and calls poll in
 * between, so the figures are the model's own cost plus the copies, without
 * cross-core traffic. Compared with plain memcpy on the same buffers.
 * Usage: bench_hidma_model [seconds-per-case]
 */

#include <time.h>

#include "model_harness.h"

int h_failed;

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
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
	double secs = argc > 1 ? atof(argv[1]) : 1.0;

	if (h_init(&h, 1, HIDMA_FLAVOUR_1_0, true, NULL) != 0)
		return 1;
	h_mgmt_enable(&h);
	if (!h_chan_setup(&h, 0, 1024))
		return 1;
	bench(&h, 64, 32, 1 << 20, secs);
	bench(&h, 64, 1, 1 << 20, secs);
	bench(&h, 1024, 32, 1 << 20, secs);
	bench(&h, 4096, 32, 4 << 20, secs);
	bench(&h, 65536, 32, 8 << 20, secs);	/* 2 x 8 MiB: L3 */
	bench(&h, 65536, 4, 256 << 10, secs);	/* L2-resident working set */
	h_fini(&h);
	return 0;
}
