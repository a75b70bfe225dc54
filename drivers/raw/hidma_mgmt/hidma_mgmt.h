/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _HIDMA_MGMT_H_
#define _HIDMA_MGMT_H_

/**
 * @file
 * Creation interface of the HIDMA management rawdev, shared by the ways a
 * management block is found: the platform bus front-end (QCOM8060 through
 * VFIO, hidma_mgmt_platform.c) and the emulated instance
 * (drivers/common/hidma_model). The driver reaches the block only through the
 * mapped register window it is given; it never knows which front-end found
 * it. Internal API, exported in version.map's INTERNAL node; applications use
 * rte_pmd_hidma_mgmt.h.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>

#include <hidma_kvargs.h>

#include "hidma_hw.h"
#include "rte_pmd_hidma_mgmt.h"

struct rte_device;

/** Channels a management block can describe (TRE_ERR0 has a 4-bit id). */
#define HIDMA_MGMT_MAX_CHANNELS		16

/**
 * Configuration the enable sequence programs (doc/guides/dmadevs/hidma_hw.rst,
 * "Management registers"). Fill it
 * with hidma_mgmt_params_init(), then override from firmware or devargs.
 */
struct hidma_mgmt_params {
	unsigned int nb_channels;		/**< dma-channels, 1..16 */
	uint32_t max_write_request;		/**< bytes, power of two 128..1024 */
	uint32_t max_read_request;		/**< bytes, power of two 128..1024 */
	uint32_t max_wr_xactions;		/**< 0..31 */
	uint32_t max_rd_xactions;		/**< 0..31 */
	uint32_t chreset_timeout_cycles;	/**< 20 bits */
	uint8_t priority[HIDMA_MGMT_MAX_CHANNELS];	/**< 0..1 */
	uint8_t weight[HIDMA_MGMT_MAX_CHANNELS];	/**< 1..15 */
	/** Run the enable sequence at create (CFG bit 0 set last). */
	bool enable;
};

/**
 * Defaults: the binding's example values (bursts 1024, 31 transactions,
 * reset timeout 0x500), every channel priority 0 weight 1, enable.
 */
void hidma_mgmt_params_init(struct hidma_mgmt_params *p, unsigned int nb_channels);

/**
 * The management knobs given in the devargs @p k (an attribute that is also a
 * devarg: max_write_request, ..., chan<N>_priority, chan<N>_weight; keys of
 * hidma_mgmt_kvargs_keys(), which the front-end puts in its valid-key list),
 * each checked against the attribute's range and stored in @p p. Channel
 * numbers are checked against p->nb_channels, so set that first.
 * @return 0, or -EINVAL with an ERR log naming the key and the accepted values.
 */
int hidma_mgmt_params_kvargs(struct hidma_mgmt_params *p, const struct hidma_kvargs *k);

/** Help text listing the management devargs, for RTE_PMD_REGISTER_PARAM_STRING. */
#define HIDMA_MGMT_PARAM_STRING \
	RTE_PMD_HIDMA_MGMT_ATTR_MAX_WRITE_REQUEST "=<128|256|512|1024> " \
	RTE_PMD_HIDMA_MGMT_ATTR_MAX_READ_REQUEST "=<128|256|512|1024> " \
	RTE_PMD_HIDMA_MGMT_ATTR_MAX_WR_XACTIONS "=<0-31> " \
	RTE_PMD_HIDMA_MGMT_ATTR_MAX_RD_XACTIONS "=<0-31> " \
	RTE_PMD_HIDMA_MGMT_ATTR_CHRESET_TIMEOUT_CYCLES "=<0-0xfffff> " \
	"chan<N>_priority=<0|1> " \
	"chan<N>_weight=<1-15>"

/**
 * The management devargs (NULL-terminated), for the valid-key lists of the
 * front-ends (hidma_kvargs_open()): every writable knob, chan<N>_* for the
 * 16 channels a block can have.
 */
static inline const char * const *
hidma_mgmt_kvargs_keys(void)
{
	static const char * const keys[] = {
		RTE_PMD_HIDMA_MGMT_ATTR_MAX_WRITE_REQUEST,
		RTE_PMD_HIDMA_MGMT_ATTR_MAX_READ_REQUEST,
		RTE_PMD_HIDMA_MGMT_ATTR_MAX_WR_XACTIONS,
		RTE_PMD_HIDMA_MGMT_ATTR_MAX_RD_XACTIONS,
		RTE_PMD_HIDMA_MGMT_ATTR_CHRESET_TIMEOUT_CYCLES,
		"chan0_priority", "chan0_weight", "chan1_priority", "chan1_weight",
		"chan2_priority", "chan2_weight", "chan3_priority", "chan3_weight",
		"chan4_priority", "chan4_weight", "chan5_priority", "chan5_weight",
		"chan6_priority", "chan6_weight", "chan7_priority", "chan7_weight",
		"chan8_priority", "chan8_weight", "chan9_priority", "chan9_weight",
		"chan10_priority", "chan10_weight", "chan11_priority", "chan11_weight",
		"chan12_priority", "chan12_weight", "chan13_priority", "chan13_weight",
		"chan14_priority", "chan14_weight", "chan15_priority", "chan15_weight",
		NULL
	};

	return keys;
}

/** The management devargs, comma separated, for "accepted keys" messages. */
#define HIDMA_MGMT_PARAM_KEYS \
	RTE_PMD_HIDMA_MGMT_ATTR_MAX_WRITE_REQUEST ", " \
	RTE_PMD_HIDMA_MGMT_ATTR_MAX_READ_REQUEST ", " \
	RTE_PMD_HIDMA_MGMT_ATTR_MAX_WR_XACTIONS ", " \
	RTE_PMD_HIDMA_MGMT_ATTR_MAX_RD_XACTIONS ", " \
	RTE_PMD_HIDMA_MGMT_ATTR_CHRESET_TIMEOUT_CYCLES ", " \
	"chan<N>_priority, chan<N>_weight (N: a channel of the instance)"

/**
 * Create the management rawdev @p name for the block whose register window
 * (HIDMA_MGMT_SIZE bytes) is mapped at @p regs, validate @p params and, if
 * params->enable, run the enable sequence. The rawdev is "started" exactly
 * when the instance is enabled (CFG bit 0).
 * @return the rawdev id (>= 0) or a negative errno.
 */
int hidma_mgmt_create(const char *name, struct rte_device *dev, void *regs,
		const struct hidma_mgmt_params *params, int numa_node);

/** Disable the instance (CFG bit 0 clear), close and release rawdev @p name. */
int hidma_mgmt_destroy(const char *name);

/*
 * Secondary process: attach to the management rawdev @p name that the
 * primary created (hidma_mgmt_mp.c). The rawdev library has no shared device
 * table: this process gets its own rawdev of the same name on the primary's
 * shared private data (the attribute cache and its lock); the id is the
 * primary's when both processes probed the same rawdevs in the same order.
 * Returns the rawdev id or a negative errno.
 */
int hidma_mgmt_attach(const char *name, struct rte_device *dev);
/* secondary: forget it; the instance stays as the primary left it */
int hidma_mgmt_detach(const char *name);

#endif /* _HIDMA_MGMT_H_ */
