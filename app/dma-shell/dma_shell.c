/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * dpdk-dma-shell: a testpmd-style command line for dmadevs and the HIDMA
 * management rawdev, on librte_cmdline. Public DPDK APIs only, so it drives
 * any dmadev. Reads commands from the terminal or, for scripts, from a pipe;
 * exits with status 1 if any command failed, so a script can be a test.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmdline.h>
#include <cmdline_parse.h>
#include <cmdline_parse_num.h>
#include <cmdline_parse_string.h>
#include <cmdline_socket.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_random.h>
#include <rte_rawdev.h>

#define MAX_JOBS	1024
#define MAX_LEN		(1u << 20)	/* buffers stay within one 2 MiB hugepage */
#define WAIT_S		1

static unsigned int nb_failed;		/* commands that failed: the exit status */
static bool started[RTE_DMADEV_DEFAULT_MAX];

static void __rte_format_printf(2, 3)
fail(struct cmdline *cl, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cmdline_printf(cl, "error: %s\n", buf);
	nb_failed++;
}

/* A dmadev by id ("0") or by name ("hidma_model0-ch0"); -1 if none. */
static int
dma_id(struct cmdline *cl, const char *s)
{
	char *end;
	long v;
	int id;

	v = strtol(s, &end, 10);
	if (*s != '\0' && *end == '\0')
		id = rte_dma_is_valid(v) ? (int)v : -1;
	else
		id = rte_dma_get_dev_id_by_name(s);
	if (id < 0)
		fail(cl, "no dmadev '%s' (see 'list')", s);
	return id;
}

/* A rawdev by id or name. rte_rawdev_get_dev_id() returns negatives as uint16. */
static int
raw_id(struct cmdline *cl, const char *s)
{
	char *end;
	long v;
	uint16_t id;

	v = strtol(s, &end, 10);
	if (*s != '\0' && *end == '\0') {
		if (v >= 0 && v < rte_rawdev_count())
			return (int)v;
	} else {
		id = rte_rawdev_get_dev_id(s);
		if (id < rte_rawdev_count())
			return id;
	}
	fail(cl, "no rawdev '%s' (see 'list')", s);
	return -1;
}

/* ------------------------------------------------------------ help, quit */

struct cmd_word {
	cmdline_fixed_string_t word;
};

static void
cmd_help_parsed(void *res, struct cmdline *cl, void *data)
{
	cmdline_printf(cl,
		"Commands (<dev>: dmadev id or name; <raw>: rawdev id or name):\n"
		"  list                                   dmadevs and rawdevs\n"
		"  info <dev>                             capabilities and limits\n"
		"  configure <dev> <nb_vchans> <nb_desc>  mem-to-mem vchans\n"
		"  start|stop|close <dev>\n"
		"  copy <dev> <vchan> <len> <count>       count copies (len <= 1 MiB), verified\n"
		"  fill <dev> <vchan> <pattern> <len> <count>  count fills, verified\n"
		"  stats <dev>                            all vchans\n"
		"  stats reset <dev>\n"
		"  dump <dev>                             rte_dma_dump()\n"
		"  mgmt get <raw> <attr>                  rte_rawdev_get_attr()\n"
		"  mgmt set <raw> <attr> <value>          rte_rawdev_set_attr()\n"
		"  mgmt dump <raw>                        rte_rawdev_dump()\n"
		"  help | quit\n");
}

static cmdline_parse_token_string_t cmd_help_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_word, word, "help");
static cmdline_parse_inst_t cmd_help = {
	.f = cmd_help_parsed,
	.help_str = "help: list the commands",
	.tokens = { (void *)&cmd_help_tok, NULL },
};

static void
cmd_quit_parsed(void *res, struct cmdline *cl, void *data)
{
	cmdline_quit(cl);
}

static cmdline_parse_token_string_t cmd_quit_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_word, word, "quit#exit");
static cmdline_parse_inst_t cmd_quit = {
	.f = cmd_quit_parsed,
	.help_str = "quit: leave the shell",
	.tokens = { (void *)&cmd_quit_tok, NULL },
};

/* ------------------------------------------------------------ list */

static void
cmd_list_parsed(void *res, struct cmdline *cl, void *data)
{
	struct rte_dma_info info;
	struct rte_rawdev_info rinfo;
	int16_t id;
	uint16_t r;

	cmdline_printf(cl, "dmadevs: %u\n", rte_dma_count_avail());
	RTE_DMA_FOREACH_DEV(id) {
		if (rte_dma_info_get(id, &info) != 0)
			continue;
		cmdline_printf(cl, "  %d  %-24s numa %d  vchans %u/%u  %s\n", id, info.dev_name,
			info.numa_node, info.nb_vchans, info.max_vchans,
			started[id] ? "started" : "stopped");
	}
	cmdline_printf(cl, "rawdevs: %u\n", rte_rawdev_count());
	for (r = 0; r < rte_rawdev_count(); r++) {
		memset(&rinfo, 0, sizeof(rinfo));
		if (rte_rawdev_info_get(r, &rinfo, 0) != 0)
			continue;
		cmdline_printf(cl, "  %u  driver %s  socket %d\n", r,
			rinfo.driver_name ? rinfo.driver_name : "?", rinfo.socket_id);
	}
}

static cmdline_parse_token_string_t cmd_list_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_word, word, "list");
static cmdline_parse_inst_t cmd_list = {
	.f = cmd_list_parsed,
	.help_str = "list: dmadevs and rawdevs",
	.tokens = { (void *)&cmd_list_tok, NULL },
};

/* ------------------------------------------------------------ info, dump, start/stop/close */

struct cmd_dev {
	cmdline_fixed_string_t word;
	cmdline_fixed_string_t dev;
};

static cmdline_parse_token_string_t cmd_dev_dev =
	TOKEN_STRING_INITIALIZER(struct cmd_dev, dev, NULL);

static void
cmd_info_parsed(void *res, struct cmdline *cl, void *data)
{
	static const char *const capa[] = {
		"mem2mem", "mem2dev", "dev2mem", "dev2dev", "sva", "silent", "handles_errors",
	};
	struct cmd_dev *c = res;
	struct rte_dma_info info;
	unsigned int i;
	int id = dma_id(cl, c->dev);

	if (id < 0)
		return;
	if (rte_dma_info_get(id, &info) != 0) {
		fail(cl, "rte_dma_info_get(%d) failed", id);
		return;
	}
	cmdline_printf(cl, "dmadev %d: %s\n  numa_node %d, vchans %u of max %u, desc %u..%u, max_sges %u\n  capabilities:",
		id, info.dev_name, info.numa_node, info.nb_vchans, info.max_vchans,
		info.min_desc, info.max_desc, info.max_sges);
	for (i = 0; i < RTE_DIM(capa); i++)
		if (info.dev_capa & RTE_BIT64(i))
			cmdline_printf(cl, " %s", capa[i]);
	if (info.dev_capa & RTE_DMA_CAPA_OPS_COPY)
		cmdline_printf(cl, " copy");
	if (info.dev_capa & RTE_DMA_CAPA_OPS_COPY_SG)
		cmdline_printf(cl, " copy_sg");
	if (info.dev_capa & RTE_DMA_CAPA_OPS_FILL)
		cmdline_printf(cl, " fill");
	cmdline_printf(cl, "\n");
}

static cmdline_parse_token_string_t cmd_info_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_dev, word, "info");
static cmdline_parse_inst_t cmd_info = {
	.f = cmd_info_parsed,
	.help_str = "info <dev>: capabilities and limits",
	.tokens = { (void *)&cmd_info_tok, (void *)&cmd_dev_dev, NULL },
};

static void
cmd_dump_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_dev *c = res;
	int id = dma_id(cl, c->dev);

	if (id < 0)
		return;
	fflush(stdout);
	if (rte_dma_dump(id, stdout) != 0)
		fail(cl, "rte_dma_dump(%d) failed", id);
	fflush(stdout);
}

static cmdline_parse_token_string_t cmd_dump_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_dev, word, "dump");
static cmdline_parse_inst_t cmd_dump = {
	.f = cmd_dump_parsed,
	.help_str = "dump <dev>: rte_dma_dump()",
	.tokens = { (void *)&cmd_dump_tok, (void *)&cmd_dev_dev, NULL },
};

static void
cmd_state_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_dev *c = res;
	int id = dma_id(cl, c->dev);
	int ret;

	if (id < 0)
		return;
	if (strcmp(c->word, "start") == 0) {
		ret = rte_dma_start(id);
		if (ret == 0)
			started[id] = true;
	} else if (strcmp(c->word, "stop") == 0) {
		ret = rte_dma_stop(id);
		if (ret == 0)
			started[id] = false;
	} else {
		ret = rte_dma_close(id);
	}
	if (ret != 0)
		fail(cl, "%s %d: %s", c->word, id, strerror(-ret));
	else
		cmdline_printf(cl, "%s %d: done\n", c->word, id);
}

static cmdline_parse_token_string_t cmd_state_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_dev, word, "start#stop#close");
static cmdline_parse_inst_t cmd_state = {
	.f = cmd_state_parsed,
	.help_str = "start|stop|close <dev>",
	.tokens = { (void *)&cmd_state_tok, (void *)&cmd_dev_dev, NULL },
};

/* ------------------------------------------------------------ configure */

struct cmd_configure {
	cmdline_fixed_string_t word;
	cmdline_fixed_string_t dev;
	uint16_t nb_vchans;
	uint16_t nb_desc;
};

static void
cmd_configure_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_configure *c = res;
	struct rte_dma_conf conf = { .nb_vchans = c->nb_vchans };
	struct rte_dma_vchan_conf q = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = c->nb_desc,
	};
	int id = dma_id(cl, c->dev);
	uint16_t v;
	int ret;

	if (id < 0)
		return;
	ret = rte_dma_configure(id, &conf);
	if (ret != 0) {
		fail(cl, "rte_dma_configure(%d, %u vchans): %s", id, c->nb_vchans, strerror(-ret));
		return;
	}
	for (v = 0; v < c->nb_vchans; v++) {
		ret = rte_dma_vchan_setup(id, v, &q);
		if (ret != 0) {
			fail(cl, "rte_dma_vchan_setup(%d, %u, %u desc): %s", id, v, c->nb_desc,
				strerror(-ret));
			return;
		}
	}
	cmdline_printf(cl, "configure %d: %u mem2mem vchan(s) of %u descriptors\n", id,
		c->nb_vchans, c->nb_desc);
}

static cmdline_parse_token_string_t cmd_configure_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_configure, word, "configure");
static cmdline_parse_token_string_t cmd_configure_dev =
	TOKEN_STRING_INITIALIZER(struct cmd_configure, dev, NULL);
static cmdline_parse_token_num_t cmd_configure_nbv =
	TOKEN_NUM_INITIALIZER(struct cmd_configure, nb_vchans, RTE_UINT16);
static cmdline_parse_token_num_t cmd_configure_nbd =
	TOKEN_NUM_INITIALIZER(struct cmd_configure, nb_desc, RTE_UINT16);
static cmdline_parse_inst_t cmd_configure = {
	.f = cmd_configure_parsed,
	.help_str = "configure <dev> <nb_vchans> <nb_desc>: mem-to-mem vchans",
	.tokens = { (void *)&cmd_configure_tok, (void *)&cmd_configure_dev,
		(void *)&cmd_configure_nbv, (void *)&cmd_configure_nbd, NULL },
};

/* ------------------------------------------------------------ copy, fill */

struct cmd_job {
	cmdline_fixed_string_t word;
	cmdline_fixed_string_t dev;
	uint16_t vchan;
	uint64_t pattern;	/* fill only */
	uint32_t len;
	uint16_t count;
};

/*
 * Enqueue @count jobs, submit, wait for all of them with
 * completed_status() and check the data. One function for both kinds, so
 * copy and fill report alike.
 */
static void
run_jobs(struct cmdline *cl, struct cmd_job *c, bool fill)
{
	enum rte_dma_status_code st[MAX_JOBS];
	void *src[MAX_JOBS] = { NULL }, *dst[MAX_JOBS] = { NULL };
	const uint8_t *pat = (const uint8_t *)&c->pattern;
	uint16_t done = 0, n, i, bad = 0;
	uint64_t t0, deadline;
	uint32_t k, align;
	int id = dma_id(cl, c->dev);
	int ret;

	if (id < 0)
		return;
	if (c->count == 0 || c->count > MAX_JOBS || c->len == 0 || c->len > MAX_LEN) {
		fail(cl, "count must be 1..%d and len 1..%d", MAX_JOBS, MAX_LEN);
		return;
	}
	/*
	 * rte_malloc memory is IOVA-contiguous only within a page: aligned to
	 * its size (a power of two up to the smallest hugepage), a buffer never
	 * straddles a page boundary, which matters with IOVA as PA.
	 */
	align = RTE_MAX(rte_align32pow2(c->len), (uint32_t)RTE_CACHE_LINE_SIZE);
	for (i = 0; i < c->count; i++) {
		dst[i] = rte_zmalloc(NULL, c->len, align);
		if (!fill)
			src[i] = rte_malloc(NULL, c->len, align);
		if (dst[i] == NULL || (!fill && src[i] == NULL)) {
			fail(cl, "out of memory for %u buffers of %u B", c->count, c->len);
			goto out;
		}
		if (!fill)
			for (k = 0; k < c->len; k++)
				((uint8_t *)src[i])[k] = (uint8_t)rte_rand();
	}

	t0 = rte_rdtsc();
	deadline = t0 + WAIT_S * rte_get_tsc_hz();
	for (i = 0; i < c->count;) {
		if (fill)
			ret = rte_dma_fill(id, c->vchan, c->pattern, rte_malloc_virt2iova(dst[i]),
				c->len, 0);
		else
			ret = rte_dma_copy(id, c->vchan, rte_malloc_virt2iova(src[i]),
				rte_malloc_virt2iova(dst[i]), c->len, 0);
		if (ret >= 0) {
			i++;
			continue;
		}
		if (ret != -ENOSPC || rte_rdtsc() > deadline) {
			/* what is already enqueued still has to be reaped */
			fail(cl, "enqueue %u of %u: %s", i, c->count, strerror(-ret));
			c->count = i;
			bad++;
			break;
		}
		/* more jobs than the ring holds: let some complete */
		rte_dma_submit(id, c->vchan);
		done += rte_dma_completed_status(id, c->vchan, i - done, NULL, &st[done]);
	}
	ret = rte_dma_submit(id, c->vchan);
	if (ret < 0) {
		fail(cl, "rte_dma_submit: %s", strerror(-ret));
		bad++;
	}
	while (done < c->count && rte_rdtsc() < deadline) {
		n = rte_dma_completed_status(id, c->vchan, c->count - done, NULL, &st[done]);
		done += n;
	}
	if (done < c->count) {
		fail(cl, "%u of %u job(s) not completed after %d s", c->count - done, c->count,
			WAIT_S);
		goto out;
	}
	for (i = 0; i < done; i++) {
		if (st[i] != RTE_DMA_STATUS_SUCCESSFUL) {
			fail(cl, "job %u completed with status %d", i, st[i]);
			bad++;
			continue;
		}
		for (k = 0; k < c->len; k++) {
			uint8_t want = fill ? pat[k % 8] : ((uint8_t *)src[i])[k];

			if (((uint8_t *)dst[i])[k] != want) {
				fail(cl, "%s MISMATCH: job %u byte %u is 0x%02x, expected 0x%02x",
					c->word, i, k, ((uint8_t *)dst[i])[k], want);
				bad++;
				break;
			}
		}
	}
	if (bad == 0)
		cmdline_printf(cl, "%s %d/%u: %u job(s) of %u B done and verified in %.1f us\n",
			c->word, id, c->vchan, done, c->len,
			(double)(rte_rdtsc() - t0) * 1e6 / rte_get_tsc_hz());
out:
	for (i = 0; i < MAX_JOBS; i++) {
		rte_free(src[i]);
		rte_free(dst[i]);
	}
}

static void
cmd_copy_parsed(void *res, struct cmdline *cl, void *data)
{
	run_jobs(cl, res, false);
}

static void
cmd_fill_parsed(void *res, struct cmdline *cl, void *data)
{
	run_jobs(cl, res, true);
}

static cmdline_parse_token_string_t cmd_job_dev =
	TOKEN_STRING_INITIALIZER(struct cmd_job, dev, NULL);
static cmdline_parse_token_num_t cmd_job_vchan =
	TOKEN_NUM_INITIALIZER(struct cmd_job, vchan, RTE_UINT16);
static cmdline_parse_token_num_t cmd_job_pattern =
	TOKEN_NUM_INITIALIZER(struct cmd_job, pattern, RTE_UINT64);
static cmdline_parse_token_num_t cmd_job_len =
	TOKEN_NUM_INITIALIZER(struct cmd_job, len, RTE_UINT32);
static cmdline_parse_token_num_t cmd_job_count =
	TOKEN_NUM_INITIALIZER(struct cmd_job, count, RTE_UINT16);

static cmdline_parse_token_string_t cmd_copy_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_job, word, "copy");
static cmdline_parse_inst_t cmd_copy = {
	.f = cmd_copy_parsed,
	.help_str = "copy <dev> <vchan> <len> <count>: copies, waited for and verified",
	.tokens = { (void *)&cmd_copy_tok, (void *)&cmd_job_dev, (void *)&cmd_job_vchan,
		(void *)&cmd_job_len, (void *)&cmd_job_count, NULL },
};

static cmdline_parse_token_string_t cmd_fill_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_job, word, "fill");
static cmdline_parse_inst_t cmd_fill = {
	.f = cmd_fill_parsed,
	.help_str = "fill <dev> <vchan> <pattern> <len> <count>: fills, waited for and verified",
	.tokens = { (void *)&cmd_fill_tok, (void *)&cmd_job_dev, (void *)&cmd_job_vchan,
		(void *)&cmd_job_pattern, (void *)&cmd_job_len, (void *)&cmd_job_count, NULL },
};

/* ------------------------------------------------------------ stats */

static void
cmd_stats_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_dev *c = res;
	struct rte_dma_stats s;
	int id = dma_id(cl, c->dev);
	int ret;

	if (id < 0)
		return;
	ret = rte_dma_stats_get(id, RTE_DMA_ALL_VCHAN, &s);
	if (ret != 0) {
		fail(cl, "rte_dma_stats_get(%d): %s", id, strerror(-ret));
		return;
	}
	cmdline_printf(cl, "stats %d: submitted %" PRIu64 " completed %" PRIu64 " errors %" PRIu64 "\n",
		id, s.submitted, s.completed, s.errors);
}

static cmdline_parse_token_string_t cmd_stats_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_dev, word, "stats");
static cmdline_parse_inst_t cmd_stats = {
	.f = cmd_stats_parsed,
	.help_str = "stats <dev>: all vchans",
	.tokens = { (void *)&cmd_stats_tok, (void *)&cmd_dev_dev, NULL },
};

struct cmd_stats_reset {
	cmdline_fixed_string_t word;
	cmdline_fixed_string_t reset;
	cmdline_fixed_string_t dev;
};

static void
cmd_stats_reset_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_stats_reset *c = res;
	int id = dma_id(cl, c->dev);
	int ret;

	if (id < 0)
		return;
	ret = rte_dma_stats_reset(id, RTE_DMA_ALL_VCHAN);
	if (ret != 0)
		fail(cl, "rte_dma_stats_reset(%d): %s", id, strerror(-ret));
	else
		cmdline_printf(cl, "stats %d: reset\n", id);
}

static cmdline_parse_token_string_t cmd_stats_reset_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_stats_reset, word, "stats");
static cmdline_parse_token_string_t cmd_stats_reset_tok2 =
	TOKEN_STRING_INITIALIZER(struct cmd_stats_reset, reset, "reset");
static cmdline_parse_token_string_t cmd_stats_reset_dev =
	TOKEN_STRING_INITIALIZER(struct cmd_stats_reset, dev, NULL);
static cmdline_parse_inst_t cmd_stats_reset = {
	.f = cmd_stats_reset_parsed,
	.help_str = "stats reset <dev>",
	.tokens = { (void *)&cmd_stats_reset_tok, (void *)&cmd_stats_reset_tok2,
		(void *)&cmd_stats_reset_dev, NULL },
};

/* ------------------------------------------------------------ mgmt (rawdev attributes) */

struct cmd_mgmt {
	cmdline_fixed_string_t word;
	cmdline_fixed_string_t op;
	cmdline_fixed_string_t raw;
	cmdline_fixed_string_t attr;
	uint64_t value;
};

static void
cmd_mgmt_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_mgmt *c = res;
	uint64_t v = 0;
	int id = raw_id(cl, c->raw);
	int ret;

	if (id < 0)
		return;
	if (strcmp(c->op, "get") == 0) {
		ret = rte_rawdev_get_attr(id, c->attr, &v);
		if (ret != 0)
			fail(cl, "get %s: %s", c->attr, strerror(-ret));
		else
			cmdline_printf(cl, "%s = %" PRIu64 " (0x%" PRIx64 ")\n", c->attr, v, v);
	} else if (strcmp(c->op, "set") == 0) {
		ret = rte_rawdev_set_attr(id, c->attr, c->value);
		if (ret != 0)
			fail(cl, "set %s = %" PRIu64 ": %s", c->attr, c->value, strerror(-ret));
		else
			cmdline_printf(cl, "%s set to %" PRIu64 "\n", c->attr, c->value);
	} else {
		fflush(stdout);
		ret = rte_rawdev_dump(id, stdout);
		fflush(stdout);
		if (ret != 0)
			fail(cl, "rte_rawdev_dump(%d): %s", id, strerror(-ret));
	}
}

static cmdline_parse_token_string_t cmd_mgmt_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_mgmt, word, "mgmt");
static cmdline_parse_token_string_t cmd_mgmt_get =
	TOKEN_STRING_INITIALIZER(struct cmd_mgmt, op, "get");
static cmdline_parse_token_string_t cmd_mgmt_set =
	TOKEN_STRING_INITIALIZER(struct cmd_mgmt, op, "set");
static cmdline_parse_token_string_t cmd_mgmt_dump =
	TOKEN_STRING_INITIALIZER(struct cmd_mgmt, op, "dump");
static cmdline_parse_token_string_t cmd_mgmt_raw =
	TOKEN_STRING_INITIALIZER(struct cmd_mgmt, raw, NULL);
static cmdline_parse_token_string_t cmd_mgmt_attr =
	TOKEN_STRING_INITIALIZER(struct cmd_mgmt, attr, NULL);
static cmdline_parse_token_num_t cmd_mgmt_value =
	TOKEN_NUM_INITIALIZER(struct cmd_mgmt, value, RTE_UINT64);

static cmdline_parse_inst_t cmd_mgmt_get_inst = {
	.f = cmd_mgmt_parsed,
	.help_str = "mgmt get <raw> <attr>: rte_rawdev_get_attr()",
	.tokens = { (void *)&cmd_mgmt_tok, (void *)&cmd_mgmt_get, (void *)&cmd_mgmt_raw,
		(void *)&cmd_mgmt_attr, NULL },
};
static cmdline_parse_inst_t cmd_mgmt_set_inst = {
	.f = cmd_mgmt_parsed,
	.help_str = "mgmt set <raw> <attr> <value>: rte_rawdev_set_attr()",
	.tokens = { (void *)&cmd_mgmt_tok, (void *)&cmd_mgmt_set, (void *)&cmd_mgmt_raw,
		(void *)&cmd_mgmt_attr, (void *)&cmd_mgmt_value, NULL },
};
static cmdline_parse_inst_t cmd_mgmt_dump_inst = {
	.f = cmd_mgmt_parsed,
	.help_str = "mgmt dump <raw>: rte_rawdev_dump()",
	.tokens = { (void *)&cmd_mgmt_tok, (void *)&cmd_mgmt_dump, (void *)&cmd_mgmt_raw, NULL },
};

/* "stats reset" before "stats <dev>": the first complete match wins */
static cmdline_parse_ctx_t commands[] = {
	(cmdline_parse_inst_t *)&cmd_help,
	(cmdline_parse_inst_t *)&cmd_quit,
	(cmdline_parse_inst_t *)&cmd_list,
	(cmdline_parse_inst_t *)&cmd_info,
	(cmdline_parse_inst_t *)&cmd_dump,
	(cmdline_parse_inst_t *)&cmd_state,
	(cmdline_parse_inst_t *)&cmd_configure,
	(cmdline_parse_inst_t *)&cmd_copy,
	(cmdline_parse_inst_t *)&cmd_fill,
	(cmdline_parse_inst_t *)&cmd_stats_reset,
	(cmdline_parse_inst_t *)&cmd_stats,
	(cmdline_parse_inst_t *)&cmd_mgmt_get_inst,
	(cmdline_parse_inst_t *)&cmd_mgmt_set_inst,
	(cmdline_parse_inst_t *)&cmd_mgmt_dump_inst,
	NULL,
};

int
main(int argc, char **argv)
{
	struct cmdline *cl;
	int16_t id;
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "dma-shell: rte_eal_init failed\n");
		return 1;
	}
	cl = cmdline_stdin_new(commands, "dma-shell> ");
	if (cl == NULL) {
		fprintf(stderr, "dma-shell: cannot read commands from stdin\n");
		rte_eal_cleanup();
		return 1;
	}
	cmdline_interact(cl);
	cmdline_stdin_exit(cl);
	printf("\n");

	/* leave every device as found: stopped */
	RTE_DMA_FOREACH_DEV(id)
		if (started[id])
			rte_dma_stop(id);
	rte_eal_cleanup();
	if (nb_failed != 0)
		printf("dma-shell: %u command(s) failed\n", nb_failed);
	return nb_failed != 0 ? 1 : 0;
}
