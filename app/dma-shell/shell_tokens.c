/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The shell's token type: a word whose completion lists what exists at the
 * time of the <TAB> (dmadev and rawdev names, vchans, attributes), and the
 * "reject" token that lets the shell report and count lines no command takes.
 *
 * librte_cmdline completes token N of a line by parsing tokens 0..N-1 of each
 * command first, so the device word just parsed is remembered here: the vchan
 * and attribute completions that follow it use it.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmdline_parse.h>
#include <rte_common.h>
#include <rte_dev.h>
#include <rte_dmadev.h>
#include <rte_rawdev.h>
#include <rte_string_fns.h>

#include <rte_pmd_hidma_mgmt.h>

#include "shell_priv.h"

/* the word of the last dmadev / rawdev token parsed */
static char last_dmadev[sizeof(cmdline_fixed_string_t)];
static char last_rawdev[sizeof(cmdline_fixed_string_t)];

/* completion lists are rebuilt at each request: devices come and go */
#define SHELL_MAX_CHOICES	256

static const char *const mgmt_attrs[] = {
	RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MAJOR,
	RTE_PMD_HIDMA_MGMT_ATTR_HW_VERSION_MINOR,
	RTE_PMD_HIDMA_MGMT_ATTR_DMA_CHANNELS,
	RTE_PMD_HIDMA_MGMT_ATTR_MAX_WRITE_REQUEST,
	RTE_PMD_HIDMA_MGMT_ATTR_MAX_READ_REQUEST,
	RTE_PMD_HIDMA_MGMT_ATTR_MAX_WR_XACTIONS,
	RTE_PMD_HIDMA_MGMT_ATTR_MAX_RD_XACTIONS,
	RTE_PMD_HIDMA_MGMT_ATTR_CHRESET_TIMEOUT_CYCLES,
};

void
shell_rawdev_name(uint16_t id, char *buf, size_t len)
{
	struct rte_rawdev_info info = { .dev_private = NULL };
	const char *name;

	buf[0] = '\0';
	if (rte_rawdev_info_get(id, &info, 0) != 0 || info.device == NULL)
		return;
	/* a rawdev is named like its device for every driver we know; check it */
	name = rte_dev_name(info.device);
	if (name != NULL && rte_rawdev_get_dev_id(name) == id)
		strlcpy(buf, name, len);
}

/* A rawdev id from a word (id or name), or -1. */
static int
rawdev_of(const char *s)
{
	char *end;
	unsigned long v;
	uint16_t id;

	if (*s == '\0')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end == '\0' && s[0] != '-')
		return v < rte_rawdev_count() ? (int)v : -1;
	id = rte_rawdev_get_dev_id(s);
	return id < rte_rawdev_count() ? id : -1;
}

/* A dmadev id from a word (id or name), or -1. */
static int
dmadev_of(const char *s)
{
	char *end;
	long v;

	if (*s == '\0')
		return -1;
	v = strtol(s, &end, 10);
	if (*end == '\0')
		return v >= 0 && v <= INT16_MAX && rte_dma_is_valid((int16_t)v) ? (int)v : -1;
	return rte_dma_get_dev_id_by_name(s);
}

/*
 * The choices of @tk now: @return how many there are and, when @buf is not
 * NULL, copy choice @idx into it.
 */
static int
choices(const struct shell_token *tk, unsigned int idx, char *buf, unsigned int size)
{
	unsigned int n = 0, i;

	switch (tk->kind) {
	case SHELL_TOK_DMADEV: {
		struct rte_dma_info info;
		int16_t id;

		RTE_DMA_FOREACH_DEV(id) {
			if (rte_dma_info_get(id, &info) != 0)
				continue;
			if (buf != NULL && n == idx)
				strlcpy(buf, info.dev_name, size);
			n++;
		}
		return n;
	}
	case SHELL_TOK_RAWDEV:
	case SHELL_TOK_INSTANCE: {
		char name[RTE_RAWDEV_NAME_MAX_LEN];
		uint16_t r;

		for (r = 0; r < rte_rawdev_count(); r++) {
			shell_rawdev_name(r, name, sizeof(name));
			if (name[0] == '\0')
				continue;
			/* only HIDMA instances have fault settings */
			if (tk->kind == SHELL_TOK_INSTANCE && rte_pmd_hidma_mgmt_dev_id(name) < 0)
				continue;
			if (buf != NULL && n == idx)
				strlcpy(buf, name, size);
			n++;
		}
		return n;
	}
	case SHELL_TOK_VCHAN: {
		struct rte_dma_info info;
		int id = dmadev_of(last_dmadev);

		if (id < 0 || rte_dma_info_get(id, &info) != 0)
			return 0;
		if (buf != NULL && idx < info.nb_vchans)
			snprintf(buf, size, "%u", idx);
		return info.nb_vchans;
	}
	case SHELL_TOK_ATTR: {
		struct rte_pmd_hidma_mgmt_info info;
		int id = rawdev_of(last_rawdev);
		unsigned int nb_ch = 0;

		if (id >= 0 && rte_pmd_hidma_mgmt_info_get(id, &info) == 0)
			nb_ch = RTE_MIN(info.dma_channels,
					(uint32_t)RTE_PMD_HIDMA_MGMT_MAX_CHANNELS);
		n = RTE_DIM(mgmt_attrs) + 2 * nb_ch;
		if (buf == NULL || idx >= n)
			return n;
		if (idx < RTE_DIM(mgmt_attrs)) {
			strlcpy(buf, mgmt_attrs[idx], size);
		} else {
			i = idx - RTE_DIM(mgmt_attrs);
			snprintf(buf, size, i % 2 == 0 ? RTE_PMD_HIDMA_MGMT_ATTR_CHAN_PRIORITY_FMT :
					RTE_PMD_HIDMA_MGMT_ATTR_CHAN_WEIGHT_FMT, i / 2);
		}
		return n;
	}
	case SHELL_TOK_FAULT:
	case SHELL_TOK_COMMAND: {
		const char *const *list = tk->kind == SHELL_TOK_FAULT ? shell_fault_names :
				shell_command_names;

		for (i = 0; list[i] != NULL; i++)
			if (buf != NULL && i == idx)
				strlcpy(buf, list[i], size);
		return i;
	}
	case SHELL_TOK_REJECT:
	default:
		return 0;
	}
}

static int
reject_parse(const char *buf, void *res, unsigned int ressize)
{
	struct shell_reject *r = res;
	size_t len, w;
	int err;

	/* never offered while completing, never a partial line */
	if (res == NULL || ressize < sizeof(*r) || shell_checker == NULL)
		return -1;
	len = strcspn(buf, "\r\n");
	if (buf[len] == '\0' || len > INT32_MAX)
		return -1;
	err = cmdline_parse_check(shell_checker, buf);
	if (err >= 0)
		return -1;	/* a command takes it */
	r->err = err;
	w = strcspn(buf, " \t\r\n");
	if (w >= sizeof(r->word))
		w = sizeof(r->word) - 1;
	memcpy(r->word, buf, w);
	r->word[w] = '\0';
	/* the whole line: nothing is left to be garbage */
	return (int)len;
}

static int
shell_token_parse(cmdline_parse_token_hdr_t *hdr, const char *buf, void *res,
		unsigned int ressize)
{
	struct shell_token *tk = (struct shell_token *)hdr;
	size_t n = 0;

	if (buf == NULL)
		return -1;
	if (tk->kind == SHELL_TOK_REJECT)
		return reject_parse(buf, res, ressize);
	while (!cmdline_isendoftoken(buf[n]))
		n++;
	if (n == 0 || n >= sizeof(cmdline_fixed_string_t))
		return -1;
	if (res != NULL) {
		if (ressize < sizeof(cmdline_fixed_string_t))
			return -1;
		memcpy(res, buf, n);
		((char *)res)[n] = '\0';
	}
	if (tk->kind == SHELL_TOK_DMADEV) {
		memcpy(last_dmadev, buf, n);
		last_dmadev[n] = '\0';
	} else if (tk->kind == SHELL_TOK_RAWDEV || tk->kind == SHELL_TOK_INSTANCE) {
		memcpy(last_rawdev, buf, n);
		last_rawdev[n] = '\0';
	}
	return n;
}

static int
shell_token_complete_get_nb(cmdline_parse_token_hdr_t *hdr)
{
	/*
	 * The reject line is no choice to offer: one choice that never exists
	 * (get_elt fails) keeps librte_cmdline from listing it as "[anything]".
	 */
	if (((struct shell_token *)hdr)->kind == SHELL_TOK_REJECT)
		return 1;
	return RTE_MIN(choices((struct shell_token *)hdr, 0, NULL, 0), SHELL_MAX_CHOICES);
}

static int
shell_token_complete_get_elt(cmdline_parse_token_hdr_t *hdr, int idx, char *dst,
		unsigned int size)
{
	if (idx < 0 || dst == NULL || size == 0)
		return -1;
	dst[0] = '\0';
	choices((struct shell_token *)hdr, idx, dst, size);
	return dst[0] != '\0' ? 0 : -1;
}

static int
shell_token_get_help(cmdline_parse_token_hdr_t *hdr, char *dst, unsigned int size)
{
	static const char *const what[] = {
		[SHELL_TOK_DMADEV] = "dmadev id or name",
		[SHELL_TOK_RAWDEV] = "rawdev id or name",
		[SHELL_TOK_INSTANCE] = "emulated instance name",
		[SHELL_TOK_VCHAN] = "vchan",
		[SHELL_TOK_ATTR] = "attribute",
		[SHELL_TOK_FAULT] = "fault setting",
		[SHELL_TOK_COMMAND] = "command",
		[SHELL_TOK_REJECT] = "anything",
	};
	struct shell_token *tk = (struct shell_token *)hdr;

	strlcpy(dst, what[tk->kind], size);
	return 0;
}

struct cmdline_token_ops shell_token_ops = {
	.parse = shell_token_parse,
	.complete_get_nb = shell_token_complete_get_nb,
	.complete_get_elt = shell_token_complete_get_elt,
	.get_help = shell_token_get_help,
};
