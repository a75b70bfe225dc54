/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Platform-bus front-end of the management rawdev: the management block of a
 * HIDMA instance on silicon is the ACPI device QCOM8060 (DT:
 * qcom,hidma-mgmt-1.0) bound to vfio-platform, region 0 = its registers.
 * Only the host binds it; guests get channels only. Built only with
 * drivers/bus/hidma_platform.
 *
 * Devargs: channels=<1..16> (required: the firmware's "dma-channels" is an
 * ACPI _DSD property, which user space cannot read), enable=<0|1>, and the
 * management knobs the emulated instance takes, parsed by the driver's own
 * hidma_mgmt_params_kvargs().
 */

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include <rte_common.h>
#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_log.h>

#include <bus_hidma_platform_driver.h>

#include "hidma_hw.h"
#include "hidma_mgmt.h"
#include "hidma_mgmt_private.h"

/* the driver's one logtype, pmd.raw.hidma_mgmt, as idxd has one per driver */
#define MGMT_PLAT_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, hidma_mgmt_logtype, "raw_hidma_mgmt: " fmt "\n", \
		##__VA_ARGS__)

#define MGMT_ARG_CHANNELS	"channels"
#define MGMT_ARG_ENABLE		"enable"

static const struct rte_hidma_platform_id hidma_mgmt_platform_ids[] = {
	{ .acpi_hid = HIDMA_ACPI_HID_MGMT },
	{ .compatible = HIDMA_DT_COMPAT_MGMT },
	{ .acpi_hid = NULL, .compatible = NULL },
};

static const char * const mgmt_valid_keys[] = {
	MGMT_ARG_CHANNELS,
	MGMT_ARG_ENABLE,
	NULL
};

/* the channel count first: the per-channel knobs are checked against it */
static int
mgmt_parse_devargs(const char *dev, const char *args, struct hidma_mgmt_params *p)
{
	struct hidma_kvargs k = {
		.dev = dev, .prefix = "raw_hidma_mgmt: ", .logtype = hidma_mgmt_logtype,
	};
	uint64_t channels = 0, enable = 1;
	int ret;

	ret = hidma_kvargs_open(&k, args,
			(const char * const *const []){ mgmt_valid_keys, hidma_mgmt_kvargs_keys(), NULL },
			MGMT_ARG_CHANNELS ", " MGMT_ARG_ENABLE ", " HIDMA_MGMT_PARAM_KEYS);
	if (ret == 0)
		ret = hidma_kvargs_num(&k, MGMT_ARG_CHANNELS, 1, HIDMA_MGMT_MAX_CHANNELS,
				"1.." RTE_STR(HIDMA_MGMT_MAX_CHANNELS), &channels);
	if (ret >= 0)
		ret = hidma_kvargs_num(&k, MGMT_ARG_ENABLE, 0, 1, "0 or 1", &enable);
	if (ret >= 0 && channels == 0) {
		MGMT_PLAT_LOG(ERR, "%s: devarg " MGMT_ARG_CHANNELS "=<1..%d> is required: the channel count (firmware property dma-channels) cannot be read from user space; e.g. -a " RTE_HIDMA_PLATFORM_BUS_NAME ":%s," MGMT_ARG_CHANNELS "=6",
				dev, HIDMA_MGMT_MAX_CHANNELS, dev);
		ret = -EINVAL;
	}
	if (ret >= 0) {
		hidma_mgmt_params_init(p, channels);
		p->enable = enable != 0;
		ret = hidma_mgmt_params_kvargs(p, &k);
	}
	hidma_kvargs_close(&k);
	return ret < 0 ? ret : 0;
}

static int
hidma_mgmt_platform_probe(struct rte_hidma_platform_device *pdev)
{
	struct hidma_mgmt_params params;
	const char *args = NULL;
	int ret;

	if (pdev->num_resource < 1 || pdev->resource[0].mem.len < HIDMA_MGMT_SIZE) {
		MGMT_PLAT_LOG(ERR, "%s: needs one MMIO region of at least 0x%x bytes, has %s0x%" PRIx64,
				pdev->name, HIDMA_MGMT_SIZE,
				pdev->num_resource < 1 ? "none, " : "",
				pdev->num_resource < 1 ? 0 : pdev->resource[0].mem.len);
		return -ENODEV;
	}
	/* the bus mapped the region where the primary has it: take its rawdev */
	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		ret = hidma_mgmt_attach(pdev->name, &pdev->device);
		return ret < 0 ? ret : 0;
	}
	if (pdev->device.devargs != NULL)
		args = pdev->device.devargs->args;
	ret = mgmt_parse_devargs(pdev->name, args, &params);
	if (ret < 0)
		return ret;
	ret = hidma_mgmt_create(pdev->name, &pdev->device, pdev->resource[0].mem.addr, &params,
			pdev->device.numa_node);
	if (ret < 0)
		return ret;
	MGMT_PLAT_LOG(INFO, "%s: rawdev %d, %u channels%s", pdev->name, ret, params.nb_channels,
			params.enable ? ", enabled" : "");
	return 0;
}

static int
hidma_mgmt_platform_remove(struct rte_hidma_platform_device *pdev)
{
	return hidma_mgmt_destroy(pdev->name);
}

static struct rte_hidma_platform_driver hidma_mgmt_platform_driver = {
	.probe = hidma_mgmt_platform_probe,
	.remove = hidma_mgmt_platform_remove,
	.id_table = hidma_mgmt_platform_ids,
};

RTE_PMD_REGISTER_HIDMA_PLATFORM(raw_hidma_mgmt, hidma_mgmt_platform_driver);
RTE_PMD_REGISTER_HIDMA_PLATFORM_TABLE(raw_hidma_mgmt, hidma_mgmt_platform_ids);
RTE_PMD_REGISTER_KMOD_DEP(raw_hidma_mgmt, "vfio-platform");
RTE_PMD_REGISTER_PARAM_STRING(raw_hidma_mgmt,
	MGMT_ARG_CHANNELS "=<1-" RTE_STR(HIDMA_MGMT_MAX_CHANNELS) "> "
	MGMT_ARG_ENABLE "=<0|1> "
	HIDMA_MGMT_PARAM_STRING);
