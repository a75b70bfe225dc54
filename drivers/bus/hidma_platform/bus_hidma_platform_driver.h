/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _BUS_HIDMA_PLATFORM_DRIVER_H_
#define _BUS_HIDMA_PLATFORM_DRIVER_H_

/**
 * @file
 * Driver interface of hidma-dpdk's VFIO-platform bus, "hidma_platform".
 *
 * It has the shape of the interface upstream DPDK added in 23.03
 * (drivers/bus/platform), so that a driver written for one is easily
 * ported to the other, but every name is its own: upstream's "platform" bus
 * may be loaded in the same process (Debian 13's DPDK autoloads it), and
 * neither bus may take the other's symbols, macros or devargs
 * (doc/guides/bus/platform.rst says why). Additions over upstream, all
 * optional for a driver: an id table matched against the ACPI ids and
 * devicetree compatibles of the device (struct rte_hidma_platform_id), and
 * the matched entry in rte_hidma_platform_device::id.
 *
 * Linux only. Devices are the entries of /sys/bus/platform/devices (or of
 * $SYSFS_PLATFORM_DEVICES) bound to the vfio-platform kernel driver; every
 * MMIO region of a probed device is mapped through VFIO before the driver's
 * probe() runs. No interrupts, no multi-process support.
 *
 * A driver-SDK header: it needs DPDK's dev_driver.h, which distributions do
 * not ship; it is installed only with -Denable_driver_sdk=true.
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

struct rte_hidma_platform_driver;

/** Name of the bus, the prefix of its devargs: -a hidma_platform:QCOM8061:00 */
#define RTE_HIDMA_PLATFORM_BUS_NAME "hidma_platform"

/** Name of the kernel driver a device must be bound to, to be scanned. */
#define RTE_HIDMA_PLATFORM_KDRV_NAME "vfio-platform"

/**
 * One entry of a driver's id table. A device matches an entry when one of
 * its ACPI ids (the _HID and _CIDs from sysfs "modalias", or the HID prefix
 * of an ACPI-style device name such as "QCOM8061:00") equals @p acpi_hid, or
 * one of its devicetree compatibles (of_node/compatible) equals
 * @p compatible; both comparisons ignore case, as Linux's do. Tables end with
 * an entry whose two strings are NULL.
 */
struct rte_hidma_platform_id {
	const char *acpi_hid;   /**< ACPI _HID/_CID, e.g. "QCOM8061", or NULL */
	const char *compatible; /**< DT compatible, e.g. "qcom,hidma-1.0", or NULL */
	uint32_t caps;          /**< driver-defined capability word of this id */
};

/** A mapped MMIO region of a platform device. */
struct rte_hidma_platform_resource {
	/** Name from the devicetree "reg-names" property; NULL without one. */
	char *name;
	struct rte_mem_resource mem; /**< addr/len of the mapping; phys_addr 0 */
};

/** A platform device bound to vfio-platform. */
struct rte_hidma_platform_device {
	RTE_TAILQ_ENTRY(rte_hidma_platform_device) next; /**< next on the bus */
	struct rte_device device;          /**< inherited generic device */
	struct rte_hidma_platform_driver *driver; /**< driver, once probed */
	char name[RTE_DEV_NAME_MAX_LEN];   /**< sysfs name, e.g. "QCOM8061:00" */
	unsigned int num_resource;         /**< number of mapped regions */
	struct rte_hidma_platform_resource *resource; /**< regions, by VFIO index */
	int dev_fd;                        /**< VFIO device fd, -1 if not open */
	/** Entry of driver->id_table that matched, NULL for a match by name. */
	const struct rte_hidma_platform_id *id;
};

/** Probe a device; all its regions are mapped. 0 or a negative errno. */
typedef int (rte_hidma_platform_probe_t)(struct rte_hidma_platform_device *pdev);

/** Remove a device; regions are unmapped by the bus afterwards. */
typedef int (rte_hidma_platform_remove_t)(struct rte_hidma_platform_device *pdev);

/** Map @p len bytes at @p addr to @p iova for the device's DMA. */
typedef int (rte_hidma_platform_dma_map_t)(struct rte_hidma_platform_device *pdev,
		void *addr, uint64_t iova, size_t len);

/** Undo rte_hidma_platform_dma_map_t. */
typedef int (rte_hidma_platform_dma_unmap_t)(struct rte_hidma_platform_device *pdev,
		void *addr, uint64_t iova, size_t len);

/** A platform device driver. */
struct rte_hidma_platform_driver {
	RTE_TAILQ_ENTRY(rte_hidma_platform_driver) next; /**< next on the bus */
	struct rte_driver driver;          /**< inherited generic driver */
	rte_hidma_platform_probe_t *probe;       /**< mandatory */
	rte_hidma_platform_remove_t *remove;     /**< may be NULL */
	/** DMA mapping hooks; NULL: the bus maps in the default VFIO container. */
	rte_hidma_platform_dma_map_t *dma_map;
	rte_hidma_platform_dma_unmap_t *dma_unmap;
	uint32_t drv_flags;                /**< RTE_HIDMA_PLATFORM_DRV_* */
	/**
	 * Id table, or NULL. Without a match in it, a device still matches
	 * when its name equals the driver's name or alias (upstream's rule).
	 */
	const struct rte_hidma_platform_id *id_table;
};

/** The driver cannot work with IOVA as PA. */
#define RTE_HIDMA_PLATFORM_DRV_NEED_IOVA_AS_VA RTE_BIT32(0)

/** Convert a generic device to a platform device. */
#define RTE_DEV_TO_HIDMA_PLATFORM_DEV(ptr) \
	container_of(ptr, struct rte_hidma_platform_device, device)

/** Same, for a const generic device. */
#define RTE_DEV_TO_HIDMA_PLATFORM_DEV_CONST(ptr) \
	container_of(ptr, const struct rte_hidma_platform_device, device)

/**
 * Register a platform driver. Normally called through
 * RTE_PMD_REGISTER_HIDMA_PLATFORM.
 */
__rte_internal
void rte_hidma_platform_register(struct rte_hidma_platform_driver *pdrv);

/** Unregister a platform driver. */
__rte_internal
void rte_hidma_platform_unregister(struct rte_hidma_platform_driver *pdrv);

/**
 * Register driver @p pdrv under the name @p nm (a C identifier). The alias
 * variable has the vdev bus's name, so that the vdev bus's
 * RTE_PMD_REGISTER_ALIAS works here too; without bus_vdev_driver.h use
 * RTE_PMD_REGISTER_HIDMA_PLATFORM_ALIAS. (This header does not define
 * RTE_PMD_REGISTER_ALIAS: upstream's bus_platform_driver.h defines it one
 * way, bus_vdev_driver.h another.)
 */
#define RTE_PMD_REGISTER_HIDMA_PLATFORM(nm, pdrv) \
static const char *vdrvinit_ ## nm ## _alias; \
RTE_INIT(hidma_pdrvinitfn_ ## nm) \
{ \
	(pdrv).driver.name = RTE_STR(nm); \
	(pdrv).driver.alias = vdrvinit_ ## nm ## _alias; \
	rte_hidma_platform_register(&(pdrv)); \
} \
HIDMA_COMPAT_PMD_EXPORT_NAME(nm)

/** Give driver @p nm the alias @p alias (a second name devargs may use). */
#define RTE_PMD_REGISTER_HIDMA_PLATFORM_ALIAS(nm, alias) \
static const char *vdrvinit_ ## nm ## _alias = RTE_STR(alias)

/**
 * Name the id table of driver @p nm, so that dpdk-pmdinfo.py lists the ACPI
 * ids and DT compatibles the driver matches (hidma-dpdk's pmdinfo step reads
 * the table from the object file, as DPDK's pmdinfogen does for PCI tables).
 */
#define RTE_PMD_REGISTER_HIDMA_PLATFORM_TABLE(nm, table) \
static const char __ ## nm ## _hidma_platform_tbl_export[] __rte_used = RTE_STR(table)

#ifdef __cplusplus
}
#endif

#endif /* _BUS_HIDMA_PLATFORM_DRIVER_H_ */
