/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _SHELL_PRIV_H_
#define _SHELL_PRIV_H_

/* Between the shell's command file and its token file. */

#include <stddef.h>
#include <stdint.h>

#include <cmdline_parse.h>
#include <cmdline_parse_string.h>

/*
 * The shell's own token: one word, kept as a cmdline_fixed_string_t, whose
 * completion offers what exists now (device names, the vchans of the device
 * named before it, attribute names of the rawdev named before it...). The
 * words are checked by the commands, so that a wrong one gets its reason
 * ("no dmadev 'x'") rather than the parser's "Bad arguments".
 */
enum shell_tok_kind {
	SHELL_TOK_DMADEV,	/* dmadev id or name */
	SHELL_TOK_RAWDEV,	/* rawdev id or name */
	SHELL_TOK_INSTANCE,	/* emulated HIDMA instance name */
	SHELL_TOK_VCHAN,	/* vchan of the dmadev token before it */
	SHELL_TOK_ATTR,		/* attribute of the rawdev token before it */
	SHELL_TOK_FAULT,	/* fault setting name */
	SHELL_TOK_COMMAND,	/* command name, for help */
	SHELL_TOK_REJECT,	/* a whole line no command parses */
};

struct shell_token {
	struct cmdline_token_hdr hdr;
	enum shell_tok_kind kind;
};

extern struct cmdline_token_ops shell_token_ops;

#define SHELL_TOKEN(structure, field, k) \
	{ .hdr = { .ops = &shell_token_ops, .offset = offsetof(structure, field) }, .kind = (k) }

/* The result of a SHELL_TOK_REJECT token. */
struct shell_reject {
	int err;		/* CMDLINE_PARSE_NOMATCH, _BAD_ARGS or _AMBIGUOUS */
	char word[64];		/* the line's first word */
};

/* The command table without the reject entry: what the reject token tries. */
extern cmdline_parse_ctx_t shell_commands[];

/* Parser on shell_commands, set up by dma_shell_init(). */
extern struct cmdline *shell_checker;

/* Command names, for completion and help. */
extern const char *const shell_command_names[];

/* Fault setting names of the faults command. */
extern const char *const shell_fault_names[];

/* Name of rawdev @id into @buf; "" if it has none. */
void shell_rawdev_name(uint16_t id, char *buf, size_t len);

#endif /* _SHELL_PRIV_H_ */
