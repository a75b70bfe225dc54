/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The fake VFIO back-end of the bus tests (struct hidma_plat_vfio_ops of
 * drivers/bus/hidma_platform/private.h). Apart from bus_test.c, which only
 * needs the bus's names, so that test_bus_coexist can load the bus itself.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_common.h>

#include "private.h"

#include "bus_test.h"

static const struct fake_vfio_dev *fake_table;
static struct fake_vfio_count counts[FAKE_MAX_DEVS];
static struct fake_vfio_dev defaults[FAKE_MAX_DEVS];
int fake_vfio_noiommu;
unsigned int fake_vfio_dma_maps, fake_vfio_dma_unmaps;
uint64_t fake_vfio_dma_last_iova;
int (*fake_vfio_dma_hook)(uint64_t va, uint64_t iova, uint64_t len, int map);

struct fake_map {
	void *addr;
	size_t len;
	int slot;
	int anon;
};
static struct fake_map maps[FAKE_MAX_DEVS * FAKE_MAX_REGIONS];

static int
slot_of(const char *name)
{
	int i;

	for (i = 0; i < FAKE_MAX_DEVS; i++) {
		if (counts[i].name[0] == '\0') {
			snprintf(counts[i].name, sizeof(counts[i].name), "%s", name);
			return i;
		}
		if (strcmp(counts[i].name, name) == 0)
			return i;
	}
	return -1;
}

static const struct fake_vfio_dev *
dev_of(int slot)
{
	const struct fake_vfio_dev *d;
	long pg = sysconf(_SC_PAGESIZE);

	for (d = fake_table; d != NULL && d->name != NULL; d++)
		if (strcmp(d->name, counts[slot].name) == 0)
			return d;
	defaults[slot].name = counts[slot].name;
	defaults[slot].dev_flags = PLATFORM_VFIO_DEV_PLATFORM;
	defaults[slot].nb_regions = 2;
	defaults[slot].region[0].flags = defaults[slot].region[1].flags =
		PLATFORM_VFIO_REGION_READ | PLATFORM_VFIO_REGION_WRITE |
		PLATFORM_VFIO_REGION_MMAP;
	defaults[slot].region[0].size = defaults[slot].region[1].size = pg;
	return &defaults[slot];
}

static int
f_available(const char **why)
{
	RTE_SET_USED(why);
	return 0;
}

static int
f_setup(const char *dir, const char *name, int *fd, struct hidma_plat_vfio_dev_info *info)
{
	const struct fake_vfio_dev *d;
	int slot = slot_of(name);

	RTE_SET_USED(dir);
	if (slot < 0)
		return -1;
	d = dev_of(slot);
	if (d->setup_ret != 0)
		return d->setup_ret;
	counts[slot].setups++;
	*fd = 1000 + slot;
	info->flags = d->dev_flags;
	info->num_regions = d->nb_regions;
	return 0;
}

static int
f_region_info(int fd, uint32_t index, struct hidma_plat_vfio_region_info *info)
{
	const struct fake_vfio_dev *d = dev_of(fd - 1000);
	long pg = sysconf(_SC_PAGESIZE);

	if (index >= d->nb_regions)
		return -EINVAL;
	info->flags = d->region[index].flags;
	info->size = d->region[index].size;
	info->offset = (uint64_t)index * pg;
	return 0;
}

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static void *
f_map(int fd, const struct hidma_plat_vfio_region_info *info, void *addr)
{
	int slot = fd - 1000;
	const struct fake_vfio_dev *d = dev_of(slot);
	long pg = sysconf(_SC_PAGESIZE);
	uint32_t index = info->offset / pg;
	void *va;
	unsigned int i;

	if (d->map_fail == (int)index + 1) {
		errno = ENOMEM;
		return NULL;
	}
	if (d->region[index].backing != NULL) {
		/* the backing is where it is: placement elsewhere cannot be served */
		if (addr != NULL && addr != d->region[index].backing) {
			errno = EADDRINUSE;
			return NULL;
		}
		va = d->region[index].backing;
	} else {
		/* as the real back-end: exactly at @addr or not at all */
		va = mmap(addr, info->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
				(addr != NULL ? MAP_FIXED_NOREPLACE : 0), -1, 0);
		if (va == MAP_FAILED) {
			if (errno == EEXIST)
				errno = EADDRINUSE;
			return NULL;
		}
		if (addr != NULL && va != addr) {
			munmap(va, info->size);
			errno = EADDRINUSE;
			return NULL;
		}
	}
	for (i = 0; i < RTE_DIM(maps); i++) {
		if (maps[i].addr == NULL) {
			maps[i].addr = va;
			maps[i].len = info->size;
			maps[i].slot = slot;
			maps[i].anon = d->region[index].backing == NULL;
			break;
		}
	}
	counts[slot].maps++;
	return va;
}

static void
f_unmap(void *addr, size_t len)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(maps); i++) {
		if (maps[i].addr == addr && maps[i].len == len) {
			if (maps[i].anon)
				munmap(addr, len);
			counts[maps[i].slot].unmaps++;
			maps[i].addr = NULL;
			return;
		}
	}
	EXPECT(0, "unmap of %p (%zu bytes) that was never mapped", addr, len);
}

static void
f_release(const char *dir, const char *name, int fd)
{
	int slot = slot_of(name);

	RTE_SET_USED(dir);
	EXPECT(fd == 1000 + slot, "release of %s with fd %d", name, fd);
	counts[slot].releases++;
}

static int
f_dma_map(uint64_t va, uint64_t iova, uint64_t len)
{
	fake_vfio_dma_maps++;
	fake_vfio_dma_last_iova = iova;
	return fake_vfio_dma_hook != NULL ? fake_vfio_dma_hook(va, iova, len, 1) : 0;
}

static int
f_dma_unmap(uint64_t va, uint64_t iova, uint64_t len)
{
	fake_vfio_dma_unmaps++;
	return fake_vfio_dma_hook != NULL ? fake_vfio_dma_hook(va, iova, len, 0) : 0;
}

static int
f_noiommu(void)
{
	return fake_vfio_noiommu;
}

static const struct hidma_plat_vfio_ops fake_ops = {
	.available = f_available,
	.setup = f_setup,
	.region_info = f_region_info,
	.map = f_map,
	.unmap = f_unmap,
	.release = f_release,
	.dma_map = f_dma_map,
	.dma_unmap = f_dma_unmap,
	.noiommu = f_noiommu,
};

void
fake_vfio_install(const struct fake_vfio_dev *table)
{
	fake_table = table;
	hidma_plat_set_vfio_ops(&fake_ops);
}

const struct fake_vfio_count *
fake_vfio_count(const char *name)
{
	static const struct fake_vfio_count zero;
	int i;

	for (i = 0; i < FAKE_MAX_DEVS; i++)
		if (strcmp(counts[i].name, name) == 0)
			return &counts[i];
	return &zero;
}

int
fake_vfio_balanced(void)
{
	int i, ok = 1;

	for (i = 0; i < FAKE_MAX_DEVS && counts[i].name[0] != '\0'; i++) {
		if (counts[i].setups != counts[i].releases || counts[i].maps != counts[i].unmaps) {
			fprintf(stderr, "fake VFIO: %s: %u setups, %u releases, %u maps, %u unmaps\n",
					counts[i].name, counts[i].setups, counts[i].releases,
					counts[i].maps, counts[i].unmaps);
			ok = 0;
		}
	}
	return ok;
}
