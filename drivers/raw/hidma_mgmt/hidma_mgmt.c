/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Management rawdev of a HIDMA instance: the global enable, bus burst and
 * transaction limits, the channel-reset timeout, the HW version and the
 * per-channel QoS (priority, weight). One attribute table (name, range,
 * register field) drives get/set, devargs, the selftest and telemetry.
 * Like Linux's hidma_mgmt_sys.c, a set validates first, then reruns the
 * setup sequence, and puts the previous configuration back if the hardware
 * does not take it.
 */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_io.h>
#include <rte_log.h>
#include <rte_rawdev.h>
#include <rte_rawdev_pmd.h>
#include <rte_spinlock.h>
#include <rte_string_fns.h>
#include <rte_telemetry.h>

#include <hidma_compat.h>

#include "hidma_mgmt_private.h"

RTE_LOG_REGISTER_DEFAULT(hidma_mgmt_logtype, INFO);

/* the public header repeats a few hardware limits for applications */
static_assert(RTE_PMD_HIDMA_MGMT_MAX_CHANNELS == HIDMA_MGMT_MAX_CHANNELS, "channels");
static_assert(RTE_PMD_HIDMA_MGMT_WEIGHT_MIN == HIDMA_MGMT_WEIGHT_MIN, "weight min");
static_assert(RTE_PMD_HIDMA_MGMT_WEIGHT_MAX == HIDMA_MGMT_WEIGHT_MAX, "weight max");
static_assert(RTE_PMD_HIDMA_MGMT_PRIORITY_HIGH == HIDMA_MGMT_PRIORITY_MAX, "priority");

#define ATTR_RO		RTE_BIT32(0)	/* read-only */
#define ATTR_POW2	RTE_BIT32(1)	/* value must be a power of two */
#define ATTR_CHAN	RTE_BIT32(2)	/* per channel, register QOS_N + 4 * chid */
#define ATTR_SOFT	RTE_BIT32(3)	/* no register: from the firmware description */

struct hidma_mgmt_attr {
	const char *name;	/* ATTR_CHAN: the part after "chan<N>_" */
	uint32_t reg;
	uint32_t mask;
	uint32_t shift;
	uint32_t flags;
	uint64_t min;
	uint64_t max;
	const char *range;	/* accepted values, for messages and help */
	size_t cfg_off;		/* in struct hidma_mgmt_params; uint8_t[] for ATTR_CHAN */
};

#define CFG_OFF(f)	offsetof(struct hidma_mgmt_params, f)

/*
 * Writable attributes are listed in the order of the enable sequence
 * (doc/guides/dmadevs/hidma_hw.rst, "Management registers"): bursts,
 * transactions, QoS, reset timeout.
 */
static const struct hidma_mgmt_attr hidma_mgmt_attrs[] = {
	{ RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MAJOR, HIDMA_MGMT_HW_VERSION_REG,
	  HIDMA_MGMT_HW_VERSION_MAJOR_MASK, HIDMA_MGMT_HW_VERSION_MAJOR_SHIFT,
	  ATTR_RO, 0, 15, "read-only", 0 },
	{ RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MINOR, HIDMA_MGMT_HW_VERSION_REG,
	  HIDMA_MGMT_HW_VERSION_MINOR_MASK, HIDMA_MGMT_HW_VERSION_MINOR_SHIFT,
	  ATTR_RO, 0, 15, "read-only", 0 },
	{ RTE_PMD_HIDMA_MGMT_ATTR_DMA_CHANNELS, 0, 0, 0,
	  ATTR_RO | ATTR_SOFT, 1, HIDMA_MGMT_MAX_CHANNELS, "read-only", CFG_OFF(nb_channels) },
	{ RTE_PMD_HIDMA_MGMT_ATTR_MAX_WRITE_REQUEST, HIDMA_MGMT_MAX_BUS_REQ_LEN_REG,
	  HIDMA_MGMT_MAX_WR_REQ_MASK, HIDMA_MGMT_MAX_WR_REQ_SHIFT,
	  ATTR_POW2, HIDMA_MGMT_MAX_REQ_MIN, HIDMA_MGMT_MAX_REQ_MAX,
	  "128, 256, 512 or 1024", CFG_OFF(max_write_request) },
	{ RTE_PMD_HIDMA_MGMT_ATTR_MAX_READ_REQUEST, HIDMA_MGMT_MAX_BUS_REQ_LEN_REG,
	  HIDMA_MGMT_MAX_RD_REQ_MASK, HIDMA_MGMT_MAX_RD_REQ_SHIFT,
	  ATTR_POW2, HIDMA_MGMT_MAX_REQ_MIN, HIDMA_MGMT_MAX_REQ_MAX,
	  "128, 256, 512 or 1024", CFG_OFF(max_read_request) },
	{ RTE_PMD_HIDMA_MGMT_ATTR_MAX_WR_XACTIONS, HIDMA_MGMT_MAX_XACTIONS_REG,
	  HIDMA_MGMT_MAX_WR_XACTIONS_MASK, HIDMA_MGMT_MAX_WR_XACTIONS_SHIFT,
	  0, 0, HIDMA_MGMT_MAX_XACTIONS_MAX, "0..31", CFG_OFF(max_wr_xactions) },
	{ RTE_PMD_HIDMA_MGMT_ATTR_MAX_RD_XACTIONS, HIDMA_MGMT_MAX_XACTIONS_REG,
	  HIDMA_MGMT_MAX_RD_XACTIONS_MASK, HIDMA_MGMT_MAX_RD_XACTIONS_SHIFT,
	  0, 0, HIDMA_MGMT_MAX_XACTIONS_MAX, "0..31", CFG_OFF(max_rd_xactions) },
	{ "priority", HIDMA_MGMT_QOS_N_REG,
	  HIDMA_MGMT_QOS_PRIORITY_MASK, HIDMA_MGMT_QOS_PRIORITY_SHIFT,
	  ATTR_CHAN, 0, HIDMA_MGMT_PRIORITY_MAX, "0 (low) or 1 (high)", CFG_OFF(priority) },
	{ "weight", HIDMA_MGMT_QOS_N_REG,
	  HIDMA_MGMT_QOS_WEIGHT_MASK, HIDMA_MGMT_QOS_WEIGHT_SHIFT,
	  ATTR_CHAN, HIDMA_MGMT_WEIGHT_MIN, HIDMA_MGMT_WEIGHT_MAX, "1..15", CFG_OFF(weight) },
	{ RTE_PMD_HIDMA_MGMT_ATTR_CHRESET_TIMEOUT_CYCLES, HIDMA_MGMT_CHRESET_TIMEOUT_REG,
	  HIDMA_MGMT_CHRESET_TIMEOUT_MASK, 0,
	  0, 0, HIDMA_MGMT_CHRESET_TIMEOUT_MASK, "0..0xfffff (20 bits)",
	  CFG_OFF(chreset_timeout_cycles) },
};

/* Registers the setup sequence writes, in order. QOS_N stands for all channels. */
static const uint32_t hidma_mgmt_setup_regs[] = {
	HIDMA_MGMT_MAX_BUS_REQ_LEN_REG,
	HIDMA_MGMT_MAX_XACTIONS_REG,
	HIDMA_MGMT_QOS_N_REG,
	HIDMA_MGMT_CHRESET_TIMEOUT_REG,
};

/*
 * Held by create/destroy and by telemetry, which finds the management
 * rawdevs among this process's rawdevs (by ops: the private data is shared
 * between processes and holds nothing per process).
 */
static rte_spinlock_t hidma_mgmt_list_lock = RTE_SPINLOCK_INITIALIZER;

static const struct rte_rawdev_ops hidma_mgmt_ops;

static inline uint32_t
mgmt_read(const struct hidma_mgmt *mg, uint32_t off)
{
	return rte_read32(mg->regs + off);
}

static inline void
mgmt_write(struct hidma_mgmt *mg, uint32_t off, uint32_t v)
{
	rte_write32(v, mg->regs + off);
}

static uint64_t
cfg_get(const struct hidma_mgmt_params *p, const struct hidma_mgmt_attr *a, unsigned int chan)
{
	const uint8_t *base = (const uint8_t *)p + a->cfg_off;

	if (a->flags & ATTR_CHAN)
		return base[chan];
	if (a->cfg_off == CFG_OFF(nb_channels))
		return p->nb_channels;
	return *(const uint32_t *)base;
}

static void
cfg_set(struct hidma_mgmt_params *p, const struct hidma_mgmt_attr *a, unsigned int chan,
		uint64_t v)
{
	uint8_t *base = (uint8_t *)p + a->cfg_off;

	if (a->flags & ATTR_CHAN)
		base[chan] = (uint8_t)v;
	else
		*(uint32_t *)base = (uint32_t)v;
}

static bool
attr_value_ok(const struct hidma_mgmt_attr *a, uint64_t v)
{
	if (v < a->min || v > a->max)
		return false;
	if ((a->flags & ATTR_POW2) && !rte_is_power_of_2(v))
		return false;
	return true;
}

/*
 * Find the attribute called @name; per-channel names are "chan<N>_<attr>"
 * with N in decimal without leading zeros. @return NULL if unknown.
 */
static const struct hidma_mgmt_attr *
attr_lookup(const char *name, unsigned int *chan)
{
	const char *suffix = name;
	unsigned int i, n = 0;
	bool per_chan = false;

	*chan = 0;
	if (strncmp(name, "chan", 4) == 0) {
		const char *d = name + 4;

		if (*d < '0' || *d > '9' || (d[0] == '0' && d[1] >= '0' && d[1] <= '9'))
			return NULL;
		while (*d >= '0' && *d <= '9' && n < HIDMA_MGMT_MAX_CHANNELS)
			n = n * 10 + (*d++ - '0');
		if (*d != '_' || n >= HIDMA_MGMT_MAX_CHANNELS)
			return NULL;
		suffix = d + 1;
		per_chan = true;
	}
	for (i = 0; i < RTE_DIM(hidma_mgmt_attrs); i++) {
		const struct hidma_mgmt_attr *a = &hidma_mgmt_attrs[i];

		if (!!(a->flags & ATTR_CHAN) == per_chan && strcmp(a->name, suffix) == 0) {
			*chan = n;
			return a;
		}
	}
	return NULL;
}

static int
params_validate(const struct hidma_mgmt_params *p, const char *name)
{
	unsigned int i, ch;

	if (p->nb_channels < 1 || p->nb_channels > HIDMA_MGMT_MAX_CHANNELS) {
		HIDMA_MGMT_LOG(ERR, "%s: dma_channels %u out of range 1..%u", name,
				p->nb_channels, HIDMA_MGMT_MAX_CHANNELS);
		return -EINVAL;
	}
	for (i = 0; i < RTE_DIM(hidma_mgmt_attrs); i++) {
		const struct hidma_mgmt_attr *a = &hidma_mgmt_attrs[i];
		unsigned int nb = (a->flags & ATTR_CHAN) ? p->nb_channels : 1;

		if (a->flags & ATTR_RO)
			continue;
		for (ch = 0; ch < nb; ch++) {
			uint64_t v = cfg_get(p, a, ch);

			if (attr_value_ok(a, v))
				continue;
			if (a->flags & ATTR_CHAN)
				HIDMA_MGMT_LOG(ERR, "%s: chan%u_%s = %" PRIu64 " out of range %s",
						name, ch, a->name, v, a->range);
			else
				HIDMA_MGMT_LOG(ERR, "%s: %s = %" PRIu64 " out of range %s",
						name, a->name, v, a->range);
			return -EINVAL;
		}
	}
	return 0;
}

void
hidma_mgmt_params_init(struct hidma_mgmt_params *p, unsigned int nb_channels)
{
	unsigned int i;

	memset(p, 0, sizeof(*p));
	p->nb_channels = nb_channels;
	p->max_write_request = HIDMA_MGMT_MAX_REQ_MAX;
	p->max_read_request = HIDMA_MGMT_MAX_REQ_MAX;
	p->max_wr_xactions = HIDMA_MGMT_MAX_XACTIONS_MAX;
	p->max_rd_xactions = HIDMA_MGMT_MAX_XACTIONS_MAX;
	p->chreset_timeout_cycles = 0x500;	/* the binding's example */
	for (i = 0; i < HIDMA_MGMT_MAX_CHANNELS; i++) {
		p->priority[i] = RTE_PMD_HIDMA_MGMT_PRIORITY_LOW;
		p->weight[i] = HIDMA_MGMT_WEIGHT_MIN;
	}
	p->enable = true;
}

/* opaque argument of the knob handler */
struct mgmt_kvarg {
	const struct hidma_kvargs *k;
	const struct hidma_mgmt_attr *a;
	struct hidma_mgmt_params *p;
	unsigned int chan;
};

static int
mgmt_kvarg_handler(const char *key, const char *value, void *opaque)
{
	struct mgmt_kvarg *m = opaque;
	uint64_t v;

	if (hidma_kvargs_parse_u64(value, &v) != 0 || !attr_value_ok(m->a, v)) {
		HIDMA_KVARGS_ERR(m->k, "devarg %s=%s invalid: accepted values %s", key, value,
				m->a->range);
		return -1;
	}
	cfg_set(m->p, m->a, m->chan, v);
	return 0;
}

int
hidma_mgmt_params_kvargs(struct hidma_mgmt_params *p, const struct hidma_kvargs *k)
{
	static_assert(HIDMA_MGMT_MAX_CHANNELS == 16, "hidma_mgmt_kvargs_keys() lists 16 channels");
	unsigned int i;

	for (i = 0; i < RTE_DIM(hidma_mgmt_attrs); i++) {
		struct mgmt_kvarg m = { .k = k, .a = &hidma_mgmt_attrs[i], .p = p };
		unsigned int nb = (m.a->flags & ATTR_CHAN) ? HIDMA_MGMT_MAX_CHANNELS : 1;

		if (m.a->flags & ATTR_RO)
			continue;
		for (m.chan = 0; m.chan < nb; m.chan++) {
			char key[32];
			int ret;

			if (m.a->flags & ATTR_CHAN)
				snprintf(key, sizeof(key), "chan%u_%s", m.chan, m.a->name);
			else
				strlcpy(key, m.a->name, sizeof(key));
			if (!hidma_kvargs_has(k, key))
				continue;
			if ((m.a->flags & ATTR_CHAN) && m.chan >= p->nb_channels) {
				HIDMA_KVARGS_ERR(k, "devarg %s: no such channel (channels 0..%u)", key,
						p->nb_channels - 1);
				return -EINVAL;
			}
			ret = hidma_kvargs_process(k, key, mgmt_kvarg_handler, &m, m.a->range);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

/* Register value with every field of @cfg that lives in register @reg. */
static uint32_t
setup_reg_value(const struct hidma_mgmt_params *cfg, uint32_t reg, unsigned int chan,
		uint32_t v)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(hidma_mgmt_attrs); i++) {
		const struct hidma_mgmt_attr *a = &hidma_mgmt_attrs[i];

		if ((a->flags & (ATTR_RO | ATTR_SOFT)) || a->reg != reg)
			continue;
		v = (v & ~a->mask) | (((uint32_t)cfg_get(cfg, a, chan) << a->shift) & a->mask);
	}
	return v;
}

/*
 * The setup part of the enable sequence (hidma_hw.rst, "Management
 * registers": everything before CFG): read-modify-write bursts, transactions, per-channel QoS and the reset timeout, then
 * check that the hardware holds the values. CFG is left alone.
 */
static int
mgmt_setup(struct hidma_mgmt *mg, const struct hidma_mgmt_params *cfg)
{
	unsigned int i, ch;

	for (i = 0; i < RTE_DIM(hidma_mgmt_setup_regs); i++) {
		uint32_t reg = hidma_mgmt_setup_regs[i];
		unsigned int nb = reg == HIDMA_MGMT_QOS_N_REG ? cfg->nb_channels : 1;

		for (ch = 0; ch < nb; ch++) {
			uint32_t off = reg + 4 * ch;

			mgmt_write(mg, off, setup_reg_value(cfg, reg, ch, mgmt_read(mg, off)));
		}
	}
	/* silicon may implement fewer bits than the fields allow: read back */
	for (i = 0; i < RTE_DIM(hidma_mgmt_setup_regs); i++) {
		uint32_t reg = hidma_mgmt_setup_regs[i];
		unsigned int nb = reg == HIDMA_MGMT_QOS_N_REG ? cfg->nb_channels : 1;

		for (ch = 0; ch < nb; ch++) {
			uint32_t off = reg + 4 * ch;
			uint32_t v = mgmt_read(mg, off);

			if (setup_reg_value(cfg, reg, ch, v) != v) {
				HIDMA_MGMT_DEV_LOG(mg, ERR,
						"register 0x%x reads 0x%08x, expected 0x%08x",
						off, v, setup_reg_value(cfg, reg, ch, v));
				return -EIO;
			}
		}
	}
	return 0;
}

static int
mgmt_enable(struct hidma_mgmt *mg)
{
	uint32_t ver;
	int ret;

	ret = mgmt_setup(mg, &mg->cfg);
	if (ret != 0)
		return ret;
	/* the whole instance starts only once everything else is in place */
	mgmt_write(mg, HIDMA_MGMT_CFG_REG,
			mgmt_read(mg, HIDMA_MGMT_CFG_REG) | HIDMA_MGMT_CFG_ENABLE);
	if (!(mgmt_read(mg, HIDMA_MGMT_CFG_REG) & HIDMA_MGMT_CFG_ENABLE)) {
		HIDMA_MGMT_DEV_LOG(mg, ERR, "CFG enable bit does not stick");
		return -EIO;
	}
	ver = mgmt_read(mg, HIDMA_MGMT_HW_VERSION_REG);
	HIDMA_MGMT_DEV_LOG(mg, INFO, "HW rev %u.%u, %u channel%s, enabled",
			HIDMA_FIELD_GET(HIDMA_MGMT_HW_VERSION_MAJOR_MASK,
				HIDMA_MGMT_HW_VERSION_MAJOR_SHIFT, ver),
			HIDMA_FIELD_GET(HIDMA_MGMT_HW_VERSION_MINOR_MASK,
				HIDMA_MGMT_HW_VERSION_MINOR_SHIFT, ver),
			mg->cfg.nb_channels, mg->cfg.nb_channels == 1 ? "" : "s");
	return 0;
}

static void
mgmt_disable(struct hidma_mgmt *mg)
{
	mgmt_write(mg, HIDMA_MGMT_CFG_REG,
			mgmt_read(mg, HIDMA_MGMT_CFG_REG) & ~HIDMA_MGMT_CFG_ENABLE);
	HIDMA_MGMT_DEV_LOG(mg, INFO, "disabled");
}

void
hidma_mgmt_read_info(const struct hidma_mgmt *mg, struct rte_pmd_hidma_mgmt_info *info)
{
	unsigned int ch;
	uint32_t v;

	memset(info, 0, sizeof(*info));
	info->regs.cfg = mgmt_read(mg, HIDMA_MGMT_CFG_REG);
	info->regs.chreset_timeout = mgmt_read(mg, HIDMA_MGMT_CHRESET_TIMEOUT_REG);
	info->regs.max_bus_req_len = mgmt_read(mg, HIDMA_MGMT_MAX_BUS_REQ_LEN_REG);
	info->regs.max_xactions = mgmt_read(mg, HIDMA_MGMT_MAX_XACTIONS_REG);
	info->regs.hw_version = mgmt_read(mg, HIDMA_MGMT_HW_VERSION_REG);
	for (ch = 0; ch < mg->cfg.nb_channels; ch++)
		info->regs.qos[ch] = mgmt_read(mg, HIDMA_MGMT_QOS_REG(ch));

	v = info->regs.hw_version;
	info->hw_version_major = HIDMA_FIELD_GET(HIDMA_MGMT_HW_VERSION_MAJOR_MASK,
			HIDMA_MGMT_HW_VERSION_MAJOR_SHIFT, v);
	info->hw_version_minor = HIDMA_FIELD_GET(HIDMA_MGMT_HW_VERSION_MINOR_MASK,
			HIDMA_MGMT_HW_VERSION_MINOR_SHIFT, v);
	info->dma_channels = mg->cfg.nb_channels;
	info->enabled = !!(info->regs.cfg & HIDMA_MGMT_CFG_ENABLE);
	v = info->regs.max_bus_req_len;
	info->max_write_request = HIDMA_FIELD_GET(HIDMA_MGMT_MAX_WR_REQ_MASK,
			HIDMA_MGMT_MAX_WR_REQ_SHIFT, v);
	info->max_read_request = HIDMA_FIELD_GET(HIDMA_MGMT_MAX_RD_REQ_MASK,
			HIDMA_MGMT_MAX_RD_REQ_SHIFT, v);
	v = info->regs.max_xactions;
	info->max_wr_xactions = HIDMA_FIELD_GET(HIDMA_MGMT_MAX_WR_XACTIONS_MASK,
			HIDMA_MGMT_MAX_WR_XACTIONS_SHIFT, v);
	info->max_rd_xactions = HIDMA_FIELD_GET(HIDMA_MGMT_MAX_RD_XACTIONS_MASK,
			HIDMA_MGMT_MAX_RD_XACTIONS_SHIFT, v);
	info->chreset_timeout_cycles = info->regs.chreset_timeout &
			HIDMA_MGMT_CHRESET_TIMEOUT_MASK;
	for (ch = 0; ch < mg->cfg.nb_channels; ch++) {
		v = info->regs.qos[ch];
		info->priority[ch] = HIDMA_FIELD_GET(HIDMA_MGMT_QOS_PRIORITY_MASK,
				HIDMA_MGMT_QOS_PRIORITY_SHIFT, v);
		info->weight[ch] = HIDMA_FIELD_GET(HIDMA_MGMT_QOS_WEIGHT_MASK,
				HIDMA_MGMT_QOS_WEIGHT_SHIFT, v);
	}
}

/* ---------------------------------------------------------------- rawdev ops */

static int
hidma_mgmt_info_get(struct rte_rawdev *dev, rte_rawdev_obj_t dev_info, size_t dev_info_size)
{
	if (dev_info_size != sizeof(struct rte_pmd_hidma_mgmt_info))
		return -EINVAL;
	hidma_mgmt_read_info(dev->dev_private, dev_info);
	return 0;
}

static int
hidma_mgmt_start(struct rte_rawdev *dev)
{
	struct hidma_mgmt *mg = dev->dev_private;
	int ret;

	rte_spinlock_lock(&mg->lock);
	ret = mgmt_enable(mg);
	rte_spinlock_unlock(&mg->lock);
	return ret;
}

static void
hidma_mgmt_stop(struct rte_rawdev *dev)
{
	struct hidma_mgmt *mg = dev->dev_private;

	rte_spinlock_lock(&mg->lock);
	mgmt_disable(mg);
	rte_spinlock_unlock(&mg->lock);
}

static int
hidma_mgmt_close(struct rte_rawdev *dev)
{
	RTE_SET_USED(dev);
	return 0;
}

/* Back to the configuration given at create; the enable bit is kept. */
static int
hidma_mgmt_reset(struct rte_rawdev *dev)
{
	struct hidma_mgmt *mg = dev->dev_private;
	int ret;

	rte_spinlock_lock(&mg->lock);
	ret = mgmt_setup(mg, &mg->initial);
	if (ret == 0)
		mg->cfg = mg->initial;
	else if (mgmt_setup(mg, &mg->cfg) != 0)
		HIDMA_MGMT_DEV_LOG(mg, ERR, "previous configuration could not be restored");
	rte_spinlock_unlock(&mg->lock);
	return ret;
}

static int
hidma_mgmt_attr_get(struct rte_rawdev *dev, const char *name, uint64_t *value)
{
	struct hidma_mgmt *mg = dev->dev_private;
	const struct hidma_mgmt_attr *a;
	unsigned int chan;
	uint32_t off;

	if (name == NULL || value == NULL)
		return -EINVAL;
	a = attr_lookup(name, &chan);
	if (a == NULL || ((a->flags & ATTR_CHAN) && chan >= mg->cfg.nb_channels))
		return -EINVAL;
	if (a->flags & ATTR_SOFT) {
		*value = cfg_get(&mg->cfg, a, chan);
		return 0;
	}
	off = a->reg + ((a->flags & ATTR_CHAN) ? 4 * chan : 0);
	*value = (mgmt_read(mg, off) & a->mask) >> a->shift;
	return 0;
}

static int
hidma_mgmt_attr_set(struct rte_rawdev *dev, const char *name, const uint64_t value)
{
	struct hidma_mgmt *mg = dev->dev_private;
	const struct hidma_mgmt_attr *a;
	struct hidma_mgmt_params next;
	unsigned int chan;
	int ret;

	if (name == NULL)
		return -EINVAL;
	a = attr_lookup(name, &chan);
	/* the selftest provokes every rejection on purpose: keep it quiet */
	if (a == NULL || ((a->flags & ATTR_CHAN) && chan >= mg->cfg.nb_channels)) {
		rte_log(mg->reject_log_level, hidma_mgmt_logtype,
				"HIDMA_MGMT: %s: unknown attribute \"%s\"\n", mg->name, name);
		return -EINVAL;
	}
	if (a->flags & ATTR_RO) {
		rte_log(mg->reject_log_level, hidma_mgmt_logtype,
				"HIDMA_MGMT: %s: attribute %s is read-only\n", mg->name, name);
		return -EPERM;
	}
	if (!attr_value_ok(a, value)) {
		rte_log(mg->reject_log_level, hidma_mgmt_logtype,
				"HIDMA_MGMT: %s: %s = %" PRIu64 " rejected: accepted values %s\n",
				mg->name, name, value, a->range);
		return -EINVAL;
	}

	rte_spinlock_lock(&mg->lock);
	next = mg->cfg;
	cfg_set(&next, a, chan, value);
	ret = params_validate(&next, mg->name);
	if (ret == 0)
		ret = mgmt_setup(mg, &next);
	if (ret == 0)
		mg->cfg = next;
	else if (ret == -EIO && mgmt_setup(mg, &mg->cfg) != 0)
		HIDMA_MGMT_DEV_LOG(mg, ERR, "previous configuration could not be restored");
	rte_spinlock_unlock(&mg->lock);
	return ret;
}

static int
hidma_mgmt_dump(struct rte_rawdev *dev, FILE *f)
{
	struct hidma_mgmt *mg = dev->dev_private;
	struct rte_pmd_hidma_mgmt_info info;
	unsigned int ch;

	hidma_mgmt_read_info(mg, &info);
	fprintf(f, "HIDMA management %s (rawdev %u)\n", mg->name, mg->dev_id);
	fprintf(f, "  hw_version             %u.%u\n", info.hw_version_major,
			info.hw_version_minor);
	fprintf(f, "  enabled                %u\n", info.enabled);
	fprintf(f, "  dma_channels           %u\n", info.dma_channels);
	fprintf(f, "  max_write_request      %u\n", info.max_write_request);
	fprintf(f, "  max_read_request       %u\n", info.max_read_request);
	fprintf(f, "  max_wr_xactions        %u\n", info.max_wr_xactions);
	fprintf(f, "  max_rd_xactions        %u\n", info.max_rd_xactions);
	fprintf(f, "  chreset_timeout_cycles 0x%x\n", info.chreset_timeout_cycles);
	fprintf(f, "  registers:\n");
	fprintf(f, "    CFG             [0x%03x] 0x%08x\n", HIDMA_MGMT_CFG_REG, info.regs.cfg);
	fprintf(f, "    CHRESET_TIMEOUT [0x%03x] 0x%08x\n", HIDMA_MGMT_CHRESET_TIMEOUT_REG,
			info.regs.chreset_timeout);
	fprintf(f, "    MAX_BUS_REQ_LEN [0x%03x] 0x%08x\n", HIDMA_MGMT_MAX_BUS_REQ_LEN_REG,
			info.regs.max_bus_req_len);
	fprintf(f, "    MAX_XACTIONS    [0x%03x] 0x%08x\n", HIDMA_MGMT_MAX_XACTIONS_REG,
			info.regs.max_xactions);
	fprintf(f, "    HW_VERSION      [0x%03x] 0x%08x\n", HIDMA_MGMT_HW_VERSION_REG,
			info.regs.hw_version);
	fprintf(f, "  channel  priority  weight  QOS_N\n");
	for (ch = 0; ch < info.dma_channels; ch++)
		fprintf(f, "  %7u  %8u  %6u  [0x%03x] 0x%08x\n", ch, info.priority[ch],
				info.weight[ch], HIDMA_MGMT_QOS_REG(ch), info.regs.qos[ch]);
	return 0;
}

static const struct rte_rawdev_ops hidma_mgmt_ops = {
	.dev_info_get = hidma_mgmt_info_get,
	.dev_start = hidma_mgmt_start,
	.dev_stop = hidma_mgmt_stop,
	.dev_close = hidma_mgmt_close,
	.dev_reset = hidma_mgmt_reset,
	.dump = hidma_mgmt_dump,
	.attr_get = hidma_mgmt_attr_get,
	.attr_set = hidma_mgmt_attr_set,
	.dev_selftest = hidma_mgmt_selftest,
};

const struct rte_rawdev_ops *
hidma_mgmt_ops_get(void)
{
	return &hidma_mgmt_ops;
}

/* ---------------------------------------------------------------- create */

int
hidma_mgmt_create(const char *name, struct rte_device *dev, void *regs,
		const struct hidma_mgmt_params *params, int numa_node)
{
	struct rte_rawdev *rawdev;
	struct hidma_mgmt *mg;
	int ret;

	if (name == NULL || regs == NULL || params == NULL)
		return -EINVAL;
	ret = params_validate(params, name);
	if (ret != 0)
		return ret;
	if (rte_rawdev_pmd_get_named_dev(name) != NULL) {
		HIDMA_MGMT_LOG(ERR, "%s: a rawdev of that name exists", name);
		return -EEXIST;
	}
	rawdev = rte_rawdev_pmd_allocate(name, sizeof(*mg), numa_node);
	if (rawdev == NULL) {
		HIDMA_MGMT_LOG(ERR, "%s: cannot allocate the rawdev", name);
		return -ENOMEM;
	}
	rawdev->dev_ops = &hidma_mgmt_ops;
	rawdev->device = dev;
	rawdev->driver_name = RTE_PMD_HIDMA_MGMT_DRIVER_NAME;

	mg = rawdev->dev_private;
	strlcpy(mg->name, name, sizeof(mg->name));
	mg->regs = regs;
	mg->dev_id = rawdev->dev_id;
	mg->cfg = *params;
	mg->initial = *params;
	rte_spinlock_init(&mg->lock);
	mg->reject_log_level = RTE_LOG_NOTICE;

	/*
	 * The configuration is always programmed, so attributes read what was
	 * asked for; only the final enable depends on params->enable.
	 */
	if (params->enable)
		ret = mgmt_enable(mg);
	else
		ret = mgmt_setup(mg, &mg->cfg);
	if (ret != 0) {
		rte_rawdev_pmd_release(rawdev);
		return ret;
	}
	if (params->enable)
		rawdev->started = 1;
	else
		HIDMA_MGMT_DEV_LOG(mg, NOTICE,
				"instance disabled (enable=0): %s; enable it with rte_rawdev_start(%u) (dma-shell: 'mgmt start %s')",
				mg->cfg.nb_channels == 1 ? "its channel cannot start" :
				"its channels cannot start", mg->dev_id, mg->name);

	ret = hidma_mgmt_mp_publish(mg);
	if (ret != 0) {
		if (params->enable)
			mgmt_disable(mg);
		rawdev->started = 0;
		rte_rawdev_pmd_release(rawdev);
		return ret;
	}
	return rawdev->dev_id;
}

int
hidma_mgmt_destroy(const char *name)
{
	struct rte_rawdev *rawdev;
	int ret;

	if (name == NULL)
		return -EINVAL;
	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return hidma_mgmt_detach(name);
	rawdev = rte_rawdev_pmd_get_named_dev(name);
	if (rawdev == NULL || rawdev->dev_ops != &hidma_mgmt_ops)
		return -ENODEV;
	if (rawdev->started)
		rte_rawdev_stop(rawdev->dev_id);

	hidma_mgmt_mp_withdraw(name);
	rte_spinlock_lock(&hidma_mgmt_list_lock);
	ret = rte_rawdev_pmd_release(rawdev);
	rte_spinlock_unlock(&hidma_mgmt_list_lock);
	return ret;
}

/* ---------------------------------------------------------------- telemetry */

/* the management private data behind rawdev @p id of this process, or NULL */
static struct hidma_mgmt *
hidma_mgmt_of(unsigned int id)
{
	const struct rte_rawdev *r = &rte_rawdevs[id];

	if (r->attached != RTE_RAWDEV_ATTACHED || r->dev_ops != &hidma_mgmt_ops)
		return NULL;
	return r->dev_private;
}

static int
hidma_mgmt_tel_list(const char *cmd, const char *params, struct rte_tel_data *d)
{
	unsigned int i;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	rte_tel_data_start_array(d, RTE_TEL_INT_VAL);
	rte_spinlock_lock(&hidma_mgmt_list_lock);
	for (i = 0; i < RTE_RAWDEV_MAX_DEVS; i++)
		if (hidma_mgmt_of(i) != NULL)
			rte_tel_data_add_array_int(d, i);
	rte_spinlock_unlock(&hidma_mgmt_list_lock);
	return 0;
}

static int
hidma_mgmt_tel_info(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct rte_pmd_hidma_mgmt_info info;
	struct hidma_mgmt *mg;
	struct rte_tel_data *prio, *weight, *qos;
	uint64_t id;
	unsigned int ch;
	bool found = false;
	char name[RTE_RAWDEV_NAME_MAX_LEN];

	RTE_SET_USED(cmd);
	if (params == NULL || hidma_kvargs_parse_u64(params, &id) != 0)
		return -EINVAL;

	rte_spinlock_lock(&hidma_mgmt_list_lock);
	mg = id < RTE_RAWDEV_MAX_DEVS ? hidma_mgmt_of(id) : NULL;
	if (mg != NULL) {
		hidma_mgmt_read_info(mg, &info);
		strlcpy(name, mg->name, sizeof(name));
		found = true;
	}
	rte_spinlock_unlock(&hidma_mgmt_list_lock);
	if (!found)
		return -EINVAL;

	/* telemetry nests one level only: per-channel arrays indexed by chid */
	prio = rte_tel_data_alloc();
	weight = rte_tel_data_alloc();
	qos = rte_tel_data_alloc();
	if (prio == NULL || weight == NULL || qos == NULL) {
		rte_tel_data_free(prio);
		rte_tel_data_free(weight);
		rte_tel_data_free(qos);
		return -ENOMEM;
	}
	rte_tel_data_start_array(prio, RTE_TEL_INT_VAL);
	rte_tel_data_start_array(weight, RTE_TEL_INT_VAL);
	rte_tel_data_start_array(qos, HIDMA_COMPAT_TEL_UINT_VAL);
	for (ch = 0; ch < info.dma_channels; ch++) {
		rte_tel_data_add_array_int(prio, info.priority[ch]);
		rte_tel_data_add_array_int(weight, info.weight[ch]);
		hidma_compat_tel_data_add_array_uint(qos, info.regs.qos[ch]);
	}

	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", name);
	rte_tel_data_add_dict_int(d, "dev_id", id);
	rte_tel_data_add_dict_int(d, "enabled", info.enabled);
	rte_tel_data_add_dict_int(d, RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MAJOR,
			info.hw_version_major);
	rte_tel_data_add_dict_int(d, RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MINOR,
			info.hw_version_minor);
	rte_tel_data_add_dict_int(d, RTE_PMD_HIDMA_MGMT_ATTR_DMA_CHANNELS, info.dma_channels);
	rte_tel_data_add_dict_int(d, RTE_PMD_HIDMA_MGMT_ATTR_MAX_WRITE_REQUEST,
			info.max_write_request);
	rte_tel_data_add_dict_int(d, RTE_PMD_HIDMA_MGMT_ATTR_MAX_READ_REQUEST,
			info.max_read_request);
	rte_tel_data_add_dict_int(d, RTE_PMD_HIDMA_MGMT_ATTR_MAX_WR_XACTIONS,
			info.max_wr_xactions);
	rte_tel_data_add_dict_int(d, RTE_PMD_HIDMA_MGMT_ATTR_MAX_RD_XACTIONS,
			info.max_rd_xactions);
	rte_tel_data_add_dict_int(d, RTE_PMD_HIDMA_MGMT_ATTR_CHRESET_TIMEOUT_CYCLES,
			info.chreset_timeout_cycles);
	rte_tel_data_add_dict_container(d, "chan_priority", prio, 0);
	rte_tel_data_add_dict_container(d, "chan_weight", weight, 0);
	rte_tel_data_add_dict_container(d, "chan_qos_reg", qos, 0);
	return 0;
}

RTE_INIT(hidma_mgmt_telemetry_init)
{
	rte_telemetry_register_cmd("/hidma_mgmt/list", hidma_mgmt_tel_list,
			"Returns the ids of the HIDMA management rawdevs.");
	rte_telemetry_register_cmd("/hidma_mgmt/info", hidma_mgmt_tel_info,
			"Returns the configuration and per-channel QoS of a HIDMA instance. Parameters: int rawdev_id");
}
