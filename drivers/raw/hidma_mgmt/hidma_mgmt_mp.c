/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The management rawdev in secondary processes. The rawdev library keeps
 * its devices per process (unlike dmadev, no shared device data), so the
 * primary publishes where its private data is: a memzone per rawdev,
 * "hidma_mgt_<hash of the name>", holding the name and the address of the
 * struct hidma_mgmt, which rte_rawdev_pmd_allocate() put in DPDK's shared
 * heap. A secondary allocates a rawdev of the same name whose private data
 * is that structure: attribute get/set, info, dump and selftest then work
 * on the primary's cache, under its lock, on the same registers.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_io.h>
#include <rte_malloc.h>
#include <rte_memzone.h>
#include <rte_rawdev.h>
#include <rte_rawdev_pmd.h>
#include <rte_string_fns.h>

#include "hidma_mgmt_private.h"

struct hidma_mgmt_shared {
	char name[RTE_RAWDEV_NAME_MAX_LEN];
	struct hidma_mgmt *mg;
};

static void
hidma_mgmt_mz_name(const char *name, char *buf, size_t len)
{
	uint32_t h = 2166136261u;	/* FNV-1a: memzone names are short */
	const char *c;

	for (c = name; *c != '\0'; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	snprintf(buf, len, "hidma_mgt_%08x", h);
}

int
hidma_mgmt_mp_publish(struct hidma_mgmt *mg)
{
	char mz_name[RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;
	struct hidma_mgmt_shared *sh;

	hidma_mgmt_mz_name(mg->name, mz_name, sizeof(mz_name));
	mz = rte_memzone_reserve(mz_name, sizeof(*sh), SOCKET_ID_ANY, 0);
	if (mz == NULL) {
		HIDMA_MGMT_DEV_LOG(mg, ERR, "cannot reserve memzone %s for secondary processes: %s",
				mz_name, rte_strerror(rte_errno));
		return -ENOMEM;
	}
	sh = mz->addr;
	strlcpy(sh->name, mg->name, sizeof(sh->name));
	__atomic_store_n(&sh->mg, mg, __ATOMIC_RELEASE);
	return 0;
}

void
hidma_mgmt_mp_withdraw(const char *name)
{
	char mz_name[RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;

	hidma_mgmt_mz_name(name, mz_name, sizeof(mz_name));
	mz = rte_memzone_lookup(mz_name);
	if (mz == NULL)
		return;
	__atomic_store_n(&((struct hidma_mgmt_shared *)mz->addr)->mg, NULL, __ATOMIC_RELEASE);
	rte_memzone_free(mz);
}

int
hidma_mgmt_attach(const char *name, struct rte_device *dev)
{
	char mz_name[RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;
	const struct hidma_mgmt_shared *sh;
	struct rte_rawdev *rawdev;
	struct hidma_mgmt *mg;
	uint32_t cfg;

	if (name == NULL || rte_eal_process_type() == RTE_PROC_PRIMARY)
		return -EINVAL;
	hidma_mgmt_mz_name(name, mz_name, sizeof(mz_name));
	mz = rte_memzone_lookup(mz_name);
	sh = mz != NULL ? mz->addr : NULL;
	mg = sh != NULL && strcmp(sh->name, name) == 0 ?
		__atomic_load_n(&sh->mg, __ATOMIC_ACQUIRE) : NULL;
	if (mg == NULL) {
		HIDMA_MGMT_LOG(ERR, "%s: no such management rawdev in the primary process", name);
		return -ENODEV;
	}
	if (rte_rawdev_pmd_get_named_dev(name) != NULL) {
		HIDMA_MGMT_LOG(ERR, "%s: a rawdev of that name exists", name);
		return -EEXIST;
	}
	rawdev = rte_rawdev_pmd_allocate(name, sizeof(void *), SOCKET_ID_ANY);
	if (rawdev == NULL) {
		HIDMA_MGMT_LOG(ERR, "%s: cannot allocate the rawdev", name);
		return -ENOMEM;
	}
	/* the primary's private data instead of a fresh one */
	rte_free(rawdev->dev_private);
	rawdev->dev_private = mg;
	rawdev->dev_ops = hidma_mgmt_ops_get();
	rawdev->device = dev;
	rawdev->driver_name = RTE_PMD_HIDMA_MGMT_DRIVER_NAME;
	/* "started" is per process: the instance's enable bit says it */
	cfg = rte_read32(mg->regs + HIDMA_MGMT_CFG_REG);
	rawdev->started = !!(cfg & HIDMA_MGMT_CFG_ENABLE);
	if (rawdev->dev_id != mg->dev_id)
		HIDMA_MGMT_LOG(NOTICE, "%s: rawdev %u here, %u in the primary (this process "
				"probed other rawdevs first): use the name", name, rawdev->dev_id,
				mg->dev_id);
	return rawdev->dev_id;
}

int
hidma_mgmt_detach(const char *name)
{
	struct rte_rawdev *rawdev;

	if (name == NULL)
		return -EINVAL;
	rawdev = rte_rawdev_pmd_get_named_dev(name);
	if (rawdev == NULL || rawdev->dev_ops != hidma_mgmt_ops_get())
		return -ENODEV;
	/* the library frees dev_private and closes only a stopped device */
	rawdev->dev_private = NULL;
	rawdev->started = 0;
	return rte_rawdev_pmd_release(rawdev);
}
