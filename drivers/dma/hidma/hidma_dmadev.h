/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _HIDMA_DMADEV_H_
#define _HIDMA_DMADEV_H_

/**
 * @file
 * Creation interface of the HIDMA channel dmadev, shared by the ways a
 * channel is found (idxd's shape: one create(), one glue file per front-end):
 * the platform bus front-end (VFIO-mapped silicon, hidma_platform.c) and the
 * emulated instance (drivers/common/hidma_model). Internal API, exported in
 * version.map's INTERNAL node; not a public application API.
 */

#include <stdint.h>

struct rte_device;

/*
 * Channel devargs (hidma_dmadev_parse_devargs()), taken by the front-ends
 * that have devargs (the platform bus). cmd_timeout_ms bounds each channel
 * command (reset, enable, suspend); default HIDMA_CH_CMD_TIMEOUT_US, Linux's
 * 10 ms.
 */
#define HIDMA_ARG_CMD_TIMEOUT_MS	"cmd_timeout_ms"
#define HIDMA_CMD_TIMEOUT_MS_MAX	10000
#define HIDMA_PARAM_STRING		HIDMA_ARG_CMD_TIMEOUT_MS "=<1-10000>"

/** What the channel is told, as devargs or directly by a front-end. */
struct hidma_chan_params {
	/** bound of each channel command, 1..HIDMA_CMD_TIMEOUT_MS_MAX ms; 0: default */
	unsigned int cmd_timeout_ms;
};

/** What a front-end found: the channel's two mapped register windows. */
struct hidma_chan_res {
	void *trca;		/**< region 0, HIDMA_TRCA_SIZE bytes */
	void *evca;		/**< region 1, HIDMA_EVCA_SIZE bytes */
	uint32_t caps;		/**< HIDMA_CAP_* of the flavour (hidma_hw.h) */
	int numa_node;		/**< or SOCKET_ID_ANY */
	/**
	 * Sets the channel's QoS priority bit on its instance (@p high: 1 high,
	 * 0 low), called with @p priority_ctx; NULL where the management block
	 * is not in this process (a guest's channel). When set, the channel has
	 * dmadev priorities (RTE_DMA_CAPA_PRI_POLICY_SP, DPDK >= 24.11).
	 * @return 0 or a negative errno.
	 */
	int (*set_priority)(void *priority_ctx, unsigned int chid, unsigned int high);
	void *priority_ctx;
};

/**
 * Parse the channel devargs @p devargs (may be NULL; keys above) of channel
 * @p name into @p params (defaults for what is not given). Unknown keys and
 * malformed or out-of-range values fail with -EINVAL and a log line naming
 * the key and the accepted values.
 * @return 0 or -EINVAL.
 */
int hidma_dmadev_parse_devargs(const char *name, const char *devargs,
		struct hidma_chan_params *params);

/**
 * Create one channel dmadev named @p name (e.g. "hidma_model0-ch2") from
 * what a front-end found (@p res) and decided (@p params, NULL for the
 * defaults). Resets the channel and leaves it disabled until rte_dma_start().
 * @return the dmadev id (>= 0) or a negative errno.
 */
int hidma_dmadev_create_params(const char *name, struct rte_device *dev,
		const struct hidma_chan_res *res, const struct hidma_chan_params *params);

/**
 * hidma_dmadev_parse_devargs() of @p devargs, then
 * hidma_dmadev_create_params(): for a front-end with devargs (the platform
 * device name as @p name).
 * @return the dmadev id (>= 0) or a negative errno.
 */
int hidma_dmadev_create(const char *name, struct rte_device *dev,
		const struct hidma_chan_res *res, const char *devargs);

/**
 * Stop (if started), close and release the channel dmadev @p name. In a
 * secondary process: hidma_dmadev_detach().
 */
int hidma_dmadev_destroy(const char *name);

/**
 * In a secondary process: attach to the channel dmadev @p name that the
 * primary created (same name, same id, shared private data and rings), and
 * give it this process's ops and fast path. Touches no register: the
 * primary may be recovering or restarting the channel meanwhile. The
 * register windows must be mapped at the primary's addresses in this
 * process (shared memory for the model, the bus's fixed VFIO mappings on
 * silicon).
 * @return the dmadev id or a negative errno (-ENODEV: no such channel in
 * the primary).
 */
int hidma_dmadev_attach(const char *name, struct rte_device *dev);

/** In a secondary process: forget the channel @p name; the primary's stays. */
int hidma_dmadev_detach(const char *name);

#endif /* _HIDMA_DMADEV_H_ */
