/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/* The traffic generator and the checks the driver scenarios share. */

#include "driver_test.h"

int16_t fail_dev = -1;

void
driver_test_on_fail(void)
{
	if (fail_dev >= 0)
		rte_dma_dump(fail_dev, stdout);
	fail_dev = -1;
}

/* wait (at most 1 s) while HW reports work in progress */
enum rte_dma_vchan_status
wait_hw(int16_t id)
{
	enum rte_dma_vchan_status s = RTE_DMA_VCHAN_ACTIVE;
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz();

	while (rte_dma_vchan_status(id, 0, &s) == 0 && s == RTE_DMA_VCHAN_ACTIVE &&
			rte_get_timer_cycles() < end)
		rte_pause();
	return s;
}

int
stats_check(int16_t id, uint64_t submitted, uint64_t completed, uint64_t errors)
{
	struct rte_dma_stats st, all;

	CHECK(rte_dma_stats_get(id, 0, &st) == 0, "stats_get");
	CHECK(rte_dma_stats_get(id, RTE_DMA_ALL_VCHAN, &all) == 0, "stats_get ALL");
	CHECK(st.submitted == submitted && st.completed == completed && st.errors == errors,
		"stats %" PRIu64 "/%" PRIu64 "/%" PRIu64 ", expected %" PRIu64 "/%" PRIu64
		"/%" PRIu64, st.submitted, st.completed, st.errors, submitted, completed, errors);
	CHECK(memcmp(&st, &all, sizeof(st)) == 0, "vchan 0 and ALL_VCHAN stats differ");
	return 0;
}

/* the dump text of a device */
int
dump_text(int16_t id, char *out, size_t len)
{
	FILE *f = fmemopen(out, len, "w");

	CHECK(f != NULL, "fmemopen");
	CHECK(rte_dma_dump(id, f) == 0, "dump");
	fclose(f);
	out[len - 1] = '\0';
	return 0;
}

/* where what first appears in the device's dump (*text: all of it), or NULL */
static const char *
dump_find(int16_t id, const char *what, const char **text)
{
	static char buf[8192];

	*text = buf;
	if (dump_text(id, buf, sizeof(buf)) != 0)
		return NULL;
	return strstr(buf, what);
}

uint64_t
dump_counter(int16_t id, const char *what)
{
	const char *text;
	const char *p = dump_find(id, what, &text);

	if (p == NULL)
		return UINT64_MAX;
	/* "<number> <what>" */
	while (p > text && p[-1] == ' ')
		p--;
	while (p > text && p[-1] >= '0' && p[-1] <= '9')
		p--;
	return strtoull(p, NULL, 10);
}


int
gen_init_slots(struct gen *g, const char *tag, int16_t dev, uint32_t nslots, uint32_t slot_sz)
{
	size_t i;

	/* generators are static: one used again (one_copy) still holds its SG records */
	free(g->sg);
	memset(g, 0, sizeof(*g));
	g->dev = dev;
	g->nslots = nslots;
	g->slot_sz = slot_sz;
	g->slots_per_chunk = RTE_MAX(1u, CHUNK_SZ / (slot_sz + 2 * SLOT_PAD));
	CHECK((nslots + g->slots_per_chunk - 1) / g->slots_per_chunk <= MAX_CHUNKS, "too big");
	g->sg = calloc(nslots, sizeof(*g->sg));
	CHECK(g->sg != NULL, "no memory");
	ht_buf_alloc(&g->src, tag, SRC_SZ);
	for (i = 0; i * g->slots_per_chunk < nslots; i++) {
		char n[64];

		snprintf(n, sizeof(n), "%s_dst%zu", tag, i);
		ht_buf_alloc(&g->dst[i], n, (size_t)g->slots_per_chunk * (slot_sz + 2 * SLOT_PAD));
	}
	for (i = 0; i < SRC_SZ; i++)
		g->src.va[i] = rte_rand();
	return 0;
}

int
gen_init(struct gen *g, const char *tag, int16_t dev)
{
	return gen_init_slots(g, tag, dev, SLOTS, SLOT_SZ);
}

struct job *
job_of(struct gen *g, uint16_t id)
{
	return &g->jobs[id % g->nslots];
}

/* a slot: SLOT_PAD guard bytes, slot_sz payload bytes, SLOT_PAD guard bytes */
size_t
slot_off(const struct gen *g, uint16_t id)
{
	return (size_t)((id % g->nslots) % g->slots_per_chunk) * (g->slot_sz + 2 * SLOT_PAD);
}

uint8_t *
slot_va(struct gen *g, uint16_t id)
{
	return g->dst[(id % g->nslots) / g->slots_per_chunk].va + slot_off(g, id);
}

rte_iova_t
slot_iova(struct gen *g, uint16_t id)
{
	return g->dst[(id % g->nslots) / g->slots_per_chunk].iova + slot_off(g, id) + SLOT_PAD;
}

/* restart expectations after rte_dma_start (ids and stats restart at 0) */
void
gen_restart(struct gen *g)
{
	g->next_id = 0;
	g->next_reap = 0;
	g->submitted = g->completed = g->errors = 0;
	g->ok = g->failed = g->not_attempted = 0;
	g->nb_unsubmitted = 0;
}

/* account an enqueue that returned ret */
void
gen_enqueued(struct gen *g, int ret, uint64_t flags)
{
	if (ret < 0)
		return;
	g->next_id++;
	if (flags & RTE_DMA_OP_FLAG_SUBMIT) {
		g->submitted += g->nb_unsubmitted + 1;
		g->nb_unsubmitted = 0;
	} else {
		g->nb_unsubmitted++;
	}
}

/*
 * Enqueue one job. bad: 0 none, 1 source IOVA 0, 2 destination IOVA in
 * page 0, 3 length 0. Returns the enqueue result.
 */
int
gen_enqueue(struct gen *g, enum job_kind kind, uint32_t len, int bad, uint64_t flags)
{
	struct job *j = job_of(g, g->next_id);
	rte_iova_t src, dst;
	int ret;

	memset(j, 0, sizeof(*j));
	j->id = g->next_id;
	j->kind = kind;
	j->fence = !!(flags & RTE_DMA_OP_FLAG_FENCE);
	j->len = bad == 3 ? 0 : len;
	j->src_off = rte_rand_max(SRC_SZ - len + 1);
	j->dst_off = rte_rand_max(g->slot_sz - len + 1);
	j->pattern = kind != JOB_FILL ? 0 : g->fill_pattern != 0 ? g->fill_pattern :
		(rte_rand() | 1);
	memset(slot_va(g, j->id), GUARD, g->slot_sz + 2 * SLOT_PAD);
	src = g->src.iova + j->src_off;
	dst = slot_iova(g, j->id) + j->dst_off;
	if (bad == 1)
		src = 0;
	if (bad == 2)
		dst = BAD_DST_IOVA;
	if (bad != 0) {
		j->expect_known = true;
		j->expect = bad == 1 ? RTE_DMA_STATUS_INVALID_SRC_ADDR :
			bad == 2 ? RTE_DMA_STATUS_INVALID_DST_ADDR : RTE_DMA_STATUS_INVALID_LENGTH;
	}
	if (kind == JOB_FILL)
		ret = rte_dma_fill(g->dev, 0, j->pattern, dst, j->len, flags);
	else
		ret = rte_dma_copy(g->dev, 0, src, dst, j->len, flags);
	gen_enqueued(g, ret, flags);
	return ret;
}

struct sg_rec *
sg_of(struct gen *g, uint16_t id)
{
	return &g->sg[id % g->nslots];
}

/* n lengths >= 1 summing to total (total >= n), of the given shape */
void
sg_lengths(uint32_t total, unsigned int n, enum sg_shape shape, uint32_t *len)
{
	uint32_t cuts[SG_MAX + 1], w[SG_MAX], sum = 0, t;
	unsigned int i, k;

	if (shape == SG_EQUAL) {
		for (i = 0; i < n; i++)
			len[i] = total / n;
		len[n - 1] += total % n;
	} else if (shape == SG_RANDOM) {
		/* n - 1 distinct cut points in (0, total) */
		cuts[0] = 0;
		for (i = 1; i < n; i++) {
			do {
				t = 1 + rte_rand_max(total - 1);
				for (k = 1; k < i && cuts[k] != t; k++)
					;
			} while (k < i);
			for (k = i; k > 1 && cuts[k - 1] > t; k--)
				cuts[k] = cuts[k - 1];
			cuts[k] = t;
		}
		cuts[n] = total;
		for (i = 0; i < n; i++)
			len[i] = cuts[i + 1] - cuts[i];
	} else {
		/* weights 1..n shuffled; with total >= n(n+1)/2 lengths differ */
		for (i = 0; i < n; i++)
			w[i] = i + 1;
		for (i = n - 1; i > 0; i--) {
			k = rte_rand_max(i + 1);
			t = w[i];
			w[i] = w[k];
			w[k] = t;
		}
		for (i = 0; i < n; i++) {
			len[i] = RTE_MAX(1u, total * w[i] / (n * (n + 1) / 2));
			sum += len[i];
		}
		/* the rounding goes to the longest one */
		for (i = 0, k = 0; i < n; i++)
			if (w[i] == n)
				k = i;
		len[k] += total - sum;
	}
}

/* TREs of an SG job: one per piece between the boundaries of either side */
unsigned int
sg_ntre(const struct sg_rec *r)
{
	uint32_t b[2 * SG_MAX], p = 0;
	unsigned int i, k, n = 0;

	for (i = 0; i + 1 < r->nb_src; i++) {
		p += r->src[i].len;
		b[n++] = p;
	}
	p = 0;
	for (i = 0; i + 1 < r->nb_dst; i++) {
		p += r->dst[i].len;
		for (k = 0; k < n && b[k] != p; k++)
			;
		if (k == n)
			b[n++] = p;
	}
	return n + 1;
}

/*
 * Enqueue an SG job: nb_src source segments scattered in the source buffer,
 * nb_dst destination segments laid out in the slot in a random order, with
 * guard bytes between them. Lengths from sl/dl when given, else of the
 * shape. bad: 1 the source segment seg is at IOVA 0, 2 the destination
 * segment seg is in page 0. Returns the enqueue result.
 */
int
gen_enqueue_sg(struct gen *g, unsigned int nb_src, unsigned int nb_dst, uint32_t total,
		enum sg_shape shape, const uint32_t *sl, const uint32_t *dl, int bad,
		unsigned int seg, uint64_t flags)
{
	struct job *j = job_of(g, g->next_id);
	struct sg_rec *r = sg_of(g, g->next_id);
	struct rte_dma_sge src[SG_MAX], dst[SG_MAX];
	uint32_t slen[SG_MAX], dlen[SG_MAX], perm[SG_MAX], gap, cur = 0, t;
	unsigned int i, k;
	int ret;

	if (sl == NULL) {
		sg_lengths(total, nb_src, shape, slen);
		sl = slen;
	}
	if (dl == NULL) {
		sg_lengths(total, nb_dst, shape, dlen);
		dl = dlen;
	}
	memset(j, 0, sizeof(*j));
	memset(r, 0, sizeof(*r));
	j->id = g->next_id;
	j->kind = JOB_SG;
	j->fence = !!(flags & RTE_DMA_OP_FLAG_FENCE);
	j->len = total;
	r->nb_src = nb_src;
	r->nb_dst = nb_dst;
	for (i = 0; i < nb_src; i++) {
		r->src[i].len = sl[i];
		r->src[i].off = rte_rand_max(SRC_SZ - sl[i] + 1);
		src[i].addr = g->src.iova + r->src[i].off;
		src[i].length = sl[i];
	}
	for (i = 0; i < nb_dst; i++)
		perm[i] = i;
	for (i = nb_dst - 1; i > 0; i--) {
		k = rte_rand_max(i + 1);
		t = perm[i];
		perm[i] = perm[k];
		perm[k] = t;
	}
	gap = (g->slot_sz - total) / (nb_dst + 1);
	for (k = 0; k < nb_dst; k++) {
		i = perm[k];
		cur += gap == 0 ? 0 : 1 + rte_rand_max(gap);
		r->dst[i].off = cur;
		r->dst[i].len = dl[i];
		cur += dl[i];
	}
	for (i = 0; i < nb_dst; i++) {
		dst[i].addr = slot_iova(g, j->id) + r->dst[i].off;
		dst[i].length = dl[i];
	}
	j->ntre = sg_ntre(r);
	memset(slot_va(g, j->id), GUARD, g->slot_sz + 2 * SLOT_PAD);
	if (bad != 0) {
		const struct sg_seg *side = bad == 1 ? r->src : r->dst;

		for (i = 0; i < seg; i++)
			j->cut += side[i].len;
		if (bad == 1)
			src[seg].addr = 0;
		else
			dst[seg].addr = BAD_DST_IOVA;
		j->expect_known = true;
		j->expect = bad == 1 ? RTE_DMA_STATUS_INVALID_SRC_ADDR :
			RTE_DMA_STATUS_INVALID_DST_ADDR;
	}
	ret = rte_dma_copy_sg(g->dev, 0, src, dst, nb_src, nb_dst, flags);
	gen_enqueued(g, ret, flags);
	return ret;
}

int
gen_submit(struct gen *g)
{
	CHECK(rte_dma_submit(g->dev, 0) == 0, "submit");
	g->submitted += g->nb_unsubmitted;
	g->nb_unsubmitted = 0;
	return 0;
}

/*
 * SG job j wrote exactly the first done bytes of its gathered source into
 * its destination segments, nothing else in its slot. 0 or -1 (described
 * unless quiet).
 */
int
sg_verify(struct gen *g, const struct job *j, uint32_t done, bool quiet)
{
	static uint8_t stream[SLOT_SZ], want[SLOT_SZ + 2 * SLOT_PAD];
	const struct sg_rec *r = sg_of(g, j->id);
	const uint8_t *s = slot_va(g, j->id);
	const size_t sz = g->slot_sz + 2 * SLOT_PAD;
	uint32_t p = 0, w;
	unsigned int i;
	size_t k;

	CHECK(j->len <= sizeof(stream) && sz <= sizeof(want), "SG job too big for the check");
	for (i = 0; i < r->nb_src; i++) {
		memcpy(stream + p, g->src.va + r->src[i].off, r->src[i].len);
		p += r->src[i].len;
	}
	memset(want, GUARD, sz);
	p = 0;
	for (i = 0; i < r->nb_dst; i++) {
		w = done > p ? RTE_MIN(r->dst[i].len, done - p) : 0;
		memcpy(want + SLOT_PAD + r->dst[i].off, stream + p, w);
		p += r->dst[i].len;
	}
	if (memcmp(s, want, sz) == 0)
		return 0;
	if (quiet)
		return -1;
	for (k = 0; k < sz && s[k] == want[k]; k++)
		;
	CHECK(false, "SG job %u (%ux%u, %u bytes, %u expected written): slot byte %d is 0x%02x, "
		"not 0x%02x", j->id, r->nb_src, r->nb_dst, j->len, done, (int)k - SLOT_PAD, s[k],
		want[k]);
	return -1;
}

/* SG job j failed at a TRE not known in advance: some TRE boundary */
int
sg_verify_any(struct gen *g, const struct job *j)
{
	const struct sg_rec *r = sg_of(g, j->id);
	uint32_t p = 0;
	unsigned int i;

	if (sg_verify(g, j, 0, true) == 0)
		return 0;
	for (i = 0; i + 1 < r->nb_src; i++) {
		p += r->src[i].len;
		if (sg_verify(g, j, p, true) == 0)
			return 0;
	}
	p = 0;
	for (i = 0; i + 1 < r->nb_dst; i++) {
		p += r->dst[i].len;
		if (sg_verify(g, j, p, true) == 0)
			return 0;
	}
	CHECK(false, "failed SG job %u: its data is not a prefix cut at a TRE boundary", j->id);
	return -1;
}

/* data of job j: written exactly (status SUCCESSFUL) or not at all */
int
job_verify(struct gen *g, const struct job *j, bool written)
{
	const uint8_t *s = slot_va(g, j->id);
	const uint8_t *p = s + SLOT_PAD + j->dst_off;
	uint32_t i;

	if (j->kind == JOB_SG)
		return sg_verify(g, j, written ? j->len : 0, false);
	for (i = 0; i < SLOT_PAD + j->dst_off; i++)
		CHECK(s[i] == GUARD, "job %u: byte %d before the destination written", j->id,
			(int)i - (int)(SLOT_PAD + j->dst_off));
	for (i = 0; i < j->len; i++) {
		uint8_t want = j->kind == JOB_FILL ? (uint8_t)(j->pattern >> (8 * (i % 8))) :
			g->src.va[j->src_off + i];

		if (!written)
			want = GUARD;
		CHECK(p[i] == want, "job %u (%s, len %u, %s): byte %u is 0x%02x, not 0x%02x",
			j->id, j->kind == JOB_FILL ? "fill" : "copy", j->len,
			written ? "done" : "not done", i, p[i], want);
	}
	for (i = j->len; i < g->slot_sz - j->dst_off + SLOT_PAD; i++)
		CHECK(p[i] == GUARD, "job %u (len %u): overrun at byte %u past the end", j->id,
			j->len, i - j->len);
	return 0;
}

/* account one reaped job; status checked against what is known */
int
gen_account(struct gen *g, uint16_t st)
{
	const struct job *j = job_of(g, g->next_reap);

	fail_dev = g->dev;
	CHECK(j->id == g->next_reap, "job record %u overwritten", g->next_reap);
	if (j->expect_known)
		CHECK(st == j->expect, "job %u (%s %ux%u, %u bytes): status %u, expected %u", j->id,
			j->kind == JOB_SG ? "SG" : j->kind == JOB_FILL ? "fill" : "copy",
			j->kind == JOB_SG ? sg_of(g, j->id)->nb_src : 1,
			j->kind == JOB_SG ? sg_of(g, j->id)->nb_dst : 1, j->len, st, j->expect);
	else
		CHECK(st == RTE_DMA_STATUS_SUCCESSFUL || st == RTE_DMA_STATUS_NOT_ATTEMPTED ||
			st == RTE_DMA_STATUS_INVALID_SRC_ADDR,
			"job %u: unexpected status %u", j->id, st);
	/* a failed SG job wrote the pieces before its failed TRE */
	if (j->kind == JOB_SG && st != RTE_DMA_STATUS_SUCCESSFUL &&
			st != RTE_DMA_STATUS_NOT_ATTEMPTED)
		RUN(j->expect_known ? sg_verify(g, j, j->cut, false) : sg_verify_any(g, j));
	else
		RUN(job_verify(g, j, st == RTE_DMA_STATUS_SUCCESSFUL));
	g->completed++;
	if (st == RTE_DMA_STATUS_SUCCESSFUL) {
		g->ok++;
	} else {
		g->errors++;
		g->failed += st != RTE_DMA_STATUS_NOT_ATTEMPTED;
		g->not_attempted += st == RTE_DMA_STATUS_NOT_ATTEMPTED;
	}
	g->next_reap++;
	return 0;
}

/* one completed() call, checked; *n = jobs returned */
int
gen_completed(struct gen *g, uint16_t max, uint16_t *n, bool *err)
{
	uint16_t last = 0x1234, i, got;
	bool has_error = false;

	got = rte_dma_completed(g->dev, 0, max, &last, &has_error);
	CHECK(got <= max, "completed returned %u > %u", got, max);
	for (i = 0; i < got; i++)
		RUN(gen_account(g, RTE_DMA_STATUS_SUCCESSFUL));
	CHECK(last == (uint16_t)(g->next_reap - 1), "completed: last_idx %u, expected %u", last,
		(uint16_t)(g->next_reap - 1));
	if (has_error) {
		const struct job *j = job_of(g, g->next_reap);

		CHECK(g->next_reap != g->next_id, "has_error with nothing outstanding");
		CHECK(!j->expect_known || j->expect != RTE_DMA_STATUS_SUCCESSFUL,
			"has_error before a job expected to succeed");
	}
	*n = got;
	if (err != NULL)
		*err = has_error;
	return 0;
}

int
gen_completed_status(struct gen *g, uint16_t max, uint16_t *n)
{
	enum rte_dma_status_code st[256];
	uint16_t last = 0x1234, i, got;

	if (max > RTE_DIM(st))
		max = RTE_DIM(st);
	got = rte_dma_completed_status(g->dev, 0, max, &last, st);
	CHECK(got <= max, "completed_status returned %u > %u", got, max);
	for (i = 0; i < got; i++)
		RUN(gen_account(g, st[i]));
	CHECK(last == (uint16_t)(g->next_reap - 1), "completed_status: last_idx %u, expected %u",
		last, (uint16_t)(g->next_reap - 1));
	*n = got;
	return 0;
}

/* reap everything submitted, mixing both calls; bounded in time */
int
gen_drain(struct gen *g)
{
	const uint16_t target = g->next_id - g->nb_unsubmitted;
	uint64_t end = rte_get_timer_cycles() + 5 * rte_get_timer_hz();
	uint16_t n;
	bool err;

	while (g->next_reap != target) {
		CHECK(rte_get_timer_cycles() < end, "jobs %u..%u never completed", g->next_reap,
			(uint16_t)(target - 1));
		if (rte_rand() & 1) {
			RUN(gen_completed(g, 1 + rte_rand_max(64), &n, &err));
			if (err)
				RUN(gen_completed_status(g, 1, &n));
		} else {
			RUN(gen_completed_status(g, 1 + rte_rand_max(64), &n));
		}
		if (n == 0)
			wait_hw(g->dev);
	}
	return stats_check(g->dev, g->submitted, g->completed, g->errors);
}

int
expect_nothing_more(struct gen *g)
{
	uint16_t n;
	bool err;

	RUN(gen_completed(g, 32, &n, &err));
	CHECK(n == 0 && !err, "completed after drain: %u jobs, has_error %d", n, err);
	RUN(gen_completed_status(g, 32, &n));
	CHECK(n == 0, "completed_status after drain: %u jobs", n);
	CHECK(wait_hw(g->dev) == RTE_DMA_VCHAN_IDLE, "vchan not idle after drain");
	return 0;
}

/* the number printed right after label in the dump, or UINT64_MAX */
uint64_t
dump_value(int16_t id, const char *label)
{
	const char *text;
	const char *p = dump_find(id, label, &text);

	return p == NULL ? UINT64_MAX : strtoull(p + strlen(label), NULL, 10);
}

/*
 * After the first failed job of a burst of n (last: the id before it):
 * completed() reports nothing more and has_error, without moving last_idx,
 * until completed_status() reaps the failure; then the rest is reaped one
 * job at a time or all together (after the recovery re-posted it).
 */
int
gen_after_failure(struct gen *g, uint16_t n, uint16_t last, bool individually)
{
	unsigned int i;
	uint16_t got;
	bool err;

	for (i = 0; i < 3; i++) {
		RUN(gen_completed(g, n, &got, &err));
		CHECK(got == 0 && err, "completed after failure: %u jobs, has_error %d", got, err);
		CHECK((uint16_t)(g->next_reap - 1) == last, "last_idx moved");
	}
	if (individually) {
		while (g->next_reap != g->next_id) {
			RUN(gen_completed_status(g, 1, &got));
			if (got == 0)
				wait_hw(g->dev);
		}
	} else {
		RUN(gen_completed_status(g, 1, &got));
		CHECK(got == 1, "completed_status(1) of the failed job gave %u", got);
		wait_hw(g->dev);
	}
	return gen_drain(g);
}

/*
 * One step of a random traffic mix: usually ring the doorbell, then reap
 * with completed() or completed_status() and a random maximum, or with
 * completed() and, on an error, one completed_status() for the failed job.
 */
int
gen_random_step(struct gen *g)
{
	uint16_t n;
	bool err;

	if (rte_rand_max(8) != 0)
		RUN(gen_submit(g));
	switch (rte_rand_max(3)) {
	case 0:
		RUN(gen_completed(g, 1 + rte_rand_max(64), &n, &err));
		break;
	case 1:
		RUN(gen_completed_status(g, 1 + rte_rand_max(64), &n));
		break;
	default:
		RUN(gen_completed(g, 64, &n, &err));
		if (err)
			RUN(gen_completed_status(g, 1, &n));
		break;
	}
	return 0;
}

/*
 * Ring the doorbell for a burst of @n jobs from @first whose first failing
 * job is @first_bad (@n: none), then check it the way every error scenario
 * does: the channel halted behind a failure with jobs left, the jobs before
 * the failure reaped one by one (@individually) or at once, and what
 * gen_after_failure() checks from there.
 */
int
gen_burst_until_failure(struct gen *g, unsigned int n, uint16_t first, uint64_t base_sub,
		unsigned int first_bad, bool individually)
{
	unsigned int i;
	uint16_t got, last;
	bool err;

	RUN(gen_submit(g));
	RUN(stats_check(g->dev, base_sub + n, g->completed, g->errors));
	/* the model halts on the error, with jobs left behind it */
	if (first_bad < n - 1)
		CHECK(wait_hw(g->dev) == RTE_DMA_VCHAN_HALTED_ERROR, "vchan not HALTED_ERROR");
	else
		wait_hw(g->dev);

	if (individually) {
		for (i = 0; i < first_bad; i++) {
			RUN(gen_completed(g, 1, &got, &err));
			CHECK(got == 1 && !err, "job %u: completed(1) gave %u, err %d", i, got, err);
		}
	} else {
		RUN(gen_completed(g, n, &got, &err));
		CHECK(got == first_bad, "completed: %u jobs before the failure, expected %u", got,
			first_bad);
	}
	if (first_bad == n)
		return gen_drain(g);
	last = g->next_reap - 1;
	CHECK(last == (uint16_t)(first + first_bad - 1), "last_idx before failure");
	return gen_after_failure(g, n, last, individually);
}

