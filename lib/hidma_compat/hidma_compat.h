/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _HIDMA_COMPAT_H_
#define _HIDMA_COMPAT_H_

/**
 * @file
 * Every DPDK API difference between the releases hidma-dpdk supports
 * (22.11, 24.11, 25.11), in one place, chosen by RTE_VERSION. Code elsewhere
 * uses only the hidma_compat_* / HIDMA_COMPAT_* names below and never tests
 * the DPDK version itself: the next API change is an edit of this file.
 *
 * Each section names the release that changed the API. The macros expand
 * where they are used, so a user of the telemetry and driver-export ones
 * includes rte_telemetry.h or dev_driver.h/rte_dev.h as usual.
 */

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include <rte_dmadev.h>
#include <rte_lcore.h>
#include <rte_version.h>
#include <rte_vfio.h>

/** True when the DPDK built against is release @p year.@p month or later. */
#define HIDMA_COMPAT_DPDK_SINCE(year, month) \
	(RTE_VERSION_NUM(year, month, 0, 0) <= RTE_VERSION)

/* --------------------------------------------------------------------------
 * Control threads. 23.11 removed rte_ctrl_thread_create() (pthread based)
 * for rte_thread_create_control() (rte_thread_t, uint32_t (*)(void *)).
 */

#if HIDMA_COMPAT_DPDK_SINCE(23, 11)

/* what the trampoline needs; freed by the new thread before it runs @p start */
struct hidma_compat_ctrl_thread {
	void *(*start)(void *arg);
	void *arg;
};

static inline uint32_t
hidma_compat_ctrl_thread_run(void *p)
{
	struct hidma_compat_ctrl_thread t = *(struct hidma_compat_ctrl_thread *)p;

	free(p);
	t.start(t.arg);
	return 0;
}

#endif

/**
 * Start a control thread named @p name (at most RTE_MAX_THREAD_NAME_LEN - 1
 * characters), on the CPUs EAL leaves to control threads, running
 * @p start(@p arg). On success, @p thread is its pthread id (for
 * pthread_join() and pthread_setaffinity_np()).
 * @return 0, or a negative errno.
 */
static inline int
hidma_compat_ctrl_thread_create(pthread_t *thread, const char *name, void *(*start)(void *),
		void *arg)
{
#if HIDMA_COMPAT_DPDK_SINCE(23, 11)
	struct hidma_compat_ctrl_thread *t;
	rte_thread_t id;
	int ret;

	/* EAL's Unix rte_thread_t holds the pthread_t (eal/unix/rte_thread.c) */
	RTE_BUILD_BUG_ON(sizeof(pthread_t) > sizeof(id.opaque_id));
	t = malloc(sizeof(*t));
	if (t == NULL)
		return -ENOMEM;
	t->start = start;
	t->arg = arg;
	ret = rte_thread_create_control(&id, name, hidma_compat_ctrl_thread_run, t);
	if (ret != 0) {
		free(t);
		return ret < 0 ? ret : -ret;
	}
	*thread = (pthread_t)id.opaque_id;
	return 0;
#else
	int ret = rte_ctrl_thread_create(thread, name, NULL, start, arg);

	return ret < 0 ? ret : -ret;
#endif
}

/* --------------------------------------------------------------------------
 * Telemetry unsigned values. 23.03 added rte_tel_data_add_array_uint() and
 * RTE_TEL_UINT_VAL; 24.11 deprecated the _u64 names.
 */

#if HIDMA_COMPAT_DPDK_SINCE(23, 3)
/** Array type of rte_tel_data_start_array() for unsigned 64-bit values. */
#define HIDMA_COMPAT_TEL_UINT_VAL	RTE_TEL_UINT_VAL
/** Add an unsigned 64-bit value to a telemetry array. */
#define hidma_compat_tel_data_add_array_uint(d, x) rte_tel_data_add_array_uint(d, x)
#else
#define HIDMA_COMPAT_TEL_UINT_VAL	RTE_TEL_U64_VAL
#define hidma_compat_tel_data_add_array_uint(d, x) rte_tel_data_add_array_u64(d, x)
#endif

/* --------------------------------------------------------------------------
 * The driver-name export that pmdinfogen reads. 25.07 dropped the index
 * argument of RTE_PMD_EXPORT_NAME (and moved it to dev_driver.h).
 */

#if HIDMA_COMPAT_DPDK_SINCE(25, 7)
/** Export the driver name @p nm (a C identifier) for dpdk-pmdinfo.py. */
#define HIDMA_COMPAT_PMD_EXPORT_NAME(nm) RTE_PMD_EXPORT_NAME(nm)
#else
#define HIDMA_COMPAT_PMD_EXPORT_NAME(nm) RTE_PMD_EXPORT_NAME(nm, __COUNTER__)
#endif

/* --------------------------------------------------------------------------
 * Whether the DPDK built against has VFIO: up to 24.11 rte_vfio.h says so
 * with VFIO_PRESENT (and includes <linux/vfio.h>); 25.11 dropped that macro,
 * builds VFIO on every Linux build and names its constants RTE_VFIO_*.
 */

#if defined(VFIO_PRESENT) || defined(RTE_VFIO_CONTAINER_PATH)
/** Defined when the DPDK built against has VFIO (<linux/vfio.h> is usable). */
#define HIDMA_COMPAT_HAVE_VFIO 1
#endif

/* --------------------------------------------------------------------------
 * dmadev strict-priority channels. 24.11 added RTE_DMA_CAPA_PRI_POLICY_SP,
 * rte_dma_info::nb_priorities and rte_dma_conf::priority (0 is the highest).
 */

/** Claim strict priority scheduling with @p n levels in @p info. */
static inline void
hidma_compat_dma_info_set_priorities(struct rte_dma_info *info, uint16_t n)
{
#if HIDMA_COMPAT_DPDK_SINCE(24, 11)
	info->dev_capa |= RTE_DMA_CAPA_PRI_POLICY_SP;
	info->nb_priorities = n;
#else
	RTE_SET_USED(info);
	RTE_SET_USED(n);
#endif
}

/** The number of priority levels @p info claims, 0 without strict priorities. */
static inline unsigned int
hidma_compat_dma_info_priorities(const struct rte_dma_info *info)
{
#if HIDMA_COMPAT_DPDK_SINCE(24, 11)
	return (info->dev_capa & RTE_DMA_CAPA_PRI_POLICY_SP) != 0 ? info->nb_priorities : 0;
#else
	RTE_SET_USED(info);
	return 0;
#endif
}

/** The priority @p conf asks for (0 is the highest), or -1 without priorities. */
static inline int
hidma_compat_dma_conf_priority(const struct rte_dma_conf *conf)
{
#if HIDMA_COMPAT_DPDK_SINCE(24, 11)
	return conf->priority;
#else
	RTE_SET_USED(conf);
	return -1;
#endif
}

/** Ask for priority @p prio in @p conf: 0, or -ENOTSUP without priorities. */
static inline int
hidma_compat_dma_conf_set_priority(struct rte_dma_conf *conf, uint16_t prio)
{
#if HIDMA_COMPAT_DPDK_SINCE(24, 11)
	conf->priority = prio;
	return 0;
#else
	RTE_SET_USED(conf);
	RTE_SET_USED(prio);
	return -ENOTSUP;
#endif
}

#endif /* _HIDMA_COMPAT_H_ */
