/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The VFIO-platform bus against fake sysfs trees. One scenario per run
 * (argv[1]); the remaining arguments are the common EAL arguments:
 *   ids       matching helpers, id tables, capability flags (no EAL)
 *   scan      which devices are scanned, matched (with caps) and skipped
 *   allow     -a hidma_platform:X: only listed devices, PCI semantics; devargs
 *   block     -b hidma_platform:X
 *   novfio    the real VFIO back-end on a machine without VFIO: probing
 *             fails with a clear message, the EAL stays usable
 *   probe     VFIO failure paths, region mapping and names, remove, dma_map
 *   hotplug   rte_dev_probe/remove, parse, device iteration
 *   mprecord  multi-process: the primary's shared record of its mappings, and
 *             the secondary's placement of a device's regions at recorded
 *             addresses (and its refusals), in one process
 *   mpattach  multi-process, two processes (hugepages): the primary probes,
 *             then starts itself as a secondary of its --file-prefix
 *             ("mpattach-sec"), which must probe exactly the devices the
 *             primary recorded, at the primary's addresses, except one whose
 *             address it occupies first (refused)
 * All but ids and novfio use a fake VFIO back-end (bus_test.c).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_bus.h>
#include <rte_bus_vdev.h>
#include <rte_common.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include "hidma_hw.h"
#include "hidma_platform_ids.h"
#include "private.h"

#include "bus_test.h"

/* ------------------------------------------------------------ the tree */

#define LONG_NAME "0123456789012345678901234567890123456789012345678901234567890.long"

static const struct fake_dev std_devs[] = {
	{ .name = "QCOM8060:00", .driver = "vfio-platform", .modalias = "acpi:QCOM8060:\n",
	  .numa_node = "0\n" },
	{ .name = "QCOM8061:00", .driver = "vfio-platform", .modalias = "acpi:QCOM8061:\n",
	  .numa_node = "1\n" },
	/* no modalias: the _HID comes from the name; no numa_node file */
	{ .name = "QCOM8062:00", .driver = "vfio-platform" },
	{ .name = "QCOM8063:01", .driver = "vfio-platform", .modalias = "acpi:QCOM8063:PNP0A05:\n",
	  .numa_node = "-1\n" },
	/* a _CID match: unknown _HID, HIDMA 1.1 compatible id */
	{ .name = "ABCD0001:00", .driver = "vfio-platform",
	  .modalias = "acpi:ABCD0001:QCOM8062:\n", .numa_node = "0\n" },
	/* not usable: bound to the kernel driver, unbound, broken links */
	{ .name = "QCOM8061:02", .driver = "hidma", .modalias = "acpi:QCOM8061:\n" },
	{ .name = "QCOM8061:03", .modalias = "acpi:QCOM8061:\n" },
	{ .name = "QCOM8061:04", .driver = FAKE_DRV_DANGLING, .modalias = "acpi:QCOM8061:\n" },
	{ .name = "QCOM8061:05", .driver = FAKE_DRV_FILE, .modalias = "acpi:QCOM8061:\n" },
	/* NUMA node out of range, nothing but the driver link */
	{ .name = "QCOM8061:06", .driver = "vfio-platform", .numa_node = "99\n" },
	{ .name = "QCOM8061:07", .driver = "vfio-platform", .no_dir = 1 },
	/* devicetree: most specific compatible first; garbage numa_node */
	{ .name = "5c050000.hidma", .driver = "vfio-platform",
	  .modalias = "of:NhidmaT(null)Cqcom,hidma-1.1Cqcom,hidma-1.0\n", .numa_node = "x\n",
	  .compat = FAKE_LIST("qcom,hidma-1.1\0qcom,hidma-1.0"),
	  .reg_names = FAKE_LIST("trca\0evca") },
	/* case differs from the table; reg-names with an empty first entry */
	{ .name = "5c060000.hidma", .driver = "vfio-platform", .numa_node = "0\n",
	  .compat = FAKE_LIST("QCOM,HIDMA-1.2"), .reg_names = FAKE_LIST("\0evca") },
	/* of_node without compatible */
	{ .name = "5c070000.hidma", .driver = "vfio-platform", .reg_names = FAKE_LIST("trca") },
	{ .name = "f9984000.hidma-mgmt", .driver = "vfio-platform",
	  .compat = FAKE_LIST("qcom,hidma-mgmt-1.0"), .reg_names = FAKE_LIST("mgmt") },
	/* unknown ids */
	{ .name = "1c28000.serial", .driver = "vfio-platform",
	  .compat = FAKE_LIST("snps,dw-apb-uart") },
	{ .name = "ARMH0011:00", .driver = "vfio-platform", .modalias = "acpi:ARMH0011:\n" },
	/* matched by name (upstream's rule) */
	{ .name = "dummy_mmio", .driver = "vfio-platform" },
	{ .name = "serial8250", .driver = NULL },
	{ .name = LONG_NAME, .driver = "vfio-platform", .modalias = "acpi:QCOM8061:\n" },
};

/* bound to vfio-platform with a usable name, in the bus's (strcmp) order */
static const char * const std_scanned[] = {
	"1c28000.serial", "5c050000.hidma", "5c060000.hidma", "5c070000.hidma",
	"ABCD0001:00", "ARMH0011:00", "QCOM8060:00", "QCOM8061:00", "QCOM8061:06",
	"QCOM8062:00", "QCOM8063:01", "dummy_mmio", "f9984000.hidma-mgmt", NULL,
};

#define CAP_1_0 0u
#define CAP_1_1 HIDMA_CAP_MSI
#define CAP_1_2 (HIDMA_CAP_MSI | HIDMA_CAP_IDENTITY)
#define MGMT_CAPS 0x80000000u	/* marks the management table's entries */

struct expect {
	const char *name;
	const char *driver;	/* NULL: no driver matches */
	uint32_t caps;
	int numa;
};

static const struct expect std_expect[] = {
	{ "1c28000.serial", NULL, 0, SOCKET_ID_ANY },
	{ "5c050000.hidma", "test_chan", CAP_1_1, SOCKET_ID_ANY },
	{ "5c060000.hidma", "test_chan", CAP_1_2, 0 },
	{ "5c070000.hidma", NULL, 0, SOCKET_ID_ANY },
	{ "ABCD0001:00", "test_chan", CAP_1_1, 0 },
	{ "ARMH0011:00", NULL, 0, SOCKET_ID_ANY },
	{ "QCOM8060:00", "test_mgmt", MGMT_CAPS, 0 },
	{ "QCOM8061:00", "test_chan", CAP_1_0, 1 },
	{ "QCOM8061:06", "test_chan", CAP_1_0, SOCKET_ID_ANY },
	{ "QCOM8062:00", "test_chan", CAP_1_1, SOCKET_ID_ANY },
	{ "QCOM8063:01", "test_chan", CAP_1_2, SOCKET_ID_ANY },
	{ "dummy_mmio", "dummy_mmio", 0, SOCKET_ID_ANY },
	{ "f9984000.hidma-mgmt", "test_mgmt", MGMT_CAPS, SOCKET_ID_ANY },
	{ NULL, NULL, 0, 0 },
};

/* ------------------------------------------------------------ test drivers */

/* the channel table is the front-end's own (hidma_platform_ids.h); this is the management one */
static const struct rte_hidma_platform_id mgmt_ids[] = {
	{ .acpi_hid = HIDMA_ACPI_HID_MGMT, .caps = MGMT_CAPS },
	{ .compatible = HIDMA_DT_COMPAT_MGMT, .caps = MGMT_CAPS },
	{ .acpi_hid = NULL, .compatible = NULL },
};

#define MAX_REC 32

struct probe_rec {
	char name[RTE_DEV_NAME_MAX_LEN];
	const char *driver;
	int has_id;
	uint32_t caps;
	unsigned int nb_res;
	char res_name[2][16];	/* "(null)" for a NULL name */
	uint64_t res_len[2];
	int fd;
	char args[64];
	int removed;
};

static struct probe_rec recs[MAX_REC];
static unsigned int nb_recs;
static const char *fail_probe;	/* the drivers refuse this device */
static unsigned int driver_dma_maps;

static struct probe_rec *
rec_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < nb_recs; i++)
		if (strcmp(recs[i].name, name) == 0)
			return &recs[i];
	return NULL;
}

static int
test_probe(struct rte_hidma_platform_device *pdev)
{
	struct probe_rec *r;
	unsigned int i;

	if (fail_probe != NULL && strcmp(pdev->name, fail_probe) == 0)
		return -EIO;
	EXPECT(nb_recs < MAX_REC, "too many probes");
	if (nb_recs >= MAX_REC)
		return -ENOSPC;
	r = &recs[nb_recs++];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", pdev->name);
	r->driver = pdev->driver->driver.name;
	r->has_id = pdev->id != NULL;
	r->caps = pdev->id != NULL ? pdev->id->caps : 0;
	r->nb_res = pdev->num_resource;
	for (i = 0; i < 2 && i < pdev->num_resource; i++) {
		snprintf(r->res_name[i], sizeof(r->res_name[i]), "%s",
				pdev->resource[i].name != NULL ? pdev->resource[i].name : "(null)");
		r->res_len[i] = pdev->resource[i].mem.len;
		/* the mapping must be usable memory */
		*(volatile uint32_t *)pdev->resource[i].mem.addr = 0x5a5a5a5a;
	}
	r->fd = pdev->dev_fd;
	if (pdev->device.devargs != NULL)
		snprintf(r->args, sizeof(r->args), "%s", pdev->device.devargs->args);
	else
		snprintf(r->args, sizeof(r->args), "(none)");
	return 0;
}

static int
test_remove(struct rte_hidma_platform_device *pdev)
{
	struct probe_rec *r = rec_find(pdev->name);

	EXPECT(r != NULL, "remove of %s, never probed", pdev->name);
	EXPECT(pdev->num_resource == 0 || pdev->resource[0].mem.addr != NULL,
			"%s: regions unmapped before remove", pdev->name);
	if (r != NULL)
		r->removed++;
	return 0;
}

static int
test_dma_map(struct rte_hidma_platform_device *pdev, void *addr, uint64_t iova, size_t len)
{
	RTE_SET_USED(pdev);
	RTE_SET_USED(addr);
	RTE_SET_USED(iova);
	RTE_SET_USED(len);
	driver_dma_maps++;
	return 0;
}

static struct rte_hidma_platform_driver test_chan = {
	.probe = test_probe, .remove = test_remove, .id_table = hidma_platform_ids,
};
static struct rte_hidma_platform_driver test_mgmt = {
	.probe = test_probe, .remove = test_remove, .id_table = mgmt_ids,
};
static struct rte_hidma_platform_driver test_byname = {
	.probe = test_probe, .remove = test_remove, .dma_map = test_dma_map,
	.dma_unmap = test_dma_map,
};

RTE_PMD_REGISTER_HIDMA_PLATFORM(test_chan, test_chan);
RTE_PMD_REGISTER_HIDMA_PLATFORM(test_mgmt, test_mgmt);
RTE_PMD_REGISTER_HIDMA_PLATFORM(dummy_mmio, test_byname);

/* ------------------------------------------------------------ helpers */

static struct rte_bus *
pbus(void)
{
	return rte_bus_find_by_name(RTE_HIDMA_PLATFORM_BUS_NAME);
}

static int
cmp_any(const struct rte_device *dev, const void *data)
{
	RTE_SET_USED(dev);
	RTE_SET_USED(data);
	return 0;
}

static int
cmp_name(const struct rte_device *dev, const void *data)
{
	return strcmp(dev->name, data);
}

static struct rte_hidma_platform_device *
dev_by_name(const char *name)
{
	struct rte_device *dev = pbus()->find_device(NULL, cmp_name, name);

	return dev != NULL ? RTE_DEV_TO_HIDMA_PLATFORM_DEV(dev) : NULL;
}

/* The scanned devices must be exactly @want, in order. */
static void
check_scanned(const char * const *want)
{
	struct rte_device *dev = NULL;
	unsigned int i = 0;

	while ((dev = pbus()->find_device(dev, cmp_any, NULL)) != NULL) {
		EXPECT(want[i] != NULL, "unexpected device %s scanned", dev->name);
		if (want[i] == NULL)
			continue;
		EXPECT(strcmp(dev->name, want[i]) == 0, "scanned %s, expected %s", dev->name,
				want[i]);
		EXPECT(dev->bus == pbus(), "%s: bus not set", dev->name);
		i++;
	}
	EXPECT(want[i] == NULL, "device %s not scanned", want[i]);
}

/* Each device of @exp present, probed by the expected driver with the expected caps. */
static void
check_probed(const struct expect *exp, int numa)
{
	for (; exp->name != NULL; exp++) {
		struct rte_hidma_platform_device *pdev = dev_by_name(exp->name);
		struct probe_rec *r = rec_find(exp->name);

		EXPECT(pdev != NULL, "%s not scanned", exp->name);
		if (pdev == NULL)
			continue;
		if (numa)
			EXPECT(pdev->device.numa_node == exp->numa, "%s: numa %d, expected %d",
					exp->name, pdev->device.numa_node, exp->numa);
		if (exp->driver == NULL) {
			EXPECT(r == NULL && !rte_dev_is_probed(&pdev->device),
					"%s probed, no driver should match", exp->name);
			continue;
		}
		EXPECT(r != NULL && rte_dev_is_probed(&pdev->device), "%s not probed", exp->name);
		if (r == NULL)
			continue;
		EXPECT(strcmp(r->driver, exp->driver) == 0, "%s: driver %s, expected %s",
				exp->name, r->driver, exp->driver);
		EXPECT(r->caps == exp->caps, "%s: caps 0x%x, expected 0x%x", exp->name, r->caps,
				exp->caps);
		EXPECT(r->has_id == (strcmp(exp->driver, "dummy_mmio") != 0),
				"%s: id %s", exp->name, r->has_id ? "set" : "missing");
		EXPECT(pdev->id == NULL || pdev->id->caps == exp->caps, "%s: pdev->id", exp->name);
		EXPECT(r->nb_res == 2 && r->res_len[0] == (uint64_t)sysconf(_SC_PAGESIZE),
				"%s: %u regions", exp->name, r->nb_res);
		EXPECT(r->fd >= 0 && pdev->dev_fd == r->fd, "%s: dev_fd", exp->name);
	}
}

static int
count_recs_removed(void)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < nb_recs; i++)
		n += recs[i].removed;
	return n;
}

/* ------------------------------------------------------------ scenarios */

/* the ids of a modalias without NULs, as sysfs gives it (NUL-terminated) */
static size_t
modalias_parse(const char *modalias, char *out, size_t out_len)
{
	return hidma_plat_acpi_ids_parse(modalias, strlen(modalias) + 1, out, out_len);
}

static int
scenario_ids(void)
{
	/* lists of ids in the order a device gives them, and the entry that must match */
	static const struct {
		struct fake_list acpi, dt;
		uint32_t caps;
		const char *what;
	} order[] = {
		{ .dt = FAKE_LIST("qcom,hidma-1.1\0qcom,hidma-1.0"), .caps = HIDMA_CAP_MSI,
		  .what = "compatible order" },
		{ .acpi = FAKE_LIST("QCOM8063\0QCOM8061"), .caps = HIDMA_CAP_MSI | HIDMA_CAP_IDENTITY,
		  .what = "HID before CID" },
		{ .acpi = FAKE_LIST("ABCD0001\0QCOM8061"), .caps = 0, .what = "CID match" },
		/* ACPI ids win over compatibles */
		{ .acpi = FAKE_LIST("QCOM8061"), .dt = FAKE_LIST("qcom,hidma-1.2"), .caps = 0,
		  .what = "ACPI first" },
	};
	char out[128];
	size_t n;
	const struct rte_hidma_platform_id *e;
	static const struct {
		const char *id;
		int acpi;
		const struct rte_hidma_platform_id *table;
		uint32_t caps;	/* ~0: no match */
	} cases[] = {
		{ "QCOM8061", 1, hidma_platform_ids, 0 },
		{ "QCOM8062", 1, hidma_platform_ids, HIDMA_CAP_MSI },
		{ "QCOM8063", 1, hidma_platform_ids, HIDMA_CAP_MSI | HIDMA_CAP_IDENTITY },
		{ "qcom8063", 1, hidma_platform_ids, HIDMA_CAP_MSI | HIDMA_CAP_IDENTITY },
		{ "QCOM8060", 1, hidma_platform_ids, ~0u },
		{ "QCOM8064", 1, hidma_platform_ids, ~0u },
		{ "QCOM8060", 1, mgmt_ids, MGMT_CAPS },
		{ "QCOM8061", 1, mgmt_ids, ~0u },
		{ "qcom,hidma-1.0", 0, hidma_platform_ids, 0 },
		{ "qcom,hidma-1.1", 0, hidma_platform_ids, HIDMA_CAP_MSI },
		{ "qcom,hidma-1.2", 0, hidma_platform_ids, HIDMA_CAP_MSI | HIDMA_CAP_IDENTITY },
		{ "qcom,hidma", 0, hidma_platform_ids, ~0u },	/* the 2014 pre-merge name */
		{ "qcom,hidma-mgmt-1.0", 0, hidma_platform_ids, ~0u },
		{ "qcom,hidma-mgmt-1.0", 0, mgmt_ids, MGMT_CAPS },
		/* an ACPI id never matches a compatible and vice versa */
		{ "QCOM8061", 0, hidma_platform_ids, ~0u },
		{ "qcom,hidma-1.0", 1, hidma_platform_ids, ~0u },
	};
	unsigned int i;

	/* capability flags: distinct bits, one flavour each */
	EXPECT(HIDMA_CAP_MSI != 0 && HIDMA_CAP_IDENTITY != 0 &&
			(HIDMA_CAP_MSI & HIDMA_CAP_IDENTITY) == 0, "caps overlap");
	EXPECT(HIDMA_FLAVOUR_CAPS(HIDMA_FLAVOUR_1_0) == 0, "1.0 caps");
	EXPECT(HIDMA_FLAVOUR_CAPS(HIDMA_FLAVOUR_1_1) == HIDMA_CAP_MSI, "1.1 caps");
	EXPECT(HIDMA_FLAVOUR_CAPS(HIDMA_FLAVOUR_1_2) == (HIDMA_CAP_MSI | HIDMA_CAP_IDENTITY),
			"1.2 caps");
	EXPECT(HIDMA_CHID_REG(0) == HIDMA_TRCA_CHID_REG, "chid reg 1.0");
	EXPECT(HIDMA_CHID_REG(HIDMA_CAP_MSI) == HIDMA_TRCA_CHID_REG, "chid reg 1.1");
	EXPECT(HIDMA_CHID_REG(HIDMA_CAP_MSI | HIDMA_CAP_IDENTITY) == HIDMA_TRCA_IDENTITY_REG,
			"chid reg 1.2");

	for (i = 0; i < RTE_DIM(cases); i++) {
		size_t len = strlen(cases[i].id) + 1;

		if (cases[i].acpi)
			e = hidma_plat_match_ids(cases[i].table, cases[i].id, len, NULL, 0);
		else
			e = hidma_plat_match_ids(cases[i].table, NULL, 0, cases[i].id, len);
		if (cases[i].caps == ~0u) {
			EXPECT(e == NULL, "%s matched", cases[i].id);
		} else {
			EXPECT(e != NULL, "%s: no match", cases[i].id);
			EXPECT(e == NULL || e->caps == cases[i].caps, "%s: wrong caps", cases[i].id);
		}
	}
	/* the device's order decides: most specific compatible / _HID before _CID */
	for (i = 0; i < RTE_DIM(order); i++) {
		e = hidma_plat_match_ids(hidma_platform_ids, order[i].acpi.s, order[i].acpi.len,
				order[i].dt.s, order[i].dt.len);
		EXPECT(e != NULL && e->caps == order[i].caps, "%s", order[i].what);
	}
	EXPECT(hidma_plat_match_ids(NULL, "QCOM8061", sizeof("QCOM8061"), NULL, 0) == NULL,
			"no table");

	/* modalias parsing */
	n = modalias_parse("acpi:QCOM8061:\n", out, sizeof(out));
	EXPECT(n == 9 && strcmp(out, "QCOM8061") == 0, "modalias one id");
	n = modalias_parse("acpi:QCOM8063:PNP0A05:\n", out, sizeof(out));
	EXPECT(n == 17 && strcmp(out, "QCOM8063") == 0 && strcmp(out + 9, "PNP0A05") == 0,
			"modalias HID+CID");
	n = modalias_parse("acpi:bad id:QCOM8062:", out, sizeof(out));
	EXPECT(n == 9 && strcmp(out, "QCOM8062") == 0, "modalias bad id skipped");
	EXPECT(modalias_parse("of:NhidmaT(null)Cqcom,hidma-1.0", out, sizeof(out)) == 0,
			"DT modalias");
	EXPECT(modalias_parse("acpi:", out, sizeof(out)) == 0, "empty");
	EXPECT(modalias_parse("acpi:QCOM8061:", out, 5) == 0, "no room");

	/* _HID from the device name */
	n = hidma_plat_acpi_hid_from_name("QCOM8061:00", out, sizeof(out));
	EXPECT(n == 9 && strcmp(out, "QCOM8061") == 0, "HID from name");
	EXPECT(hidma_plat_acpi_hid_from_name("QCOM8063:0a", out, sizeof(out)) == 9, "hex instance");
	EXPECT(hidma_plat_acpi_hid_from_name("PNP0501:00", out, sizeof(out)) == 8 &&
			strcmp(out, "PNP0501") == 0, "PNP id");
	EXPECT(hidma_plat_acpi_hid_from_name("5c050000.hidma", out, sizeof(out)) == 0, "DT name");
	EXPECT(hidma_plat_acpi_hid_from_name("QCOM8061", out, sizeof(out)) == 0, "no instance");
	EXPECT(hidma_plat_acpi_hid_from_name("QCOM8061:", out, sizeof(out)) == 0, "empty instance");
	EXPECT(hidma_plat_acpi_hid_from_name("QCOM80611:00", out, sizeof(out)) == 0, "9 chars");
	EXPECT(hidma_plat_acpi_hid_from_name("QCOM806G:00", out, sizeof(out)) == 0, "not hex");
	EXPECT(hidma_plat_acpi_hid_from_name("QCOM8061:xy", out, sizeof(out)) == 0, "instance");

	/* lists */
	{
		static const char l[] = "a\0\0b";	/* "a", "", "b" */

		EXPECT(strcmp(hidma_plat_list_next(l, sizeof(l), NULL), "a") == 0, "next 0");
		EXPECT(strcmp(hidma_plat_list_next(l, sizeof(l), l), "b") == 0, "next skips empty");
		EXPECT(hidma_plat_list_next(l, sizeof(l), l + 3) == NULL, "next end");
		EXPECT(hidma_plat_list_next(l, 0, NULL) == NULL, "empty list");
		EXPECT(strcmp(hidma_plat_list_nth(l, sizeof(l), 0), "a") == 0, "nth 0");
		EXPECT(hidma_plat_list_nth(l, sizeof(l), 1) == NULL, "nth empty entry");
		EXPECT(strcmp(hidma_plat_list_nth(l, sizeof(l), 2), "b") == 0, "nth 2");
		EXPECT(hidma_plat_list_nth(l, sizeof(l), 3) == NULL, "nth past end");
	}

	/* names */
	EXPECT(hidma_plat_name_valid("QCOM8061:00"), "valid name");
	EXPECT(!hidma_plat_name_valid(""), "empty name");
	EXPECT(!hidma_plat_name_valid(LONG_NAME), "long name");
	EXPECT(hidma_plat_name_valid(LONG_NAME + (sizeof(LONG_NAME) - RTE_DEV_NAME_MAX_LEN)),
			"63 characters");
	EXPECT(!hidma_plat_name_valid(".."), "dot name");
	EXPECT(!hidma_plat_name_valid("a/b"), "slash");

	/* whole-driver matching: id table first, then name, then alias */
	{
		struct hidma_plat_dev pd;
		struct rte_hidma_platform_driver drv = { .id_table = hidma_platform_ids };
		const struct rte_hidma_platform_id *id;

		memset(&pd, 0, sizeof(pd));
		snprintf(pd.pdev.name, sizeof(pd.pdev.name), "1c28000.serial");
		pd.compat_len = sizeof("qcom,hidma-1.2");
		memcpy(pd.compat, "qcom,hidma-1.2", pd.compat_len);
		EXPECT(hidma_plat_match(&drv, &pd.pdev, &id) && id == &hidma_platform_ids[5], "by table");
		pd.compat_len = 0;
		EXPECT(!hidma_plat_match(&drv, &pd.pdev, &id) && id == NULL, "no match");
		drv.driver.alias = "1c28000.serial";
		EXPECT(hidma_plat_match(&drv, &pd.pdev, &id) && id == NULL, "by alias");
		drv.driver.alias = NULL;
		drv.driver.name = "1c28000.serial";
		EXPECT(hidma_plat_match(&drv, &pd.pdev, &id) && id == NULL, "by name");
	}

	/* the registration macro and the bus registration */
	EXPECT(pbus() != NULL, "platform bus not registered");
	EXPECT(strcmp(test_chan.driver.name, "test_chan") == 0, "driver name");
	EXPECT(test_byname.driver.alias == NULL, "alias");
	return 0;
}

static void
check_scan_logs(void)
{
	EXPECT(bt_log_line_has("QCOM8061:02: skipped", "bound to hidma"), "kernel driver");
	EXPECT(bt_log_line_has("QCOM8061:03: skipped", "not bound to any driver"), "unbound");
	EXPECT(bt_log_line_has("QCOM8061:04: skipped", "unusable driver link"), "dangling link");
	EXPECT(bt_log_line_has("QCOM8061:05: skipped", "unusable driver link"), "driver file");
	EXPECT(bt_log_line_has("QCOM8061:07: skipped", "not bound to any driver"),
			"dangling device");
	EXPECT(bt_log_line_has("skipping 012345", "name longer than 63"), "long name");
	EXPECT(bt_log_line_has("5c050000.hidma: found", "compatible: qcom,hidma-1.1 qcom,hidma-1.0"),
			"DT ids logged");
	EXPECT(bt_log_line_has("QCOM8063:01: found", "ACPI ids: QCOM8063 PNP0A05"),
			"ACPI ids logged");
	EXPECT(bt_log_line_has("QCOM8063:01: matches driver test_chan", "caps 0x3"), "match log");
}

static int
scenario_scan(void)
{
	static const char * const extra[] = { "--log-level=bus.hidma_platform:debug", NULL };
	struct rte_hidma_platform_device *pdev;
	struct probe_rec *r;

	fake_vfio_install(NULL);
	bt_log_capture();
	if (bt_eal_start(std_devs, RTE_DIM(std_devs), bt_argc, bt_argv, extra) < 0) {
		EXPECT(0, "rte_eal_init failed: %s", rte_strerror(rte_errno));
		return 0;
	}
	EXPECT(pbus()->conf.scan_mode == RTE_BUS_SCAN_UNDEFINED, "scan mode");
	check_scanned(std_scanned);
	check_probed(std_expect, 1);
	EXPECT(nb_recs == 10, "%u probes, expected 10", nb_recs);
	check_scan_logs();

	/* region names: DT reg-names by index, NULL (empty entry, ACPI) otherwise */
	r = rec_find("5c050000.hidma");
	EXPECT(r != NULL && strcmp(r->res_name[0], "trca") == 0 &&
			strcmp(r->res_name[1], "evca") == 0, "reg-names");
	r = rec_find("5c060000.hidma");
	EXPECT(r != NULL && strcmp(r->res_name[0], "(null)") == 0 &&
			strcmp(r->res_name[1], "evca") == 0, "reg-names with an empty entry");
	r = rec_find("QCOM8061:00");
	EXPECT(r != NULL && strcmp(r->res_name[0], "(null)") == 0, "ACPI: no region names");
	EXPECT(r != NULL && strcmp(r->args, "(none)") == 0, "no devargs");
	/* unmatched devices are never opened */
	EXPECT(fake_vfio_count("ARMH0011:00")->setups == 0, "unmatched device opened");
	pdev = dev_by_name("ARMH0011:00");
	EXPECT(pdev != NULL && pdev->dev_fd == -1 && pdev->num_resource == 0, "unmatched state");
	/* nothing needs IOVA as VA; VFIO with an IOMMU */
	EXPECT(pbus()->get_iommu_class() == RTE_IOVA_DC, "iommu class");

	/* rte_eal_cleanup removes every driver and unmaps every region */
	EXPECT(rte_eal_cleanup() == 0, "cleanup");
	EXPECT(count_recs_removed() == 10, "%d removes, expected 10", count_recs_removed());
	EXPECT(fake_vfio_balanced(), "mappings left after cleanup");
	EXPECT(TAILQ_EMPTY(&hidma_plat_bus.device_list), "devices left after cleanup");
	return 0;
}

static int
scenario_allow(void)
{
	/* a listed device not bound to vfio-platform gets a warning */
	static const char * const extra[] = {
		"-a", "hidma_platform:QCOM8061:00",
		"-a", "hidma_platform:5c050000.hidma,foo=bar,n=1",
		"-a", "hidma_platform:QCOM8061:02",
		/* no such device: a name a driver knows, so parse takes it */
		"-a", "hidma_platform:QCOM8063:07",
		NULL,
	};
	static const char * const want[] = { "5c050000.hidma", "QCOM8061:00", NULL };
	struct probe_rec *r;

	fake_vfio_install(NULL);
	bt_log_capture();
	if (bt_eal_start(std_devs, RTE_DIM(std_devs), bt_argc, bt_argv, extra) < 0) {
		EXPECT(0, "rte_eal_init failed: %s", rte_strerror(rte_errno));
		return 0;
	}
	EXPECT(pbus()->conf.scan_mode == RTE_BUS_SCAN_ALLOWLIST, "scan mode");
	/* unlike upstream 23.03-24.11, unlisted devices are not taken */
	check_scanned(want);
	EXPECT(nb_recs == 2, "%u probes, expected 2", nb_recs);
	r = rec_find("5c050000.hidma");
	EXPECT(r != NULL && strcmp(r->args, "foo=bar,n=1") == 0, "devargs: %s",
			r != NULL ? r->args : "-");
	EXPECT(r != NULL && r->caps == HIDMA_CAP_MSI, "caps");
	r = rec_find("QCOM8061:00");
	EXPECT(r != NULL && strcmp(r->args, "") == 0, "empty devargs");
	EXPECT(bt_log_line_has("QCOM8061:02: skipped", "bound to hidma"),
			"warning for listed device");
	EXPECT(bt_log_line_has("QCOM8063:07: in the allow list", "no such device"),
			"no warning for an allow-listed device that does not exist");
	EXPECT(!bt_log_has("QCOM8061:00: in the allow list") &&
			!bt_log_has("QCOM8061:02: in the allow list"),
			"existing devices reported as absent");
	/* that line is a warning: the debug ones for unlisted devices are not shown */
	EXPECT(!bt_log_has("QCOM8061:03"), "debug lines shown at the default level");
	/* a name no bus knows is refused at parse time */
	EXPECT(rte_devargs_add(RTE_DEVTYPE_ALLOWED, "hidma_platform:nosuch.device") != 0,
			"unknown device accepted");
	return 0;
}

static int
scenario_block(void)
{
	static const char * const extra[] = {
		"-b", "hidma_platform:QCOM8062:00",
		"-b", "hidma_platform:f9984000.hidma-mgmt",
		NULL,
	};
	static const char * const want[] = {
		"1c28000.serial", "5c050000.hidma", "5c060000.hidma", "5c070000.hidma",
		"ABCD0001:00", "ARMH0011:00", "QCOM8060:00", "QCOM8061:00", "QCOM8061:06",
		"QCOM8063:01", "dummy_mmio", NULL,
	};

	fake_vfio_install(NULL);
	bt_log_capture();
	if (bt_eal_start(std_devs, RTE_DIM(std_devs), bt_argc, bt_argv, extra) < 0) {
		EXPECT(0, "rte_eal_init failed: %s", rte_strerror(rte_errno));
		return 0;
	}
	EXPECT(pbus()->conf.scan_mode == RTE_BUS_SCAN_BLOCKLIST, "scan mode");
	check_scanned(want);
	EXPECT(nb_recs == 8, "%u probes, expected 8", nb_recs);
	EXPECT(rec_find("QCOM8062:00") == NULL && rec_find("f9984000.hidma-mgmt") == NULL,
			"blocked device probed");
	EXPECT(fake_vfio_count("QCOM8062:00")->setups == 0, "blocked device opened");
	return 0;
}

static int
scenario_novfio(void)
{
	static const char * const extra[] = { "--log-level=bus.hidma_platform:info", NULL };
	struct rte_hidma_platform_device *pdev;
	struct rte_dma_info info;
	int16_t dma_id;
	void *p;

	/* the real back-end: this machine has no VFIO */
	bt_log_capture();
	if (bt_eal_start(std_devs, RTE_DIM(std_devs), bt_argc, bt_argv, extra) < 0) {
		EXPECT(0, "rte_eal_init failed without VFIO: %s", rte_strerror(rte_errno));
		return 0;
	}
	check_scanned(std_scanned);
	EXPECT(nb_recs == 0, "%u drivers probed without VFIO", nb_recs);
	/* matched, with caps, then a clear refusal naming the device */
	EXPECT(bt_log_line_has("QCOM8063:01: matches driver test_chan", "caps 0x3"), "match");
	EXPECT(bt_log_line_has("QCOM8061:00: cannot probe", "VFIO is not available"),
			"no clear message");
	EXPECT(bt_log_line_has("QCOM8060:00: cannot probe", "doc/guides/bus/platform.rst"),
			"no pointer to the doc");
	EXPECT(!bt_log_has("ARMH0011:00: cannot probe"), "unmatched device probed");
	pdev = dev_by_name("QCOM8061:00");
	EXPECT(pdev != NULL && !rte_dev_is_probed(&pdev->device) && pdev->dev_fd == -1 &&
			pdev->num_resource == 0 && pdev->resource == NULL, "state after failure");

	/* hotplug fails the same way and changes nothing */
	EXPECT(rte_dev_probe("hidma_platform:QCOM8061:00") < 0, "hotplug without VFIO succeeded");
	EXPECT(pdev != NULL && !rte_dev_is_probed(&pdev->device), "probed after hotplug");

	/* the EAL is fine: memory, and a vdev created afterwards works */
	p = rte_malloc(NULL, 4096, 0);
	EXPECT(p != NULL, "rte_malloc");
	rte_free(p);
	EXPECT(rte_vdev_init("dma_skeleton0", NULL) == 0, "vdev after failed platform probe");
	dma_id = rte_dma_get_dev_id_by_name("dma_skeleton0");
	EXPECT(dma_id >= 0 && rte_dma_info_get(dma_id, &info) == 0, "skeleton dmadev");
	EXPECT(rte_vdev_uninit("dma_skeleton0") == 0, "vdev uninit");
	return 0;
}

/* a driver that cannot work with IOVA as PA, registered late by the probe scenario */
static const struct rte_hidma_platform_id va_ids[] = {
	{ .acpi_hid = "ARMH0011" },
	{ .acpi_hid = NULL, .compatible = NULL },
};
static struct rte_hidma_platform_driver va_drv = {
	.driver = { .name = "test_va" },
	.probe = test_probe, .remove = test_remove,
	.drv_flags = RTE_HIDMA_PLATFORM_DRV_NEED_IOVA_AS_VA,
	.id_table = va_ids,
};

/* per-device VFIO behaviour for the probe scenario */
static struct fake_vfio_dev probe_table[] = {
	{ .name = "QCOM8062:00", .setup_ret = 1 },
	{ .name = "QCOM8063:01", .setup_ret = -1 },
	{ .name = "5c060000.hidma", .dev_flags = 1 /* RESET only: not platform */,
	  .nb_regions = 2 },
	{ .name = "5c050000.hidma", .dev_flags = PLATFORM_VFIO_DEV_PLATFORM, .nb_regions = 2,
	  .region = { { .flags = 7, .size = 0 }, { .flags = 3 /* no MMAP */, .size = 0 } } },
	{ .name = "QCOM8061:06", .dev_flags = PLATFORM_VFIO_DEV_PLATFORM, .nb_regions = 1,
	  .region = { { .flags = 7, .size = 0x800 } } },
	{ .name = "f9984000.hidma-mgmt", .dev_flags = PLATFORM_VFIO_DEV_PLATFORM,
	  .nb_regions = 2, .map_fail = 2,
	  .region = { { .flags = 7, .size = 0 }, { .flags = 7, .size = 0 } } },
	{ .name = "dummy_mmio", .dev_flags = PLATFORM_VFIO_DEV_PLATFORM, .nb_regions = 0 },
	{ .name = NULL },
};

static int
scenario_probe(void)
{
	static const char * const extra[] = { NULL };
	uint64_t pg = sysconf(_SC_PAGESIZE);
	struct rte_hidma_platform_device *pdev;
	void *buf;
	unsigned int i;

	/* page-sized regions, whatever the page size */
	for (i = 0; probe_table[i].name != NULL; i++) {
		probe_table[i].region[0].size = probe_table[i].region[0].size == 0 ? pg :
			probe_table[i].region[0].size;
		probe_table[i].region[1].size = pg;
	}
	fail_probe = "QCOM8060:00";
	fake_vfio_install(probe_table);
	bt_log_capture();
	if (bt_eal_start(std_devs, RTE_DIM(std_devs), bt_argc, bt_argv, extra) < 0) {
		EXPECT(0, "rte_eal_init failed: %s", rte_strerror(rte_errno));
		return 0;
	}
	/* probed: the healthy ones, and dummy_mmio without regions */
	EXPECT(rec_find("QCOM8061:00") != NULL && rec_find("ABCD0001:00") != NULL,
			"healthy devices not probed");
	EXPECT(rec_find("dummy_mmio") != NULL && rec_find("dummy_mmio")->nb_res == 0,
			"device without regions");
	EXPECT(bt_log_line_has("dummy_mmio", "no MMIO region"), "no-region warning");
	EXPECT(nb_recs == 3, "%u probes, expected 3", nb_recs);

	/* each failure: its message, nothing probed, everything undone */
	EXPECT(bt_log_line_has("QCOM8062:00: cannot probe", "not managed by VFIO"), "setup 1");
	EXPECT(bt_log_line_has("QCOM8063:01: cannot probe", "VFIO device setup failed"),
			"setup -1");
	EXPECT(bt_log_line_has("5c060000.hidma", "not a platform device"), "device flags");
	EXPECT(bt_log_line_has("5c050000.hidma: VFIO region 1", "cannot be mmapped"), "no MMAP");
	EXPECT(bt_log_line_has("QCOM8061:06: VFIO region 0 (size 0x800", "cannot be mmapped"),
			"unaligned size");
	EXPECT(bt_log_line_has("f9984000.hidma-mgmt: mmap of VFIO region 1", "failed"),
			"map failure");
	EXPECT(bt_log_line_has("QCOM8060:00: driver test_mgmt failed to probe", "Input/output"),
			"driver failure");
	EXPECT(fake_vfio_count("5c050000.hidma")->maps == 1 &&
			fake_vfio_count("f9984000.hidma-mgmt")->maps == 1 &&
			fake_vfio_count("QCOM8060:00")->maps == 2, "maps before the failure");
	EXPECT(fake_vfio_count("5c060000.hidma")->setups == 1, "setup counted");
	for (i = 0; probe_table[i].name != NULL; i++) {
		const char *n = probe_table[i].name;

		pdev = dev_by_name(n);
		if (strcmp(n, "dummy_mmio") == 0)
			continue;
		EXPECT(pdev != NULL && !rte_dev_is_probed(&pdev->device) && pdev->dev_fd == -1 &&
				pdev->num_resource == 0 && pdev->id == NULL, "%s: state", n);
		EXPECT(fake_vfio_count(n)->setups == fake_vfio_count(n)->releases &&
				fake_vfio_count(n)->maps == fake_vfio_count(n)->unmaps,
				"%s: not undone", n);
	}
	pdev = dev_by_name("QCOM8060:00");
	EXPECT(pdev != NULL && !rte_dev_is_probed(&pdev->device) &&
			fake_vfio_count("QCOM8060:00")->releases == 1, "driver failure undone");

	/* DMA mapping: default container, or the driver's hook */
	buf = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	EXPECT(buf != MAP_FAILED && rte_extmem_register(buf, pg, NULL, 0, pg) == 0, "extmem");
	pdev = dev_by_name("QCOM8061:00");
	EXPECT(rte_dev_dma_map(&pdev->device, buf, 0x10000, pg) == 0 &&
			fake_vfio_dma_maps == 1 && fake_vfio_dma_last_iova == 0x10000, "dma_map");
	EXPECT(rte_dev_dma_unmap(&pdev->device, buf, 0x10000, pg) == 0 &&
			fake_vfio_dma_unmaps == 1, "dma_unmap");
	pdev = dev_by_name("dummy_mmio");
	EXPECT(rte_dev_dma_map(&pdev->device, buf, 0x10000, pg) == 0 && driver_dma_maps == 1 &&
			fake_vfio_dma_maps == 1, "driver dma_map hook");
	EXPECT(rte_dev_dma_unmap(&pdev->device, buf, 0x10000, pg) == 0 && driver_dma_maps == 2,
			"driver dma_unmap hook");
	pdev = dev_by_name("QCOM8062:00");
	EXPECT(rte_dev_dma_map(&pdev->device, buf, 0x10000, pg) < 0 && rte_errno == EINVAL,
			"dma_map of an unprobed device");
	rte_extmem_unregister(buf, pg);
	munmap(buf, pg);

	/* IOVA mode: no IOMMU means PA; a driver that needs VA asks for it */
	EXPECT(pbus()->get_iommu_class() == RTE_IOVA_DC, "iommu class DC");
	fake_vfio_noiommu = 1;
	EXPECT(pbus()->get_iommu_class() == RTE_IOVA_PA, "no-IOMMU mode must be PA");
	fake_vfio_noiommu = 0;
	rte_hidma_platform_register(&va_drv);
	EXPECT(pbus()->get_iommu_class() == RTE_IOVA_VA, "driver needing VA");
	/* --no-huge runs in VA mode, so the driver probes */
	EXPECT(rte_eal_iova_mode() != RTE_IOVA_VA ||
			rte_dev_probe("hidma_platform:ARMH0011:00") == 0, "VA driver probe");
	rte_hidma_platform_unregister(&va_drv);

	EXPECT(rte_eal_cleanup() == 0, "cleanup");
	EXPECT(fake_vfio_balanced(), "mappings left after cleanup");
	return 0;
}

/* the record must say where each probed device's regions are, and nothing else */
static void
check_mp_record(const char *name, int probed)
{
	const struct rte_hidma_platform_device *pdev = dev_by_name(name);
	const struct hidma_plat_mp_dev *e = hidma_plat_mp_lookup(name);
	unsigned int i;

	if (!probed) {
		EXPECT(e == NULL, "%s: recorded but not probed", name);
		return;
	}
	EXPECT(pdev != NULL && e != NULL && e->nb_regions == pdev->num_resource &&
			pdev->num_resource == 2, "%s: not recorded with its 2 regions", name);
	for (i = 0; e != NULL && pdev != NULL && i < e->nb_regions; i++)
		EXPECT(e->region[i].addr == (uintptr_t)pdev->resource[i].mem.addr &&
				e->region[i].len == pdev->resource[i].mem.len,
				"%s: region %u recorded as 0x%" PRIx64 "+0x%" PRIx64, name, i,
				e->region[i].addr, e->region[i].len);
}

static int
scenario_mprecord(void)
{
	static const char * const extra[] = { NULL };
	uint64_t pg = sysconf(_SC_PAGESIZE);
	struct hidma_plat_dev *pd;
	struct rte_hidma_platform_device *pdev;
	struct hidma_plat_mp_dev want;
	uint8_t *free_va, *taken;
	const char *n = "mp-placement";

	fake_vfio_install(NULL);	/* every device: two page-sized regions */
	bt_log_capture();
	if (bt_eal_start(std_devs, RTE_DIM(std_devs), bt_argc, bt_argv, extra) < 0) {
		EXPECT(0, "rte_eal_init failed: %s", rte_strerror(rte_errno));
		return 0;
	}
	EXPECT(rte_memzone_lookup(PLATFORM_MP_MZ) != NULL, "no memzone " PLATFORM_MP_MZ);
	check_mp_record("QCOM8061:00", 1);
	check_mp_record("ABCD0001:00", 1);
	check_mp_record("ARMH0011:00", 0);	/* scanned, no driver */
	/* removal drops the entry: a later secondary must not attach to it */
	EXPECT(rte_dev_remove(&dev_by_name("ABCD0001:00")->device) == 0, "remove");
	check_mp_record("ABCD0001:00", 0);
	check_mp_record("QCOM8061:00", 1);

	/* a secondary's device: two free pages' addresses as the primary's */
	pd = calloc(1, sizeof(*pd));
	EXPECT(pd != NULL, "calloc");
	if (pd == NULL)
		return 0;
	pdev = &pd->pdev;
	snprintf(pdev->name, sizeof(pdev->name), "%s", n);
	pdev->dev_fd = -1;
	free_va = mmap(NULL, 2 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	EXPECT(free_va != MAP_FAILED && munmap(free_va, 2 * pg) == 0, "free address range");
	memset(&want, 0, sizeof(want));
	want.nb_regions = 2;
	want.region[0] = (struct hidma_plat_mp_region){ (uintptr_t)free_va + pg, pg };
	want.region[1] = (struct hidma_plat_mp_region){ (uintptr_t)free_va, pg };
	EXPECT(hidma_plat_device_setup(pdev, &want) == 0, "placement at free addresses");
	EXPECT(pdev->num_resource == 2 && pdev->resource[0].mem.addr == free_va + pg &&
			pdev->resource[1].mem.addr == free_va && pdev->resource[0].mem.len == pg,
			"regions not at the recorded addresses");
	hidma_plat_device_teardown(pdev);

	/* the address is taken here: refused, named, nothing replaced or left open */
	taken = mmap(free_va, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
			-1, 0);
	EXPECT(taken == free_va, "occupy the address");
	taken[0] = 0x5a;
	EXPECT(hidma_plat_device_setup(pdev, &want) == -EADDRINUSE, "taken address accepted");
	EXPECT(bt_log_line_has("mp-placement: VFIO region 1 cannot be mapped at",
			"where the primary process has it"), "no message for the taken address");
	EXPECT(taken[0] == 0x5a, "the mapping there was replaced");
	EXPECT(pdev->dev_fd == -1 && pdev->num_resource == 0, "failed placement left state");
	munmap(taken, pg);

	/* another device than the primary's: refused before any mapping */
	want.region[1].len = 2 * pg;
	EXPECT(hidma_plat_device_setup(pdev, &want) == -EINVAL &&
			bt_log_line_has("mp-placement: VFIO region 1 is", "in the primary process"),
			"region size mismatch");
	want.region[1].len = pg;
	want.nb_regions = 3;
	EXPECT(hidma_plat_device_setup(pdev, &want) == -EINVAL &&
			bt_log_line_has("mp-placement: 2 VFIO regions here, 3", "not the same device"),
			"region count mismatch");
	/* maps: 2, then region 0 before each of the two region-1 refusals */
	EXPECT(fake_vfio_count(n)->setups == 4 && fake_vfio_count(n)->maps == 4,
			"%u setups, %u maps", fake_vfio_count(n)->setups, fake_vfio_count(n)->maps);
	free(pd);

	EXPECT(rte_eal_cleanup() == 0, "cleanup");
	EXPECT(fake_vfio_balanced(), "mappings left after cleanup");
	return 0;
}

#define MP_TAKEN_ENV "HIDMA_BUS_TEST_TAKEN"
#define MP_TAKEN_DEV "QCOM8061:00"

static int
scenario_mpattach(void)
{
	static const char * const extra[] = { NULL };
	struct rte_hidma_platform_device *pdev;
	char taken[32];
	int status;
	pid_t child;

	fake_vfio_install(NULL);	/* every device: two page-sized regions */
	bt_log_capture();
	if (bt_eal_start(std_devs, RTE_DIM(std_devs), bt_argc, bt_argv, extra) < 0) {
		EXPECT(0, "rte_eal_init failed: %s", rte_strerror(rte_errno));
		return 0;
	}
	/* removed before the secondary starts: it must not come back there */
	EXPECT(rte_dev_remove(&dev_by_name("ABCD0001:00")->device) == 0, "remove");
	pdev = dev_by_name(MP_TAKEN_DEV);
	EXPECT(pdev != NULL && pdev->num_resource == 2, MP_TAKEN_DEV " not probed");
	if (pdev == NULL || pdev->num_resource != 2)
		return 0;
	snprintf(taken, sizeof(taken), "%p", pdev->resource[1].mem.addr);
	setenv(MP_TAKEN_ENV, taken, 1);

	child = bt_spawn_secondary("mpattach-sec");
	EXPECT(child > 0, "fork: %s", strerror(errno));
	/* bounded by the secondary's exit (and meson's timeout), not by a clock */
	EXPECT(child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) &&
			WEXITSTATUS(status) == 0, "the secondary failed (its output is above)");

	EXPECT(rte_eal_cleanup() == 0, "cleanup");
	EXPECT(fake_vfio_balanced(), "mappings left after cleanup");
	ht_unlink_hugefiles(bt_file_prefix());
	return 0;
}

static int
scenario_mpattach_sec(void)
{
	static const char * const extra[] = { NULL };
	struct rte_hidma_platform_device *pdev;
	const struct hidma_plat_mp_dev *e;
	const char *env = getenv(MP_TAKEN_ENV);
	uint64_t pg = sysconf(_SC_PAGESIZE);
	unsigned int i, nb_recorded = 0;
	void *at, *va;

	EXPECT(env != NULL && sscanf(env, "%p", &at) == 1, "no " MP_TAKEN_ENV);
	if (env == NULL)
		return 0;
	/* occupy it first: already in use here (EEXIST) is as good */
	va = mmap(at, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	EXPECT(va == at || (va == MAP_FAILED && errno == EEXIST), "cannot occupy %p", at);
	if (va != at && va != MAP_FAILED)
		munmap(va, pg);	/* an old kernel's hint: the check above failed */

	fake_vfio_install(NULL);
	bt_log_capture();
	if (bt_eal_start(std_devs, RTE_DIM(std_devs), bt_argc, bt_argv, extra) < 0) {
		EXPECT(0, "secondary: rte_eal_init failed: %s", rte_strerror(rte_errno));
		return 0;
	}
	EXPECT(rte_eal_process_type() == RTE_PROC_SECONDARY, "not a secondary");
	TAILQ_FOREACH(pdev, &hidma_plat_bus.device_list, next) {
		const struct probe_rec *r = rec_find(pdev->name);

		e = hidma_plat_mp_lookup(pdev->name);
		if (e == NULL || strcmp(pdev->name, MP_TAKEN_DEV) == 0) {
			EXPECT(r == NULL && !rte_dev_is_probed(&pdev->device) && pdev->dev_fd == -1,
					"secondary: %s probed", pdev->name);
			continue;
		}
		nb_recorded++;
		EXPECT(r != NULL && pdev->num_resource == e->nb_regions,
				"secondary: %s recorded but not probed", pdev->name);
		for (i = 0; r != NULL && i < pdev->num_resource; i++)
			EXPECT((uintptr_t)pdev->resource[i].mem.addr == e->region[i].addr &&
					pdev->resource[i].mem.len == e->region[i].len,
					"secondary: %s region %u at %p, the primary's at 0x%" PRIx64,
					pdev->name, i, pdev->resource[i].mem.addr, e->region[i].addr);
	}
	EXPECT(nb_recorded >= 2 && nb_recs == nb_recorded, "secondary: %u probes, %u recorded",
			nb_recs, nb_recorded);
	EXPECT(hidma_plat_mp_lookup("ABCD0001:00") == NULL && rec_find("ABCD0001:00") == NULL,
			"secondary: a device the primary removed");
	EXPECT(hidma_plat_mp_lookup(MP_TAKEN_DEV) != NULL &&
			bt_log_line_has(MP_TAKEN_DEV ": VFIO region 1 cannot be mapped at",
			"where the primary process has it"), "secondary: no refusal of the taken address");
	EXPECT(rte_eal_cleanup() == 0, "secondary: cleanup");
	EXPECT(fake_vfio_balanced(), "secondary: mappings left after cleanup");
	if (va == at)
		munmap(at, pg);
	return 0;
}

static int
dev_count(const char *filter)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;
	int n = 0;

	RTE_DEV_FOREACH(dev, filter, &it)
		n++;
	return n;
}

static int
scenario_hotplug(void)
{
	static const char * const extra[] = { "-a", "hidma_platform:QCOM8061:00", NULL };
	struct rte_hidma_platform_device *pdev;
	struct probe_rec *r;
	char name[64];
	int ret;

	fake_vfio_install(NULL);
	bt_log_capture();
	if (bt_eal_start(std_devs, RTE_DIM(std_devs), bt_argc, bt_argv, extra) < 0) {
		EXPECT(0, "rte_eal_init failed: %s", rte_strerror(rte_errno));
		return 0;
	}
	EXPECT(nb_recs == 1 && dev_by_name("QCOM8062:00") == NULL, "allow list");

	/* parse: known, in sysfs, an ACPI name a driver matches; nothing else */
	EXPECT(pbus()->parse("QCOM8061:00", NULL) == 0, "parse scanned");
	EXPECT(pbus()->parse("serial8250", NULL) == 0, "parse sysfs entry");
	EXPECT(pbus()->parse("QCOM8063:7f", NULL) == 0, "parse ACPI name of a driver");
	EXPECT(pbus()->parse("ARMH0011:05", NULL) != 0, "parse unknown ACPI name");
	EXPECT(pbus()->parse("nosuch.device", NULL) != 0, "parse unknown name");
	EXPECT(pbus()->parse(LONG_NAME, NULL) != 0, "parse long name");
	{
		const char *out = NULL;

		snprintf(name, sizeof(name), "QCOM8061:00");
		EXPECT(pbus()->parse(name, &out) == 0 && out == name, "parse output");
	}

	/* attach a device that was not in the allow list */
	EXPECT(rte_dev_probe("hidma_platform:QCOM8062:00,k=v") == 0, "hotplug probe");
	pdev = dev_by_name("QCOM8062:00");
	r = rec_find("QCOM8062:00");
	EXPECT(pdev != NULL && rte_dev_is_probed(&pdev->device) && r != NULL &&
			r->caps == HIDMA_CAP_MSI && strcmp(r->args, "k=v") == 0,
			"hotplugged device");
	/* the bus says -EEXIST, which EAL turns into success (as for PCI) */
	ret = rte_dev_probe("hidma_platform:QCOM8062:00");
	EXPECT(ret == 0 || ret == -EEXIST, "second probe: %d", ret);
	EXPECT(fake_vfio_count("QCOM8062:00")->setups == 1, "second probe re-opened VFIO");
	EXPECT(rte_dev_probe("hidma_platform:nosuch.device") < 0, "probe of an unknown device");
	EXPECT(rte_dev_probe("hidma_platform:QCOM8061:03") < 0, "probe of an unbound device");

	/* iteration, all and by name */
	EXPECT(dev_count("bus=hidma_platform") == 2, "%d devices iterated",
			dev_count("bus=hidma_platform"));
	EXPECT(dev_count("bus=hidma_platform,name=QCOM8062:00") == 1, "iterate by name");
	EXPECT(dev_count("bus=hidma_platform,name=QCOM8063:01") == 0, "iterate absent name");

	/* detach: driver removed, regions unmapped, device forgotten */
	EXPECT(pdev != NULL && rte_dev_remove(&pdev->device) == 0, "hotplug remove");
	EXPECT(r != NULL && r->removed == 1, "remove not called");
	EXPECT(dev_by_name("QCOM8062:00") == NULL, "device still listed");
	EXPECT(fake_vfio_count("QCOM8062:00")->releases == 1 &&
			fake_vfio_count("QCOM8062:00")->unmaps == 2, "not unmapped");
	/* and attach again */
	EXPECT(rte_dev_probe("hidma_platform:QCOM8062:00") == 0 && nb_recs == 3, "re-attach");

	EXPECT(rte_eal_cleanup() == 0, "cleanup");
	EXPECT(fake_vfio_balanced(), "mappings left after cleanup");
	return 0;
}

/* bt_finish() runs rte_eal_cleanup() after these; the others run and check it themselves */
static const char * const cleanup[] = { "allow", "block", "novfio", NULL };

static const struct ht_case scenarios[] = {
	{ "ids", scenario_ids },
	{ "scan", scenario_scan },
	{ "allow", scenario_allow },
	{ "block", scenario_block },
	{ "novfio", scenario_novfio },
	{ "probe", scenario_probe },
	{ "hotplug", scenario_hotplug },
	{ "mprecord", scenario_mprecord },
	{ "mpattach", scenario_mpattach },
	{ "mpattach-sec", scenario_mpattach_sec },
};

int
main(int argc, char **argv)
{
	return bt_main(argc, argv, scenarios, RTE_DIM(scenarios), cleanup);
}
