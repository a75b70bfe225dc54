/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_log.h>

#include "private.h"

#include "bus_test.h"

int bt_failures;

/* ------------------------------------------------------------ log capture */

static FILE *log_f;
static char *log_buf;
static size_t log_len;

void
bt_log_capture(void)
{
	/* BUS_TEST_NOCAPTURE=1: logs to the console (checks on them fail) */
	if (getenv("BUS_TEST_NOCAPTURE") != NULL) {
		log_f = fopen("/dev/null", "w");
		return;
	}
	log_f = open_memstream(&log_buf, &log_len);
	if (log_f == NULL) {
		perror("open_memstream");
		exit(1);
	}
	rte_openlog_stream(log_f);
}

int
bt_log_has(const char *s)
{
	fflush(log_f);
	return log_buf != NULL && memmem(log_buf, log_len, s, strlen(s)) != NULL;
}

int
bt_log_line_has(const char *s, const char *s2)
{
	const char *p, *eol;

	fflush(log_f);
	for (p = log_buf; p != NULL && (p = strstr(p, s)) != NULL; p++) {
		const char *bol = p;

		while (bol > log_buf && bol[-1] != '\n')
			bol--;
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		if (memmem(bol, eol - bol, s2, strlen(s2)) != NULL)
			return 1;
	}
	return 0;
}

void
bt_log_end(int dump)
{
	if (log_f == NULL)
		return;
	rte_openlog_stream(NULL);
	fclose(log_f);
	log_f = NULL;
	if (dump && log_buf != NULL) {
		fprintf(stderr, "---- captured DPDK log ----\n");
		fwrite(log_buf, 1, log_len, stderr);
		fprintf(stderr, "---- end of log ----\n");
	}
	free(log_buf);
	log_buf = NULL;
}

/* ------------------------------------------------------------ EAL */

static char tree_root[PATH_MAX];

int
bt_eal_start(const struct fake_dev *devs, unsigned int n, int argc, char **argv,
		const char * const *extra)
{
	char devices[PATH_MAX];
	char *eal_argv[64];
	int eal_argc = 0, i;

	if (fake_sysfs_create(devs, n, tree_root, sizeof(tree_root), devices,
			sizeof(devices)) < 0) {
		bt_failures++;
		return -1;
	}
	setenv(PLATFORM_SYSFS_ENV, devices, 1);
	printf("fake sysfs: %s=%s\n", PLATFORM_SYSFS_ENV, devices);

	for (i = 0; i < argc && eal_argc < 60; i++)
		eal_argv[eal_argc++] = argv[i];
	for (i = 0; extra != NULL && extra[i] != NULL && eal_argc < 62; i++)
		eal_argv[eal_argc++] = (char *)(uintptr_t)extra[i];
	eal_argv[eal_argc] = NULL;
	printf("EAL arguments:");
	for (i = 1; i < eal_argc; i++)
		printf(" %s", eal_argv[i]);
	printf("\n");
	return rte_eal_init(eal_argc, eal_argv);
}

int
bt_finish(const char *scenario, int cleanup)
{
	if (cleanup)
		CHECK(rte_eal_cleanup() == 0, "rte_eal_cleanup failed");
	bt_log_end(bt_failures > 0);
	if (tree_root[0] != '\0')
		fake_sysfs_remove(tree_root);
	printf("%s: %s (%d failed check(s))\n", scenario, bt_failures == 0 ? "PASS" : "FAIL",
			bt_failures);
	return bt_failures == 0 ? 0 : 1;
}

/* ------------------------------------------------------------ fake VFIO */

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
f_setup(const char *dir, const char *name, int *fd, struct platform_vfio_dev_info *info)
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
f_region_info(int fd, uint32_t index, struct platform_vfio_region_info *info)
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

static void *
f_map(int fd, const struct platform_vfio_region_info *info)
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
		va = d->region[index].backing;
	} else {
		va = mmap(NULL, info->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				-1, 0);
		if (va == MAP_FAILED)
			return NULL;
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
	CHECK(0, "unmap of %p (%zu bytes) that was never mapped", addr, len);
}

static void
f_release(const char *dir, const char *name, int fd)
{
	int slot = slot_of(name);

	RTE_SET_USED(dir);
	CHECK(fd == 1000 + slot, "release of %s with fd %d", name, fd);
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

static const struct platform_vfio_ops fake_ops = {
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
	platform_bus_set_vfio_ops(&fake_ops);
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
