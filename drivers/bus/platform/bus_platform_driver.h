/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _BUS_PLATFORM_DRIVER_H_
#define _BUS_PLATFORM_DRIVER_H_

/**
 * @file
 * Driver interface of the VFIO-platform bus ("platform"), a DPDK 22.11
 * implementation of the interface upstream DPDK added in 23.03
 * (drivers/bus/platform/bus_platform_driver.h there), so that a PMD written
 * against it builds on both. Additions over upstream, all optional for a
 * driver: an id table matched against the ACPI ids and devicetree
 * compatibles of the device (struct rte_platform_id), and the matched entry
 * in rte_platform_device::id.
 *
 * Linux only. Devices are the entries of /sys/bus/platform/devices (or of
 * $SYSFS_PLATFORM_DEVICES) bound to the vfio-platform kernel driver; every
 * MMIO region of a probed device is mapped through VFIO before the driver's
 * probe() runs. No interrupts, no multi-process support.
 */

#include <stdint.h>
#include <sys/queue.h>

#include <rte_bitops.h>
#include <rte_common.h>
#include <rte_compat.h>
#include <rte_dev.h>

#include <hidma_compat.h>
#include <dev_driver.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_platform_driver;

/** Name of the kernel driver a device must be bound to, to be scanned. */
#define RTE_PLATFORM_KDRV_NAME "vfio-platform"

/**
 * One entry of a driver's id table. A device matches an entry when one of
 * its ACPI ids (the _HID and _CIDs from sysfs "modalias", or the HID prefix
 * of an ACPI-style device name such as "QCOM8061:00") equals @p acpi_hid, or
 * one of its devicetree compatibles (of_node/compatible) equals
 * @p compatible; both comparisons ignore case, as Linux's do. Tables end with
 * an entry whose two strings are NULL.
 */
struct rte_platform_id {
	const char *acpi_hid;   /**< ACPI _HID/_CID, e.g. "QCOM8061", or NULL */
	const char *compatible; /**< DT compatible, e.g. "qcom,hidma-1.0", or NULL */
	uint32_t caps;          /**< driver-defined capability word of this id */
};

/** A mapped MMIO region of a platform device. */
struct rte_platform_resource {
	/** Name from the devicetree "reg-names" property; NULL without one. */
	char *name;
	struct rte_mem_resource mem; /**< addr/len of the mapping; phys_addr 0 */
};

/** A platform device bound to vfio-platform. */
struct rte_platform_device {
	RTE_TAILQ_ENTRY(rte_platform_device) next; /**< next on the bus */
	struct rte_device device;          /**< inherited generic device */
	struct rte_platform_driver *driver; /**< driver, once probed */
	char name[RTE_DEV_NAME_MAX_LEN];   /**< sysfs name, e.g. "QCOM8061:00" */
	unsigned int num_resource;         /**< number of mapped regions */
	struct rte_platform_resource *resource; /**< regions, by VFIO index */
	int dev_fd;                        /**< VFIO device fd, -1 if not open */
	/** Entry of driver->id_table that matched, NULL for a match by name. */
	const struct rte_platform_id *id;
};

/** Probe a device; all its regions are mapped. 0 or a negative errno. */
typedef int (rte_platform_probe_t)(struct rte_platform_device *pdev);

/** Remove a device; regions are unmapped by the bus afterwards. */
typedef int (rte_platform_remove_t)(struct rte_platform_device *pdev);

/** Map @p len bytes at @p addr to @p iova for the device's DMA. */
typedef int (rte_platform_dma_map_t)(struct rte_platform_device *pdev,
		void *addr, uint64_t iova, size_t len);

/** Undo rte_platform_dma_map_t. */
typedef int (rte_platform_dma_unmap_t)(struct rte_platform_device *pdev,
		void *addr, uint64_t iova, size_t len);

/** A platform device driver. */
struct rte_platform_driver {
	RTE_TAILQ_ENTRY(rte_platform_driver) next; /**< next on the bus */
	struct rte_driver driver;          /**< inherited generic driver */
	rte_platform_probe_t *probe;       /**< mandatory */
	rte_platform_remove_t *remove;     /**< may be NULL */
	/** DMA mapping hooks; NULL: the bus maps in the default VFIO container. */
	rte_platform_dma_map_t *dma_map;
	rte_platform_dma_unmap_t *dma_unmap;
	uint32_t drv_flags;                /**< RTE_PLATFORM_DRV_* */
	/**
	 * Id table, or NULL. Without a match in it, a device still matches
	 * when its name equals the driver's name or alias (upstream's rule).
	 */
	const struct rte_platform_id *id_table;
};

/** The driver cannot work with IOVA as PA. */
#define RTE_PLATFORM_DRV_NEED_IOVA_AS_VA RTE_BIT32(0)

/** Convert a generic device to a platform device. */
#define RTE_DEV_TO_PLATFORM_DEV(ptr) \
	container_of(ptr, struct rte_platform_device, device)

/** Same, for a const generic device. */
#define RTE_DEV_TO_PLATFORM_DEV_CONST(ptr) \
	container_of(ptr, const struct rte_platform_device, device)

/**
 * Register a platform driver. Normally called through
 * RTE_PMD_REGISTER_PLATFORM.
 */
__rte_internal
void rte_platform_register(struct rte_platform_driver *pdrv);

/** Unregister a platform driver. */
__rte_internal
void rte_platform_unregister(struct rte_platform_driver *pdrv);

/**
 * Register driver @p pdrv under the name @p nm (a C identifier). The alias
 * variable has the vdev bus's name so that RTE_PMD_REGISTER_ALIAS works for
 * both buses.
 */
#define RTE_PMD_REGISTER_PLATFORM(nm, pdrv) \
static const char *vdrvinit_ ## nm ## _alias; \
RTE_INIT(pdrvinitfn_ ## nm) \
{ \
	(pdrv).driver.name = RTE_STR(nm); \
	(pdrv).driver.alias = vdrvinit_ ## nm ## _alias; \
	rte_platform_register(&(pdrv)); \
} \
HIDMA_COMPAT_PMD_EXPORT_NAME(nm)

#ifndef RTE_PMD_REGISTER_ALIAS
/* token for token the definition of bus_vdev_driver.h, so both may be included */
#define RTE_PMD_REGISTER_ALIAS(nm, alias)\
static const char *vdrvinit_ ## nm ## _alias = RTE_STR(alias)
#endif

#ifdef __cplusplus
}
#endif

#endif /* _BUS_PLATFORM_DRIVER_H_ */
