/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _RTE_PMD_HIDMA_MGMT_H_
#define _RTE_PMD_HIDMA_MGMT_H_

/**
 * @file
 * Public interface of the HIDMA management rawdev (driver raw_hidma_mgmt).
 *
 * One management rawdev exists per HIDMA instance; it is named like the
 * instance (for example "hidma_model0", whose channels are the dmadevs
 * "hidma_model0-ch0" ...). Its knobs are rawdev attributes
 * (rte_rawdev_get_attr()/rte_rawdev_set_attr()); the names and helpers
 * below spare applications from spelling attribute strings.
 *
 * A set either applies completely or fails with a negative errno and
 * leaves every register as it was: -EINVAL for an unknown name or a value
 * out of range, -EPERM for a read-only attribute, -EIO if the hardware did
 * not take the value (the previous configuration is restored).
 *
 * rte_rawdev_start()/rte_rawdev_stop() set/clear the instance enable (no
 * channel of a disabled instance runs); the device is created started
 * unless it was probed with enable=0.
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_rawdev.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Driver name reported by rte_rawdev_info_get(). */
#define RTE_PMD_HIDMA_MGMT_DRIVER_NAME		"raw_hidma_mgmt"

/** Most channels one instance can have. */
#define RTE_PMD_HIDMA_MGMT_MAX_CHANNELS		16

/** @name Attribute names
 * @{
 */
/** HW_VERSION major field (read-only). */
#define RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MAJOR	"hw_version_major"
/** HW_VERSION minor field (read-only). */
#define RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MINOR	"hw_version_minor"
/** Number of channels of the instance (read-only). */
#define RTE_PMD_HIDMA_MGMT_ATTR_DMA_CHANNELS		"dma_channels"
/** Largest write burst in bytes: 128, 256, 512 or 1024. */
#define RTE_PMD_HIDMA_MGMT_ATTR_MAX_WRITE_REQUEST	"max_write_request"
/** Largest read burst in bytes: 128, 256, 512 or 1024. */
#define RTE_PMD_HIDMA_MGMT_ATTR_MAX_READ_REQUEST	"max_read_request"
/** Back-to-back write transactions, 0..31. */
#define RTE_PMD_HIDMA_MGMT_ATTR_MAX_WR_XACTIONS		"max_wr_xactions"
/** Back-to-back read transactions, 0..31. */
#define RTE_PMD_HIDMA_MGMT_ATTR_MAX_RD_XACTIONS		"max_rd_xactions"
/** Channel reset timeout in hardware clock cycles, 0..0xfffff. */
#define RTE_PMD_HIDMA_MGMT_ATTR_CHRESET_TIMEOUT_CYCLES	"chreset_timeout_cycles"
/** printf format of a channel's priority (0 low, 1 high). */
#define RTE_PMD_HIDMA_MGMT_ATTR_CHAN_PRIORITY_FMT	"chan%u_priority"
/** printf format of a channel's round-robin weight (1..15). */
#define RTE_PMD_HIDMA_MGMT_ATTR_CHAN_WEIGHT_FMT		"chan%u_weight"
/** Longest attribute name, terminating NUL included. */
#define RTE_PMD_HIDMA_MGMT_ATTR_NAME_MAX		32
/** @} */

/** Channel priorities: high strictly before low; weights share a level. */
#define RTE_PMD_HIDMA_MGMT_PRIORITY_LOW		0
#define RTE_PMD_HIDMA_MGMT_PRIORITY_HIGH	1
#define RTE_PMD_HIDMA_MGMT_WEIGHT_MIN		1
#define RTE_PMD_HIDMA_MGMT_WEIGHT_MAX		15

/**
 * Device-specific information, returned through rte_rawdev_info_get() with
 * rte_rawdev_info.dev_private pointing at this structure and
 * dev_private_size = sizeof(struct rte_pmd_hidma_mgmt_info). Every field
 * is read from the management registers at the time of the call.
 */
struct rte_pmd_hidma_mgmt_info {
	uint32_t hw_version_major;
	uint32_t hw_version_minor;
	uint32_t dma_channels;
	uint32_t enabled;		/**< CFG bit 0 */
	uint32_t max_write_request;
	uint32_t max_read_request;
	uint32_t max_wr_xactions;
	uint32_t max_rd_xactions;
	uint32_t chreset_timeout_cycles;
	uint8_t priority[RTE_PMD_HIDMA_MGMT_MAX_CHANNELS];	/**< per chid */
	uint8_t weight[RTE_PMD_HIDMA_MGMT_MAX_CHANNELS];	/**< per chid */
	/** Raw register values, for diagnostics. */
	struct {
		uint32_t cfg;
		uint32_t chreset_timeout;
		uint32_t max_bus_req_len;
		uint32_t max_xactions;
		uint32_t hw_version;
		uint32_t qos[RTE_PMD_HIDMA_MGMT_MAX_CHANNELS];
	} regs;
};

/**
 * Look up a management rawdev by name (e.g. "hidma_model0").
 * @return the rawdev id, or -ENODEV.
 */
static inline int
rte_pmd_hidma_mgmt_dev_id(const char *name)
{
	struct rte_rawdev_info info = { .dev_private = NULL };
	uint16_t id;

	/* rte_rawdev_get_dev_id() reports errors as large uint16_t values */
	id = rte_rawdev_get_dev_id(name);
	if (id >= RTE_RAWDEV_MAX_DEVS || rte_rawdev_info_get(id, &info, 0) != 0 ||
			info.driver_name == NULL ||
			strcmp(info.driver_name, RTE_PMD_HIDMA_MGMT_DRIVER_NAME) != 0)
		return -ENODEV;
	return id;
}

/** Read the device information (see struct rte_pmd_hidma_mgmt_info). */
static inline int
rte_pmd_hidma_mgmt_info_get(uint16_t dev_id, struct rte_pmd_hidma_mgmt_info *info)
{
	struct rte_rawdev_info ri = { .dev_private = info };

	return rte_rawdev_info_get(dev_id, &ri, sizeof(*info));
}

/** Read attribute @p name. @return 0 or a negative errno. */
static inline int
rte_pmd_hidma_mgmt_get(uint16_t dev_id, const char *name, uint64_t *value)
{
	return rte_rawdev_get_attr(dev_id, name, value);
}

/** Write attribute @p name. @return 0 or a negative errno. */
static inline int
rte_pmd_hidma_mgmt_set(uint16_t dev_id, const char *name, uint64_t value)
{
	return rte_rawdev_set_attr(dev_id, name, value);
}

/** Round-robin weight (1..15) of channel @p chan. */
static inline int
rte_pmd_hidma_mgmt_set_chan_weight(uint16_t dev_id, unsigned int chan, uint64_t weight)
{
	char name[RTE_PMD_HIDMA_MGMT_ATTR_NAME_MAX];

	snprintf(name, sizeof(name), RTE_PMD_HIDMA_MGMT_ATTR_CHAN_WEIGHT_FMT, chan);
	return rte_rawdev_set_attr(dev_id, name, weight);
}

static inline int
rte_pmd_hidma_mgmt_get_chan_weight(uint16_t dev_id, unsigned int chan, uint64_t *weight)
{
	char name[RTE_PMD_HIDMA_MGMT_ATTR_NAME_MAX];

	snprintf(name, sizeof(name), RTE_PMD_HIDMA_MGMT_ATTR_CHAN_WEIGHT_FMT, chan);
	return rte_rawdev_get_attr(dev_id, name, weight);
}

/** Priority (RTE_PMD_HIDMA_MGMT_PRIORITY_LOW/HIGH) of channel @p chan. */
static inline int
rte_pmd_hidma_mgmt_set_chan_priority(uint16_t dev_id, unsigned int chan, uint64_t prio)
{
	char name[RTE_PMD_HIDMA_MGMT_ATTR_NAME_MAX];

	snprintf(name, sizeof(name), RTE_PMD_HIDMA_MGMT_ATTR_CHAN_PRIORITY_FMT, chan);
	return rte_rawdev_set_attr(dev_id, name, prio);
}

static inline int
rte_pmd_hidma_mgmt_get_chan_priority(uint16_t dev_id, unsigned int chan, uint64_t *prio)
{
	char name[RTE_PMD_HIDMA_MGMT_ATTR_NAME_MAX];

	snprintf(name, sizeof(name), RTE_PMD_HIDMA_MGMT_ATTR_CHAN_PRIORITY_FMT, chan);
	return rte_rawdev_get_attr(dev_id, name, prio);
}

#ifdef __cplusplus
}
#endif

#endif /* _RTE_PMD_HIDMA_MGMT_H_ */
