/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * A stand-in for upstream DPDK's "platform" bus (>= 23.03) where the DPDK
 * built against has none (22.11), so that test_bus_coexist runs on every
 * platform: a bus of that name which, like upstream's for HIDMA devices,
 * finds no driver and claims no device name. Where the real bus exists,
 * test/bus/meson.build uses it instead.
 */

#include <errno.h>

#include <bus_driver.h>
#include <rte_common.h>

static int
stand_in_scan(void)
{
	return 0;
}

static int
stand_in_probe(void)
{
	return 0;
}

static int
stand_in_parse(const char *name, void *addr)
{
	RTE_SET_USED(name);
	RTE_SET_USED(addr);
	return -ENODEV;
}

static struct rte_device *
stand_in_find_device(const struct rte_device *start, rte_dev_cmp_t cmp, const void *data)
{
	RTE_SET_USED(start);
	RTE_SET_USED(cmp);
	RTE_SET_USED(data);
	return NULL;
}

static struct rte_bus stand_in_bus = {
	.scan = stand_in_scan,
	.probe = stand_in_probe,
	.parse = stand_in_parse,
	.find_device = stand_in_find_device,
};

RTE_REGISTER_BUS(platform, stand_in_bus);
