/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * MMIO access counts of HIDMA channels, through the HIDMA PMD's public API
 * (drivers/dma/hidma/rte_pmd_hidma.h). The PMD is a plugin (-d) that this
 * tool does not link against, so the functions are looked up at run time;
 * any other dmadev, or a PMD built without the API, gives "n/a".
 *
 * EAL opens plugins with RTLD_LOCAL: dlsym(RTLD_DEFAULT, ..) sees only what
 * the executable and its own libraries export. So when that finds nothing,
 * every loaded object is asked by name (dlopen with RTLD_NOLOAD returns a
 * handle to an object already loaded, without loading anything).
 */

#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stddef.h>

#include "main.h"

#define SYM_GET		"rte_pmd_hidma_mmio_stats_get"
#define SYM_RESET	"rte_pmd_hidma_mmio_stats_reset"

/* The contract's layout: struct rte_pmd_hidma_mmio_stats. */
struct hidma_mmio_stats {
	uint64_t reads;
	uint64_t writes;
};

typedef int (*mmio_get_t)(int16_t dev_id, struct hidma_mmio_stats *st);
typedef int (*mmio_reset_t)(int16_t dev_id);

static struct {
	bool looked_up;
	mmio_get_t get;
	mmio_reset_t reset;
} api;

struct find_ctx {
	void *get;
	void *reset;
};

static int
find_in_object(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct find_ctx *ctx = arg;
	void *h;

	RTE_SET_USED(size);
	if (info->dlpi_name == NULL || info->dlpi_name[0] == '\0')
		return 0;
	h = dlopen(info->dlpi_name, RTLD_LAZY | RTLD_NOLOAD);
	if (h == NULL)
		return 0;
	ctx->get = dlsym(h, SYM_GET);
	ctx->reset = dlsym(h, SYM_RESET);
	/* the object stays loaded: EAL holds its own reference */
	dlclose(h);
	return ctx->get != NULL && ctx->reset != NULL;
}

static void
lookup(void)
{
	struct find_ctx ctx = {
		.get = dlsym(RTLD_DEFAULT, SYM_GET),
		.reset = dlsym(RTLD_DEFAULT, SYM_RESET),
	};

	api.looked_up = true;
	if (ctx.get == NULL || ctx.reset == NULL) {
		ctx.get = ctx.reset = NULL;
		dl_iterate_phdr(find_in_object, &ctx);
	}
	if (ctx.get == NULL || ctx.reset == NULL)
		return;
	api.get = (mmio_get_t)(uintptr_t)ctx.get;
	api.reset = (mmio_reset_t)(uintptr_t)ctx.reset;
}

int
dmaperf_mmio_reset(int16_t dev_id)
{
	if (!api.looked_up)
		lookup();
	if (api.reset == NULL || dev_id < 0)
		return -ENOTSUP;
	return api.reset(dev_id);
}

int
dmaperf_mmio_get(int16_t dev_id, uint64_t *reads, uint64_t *writes)
{
	struct hidma_mmio_stats st;
	int ret;

	if (!api.looked_up)
		lookup();
	if (api.get == NULL || dev_id < 0)
		return -ENOTSUP;
	ret = api.get(dev_id, &st);
	if (ret != 0)
		return ret;
	*reads = st.reads;
	*writes = st.writes;
	return 0;
}
