/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Tests of the HIDMA management rawdev and the emulated instance that
 * creates it, one scenario per process:
 *
 *   test_hidma_mgmt <EAL args> -- <scenario>
 *
 * The scenarios only use public APIs (rte_rawdev, rte_dmadev, telemetry and
 * rte_pmd_hidma_mgmt.h); register values are read back through the
 * rawdev's info structure, which reports the raw management registers.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_bus_vdev.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_rawdev.h>
#include <rte_service.h>

#include <hidma_compat.h>

#include "rte_pmd_hidma_mgmt.h"

#include "hidma_test_dev.h"

#define INSTANCE	"hidma_model0"

static int
mgmt_id(const char *name)
{
	int id = rte_pmd_hidma_mgmt_dev_id(name);

	if (id < 0)
		printf("no management rawdev %s\n", name);
	return id;
}

static bool
same_regs(const struct rte_pmd_hidma_mgmt_info *a, const struct rte_pmd_hidma_mgmt_info *b)
{
	return memcmp(&a->regs, &b->regs, sizeof(a->regs)) == 0;
}

/* ------------------------------------------------------------ attributes */

struct attr_case {
	const char *name;
	uint64_t good[4];
	unsigned int nb_good;
	uint64_t bad[6];
	unsigned int nb_bad;
};

static const struct attr_case global_attrs[] = {
	{ RTE_PMD_HIDMA_MGMT_ATTR_MAX_WRITE_REQUEST, { 128, 256, 512, 1024 }, 4,
	  { 0, 64, 127, 384, 2048, UINT64_MAX }, 6 },
	{ RTE_PMD_HIDMA_MGMT_ATTR_MAX_READ_REQUEST, { 128, 256, 512, 1024 }, 4,
	  { 0, 1, 129, 768, 1025, 1ULL << 32 }, 6 },
	{ RTE_PMD_HIDMA_MGMT_ATTR_MAX_WR_XACTIONS, { 0, 1, 16, 31 }, 4,
	  { 32, 63, 255, 1ULL << 32 }, 4 },
	{ RTE_PMD_HIDMA_MGMT_ATTR_MAX_RD_XACTIONS, { 0, 1, 16, 31 }, 4,
	  { 32, 100, 1ULL << 40 }, 3 },
	{ RTE_PMD_HIDMA_MGMT_ATTR_CHRESET_TIMEOUT_CYCLES, { 0, 1, 0x500, 0xfffff }, 4,
	  { 0x100000, 0xffffffff, UINT64_MAX }, 3 },
};

/* set/get every value, and check the register field it lands in */
static int
check_field(const struct rte_pmd_hidma_mgmt_info *i, const char *name, uint64_t v)
{
	if (strcmp(name, RTE_PMD_HIDMA_MGMT_ATTR_MAX_WRITE_REQUEST) == 0)
		return i->max_write_request == v && (i->regs.max_bus_req_len >> 16) == v ? 0 : -1;
	if (strcmp(name, RTE_PMD_HIDMA_MGMT_ATTR_MAX_READ_REQUEST) == 0)
		return i->max_read_request == v && (i->regs.max_bus_req_len & 0xffff) == v ? 0 : -1;
	if (strcmp(name, RTE_PMD_HIDMA_MGMT_ATTR_MAX_WR_XACTIONS) == 0)
		return i->max_wr_xactions == v && ((i->regs.max_xactions >> 16) & 0x1f) == v ?
				0 : -1;
	if (strcmp(name, RTE_PMD_HIDMA_MGMT_ATTR_MAX_RD_XACTIONS) == 0)
		return i->max_rd_xactions == v && (i->regs.max_xactions & 0x1f) == v ? 0 : -1;
	if (strcmp(name, RTE_PMD_HIDMA_MGMT_ATTR_CHRESET_TIMEOUT_CYCLES) == 0)
		return i->chreset_timeout_cycles == v &&
				(i->regs.chreset_timeout & 0xfffff) == v ? 0 : -1;
	return -1;
}

static int
scenario_attrs(void)
{
	struct rte_pmd_hidma_mgmt_info info, orig;
	unsigned int i, j, ch;
	uint64_t v, saved;
	int id = mgmt_id(INSTANCE);

	CHECK(id >= 0, "rawdev");
	CHECK(rte_pmd_hidma_mgmt_info_get(id, &orig) == 0, "info");
	CHECK(orig.enabled == 1, "instance not enabled after probe");
	CHECK(orig.dma_channels == 4, "dma_channels %u", orig.dma_channels);
	CHECK(rte_pmd_hidma_mgmt_get(id, RTE_PMD_HIDMA_MGMT_ATTR_DMA_CHANNELS, &v) == 0 &&
			v == 4, "dma_channels attr");
	CHECK(rte_pmd_hidma_mgmt_get(id, RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MAJOR, &v) == 0 &&
			v == orig.hw_version_major && v == 1, "hw_version_major %" PRIu64, v);
	CHECK(rte_pmd_hidma_mgmt_get(id, RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MINOR, &v) == 0 &&
			v == orig.hw_version_minor && v == 1, "hw_version_minor %" PRIu64, v);
	/* defaults of the enable sequence */
	CHECK(orig.max_write_request == 1024 && orig.max_read_request == 1024, "bursts");
	CHECK(orig.max_wr_xactions == 31 && orig.max_rd_xactions == 31, "xactions");
	CHECK(orig.chreset_timeout_cycles == 0x500, "timeout 0x%x", orig.chreset_timeout_cycles);

	for (i = 0; i < RTE_DIM(global_attrs); i++) {
		const struct attr_case *c = &global_attrs[i];

		CHECK(rte_pmd_hidma_mgmt_get(id, c->name, &saved) == 0, "%s", c->name);
		for (j = 0; j < c->nb_good; j++) {
			CHECK(rte_pmd_hidma_mgmt_set(id, c->name, c->good[j]) == 0,
					"%s=%" PRIu64, c->name, c->good[j]);
			CHECK(rte_pmd_hidma_mgmt_get(id, c->name, &v) == 0 && v == c->good[j],
					"%s reads %" PRIu64, c->name, v);
			CHECK(rte_pmd_hidma_mgmt_info_get(id, &info) == 0, "info");
			CHECK(check_field(&info, c->name, c->good[j]) == 0,
					"%s=%" PRIu64 " not in its register field", c->name, c->good[j]);
		}
		CHECK(rte_pmd_hidma_mgmt_set(id, c->name, saved) == 0, "restore %s", c->name);
	}

	/* per channel: the QoS register of that channel, and only that one */
	for (ch = 0; ch < orig.dma_channels; ch++) {
		for (v = RTE_PMD_HIDMA_MGMT_WEIGHT_MIN; v <= RTE_PMD_HIDMA_MGMT_WEIGHT_MAX; v++) {
			uint64_t r;

			CHECK(rte_pmd_hidma_mgmt_set_chan_weight(id, ch, v) == 0, "chan%u w%" PRIu64,
					ch, v);
			CHECK(rte_pmd_hidma_mgmt_get_chan_weight(id, ch, &r) == 0 && r == v,
					"chan%u weight reads %" PRIu64, ch, r);
			CHECK(rte_pmd_hidma_mgmt_info_get(id, &info) == 0, "info");
			CHECK(((info.regs.qos[ch] >> 8) & 0x7f) == v, "QOS_N[%u] = 0x%x", ch,
					info.regs.qos[ch]);
			for (j = 0; j < orig.dma_channels; j++)
				CHECK(j == ch || info.regs.qos[j] == orig.regs.qos[j],
						"QOS_N[%u] changed by chan%u", j, ch);
		}
		for (v = 0; v <= 1; v++) {
			uint64_t r;

			CHECK(rte_pmd_hidma_mgmt_set_chan_priority(id, ch, v) == 0, "prio");
			CHECK(rte_pmd_hidma_mgmt_get_chan_priority(id, ch, &r) == 0 && r == v,
					"chan%u priority reads %" PRIu64, ch, r);
			CHECK(rte_pmd_hidma_mgmt_info_get(id, &info) == 0, "info");
			CHECK(((info.regs.qos[ch] >> 15) & 1) == v, "QOS_N[%u] = 0x%x", ch,
					info.regs.qos[ch]);
		}
		CHECK(rte_pmd_hidma_mgmt_set_chan_priority(id, ch, orig.priority[ch]) == 0, "p");
		CHECK(rte_pmd_hidma_mgmt_set_chan_weight(id, ch, orig.weight[ch]) == 0, "w");
	}
	CHECK(rte_pmd_hidma_mgmt_info_get(id, &info) == 0, "info");
	CHECK(same_regs(&info, &orig), "configuration not restored");
	/* attributes are live while the instance stays enabled (as in Linux) */
	CHECK(info.enabled == 1, "instance disabled by attribute sets");
	return 0;
}

static int
scenario_reject(void)
{
	static const char *const unknown[] = {
		"", "x", "nonexistent", "chan", "chan_weight", "chan00_weight", "chan01_weight",
		"chan1x_weight", "chan-1_weight", "chan4_weight", "chan4_priority",
		"chan16_weight", "chan99999999999_weight", "chan0_", "chan0_bogus", "chan0weight",
		"max_write_request_", "Max_read_request", "max_write_request ", " max_read_request",
		"enabled", "channels",
	};
	static const char *const read_only[] = {
		RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MAJOR,
		RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MINOR,
		RTE_PMD_HIDMA_MGMT_ATTR_DMA_CHANNELS,
	};
	struct rte_pmd_hidma_mgmt_info before, after;
	unsigned int i, j, ch;
	uint64_t v;
	int id = mgmt_id(INSTANCE), ret;

	CHECK(id >= 0, "rawdev");
	/* a configuration that differs from every default, to see any change */
	CHECK(rte_pmd_hidma_mgmt_set(id, RTE_PMD_HIDMA_MGMT_ATTR_MAX_WRITE_REQUEST, 256) == 0, "");
	CHECK(rte_pmd_hidma_mgmt_set(id, RTE_PMD_HIDMA_MGMT_ATTR_MAX_READ_REQUEST, 512) == 0, "");
	CHECK(rte_pmd_hidma_mgmt_set(id, RTE_PMD_HIDMA_MGMT_ATTR_MAX_RD_XACTIONS, 5) == 0, "");
	CHECK(rte_pmd_hidma_mgmt_set_chan_weight(id, 2, 9) == 0, "");
	CHECK(rte_pmd_hidma_mgmt_set_chan_priority(id, 3, 1) == 0, "");
	CHECK(rte_pmd_hidma_mgmt_info_get(id, &before) == 0, "info");

	for (i = 0; i < RTE_DIM(global_attrs); i++) {
		const struct attr_case *c = &global_attrs[i];

		for (j = 0; j < c->nb_bad; j++) {
			ret = rte_pmd_hidma_mgmt_set(id, c->name, c->bad[j]);
			CHECK(ret == -EINVAL, "%s=%" PRIu64 " returned %d", c->name, c->bad[j],
					ret);
			CHECK(rte_pmd_hidma_mgmt_info_get(id, &after) == 0, "info");
			CHECK(same_regs(&before, &after), "%s=%" PRIu64 " changed a register",
					c->name, c->bad[j]);
		}
	}
	for (ch = 0; ch < before.dma_channels; ch++) {
		static const uint64_t bad_w[] = { 0, 16, 127, 128, 1ULL << 32 };
		static const uint64_t bad_p[] = { 2, 3, 255, 1ULL << 32 };

		for (j = 0; j < RTE_DIM(bad_w); j++)
			CHECK(rte_pmd_hidma_mgmt_set_chan_weight(id, ch, bad_w[j]) == -EINVAL,
					"chan%u weight %" PRIu64, ch, bad_w[j]);
		for (j = 0; j < RTE_DIM(bad_p); j++)
			CHECK(rte_pmd_hidma_mgmt_set_chan_priority(id, ch, bad_p[j]) == -EINVAL,
					"chan%u priority %" PRIu64, ch, bad_p[j]);
		CHECK(rte_pmd_hidma_mgmt_info_get(id, &after) == 0, "info");
		CHECK(same_regs(&before, &after), "chan%u rejection changed a register", ch);
	}
	for (i = 0; i < RTE_DIM(unknown); i++) {
		CHECK(rte_pmd_hidma_mgmt_set(id, unknown[i], 1) == -EINVAL, "set \"%s\"",
				unknown[i]);
		CHECK(rte_pmd_hidma_mgmt_get(id, unknown[i], &v) == -EINVAL, "get \"%s\"",
				unknown[i]);
	}
	for (i = 0; i < RTE_DIM(read_only); i++) {
		CHECK(rte_pmd_hidma_mgmt_get(id, read_only[i], &v) == 0, "%s", read_only[i]);
		CHECK(rte_pmd_hidma_mgmt_set(id, read_only[i], v) == -EPERM, "%s", read_only[i]);
		CHECK(rte_pmd_hidma_mgmt_set(id, read_only[i], v + 1) == -EPERM, "%s",
				read_only[i]);
	}
	/* NULL and bad ids are the library's, but must not reach the registers */
	CHECK(rte_rawdev_set_attr(id, NULL, 1) != 0, "NULL name");
	CHECK(rte_rawdev_get_attr(id, RTE_PMD_HIDMA_MGMT_ATTR_DMA_CHANNELS, NULL) != 0, "NULL");
	CHECK(rte_pmd_hidma_mgmt_info_get(id, &after) == 0, "info");
	CHECK(same_regs(&before, &after), "rejections changed a register");
	/* the wrong info size is refused too */
	{
		struct rte_rawdev_info ri = { .dev_private = &after };

		CHECK(rte_rawdev_info_get(id, &ri, sizeof(after) - 1) == -EINVAL, "info size");
	}
	/* reset brings back the configuration of the probe */
	CHECK(rte_rawdev_reset(id) == 0, "reset");
	CHECK(rte_pmd_hidma_mgmt_info_get(id, &after) == 0, "info");
	CHECK(after.max_write_request == 1024 && after.max_read_request == 1024 &&
			after.max_rd_xactions == 31 && after.weight[2] == 1 &&
			after.priority[3] == 0 && after.enabled == 1, "reset");
	return 0;
}

/* devargs of the vdev land in the registers */
static int
scenario_devargs_config(void)
{
	struct rte_pmd_hidma_mgmt_info info;
	int id = mgmt_id(INSTANCE);
	unsigned int ch;

	CHECK(id >= 0, "rawdev");
	CHECK(rte_pmd_hidma_mgmt_info_get(id, &info) == 0, "info");
	/* test/rawdev/meson.build: the vdev's devargs */
	CHECK(info.dma_channels == 3, "channels %u", info.dma_channels);
	CHECK(info.max_write_request == 256, "max_write_request %u", info.max_write_request);
	CHECK(info.max_read_request == 128, "max_read_request %u", info.max_read_request);
	CHECK(info.max_wr_xactions == 0, "max_wr_xactions %u", info.max_wr_xactions);
	CHECK(info.max_rd_xactions == 7, "max_rd_xactions %u", info.max_rd_xactions);
	CHECK(info.chreset_timeout_cycles == 0x1234, "timeout 0x%x", info.chreset_timeout_cycles);
	CHECK(info.priority[0] == 0 && info.priority[1] == 1 && info.priority[2] == 0, "prio");
	CHECK(info.weight[0] == 1 && info.weight[1] == 1 && info.weight[2] == 15, "weight");
	for (ch = 0; ch < 3; ch++)
		CHECK(info.regs.qos[ch] == ((uint32_t)info.priority[ch] << 15 |
				(uint32_t)info.weight[ch] << 8), "QOS_N[%u] 0x%x", ch,
				info.regs.qos[ch]);
	CHECK(info.enabled == 1, "enabled");
	/* the channels are there, named after the instance */
	CHECK(rte_dma_get_dev_id_by_name(INSTANCE "-ch0") >= 0, "ch0");
	CHECK(rte_dma_get_dev_id_by_name(INSTANCE "-ch2") >= 0, "ch2");
	CHECK(rte_dma_get_dev_id_by_name(INSTANCE "-ch3") < 0, "ch3 exists");
	return 0;
}

/* ------------------------------------------------------------ bad devargs */

struct bad_devargs {
	const char *args;
	const char *key;	/* the log must name it */
	const char *range;	/* and, where there is one, the accepted values */
};

static const struct bad_devargs bad_devargs[] = {
	{ "bogus=1", "bogus", "accepted:" },
	{ "hw_version_major=1", "hw_version_major", "accepted:" },
	{ "dma_channels=2", "dma_channels", "accepted:" },
	{ "channels=0", "channels", "1..16" },
	{ "channels=17", "channels", "1..16" },
	{ "channels=abc", "channels", "1..16" },
	{ "channels=", "channels", "1..16" },
	{ "channels=-1", "channels", "1..16" },
	{ "channels=+2", "channels", "1..16" },
	{ "channels= 2", "channels", "1..16" },
	{ "channels=4x", "channels", "1..16" },
	{ "channels=0x", "channels", "1..16" },
	{ "channels=99999999999999999999999", "channels", "1..16" },
	{ "channels=2,channels=3", "channels", "twice" },
	{ "flavour=8064", "flavour", "8061, 8062, 8063" },
	{ "flavour=QCOM8063", "flavour", "8061, 8062, 8063" },
	{ "engine=fast", "engine", "thread, service" },
	{ "engine_cpu=1024", "engine_cpu", "0..1023" },
	{ "engine_cpu=x", "engine_cpu", "0..1023" },
	{ "engine=service,engine_cpu=0", "engine_cpu", "engine=thread" },
	{ "enable=2", "enable", "0 or 1" },
	{ "max_write_request=384", "max_write_request", "128, 256, 512 or 1024" },
	{ "max_write_request=2048", "max_write_request", "128, 256, 512 or 1024" },
	{ "max_read_request=64", "max_read_request", "128, 256, 512 or 1024" },
	{ "max_wr_xactions=32", "max_wr_xactions", "0..31" },
	{ "max_rd_xactions=99", "max_rd_xactions", "0..31" },
	{ "chreset_timeout_cycles=0x100000", "chreset_timeout_cycles", "0..0xfffff" },
	{ "chan0_priority=2", "chan0_priority", "0 (low) or 1 (high)" },
	{ "chan0_weight=0", "chan0_weight", "1..15" },
	{ "chan0_weight=16", "chan0_weight", "1..15" },
	{ "chan4_weight=2", "chan4_weight", "channels 0..3" },
	{ "chan1_weight=2,channels=1", "chan1_weight", "channels 0..0" },
	{ "chan16_priority=1", "chan16_priority", "chan<N>_priority" },
	{ "chan0_speed=1", "chan0_speed", "accepted:" },
	{ "fail_every=4294967296", "fail_every", "0..4294967295" },
	{ "fail_ppm=1000001", "fail_ppm", "0..1000000" },
	{ "fail_errinfo=0", "fail_errinfo", "1 (source read)" },
	{ "fail_errinfo=6", "fail_errinfo", "1 (source read)" },
	{ "reset_hangs=2", "reset_hangs", "0 or 1" },
	{ "bw_mbps=1000001", "bw_mbps", "0..1000000" },
	{ "tre_latency_ns=1000000001", "tre_latency_ns", "0..1000000000" },
	{ "cmd_timeout_ms=0", "cmd_timeout_ms", "1..10000" },
	{ "cmd_timeout_ms=10001", "cmd_timeout_ms", "1..10000" },
	{ "cmd_timeout_ms=1s", "cmd_timeout_ms", "1..10000" },
	/* more pairs than DPDK's rte_kvargs holds (RTE_KVARGS_MAX) */
	{ "fail_every=1,fail_every=1,fail_every=1,fail_every=1,fail_every=1,fail_every=1,"
	  "fail_every=1,fail_every=1,fail_every=1,fail_every=1,fail_every=1,fail_every=1,"
	  "fail_every=1,fail_every=1,fail_every=1,fail_every=1,fail_every=1,fail_every=1,"
	  "fail_every=1,fail_every=1,fail_every=1,fail_every=1,fail_every=1,fail_every=1,"
	  "fail_every=1,fail_every=1,fail_every=1,fail_every=1,fail_every=1,fail_every=1,"
	  "fail_every=1,fail_every=1,fail_every=1", "33 devargs", "at most 32" },
};

/*
 * What creating an instance logs: the channel count in the singular for one,
 * and for a disabled instance what is wrong and how to enable it.
 */
static int
scenario_creation_log(void)
{
	static const struct {
		const char *args, *want, *unwanted;
	} cases[] = {
		{ "channels=1", "HW rev 1.1, 1 channel, enabled", "1 channels" },
		{ "channels=2", "HW rev 1.1, 2 channels, enabled", NULL },
		{ "channels=1,enable=0", "instance disabled (enable=0): its channel cannot "
			"start; enable it with rte_rawdev_start(", "until" },
		{ "channels=3,enable=0", "its channels cannot start; enable it with "
			"rte_rawdev_start(", "until" },
	};
	FILE *saved = rte_log_get_stream();
	unsigned int i;

	for (i = 0; i < RTE_DIM(cases); i++) {
		char *log = NULL;
		size_t log_len = 0;
		FILE *f = open_memstream(&log, &log_len);
		bool want, unwanted;
		int ret;

		CHECK(f != NULL, "open_memstream");
		rte_openlog_stream(f);
		ret = rte_vdev_init("hidma_model7", cases[i].args);
		rte_openlog_stream(saved);
		fclose(f);
		want = log != NULL && strstr(log, cases[i].want) != NULL;
		unwanted = log != NULL && cases[i].unwanted != NULL &&
			strstr(log, cases[i].unwanted) != NULL;
		if (log == NULL || log[0] == '\0')
			printf("%-22s -> %d: (no log)\n", cases[i].args, ret);
		else
			printf("%-22s -> %d: %s", cases[i].args, ret, log);
		free(log);
		CHECK(ret == 0, "\"%s\" rejected: %d", cases[i].args, ret);
		CHECK(rte_vdev_uninit("hidma_model7") == 0, "uninit");
		CHECK(want, "\"%s\": the log does not say \"%s\"", cases[i].args, cases[i].want);
		CHECK(!unwanted, "\"%s\": the log says \"%s\"", cases[i].args,
			cases[i].unwanted);
	}
	return 0;
}

static int
scenario_bad_devargs(void)
{
	FILE *saved = rte_log_get_stream();
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(bad_devargs); i++) {
		const struct bad_devargs *b = &bad_devargs[i];
		char *log = NULL;
		size_t log_len = 0;
		FILE *f = open_memstream(&log, &log_len);
		bool named, ranged;

		CHECK(f != NULL, "open_memstream");
		rte_openlog_stream(f);
		ret = rte_vdev_init("hidma_model7", b->args);
		rte_openlog_stream(saved);
		fclose(f);
		named = log != NULL && strstr(log, b->key) != NULL;
		ranged = log != NULL && strstr(log, b->range) != NULL;
		printf("%-36s -> %d: %s", b->args, ret, log != NULL && *log ? log : "(no log)\n");
		free(log);
		CHECK(ret < 0, "\"%s\" accepted", b->args);
		CHECK(named, "\"%s\": the log does not name %s", b->args, b->key);
		CHECK(ranged, "\"%s\": the log does not say \"%s\"", b->args, b->range);
		/* (rte_rawdev_get_dev_id() returns uint16_t before 25.03, int after) */
		CHECK(rte_pmd_hidma_mgmt_dev_id("hidma_model7") < 0,
				"\"%s\" left a rawdev behind", b->args);
		CHECK(rte_dma_get_dev_id_by_name("hidma_model7-ch0") < 0,
				"\"%s\" left a channel behind", b->args);
	}
	/* all valid forms, including hex, are accepted */
	ret = rte_vdev_init("hidma_model7",
			"channels=0x2,flavour=8061,chreset_timeout_cycles=0xfffff,"
			"chan1_weight=15,chan1_priority=1,enable=1,engine=thread,fail_every=0,"
			"fail_ppm=0,fail_errinfo=2,reset_hangs=0,bw_mbps=0,tre_latency_ns=0");
	CHECK(ret == 0, "valid devargs rejected: %d", ret);
	CHECK(rte_vdev_uninit("hidma_model7") == 0, "uninit");
	return scenario_creation_log();
}

/* ------------------------------------------------------------ channels */

#define COPY_LEN	4096
#define TIMEOUT_MS	2000

/*
 * From DPDK 24.11 rte_dma_configure() sets the channel's QoS priority too
 * (rte_dma_conf.priority, see scenario_dma_priority): ask for the one the
 * management rawdev holds, so that (re)configuring a channel keeps what a
 * QoS scenario set through the rawdev.
 */
static void
chan_keep_priority(int16_t dev, struct rte_dma_conf *conf)
{
	char inst[RTE_DEV_NAME_MAX_LEN];
	struct rte_dma_info info;
	const char *sfx;
	uint64_t prio;
	int id;

	if (rte_dma_info_get(dev, &info) != 0 || hidma_compat_dma_info_priorities(&info) == 0)
		return;
	sfx = strstr(info.dev_name, "-ch");
	if (sfx == NULL)
		return;
	snprintf(inst, sizeof(inst), "%.*s", (int)(sfx - info.dev_name), info.dev_name);
	id = mgmt_id(inst);
	if (id >= 0 && rte_pmd_hidma_mgmt_get_chan_priority(id, atoi(sfx + 3), &prio) == 0)
		hidma_compat_dma_conf_set_priority(conf,
				prio == RTE_PMD_HIDMA_MGMT_PRIORITY_HIGH ? 0 : 1);
}

static int
chan_setup(int16_t dev, uint16_t nb_desc)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf vconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = nb_desc,
	};
	struct rte_dma_info info;

	if (rte_dma_info_get(dev, &info) != 0)
		return -1;
	vconf.nb_desc = RTE_MAX(RTE_MIN(nb_desc, info.max_desc), info.min_desc);
	chan_keep_priority(dev, &conf);
	if (rte_dma_configure(dev, &conf) != 0)
		return -1;
	return rte_dma_vchan_setup(dev, 0, &vconf);
}

/* one copy, waited for; 0 if it completed successfully with the right data */
static int
chan_copy(int16_t dev)
{
	uint8_t *src = rte_malloc(NULL, COPY_LEN, 64), *dst = rte_zmalloc(NULL, COPY_LEN, 64);
	uint64_t deadline = rte_get_timer_cycles() + rte_get_timer_hz() * TIMEOUT_MS / 1000;
	uint16_t last = 0, n = 0;
	bool err = false;
	int ret = -1, i;

	if (src == NULL || dst == NULL)
		goto out;
	for (i = 0; i < COPY_LEN; i++)
		src[i] = i * 7 + 3;
	if (rte_dma_copy(dev, 0, rte_malloc_virt2iova(src), rte_malloc_virt2iova(dst), COPY_LEN,
			RTE_DMA_OP_FLAG_SUBMIT) < 0)
		goto out;
	while (n == 0 && rte_get_timer_cycles() < deadline)
		n = rte_dma_completed(dev, 0, 1, &last, &err);
	if (n == 1 && !err && memcmp(src, dst, COPY_LEN) == 0)
		ret = 0;
	else
		printf("copy on dmadev %d: %u completed, error %d\n", dev, n, err);
out:
	rte_free(src);
	rte_free(dst);
	return ret;
}

static int
scenario_disabled(void)
{
	struct rte_pmd_hidma_mgmt_info info;
	int id = mgmt_id(INSTANCE);
	int16_t ch = ht_chan_id(INSTANCE, 0);
	uint64_t t0, ms;
	int ret;

	CHECK(id >= 0 && ch >= 0, "devices");
	CHECK(rte_pmd_hidma_mgmt_info_get(id, &info) == 0, "info");
	CHECK(info.enabled == 0, "enable=0 but the instance is enabled");
	/* the configuration is programmed all the same */
	CHECK(info.max_write_request == 1024 && info.weight[0] == 1, "configuration");

	CHECK(chan_setup(ch, 64) == 0, "channel setup");
	t0 = rte_get_timer_cycles();
	ret = rte_dma_start(ch);
	ms = (rte_get_timer_cycles() - t0) * 1000 / rte_get_timer_hz();
	printf("rte_dma_start on a disabled instance: %d (%s) after %" PRIu64 " ms\n",
			ret, ret < 0 ? strerror(-ret) : "started", ms);
	CHECK(ret < 0, "a channel started while the instance is disabled");
	/*
	 * The vdev's cmd_timeout_ms=200 reached the channel driver: the start
	 * waited at least that long. A loaded machine only makes it longer;
	 * the upper bound is a hang guard.
	 */
	CHECK(ms >= 190 && ms < 10000, "rte_dma_start took %" PRIu64 " ms to fail, not ~200", ms);

	/* enable through the rawdev: now it starts and copies */
	CHECK(rte_rawdev_start(id) == 0, "rawdev start");
	CHECK(rte_pmd_hidma_mgmt_info_get(id, &info) == 0 && info.enabled == 1, "enabled");
	CHECK(rte_dma_start(ch) == 0, "start after enable");
	CHECK(chan_copy(ch) == 0, "copy");
	CHECK(rte_dma_stop(ch) == 0, "stop");

	/* disabling again stops channels from starting again */
	rte_rawdev_stop(id);
	CHECK(rte_pmd_hidma_mgmt_info_get(id, &info) == 0 && info.enabled == 0, "disabled");
	t0 = rte_get_timer_cycles();
	ret = rte_dma_start(ch);
	ms = (rte_get_timer_cycles() - t0) * 1000 / rte_get_timer_hz();
	CHECK(ret < 0, "restart while disabled succeeded");
	CHECK(ms < 10000, "failing start took %" PRIu64 " ms (a hang guard)", ms);
	CHECK(rte_rawdev_start(id) == 0, "rawdev start");
	return 0;
}

/* every channel copies, with the engine where the devargs put it */
static int
scenario_copy_all(void)
{
	int16_t dev;
	unsigned int nb = 0;

	RTE_DMA_FOREACH_DEV(dev) {
		struct rte_dma_info info;

		CHECK(rte_dma_info_get(dev, &info) == 0, "info");
		if (strncmp(info.dev_name, "hidma_model", strlen("hidma_model")) != 0)
			continue;
		CHECK(chan_setup(dev, 64) == 0, "%s setup", info.dev_name);
		CHECK(rte_dma_start(dev) == 0, "%s start", info.dev_name);
		CHECK(chan_copy(dev) == 0, "%s copy", info.dev_name);
		CHECK(rte_dma_stop(dev) == 0, "%s stop", info.dev_name);
		nb++;
	}
	printf("%u channels copied\n", nb);
	CHECK(nb > 0, "no channel");
	return 0;
}

/* two instances side by side, and hot-plug of a third */
static int
scenario_multi(void)
{
	int a = mgmt_id("hidma_model0"), b = mgmt_id("hidma_model1"), c;
	struct rte_pmd_hidma_mgmt_info ia, ib;

	CHECK(a >= 0 && b >= 0 && a != b, "two rawdevs");
	CHECK(rte_pmd_hidma_mgmt_info_get(a, &ia) == 0 && ia.dma_channels == 2, "a");
	CHECK(rte_pmd_hidma_mgmt_info_get(b, &ib) == 0 && ib.dma_channels == 3, "b");
	/* separate register files */
	CHECK(rte_pmd_hidma_mgmt_set_chan_weight(a, 0, 11) == 0, "set");
	CHECK(rte_pmd_hidma_mgmt_info_get(b, &ib) == 0 && ib.weight[0] == 1, "b changed");
	CHECK(scenario_copy_all() == 0, "copies");

	CHECK(rte_vdev_init("hidma_model2", "channels=1,engine=thread") == 0, "hotplug");
	c = mgmt_id("hidma_model2");
	CHECK(c >= 0, "hot-plugged rawdev");
	CHECK(rte_dma_get_dev_id_by_name("hidma_model2-ch0") >= 0, "hot-plugged channel");
	CHECK(rte_rawdev_selftest(c) == 0, "selftest");
	CHECK(rte_vdev_uninit("hidma_model2") == 0, "unplug");
	CHECK(rte_pmd_hidma_mgmt_dev_id("hidma_model2") < 0, "rawdev left");
	CHECK(rte_dma_get_dev_id_by_name("hidma_model2-ch0") < 0, "channel left");
	/* the others are untouched */
	CHECK(rte_rawdev_selftest(a) == 0 && rte_rawdev_selftest(b) == 0, "selftests");
	CHECK(rte_vdev_init("hidma_model2", "channels=16") == 0, "replug");
	CHECK(rte_vdev_uninit("hidma_model2") == 0, "unplug");
	return 0;
}

/* the selftest DPDK's rawdev_autotest runs, and the dump */
static int
scenario_selftest_dump(void)
{
	int id = mgmt_id(INSTANCE);
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	CHECK(id >= 0, "rawdev");
	CHECK(rte_rawdev_selftest(id) == 0, "selftest");
	f = open_memstream(&text, &len);
	CHECK(f != NULL, "memstream");
	CHECK(rte_rawdev_dump(id, f) == 0, "dump");
	fclose(f);
	printf("%s", text);
	CHECK(strstr(text, "max_write_request") != NULL && strstr(text, "QOS_N") != NULL &&
			strstr(text, "[0x400]") != NULL, "dump content");
	free(text);
	return 0;
}

/* ------------------------------------------------------------ telemetry */

static int
tel_query(int s, const char *cmd, char *buf, size_t len)
{
	ssize_t n;

	if (send(s, cmd, strlen(cmd), 0) < 0)
		return -1;
	n = recv(s, buf, len - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	printf("%s -> %s\n", cmd, buf);
	return 0;
}

static int
scenario_telemetry(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char buf[16384], cmd[64], expect[256];
	int s, id = mgmt_id(INSTANCE);

	CHECK(id >= 0, "rawdev");
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/dpdk_telemetry.v2",
			rte_eal_get_runtime_dir());
	s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK(s >= 0, "socket");
	CHECK(connect(s, (struct sockaddr *)&sun, sizeof(sun)) == 0, "connect %s: %s",
			sun.sun_path, strerror(errno));
	CHECK(recv(s, buf, sizeof(buf), 0) > 0, "greeting");

	CHECK(tel_query(s, "/hidma_mgmt/list", buf, sizeof(buf)) == 0, "list");
	snprintf(expect, sizeof(expect), "{\"/hidma_mgmt/list\":[%d]}", id);
	CHECK(strcmp(buf, expect) == 0, "list: %s", buf);

	snprintf(cmd, sizeof(cmd), "/hidma_mgmt/info,%d", id);
	CHECK(tel_query(s, cmd, buf, sizeof(buf)) == 0, "info");
	CHECK(strstr(buf, "\"name\":\"" INSTANCE "\"") != NULL, "name");
	CHECK(strstr(buf, "\"enabled\":1") != NULL, "enabled");
	CHECK(strstr(buf, "\"max_write_request\":1024") != NULL, "bursts");
	CHECK(strstr(buf, "\"chreset_timeout_cycles\":1280") != NULL, "timeout");
	CHECK(strstr(buf, "\"chan_priority\":[0,1,0,0]") != NULL, "priorities");
	CHECK(strstr(buf, "\"chan_weight\":[1,6,1,1]") != NULL, "weights");
	CHECK(strstr(buf, "\"chan_qos_reg\":[256,34304,256,256]") != NULL, "QOS_N");

	/* live: a set shows at once */
	CHECK(rte_pmd_hidma_mgmt_set_chan_weight(id, 1, 13) == 0, "set");
	CHECK(tel_query(s, cmd, buf, sizeof(buf)) == 0, "info");
	CHECK(strstr(buf, "\"chan_weight\":[1,13,1,1]") != NULL, "live weights");

	CHECK(tel_query(s, "/hidma_mgmt/info,99", buf, sizeof(buf)) == 0, "bad id");
	CHECK(strstr(buf, "null") != NULL, "bad id: %s", buf);
	CHECK(tel_query(s, "/hidma_mgmt/info,x", buf, sizeof(buf)) == 0, "bad id");
	CHECK(strstr(buf, "null") != NULL, "bad param: %s", buf);
	CHECK(tel_query(s, "/hidma_mgmt/info", buf, sizeof(buf)) == 0, "no id");
	CHECK(strstr(buf, "null") != NULL, "no param: %s", buf);
	close(s);
	return 0;
}

/* ------------------------------------------------------------ external memory */

static struct rte_device *
vdev_by_name(const char *name)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;

	RTE_DEV_FOREACH(dev, "bus=vdev", &it)
		if (strcmp(rte_dev_name(dev), name) == 0)
			return dev;
	return NULL;
}

static int
scenario_extmem(void)
{
	const size_t pg = 4096, len = 16 * pg;
	struct rte_device *rdev;
	struct rte_dma_info dinfo;
	int16_t ch = ht_chan_id(INSTANCE, 0);
	uint8_t *mem, *src, *dst;
	uint64_t deadline;
	uint16_t n = 0, last;
	bool err = false;
	enum rte_dma_status_code st;

	CHECK(ch >= 0, "channel");
	CHECK(rte_dma_info_get(ch, &dinfo) == 0, "info");
	rdev = vdev_by_name(INSTANCE);
	CHECK(rdev != NULL, "no device %s", INSTANCE);
	mem = aligned_alloc(pg, len);
	CHECK(mem != NULL, "alloc");
	memset(mem, 0, len);
	src = mem;
	dst = mem + len / 2;
	memset(src, 0x5a, len / 2);
	/* IOVA = VA for memory DPDK does not know the physical address of */
	CHECK(rte_extmem_register(mem, len, NULL, 0, pg) == 0, "extmem_register: %s",
			rte_strerror(rte_errno));
	CHECK(chan_setup(ch, 64) == 0 && rte_dma_start(ch) == 0, "start");

	/* not mapped for the device yet: the copy must fail, not touch memory */
	CHECK(rte_dma_copy(ch, 0, (uintptr_t)src, (uintptr_t)dst, len / 2,
			RTE_DMA_OP_FLAG_SUBMIT) >= 0, "enqueue");
	deadline = rte_get_timer_cycles() + rte_get_timer_hz() * TIMEOUT_MS / 1000;
	while (n == 0 && rte_get_timer_cycles() < deadline)
		n = rte_dma_completed_status(ch, 0, 1, &last, &st);
	printf("copy from unmapped external memory: %u completed, status %d\n", n, st);
	CHECK(n == 1 && st != RTE_DMA_STATUS_SUCCESSFUL, "unmapped copy succeeded");
	CHECK(dst[0] == 0 && dst[len / 2 - 1] == 0, "unmapped copy wrote memory");

	CHECK(rte_dev_dma_map(rdev, mem, (uintptr_t)mem, len) == 0, "dma_map: %s",
			rte_strerror(rte_errno));
	CHECK(rte_dma_copy(ch, 0, (uintptr_t)src, (uintptr_t)dst, len / 2,
			RTE_DMA_OP_FLAG_SUBMIT) >= 0, "enqueue");
	n = 0;
	deadline = rte_get_timer_cycles() + rte_get_timer_hz() * TIMEOUT_MS / 1000;
	while (n == 0 && rte_get_timer_cycles() < deadline)
		n = rte_dma_completed(ch, 0, 1, &last, &err);
	CHECK(n == 1 && !err, "mapped copy: %u completed, error %d", n, err);
	CHECK(memcmp(src, dst, len / 2) == 0, "data");

	CHECK(rte_dev_dma_unmap(rdev, mem, (uintptr_t)mem, len) == 0, "dma_unmap");
	CHECK(rte_dev_dma_unmap(rdev, mem, (uintptr_t)mem, len) != 0, "double unmap");
	CHECK(rte_dma_stop(ch) == 0, "stop");
	CHECK(rte_extmem_unregister(mem, len) == 0, "extmem_unregister");
	free(mem);
	return 0;
}

/* ------------------------------------------------------------ memory hotplug */

/* buffers allocated after probe (dynamic memory) are visible to the device */
static int
scenario_hotplug_mem(void)
{
	int16_t ch = ht_chan_id(INSTANCE, 0);
	const size_t big = 64 << 20;
	uint8_t *src, *dst;
	uint64_t deadline;
	uint16_t n = 0, last;
	bool err = false;
	int round;

	CHECK(ch >= 0, "channel");
	CHECK(chan_setup(ch, 64) == 0 && rte_dma_start(ch) == 0, "start");
	for (round = 0; round < 3; round++) {
		/* more than was reserved at start-up, so the heap must grow */
		src = rte_malloc(NULL, big, 4096);
		dst = rte_zmalloc(NULL, big, 4096);
		CHECK(src != NULL && dst != NULL, "allocation");
		memset(src + big - 4096, 0xa5 + round, 4096);
		CHECK(rte_dma_copy(ch, 0, rte_mem_virt2iova(src + big - 4096),
				rte_mem_virt2iova(dst + big - 4096), 4096,
				RTE_DMA_OP_FLAG_SUBMIT) >= 0, "enqueue");
		n = 0;
		deadline = rte_get_timer_cycles() + rte_get_timer_hz() * TIMEOUT_MS / 1000;
		while (n == 0 && rte_get_timer_cycles() < deadline)
			n = rte_dma_completed(ch, 0, 1, &last, &err);
		CHECK(n == 1 && !err, "round %d: %u completed, error %d", round, n, err);
		CHECK(memcmp(src + big - 4096, dst + big - 4096, 4096) == 0, "data");
		/* freeing shrinks the heap: the view must follow, and survive */
		rte_free(src);
		rte_free(dst);
	}
	CHECK(chan_copy(ch) == 0, "copy after frees");
	CHECK(rte_dma_stop(ch) == 0, "stop");
	return 0;
}

/* ------------------------------------------------------------ QoS */

#define QOS_LEN		(64 * 1024)	/* a data job: two quanta of the default QoS */
#define QOS_STEPS	1000		/* data job + marker job each, per channel */
#define QOS_DESC	2048		/* holds all of them: nothing is fed later */
#define QOS_SNAP	1024		/* >= QOS_STEPS: a snapshot of ch0's markers */
#define QOS_EDGE	8		/* ch0 steps left out at both ends */
#define QOS_WAIT_S	60		/* bound on the whole run, not a measure */

/*
 * The split the engine gives two backlogged channels, measured by the
 * engine itself, so that no scheduling of this lcore or of the engine
 * thread can disturb it: both rings are filled once, before the first
 * doorbell, with QOS_STEPS steps each.
 *   ch0 step k: copy QOS_LEN bytes, then write 1 to marker byte k;
 *   ch1 step j: copy QOS_LEN bytes, then copy the QOS_SNAP marker bytes
 *               into snapshot j.
 * One engine runs TREs in ring order, so snapshot j holds how many ch0 steps
 * were done when ch1 had done j: a clock shared by both channels, in bytes.
 * Only snapshots taken while ch0 was inside its run (QOS_EDGE steps from
 * either end) count: then both rings still held work.
 *
 * bytes[i]: what channel i moved between the first and the last such
 * snapshot. *during: ch1 steps run while ch0 had started and not finished.
 */
struct qos_mem {
	const struct rte_memzone *src, *dst, *one, *marks, *snap;
};

static int
qos_mem_get(struct qos_mem *m)
{
	static struct qos_mem mem;
	static const char * const names[] = { "qos_src", "qos_dst", "qos_one", "qos_marks",
		"qos_snap" };
	const size_t len[] = { QOS_LEN, 2 * QOS_LEN, 64, QOS_SNAP,
		(size_t)QOS_STEPS * QOS_SNAP };
	const struct rte_memzone **mz[] = { &mem.src, &mem.dst, &mem.one, &mem.marks, &mem.snap };
	unsigned int i;

	for (i = 0; i < RTE_DIM(names) && mem.snap == NULL; i++) {
		*mz[i] = rte_memzone_reserve_aligned(names[i], len[i], SOCKET_ID_ANY,
				RTE_MEMZONE_IOVA_CONTIG, 4096);
		if (*mz[i] == NULL) {
			printf("memzone %s: %s\n", names[i], rte_strerror(rte_errno));
			return -1;
		}
	}
	memset(mem.src->addr, 0x3c, QOS_LEN);
	memset(mem.one->addr, 1, 64);
	*m = mem;
	return 0;
}

/*
 * The management rawdev to disable while the rings are filled and rung
 * (-1: none). Then neither channel can run ahead before the other's
 * doorbell, however far apart the two doorbells land: on an emulated
 * device (QEMU under TCG) the engine may run a whole ring while the vCPU
 * that is to ring the second one is preempted.
 */
static int qos_gate = -1;

static int
qos_measure(int16_t ch[2], uint64_t bytes[2], unsigned int *during)
{
	struct qos_mem m;
	uint64_t deadline;
	unsigned int i, j, k, done[2] = { 0, 0 }, posted[2] = { 0, 0 };
	unsigned int first = 0, last = 0, nb = 0;
	unsigned int p_first = 0, p_last = 0;
	bool started[2] = { false, false }, gated = false;
	int ret = -1;

	bytes[0] = bytes[1] = 0;
	*during = 0;
	if (qos_mem_get(&m) != 0)
		return -1;
	memset(m.marks->addr, 0, QOS_SNAP);
	memset(m.snap->addr, 0xff, (size_t)QOS_STEPS * QOS_SNAP);
	for (i = 0; i < 2; i++) {
		int tries = 0, r;

		if (chan_setup(ch[i], QOS_DESC) != 0) {
			printf("dmadev %d: setup failed\n", ch[i]);
			goto stop;
		}
		/*
		 * -EIO: the engine thread did not run the enable command in
		 * time (a loaded machine); that is not what is measured here
		 */
		while ((r = rte_dma_start(ch[i])) == -EIO && ++tries < 8)
			rte_delay_us_sleep(10000u << tries);
		if (r != 0) {
			printf("dmadev %d: start: %d (%d tries)\n", ch[i], r, tries);
			goto stop;
		}
		started[i] = true;
	}
	if (qos_gate >= 0) {
		rte_rawdev_stop(qos_gate);
		gated = true;
	}
	for (k = 0; k < QOS_STEPS; k++) {
		rte_iova_t mark = m.marks->iova + k, snap = m.snap->iova + (size_t)k * QOS_SNAP;

		for (i = 0; i < 2; i++) {
			int r = rte_dma_copy(ch[i], 0, m.src->iova, m.dst->iova + i * QOS_LEN,
					QOS_LEN, 0);

			posted[i] += r >= 0;
			if (r >= 0)
				r = i == 0 ? rte_dma_copy(ch[0], 0, m.one->iova, mark, 1, 0) :
					rte_dma_copy(ch[1], 0, m.marks->iova, snap, QOS_SNAP, 0);
			posted[i] += r >= 0;
			if (r < 0) {
				printf("dmadev %d: step %u not enqueued: %d\n", ch[i], k, r);
				goto stop;
			}
		}
	}
	/* ch0 first: with priorities, the high channel is ch0 */
	if (rte_dma_submit(ch[0], 0) != 0 || rte_dma_submit(ch[1], 0) != 0)
		goto stop;
	if (gated) {
		gated = false;
		if (rte_rawdev_start(qos_gate) != 0) {
			printf("rawdev %d: start failed\n", qos_gate);
			goto stop;
		}
	}
	deadline = rte_get_timer_cycles() + rte_get_timer_hz() * QOS_WAIT_S;
	while ((done[0] < 2 * QOS_STEPS || done[1] < 2 * QOS_STEPS) &&
			rte_get_timer_cycles() < deadline) {
		for (i = 0; i < 2; i++) {
			uint16_t last_idx;
			bool err = false;

			done[i] += rte_dma_completed(ch[i], 0, QOS_DESC, &last_idx, &err);
			if (err) {
				printf("copy error on dmadev %d\n", ch[i]);
				goto stop;
			}
		}
	}
	if (done[0] < 2 * QOS_STEPS || done[1] < 2 * QOS_STEPS) {
		printf("jobs not done within %d s: %u, %u of %u\n", QOS_WAIT_S, done[0], done[1],
			2 * QOS_STEPS);
		goto stop;
	}
	for (j = 0; j < QOS_STEPS; j++) {
		const uint8_t *s = (const uint8_t *)m.snap->addr + (size_t)j * QOS_SNAP;
		unsigned int p = 0;

		/* markers are written in order: the count is a prefix */
		while (p < QOS_STEPS && s[p] == 1)
			p++;
		for (k = p; k < QOS_SNAP; k++)
			if (s[k] != 0) {
				printf("snapshot %u: marker %u set after %u unset\n", j, k, p);
				goto stop;
			}
		if (p > 0 && p < QOS_STEPS)
			(*during)++;
		if (p < QOS_EDGE || p > QOS_STEPS - QOS_EDGE)
			continue;
		if (nb++ == 0) {
			first = j;
			p_first = p;
		}
		last = j;
		p_last = p;
	}
	bytes[0] = (uint64_t)(p_last - p_first) * (QOS_LEN + 1);
	bytes[1] = (uint64_t)(last - first) * (QOS_LEN + QOS_SNAP);
	printf("%u of %u ch1 steps ran while ch0 was backlogged; ch0 steps %u..%u during "
		"ch1 steps %u..%u: %" PRIu64 " and %" PRIu64 " bytes\n", nb, QOS_STEPS, p_first,
		p_last, first, last, bytes[0], bytes[1]);
	ret = 0;
stop:
	if (gated && rte_rawdev_start(qos_gate) != 0)
		printf("rawdev %d: start failed\n", qos_gate);
	for (i = 0; i < 2; i++) {
		uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * QOS_WAIT_S;
		uint16_t last_idx;
		bool err;

		if (!started[i])
			continue;
		/* drain before stopping: the memzones are used again */
		rte_dma_submit(ch[i], 0);
		while (done[i] < posted[i] && rte_get_timer_cycles() < end)
			done[i] += rte_dma_completed(ch[i], 0, QOS_DESC, &last_idx, &err);
		rte_dma_stop(ch[i]);
	}
	return ret;
}

/*
 * The QoS scenarios' devices: channels 0 and 1 of the emulated instance,
 * or the devices named on the command line (a management block and its
 * channels 0 and 1 on another bus, e.g. hidma_platform through VFIO).
 */
static const char *qos_mgmt = INSTANCE;
static const char *qos_chan[2];

static int
qos_channels(int *id, int16_t ch[2])
{
	unsigned int i;

	*id = mgmt_id(qos_mgmt);
	for (i = 0; i < 2; i++)
		ch[i] = qos_chan[i] != NULL ? ht_dma_id(qos_chan[i]) : ht_chan_id(INSTANCE, i);
	return *id >= 0 && ch[0] >= 0 && ch[1] >= 0 ? 0 : -1;
}

/*
 * ch1 / ch0 bytes while both were backlogged, within 5% of want: the
 * engine's rounds are exact up to the TRE that ends a round's budget.
 */
static int
qos_ratio_check(int16_t ch[2], double want)
{
	uint64_t bytes[2];
	unsigned int during;
	double ratio;

	CHECK(qos_measure(ch, bytes, &during) == 0, "measure");
	CHECK(bytes[0] > 16 * QOS_LEN && bytes[1] > 16 * QOS_LEN,
			"too little overlap to measure: %" PRIu64 " / %" PRIu64 " bytes", bytes[0],
			bytes[1]);
	ratio = (double)bytes[1] / bytes[0];
	printf("split ch0:ch1 1:%.3f, want 1:%.3f\n", ratio, want);
	CHECK(ratio >= want * 0.95 && ratio <= want * 1.05,
			"split 1:%.3f not within 5%% of 1:%.3f", ratio, want);
	return 0;
}

/* set weights w0:w1 through the rawdev; the split must be w1/w0 */
static int
qos_weights_check(int id, int16_t ch[2], uint8_t w0, uint8_t w1)
{
	CHECK(rte_pmd_hidma_mgmt_set_chan_weight(id, 0, w0) == 0 &&
			rte_pmd_hidma_mgmt_set_chan_weight(id, 1, w1) == 0, "weights %u:%u", w0, w1);
	printf("weights %u:%u\n", w0, w1);
	CHECK(qos_ratio_check(ch, (double)w1 / w0) == 0, "weights %u:%u", w0, w1);
	return 0;
}

static int
scenario_qos_weights(void)
{
	int16_t ch[2];
	int id;

	CHECK(qos_channels(&id, ch) == 0, "devices");
	CHECK(rte_pmd_hidma_mgmt_set_chan_priority(id, 0, RTE_PMD_HIDMA_MGMT_PRIORITY_LOW) == 0,
			"priority");
	CHECK(rte_pmd_hidma_mgmt_set_chan_priority(id, 1, RTE_PMD_HIDMA_MGMT_PRIORITY_LOW) == 0,
			"priority");
	RUN(qos_weights_check(id, ch, 1, 3));
	/* and the other way round, so the result is not an accident of ordering */
	RUN(qos_weights_check(id, ch, 3, 1));
	/* equal weights share equally */
	RUN(qos_weights_check(id, ch, 5, 5));
	return 0;
}

/*
 * The split follows the weights set through the rawdev: equal weights
 * share equally, then 15:1 gives channel 0 fifteen times channel 1's bytes
 * (the widest ratio of the rawdev's weights, 1..15).
 */
static int
scenario_qos_split(void)
{
	int16_t ch[2];
	int id;

	CHECK(qos_channels(&id, ch) == 0, "devices");
	qos_gate = id;
	CHECK(rte_pmd_hidma_mgmt_set_chan_priority(id, 0, RTE_PMD_HIDMA_MGMT_PRIORITY_LOW) == 0 &&
			rte_pmd_hidma_mgmt_set_chan_priority(id, 1,
				RTE_PMD_HIDMA_MGMT_PRIORITY_LOW) == 0, "priorities");
	RUN(qos_weights_check(id, ch, 1, 1));
	RUN(qos_weights_check(id, ch, 15, 1));
	return 0;
}

static int
scenario_qos_priority(void)
{
	uint64_t bytes[2];
	unsigned int during;
	int16_t ch[2];
	int id;

	CHECK(qos_channels(&id, ch) == 0, "devices");
	/* the low channel even has the larger weight: priority is strict */
	CHECK(rte_pmd_hidma_mgmt_set_chan_weight(id, 0, 1) == 0 &&
			rte_pmd_hidma_mgmt_set_chan_weight(id, 1, 15) == 0, "weights");
	CHECK(rte_pmd_hidma_mgmt_set_chan_priority(id, 0, RTE_PMD_HIDMA_MGMT_PRIORITY_HIGH) == 0,
			"priority");
	CHECK(rte_pmd_hidma_mgmt_set_chan_priority(id, 1, RTE_PMD_HIDMA_MGMT_PRIORITY_LOW) == 0,
			"priority");
	CHECK(qos_measure(ch, bytes, &during) == 0, "measure");
	printf("ch0 high, ch1 low: %u ch1 steps ran while ch0 had work\n", during);
	CHECK(during == 0, "the low-priority channel ran %u steps while the high one had work",
			during);

	/* back to equal priority: the low channel is served again, by weight */
	CHECK(rte_pmd_hidma_mgmt_set_chan_priority(id, 0, RTE_PMD_HIDMA_MGMT_PRIORITY_LOW) == 0,
			"priority");
	printf("equal priority, weights 1:15\n");
	CHECK(qos_ratio_check(ch, 15) == 0, "weights 1:15");
	return 0;
}

/*
 * dmadev priorities (DPDK >= 24.11) are the channel's QOS_N priority bit:
 * rte_dma_conf.priority 0 (dmadev's highest) is HIDMA's high, 1 its low, 2
 * is refused. Older dmadev has none, and rte_dma_configure() leaves QOS_N
 * to the management rawdev.
 */
static int
chan_qos_priority(int id, unsigned int ch, uint64_t *prio)
{
	struct rte_pmd_hidma_mgmt_info info;
	uint64_t attr;

	if (rte_pmd_hidma_mgmt_get_chan_priority(id, ch, &attr) != 0 ||
			rte_pmd_hidma_mgmt_info_get(id, &info) != 0)
		return -1;
	*prio = (info.regs.qos[ch] >> 15) & 1;
	return attr == *prio ? 0 : -1;
}

static int
scenario_dma_priority(void)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_info info;
	int16_t dev = ht_chan_id(INSTANCE, 1);
	int id = mgmt_id(INSTANCE);
	uint64_t prio;
	unsigned int n;

	CHECK(id >= 0 && dev >= 0, "devices");
	CHECK(rte_dma_info_get(dev, &info) == 0, "info");
	n = hidma_compat_dma_info_priorities(&info);
	if (hidma_compat_dma_conf_set_priority(&conf, 0) == -ENOTSUP) {
		CHECK(n == 0, "priorities claimed without dmadev support");
		CHECK(rte_pmd_hidma_mgmt_set_chan_priority(id, 1,
				RTE_PMD_HIDMA_MGMT_PRIORITY_HIGH) == 0, "rawdev priority");
		CHECK(rte_dma_configure(dev, &conf) == 0, "configure");
		CHECK(chan_qos_priority(id, 1, &prio) == 0 && prio == 1,
				"rte_dma_configure changed QOS_N");
		printf("%s: no dmadev priorities; QOS_N stays the rawdev's\n", rte_version());
		return 0;
	}
	CHECK(n == 2, "nb_priorities %u, expected 2 (QOS_N high and low)", n);
	CHECK(chan_qos_priority(id, 0, &prio) == 0 && prio == 0, "ch0 starts low");

	CHECK(hidma_compat_dma_conf_set_priority(&conf, 1) == 0, "conf");
	CHECK(rte_dma_configure(dev, &conf) == 0, "configure priority 1");
	CHECK(chan_qos_priority(id, 1, &prio) == 0 && prio == 0, "priority 1: QOS_N %" PRIu64,
			prio);
	CHECK(hidma_compat_dma_conf_set_priority(&conf, 0) == 0, "conf");
	CHECK(rte_dma_configure(dev, &conf) == 0, "configure priority 0");
	CHECK(chan_qos_priority(id, 1, &prio) == 0 && prio == 1, "priority 0: QOS_N %" PRIu64,
			prio);
	/* only that channel's register */
	CHECK(chan_qos_priority(id, 0, &prio) == 0 && prio == 0, "ch0 changed");

	/* out of range: refused, the register keeps its value */
	CHECK(hidma_compat_dma_conf_set_priority(&conf, 2) == 0, "conf");
	CHECK(rte_dma_configure(dev, &conf) == -EINVAL, "priority 2 accepted");
	CHECK(chan_qos_priority(id, 1, &prio) == 0 && prio == 1, "QOS_N changed by a refusal");

	/* the rawdev still sets it; the channel works with either */
	CHECK(rte_pmd_hidma_mgmt_set_chan_priority(id, 1, RTE_PMD_HIDMA_MGMT_PRIORITY_LOW) == 0,
			"rawdev priority");
	CHECK(chan_qos_priority(id, 1, &prio) == 0 && prio == 0, "rawdev low");
	CHECK(chan_setup(dev, 64) == 0 && rte_dma_start(dev) == 0, "start");
	CHECK(chan_copy(dev) == 0, "copy");
	CHECK(rte_dma_stop(dev) == 0, "stop");
	printf("%s: dmadev priority 0 -> QOS_N high, 1 -> low, 2 refused\n", rte_version());
	return 0;
}

/* ------------------------------------------------------------ engine placement */

static int
scenario_service(void)
{
	uint32_t sid;

	CHECK(rte_service_get_by_name(INSTANCE "_engine", &sid) == 0, "no engine service");
	CHECK(rte_service_runstate_get(sid) == 1, "service not running");
	printf("engine service id %u, %d service lcore(s)\n", sid, rte_service_lcore_count());
	CHECK(scenario_copy_all() == 0, "copies");

	/* hot-plugged after EAL init: the instance maps its service itself */
	CHECK(rte_vdev_init("hidma_model1", "channels=1,engine=service") == 0, "hotplug");
	CHECK(rte_service_get_by_name("hidma_model1_engine", &sid) == 0, "no service");
	CHECK(rte_service_lcore_count_services(1) >= 1 &&
			rte_service_map_lcore_get(sid, 1) == 1, "service not mapped to lcore 1");
	CHECK(scenario_copy_all() == 0, "copies with the hot-plugged instance");
	CHECK(rte_vdev_uninit("hidma_model1") == 0, "unplug");
	CHECK(rte_service_get_by_name("hidma_model1_engine", &sid) != 0, "service left");
	return 0;
}

/* ------------------------------------------------------------ main */

static const struct ht_case scenarios[] = {
	{ "attrs", scenario_attrs },
	{ "reject", scenario_reject },
	{ "devargs_config", scenario_devargs_config },
	{ "bad_devargs", scenario_bad_devargs },
	{ "disabled", scenario_disabled },
	{ "copy_all", scenario_copy_all },
	{ "multi", scenario_multi },
	{ "selftest_dump", scenario_selftest_dump },
	{ "telemetry", scenario_telemetry },
	{ "extmem", scenario_extmem },
	{ "hotplug_mem", scenario_hotplug_mem },
	{ "qos_weights", scenario_qos_weights },
	{ "qos_split", scenario_qos_split },
	{ "qos_priority", scenario_qos_priority },
	{ "dma_priority", scenario_dma_priority },
	{ "service", scenario_service },
};

/*
 * Options before the scenario names name the QoS scenarios' devices:
 *   --mgmt=<rawdev> --chan=<dmadev of channel 0> --chan=<dmadev of channel 1>
 */
static int
qos_options(int *argc, char ***argv)
{
	unsigned int nb_chan = 0;
	bool mgmt = false;
	char *a;

	while (*argc > 1 && strncmp((*argv)[1], "--", 2) == 0) {
		a = (*argv)[1];
		if (strncmp(a, "--mgmt=", 7) == 0 && a[7] != '\0') {
			qos_mgmt = a + 7;
			mgmt = true;
		} else if (strncmp(a, "--chan=", 7) == 0 && a[7] != '\0' && nb_chan < 2) {
			qos_chan[nb_chan++] = a + 7;
		} else {
			printf("bad option %s: the options are --mgmt=<rawdev> and, twice, "
				"--chan=<dmadev> (channels 0 and 1 of that block)\n", a);
			return -1;
		}
		(*argv)[1] = (*argv)[0];
		(*argc)--;
		(*argv)++;
	}
	if ((mgmt || nb_chan != 0) && !(mgmt && nb_chan == 2)) {
		printf("--mgmt and --chan go together: a block and both of its channels 0 and 1\n");
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int ret;

	if (ht_eal_init(&argc, &argv) != 0)
		return 1;
	if (qos_options(&argc, &argv) != 0) {
		rte_eal_cleanup();
		return 2;
	}
	printf("IOVA as %s\n", rte_eal_iova_mode() == RTE_IOVA_VA ? "VA" : "PA");
	ret = ht_run(scenarios, RTE_DIM(scenarios), argc, argv);
	rte_eal_cleanup();
	return ret;
}
