/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * rawdev dev_selftest (run by DPDK's rawdev_autotest for every rawdev):
 * every writable attribute round-trips, every kind of bad set is rejected
 * without touching a register, and the original configuration is back at
 * the end whatever happened in between.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_rawdev.h>
#include <rte_rawdev_pmd.h>

#include "hidma_mgmt_private.h"

#define ST_LOG(mg, fmt, ...) \
	HIDMA_MGMT_DEV_LOG(mg, ERR, "selftest line %d: " fmt, __LINE__, ##__VA_ARGS__)

static bool
same_regs(const struct rte_pmd_hidma_mgmt_info *a, const struct rte_pmd_hidma_mgmt_info *b)
{
	return memcmp(&a->regs, &b->regs, sizeof(a->regs)) == 0;
}

struct st_case {
	const char *name;
	uint64_t good;		/* a valid value (different from the default) */
	uint64_t bad[3];	/* rejected values; 0 ends the list unless first */
	unsigned int nb_bad;
};

int
hidma_mgmt_selftest(uint16_t dev_id)
{
	static const char *const bad_names[] = {
		"", "nonexistent", "chan", "chan_weight", "chan00_weight", "chan1x_weight",
		"chan16_weight", "chan0_", "chan0_bogus", "max_write_request_", "Max_read_request",
	};
	static const char *const ro_names[] = {
		RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MAJOR,
		RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MINOR,
		RTE_PMD_HIDMA_MGMT_ATTR_DMA_CHANNELS,
	};
	struct st_case cases[] = {
		{ RTE_PMD_HIDMA_MGMT_ATTR_MAX_WRITE_REQUEST, 256, { 64, 384, 2048 }, 3 },
		{ RTE_PMD_HIDMA_MGMT_ATTR_MAX_READ_REQUEST, 128, { 0, 129, 4096 }, 3 },
		{ RTE_PMD_HIDMA_MGMT_ATTR_MAX_WR_XACTIONS, 7, { 32, UINT64_MAX }, 2 },
		{ RTE_PMD_HIDMA_MGMT_ATTR_MAX_RD_XACTIONS, 0, { 32, 1ULL << 32 }, 2 },
		{ RTE_PMD_HIDMA_MGMT_ATTR_CHRESET_TIMEOUT_CYCLES, 0xfffff, { 0x100000 }, 1 },
		{ "chan0_priority", 1, { 2, 255 }, 2 },
		{ "chan0_weight", 15, { 0, 16, 128 }, 3 },
	};
	struct rte_pmd_hidma_mgmt_info orig, now, before;
	struct rte_rawdev *dev;
	struct hidma_mgmt *mg;
	char name[RTE_PMD_HIDMA_MGMT_ATTR_NAME_MAX];
	uint64_t v, saved;
	unsigned int i, j;
	int ret;

	if (!rte_rawdev_pmd_is_valid_dev(dev_id))
		return -EINVAL;
	dev = &rte_rawdevs[dev_id];
	mg = dev->dev_private;
	hidma_mgmt_read_info(mg, &orig);
	mg->reject_log_level = RTE_LOG_DEBUG;
	HIDMA_MGMT_DEV_LOG(mg, INFO, "selftest: %zu attributes, %u channels",
			RTE_DIM(cases), orig.dma_channels);

	/* round trip, then rejections that must leave every register as it was */
	for (i = 0; i < RTE_DIM(cases); i++) {
		const struct st_case *c = &cases[i];

		if (rte_rawdev_get_attr(dev_id, c->name, &saved) != 0) {
			ST_LOG(mg, "get %s failed", c->name);
			goto fail;
		}
		ret = rte_rawdev_set_attr(dev_id, c->name, c->good);
		if (ret != 0) {
			ST_LOG(mg, "set %s=%" PRIu64 " failed: %d", c->name, c->good, ret);
			goto fail;
		}
		if (rte_rawdev_get_attr(dev_id, c->name, &v) != 0 || v != c->good) {
			ST_LOG(mg, "%s reads %" PRIu64 " after set %" PRIu64, c->name, v, c->good);
			goto fail;
		}
		hidma_mgmt_read_info(mg, &before);
		for (j = 0; j < c->nb_bad; j++) {
			ret = rte_rawdev_set_attr(dev_id, c->name, c->bad[j]);
			if (ret != -EINVAL) {
				ST_LOG(mg, "set %s=%" PRIu64 " returned %d, expected -EINVAL",
						c->name, c->bad[j], ret);
				goto fail;
			}
			hidma_mgmt_read_info(mg, &now);
			if (!same_regs(&before, &now)) {
				ST_LOG(mg, "rejected set %s=%" PRIu64 " changed registers",
						c->name, c->bad[j]);
				goto fail;
			}
		}
		if (rte_rawdev_set_attr(dev_id, c->name, saved) != 0) {
			ST_LOG(mg, "restoring %s=%" PRIu64 " failed", c->name, saved);
			goto fail;
		}
	}

	/* the last channel too: per-channel names are not only chan0 */
	snprintf(name, sizeof(name), RTE_PMD_HIDMA_MGMT_ATTR_CHAN_WEIGHT_FMT,
			orig.dma_channels - 1);
	if (rte_rawdev_set_attr(dev_id, name, 3) != 0 ||
			rte_rawdev_get_attr(dev_id, name, &v) != 0 || v != 3) {
		ST_LOG(mg, "%s round trip failed", name);
		goto fail;
	}
	/* and one past it is unknown */
	snprintf(name, sizeof(name), RTE_PMD_HIDMA_MGMT_ATTR_CHAN_WEIGHT_FMT, orig.dma_channels);
	if (rte_rawdev_set_attr(dev_id, name, 3) != -EINVAL ||
			rte_rawdev_get_attr(dev_id, name, &v) != -EINVAL) {
		ST_LOG(mg, "%s accepted", name);
		goto fail;
	}

	hidma_mgmt_read_info(mg, &before);
	for (i = 0; i < RTE_DIM(bad_names); i++) {
		if (rte_rawdev_set_attr(dev_id, bad_names[i], 1) != -EINVAL ||
				rte_rawdev_get_attr(dev_id, bad_names[i], &v) != -EINVAL) {
			ST_LOG(mg, "attribute name \"%s\" accepted", bad_names[i]);
			goto fail;
		}
	}
	for (i = 0; i < RTE_DIM(ro_names); i++) {
		if (rte_rawdev_get_attr(dev_id, ro_names[i], &v) != 0) {
			ST_LOG(mg, "get %s failed", ro_names[i]);
			goto fail;
		}
		if (rte_rawdev_set_attr(dev_id, ro_names[i], v) != -EPERM) {
			ST_LOG(mg, "read-only %s accepted a set", ro_names[i]);
			goto fail;
		}
	}
	hidma_mgmt_read_info(mg, &now);
	if (!same_regs(&before, &now)) {
		ST_LOG(mg, "rejected sets changed registers");
		goto fail;
	}
	ret = rte_rawdev_get_attr(dev_id, RTE_PMD_HIDMA_MGMT_ATTR_DMA_CHANNELS, &v);
	if (now.dma_channels != orig.dma_channels || ret != 0 || v != orig.dma_channels) {
		ST_LOG(mg, "dma_channels changed");
		goto fail;
	}

	/* restore the last channel's weight; then everything must be as found */
	snprintf(name, sizeof(name), RTE_PMD_HIDMA_MGMT_ATTR_CHAN_WEIGHT_FMT,
			orig.dma_channels - 1);
	if (rte_rawdev_set_attr(dev_id, name, orig.weight[orig.dma_channels - 1]) != 0) {
		ST_LOG(mg, "restoring %s failed", name);
		goto fail;
	}
	hidma_mgmt_read_info(mg, &now);
	if (!same_regs(&orig, &now)) {
		ST_LOG(mg, "configuration not restored");
		goto fail;
	}
	mg->reject_log_level = RTE_LOG_NOTICE;
	HIDMA_MGMT_DEV_LOG(mg, INFO, "selftest passed");
	return 0;

fail:
	mg->reject_log_level = RTE_LOG_NOTICE;
	/*
	 * Put the original configuration back whatever failed: restore the
	 * driver's copy, then any accepted set reruns the whole setup with it.
	 */
	rte_spinlock_lock(&mg->lock);
	for (i = 0; i < orig.dma_channels; i++) {
		mg->cfg.priority[i] = orig.priority[i];
		mg->cfg.weight[i] = orig.weight[i];
	}
	mg->cfg.max_write_request = orig.max_write_request;
	mg->cfg.max_read_request = orig.max_read_request;
	mg->cfg.max_wr_xactions = orig.max_wr_xactions;
	mg->cfg.max_rd_xactions = orig.max_rd_xactions;
	mg->cfg.chreset_timeout_cycles = orig.chreset_timeout_cycles;
	rte_spinlock_unlock(&mg->lock);
	rte_rawdev_set_attr(dev_id, RTE_PMD_HIDMA_MGMT_ATTR_MAX_WR_XACTIONS,
			orig.max_wr_xactions);
	return -1;
}
