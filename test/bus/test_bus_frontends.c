/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The platform front-ends of drivers/dma/hidma and drivers/raw/hidma_mgmt,
 * linked in, against fake sysfs trees. One scenario per run (argv[1]):
 *   tables   the registered id tables and capability words (no EAL)
 *   novfio   without VFIO: each HIDMA device matched with its caps, then a
 *            clear refusal; no device created; the emulated instance
 *            (hidma_model vdev) still works afterwards
 *   regions  fake VFIO: the front-ends refuse wrong regions and devargs
 *            before creating anything
 *   model    fake VFIO whose regions are the register windows of a software
 *            model instance: the whole silicon path (bus, front-ends, both
 *            drivers) up to real copies, with the model standing in for
 *            VFIO-mapped silicon
 *   mpmodel  the same with two processes (hugepages): the model lives in a
 *            shared memory file both processes map at one address, its
 *            engine runs in the primary; the primary probes through the bus,
 *            then starts itself as a secondary ("mpmodel-sec") that attaches
 *            through the bus to the same channels and management device
 */

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_bus.h>
#include <rte_bus_vdev.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_rawdev.h>

#include "hidma_dmadev.h"
#include "hidma_hw.h"
#include "hidma_mgmt.h"
#include "hidma_model.h"
#include "private.h"
#include "rte_pmd_hidma.h"

#include "bus_test.h"

static const struct fake_dev fe_devs[] = {
	{ .name = "QCOM8060:00", .driver = "vfio-platform", .modalias = "acpi:QCOM8060:\n",
	  .numa_node = "0\n" },
	{ .name = "QCOM8060:01", .driver = "vfio-platform", .modalias = "acpi:QCOM8060:\n" },
	{ .name = "QCOM8060:02", .driver = "vfio-platform", .modalias = "acpi:QCOM8060:\n" },
	{ .name = "QCOM8060:03", .driver = "vfio-platform", .modalias = "acpi:QCOM8060:\n" },
	{ .name = "QCOM8060:04", .driver = "vfio-platform", .modalias = "acpi:QCOM8060:\n" },
	{ .name = "QCOM8061:00", .driver = "vfio-platform", .modalias = "acpi:QCOM8061:\n" },
	{ .name = "QCOM8062:00", .driver = "vfio-platform", .modalias = "acpi:QCOM8062:\n" },
	{ .name = "QCOM8063:00", .driver = "vfio-platform", .modalias = "acpi:QCOM8063:\n",
	  .numa_node = "0\n" },
	{ .name = "QCOM8063:01", .driver = "vfio-platform", .modalias = "acpi:QCOM8063:\n" },
	{ .name = "5c050000.hidma", .driver = "vfio-platform",
	  .compat = FAKE_LIST("qcom,hidma-1.1\0qcom,hidma-1.0"),
	  .reg_names = FAKE_LIST("trca\0evca") },
	{ .name = "f9984000.hidma-mgmt", .driver = "vfio-platform",
	  .compat = FAKE_LIST("qcom,hidma-mgmt-1.0") },
	{ .name = "ARMH0011:00", .driver = "vfio-platform", .modalias = "acpi:ARMH0011:\n" },
};

static struct rte_hidma_platform_driver *
find_driver(const char *name)
{
	struct rte_hidma_platform_driver *pdrv;

	TAILQ_FOREACH(pdrv, &hidma_plat_bus.driver_list, next)
		if (strcmp(pdrv->driver.name, name) == 0)
			return pdrv;
	return NULL;
}

/* @table must hold exactly @want, in order (the order decides nothing, but is Linux's) */
static void
check_table(const char *drv, const struct rte_hidma_platform_id *table,
		const struct rte_hidma_platform_id *want, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++, table++) {
		EXPECT(table->acpi_hid != NULL || table->compatible != NULL,
				"%s: table ends after %u entries", drv, i);
		if (table->acpi_hid == NULL && table->compatible == NULL)
			return;
		EXPECT((want[i].acpi_hid == NULL) == (table->acpi_hid == NULL) &&
				(want[i].acpi_hid == NULL ||
				 strcmp(want[i].acpi_hid, table->acpi_hid) == 0), "%s[%u]: HID %s",
				drv, i, table->acpi_hid != NULL ? table->acpi_hid : "NULL");
		EXPECT((want[i].compatible == NULL) == (table->compatible == NULL) &&
				(want[i].compatible == NULL ||
				 strcmp(want[i].compatible, table->compatible) == 0),
				"%s[%u]: compatible %s", drv, i,
				table->compatible != NULL ? table->compatible : "NULL");
		EXPECT(want[i].caps == table->caps, "%s[%u]: caps 0x%x, expected 0x%x", drv, i,
				table->caps, want[i].caps);
	}
	EXPECT(table->acpi_hid == NULL && table->compatible == NULL, "%s: more than %u entries",
			drv, n);
}

static int
scenario_tables(void)
{
	static const struct rte_hidma_platform_id chan[] = {
		{ .acpi_hid = "QCOM8061", .caps = 0 },
		{ .acpi_hid = "QCOM8062", .caps = HIDMA_CAP_MSI },
		{ .acpi_hid = "QCOM8063", .caps = HIDMA_CAP_MSI | HIDMA_CAP_IDENTITY },
		{ .compatible = "qcom,hidma-1.0", .caps = 0 },
		{ .compatible = "qcom,hidma-1.1", .caps = HIDMA_CAP_MSI },
		{ .compatible = "qcom,hidma-1.2", .caps = HIDMA_CAP_MSI | HIDMA_CAP_IDENTITY },
	};
	static const struct rte_hidma_platform_id mgmt[] = {
		{ .acpi_hid = "QCOM8060" },
		{ .compatible = "qcom,hidma-mgmt-1.0" },
	};
	struct rte_hidma_platform_driver *d;

	/* calling into both drivers also keeps the linker from dropping them */
	EXPECT(hidma_dmadev_destroy("QCOM8061:99") < 0, "destroy of nothing");
	EXPECT(hidma_mgmt_destroy("QCOM8060:99") < 0, "destroy of nothing");
	d = find_driver("dma_hidma");
	EXPECT(d != NULL, "dma_hidma not registered on the platform bus");
	if (d != NULL) {
		check_table("dma_hidma", d->id_table, chan, RTE_DIM(chan));
		EXPECT(d->probe != NULL && d->remove != NULL, "dma_hidma hooks");
		EXPECT(!(d->drv_flags & RTE_HIDMA_PLATFORM_DRV_NEED_IOVA_AS_VA), "dma_hidma needs VA");
	}
	d = find_driver("raw_hidma_mgmt");
	EXPECT(d != NULL, "raw_hidma_mgmt not registered on the platform bus");
	if (d != NULL) {
		check_table("raw_hidma_mgmt", d->id_table, mgmt, RTE_DIM(mgmt));
		EXPECT(d->probe != NULL && d->remove != NULL, "raw_hidma_mgmt hooks");
	}
	return 0;
}

static int
scenario_novfio(void)
{
	static const char * const extra[] = { "--log-level=bus.hidma_platform:info", NULL };
	static const struct {
		const char *dev, *drv, *id;
		uint32_t caps;
	} want[] = {
		{ "QCOM8060:00", "raw_hidma_mgmt", "QCOM8060", 0 },
		{ "f9984000.hidma-mgmt", "raw_hidma_mgmt", "qcom,hidma-mgmt-1.0", 0 },
		{ "QCOM8061:00", "dma_hidma", "QCOM8061", 0 },
		{ "QCOM8062:00", "dma_hidma", "QCOM8062", HIDMA_CAP_MSI },
		{ "QCOM8063:01", "dma_hidma", "QCOM8063", HIDMA_CAP_MSI | HIDMA_CAP_IDENTITY },
		{ "5c050000.hidma", "dma_hidma", "qcom,hidma-1.1", HIDMA_CAP_MSI },
	};
	char a[128], b[128];
	unsigned int i;

	bt_log_capture();
	if (bt_eal_start(fe_devs, RTE_DIM(fe_devs), bt_argc, bt_argv, extra) < 0) {
		EXPECT(0, "rte_eal_init failed without VFIO: %s", rte_strerror(rte_errno));
		return 0;
	}
	for (i = 0; i < RTE_DIM(want); i++) {
		snprintf(a, sizeof(a), "%s: matches driver %s", want[i].dev, want[i].drv);
		snprintf(b, sizeof(b), "(id %s, caps 0x%x)", want[i].id, want[i].caps);
		EXPECT(bt_log_line_has(a, b), "no \"%s %s\"", a, b);
		snprintf(a, sizeof(a), "%s: cannot probe", want[i].dev);
		EXPECT(bt_log_line_has(a, "VFIO is not available"), "no refusal for %s",
				want[i].dev);
	}
	EXPECT(!bt_log_has("ARMH0011:00: matches"), "unknown id matched");
	EXPECT(rte_dma_count_avail() == 0 && rte_rawdev_count() == 0, "devices created");

	/* the emulated instance, same drivers, works after the failed probes */
	EXPECT(rte_vdev_init("hidma_model0", "channels=2") == 0, "hidma_model vdev");
	EXPECT(rte_dma_count_avail() == 2 && rte_rawdev_count() == 1, "%u dmadevs, %u rawdevs",
			rte_dma_count_avail(), rte_rawdev_count());
	EXPECT(rte_vdev_uninit("hidma_model0") == 0, "hidma_model vdev uninit");
	return 0;
}

/* sizes are set at run time, in pages */
static struct fake_vfio_dev regions_table[] = {
	{ .name = "QCOM8061:00", .nb_regions = 1 },
	{ .name = "QCOM8060:00", .nb_regions = 0 },
	/* one page: smaller than the 8 KiB management window with 4 KiB pages */
	{ .name = "QCOM8060:01", .nb_regions = 1 },
	{ .name = "QCOM8060:02", .nb_regions = 1 },
	{ .name = "QCOM8060:03", .nb_regions = 1 },
	{ .name = "QCOM8060:04", .nb_regions = 1 },
	{ .name = "f9984000.hidma-mgmt", .nb_regions = 1 },
	{ .name = NULL },
};

static int
scenario_regions(void)
{
	static const char * const extra[] = {
		"-a", "hidma_platform:QCOM8061:00",
		"-a", "hidma_platform:QCOM8060:00",
		"-a", "hidma_platform:QCOM8060:01,channels=4",
		"-a", "hidma_platform:QCOM8060:02,channels=17",
		"-a", "hidma_platform:QCOM8060:03,channels=2,chan5_weight=3",
		"-a", "hidma_platform:QCOM8060:04,channels=2,bogus=1",
		"-a", "hidma_platform:f9984000.hidma-mgmt",
		NULL,
	};
	uint64_t pg = sysconf(_SC_PAGESIZE);
	uint64_t mgmt_len = RTE_ALIGN_CEIL((uint64_t)HIDMA_MGMT_SIZE, pg);
	struct fake_vfio_dev *t;
	unsigned int i;

	for (t = regions_table; t->name != NULL; t++) {
		t->dev_flags = PLATFORM_VFIO_DEV_PLATFORM;
		t->region[0].flags = PLATFORM_VFIO_REGION_READ | PLATFORM_VFIO_REGION_WRITE |
			PLATFORM_VFIO_REGION_MMAP;
		/* big enough, so that the devargs are what fails */
		t->region[0].size = strcmp(t->name, "QCOM8060:01") == 0 ? pg : mgmt_len;
	}
	fake_vfio_install(regions_table);
	bt_log_capture();
	if (bt_eal_start(fe_devs, RTE_DIM(fe_devs), bt_argc, bt_argv, extra) < 0) {
		EXPECT(0, "rte_eal_init failed: %s", rte_strerror(rte_errno));
		return 0;
	}
	EXPECT(bt_log_line_has("QCOM8061:00: 1 MMIO region(s)", "(TRCA, EVCA)"), "one region");
	EXPECT(bt_log_line_has("QCOM8060:00: needs one MMIO region", "has none"), "no region");
	if (pg < HIDMA_MGMT_SIZE)
		EXPECT(bt_log_line_has("QCOM8060:01: needs one MMIO region of at least 0x2000",
				"has 0x"), "small region");
	EXPECT(bt_log_line_has("QCOM8060:02: devarg channels=17 invalid", "1..16"), "channels");
	EXPECT(bt_log_line_has("QCOM8060:03", "chan5_weight"), "per-channel knob range");
	EXPECT(bt_log_line_has("QCOM8060:04: unknown devarg \"bogus\"", "accepted: channels"),
			"unknown devarg");
	EXPECT(bt_log_line_has("f9984000.hidma-mgmt: devarg channels=<1..16> is required",
			"hidma_platform:f9984000.hidma-mgmt,channels="), "channels required");
	EXPECT(rte_dma_count_avail() == 0 && rte_rawdev_count() == 0, "devices created");
	for (i = 0; i < RTE_DIM(fe_devs); i++) {
		const struct fake_vfio_count *c = fake_vfio_count(fe_devs[i].name);

		EXPECT(c->setups == c->releases && c->maps == c->unmaps, "%s not undone",
				fe_devs[i].name);
	}
	return 0;
}

/* ------------------------------------------------------------ model */

static struct hidma_model *model;
static atomic_int engine_stop;

static void *
engine(void *arg)
{
	RTE_SET_USED(arg);
	while (!atomic_load_explicit(&engine_stop, memory_order_relaxed))
		if (hidma_model_poll(model) == 0)
			usleep(10);
	return NULL;
}

/* the fake VFIO container: DMA maps go into the model's IOMMU view */
static int
model_dma(uint64_t va, uint64_t iova, uint64_t len, int map)
{
	return map ? hidma_model_dma_map(model, iova, (void *)(uintptr_t)va, len) :
		hidma_model_dma_unmap(model, iova, len);
}

static int
map_memseg(const struct rte_memseg_list *msl, const struct rte_memseg *ms, size_t len,
		void *arg)
{
	RTE_SET_USED(msl);
	RTE_SET_USED(arg);
	/* what rte_vfio_setup_device does for the first group: all DPDK memory */
	return hidma_model_dma_map(model, ms->iova, ms->addr, len);
}

static struct fake_vfio_dev model_table[4];

static int
copy_on(const char *name)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf vconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = 64,
	};
	uint64_t deadline;
	uint16_t last = 0;
	bool err = false;
	int16_t id = rte_dma_get_dev_id_by_name(name);
	char *src, *dst;
	int ret = -1, i;

	if (id < 0)
		return -1;
	src = rte_malloc(NULL, 4096, 64);
	dst = rte_zmalloc(NULL, 4096, 64);
	if (src == NULL || dst == NULL)
		goto out;
	for (i = 0; i < 4096; i++)
		src[i] = (char)(i * 7 + 3);
	if (rte_dma_configure(id, &conf) < 0 || rte_dma_vchan_setup(id, 0, &vconf) < 0 ||
			rte_dma_start(id) < 0)
		goto out;
	if (rte_dma_copy(id, 0, rte_malloc_virt2iova(src), rte_malloc_virt2iova(dst), 4096,
			RTE_DMA_OP_FLAG_SUBMIT) < 0)
		goto stop;
	deadline = rte_get_timer_cycles() + rte_get_timer_hz();
	while (rte_dma_completed(id, 0, 1, &last, &err) == 0 && !err &&
			rte_get_timer_cycles() < deadline)
		;
	ret = !err && memcmp(src, dst, 4096) == 0 ? 0 : -1;
stop:
	rte_dma_stop(id);
out:
	rte_free(src);
	rte_free(dst);
	return ret;
}

/* whether rte_dma_dump of @name mentions @s */
static int
dump_has(const char *name, const char *s)
{
	int16_t id = rte_dma_get_dev_id_by_name(name);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int found;

	f = open_memstream(&buf, &len);
	if (id < 0 || f == NULL)
		return 0;
	rte_dma_dump(id, f);
	fclose(f);
	found = buf != NULL && strstr(buf, s) != NULL;
	free(buf);
	return found;
}

/* the model's windows as fake VFIO regions (both processes) */
static void
model_regions(void)
{
	unsigned int ch;

	model_table[0] = (struct fake_vfio_dev){
		.name = "QCOM8060:00", .dev_flags = PLATFORM_VFIO_DEV_PLATFORM, .nb_regions = 1,
		.region = { { .flags = 7, .size = HIDMA_MGMT_SIZE,
			      .backing = hidma_model_mgmt_regs(model) } },
	};
	for (ch = 0; ch < 2; ch++)
		model_table[1 + ch] = (struct fake_vfio_dev){
			.name = ch == 0 ? "QCOM8063:00" : "QCOM8063:01",
			.dev_flags = PLATFORM_VFIO_DEV_PLATFORM, .nb_regions = 2,
			.region = {
				{ .flags = 7, .size = HIDMA_TRCA_SIZE,
				  .backing = hidma_model_trca_regs(model, ch) },
				{ .flags = 7, .size = HIDMA_EVCA_SIZE,
				  .backing = hidma_model_evca_regs(model, ch) },
			},
		};
	fake_vfio_install(model_table);
}

static int
scenario_model(void)
{
	static const char * const extra[] = {
		"-a", "hidma_platform:QCOM8060:00,channels=2,chan1_weight=4",
		/*
		 * silicon answers a channel command within microseconds (10 ms
		 * default); this engine is a thread a loaded machine may not
		 * run for longer than that
		 */
		"-a", "hidma_platform:QCOM8063:00,cmd_timeout_ms=5000",
		"-a", "hidma_platform:QCOM8063:01,cmd_timeout_ms=5000",
		"--log-level=bus.hidma_platform:info",
		NULL,
	};
	struct hidma_model_params params = {
		.nb_channels = 2,
		.flavour = HIDMA_FLAVOUR_1_2,
	};
	long pg = sysconf(_SC_PAGESIZE);
	struct rte_dma_info info;
	pthread_t thread;
	uint64_t v = 0;
	int16_t id;
	int16_t raw;

	if (pg > HIDMA_TRCA_SIZE) {
		printf("model: %ld-byte pages, the model's 4 KiB windows cannot stand for VFIO regions\n",
				pg);
		return 0;
	}
	model = hidma_model_create(&params);
	EXPECT(model != NULL, "hidma_model_create: %s", strerror(errno));
	if (model == NULL)
		return 0;
	model_regions();
	fake_vfio_dma_hook = model_dma;
	/* the drivers reset and enable through the registers: the engine must run */
	EXPECT(pthread_create(&thread, NULL, engine, NULL) == 0, "engine thread");
	bt_log_capture();
	if (bt_eal_start(fe_devs, RTE_DIM(fe_devs), bt_argc, bt_argv, extra) < 0) {
		EXPECT(0, "rte_eal_init failed: %s", rte_strerror(rte_errno));
		goto stop;
	}
	EXPECT(rte_memseg_contig_walk(map_memseg, NULL) == 0, "IOMMU view");

	EXPECT(bt_log_line_has("QCOM8060:00: probed by raw_hidma_mgmt", "1 regions"), "mgmt");
	EXPECT(bt_log_line_has("QCOM8063:00: probed by dma_hidma", "2 regions"), "ch0");
	EXPECT(bt_log_line_has("QCOM8063:01: probed by dma_hidma", "2 regions"), "ch1");
	EXPECT(rte_rawdev_count() == 1 && rte_dma_count_avail() == 2, "%u rawdevs, %u dmadevs",
			rte_rawdev_count(), rte_dma_count_avail());

	/* the devargs reached the management driver, and the instance is enabled */
	raw = rte_rawdev_get_dev_id("QCOM8060:00");
	EXPECT(raw >= 0 && rte_rawdev_get_attr(raw, "chan1_weight", &v) == 0 && v == 4,
			"chan1_weight %" PRIu64, v);
	EXPECT(raw >= 0 && rte_rawdev_get_attr(raw, "dma_channels", &v) == 0 && v == 2,
			"dma_channels %" PRIu64, v);

	id = rte_dma_get_dev_id_by_name("QCOM8063:00");
	EXPECT(id >= 0 && rte_dma_info_get(id, &info) == 0 && info.numa_node == 0, "ch0 numa");
	/* the matched id's caps reached the driver (QCOM8063: MSI + identity) */
	EXPECT(dump_has("QCOM8063:00", "caps 0x3") && dump_has("QCOM8063:01", "chid 1"),
			"caps or channel index");
	EXPECT(copy_on("QCOM8063:00") == 0, "copy on channel 0");
	EXPECT(copy_on("QCOM8063:01") == 0, "copy on channel 1");

	/* removal goes through the drivers' destroy functions */
	EXPECT(rte_eal_cleanup() == 0, "cleanup");
	EXPECT(fake_vfio_balanced(), "mappings left after cleanup");
stop:
	atomic_store(&engine_stop, 1);
	pthread_join(thread, NULL);
	hidma_model_destroy(model);
	return 0;
}

/* ------------------------------------------------------------ mpmodel */

/*
 * The model of "model" in memory two processes share: a memfd (inherited
 * across exec) mapped at one address in both, handed out by a bump
 * allocator. Its first bytes say where the model is. The engine and the
 * IOMMU view stay in the primary; DMA addresses are IOVA = VA in DPDK
 * memory, mapped at the same address in both processes (hugepages).
 */
#define ARENA_ENV	"HIDMA_BUS_TEST_ARENA"	/* "<fd> <address>" */
#define ARENA_SIZE	(4u << 20)
/*
 * A hint (the kernel's choice if taken): far from the shared libraries, whose
 * randomized places in the secondary may cover what the kernel would pick
 */
#define ARENA_HINT	((void *)(uintptr_t)0x3f0000000000ull)
#define MP_MZ		"hidma_busfe_mp"
#define MP_LEN		4096
#define MP_JOBS		16

struct arena_hdr {
	struct hidma_model *model;
	size_t used;
};

struct mp_shared {
	int16_t chan[2];	/* the primary's dmadev ids */
	int16_t raw;		/* and rawdev id */
	uint64_t submitted;	/* ch0's counters as the primary read them */
	uint8_t src[MP_JOBS * MP_LEN] __rte_aligned(4096);
	uint8_t dst[MP_JOBS * MP_LEN] __rte_aligned(4096);
};

static void *
arena_alloc(void *arg, size_t size, size_t align)
{
	struct arena_hdr *h = arg;
	size_t at = RTE_ALIGN_CEIL(h->used, align);

	if (at + size > ARENA_SIZE)
		return NULL;
	h->used = at + size;
	return memset((char *)h + at, 0, size);
}

static void
arena_free(void *arg, void *p)
{
	RTE_SET_USED(arg);
	RTE_SET_USED(p);
}

static const char * const mp_extra[] = {
	"-a", "hidma_platform:QCOM8060:00,channels=2,chan1_weight=4",
	"-a", "hidma_platform:QCOM8063:00,cmd_timeout_ms=5000",
	"-a", "hidma_platform:QCOM8063:01,cmd_timeout_ms=5000",
	"--log-level=bus.hidma_platform:info",
	NULL,
};

static int
mp_msg(int fd, char c)
{
	return write(fd, &c, 1) == 1 ? 0 : -1;
}

/* the peer's next step: false when it sent something else or is gone */
static bool
mp_wait(int fd, char want)
{
	char c = 0;
	ssize_t n;

	do {
		n = read(fd, &c, 1);
	} while (n < 0 && errno == EINTR);
	if (n == 1 && c == want)
		return true;
	printf("peer process: '%c' (%zd) while waiting for '%c'\n", c, n, want);
	return false;
}

/* @n copies of MP_LEN bytes, submitted and reaped (a bounded number of polls) */
static int
copy_jobs(int16_t id, const uint8_t *src, uint8_t *dst, unsigned int n)
{
	uint64_t polls = 0;
	unsigned int i, done = 0;
	uint16_t last;
	bool err = false;

	for (i = 0; i < n; i++)
		if (rte_dma_copy(id, 0, rte_mem_virt2iova(src + i * MP_LEN),
				rte_mem_virt2iova(dst + i * MP_LEN), MP_LEN,
				i == n - 1 ? RTE_DMA_OP_FLAG_SUBMIT : 0) < 0)
			return -1;
	while (done < n && !err && ++polls < 2000000000ull)
		done += rte_dma_completed(id, 0, n, &last, &err);
	return done == n && !err ? 0 : -1;
}

static int
chan_start(int16_t id)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf vconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = 64,
	};

	if (rte_dma_configure(id, &conf) < 0 || rte_dma_vchan_setup(id, 0, &vconf) < 0)
		return -1;
	return rte_dma_start(id);
}

static int
scenario_mpmodel(void)
{
	struct hidma_model_params params = {
		.nb_channels = 2,
		.flavour = HIDMA_FLAVOUR_1_2,
		.alloc_fn = arena_alloc,
		.free_fn = arena_free,
	};
	const struct rte_memzone *mz = NULL;
	struct rte_dma_stats st;
	struct mp_shared *sh;
	struct arena_hdr *h;
	char env[64], fds[32];
	int p2c[2] = { -1, -1 }, c2p[2] = { -1, -1 };
	int fd, i, status;
	pthread_t thread;
	pid_t child = -1;
	uint64_t v = 0;
	uint32_t qos;
	unsigned int ch;
	bool running = false;

	if (sysconf(_SC_PAGESIZE) > HIDMA_TRCA_SIZE) {
		printf("mpmodel: pages larger than the model's 4 KiB windows\n");
		return 0;
	}
	fd = memfd_create("hidma-busfe-model", 0);	/* no MFD_CLOEXEC: the secondary maps it */
	EXPECT(fd >= 0 && ftruncate(fd, ARENA_SIZE) == 0, "memfd: %s", strerror(errno));
	if (fd < 0)
		return 0;
	h = mmap(ARENA_HINT, ARENA_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	EXPECT(h != MAP_FAILED, "mmap of the arena: %s", strerror(errno));
	if (h == MAP_FAILED)
		goto close;
	h->used = sizeof(*h);
	params.alloc_arg = h;
	model = hidma_model_create(&params);
	EXPECT(model != NULL, "hidma_model_create in the arena: %s", strerror(errno));
	if (model == NULL)
		goto unmap;
	h->model = model;
	snprintf(env, sizeof(env), "%d %p", fd, (void *)h);
	setenv(ARENA_ENV, env, 1);
	model_regions();
	fake_vfio_dma_hook = model_dma;
	EXPECT(pthread_create(&thread, NULL, engine, NULL) == 0, "engine thread");
	running = true;
	bt_log_capture();
	if (bt_eal_start(fe_devs, RTE_DIM(fe_devs), bt_argc, bt_argv, mp_extra) < 0) {
		EXPECT(0, "rte_eal_init failed: %s", rte_strerror(rte_errno));
		goto stop;
	}
	EXPECT(rte_memseg_contig_walk(map_memseg, NULL) == 0, "IOMMU view");
	mz = rte_memzone_reserve_aligned(MP_MZ, sizeof(*sh), SOCKET_ID_ANY,
			RTE_MEMZONE_IOVA_CONTIG, 4096);
	EXPECT(mz != NULL, "memzone: %s", rte_strerror(rte_errno));
	if (mz == NULL)
		goto cleanup;
	sh = mz->addr;
	memset(sh, 0, sizeof(*sh));
	for (i = 0; i < (int)sizeof(sh->src); i++)
		sh->src[i] = (uint8_t)(i * 13 + (i >> 9));
	sh->raw = rte_rawdev_get_dev_id("QCOM8060:00");
	for (ch = 0; ch < 2; ch++) {
		sh->chan[ch] = rte_dma_get_dev_id_by_name(ch == 0 ? "QCOM8063:00" : "QCOM8063:01");
		EXPECT(sh->chan[ch] >= 0 && chan_start(sh->chan[ch]) == 0, "start ch%u", ch);
	}
	EXPECT(sh->raw >= 0, "no rawdev QCOM8060:00");
	/* a job on ch0 in the primary, for counters the secondary must see */
	EXPECT(copy_jobs(sh->chan[0], sh->src, sh->dst, 1) == 0, "primary's copy on ch0");
	EXPECT(rte_dma_stats_get(sh->chan[0], 0, &st) == 0 && st.completed == 1, "ch0 stats");
	sh->submitted = st.submitted;
	memset(sh->dst, 0, sizeof(sh->dst));
	if (ht_expect_failures() > 0)
		goto cleanup;

	EXPECT(pipe(p2c) == 0 && pipe(c2p) == 0, "pipe");
	snprintf(fds, sizeof(fds), "%d %d", p2c[0], c2p[1]);
	setenv("HIDMA_BUS_TEST_PIPES", fds, 1);
	child = bt_spawn_secondary("mpmodel-sec");
	close(p2c[0]);
	close(c2p[1]);
	EXPECT(child > 0, "fork: %s", strerror(errno));
	if (child < 0)
		goto cleanup;
	/* the secondary attached and saw the devices: hand ch1 over */
	if (!mp_wait(c2p[0], 'a')) {
		EXPECT(0, "the secondary did not attach (its output is above)");
		goto reap;
	}
	EXPECT(rte_pmd_hidma_owner_handover(sh->chan[1], child) == 0, "handover of ch1");
	EXPECT(mp_msg(p2c[1], 'h') == 0, "pipe");
	if (!mp_wait(c2p[0], 'c')) {
		EXPECT(0, "the secondary's copies failed (its output is above)");
		goto reap;
	}
	/* its jobs on the silicon path, checked here */
	EXPECT(memcmp(sh->src, sh->dst, sizeof(sh->dst)) == 0,
			"bytes the secondary copied on ch1");
	EXPECT(rte_dma_stats_get(sh->chan[1], 0, &st) == 0 && st.completed == MP_JOBS &&
			st.errors == 0, "ch1 stats after the secondary's %d jobs: %" PRIu64,
			MP_JOBS, st.completed);
	/* and the management attribute it set, on the instance's register */
	EXPECT(rte_rawdev_get_attr(sh->raw, "chan0_weight", &v) == 0 && v == 9,
			"chan0_weight %" PRIu64 ", the secondary set 9", v);
	qos = ((volatile uint32_t *)hidma_model_mgmt_regs(model))[HIDMA_MGMT_QOS_REG(0) / 4];
	EXPECT(((qos & HIDMA_MGMT_QOS_WEIGHT_MASK) >> HIDMA_MGMT_QOS_WEIGHT_SHIFT) == 9,
			"QOS_N(0) 0x%x: weight field", qos);
	EXPECT(mp_msg(p2c[1], 'q') == 0, "pipe");
reap:
	close(p2c[1]);
	close(c2p[0]);
	/* bounded by the secondary's exit (and meson's timeout), not by a clock */
	EXPECT(waitpid(child, &status, 0) == child && WIFEXITED(status) &&
			WEXITSTATUS(status) == 0, "the secondary failed (its output is above)");
	for (ch = 0; ch < 2; ch++)
		EXPECT(rte_dma_stop(sh->chan[ch]) == 0, "stop ch%u", ch);
cleanup:
	if (mz != NULL)
		rte_memzone_free(mz);
	EXPECT(rte_eal_cleanup() == 0, "cleanup");
	EXPECT(fake_vfio_balanced(), "mappings left after cleanup");
	ht_unlink_hugefiles(bt_file_prefix());
stop:
	if (running) {
		atomic_store(&engine_stop, 1);
		pthread_join(thread, NULL);
	}
	hidma_model_destroy(model);
unmap:
	munmap(h, ARENA_SIZE);
close:
	close(fd);
	return 0;
}

static int
scenario_mpmodel_sec(void)
{
	const struct rte_memzone *mz;
	const char *env = getenv(ARENA_ENV);
	const char *pipes = getenv("HIDMA_BUS_TEST_PIPES");
	struct rte_dma_stats st;
	struct mp_shared *sh;
	struct arena_hdr *h;
	void *at = NULL;
	int fd = -1, rd = -1, wr = -1;
	uint64_t v = 0;
	pid_t owner = 0;
	unsigned int ch;

	EXPECT(env != NULL && sscanf(env, "%d %p", &fd, &at) == 2, "no " ARENA_ENV);
	EXPECT(pipes != NULL && sscanf(pipes, "%d %d", &rd, &wr) == 2, "no pipes");
	if (ht_expect_failures() > 0)
		return 0;
	/* the model where the primary has it, before EAL places anything */
	h = mmap(at, ARENA_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
	EXPECT(h == at, "the arena cannot be mapped at %p: %s", at, strerror(errno));
	if (h != at)
		return 0;
	model = h->model;
	model_regions();	/* no DMA hook: the IOMMU view is the primary's */
	bt_log_capture();
	if (bt_eal_start(fe_devs, RTE_DIM(fe_devs), bt_argc, bt_argv, mp_extra) < 0) {
		EXPECT(0, "secondary: rte_eal_init failed: %s", rte_strerror(rte_errno));
		goto unmap;
	}
	EXPECT(rte_eal_process_type() == RTE_PROC_SECONDARY, "not a secondary");
	mz = rte_memzone_lookup(MP_MZ);
	EXPECT(mz != NULL, "secondary: no memzone " MP_MZ);
	if (mz == NULL)
		goto cleanup;
	sh = mz->addr;
	/* the same devices, names and ids, attached through the bus */
	EXPECT(bt_log_line_has("QCOM8060:00: attached by raw_hidma_mgmt", "1 regions") &&
			bt_log_line_has("QCOM8063:00: attached by dma_hidma", "2 regions") &&
			bt_log_line_has("QCOM8063:01: attached by dma_hidma", "2 regions"),
			"secondary: the bus did not attach the three devices");
	EXPECT(rte_dma_count_avail() == 2, "secondary: %u dmadevs", rte_dma_count_avail());
	for (ch = 0; ch < 2; ch++)
		EXPECT(rte_dma_get_dev_id_by_name(ch == 0 ? "QCOM8063:00" : "QCOM8063:01") ==
				sh->chan[ch], "secondary: ch%u id", ch);
	EXPECT(rte_rawdev_get_dev_id("QCOM8060:00") == sh->raw, "secondary: rawdev id %d, "
			"primary's %d", rte_rawdev_get_dev_id("QCOM8060:00"), sh->raw);
	EXPECT(rte_dma_stats_get(sh->chan[0], 0, &st) == 0 && st.submitted == sh->submitted &&
			st.completed == 1, "secondary: ch0 stats %" PRIu64 "/%" PRIu64,
			st.submitted, st.completed);
	EXPECT(dump_has("QCOM8063:01", "chid 1"), "secondary: dump");
	EXPECT(rte_pmd_hidma_owner_get(sh->chan[1], &owner) == 0 && owner == getppid(),
			"secondary: ch1 owner %d, the primary is %d", owner, getppid());
	EXPECT(rte_pmd_hidma_owner_claim(sh->chan[1]) == -EBUSY,
			"secondary: claimed the primary's channel");
	EXPECT(rte_rawdev_get_attr(sh->raw, "chan1_weight", &v) == 0 && v == 4,
			"secondary: chan1_weight %" PRIu64 ", the primary's devargs say 4", v);
	if (ht_expect_failures() > 0 || mp_msg(wr, 'a') != 0 || !mp_wait(rd, 'h'))
		goto cleanup;
	/* handed over: drive ch1 here, set a weight there */
	EXPECT(rte_pmd_hidma_owner_claim(sh->chan[1]) == 0, "secondary: claim after handover");
	EXPECT(copy_jobs(sh->chan[1], sh->src, sh->dst, MP_JOBS) == 0, "secondary: copies");
	EXPECT(rte_pmd_hidma_owner_release(sh->chan[1]) == 0, "secondary: release");
	EXPECT(rte_rawdev_set_attr(sh->raw, "chan0_weight", 9) == 0, "secondary: set weight");
	if (ht_expect_failures() > 0 || mp_msg(wr, 'c') != 0)
		goto cleanup;
	mp_wait(rd, 'q');
cleanup:
	EXPECT(rte_eal_cleanup() == 0, "secondary: cleanup");
	EXPECT(fake_vfio_balanced(), "secondary: mappings left after cleanup");
unmap:
	munmap(h, ARENA_SIZE);
	return 0;
}

/* bt_finish() runs rte_eal_cleanup() after these; the others run and check it themselves */
static const char * const cleanup[] = { "novfio", "regions", NULL };

static const struct ht_case scenarios[] = {
	{ "tables", scenario_tables },
	{ "novfio", scenario_novfio },
	{ "regions", scenario_regions },
	{ "model", scenario_model },
	{ "mpmodel", scenario_mpmodel },
	{ "mpmodel-sec", scenario_mpmodel_sec },
};

int
main(int argc, char **argv)
{
	return bt_main(argc, argv, scenarios, RTE_DIM(scenarios), cleanup);
}
