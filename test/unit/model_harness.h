/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _MODEL_HARNESS_H_
#define _MODEL_HARNESS_H_

/*
 * A mini driver for the model's unit tests and benchmark: it writes
 * registers and TREs directly, as the channel PMD does on VFIO-mapped MMIO,
 * and keeps its memory in one arena mapped into the model's IOMMU view at
 * iova = va + offset (offset != 0 proves the model translates).
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <hidma_hw.h>
#include <hidma_model.h>

/* ---------------------------------------------------------------------- */

#define H_ARENA_SIZE		(256u << 20)
#define H_IOVA_OFFSET		UINT64_C(0x10000000000)	/* 1 TiB */

struct h_chan {
	void *trca;
	void *evca;
	uint8_t *tre;		/* TRE ring (VA) */
	uint8_t *evre;		/* EVRE ring (VA) */
	uint32_t entries;
	uint32_t tre_wr;	/* SW write offset */
	uint32_t ev_rd;		/* SW EVRE read offset */
};

struct harness {
	struct hidma_model *m;
	void *mgmt;
	unsigned int nb;
	uint8_t *arena;
	size_t used;
	uint64_t off;		/* iova - va */
	struct h_chan ch[HIDMA_MODEL_MAX_CHANNELS];
};

/*
 * Register access: a PMD uses plain volatile stores and barriers; the
 * harness uses the equivalent atomics so that ThreadSanitizer can check
 * the model's side of the protocol.
 */
static inline void
w32(void *base, uint32_t off, uint32_t v)
{
	__atomic_store_n((uint32_t *)((uint8_t *)base + off), v, __ATOMIC_RELAXED);
}

static inline void
w32_rel(void *base, uint32_t off, uint32_t v)
{
	__atomic_store_n((uint32_t *)((uint8_t *)base + off), v, __ATOMIC_RELEASE);
}

static inline uint32_t
r32(void *base, uint32_t off)
{
	return __atomic_load_n((uint32_t *)((uint8_t *)base + off), __ATOMIC_RELAXED);
}

static inline uint32_t
r32_acq(void *base, uint32_t off)
{
	return __atomic_load_n((uint32_t *)((uint8_t *)base + off), __ATOMIC_ACQUIRE);
}

static inline uint64_t
h_iova(struct harness *h, const void *va)
{
	return (uint64_t)(uintptr_t)va + h->off;
}

static inline void *
h_alloc(struct harness *h, size_t size, size_t align)
{
	size_t at = (h->used + align - 1) & ~(align - 1);
	void *p;

	if (at + size > H_ARENA_SIZE)
		abort();
	p = h->arena + at;
	h->used = at + size;
	return p;
}

static inline void
h_set_cmd(void *base, uint32_t cmd)
{
	uint32_t v = r32(base, HIDMA_TRCA_CTRLSTS_REG);

	v &= ~HIDMA_CH_CMD_MASK;
	v |= HIDMA_FIELD_PREP(HIDMA_CH_CMD_MASK, HIDMA_CH_CMD_SHIFT, cmd);
	w32(base, HIDMA_TRCA_CTRLSTS_REG, v);
}

static inline uint32_t
h_state(void *base)
{
	return HIDMA_CH_STATE(r32(base, HIDMA_TRCA_CTRLSTS_REG));
}

static inline void
h_poll(struct harness *h, unsigned int n)
{
	while (n--)
		hidma_model_poll(h->m);
}

/* issue a command and poll until the state satisfies want (or give up) */
static inline bool
h_cmd_wait(struct harness *h, void *base, uint32_t cmd, uint32_t want)
{
	int i;

	h_set_cmd(base, cmd);
	for (i = 0; i < 100; i++) {
		uint32_t st;

		hidma_model_poll(h->m);
		st = h_state(base);
		if (st == want || (want == HIDMA_CH_ENABLED && HIDMA_CH_IS_ENABLED(st)))
			return true;
	}
	return false;
}

static inline int
h_init(struct harness *h, unsigned int nb, unsigned int flavour, bool offset,
		const struct hidma_model_params *extra)
{
	struct hidma_model_params p;
	unsigned int i;

	memset(h, 0, sizeof(*h));
	if (extra != NULL)
		p = *extra;
	else
		memset(&p, 0, sizeof(p));
	p.nb_channels = nb;
	p.flavour = flavour;
	h->m = hidma_model_create(&p);
	if (h->m == NULL)
		return -1;
	h->nb = nb;
	h->mgmt = hidma_model_mgmt_regs(h->m);
	h->arena = mmap(NULL, H_ARENA_SIZE, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (h->arena == MAP_FAILED)
		return -1;
	h->off = offset ? H_IOVA_OFFSET : 0;
	if (hidma_model_dma_map(h->m, h_iova(h, h->arena), h->arena, H_ARENA_SIZE) != 0)
		return -1;
	for (i = 0; i < nb; i++) {
		h->ch[i].trca = hidma_model_trca_regs(h->m, i);
		h->ch[i].evca = hidma_model_evca_regs(h->m, i);
	}
	return 0;
}

static inline void
h_fini(struct harness *h)
{
	hidma_model_destroy(h->m);
	munmap(h->arena, H_ARENA_SIZE);
}

static inline void
h_mgmt_enable(struct harness *h)
{
	w32(h->mgmt, HIDMA_MGMT_CFG_REG, r32(h->mgmt, HIDMA_MGMT_CFG_REG) | HIDMA_MGMT_CFG_ENABLE);
}

/* program the ring registers (rings allocated once per channel) */
static inline void
h_program_rings(struct harness *h, unsigned int ch, uint32_t entries)
{
	struct h_chan *c = &h->ch[ch];
	uint64_t t, e;

	if (c->tre == NULL || c->entries < entries) {
		c->tre = h_alloc(h, (size_t)entries * HIDMA_TRE_SIZE, 4096);
		c->evre = h_alloc(h, (size_t)entries * HIDMA_EVRE_SIZE, 4096);
	}
	c->entries = entries;
	c->tre_wr = 0;
	c->ev_rd = 0;
	t = h_iova(h, c->tre);
	e = h_iova(h, c->evre);
	w32(c->trca, HIDMA_TRCA_RING_LOW_REG, (uint32_t)t);
	w32(c->trca, HIDMA_TRCA_RING_HIGH_REG, (uint32_t)(t >> 32));
	w32(c->trca, HIDMA_TRCA_RING_LEN_REG, entries * HIDMA_TRE_SIZE);
	w32(c->evca, HIDMA_EVCA_RING_LOW_REG, (uint32_t)e);
	w32(c->evca, HIDMA_EVCA_RING_HIGH_REG, (uint32_t)(e >> 32));
	w32(c->evca, HIDMA_EVCA_RING_LEN_REG, entries * HIDMA_EVRE_SIZE);
}

/* the full set-up of doc/guides/dmadevs/hidma_hw.rst; false on timeout */
static inline bool
h_chan_setup(struct harness *h, unsigned int ch, uint32_t entries)
{
	struct h_chan *c = &h->ch[ch];

	w32(c->evca, HIDMA_EVCA_IRQ_EN_REG, 0);
	w32(c->evca, HIDMA_EVCA_IRQ_CLR_REG, r32(c->evca, HIDMA_EVCA_IRQ_STAT_REG));
	if (!h_cmd_wait(h, c->trca, HIDMA_CH_CMD_RESET, HIDMA_CH_DISABLED))
		return false;
	if (!h_cmd_wait(h, c->evca, HIDMA_CH_CMD_RESET, HIDMA_CH_DISABLED))
		return false;
	w32(c->evca, HIDMA_EVCA_IRQ_CLR_REG, r32(c->evca, HIDMA_EVCA_IRQ_STAT_REG));
	h_program_rings(h, ch, entries);
	w32(c->evca, HIDMA_EVCA_IRQ_CLR_REG, HIDMA_IRQ_ENABLE_ALL);
	w32(c->evca, HIDMA_EVCA_IRQ_EN_REG, HIDMA_IRQ_ENABLE_ALL);
	if (!h_cmd_wait(h, c->evca, HIDMA_CH_CMD_ENABLE, HIDMA_CH_ENABLED))
		return false;
	return h_cmd_wait(h, c->trca, HIDMA_CH_CMD_ENABLE, HIDMA_CH_ENABLED);
}

static inline uint32_t
h_ring_next(uint32_t off, uint32_t size, uint32_t len)
{
	off += size;
	return off == len ? 0 : off;
}

/* TREs SW has posted and not yet seen completed */
static inline uint32_t
h_outstanding(struct h_chan *c)
{
	uint32_t wr = c->tre_wr / HIDMA_TRE_SIZE, rd = c->ev_rd / HIDMA_EVRE_SIZE;

	/* TRE k completes with EVRE k (same index in equal-sized rings) */
	return wr >= rd ? wr - rd : wr + c->entries - rd;
}

/* write one TRE (no doorbell) */
static inline void
h_post_raw(struct harness *h, unsigned int ch, uint32_t cfg, uint32_t len, uint64_t src,
		uint64_t dst)
{
	struct h_chan *c = &h->ch[ch];
	struct hidma_tre t;

	memset(&t, 0, sizeof(t));
	t.cfg = cfg;
	t.len = len;
	t.src = src;
	t.dst = dst;
	memcpy(c->tre + c->tre_wr, &t, sizeof(t));
	c->tre_wr = h_ring_next(c->tre_wr, HIDMA_TRE_SIZE, c->entries * HIDMA_TRE_SIZE);
}

static inline void
h_copy(struct harness *h, unsigned int ch, const void *src, void *dst, uint32_t len)
{
	h_post_raw(h, ch, HIDMA_TRE_CFG(HIDMA_TRE_MEMCPY, ch), len, h_iova(h, src),
		h_iova(h, dst));
}

static inline void
h_fill(struct harness *h, unsigned int ch, uint64_t pattern, void *dst, uint32_t len)
{
	h_post_raw(h, ch, HIDMA_TRE_CFG(HIDMA_TRE_MEMSET, ch), len, pattern, h_iova(h, dst));
}

static inline void
h_doorbell(struct harness *h, unsigned int ch)
{
	/* TREs before the doorbell */
	w32_rel(h->ch[ch].trca, HIDMA_TRCA_DOORBELL_REG, h->ch[ch].tre_wr);
}

/*
 * Read completed EVREs (up to max; out may be NULL) and, if release,
 * acknowledge them through the EVCA doorbell. Returns how many.
 */
static inline unsigned int
h_reap(struct harness *h, unsigned int ch, struct hidma_evre *out, unsigned int max,
		bool release)
{
	struct h_chan *c = &h->ch[ch];
	/* EVREs and data after the write pointer */
	uint32_t w = r32_acq(c->evca, HIDMA_EVCA_WRITE_PTR_REG), len = c->entries * HIDMA_EVRE_SIZE;
	unsigned int n = 0;

	while (c->ev_rd != w && n < max) {
		if (out != NULL)
			memcpy(&out[n], c->evre + c->ev_rd, sizeof(out[n]));
		n++;
		c->ev_rd = h_ring_next(c->ev_rd, HIDMA_EVRE_SIZE, len);
	}
	/* EVRE reads done before the slots are handed back */
	if (release && n != 0)
		w32_rel(c->evca, HIDMA_EVCA_DOORBELL_REG, c->ev_rd);
	return n;
}

static inline struct hidma_model_chan_stats
h_stats(struct harness *h, unsigned int ch)
{
	struct hidma_model_chan_stats s;

	memset(&s, 0, sizeof(s));
	hidma_model_chan_stats(h->m, ch, &s);
	return s;
}

#endif /* _MODEL_HARNESS_H_ */
