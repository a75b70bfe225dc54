/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * libFuzzer harness: the model's descriptor processing. The input is a
 * program for a mini driver (test/unit/model_harness.h): register writes
 * to any offset of any window, TREs with any fields (addresses inside the
 * DMA arena, near it or anywhere), doorbells, EVRE reaping, IOMMU unmaps and
 * remaps, fault injection, and polls of the engine.
 *
 * What must hold: the model touches no memory but its own and the ranges
 * mapped in its IOMMU view. The arena has PROT_NONE guard pages on both
 * sides and every unmapped piece of it is made PROT_NONE too, so a stray
 * access is a SIGSEGV; ASan watches the model's own heap; UBSan the
 * arithmetic. The first bytes set up channels the way the driver does, so
 * that most inputs reach TRE processing.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "model_harness.h"


#define ARENA_PAGES	64
#define PAGE		4096u
#define IOVA_BASE	UINT64_C(0x7f0000000000)	/* != VA: the model must translate */

static uint8_t *guarded;	/* guard page, arena, guard page */
static uint8_t *arena;
static bool page_mapped[ARENA_PAGES];

struct input {
	const uint8_t *p;
	size_t n;
};

static uint64_t
take(struct input *in, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes && in->n > 0; i++, in->p++, in->n--)
		v |= (uint64_t)*in->p << (8 * i);
	return v;
}

static void
arena_init(void)
{
	guarded = mmap(NULL, (ARENA_PAGES + 2) * PAGE, PROT_NONE,
		MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guarded == MAP_FAILED)
		abort();
	arena = guarded + PAGE;
}

/* the arena's pages: readable and writable exactly while mapped for the model */
static void
arena_protect(unsigned int first, unsigned int nb, bool on)
{
	unsigned int i;

	if (mprotect(arena + (size_t)first * PAGE, (size_t)nb * PAGE,
			on ? PROT_READ | PROT_WRITE : PROT_NONE) != 0)
		abort();
	for (i = first; i < first + nb; i++)
		page_mapped[i] = on;
}

/* an address for a TRE or a ring register: mostly in the arena, at times anywhere */
static uint64_t
pick_iova(struct input *in)
{
	uint8_t how = take(in, 1);
	uint64_t off = take(in, 3);

	switch (how & 3) {
	case 0:
	case 1:
		return IOVA_BASE + off % ((uint64_t)ARENA_PAGES * PAGE);
	case 2:	/* near the ends, straddling them */
		return (how & 4) ? IOVA_BASE - (off & 0xffff) :
			IOVA_BASE + (uint64_t)ARENA_PAGES * PAGE - (off & 0xffff);
	default:
		return take(in, 8);
	}
}

static uint32_t
pick_len(struct input *in)
{
	uint8_t how = take(in, 1);

	if (how < 200)
		return take(in, 2);		/* up to 64 KiB */
	if (how < 250)
		return take(in, 3);
	return take(in, 4);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct hidma_model_params p;
	struct harness h;
	unsigned int nb, i, steps = 0;

	if (arena == NULL)
		arena_init();
	memset(&p, 0, sizeof(p));
	p.nb_channels = 1 + take(&in, 1) % 4;
	p.flavour = take(&in, 1) % 3;
	p.seed = 1;
	memset(&h, 0, sizeof(h));
	h.m = hidma_model_create(&p);
	if (h.m == NULL)
		return 0;
	nb = p.nb_channels;
	h.nb = nb;
	h.mgmt = hidma_model_mgmt_regs(h.m);
	for (i = 0; i < nb; i++) {
		h.ch[i].trca = hidma_model_trca_regs(h.m, i);
		h.ch[i].evca = hidma_model_evca_regs(h.m, i);
	}
	arena_protect(0, ARENA_PAGES, true);
	memset(arena, 0, (size_t)ARENA_PAGES * PAGE);
	h.arena = arena;
	h.off = IOVA_BASE - (uint64_t)(uintptr_t)arena;
	if (hidma_model_dma_map(h.m, IOVA_BASE, arena, (size_t)ARENA_PAGES * PAGE) != 0)
		abort();
	/* rings as the driver sets them up: 4..64 entries, in the first pages */
	h_mgmt_enable(&h);
	for (i = 0; i < nb; i++)
		if (take(&in, 1) & 1)
			h_chan_setup(&h, i, 4u << (take(&in, 1) % 5));

	while (in.n > 0 && steps++ < 256) {
		uint8_t op = take(&in, 1);
		unsigned int ch = (op >> 4) % nb;
		struct h_chan *c = &h.ch[ch];

		switch (op & 0xf) {
		case 0:	/* any register of any window */
			w32(c->trca, (take(&in, 2) % HIDMA_TRCA_SIZE) & ~3u, take(&in, 4));
			break;
		case 1:
			w32(c->evca, (take(&in, 2) % HIDMA_EVCA_SIZE) & ~3u, take(&in, 4));
			break;
		case 2:
			w32(h.mgmt, (take(&in, 2) % HIDMA_MGMT_SIZE) & ~3u, take(&in, 4));
			break;
		case 3:	/* ring registers at any address and length */
			w32(c->trca, HIDMA_TRCA_RING_LOW_REG, (uint32_t)pick_iova(&in));
			w32(c->trca, HIDMA_TRCA_RING_LEN_REG, pick_len(&in));
			break;
		case 4:
		case 5:
		case 6: {	/* a TRE: a copy, a fill, or anything */
			uint32_t cfg = op & 1 ? HIDMA_TRE_CFG(HIDMA_TRE_MEMCPY, ch) :
				HIDMA_TRE_CFG(HIDMA_TRE_MEMSET, ch);
			uint32_t len = pick_len(&in);
			uint64_t src, dst;

			if ((op & 0xf) == 6)
				cfg = take(&in, 4);
			src = pick_iova(&in);
			dst = pick_iova(&in);
			if (c->tre != NULL && page_mapped[(c->tre + c->tre_wr - arena) / PAGE])
				h_post_raw(&h, ch, cfg, len, src, dst);
			break;
		}
		case 7:
			if (c->tre != NULL)
				h_doorbell(&h, ch);
			break;
		case 8:	/* a doorbell at any offset */
			w32(c->trca, HIDMA_TRCA_DOORBELL_REG, take(&in, 4));
			break;
		case 9:
			if (c->evre != NULL && page_mapped[(c->evre + c->ev_rd - arena) / PAGE])
				h_reap(&h, ch, NULL, 1 + take(&in, 1) % 64, true);
			break;
		case 10: {	/* unmap pages: the model must not touch them any more */
			unsigned int first = take(&in, 1) % ARENA_PAGES;
			unsigned int n = 1 + take(&in, 1) % (ARENA_PAGES - first);

			if (hidma_model_dma_unmap(h.m, IOVA_BASE + (uint64_t)first * PAGE,
					(uint64_t)n * PAGE) == 0)
				arena_protect(first, n, false);
			break;
		}
		case 11: {	/* and map them again */
			unsigned int first = take(&in, 1) % ARENA_PAGES;
			unsigned int n = 1 + take(&in, 1) % (ARENA_PAGES - first);

			arena_protect(first, n, true);
			if (hidma_model_dma_map(h.m, IOVA_BASE + (uint64_t)first * PAGE,
					arena + (size_t)first * PAGE, (uint64_t)n * PAGE) != 0)
				arena_protect(first, n, false);
			break;
		}
		case 12: {	/* fault injection and pacing (time does not advance much) */
			struct hidma_model_faults f;

			memset(&f, 0, sizeof(f));
			f.fail_every = take(&in, 1);
			f.fail_ppm = take(&in, 3) % 1000001;
			f.fail_errinfo = take(&in, 1) % 6;
			f.reset_hangs = take(&in, 1) & 1;
			hidma_model_set_faults(h.m, &f);
			break;
		}
		case 13:	/* a command */
			h_set_cmd(op & 0x80 ? c->evca : c->trca, take(&in, 1) & 0xf);
			break;
		case 14:
			h_chan_setup(&h, ch, 4u << (take(&in, 1) % 5));
			break;
		default:
			h_poll(&h, 1 + take(&in, 1) % 16);
			break;
		}
		if ((steps & 7) == 0)
			h_poll(&h, 1);
	}
	h_poll(&h, 32);
	hidma_model_destroy(h.m);
	return 0;
}
