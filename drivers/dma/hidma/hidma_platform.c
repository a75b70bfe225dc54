/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Platform-bus front-end of the channel PMD: a HIDMA channel on silicon is
 * an ACPI (or, historically, DT) platform device bound to vfio-platform, with
 * region 0 = TRCA and region 1 = EVCA. The bus maps both; this file checks
 * them and hands them to hidma_dmadev_create() with the flavour's
 * capabilities from the matched id. meson adds this file only when
 * drivers/bus/hidma_platform is built.
 */

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>

#include <rte_common.h>
#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_log.h>

#include <bus_hidma_platform_driver.h>

#include "hidma_dmadev.h"
#include "hidma_hw.h"
#include "hidma_internal.h"
#include "hidma_platform_ids.h"

/* the driver's one logtype, pmd.dma.hidma, as idxd has one per driver */
#define HIDMA_PLAT_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, hidma_logtype, "dma_hidma: " fmt "\n", ##__VA_ARGS__)

/* Linux's hidma_acpi_ids and (until 2024) OF table, with their match data */
static int
hidma_platform_probe(struct rte_hidma_platform_device *pdev)
{
	static const uint64_t min_len[HIDMA_CHAN_NB_REGIONS] = {
		[HIDMA_CHAN_REGION_TRCA] = HIDMA_TRCA_SIZE,
		[HIDMA_CHAN_REGION_EVCA] = HIDMA_EVCA_SIZE,
	};
	static const char * const region_name[HIDMA_CHAN_NB_REGIONS] = {
		[HIDMA_CHAN_REGION_TRCA] = "TRCA",
		[HIDMA_CHAN_REGION_EVCA] = "EVCA",
	};
	/*
	 * zeroed: no set_priority, the management block of silicon is another
	 * device (a guest's channel has none): no dmadev priorities
	 */
	struct hidma_chan_res res = { 0 };
	const char *devargs = NULL;
	unsigned int i;
	int ret;

	if (pdev->num_resource < HIDMA_CHAN_NB_REGIONS) {
		HIDMA_PLAT_LOG(ERR, "%s: %u MMIO region(s); a channel has %d (TRCA, EVCA)",
				pdev->name, pdev->num_resource, HIDMA_CHAN_NB_REGIONS);
		return -ENODEV;
	}
	for (i = 0; i < HIDMA_CHAN_NB_REGIONS; i++) {
		if (pdev->resource[i].mem.len < min_len[i]) {
			HIDMA_PLAT_LOG(ERR, "%s: region %u (%s) is 0x%" PRIx64 " bytes, needs 0x%" PRIx64,
					pdev->name, i, region_name[i], pdev->resource[i].mem.len,
					min_len[i]);
			return -ENODEV;
		}
	}
	/* the bus mapped the regions where the primary has them: take its channel */
	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		ret = hidma_dmadev_attach(pdev->name, &pdev->device);
		return ret < 0 ? ret : 0;
	}
	res.trca = pdev->resource[HIDMA_CHAN_REGION_TRCA].mem.addr;
	res.evca = pdev->resource[HIDMA_CHAN_REGION_EVCA].mem.addr;
	/* a device matched by name (no id) is taken as the first flavour */
	res.caps = pdev->id != NULL ? pdev->id->caps : 0;
	res.numa_node = pdev->device.numa_node;
	if (pdev->device.devargs != NULL)
		devargs = pdev->device.devargs->args;

	ret = hidma_dmadev_create(pdev->name, &pdev->device, &res, devargs);
	if (ret < 0)
		return ret;
	HIDMA_PLAT_LOG(INFO, "%s: dmadev %d (%s, caps 0x%" PRIx32 ")", pdev->name, ret,
			pdev->id != NULL && pdev->id->acpi_hid != NULL ? pdev->id->acpi_hid :
			pdev->id != NULL ? pdev->id->compatible : "by name", res.caps);
	return 0;
}

static int
hidma_platform_remove(struct rte_hidma_platform_device *pdev)
{
	return hidma_dmadev_destroy(pdev->name);
}

static struct rte_hidma_platform_driver hidma_platform_driver = {
	.probe = hidma_platform_probe,
	.remove = hidma_platform_remove,
	.id_table = hidma_platform_ids,
};

RTE_PMD_REGISTER_HIDMA_PLATFORM(dma_hidma, hidma_platform_driver);
RTE_PMD_REGISTER_HIDMA_PLATFORM_TABLE(dma_hidma, hidma_platform_ids);
RTE_PMD_REGISTER_KMOD_DEP(dma_hidma, "vfio-platform");
RTE_PMD_REGISTER_PARAM_STRING(dma_hidma, HIDMA_PARAM_STRING);
