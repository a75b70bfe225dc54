/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Multi-process support of the emulated instance (hidma_model_mp.h). The
 * model itself is plain C: what makes it visible to secondary processes is
 * where it lives (DPDK's shared heap, mapped at the same address by every
 * process of the application) and this record, found by name.
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_memzone.h>
#include <rte_string_fns.h>

#include "hidma_model_mp.h"

extern int hidma_model_logtype;

#define HM_MP_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, hidma_model_logtype, "HIDMA_MODEL: " fmt "\n", ##__VA_ARGS__)

void *
hm_shared_alloc(void *arg, size_t size, size_t align)
{
	int socket = (int)(intptr_t)arg;

	return rte_zmalloc_socket("hidma_model", size, align, socket);
}

void
hm_shared_free(void *arg, void *p)
{
	RTE_SET_USED(arg);
	rte_free(p);
}

/* memzone names are short (32): hash the device name (FNV-1a) */
static void
hm_shared_mz_name(const char *name, char *buf, size_t len)
{
	uint32_t h = 2166136261u;
	const char *c;

	for (c = name; *c != '\0'; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	snprintf(buf, len, "hidma_mdl_%08x", h);
}

struct hm_shared *
hm_shared_publish(const char *name, struct hidma_model *model, unsigned int nb_channels,
		unsigned int flavour, int numa_node)
{
	char mz_name[RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;
	struct hm_shared *sh;

	hm_shared_mz_name(name, mz_name, sizeof(mz_name));
	mz = rte_memzone_reserve(mz_name, sizeof(*sh), numa_node, 0);
	if (mz == NULL) {
		HM_MP_LOG(ERR, "%s: cannot reserve memzone %s for secondary processes: %s",
				name, mz_name, rte_strerror(rte_errno));
		return NULL;
	}
	sh = mz->addr;
	memset(sh, 0, sizeof(*sh));
	strlcpy(sh->name, name, sizeof(sh->name));
	sh->primary_pid = getpid();
	sh->model = model;
	sh->nb_channels = nb_channels;
	sh->flavour = flavour;
	__atomic_store_n(&sh->state, HM_SHARED_UP, __ATOMIC_RELEASE);
	return sh;
}

void
hm_shared_withdraw(struct hm_shared *sh)
{
	char mz_name[RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;
	uint32_t n;

	if (sh == NULL)
		return;
	__atomic_store_n(&sh->engine_running, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&sh->state, HM_SHARED_GONE, __ATOMIC_RELEASE);
	n = __atomic_load_n(&sh->attached, __ATOMIC_ACQUIRE);
	if (n != 0)
		HM_MP_LOG(WARNING, "%s: removed while %u secondary process%s attached: "
				"their channels stop moving data", sh->name, n,
				n == 1 ? " is" : "es are");
	hm_shared_mz_name(sh->name, mz_name, sizeof(mz_name));
	mz = rte_memzone_lookup(mz_name);
	if (mz != NULL)
		rte_memzone_free(mz);
}

struct hm_shared *
hm_shared_lookup(const char *name)
{
	char mz_name[RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;
	struct hm_shared *sh;

	hm_shared_mz_name(name, mz_name, sizeof(mz_name));
	mz = rte_memzone_lookup(mz_name);
	sh = mz != NULL ? mz->addr : NULL;
	if (sh == NULL || strcmp(sh->name, name) != 0 ||
			__atomic_load_n(&sh->state, __ATOMIC_ACQUIRE) != HM_SHARED_UP) {
		HM_MP_LOG(ERR, "%s: the primary process has no such emulated instance "
				"(a secondary process attaches to the primary's devices; "
				"it cannot create one)", name);
		return NULL;
	}
	return sh;
}

bool
hm_shared_engine_running(const struct hm_shared *sh)
{
	if (__atomic_load_n(&sh->state, __ATOMIC_ACQUIRE) != HM_SHARED_UP ||
			!__atomic_load_n(&sh->engine_running, __ATOMIC_ACQUIRE))
		return false;
	/* a primary killed without cleanup leaves the record UP */
	return kill(sh->primary_pid, 0) == 0 || errno != ESRCH;
}
