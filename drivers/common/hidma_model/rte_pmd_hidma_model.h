/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _RTE_PMD_HIDMA_MODEL_H_
#define _RTE_PMD_HIDMA_MODEL_H_

/**
 * @file
 * Public interface of the emulated HIDMA instance ("--vdev hidma_model<N>",
 * driver drivers/common/hidma_model): fault injection and pacing at run time, and the
 * state of the instance's engine.
 *
 * The fault settings are those of the instance's devargs (fail_every,
 * fail_ppm, fail_errinfo, reset_hangs, bw_mbps, tre_latency_ns, described in
 * doc/guides/common/hidma_model.rst); a set replaces all of them at once and
 * the engine applies them from its next poll, while traffic runs: a job
 * enqueued after the set returns is processed with them. These
 * functions exist for the emulated device only: an instance on silicon is
 * not found (-ENODEV).
 *
 * The functions may be called from any thread, but not while the instance
 * is being removed (rte_vdev_uninit(), rte_eal_cleanup()).
 *
 * Tools that load the driver as a plugin (EAL -d) look the functions up at
 * run time by name (dlsym()) rather than linking against the plugin.
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Error info reported by injected failures (fail_errinfo). */
#define RTE_PMD_HIDMA_MODEL_ERRINFO_SRC_READ	1	/**< source read error */
#define RTE_PMD_HIDMA_MODEL_ERRINFO_DST_WRITE	2	/**< destination write error */
#define RTE_PMD_HIDMA_MODEL_ERRINFO_OPCODE	3	/**< bad opcode */
#define RTE_PMD_HIDMA_MODEL_ERRINFO_LENGTH	4	/**< bad length */
#define RTE_PMD_HIDMA_MODEL_ERRINFO_CHID	5	/**< bad channel */

/** Fault injection and pacing of one emulated instance; all zero: none. */
struct rte_pmd_hidma_model_faults {
	uint32_t fail_every;	/**< fail every Nth job of the instance (0 never) */
	uint32_t fail_ppm;	/**< fail each job with this probability, per million */
	uint32_t fail_errinfo;	/**< RTE_PMD_HIDMA_MODEL_ERRINFO_*; 0: source read */
	uint32_t reset_hangs;	/**< 1: channel RESET commands never complete */
	uint32_t bw_mbps;	/**< bandwidth cap of the instance, MB/s (0 none) */
	uint64_t tre_latency_ns; /**< added latency per job, ns (0 none) */
};

/** Largest accepted values (the devargs' ranges). */
#define RTE_PMD_HIDMA_MODEL_FAIL_PPM_MAX	1000000
#define RTE_PMD_HIDMA_MODEL_BW_MBPS_MAX		1000000
#define RTE_PMD_HIDMA_MODEL_LATENCY_NS_MAX	1000000000

/**
 * Read the fault settings of the emulated instance @p instance
 * (e.g. "hidma_model0").
 * @return 0, -EINVAL for a NULL argument, -ENODEV if no such emulated instance.
 */
int rte_pmd_hidma_model_faults_get(const char *instance,
		struct rte_pmd_hidma_model_faults *faults);

/**
 * Replace the fault settings of @p instance; NULL turns every fault off.
 * @return 0, -ENODEV if no such emulated instance, -EINVAL (nothing
 * changed) if a value is out of range.
 */
int rte_pmd_hidma_model_faults_set(const char *instance,
		const struct rte_pmd_hidma_model_faults *faults);

/**
 * Whether the engine of @p instance can move data: 1 when it runs (on its
 * control thread, or as an EAL service mapped to a service lcore),
 * 0 when it cannot (engine=service with no service lcore running it), in
 * which case no channel command (start, stop) and no job completes. In a
 * secondary process: 1 while the primary's engine runs, 0 once the primary
 * removed the instance or died.
 * @return 1, 0, or -ENODEV if no such emulated instance.
 */
int rte_pmd_hidma_model_engine_running(const char *instance);

#ifdef __cplusplus
}
#endif

#endif /* _RTE_PMD_HIDMA_MODEL_H_ */
