/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * hidma_platform beside upstream DPDK's "platform" bus (DPDK >= 23.03), in
 * both load orders. Unlike the other bus tests this program does not link
 * the bus or the drivers: it loads them with dlopen(), in the order the
 * scenario names, before rte_eal_init():
 *   upstream-first   upstream's librte_bus_platform, then our plugins
 *   ours-first       our plugins, then upstream's bus
 * argv: <scenario> <upstream bus library> <our plugin directory> <EAL args...>
 *
 * In both orders, both buses must be registered once each, and ours must
 * scan the fake sysfs tree, match the HIDMA devices by ACPI id and by DT
 * compatible under its allow list (which must leave upstream's bus's scan
 * mode alone), and take the devargs with its prefix. The machine has no
 * VFIO, so the probes end with the bus's "VFIO is not available"; the other
 * bus tests cover probing with a fake VFIO back-end.
 */

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <rte_common.h>
#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_errno.h>

/*
 * Where the DPDK has upstream's bus, its driver header compiles beside ours
 * (private.h includes bus_hidma_platform_driver.h): no type, function or
 * macro name is shared.
 */
#ifdef HIDMA_TEST_UPSTREAM_PLATFORM_HEADER
#include <bus_platform_driver.h>
#endif

#include "hidma_hw.h"
#include "private.h"

#include "bus_test.h"

static const struct fake_dev devs[] = {
	{ .name = "QCOM8060:00", .driver = "vfio-platform", .modalias = "acpi:QCOM8060:\n" },
	{ .name = "QCOM8061:00", .driver = "vfio-platform", .modalias = "acpi:QCOM8061:\n" },
	{ .name = "QCOM8063:00", .driver = "vfio-platform", .modalias = "acpi:QCOM8063:\n" },
	{ .name = "5c050000.hidma", .driver = "vfio-platform",
		.compat = FAKE_LIST("qcom,hidma-1.1\0qcom,hidma-1.0") },
};

static const char * const plugins[] = {
	"librte_bus_hidma_platform.so", "librte_dma_hidma.so", "librte_raw_hidma_mgmt.so",
};

static int bus_pos, pos_upstream, pos_ours;

static int
record_order(const struct rte_bus *bus, const void *unused)
{
	RTE_SET_USED(unused);
	bus_pos++;
	if (strcmp(bus->name, "platform") == 0 && pos_upstream == 0)
		pos_upstream = bus_pos;
	if (strcmp(bus->name, RTE_HIDMA_PLATFORM_BUS_NAME) == 0 && pos_ours == 0)
		pos_ours = bus_pos;
	return 1;
}

static int
load(const char *path)
{
	/* RTLD_GLOBAL, as the EAL loads plugins */
	if (dlopen(path, RTLD_NOW | RTLD_GLOBAL) == NULL) {
		EXPECT(0, "dlopen %s: %s", path, dlerror());
		return -1;
	}
	printf("loaded %s\n", path);
	return 0;
}

static int
load_ours(const char *dir)
{
	char path[PATH_MAX];
	unsigned int i;

	for (i = 0; i < RTE_DIM(plugins); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, plugins[i]);
		if (load(path) < 0)
			return -1;
	}
	return 0;
}

static void
check_parse(const char *str)
{
	struct rte_devargs da;

	memset(&da, 0, sizeof(da));
	EXPECT(rte_devargs_parse(&da, str) == 0, "cannot parse %s", str);
	EXPECT(da.bus == rte_bus_find_by_name(RTE_HIDMA_PLATFORM_BUS_NAME) &&
			strcmp(da.name, "QCOM8063:00") == 0, "%s: bus %s, name %s", str,
			da.bus != NULL ? da.bus->name : "none", da.name);
	rte_devargs_reset(&da);
}

static void
scenario(int upstream_first, const char *upstream, const char *dir, int argc, char **argv)
{
	static const char * const extra[] = {
		"-a", RTE_HIDMA_PLATFORM_BUS_NAME ":QCOM8060:00,channels=2",
		"-a", RTE_HIDMA_PLATFORM_BUS_NAME ":QCOM8063:00",
		"-a", RTE_HIDMA_PLATFORM_BUS_NAME ":5c050000.hidma",
		"--log-level=bus.hidma_platform:info",
		NULL,
	};
	static const struct {
		const char *dev, *drv, *id;
	} want[] = {
		{ "QCOM8060:00", "raw_hidma_mgmt", "QCOM8060" },
		{ "QCOM8063:00", "dma_hidma", "QCOM8063" },
		{ "5c050000.hidma", "dma_hidma", "qcom,hidma-1.1" },
	};
	struct rte_bus *up;
	char a[128], b[128];
	unsigned int i;

	bt_log_capture();
	if (upstream_first ? load(upstream) < 0 || load_ours(dir) < 0 :
			load_ours(dir) < 0 || load(upstream) < 0)
		return;
	rte_bus_find(NULL, record_order, NULL);
	EXPECT(pos_upstream > 0 && pos_ours > 0, "buses registered: upstream at %d, ours at %d",
			pos_upstream, pos_ours);
	EXPECT(upstream_first ? pos_upstream < pos_ours : pos_ours < pos_upstream,
			"wrong load order: upstream at %d, ours at %d", pos_upstream, pos_ours);
	if (bt_eal_start(devs, RTE_DIM(devs), argc, argv, extra) < 0) {
		EXPECT(0, "rte_eal_init failed: %s", rte_strerror(rte_errno));
		return;
	}
	EXPECT(bt_bus_count("platform") == 1 && bt_bus_count(RTE_HIDMA_PLATFORM_BUS_NAME) == 1,
			"%u platform, %u hidma_platform buses", bt_bus_count("platform"),
			bt_bus_count(RTE_HIDMA_PLATFORM_BUS_NAME));
	EXPECT(!bt_log_has("already registered"), "a bus stepped aside");
	for (i = 0; i < RTE_DIM(want); i++) {
		snprintf(a, sizeof(a), "%s: matches driver %s", want[i].dev, want[i].drv);
		snprintf(b, sizeof(b), "(id %s,", want[i].id);
		EXPECT(bt_log_line_has(a, b), "no \"%s %s\"", a, b);
		snprintf(a, sizeof(a), "%s: cannot probe", want[i].dev);
		EXPECT(bt_log_has(a), "no probe of %s", want[i].dev);
	}
	/* our allow list: the unlisted channel is not taken */
	EXPECT(!bt_log_has("QCOM8061:00: matches"), "unlisted device matched");
	EXPECT(rte_bus_find_by_name(RTE_HIDMA_PLATFORM_BUS_NAME)->conf.scan_mode ==
			RTE_BUS_SCAN_ALLOWLIST, "our bus not in allow-list mode");
	up = rte_bus_find_by_name("platform");
	EXPECT(up != NULL && up->conf.scan_mode != RTE_BUS_SCAN_ALLOWLIST,
			"our -a put upstream's bus in allow-list mode");
	/* devargs reach our bus, with our prefix or without any */
	check_parse(RTE_HIDMA_PLATFORM_BUS_NAME ":QCOM8063:00,k=v");
	check_parse("QCOM8063:00");
}

/* what main() is given: upstream's bus, the plugin directory, the EAL arguments */
static const char *bus_so, *plugin_dir;
static int eal_argc;
static char **eal_argv;

static int
test_upstream_first(void)
{
	scenario(1, bus_so, plugin_dir, eal_argc, eal_argv);
	return bt_finish("upstream-first", 1);
}

static int
test_ours_first(void)
{
	scenario(0, bus_so, plugin_dir, eal_argc, eal_argv);
	return bt_finish("ours-first", 1);
}

static const struct ht_case scenarios[] = {
	{ "upstream-first", test_upstream_first },
	{ "ours-first", test_ours_first },
};

int
main(int argc, char **argv)
{
	char *name[2] = { argv[0], argc > 1 ? argv[1] : NULL };

	if (argc < 4) {
		fprintf(stderr, "usage: %s upstream-first|ours-first <librte_bus_platform.so> "
				"<plugin dir> <EAL args>\n", argv[0]);
		return 2;
	}
	bus_so = argv[2];
	plugin_dir = argv[3];
	/* argv[3] becomes the program name of the EAL arguments */
	eal_argc = argc - 3;
	eal_argv = argv + 3;
	/* one scenario per process: EAL starts once */
	return ht_run(scenarios, RTE_DIM(scenarios), 2, name);
}
