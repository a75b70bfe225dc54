/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The model's IOMMU view (doc/guides/model.rst). The engine translates through a
 * direct-mapped IOTLB (hidma_model_priv.h) in front of an immutable, sorted
 * table of merged ranges. Writers (any thread) build a new table under a
 * mutex, publish it with an atomic pointer swap, and wait for the poll in
 * progress, if any, to end before freeing the old one: the engine picks up
 * the new table (and flushes its IOTLB) at its next poll entry, so once
 * hidma_model_dma_unmap() returns the engine no longer touches that memory.
 */

#include <errno.h>
#include <sched.h>
#include <stdlib.h>

#include "hidma_model_priv.h"

static struct iommu_table *
table_alloc(unsigned int nb)
{
	struct iommu_table *t;

	t = calloc(1, sizeof(*t) + (size_t)nb * sizeof(t->r[0]));
	return t;
}

int
hidma_model_iommu_init(struct hidma_model *m)
{
	struct iommu_table *t = table_alloc(0);

	if (t == NULL)
		return -ENOMEM;
	if (pthread_mutex_init(&m->iommu.lock, NULL) != 0) {
		free(t);
		return -ENOMEM;
	}
	m->iommu.cur = t;
	m->iommu.gen = 0;
	return 0;
}

void
hidma_model_iommu_fini(struct hidma_model *m)
{
	free((void *)(uintptr_t)m->iommu.cur);
	m->iommu.cur = NULL;
	pthread_mutex_destroy(&m->iommu.lock);
}

bool
hidma_model_iommu_lookup(const struct iommu_table *t, uint64_t iova, uint64_t len,
		struct iotlb_entry *out)
{
	unsigned int lo = 0, hi = t->nb;
	const struct iommu_range *r;

	/* last range starting at or below iova */
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (t->r[mid].start <= iova)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return false;
	r = &t->r[lo - 1];
	if (iova >= r->end || len > r->end - iova)
		return false;
	out->start = r->start;
	out->end = r->end;
	out->delta = r->delta;
	return true;
}

/*
 * IOTLB miss: the external translator if any (never cached: it may change
 * at any time), else the second way, then the table (way 0 keeps the newest)
 */
void *
hidma_model_iotlb_miss(struct hidma_model *m, unsigned int ch, uint64_t iova, uint64_t len,
		bool write, unsigned int idx)
{
	struct iotlb_entry *e0 = &m->iotlb[0][idx], *e1 = &m->iotlb[1][idx], n;

	if (m->ext_xlate != NULL)
		return m->ext_xlate(m->ext_xlate_arg, ch, iova, len, write);
	if (iotlb_hit(e1, iova, len))
		return (void *)(uintptr_t)(iova + e1->delta);
	if (m->tbl == NULL || !hidma_model_iommu_lookup(m->tbl, iova, len, &n))
		return NULL;
	*e1 = *e0;
	*e0 = n;
	return (void *)(uintptr_t)(iova + n.delta);
}

static int
range_cmp(const void *a, const void *b)
{
	const struct iommu_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* called with the lock held; takes ownership of t */
static void
publish(struct hidma_model *m, struct iommu_table *t)
{
	const struct iommu_table *old = m->iommu.cur;

	t->gen = ++m->iommu.gen;
	__atomic_store_n(&m->iommu.cur, t, __ATOMIC_RELEASE);
	/* against hidma_model_poll()'s store of poll_seq and load of cur */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/*
	 * Grace period: a poll that started before the swap may still use
	 * translations from the old table; it is bounded (one poll's budget).
	 */
	hidma_model_wait_poll(m);
	free((void *)(uintptr_t)old);
}

void
hidma_model_wait_poll(struct hidma_model *m)
{
	/* poll_seq is odd while a poll runs */
	uint64_t s = __atomic_load_n(&m->poll_seq, __ATOMIC_SEQ_CST);
	unsigned int spins = 0;

	if (!(s & 1))
		return;
	while (__atomic_load_n(&m->poll_seq, __ATOMIC_ACQUIRE) == s) {
		/* the engine may share this CPU: let it finish its poll */
		if (++spins >= 1000)
			sched_yield();
		else
			cpu_relax();
	}
}

int
hidma_model_dma_map(struct hidma_model *m, uint64_t iova, void *va, uint64_t len)
{
	const struct iommu_table *old;
	struct iommu_table *t;
	struct iommu_range n;
	unsigned int i, nb = 0;

	if (m == NULL || va == NULL || len == 0 || iova + len < iova ||
			(uintptr_t)va + len < (uintptr_t)va)
		return -EINVAL;
	n.start = iova;
	n.end = iova + len;
	n.delta = (uint64_t)(uintptr_t)va - iova;

	pthread_mutex_lock(&m->iommu.lock);
	old = m->iommu.cur;
	t = table_alloc(old->nb + 1);
	if (t == NULL) {
		pthread_mutex_unlock(&m->iommu.lock);
		return -ENOMEM;
	}
	for (i = 0; i < old->nb; i++) {
		const struct iommu_range *r = &old->r[i];
		bool overlap = r->start < n.end && n.start < r->end;
		bool touch = r->start <= n.end && n.start <= r->end;

		if (touch && r->delta == n.delta) {
			/* contiguous (or overlapping) in both IOVA and VA: merge */
			if (r->start < n.start)
				n.start = r->start;
			if (r->end > n.end)
				n.end = r->end;
			continue;
		}
		if (overlap) {
			/* the same IOVA cannot point at two places */
			pthread_mutex_unlock(&m->iommu.lock);
			free(t);
			return -EINVAL;
		}
		t->r[nb++] = *r;
	}
	t->r[nb++] = n;
	qsort(t->r, nb, sizeof(t->r[0]), range_cmp);
	t->nb = nb;
	publish(m, t);
	pthread_mutex_unlock(&m->iommu.lock);
	return 0;
}

int
hidma_model_dma_unmap(struct hidma_model *m, uint64_t iova, uint64_t len)
{
	const struct iommu_table *old;
	struct iommu_table *t;
	uint64_t end = iova + len, cursor = iova;
	unsigned int i, nb = 0;

	if (m == NULL || len == 0 || end < iova)
		return -EINVAL;

	pthread_mutex_lock(&m->iommu.lock);
	old = m->iommu.cur;
	/* the whole range must be mapped */
	for (i = 0; i < old->nb && cursor < end; i++) {
		if (old->r[i].end <= cursor)
			continue;
		if (old->r[i].start > cursor)
			break;
		cursor = old->r[i].end;
	}
	if (cursor < end) {
		pthread_mutex_unlock(&m->iommu.lock);
		return -ENOENT;
	}
	t = table_alloc(old->nb + 1);
	if (t == NULL) {
		pthread_mutex_unlock(&m->iommu.lock);
		return -ENOMEM;
	}
	for (i = 0; i < old->nb; i++) {
		const struct iommu_range *r = &old->r[i];

		if (r->end <= iova || r->start >= end) {
			t->r[nb++] = *r;
			continue;
		}
		if (r->start < iova) {
			t->r[nb] = *r;
			t->r[nb++].end = iova;
		}
		if (r->end > end) {
			t->r[nb] = *r;
			t->r[nb++].start = end;
		}
	}
	t->nb = nb;
	publish(m, t);
	pthread_mutex_unlock(&m->iommu.lock);
	return 0;
}
