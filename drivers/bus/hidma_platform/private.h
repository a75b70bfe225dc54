/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _PLATFORM_PRIVATE_H_
#define _PLATFORM_PRIVATE_H_

/*
 * Internals of the platform bus, shared by its source files and by the bus
 * tests (test/bus), which include this header to look at what a scan found
 * and to substitute the VFIO back-end. Not an interface for drivers.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sys/types.h>

#include <bus_driver.h>
#include <rte_bitops.h>
#include <rte_log.h>

#include "bus_hidma_platform_driver.h"

extern int hidma_plat_logtype;

#define PLATFORM_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, hidma_plat_logtype, \
		RTE_HIDMA_PLATFORM_BUS_NAME ": " fmt "\n", ##__VA_ARGS__)

/* Where the devices are, unless $SYSFS_PLATFORM_DEVICES says otherwise. */
#define PLATFORM_SYSFS_DEVICES "/sys/bus/platform/devices"
#define PLATFORM_SYSFS_ENV "SYSFS_PLATFORM_DEVICES"

/* Longest ACPI id list / compatible list / reg-names list we read. */
#define PLATFORM_IDS_MAX 1024

RTE_TAILQ_HEAD(hidma_plat_device_list, rte_hidma_platform_device);
RTE_TAILQ_HEAD(hidma_plat_driver_list, rte_hidma_platform_driver);

struct hidma_plat_bus {
	struct rte_bus bus;
	struct hidma_plat_device_list device_list;
	struct hidma_plat_driver_list driver_list;
};

extern struct hidma_plat_bus hidma_plat_bus;

/*
 * What the bus knows about a device beyond the public structure: the ids it
 * is matched by, as NUL-separated lists in sysfs order (most specific
 * first), read at scan time.
 */
struct hidma_plat_dev {
	struct rte_hidma_platform_device pdev;
	char acpi_ids[PLATFORM_IDS_MAX];  /* _HID then _CIDs */
	size_t acpi_ids_len;              /* bytes used, NULs included */
	char compat[PLATFORM_IDS_MAX];    /* of_node/compatible */
	size_t compat_len;
};

#define PLATFORM_DEV(p) container_of(p, struct hidma_plat_dev, pdev)

/* Directory the bus scans: $SYSFS_PLATFORM_DEVICES or the sysfs default. */
const char *hidma_plat_sysfs_devices(void);

/* Scan helpers (platform_sysfs.c); @dir is the devices directory. */
int hidma_plat_sysfs_bound_to_vfio(const char *dir, const char *name,
		char *kdrv, size_t kdrv_len);
int hidma_plat_sysfs_numa_node(const char *dir, const char *name);
ssize_t hidma_plat_sysfs_read(const char *dir, const char *name,
		const char *file, char *buf, size_t len);
size_t hidma_plat_acpi_ids_parse(const char *modalias, size_t len,
		char *out, size_t out_len);
size_t hidma_plat_acpi_hid_from_name(const char *name, char *out, size_t out_len);
int hidma_plat_name_valid(const char *name);
const char *hidma_plat_list_next(const char *list, size_t len, const char *cur);
const char *hidma_plat_list_nth(const char *list, size_t len, unsigned int n);

/* Matching (platform.c). */
const struct rte_hidma_platform_id *hidma_plat_match_ids(const struct rte_hidma_platform_id *table,
		const char *acpi_ids, size_t acpi_len, const char *compat, size_t compat_len);
int hidma_plat_match(const struct rte_hidma_platform_driver *pdrv,
		const struct rte_hidma_platform_device *pdev, const struct rte_hidma_platform_id **id);
struct rte_hidma_platform_driver *hidma_plat_find_driver(
		const struct rte_hidma_platform_device *pdev, const struct rte_hidma_platform_id **id);

/* dev_iterate (platform_params.c). */
void *hidma_plat_dev_iterate(const void *start, const char *str,
		const struct rte_dev_iterator *it);

/*
 * The VFIO back-end: every call that needs the kernel's VFIO, so that this
 * one small file (platform_vfio.c) is all that could not be exercised on a
 * machine without VFIO. The flag values are VFIO's own (checked there).
 */
#define PLATFORM_VFIO_DEV_PLATFORM	RTE_BIT32(2)	/* VFIO_DEVICE_FLAGS_PLATFORM */
#define PLATFORM_VFIO_REGION_READ	RTE_BIT32(0)	/* VFIO_REGION_INFO_FLAG_READ */
#define PLATFORM_VFIO_REGION_WRITE	RTE_BIT32(1)	/* ..._WRITE */
#define PLATFORM_VFIO_REGION_MMAP	RTE_BIT32(2)	/* ..._MMAP */

struct hidma_plat_vfio_dev_info {
	uint32_t flags;
	uint32_t num_regions;
};

struct hidma_plat_vfio_region_info {
	uint32_t flags;
	uint64_t size;
	uint64_t offset;	/* of the region in the device fd */
};

struct hidma_plat_vfio_ops {
	/* 0, or a negative errno with a reason in @why when VFIO is unusable */
	int (*available)(const char **why);
	/* 0 ok, 1 not managed by VFIO, < 0 error; as rte_vfio_setup_device */
	int (*setup)(const char *dir, const char *name, int *fd,
			struct hidma_plat_vfio_dev_info *info);
	int (*region_info)(int fd, uint32_t index, struct hidma_plat_vfio_region_info *info);
	/*
	 * NULL on failure, errno set. @addr NULL: anywhere; otherwise exactly
	 * there or fail with EADDRINUSE, never replacing an existing mapping.
	 */
	void *(*map)(int fd, const struct hidma_plat_vfio_region_info *info, void *addr);
	void (*unmap)(void *addr, size_t len);
	void (*release)(const char *dir, const char *name, int fd);
	int (*dma_map)(uint64_t va, uint64_t iova, uint64_t len);
	int (*dma_unmap)(uint64_t va, uint64_t iova, uint64_t len);
	/* true when VFIO runs without an IOMMU (IOVA must then be PA) */
	int (*noiommu)(void);
};

extern const struct hidma_plat_vfio_ops hidma_plat_vfio_linux;

/*
 * Replace the VFIO back-end (NULL restores the real one). For the bus
 * tests only; call before rte_eal_init().
 */
void hidma_plat_set_vfio_ops(const struct hidma_plat_vfio_ops *ops);

/*
 * Multi-process: the primary records, in a memzone, each device it probed
 * with the addresses of its mapped regions; drivers keep those addresses in
 * shared device data, so a secondary maps the same regions (through its own
 * VFIO device fd) at the same addresses before its drivers attach.
 */
#define PLATFORM_MP_MZ		"hidma_plat_maps"
#define PLATFORM_MP_MAX_DEVS	64
#define PLATFORM_MP_MAX_REGIONS	8

struct hidma_plat_mp_region {
	uint64_t addr;
	uint64_t len;
};

struct hidma_plat_mp_dev {
	char name[RTE_DEV_NAME_MAX_LEN];	/* "": a free entry */
	uint32_t nb_regions;
	struct hidma_plat_mp_region region[PLATFORM_MP_MAX_REGIONS];
};

struct hidma_plat_mp_rec {
	struct hidma_plat_mp_dev dev[PLATFORM_MP_MAX_DEVS];
};

/* The primary's entry for @name, NULL when it has not probed it (or no record). */
const struct hidma_plat_mp_dev *hidma_plat_mp_lookup(const char *name);

/*
 * Open @pdev with VFIO and map its regions: anywhere when @want is NULL (a
 * primary), else exactly at the recorded addresses and sizes, failing with
 * -EADDRINUSE (address taken here) or -EINVAL (the regions differ) and
 * leaving nothing open. Exposed for the bus tests.
 */
int hidma_plat_device_setup(struct rte_hidma_platform_device *pdev,
		const struct hidma_plat_mp_dev *want);
void hidma_plat_device_teardown(struct rte_hidma_platform_device *pdev);

#endif /* _PLATFORM_PRIVATE_H_ */
