/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Software model of one HIDMA instance (doc/guides/model.rst): register
 * windows, channel state machines, TRE processing, arbitration, fault
 * injection and pacing. The IOMMU view is in hidma_model_iommu.c.
 *
 * The model never traps a store: each poll it loads the few register lines
 * a driver writes (CTRLSTS, IRQ_CLR, doorbells) and compares them with what
 * it saw last. On an idle poll those lines are unchanged and stay shared in
 * this core's cache, so idling costs a handful of L1 hits per channel.
 */

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "hidma_model_priv.h"

/* single runnable channel: TREs and bytes between two EVCA_WRITE_PTR updates */
#define BATCH_TRES		64
#define BATCH_BYTES		(256u * 1024)
/* batches per poll, so one poll stays bounded (several models may share a core) */
#define POLL_BATCHES		4
/* polls without work before RUNNING is shown as ENABLED again */
#define RUNNING_IDLE_POLLS	256
/* bandwidth bucket depth, at least */
#define BW_MIN_BURST		(1024 * 1024)

enum exec_result {
	EXEC_DONE,	/* TRE complete: write its EVRE */
	EXEC_PARTIAL,	/* budget used up, TRE stays in flight */
	EXEC_FAIL,	/* TRE failed: error EVRE, channel to ERROR */
	EXEC_WAIT,	/* pacing: not yet */
};

static uint64_t
default_clock(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *
default_alloc(void *arg, size_t size, size_t align)
{
	void *p;

	(void)arg;
	if (posix_memalign(&p, align, size) != 0)
		return NULL;
	memset(p, 0, size);
	return p;
}

static void
default_free(void *arg, void *p)
{
	(void)arg;
	free(p);
}

static void *
window_alloc(struct hidma_model *m, size_t size)
{
	return m->alloc_fn(m->alloc_arg, size, MODEL_PAGE_SIZE);
}

static void
model_free(struct hidma_model *m, void *p)
{
	if (p != NULL)
		m->free_fn(m->alloc_arg, p);
}

/* ---------------------------------------------------------------------- */
/* small helpers */

static inline void
pub_add(uint64_t *ctr, uint64_t v)
{
	__atomic_store_n(ctr, __atomic_load_n(ctr, __ATOMIC_RELAXED) + v, __ATOMIC_RELAXED);
}

static inline void
irq_raise(struct model_chan *c, uint32_t bits)
{
	/* only write when a bit changes: the driver polls this line */
	if ((c->irq_stat & bits) != bits) {
		c->irq_stat |= bits;
		reg_wr_rel(c->evca, HIDMA_EVCA_IRQ_STAT_REG, c->irq_stat);
	}
}

static uint32_t
errinfo_irq(uint32_t errinfo)
{
	switch (errinfo) {
	case HIDMA_EVRE_ERRINFO_SRC_READ:
		return HIDMA_IRQ_TR_CH_DATA_RD_ER;
	case HIDMA_EVRE_ERRINFO_DST_WRITE:
		return HIDMA_IRQ_TR_CH_DATA_WR_ER;
	default:
		return HIDMA_IRQ_TR_CH_INVALID_TRE;
	}
}

/* CTRLSTS state field, written only when it differs (the driver reads this line) */
static uint32_t
state_write(void *base, uint8_t st)
{
	uint32_t *p = reg_ptr(base, HIDMA_TRCA_CTRLSTS_REG);
	uint32_t old = __atomic_load_n(p, __ATOMIC_RELAXED), nv;

	for (;;) {
		uint32_t v = le32toh(old);

		if (HIDMA_CH_STATE(v) == st)
			return v;
		v = (v & ~HIDMA_CH_STATE_MASK) |
			HIDMA_FIELD_PREP(HIDMA_CH_STATE_MASK, HIDMA_CH_STATE_SHIFT, st);
		nv = htole32(v);
		/* CAS so that a command stored meanwhile by the driver is kept */
		if (__atomic_compare_exchange_n(p, &old, nv, false,
				__ATOMIC_RELEASE, __ATOMIC_RELAXED))
			return v;
	}
}

static void
trca_set_state(struct model_chan *c, uint8_t st)
{
	__atomic_store_n(&c->trca_state, st, __ATOMIC_RELAXED);
	c->trca_raw = state_write(c->trca, st);
}

static void
evca_set_state(struct model_chan *c, uint8_t st)
{
	__atomic_store_n(&c->evca_state, st, __ATOMIC_RELAXED);
	c->evca_raw = state_write(c->evca, st);
}

static void
chan_error(struct model_chan *c, uint32_t irq, bool evca_too)
{
	irq_raise(c, irq);
	trca_set_state(c, HIDMA_CH_ERROR);
	if (evca_too)
		evca_set_state(c, HIDMA_CH_ERROR);
}

/* ---------------------------------------------------------------------- */
/* data movement */

/* len <= 64 with memmove semantics: every load happens before any store */
static inline void
copy_small(uint8_t *d, const uint8_t *s, uint32_t len)
{
	if (len >= 32) {
		uint64_t a[4], b[4];

		memcpy(a, s, 32);
		memcpy(b, s + len - 32, 32);
		memcpy(d, a, 32);
		memcpy(d + len - 32, b, 32);
	} else if (len >= 16) {
		uint64_t a[2], b[2];

		memcpy(a, s, 16);
		memcpy(b, s + len - 16, 16);
		memcpy(d, a, 16);
		memcpy(d + len - 16, b, 16);
	} else if (len >= 8) {
		uint64_t a, b;

		memcpy(&a, s, 8);
		memcpy(&b, s + len - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + len - 8, &b, 8);
	} else if (len >= 4) {
		uint32_t a, b;

		memcpy(&a, s, 4);
		memcpy(&b, s + len - 4, 4);
		memcpy(d, &a, 4);
		memcpy(d + len - 4, &b, 4);
	} else {
		uint8_t a = s[0], b = s[len >> 1], e = s[len - 1];

		d[0] = a;
		d[len >> 1] = b;
		d[len - 1] = e;
	}
}

static inline void
copy_data(uint8_t *d, const uint8_t *s, uint32_t len)
{
	if (len <= 64)
		copy_small(d, s, len);
	else
		memmove(d, s, len);	/* glibc: as fast as memcpy when apart */
}

/* fill len bytes; byte j of d gets pattern byte (phase + j) mod 8 */
static void
fill_data(uint8_t *d, uint64_t pat, uint64_t len, unsigned int phase)
{
	uint64_t blk[32];
	unsigned int i;

	if (phase & 7)
		pat = (pat >> (8 * (phase & 7))) | (pat << (64 - 8 * (phase & 7)));
	if (pat == (pat & 0xff) * UINT64_C(0x0101010101010101)) {
		memset(d, (int)(pat & 0xff), len);
		return;
	}
	if (len >= sizeof(blk)) {
		for (i = 0; i < 32; i++)
			blk[i] = htole64(pat);
		do {
			memcpy(d, blk, sizeof(blk));
			d += sizeof(blk);
			len -= sizeof(blk);
		} while (len >= sizeof(blk));
	}
	pat = htole64(pat);
	while (len >= 8) {
		memcpy(d, &pat, 8);
		d += 8;
		len -= 8;
	}
	pat = le64toh(pat);
	for (i = 0; i < len; i++)
		d[i] = (uint8_t)(pat >> (8 * i));
}

/* ---------------------------------------------------------------------- */
/* fault injection and pacing (slow path only) */

static uint64_t
xorshift64(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static void
faults_load(struct hidma_model *m)
{
	struct hidma_model_faults f;
	uint64_t gen;

	pthread_mutex_lock(&m->fset.lock);
	f = m->fset.f;
	gen = m->fset.gen;
	pthread_mutex_unlock(&m->fset.lock);

	if (f.fail_errinfo < HIDMA_EVRE_ERRINFO_SRC_READ ||
			f.fail_errinfo > HIDMA_EVRE_ERRINFO_CHID)
		f.fail_errinfo = HIDMA_EVRE_ERRINFO_SRC_READ;
	if (f.bw_bytes_per_sec != 0 && m->faults.bw_bytes_per_sec == 0) {
		m->tokens = 0;
		m->tokens_ts = m->clock_ns(m->clock_arg);
	}
	m->faults = f;
	m->faults_gen_seen = gen;
	m->slow = f.fail_every != 0 || f.fail_ppm != 0 || f.bw_bytes_per_sec != 0 ||
		f.tre_latency_ns != 0;
}

/* bandwidth bucket: may the engine move bytes now? */
static bool
bw_allow(struct hidma_model *m)
{
	uint64_t bw = m->faults.bw_bytes_per_sec, dt, burst;
	int64_t add;

	if (bw == 0)
		return true;
	if (m->now > m->tokens_ts) {
		dt = m->now - m->tokens_ts;
		if (dt > 1000000000u)
			dt = 1000000000u;
		/* dt <= 1 s and bw < 2^64: the product fits 94 bits */
		__extension__ __uint128_t prod = (__uint128_t)dt * bw;

		add = (int64_t)(prod / 1000000000u);
		if (add > 0) {
			m->tokens += add;
			m->tokens_ts = m->now;
		}
		burst = bw / 1000;
		if (burst < BW_MIN_BURST)
			burst = BW_MIN_BURST;
		if (m->tokens > (int64_t)burst)
			m->tokens = (int64_t)burst;
	}
	return m->tokens > 0;
}

/* latency: has the TRE about to start been known for long enough? */
static bool
lat_ready(struct hidma_model *m, struct model_chan *c)
{
	uint64_t lat = m->faults.tre_latency_ns;

	if (lat == 0)
		return true;
	while (c->lat_nb != 0 && c->lat[c->lat_head].end_seq <= c->consumed) {
		c->lat_head = (c->lat_head + 1) % LAT_FIFO_SIZE;
		c->lat_nb--;
	}
	if (c->lat_nb == 0)
		return true;
	return m->now >= c->lat[c->lat_head].ts + lat;
}

static void
lat_mark(struct hidma_model *m, struct model_chan *c)
{
	unsigned int tail;

	if (m->faults.tre_latency_ns == 0)
		return;
	if (c->lat_nb == LAT_FIFO_SIZE) {
		/* merge into the newest mark: those TREs wait a little longer */
		tail = (c->lat_head + LAT_FIFO_SIZE - 1) % LAT_FIFO_SIZE;
	} else {
		tail = (c->lat_head + c->lat_nb) % LAT_FIFO_SIZE;
		c->lat_nb++;
	}
	c->lat[tail].end_seq = c->posted;
	c->lat[tail].ts = m->now;
}

/* injected failure for the TRE about to start, or 0 */
static uint32_t
inject(struct hidma_model *m)
{
	const struct hidma_model_faults *f = &m->faults;

	m->tre_count++;
	if (f->fail_every != 0 && m->tre_count % f->fail_every == 0)
		return f->fail_errinfo;
	if (f->fail_ppm != 0 && xorshift64(&m->rng) % 1000000u < f->fail_ppm)
		return f->fail_errinfo;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* TRE execution */

/* move up to avail bytes of the TRE in flight */
static enum exec_result
cur_advance(struct hidma_model *m, struct model_chan *c, uint64_t avail, uint64_t *moved,
		uint32_t *errinfo)
{
	struct tre_progress *p = &c->cur;
	uint32_t n, left = p->len - p->done;

	*moved = 0;
	if (unlikely(p->fault != 0)) {
		*errinfo = p->fault;
		c->cur_valid = false;
		return EXEC_FAIL;
	}
	if (m->slow && !bw_allow(m))
		return EXEC_WAIT;
	n = avail < left ? (uint32_t)avail : left;
	if (p->src != NULL) {
		if (p->backward)	/* overlapping with dst above src: copy the end first */
			memmove(p->dst + (left - n), p->src + (left - n), n);
		else
			copy_data(p->dst + p->done, p->src + p->done, n);
	} else {
		fill_data(p->dst + p->done, p->pattern, n, p->done & 7);
	}
	p->done += n;
	*moved = n;
	if (m->slow)
		m->tokens -= n;
	if (p->done < p->len)
		return EXEC_PARTIAL;
	c->cur_valid = false;
	return EXEC_DONE;
}

/* validate, translate and start a TRE (anything but the fast path) */
static enum exec_result
tre_exec(struct hidma_model *m, struct model_chan *c, const struct hidma_tre *t,
		uint32_t off, uint64_t avail, uint64_t *moved, uint32_t *errinfo)
{
	uint32_t cfg = le32toh(t->cfg), len = le32toh(t->len);
	uint32_t type = HIDMA_FIELD_GET(HIDMA_TRE_CFG_TYPE_MASK, HIDMA_TRE_CFG_TYPE_SHIFT, cfg);
	uint32_t chid = HIDMA_FIELD_GET(HIDMA_TRE_CFG_CHID_MASK, HIDMA_TRE_CFG_CHID_SHIFT, cfg);
	uint64_t src = le64toh(t->src), dst = le64toh(t->dst);
	struct tre_progress *p = &c->cur;
	uint8_t *d;
	const uint8_t *s = NULL;

	*moved = 0;
	*errinfo = 0;
	if (m->slow) {
		if (!lat_ready(m, c) || !bw_allow(m))
			return EXEC_WAIT;
		*errinfo = inject(m);
		if (*errinfo != 0)
			return EXEC_FAIL;
	}
	if (type != HIDMA_TRE_MEMCPY && type != HIDMA_TRE_MEMSET)
		*errinfo = HIDMA_EVRE_ERRINFO_OPCODE;
	else if (chid != c->idx)
		*errinfo = HIDMA_EVRE_ERRINFO_CHID;
	else if (len == 0)
		*errinfo = HIDMA_EVRE_ERRINFO_LENGTH;
	if (*errinfo != 0)
		return EXEC_FAIL;
	/* translate both ranges before touching memory: no partial data on a fault */
	if (type == HIDMA_TRE_MEMCPY) {
		s = xlate(m, c->idx, src, len, false);
		if (s == NULL) {
			*errinfo = HIDMA_EVRE_ERRINFO_SRC_READ;
			return EXEC_FAIL;
		}
	}
	d = xlate(m, c->idx, dst, len, true);
	if (d == NULL) {
		*errinfo = HIDMA_EVRE_ERRINFO_DST_WRITE;
		return EXEC_FAIL;
	}
	if (!m->slow && len <= avail) {
		if (s != NULL)
			copy_data(d, s, len);
		else
			fill_data(d, src, len, 0);
		*moved = len;
		return EXEC_DONE;
	}
	p->dst = d;
	p->src = s;
	p->pattern = src;
	p->len = len;
	p->done = 0;
	p->cfg = cfg;
	p->tre_off = off;
	p->src_iova = src;
	p->dst_iova = dst;
	p->fault = 0;
	p->backward = s != NULL && d > s && d < s + len;
	c->cur_valid = true;
	return cur_advance(m, c, avail, moved, errinfo);
}

static inline void
evre_put(uint8_t *ring, uint32_t wptr, uint32_t cfg, uint32_t len, uint32_t tre_off)
{
	struct hidma_evre e;

	e.cfg = htole32(cfg);
	e.len = htole32(len);
	e.tre_off = htole64(tre_off);
	memcpy(ring + wptr, &e, sizeof(e));
}

static inline uint32_t
evca_doorbell(struct model_chan *c, uint32_t old)
{
	uint32_t v = reg_rd_acq(c->evca, HIDMA_EVCA_DOORBELL_REG);

	/* a value outside the ring releases nothing */
	if (unlikely(v >= c->evre_len || (v & (HIDMA_EVRE_SIZE - 1)) != 0))
		return old;
	return v;
}

/*
 * Run channel c: complete TREs (whole or, when exact, cut at the budget)
 * until budget bytes or max_tres TREs, the doorbell, a full event ring, an
 * error or pacing stops it. Publishes EVCA_WRITE_PTR once at the end.
 * Returns the number of TREs completed; *moved = payload bytes moved.
 */
static unsigned int
chan_run(struct hidma_model *m, struct model_chan *c, uint64_t budget, unsigned int max_tres,
		bool exact, uint64_t *moved)
{
	uint8_t *ring = c->tre_ring, *evr = c->evre_ring;
	uint32_t rptr = c->tre_rptr, wptr = c->evre_wptr, rel = c->evre_rel, db = c->db;
	const uint32_t tlen = c->tre_len, elen = c->evre_len, cfg_copy = c->cfg_copy;
	const bool slow = m->slow;
	const uint32_t evre_ok = HIDMA_EVRE_CFG(HIDMA_EVRE_CODE_COMPLETE, 0);
	uint32_t ieob = 0, errinfo = 0, ecfg, elen_done, eoff;
	uint64_t bytes = 0, mv, errors = 0;
	unsigned int n = 0, nfast = 0;
	enum exec_result r = EXEC_DONE;

	*moved = 0;
	if (unlikely(ring == NULL)) {
		chan_error(c, HIDMA_IRQ_TR_CH_TRE_RD_RSP_ER, false);
		return 0;
	}
	if (unlikely(evr == NULL)) {
		chan_error(c, HIDMA_IRQ_EV_CH_WR_RESP, true);
		return 0;
	}
	while (n < max_tres && bytes < budget) {
		struct hidma_tre t;
		uint32_t nw;

		if (rptr == db && !c->cur_valid)
			break;
		nw = wptr + HIDMA_EVRE_SIZE;
		if (nw == elen)
			nw = 0;
		if (unlikely(nw == rel)) {
			/* never write a slot the driver has not released */
			rel = evca_doorbell(c, rel);
			if (nw == rel)
				break;
		}
		if (unlikely(c->cur_valid)) {
			r = cur_advance(m, c, budget - bytes, &mv, &errinfo);
			bytes += mv;
			ecfg = c->cur.cfg;
			elen_done = c->cur.len;
			eoff = c->cur.tre_off;
		} else {
			memcpy(&t, ring + rptr, sizeof(t));
			ecfg = le32toh(t.cfg);
			eoff = rptr;
			elen_done = le32toh(t.len);
			if (likely(!slow && (ecfg & ~HIDMA_TRE_CFG_IEOB) == cfg_copy &&
					elen_done != 0 && elen_done <= budget - bytes)) {
				/* fast path: a memcpy that fits the budget */
				uint8_t *d = xlate(m, c->idx, le64toh(t.dst), elen_done, true);
				const uint8_t *s = xlate(m, c->idx, le64toh(t.src), elen_done, false);

				if (likely(d != NULL && s != NULL)) {
					copy_data(d, s, elen_done);
					evre_put(evr, wptr, evre_ok, elen_done, rptr);
					ieob |= ecfg;
					bytes += elen_done;
					n++;
					nfast++;
					wptr = nw;
					rptr += HIDMA_TRE_SIZE;
					if (rptr == tlen)
						rptr = 0;
					continue;
				}
			}
			/* whole TREs only when not exact, unless the TRE alone exceeds it */
			if (!exact && bytes != 0 && elen_done > budget - bytes)
				break;
			r = tre_exec(m, c, &t, rptr, budget - bytes, &mv, &errinfo);
			bytes += mv;
		}
		if (r == EXEC_PARTIAL || r == EXEC_WAIT)
			break;
		if (r == EXEC_DONE) {
			evre_put(evr, wptr, evre_ok, elen_done, eoff);
		} else {
			evre_put(evr, wptr, HIDMA_EVRE_CFG(HIDMA_EVRE_CODE_ERROR, errinfo), 0,
				eoff);
			errors++;
		}
		ieob |= ecfg;
		n++;
		c->consumed++;
		wptr = nw;
		rptr += HIDMA_TRE_SIZE;
		if (rptr == tlen)
			rptr = 0;
		if (r == EXEC_FAIL)
			break;
	}
	c->consumed += nfast;
	c->tre_rptr = rptr;
	c->evre_wptr = wptr;
	c->evre_rel = rel;
	*moved = bytes;
	if (n != 0) {
		/* EVREs and data first, then the pointer the driver polls */
		reg_wr_rel(c->evca, HIDMA_EVCA_WRITE_PTR_REG, wptr);
		if (ieob & HIDMA_TRE_CFG_IEOB)
			irq_raise(c, HIDMA_IRQ_EV_CH_EOB);
		pub_add(&c->pub.tres, n);
		if (errors != 0)
			pub_add(&c->pub.errors, errors);
		__atomic_store_n(&c->pub.tre_rptr, rptr, __ATOMIC_RELAXED);
	}
	if (bytes != 0)
		pub_add(&c->pub.bytes, bytes);
	if (c->pub.cur_valid != c->cur_valid)
		__atomic_store_n(&c->pub.cur_valid, c->cur_valid, __ATOMIC_RELAXED);
	if (r == EXEC_FAIL)
		chan_error(c, errinfo_irq(errinfo), false);
	return n;
}

/* ---------------------------------------------------------------------- */
/* channel control */

static bool
rings_valid(struct model_chan *c)
{
	uint64_t tb = reg_rd(c->trca, HIDMA_TRCA_RING_LOW_REG) |
		(uint64_t)reg_rd(c->trca, HIDMA_TRCA_RING_HIGH_REG) << 32;
	uint64_t eb = reg_rd(c->evca, HIDMA_EVCA_RING_LOW_REG) |
		(uint64_t)reg_rd(c->evca, HIDMA_EVCA_RING_HIGH_REG) << 32;
	uint32_t tl = reg_rd(c->trca, HIDMA_TRCA_RING_LEN_REG);
	uint32_t el = reg_rd(c->evca, HIDMA_EVCA_RING_LEN_REG);

	if (tb % HIDMA_TRE_RING_ALIGN != 0 || tl % HIDMA_TRE_SIZE != 0 ||
			tl / HIDMA_TRE_SIZE < HIDMA_RING_MIN_ENTRIES)
		return false;
	if (eb % HIDMA_EVRE_RING_ALIGN != 0 || el % HIDMA_EVRE_SIZE != 0 ||
			el / HIDMA_EVRE_SIZE < HIDMA_RING_MIN_ENTRIES)
		return false;
	return tl / HIDMA_TRE_SIZE == el / HIDMA_EVRE_SIZE;
}

/* ring pointers are translated once here (and again if the IOMMU view changes) */
static void
trca_setup_ring(struct hidma_model *m, struct model_chan *c)
{
	c->tre_ring_iova = reg_rd(c->trca, HIDMA_TRCA_RING_LOW_REG) |
		(uint64_t)reg_rd(c->trca, HIDMA_TRCA_RING_HIGH_REG) << 32;
	c->tre_len = reg_rd(c->trca, HIDMA_TRCA_RING_LEN_REG);
	c->tre_ring = xlate(m, c->idx, c->tre_ring_iova, c->tre_len, false);
	if (c->tre_rptr >= c->tre_len)
		c->tre_rptr = 0;
	if (c->db >= c->tre_len)
		c->db = c->tre_rptr;
}

static void
evca_setup_ring(struct hidma_model *m, struct model_chan *c)
{
	c->evre_ring_iova = reg_rd(c->evca, HIDMA_EVCA_RING_LOW_REG) |
		(uint64_t)reg_rd(c->evca, HIDMA_EVCA_RING_HIGH_REG) << 32;
	c->evre_len = reg_rd(c->evca, HIDMA_EVCA_RING_LEN_REG);
	c->evre_ring = xlate(m, c->idx, c->evre_ring_iova, c->evre_len, true);
	if (c->evre_wptr >= c->evre_len)
		c->evre_wptr = 0;
	if (c->evre_rel >= c->evre_len)
		c->evre_rel = 0;
}

/* finish the TRE in flight (SUSPEND/DISABLE); false if it cannot finish yet */
static bool
finish_inflight(struct hidma_model *m, struct model_chan *c)
{
	uint64_t moved;

	if (!c->cur_valid)
		return true;
	if (!HIDMA_CH_IS_ENABLED(c->evca_state))
		return false;
	chan_run(m, c, UINT64_MAX, 1, true, &moved);
	return !c->cur_valid || c->trca_state == HIDMA_CH_ERROR;
}

static void
trca_reset(struct model_chan *c)
{
	c->cur_valid = false;
	c->tre_rptr = 0;
	c->db = 0;
	c->tre_ring = NULL;
	c->tre_len = 0;
	c->posted = 0;
	c->consumed = 0;
	c->lat_nb = 0;
	c->idle_polls = 0;
	/*
	 * The doorbell register is SW's, but a stale value would replay old
	 * TREs after the next ENABLE; silicon's reset presumably clears its
	 * copy of the write pointer too.
	 */
	reg_wr(c->trca, HIDMA_TRCA_DOORBELL_REG, 0);
	__atomic_store_n(&c->pub.tre_rptr, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&c->pub.cur_valid, false, __ATOMIC_RELAXED);
	pub_add(&c->pub.resets, 1);
}

static void
evca_reset(struct model_chan *c)
{
	c->evre_wptr = 0;
	c->evre_rel = 0;
	c->evre_ring = NULL;
	c->evre_len = 0;
	reg_wr(c->evca, HIDMA_EVCA_DOORBELL_REG, 0);
	reg_wr_rel(c->evca, HIDMA_EVCA_WRITE_PTR_REG, 0);
}

/*
 * Drive one half's state toward the command in its CTRLSTS (level
 * triggered). Returns 1 if the state changed.
 */
static unsigned int
half_command(struct hidma_model *m, struct model_chan *c, bool trca)
{
	void *base = trca ? c->trca : c->evca;
	uint8_t *done = trca ? &c->trca_cmd_done : &c->evca_cmd_done;
	bool *pending = trca ? &c->trca_pending : &c->evca_pending;
	uint8_t st0 = trca ? c->trca_state : c->evca_state, st = st0;
	uint32_t cmd = HIDMA_CH_CMD(reg_rd(base, HIDMA_TRCA_CTRLSTS_REG));

	if (st == HIDMA_CH_IN_RESET) {
		if (m->faults.reset_hangs) {
			*pending = true;
			goto out;
		}
		/* the hang was lifted: the reset completes now */
		if (trca)
			trca_reset(c);
		else
			evca_reset(c);
		st = HIDMA_CH_DISABLED;
		*done = HIDMA_CH_CMD_RESET;
		*pending = false;
	}
	if (cmd == *done && !*pending)
		goto out;
	*pending = false;
	switch (cmd) {
	case HIDMA_CH_CMD_RESET:
		if (m->faults.reset_hangs) {
			st = HIDMA_CH_IN_RESET;
			*pending = true;
			break;
		}
		if (trca) {
			trca_reset(c);
		} else {
			/* the transfer side, if still running, loses its TRE in flight */
			c->cur_valid = false;
			evca_reset(c);
		}
		st = HIDMA_CH_DISABLED;
		break;
	case HIDMA_CH_CMD_ENABLE:
		if (st != HIDMA_CH_DISABLED && st != HIDMA_CH_SUSPENDED)
			break;	/* already on, or ERROR: only RESET leaves it */
		if (!m->mgmt_enabled || !rings_valid(c)) {
			*pending = true;	/* stays DISABLED; looks again next poll */
			break;
		}
		if (trca)
			trca_setup_ring(m, c);
		else
			evca_setup_ring(m, c);
		st = HIDMA_CH_ENABLED;
		break;
	case HIDMA_CH_CMD_SUSPEND:
	case HIDMA_CH_CMD_DISABLE:
		if (HIDMA_CH_IS_ENABLED(st) ||
				(cmd == HIDMA_CH_CMD_DISABLE && st == HIDMA_CH_SUSPENDED)) {
			/* the TRE in flight finishes, with its EVRE */
			if (!finish_inflight(m, c)) {
				*pending = true;
				break;
			}
			if ((trca ? c->trca_state : c->evca_state) == HIDMA_CH_ERROR) {
				st = HIDMA_CH_ERROR;
				break;
			}
			st = cmd == HIDMA_CH_CMD_SUSPEND ? HIDMA_CH_SUSPENDED : HIDMA_CH_DISABLED;
		}
		break;
	default:
		break;	/* unknown commands are ignored */
	}
	if (!*pending)
		*done = (uint8_t)cmd;
out:
	if (trca)
		trca_set_state(c, st);
	else
		evca_set_state(c, st);
	return st != st0;
}

static void
irq_clear(struct model_chan *c)
{
	uint32_t v = le32toh(__atomic_exchange_n(reg_ptr(c->evca, HIDMA_EVCA_IRQ_CLR_REG), 0,
			__ATOMIC_ACQ_REL));
	uint32_t st = c->irq_stat & ~v;

	/*
	 * EOB stays asserted while EVREs remain unacknowledged (hidma_hw.rst),
	 * except on a transfer channel in ERROR: Linux's error path completes
	 * the pending TREs itself, never acknowledges their EVREs, and clears
	 * and re-reads IRQ_STAT in a loop in its hard IRQ handler, which a
	 * stopped channel keeping EOB would hold forever.
	 */
	if ((v & HIDMA_IRQ_EV_CH_EOB) && (c->irq_stat & HIDMA_IRQ_EV_CH_EOB) &&
			c->evre_len != 0 && c->trca_state != HIDMA_CH_ERROR) {
		c->evre_rel = evca_doorbell(c, c->evre_rel);
		if (c->evre_wptr != c->evre_rel)
			st |= HIDMA_IRQ_EV_CH_EOB;
	}
	if (st != c->irq_stat) {
		c->irq_stat = st;
		reg_wr_rel(c->evca, HIDMA_EVCA_IRQ_STAT_REG, st);
	}
}

/* has SW posted TREs past what the engine consumed? */
static bool
doorbell_check(struct hidma_model *m, struct model_chan *c)
{
	uint32_t db = reg_rd_acq(c->trca, HIDMA_TRCA_DOORBELL_REG);

	if (unlikely(db != c->db)) {
		if (db >= c->tre_len || (db & (HIDMA_TRE_SIZE - 1)) != 0) {
			/* a doorbell outside the ring: the fetch would fault */
			chan_error(c, HIDMA_IRQ_TR_CH_TRE_RD_RSP_ER, false);
			return false;
		}
		c->posted += ((db >= c->db ? db : db + c->tre_len) - c->db) / HIDMA_TRE_SIZE;
		c->db = db;
		pub_add(&c->pub.doorbells, 1);
		if (m->slow)
			lat_mark(m, c);
	}
	return c->tre_rptr != c->db;
}

/* commands, IRQ_CLR, doorbell; returns state changes, sets c->runnable */
static unsigned int
chan_control(struct hidma_model *m, struct model_chan *c)
{
	unsigned int work = 0;
	bool run = false;

	if (unlikely(reg_rd(c->evca, HIDMA_EVCA_IRQ_CLR_REG) != 0))
		irq_clear(c);
	/* TRCA first: its SUSPEND may need the event side to finish a TRE */
	if (unlikely(reg_rd(c->trca, HIDMA_TRCA_CTRLSTS_REG) != c->trca_raw || c->trca_pending))
		work += half_command(m, c, true);
	if (unlikely(reg_rd(c->evca, HIDMA_EVCA_CTRLSTS_REG) != c->evca_raw || c->evca_pending)) {
		uint32_t cmd = HIDMA_CH_CMD(reg_rd(c->evca, HIDMA_EVCA_CTRLSTS_REG));

		/* the event side stops only after the transfer in flight */
		if ((cmd == HIDMA_CH_CMD_SUSPEND || cmd == HIDMA_CH_CMD_DISABLE) &&
				c->cur_valid && HIDMA_CH_IS_ENABLED(c->evca_state) &&
				!finish_inflight(m, c))
			c->evca_pending = true;
		else
			work += half_command(m, c, false);
	}
	if (m->mgmt_enabled && HIDMA_CH_IS_ENABLED(c->trca_state) &&
			HIDMA_CH_IS_ENABLED(c->evca_state))
		run = c->cur_valid || doorbell_check(m, c);
	c->runnable = run;
	if (run) {
		c->idle_polls = 0;
		if (c->trca_state == HIDMA_CH_ENABLED)
			trca_set_state(c, HIDMA_CH_RUNNING);
	} else if (unlikely(c->trca_state == HIDMA_CH_RUNNING) &&
			++c->idle_polls >= RUNNING_IDLE_POLLS) {
		trca_set_state(c, HIDMA_CH_ENABLED);
	}
	return work;
}

/* ---------------------------------------------------------------------- */
/* scheduling */

static unsigned int
run_single(struct hidma_model *m, struct model_chan *c)
{
	unsigned int work = 0, b, n;
	uint64_t moved;

	for (b = 0; b < POLL_BATCHES; b++) {
		n = chan_run(m, c, BATCH_BYTES, BATCH_TRES, false, &moved);
		work += n;
		if (n == 0 && moved == 0)
			break;
		if (!HIDMA_CH_IS_ENABLED(c->trca_state))
			break;
		if (!c->cur_valid && c->tre_rptr == c->db && !doorbell_check(m, c))
			break;
	}
	return work;
}

/*
 * Several runnable channels: strict priority between the two levels,
 * deficit-style weighted round robin within the level, in quanta of
 * max_read_burst x max(1, max_read_transactions) bytes. One round per poll.
 */
static unsigned int
arbitrate(struct hidma_model *m)
{
	uint32_t rd_burst = reg_rd(m->mgmt, HIDMA_MGMT_MAX_BUS_REQ_LEN_REG) &
		HIDMA_MGMT_MAX_RD_REQ_MASK;
	uint32_t rd_x = HIDMA_FIELD_GET(HIDMA_MGMT_MAX_RD_XACTIONS_MASK,
		HIDMA_MGMT_MAX_RD_XACTIONS_SHIFT, reg_rd(m->mgmt, HIDMA_MGMT_MAX_XACTIONS_REG));
	uint64_t quantum, moved, budget;
	unsigned int i, k, work = 0, nb = m->nb_channels, n;
	bool high = false;

	if (rd_burst == 0)
		rd_burst = HIDMA_MGMT_MAX_REQ_MIN;
	quantum = (uint64_t)rd_burst * (rd_x > 1 ? rd_x : 1);

	for (i = 0; i < nb; i++) {
		struct model_chan *c = m->ch[i];
		uint32_t qos;

		if (!c->runnable)
			continue;
		qos = reg_rd(m->mgmt, HIDMA_MGMT_QOS_REG(c->idx));
		c->high = (qos & HIDMA_MGMT_QOS_PRIORITY_MASK) != 0;
		c->weight = HIDMA_FIELD_GET(HIDMA_MGMT_QOS_WEIGHT_MASK,
			HIDMA_MGMT_QOS_WEIGHT_SHIFT, qos);
		if (c->weight == 0)
			c->weight = 1;
		high |= c->high;
	}
	i = m->rr;
	for (k = 0; k < nb; k++, i = i + 1 == nb ? 0 : i + 1) {
		struct model_chan *c = m->ch[i];

		if (!c->runnable || c->high != high)
			continue;
		budget = c->weight * quantum;
		while (budget != 0 && HIDMA_CH_IS_ENABLED(c->trca_state)) {
			n = chan_run(m, c, budget, UINT32_MAX, true, &moved);
			work += n;
			budget -= moved < budget ? moved : budget;
			if (n == 0 && moved == 0)
				break;
			if (!c->cur_valid && c->tre_rptr == c->db && !doorbell_check(m, c))
				break;
		}
	}
	m->rr = m->rr + 1 >= nb ? 0 : m->rr + 1;
	return work;
}

/* the IOMMU view changed: flush the IOTLB, re-translate rings and TREs in flight */
static void
remap(struct hidma_model *m, const struct iommu_table *t)
{
	unsigned int i;

	m->tbl = t;
	m->tbl_gen = t->gen;
	iotlb_flush(m);
	for (i = 0; i < m->nb_channels; i++) {
		struct model_chan *c = m->ch[i];
		struct tre_progress *p = &c->cur;

		if (c->tre_len != 0)
			c->tre_ring = xlate(m, c->idx, c->tre_ring_iova, c->tre_len, false);
		if (c->evre_len != 0)
			c->evre_ring = xlate(m, c->idx, c->evre_ring_iova, c->evre_len, true);
		if (!c->cur_valid || p->fault != 0)
			continue;
		if (p->src != NULL) {
			p->src = xlate(m, c->idx, p->src_iova, p->len, false);
			if (p->src == NULL) {
				p->fault = HIDMA_EVRE_ERRINFO_SRC_READ;
				continue;
			}
		}
		p->dst = xlate(m, c->idx, p->dst_iova, p->len, true);
		if (p->dst == NULL)
			p->fault = HIDMA_EVRE_ERRINFO_DST_WRITE;
	}
}

unsigned int
hidma_model_poll(struct hidma_model *m)
{
	uint64_t seq = m->poll_seq;
	const struct iommu_table *t;
	struct model_chan *one = NULL;
	unsigned int i, work = 0, nrun = 0;

	/*
	 * Odd while polling; pairs with the unmapper's grace period (publish()),
	 * a store-then-load on each side: only full fences order those. A
	 * seq_cst store and load are not enough in practice: qemu-user runs
	 * arm64's STLR and LDAR on an x86 host with no fence between them,
	 * and an engine then took a table the unmapper had just freed.
	 */
	__atomic_store_n(&m->poll_seq, seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t = __atomic_load_n(&m->iommu.cur, __ATOMIC_ACQUIRE);
	/* an external translator can change unseen: translate again each poll */
	if (unlikely(t->gen != m->tbl_gen || m->ext_xlate != NULL))
		remap(m, t);
	if (unlikely(__atomic_load_n(&m->fset.gen, __ATOMIC_SEQ_CST) != m->faults_gen_seen))
		faults_load(m);
	if (unlikely(m->slow))
		m->now = m->clock_ns(m->clock_arg);

	m->mgmt_enabled = (reg_rd(m->mgmt, HIDMA_MGMT_CFG_REG) & HIDMA_MGMT_CFG_ENABLE) != 0;
	if (unlikely(reg_rd(m->mgmt, HIDMA_MGMT_HW_VERSION_REG) != m->hw_version))
		reg_wr(m->mgmt, HIDMA_MGMT_HW_VERSION_REG, m->hw_version);	/* read-only */

	for (i = 0; i < m->nb_channels; i++) {
		struct model_chan *c = m->ch[i];

		work += chan_control(m, c);
		if (c->runnable) {
			nrun++;
			one = c;
		}
	}
	if (nrun == 1)
		work += run_single(m, one);
	else if (nrun > 1)
		work += arbitrate(m);

	__atomic_store_n(&m->poll_seq, seq + 2, __ATOMIC_RELEASE);
	return work;
}

/* ---------------------------------------------------------------------- */
/* instance */

struct hidma_model *
hidma_model_create(const struct hidma_model_params *params)
{
	void *(*alloc_fn)(void *arg, size_t size, size_t align);
	pthread_mutexattr_t mattr;
	struct hidma_model *m;
	unsigned int i;
	uint8_t major, minor;

	if (params == NULL || params->nb_channels == 0 ||
			params->nb_channels > HIDMA_MODEL_MAX_CHANNELS ||
			params->flavour > HIDMA_FLAVOUR_1_2 ||
			params->faults.fail_errinfo > HIDMA_EVRE_ERRINFO_CHID ||
			params->faults.fail_ppm > 1000000u) {
		errno = EINVAL;
		return NULL;
	}
	alloc_fn = params->alloc_fn != NULL ? params->alloc_fn : default_alloc;
	m = alloc_fn(params->alloc_arg, sizeof(*m), MODEL_CACHE_LINE);
	if (m == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	m->alloc_fn = alloc_fn;
	m->free_fn = params->alloc_fn != NULL ? params->free_fn : default_free;
	m->alloc_arg = params->alloc_arg;
	m->nb_channels = params->nb_channels;
	m->flavour = params->flavour;
	m->clock_ns = params->clock_ns != NULL ? params->clock_ns : default_clock;
	m->clock_arg = params->clock_arg;
	m->ext_xlate = params->xlate;
	m->ext_xlate_arg = params->xlate_arg;
	m->rng = params->seed != 0 ? params->seed : UINT64_C(0x9e3779b97f4a7c15);
	iotlb_flush(m);
	m->tbl_gen = UINT64_MAX;	/* no table yet: the first poll takes one */
	if (hidma_model_iommu_init(m) != 0) {
		model_free(m, m);
		errno = ENOMEM;
		return NULL;
	}
	/* a process-shared lock: other processes may set faults (shared allocator) */
	pthread_mutexattr_init(&mattr);
	pthread_mutexattr_setpshared(&mattr, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&m->fset.lock, &mattr);
	pthread_mutexattr_destroy(&mattr);
	m->fset.f = params->faults;
	m->fset.gen = 1;	/* the first poll loads it */

	m->mgmt = window_alloc(m, HIDMA_MGMT_SIZE);
	if (m->mgmt == NULL)
		goto nomem;
	major = params->hw_major;
	minor = params->hw_minor;
	if (major == 0 && minor == 0) {
		major = 1;
		minor = 1;
	}
	m->hw_version = HIDMA_FIELD_PREP(HIDMA_MGMT_HW_VERSION_MAJOR_MASK,
			HIDMA_MGMT_HW_VERSION_MAJOR_SHIFT, major) |
		HIDMA_FIELD_PREP(HIDMA_MGMT_HW_VERSION_MINOR_MASK,
			HIDMA_MGMT_HW_VERSION_MINOR_SHIFT, minor);
	reg_wr(m->mgmt, HIDMA_MGMT_HW_VERSION_REG, m->hw_version);
	/* MODEL choice: the pre-merge channel-count register reports the truth */
	reg_wr(m->mgmt, HIDMA_MGMT_MHICFG_REG, m->nb_channels |
		m->nb_channels << HIDMA_MGMT_MHICFG_NR_EVCH_SHIFT);
	reg_wr(m->mgmt, HIDMA_MGMT_CHRESET_TIMEOUT_REG, 0x500);
	reg_wr(m->mgmt, HIDMA_MGMT_MAX_BUS_REQ_LEN_REG,
		HIDMA_FIELD_PREP(HIDMA_MGMT_MAX_RD_REQ_MASK, HIDMA_MGMT_MAX_RD_REQ_SHIFT,
			HIDMA_MGMT_MAX_REQ_MAX) |
		HIDMA_FIELD_PREP(HIDMA_MGMT_MAX_WR_REQ_MASK, HIDMA_MGMT_MAX_WR_REQ_SHIFT,
			HIDMA_MGMT_MAX_REQ_MAX));
	reg_wr(m->mgmt, HIDMA_MGMT_MAX_XACTIONS_REG,
		HIDMA_FIELD_PREP(HIDMA_MGMT_MAX_RD_XACTIONS_MASK, HIDMA_MGMT_MAX_RD_XACTIONS_SHIFT,
			HIDMA_MGMT_MAX_XACTIONS_MAX) |
		HIDMA_FIELD_PREP(HIDMA_MGMT_MAX_WR_XACTIONS_MASK, HIDMA_MGMT_MAX_WR_XACTIONS_SHIFT,
			HIDMA_MGMT_MAX_XACTIONS_MAX));
	for (i = 0; i < m->nb_channels; i++)
		reg_wr(m->mgmt, HIDMA_MGMT_QOS_REG(i),
			HIDMA_FIELD_PREP(HIDMA_MGMT_QOS_WEIGHT_MASK, HIDMA_MGMT_QOS_WEIGHT_SHIFT,
				HIDMA_MGMT_WEIGHT_MIN));

	for (i = 0; i < m->nb_channels; i++) {
		struct model_chan *c;

		c = m->alloc_fn(m->alloc_arg, sizeof(*c), MODEL_CACHE_LINE);
		if (c == NULL)
			goto nomem;
		m->ch[i] = c;
		c->idx = i;
		c->trca = window_alloc(m, HIDMA_TRCA_SIZE);
		c->evca = window_alloc(m, HIDMA_EVCA_SIZE);
		if (c->trca == NULL || c->evca == NULL)
			goto nomem;
		c->cfg_copy = HIDMA_TRE_CFG(HIDMA_TRE_MEMCPY, i) & ~HIDMA_TRE_CFG_IEOB;
		c->trca_state = HIDMA_CH_DISABLED;
		c->evca_state = HIDMA_CH_DISABLED;
		c->trca_cmd_done = HIDMA_CH_CMD_DISABLE;
		c->evca_cmd_done = HIDMA_CH_CMD_DISABLE;
		reg_wr(c->trca, HIDMA_TRCA_CHID_REG, i);
		if (HIDMA_FLAVOUR_CAPS(m->flavour) & HIDMA_CAP_IDENTITY)
			reg_wr(c->trca, HIDMA_TRCA_IDENTITY_REG, i);
	}
	return m;
nomem:
	hidma_model_destroy(m);
	errno = ENOMEM;
	return NULL;
}

void
hidma_model_destroy(struct hidma_model *m)
{
	unsigned int i;

	if (m == NULL)
		return;
	for (i = 0; i < HIDMA_MODEL_MAX_CHANNELS; i++) {
		if (m->ch[i] == NULL)
			continue;
		model_free(m, m->ch[i]->trca);
		model_free(m, m->ch[i]->evca);
		model_free(m, m->ch[i]);
	}
	model_free(m, m->mgmt);
	hidma_model_iommu_fini(m);
	pthread_mutex_destroy(&m->fset.lock);
	model_free(m, m);
}

unsigned int
hidma_model_nb_channels(const struct hidma_model *m)
{
	return m->nb_channels;
}

void *
hidma_model_mgmt_regs(struct hidma_model *m)
{
	return m->mgmt;
}

void *
hidma_model_trca_regs(struct hidma_model *m, unsigned int ch)
{
	return ch < m->nb_channels ? m->ch[ch]->trca : NULL;
}

void *
hidma_model_evca_regs(struct hidma_model *m, unsigned int ch)
{
	return ch < m->nb_channels ? m->ch[ch]->evca : NULL;
}

bool
hidma_model_busy(const struct hidma_model *m)
{
	unsigned int i;

	for (i = 0; i < m->nb_channels; i++) {
		struct model_chan *c = m->ch[i];

		if (!HIDMA_CH_IS_ENABLED(__atomic_load_n(&c->trca_state, __ATOMIC_RELAXED)))
			continue;
		if (__atomic_load_n(&c->pub.cur_valid, __ATOMIC_RELAXED) ||
				reg_rd(c->trca, HIDMA_TRCA_DOORBELL_REG) !=
				__atomic_load_n(&c->pub.tre_rptr, __ATOMIC_RELAXED))
			return true;
	}
	return false;
}

int
hidma_model_chan_stats(const struct hidma_model *m, unsigned int ch,
		struct hidma_model_chan_stats *stats)
{
	const struct model_chan *c;

	if (m == NULL || stats == NULL || ch >= m->nb_channels)
		return -EINVAL;
	c = m->ch[ch];
	stats->tres = __atomic_load_n(&c->pub.tres, __ATOMIC_RELAXED);
	stats->bytes = __atomic_load_n(&c->pub.bytes, __ATOMIC_RELAXED);
	stats->errors = __atomic_load_n(&c->pub.errors, __ATOMIC_RELAXED);
	stats->doorbells = __atomic_load_n(&c->pub.doorbells, __ATOMIC_RELAXED);
	stats->resets = __atomic_load_n(&c->pub.resets, __ATOMIC_RELAXED);
	stats->state_trca = __atomic_load_n(&c->trca_state, __ATOMIC_RELAXED);
	stats->state_evca = __atomic_load_n(&c->evca_state, __ATOMIC_RELAXED);
	return 0;
}

void
hidma_model_set_faults(struct hidma_model *m, const struct hidma_model_faults *f)
{
	static const struct hidma_model_faults none;

	pthread_mutex_lock(&m->fset.lock);
	m->fset.f = f != NULL ? *f : none;
	__atomic_store_n(&m->fset.gen, m->fset.gen + 1, __ATOMIC_SEQ_CST);
	pthread_mutex_unlock(&m->fset.lock);
	/*
	 * A poll running now loaded the old settings when it started: once it
	 * has ended, every TRE the engine takes is processed with the new ones,
	 * so a job enqueued after the return sees them.
	 */
	hidma_model_wait_poll(m);
}

void
hidma_model_get_faults(const struct hidma_model *m, struct hidma_model_faults *f)
{
	struct hidma_model *mm = (struct hidma_model *)(uintptr_t)m;

	pthread_mutex_lock(&mm->fset.lock);
	*f = mm->fset.f;
	pthread_mutex_unlock(&mm->fset.lock);
}

uint32_t
hidma_model_irq_pending(const struct hidma_model *m, unsigned int ch)
{
	void *evca;

	if (m == NULL || ch >= m->nb_channels)
		return 0;
	evca = m->ch[ch]->evca;
	return reg_rd(evca, HIDMA_EVCA_IRQ_STAT_REG) & reg_rd(evca, HIDMA_EVCA_IRQ_EN_REG);
}
