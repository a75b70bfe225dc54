/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/* Scatter-gather jobs: shapes, limits, rejections, failures in mixed bursts. */

#include "driver_test.h"

/* one SG job, checked: its id, and the capacity it takes (one per TRE) */
static int
sg_one(struct gen *g, unsigned int ns, unsigned int nd, uint32_t total, enum sg_shape shape,
		const uint32_t *sl, const uint32_t *dl, uint64_t flags)
{
	const uint16_t cap = rte_dma_burst_capacity(g->dev, 0);
	const uint16_t want = g->next_id;
	uint16_t now;
	int ret;

	ret = gen_enqueue_sg(g, ns, nd, total, shape, sl, dl, 0, 0, flags);
	CHECK(ret == want, "SG %ux%u of %u bytes: enqueue returned %d, expected id %u", ns, nd,
		total, ret, want);
	now = rte_dma_burst_capacity(g->dev, 0);
	CHECK(now == cap - job_of(g, want)->ntre, "SG %ux%u (%u TREs): capacity %u -> %u", ns,
		nd, job_of(g, want)->ntre, cap, now);
	return 0;
}

static int
plain_one(struct gen *g, enum job_kind kind, uint32_t len, uint64_t flags)
{
	const uint16_t cap = rte_dma_burst_capacity(g->dev, 0);
	const uint16_t want = g->next_id;
	int ret;

	ret = gen_enqueue(g, kind, len, 0, flags);
	CHECK(ret == want, "enqueue returned %d, expected id %u", ret, want);
	CHECK(rte_dma_burst_capacity(g->dev, 0) == cap - 1, "capacity %u -> %u", cap,
		rte_dma_burst_capacity(g->dev, 0));
	return 0;
}

/* an SG enqueue (with SUBMIT) that must fail with err and change nothing */
static int
sg_reject(struct gen *g, struct rte_dma_sge *src, struct rte_dma_sge *dst, uint16_t ns,
		uint16_t nd, int err, const char *what)
{
	const uint16_t cap = rte_dma_burst_capacity(g->dev, 0);
	int ret;

	ret = rte_dma_copy_sg(g->dev, 0, src, dst, ns, nd, RTE_DMA_OP_FLAG_SUBMIT);
	CHECK(ret == err, "%s: enqueue returned %d, expected %d", what, ret, err);
	CHECK(rte_dma_burst_capacity(g->dev, 0) == cap, "%s: capacity %u -> %u", what, cap,
		rte_dma_burst_capacity(g->dev, 0));
	/* nothing submitted either */
	return stats_check(g->dev, g->submitted, g->completed, g->errors);
}

/* submit and reap everything; the capacity must be back to usable */
static int
sg_drain(struct gen *g, uint16_t usable)
{
	if (g->nb_unsubmitted != 0)
		RUN(gen_submit(g));
	RUN(gen_drain(g));
	CHECK(rte_dma_burst_capacity(g->dev, 0) == usable, "capacity %u after the drain, not %u",
		rte_dma_burst_capacity(g->dev, 0), usable);
	return 0;
}

/*
 * Scatter-gather: every n_src x n_dst up to max_sges in three shapes
 * (equal lengths as DPDK 24.11's sg_copy test, random ones, pairwise
 * different ones), interleaved with copies and fills, data and guard bytes
 * checked; capacity counts TREs; rejected jobs change nothing.
 */
int
test_sg(void)
{
	static struct gen g;
	/* 4 x 4 with 6 different inner boundaries: 7 TREs */
	static const uint32_t sl7[] = { 100, 100, 100, 100 }, dl7[] = { 50, 100, 100, 150 };
	/* 16 x 16 whose 30 inner boundaries all differ: 31 TREs, the most */
	uint32_t sl31[SG_MAX], dl31[SG_MAX];
	struct rte_dma_sge a[SG_MAX + 1], b[SG_MAX + 1], one_a, one_b;
	struct rte_dma_info info;
	unsigned int shape, ns, nd, i, m, nb_sg = 0;
	uint16_t n;
	bool err;
	int ret;

	RUN(gen_init(&g, "sg", ht_dma_id(CH0)));
	CHECK(rte_dma_info_get(g.dev, &info) == 0, "info");
	CHECK((info.dev_capa & RTE_DMA_CAPA_OPS_COPY_SG) != 0, "COPY_SG not advertised");
	CHECK(info.max_sges == SG_MAX, "max_sges %u", info.max_sges);
	m = info.max_sges;

	ht_dma_setup(g.dev, 1024, true);
	for (shape = 0; shape < SG_NB_SHAPES; shape++) {
		for (ns = 1; ns <= m; ns++) {
			for (nd = 1; nd <= m; nd++) {
				const uint32_t total = 2048 / (ns * nd) * (ns * nd);
				uint64_t fl = rte_rand_max(8) == 0 ? RTE_DMA_OP_FLAG_FENCE : 0;

				if (rte_dma_burst_capacity(g.dev, 0) < 2 * SG_MAX + 1 ||
						(uint16_t)(g.next_id - g.next_reap) > 400)
					RUN(sg_drain(&g, 1023));
				switch (rte_rand_max(4)) {
				case 0:
					RUN(plain_one(&g, JOB_COPY, 1 + rte_rand_max(2048), 0));
					break;
				case 1:
					RUN(plain_one(&g, JOB_FILL, 1 + rte_rand_max(2048), 0));
					break;
				default:
					break;
				}
				if (rte_rand_max(4) == 0)
					fl |= RTE_DMA_OP_FLAG_SUBMIT;
				RUN(sg_one(&g, ns, nd, total, shape, NULL, NULL, fl));
				nb_sg++;
				if (rte_rand_max(8) == 0) {
					RUN(gen_completed(&g, 1 + rte_rand_max(16), &n, &err));
					CHECK(!err, "has_error");
				}
			}
		}
		RUN(sg_drain(&g, 1023));
	}
	CHECK(g.errors == 0, "%" PRIu64 " errors", g.errors);
	printf("%u SG jobs (every n_src x n_dst up to %u, 3 shapes), %" PRIu64 " jobs in all\n",
		nb_sg, m, g.completed);

	/* rejected: -EINVAL, capacity, ids and stats untouched; pending jobs stay pending */
	for (i = 0; i < 3; i++)
		RUN(plain_one(&g, JOB_COPY, 100, 0));
	for (i = 0; i <= SG_MAX; i++) {
		a[i].addr = g.src.iova + 100 * i;
		a[i].length = 64;
		b[i].addr = slot_iova(&g, g.next_id) + 100 * i;
		b[i].length = 64;
	}
	one_a.addr = g.src.iova;
	one_a.length = 64 * (m + 1);
	one_b.addr = slot_iova(&g, g.next_id);
	one_b.length = 64 * (m + 1);
	RUN(sg_reject(&g, a, &one_b, m + 1, 1, -EINVAL, "max_sges + 1 sources"));
	RUN(sg_reject(&g, &one_a, b, 1, m + 1, -EINVAL, "max_sges + 1 destinations"));
	RUN(sg_reject(&g, a, b, 0, 1, -EINVAL, "no source"));
	RUN(sg_reject(&g, a, b, 1, 0, -EINVAL, "no destination"));
	RUN(sg_reject(&g, NULL, b, 1, 1, -EINVAL, "NULL sources"));
	RUN(sg_reject(&g, a, NULL, 1, 1, -EINVAL, "NULL destinations"));
	b[1].length = 65;
	RUN(sg_reject(&g, a, b, 2, 2, -EINVAL, "destination total one byte more"));
	b[1].length = 63;
	RUN(sg_reject(&g, a, b, 2, 2, -EINVAL, "destination total one byte less"));
	b[1].length = 64;
	a[1].length = 0;
	one_b.length = 128;
	RUN(sg_reject(&g, a, &one_b, 3, 1, -EINVAL, "zero-length source segment"));
	a[1].length = 64;
	b[2].length = 0;
	one_a.length = 128;
	RUN(sg_reject(&g, &one_a, b, 1, 3, -EINVAL, "zero-length destination segment"));
	CHECK(g.nb_unsubmitted == 3, "pending jobs");
	RUN(sg_one(&g, 3, 2, 900, SG_RANDOM, NULL, NULL, 0));
	RUN(sg_drain(&g, 1023));
	RUN(expect_nothing_more(&g));
	CHECK(dump_value(g.dev, "soft/SG jobs ") == 0, "SG jobs still counted after the drain");
	CHECK(rte_dma_stop(g.dev) == 0, "stop");

	/* -ENOSPC exactly when the free TREs are fewer than the job's */
	ht_dma_setup(g.dev, 64, true);
	gen_restart(&g);
	for (i = 0; i < 63 - 6; i++)
		RUN(plain_one(&g, JOB_COPY, 64, i == 20 ? RTE_DMA_OP_FLAG_SUBMIT : 0));
	ret = gen_enqueue_sg(&g, 4, 4, 400, SG_RANDOM, sl7, dl7, 0, 0, RTE_DMA_OP_FLAG_SUBMIT);
	CHECK(ret == -ENOSPC && job_of(&g, g.next_id)->ntre == 7,
		"7 TREs with 6 free: %d (%u TREs)", ret, job_of(&g, g.next_id)->ntre);
	CHECK(rte_dma_burst_capacity(g.dev, 0) == 6, "capacity changed by a rejected job");
	RUN(stats_check(g.dev, g.submitted, 0, 0));
	/* the bound nb_src + nb_dst - 1 = 7 does not fit, the 4 TREs do */
	RUN(sg_one(&g, 4, 4, 400, SG_EQUAL, NULL, NULL, 0));
	RUN(sg_one(&g, 1, 2, 1000, SG_RANDOM, NULL, NULL, 0));
	CHECK(rte_dma_burst_capacity(g.dev, 0) == 0, "not full");
	CHECK(rte_dma_copy(g.dev, 0, g.src.iova, slot_iova(&g, 0), 8, 0) == -ENOSPC, "copy");
	CHECK(rte_dma_fill(g.dev, 0, PATTERN, slot_iova(&g, 0), 8, 0) == -ENOSPC, "fill");
	CHECK(gen_enqueue_sg(&g, 1, 1, 64, SG_EQUAL, NULL, NULL, 0, 0, 0) == -ENOSPC, "1x1 SG");
	/* reaping the SG jobs gives back all their TREs */
	RUN(gen_submit(&g));
	wait_hw(g.dev);
	RUN(gen_completed(&g, 63 - 6, &n, NULL));
	CHECK(n == 63 - 6 && rte_dma_burst_capacity(g.dev, 0) == 63 - 6, "capacity %u",
		rte_dma_burst_capacity(g.dev, 0));
	RUN(gen_completed_status(&g, 2, &n));
	CHECK(n == 2 && rte_dma_burst_capacity(g.dev, 0) == 63, "capacity %u",
		rte_dma_burst_capacity(g.dev, 0));

	/* the largest job, 31 TREs: not with 30 free, yes with 31 */
	for (i = 0; i < SG_MAX; i++) {
		sl31[i] = 16;
		dl31[i] = 16;
	}
	dl31[0] = 8;
	dl31[SG_MAX - 1] = 24;
	for (i = 0; i < 63 - 30; i++)
		RUN(plain_one(&g, JOB_FILL, 32, 0));
	ret = gen_enqueue_sg(&g, SG_MAX, SG_MAX, 256, SG_EQUAL, sl31, dl31, 0, 0, 0);
	CHECK(ret == -ENOSPC && job_of(&g, g.next_id)->ntre == 31, "31 TREs with 30 free: %d",
		ret);
	RUN(gen_submit(&g));
	wait_hw(g.dev);
	RUN(gen_completed(&g, 1, &n, NULL));
	CHECK(n == 1, "not reaped");
	RUN(sg_one(&g, SG_MAX, SG_MAX, 256, SG_EQUAL, sl31, dl31, RTE_DMA_OP_FLAG_SUBMIT));
	CHECK(rte_dma_burst_capacity(g.dev, 0) == 0, "not full");
	RUN(sg_drain(&g, 63));
	CHECK(rte_dma_stop(g.dev) == 0, "stop");

	/* it fits the smallest ring */
	ht_dma_setup(g.dev, 32, true);
	gen_restart(&g);
	RUN(sg_one(&g, SG_MAX, SG_MAX, 256, SG_EQUAL, sl31, dl31, RTE_DMA_OP_FLAG_SUBMIT));
	CHECK(rte_dma_burst_capacity(g.dev, 0) == 0, "not full");
	RUN(sg_drain(&g, 31));
	RUN(sg_one(&g, SG_MAX, SG_MAX, 256, SG_EQUAL, sl31, dl31, RTE_DMA_OP_FLAG_SUBMIT));
	RUN(sg_drain(&g, 31));
	RUN(expect_nothing_more(&g));
	return rte_dma_stop(g.dev);
}

/* one job of a mixed burst */
struct jspec {
	uint8_t kind;		/* enum job_kind */
	uint8_t bad;		/* copy, fill: as gen_enqueue(); SG: 1 source, 2 destination */
	uint8_t seg;		/* SG: the bad segment */
	uint8_t nb_src, nb_dst;
	bool fence;
};

/*
 * random jobs: SG ones up to maxs x maxs segments, a bad job with
 * probability 1/bad_in (0: none), a fence 1/fence_in (0: none), at most
 * tres TREs in all. Returns how many.
 */
static unsigned int
random_specs(struct jspec *sp, unsigned int n, unsigned int maxs, unsigned int bad_in,
		unsigned int fence_in, unsigned int tres)
{
	unsigned int i, t;

	for (i = 0; i < n; i++) {
		struct jspec *x = &sp[i];

		memset(x, 0, sizeof(*x));
		x->kind = rte_rand_max(3);
		x->fence = fence_in != 0 && rte_rand_max(fence_in) == 0;
		if (x->kind == JOB_SG) {
			x->nb_src = 1 + rte_rand_max(maxs);
			x->nb_dst = 1 + rte_rand_max(maxs);
		}
		if (bad_in != 0 && rte_rand_max(bad_in) == 0) {
			if (x->kind == JOB_SG) {
				x->bad = 1 + rte_rand_max(2);
				x->seg = rte_rand_max(x->bad == 1 ? x->nb_src : x->nb_dst);
			} else {
				/* a fill has no source */
				x->bad = x->kind == JOB_FILL ? 2 + rte_rand_max(2) :
					1 + rte_rand_max(3);
			}
		}
		t = x->kind == JOB_SG ? x->nb_src + x->nb_dst - 1 : 1;
		if (t > tres)
			break;
		tres -= t;
	}
	return i;
}

/*
 * A burst of mixed jobs with bad ones, checked as error_burst() does, with
 * exact statuses: after the first failure, jobs from the first fenced one
 * on are NOT_ATTEMPTED.
 */
static int
mixed_burst(struct gen *g, unsigned int n, const struct jspec *sp, bool individually)
{
	const uint16_t first = g->next_id;
	const uint64_t base_sub = g->submitted;
	unsigned int i, first_bad = n, fence_at = n;

	for (i = 0; i < n && first_bad == n; i++)
		if (sp[i].bad != 0)
			first_bad = i;
	for (i = first_bad + 1; i < n && fence_at == n; i++)
		if (sp[i].fence)
			fence_at = i;
	for (i = 0; i < n; i++) {
		const uint64_t fl = sp[i].fence ? RTE_DMA_OP_FLAG_FENCE : 0;
		struct job *j = job_of(g, g->next_id);
		int ret;

		if (sp[i].kind == JOB_SG)
			ret = gen_enqueue_sg(g, sp[i].nb_src, sp[i].nb_dst,
				RTE_MAX(sp[i].nb_src, sp[i].nb_dst) + rte_rand_max(2048),
				SG_RANDOM, NULL, NULL, sp[i].bad, sp[i].seg, fl);
		else
			ret = gen_enqueue(g, sp[i].kind, 1 + rte_rand_max(1024), sp[i].bad, fl);
		CHECK(ret == (uint16_t)(first + i), "job %u of %u: enqueue returned %d", i, n, ret);
		if (!j->expect_known) {
			j->expect_known = true;
			j->expect = RTE_DMA_STATUS_SUCCESSFUL;
		}
		if (i >= fence_at)
			j->expect = RTE_DMA_STATUS_NOT_ATTEMPTED;
	}
	return gen_burst_until_failure(g, n, first, base_sub, first_bad, individually);
}

/*
 * SG jobs with a bad segment (first, middle, last; source or destination)
 * at the start, middle and end of bursts of mixed jobs: exact statuses,
 * the pieces before the failed TRE written and nothing after, later jobs
 * done; several failures, fences, then random bursts on a small and a big
 * ring, and the fast path back afterwards.
 */
int
test_sg_errors(void)
{
	static struct gen g;
	static const uint8_t shapes[][2] = { { 4, 3 }, { 1, 5 }, { 5, 1 }, { 16, 16 }, { 3, 3 } };
	static const unsigned int where[] = { 0, 7, 15 };
	static const char * const segname[] = { "first", "middle", "last" };
	const uint16_t rings[] = { 32, 1024 };
	struct jspec sp[64];
	unsigned int side, sp_i, sh, w, r, it, n, i;
	uint64_t failed0;
	uint16_t got;
	bool err;

	RUN(gen_init(&g, "sgerr", ht_dma_id(CH0)));
	ht_dma_setup(g.dev, 512, true);
	for (side = 1; side <= 2; side++) {
		for (sp_i = 0; sp_i < RTE_DIM(segname); sp_i++) {
			printf("bad %s segment of the %s\n", segname[sp_i],
				side == 1 ? "source" : "destination");
			for (sh = 0; sh < RTE_DIM(shapes); sh++) {
				const unsigned int ns = shapes[sh][0], nd = shapes[sh][1];
				const unsigned int segs = side == 1 ? ns : nd;

				for (w = 0; w < RTE_DIM(where); w++) {
					random_specs(sp, 16, 8, 0, 0, 512);
					memset(&sp[where[w]], 0, sizeof(sp[0]));
					sp[where[w]].kind = JOB_SG;
					sp[where[w]].nb_src = ns;
					sp[where[w]].nb_dst = nd;
					sp[where[w]].bad = side;
					sp[where[w]].seg = sp_i == 0 ? 0 : sp_i == 1 ? segs / 2 :
						segs - 1;
					RUN(mixed_burst(&g, 16, sp, rte_rand_max(2)));
				}
			}
		}
	}
	CHECK(g.failed == 2 * 3 * RTE_DIM(shapes) * RTE_DIM(where) && g.not_attempted == 0,
		"%" PRIu64 " failed, %" PRIu64 " not attempted", g.failed, g.not_attempted);

	printf("several failures in one burst\n");
	for (i = 0; i < 2; i++) {
		random_specs(sp, 16, 8, 0, 0, 512);
		sp[3] = (struct jspec){ .kind = JOB_COPY, .bad = 2 };
		sp[5] = (struct jspec){ .kind = JOB_SG, .bad = 2, .seg = 2, .nb_src = 6,
			.nb_dst = 4 };
		sp[6] = (struct jspec){ .kind = JOB_SG, .nb_src = 16, .nb_dst = 16 };
		sp[12] = (struct jspec){ .kind = JOB_SG, .bad = 1, .seg = 2, .nb_src = 3,
			.nb_dst = 7 };
		sp[13] = (struct jspec){ .kind = JOB_FILL, .bad = 3 };
		RUN(mixed_burst(&g, 16, sp, i == 1));
	}

	printf("fences\n");
	failed0 = g.not_attempted;
	random_specs(sp, 16, 8, 0, 0, 512);
	sp[2] = (struct jspec){ .kind = JOB_SG, .bad = 1, .seg = 0, .nb_src = 4, .nb_dst = 4 };
	sp[6] = (struct jspec){ .kind = JOB_SG, .nb_src = 5, .nb_dst = 3, .fence = true };
	sp[9] = (struct jspec){ .kind = JOB_SG, .bad = 2, .seg = 1, .nb_src = 2, .nb_dst = 2 };
	RUN(mixed_burst(&g, 16, sp, false));
	CHECK(g.not_attempted - failed0 == 10, "%" PRIu64 " abandoned, expected 10",
		g.not_attempted - failed0);
	random_specs(sp, 16, 8, 0, 0, 512);
	sp[1].fence = true;
	sp[9] = (struct jspec){ .kind = JOB_SG, .bad = 2, .seg = 3, .nb_src = 2, .nb_dst = 4 };
	RUN(mixed_burst(&g, 16, sp, false));
	random_specs(sp, 16, 8, 0, 0, 512);
	sp[4] = (struct jspec){ .kind = JOB_SG, .bad = 1, .seg = 1, .nb_src = 3, .nb_dst = 3,
		.fence = true };
	sp[10] = (struct jspec){ .kind = JOB_SG, .nb_src = 2, .nb_dst = 9, .fence = true };
	RUN(mixed_burst(&g, 16, sp, true));
	CHECK(g.not_attempted - failed0 == 10 + 6, "%" PRIu64 " abandoned, expected 16",
		g.not_attempted - failed0);
	RUN(expect_nothing_more(&g));
	CHECK(dump_counter(g.dev, "recoveries") == g.failed, "%" PRIu64 " recoveries for %"
		PRIu64 " failures", dump_counter(g.dev, "recoveries"), g.failed);
	CHECK(rte_dma_stop(g.dev) == 0, "stop");

	/* random bursts: recoveries at every ring position, TREs re-posted across the wrap */
	for (r = 0; r < RTE_DIM(rings); r++) {
		ht_dma_setup(g.dev, rings[r], true);
		gen_restart(&g);
		for (it = 0; it < 300; it++) {
			n = random_specs(sp, 1 + rte_rand_max(RTE_MIN(rings[r] - 1, 48)),
				rings[r] == 32 ? 4 : SG_MAX, 6, 10, rings[r] - 1);
			if (n != 0)
				RUN(mixed_burst(&g, n, sp, rte_rand_max(4) == 0));
		}
		printf("ring %u: %" PRIu64 " jobs, %" PRIu64 " failed, %" PRIu64
			" abandoned, %" PRIu64 " recoveries\n", rings[r], g.completed, g.failed,
			g.not_attempted, dump_counter(g.dev, "recoveries"));
		CHECK(dump_counter(g.dev, "recoveries") == g.failed, "one recovery per failure");

		/* afterwards: clean plain traffic on the fast path, no soft status left */
		CHECK(dump_value(g.dev, "soft/SG jobs ") == 0, "soft statuses left");
		for (it = 0; it < 50; it++) {
			n = 1 + rte_rand_max(RTE_MIN(rings[r] - 1, 64));
			for (i = 0; i < n; i++)
				CHECK(gen_enqueue(&g, JOB_COPY, 1 + rte_rand_max(4096), 0, 0) >= 0,
					"enqueue");
			RUN(gen_submit(&g));
			wait_hw(g.dev);
			RUN(gen_completed(&g, n, &got, &err));
			CHECK(got == n && !err, "clean burst: %u of %u, has_error %d", got, n, err);
		}
		RUN(expect_nothing_more(&g));
		CHECK(rte_dma_burst_capacity(g.dev, 0) == rings[r] - 1, "capacity");
		CHECK(rte_dma_stop(g.dev) == 0, "stop");
	}
	return 0;
}

/*
 * The model fails every Nth TRE (devarg fail_every): random copies, fills
 * and SG jobs with random fences on both channels. A failure may hit any
 * TRE of an SG job; every job must be reported exactly once, in order, a
 * failed SG job having written exactly the pieces before its failed TRE.
 */
int
test_sg_faults(void)
{
	static struct gen g[2];
	uint32_t total = 0, nb_sg = 0;
	int c;

	for (c = 0; c < 2; c++) {
		RUN(gen_init(&g[c], c == 0 ? "sgfaults0" : "sgfaults1",
			ht_dma_id(c == 0 ? CH0 : CH1)));
		ht_dma_setup(g[c].dev, c == 0 ? 32 : 1024, true);
	}
	while (total < 30000) {
		for (c = 0; c < 2; c++) {
			struct gen *x = &g[c];
			unsigned int burst = 1 + rte_rand_max(32), i;

			for (i = 0; i < burst && (uint16_t)(x->next_id - x->next_reap) < 400; i++) {
				const unsigned int room = rte_dma_burst_capacity(x->dev, 0);
				uint64_t fl = rte_rand_max(20) == 0 ? RTE_DMA_OP_FLAG_FENCE : 0;
				unsigned int ns, nd;

				if (room == 0)
					break;
				/* a shape whose nb_src + nb_dst - 1 TREs fit */
				ns = 1 + rte_rand_max(RTE_MIN(room, (unsigned int)SG_MAX));
				nd = 1 + rte_rand_max(RTE_MIN(room - ns + 1, (unsigned int)SG_MAX));
				if (rte_rand_max(2) == 0) {
					CHECK(gen_enqueue_sg(x, ns, nd, SG_MAX + rte_rand_max(3000),
						SG_RANDOM, NULL, NULL, 0, 0, fl) >= 0, "enqueue");
					nb_sg++;
				} else {
					CHECK(gen_enqueue(x, rte_rand_max(4) ? JOB_COPY : JOB_FILL,
						1 + rte_rand_max(1500), 0, fl) >= 0, "enqueue");
				}
				total++;
			}
			RUN(gen_random_step(x));
		}
	}
	for (c = 0; c < 2; c++) {
		RUN(sg_drain(&g[c], c == 0 ? 31 : 1023));
		RUN(expect_nothing_more(&g[c]));
		printf("channel %d: %" PRIu64 " jobs: %" PRIu64 " ok, %" PRIu64 " failed, %"
			PRIu64 " not attempted; %" PRIu64 " recoveries\n", c, g[c].completed,
			g[c].ok, g[c].failed, g[c].not_attempted,
			dump_counter(g[c].dev, "recoveries"));
		CHECK(g[c].failed > 0, "no injected failure seen");
		CHECK(g[c].failed == dump_counter(g[c].dev, "recoveries"),
			"one recovery per failure expected");
		CHECK(dump_value(g[c].dev, "soft/SG jobs ") == 0, "soft statuses left");
		CHECK(rte_dma_stop(g[c].dev) == 0, "stop");
	}
	printf("%u SG jobs among %u\n", nb_sg, total);
	return 0;
}
