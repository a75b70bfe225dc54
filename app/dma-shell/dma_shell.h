/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _DMA_SHELL_H_
#define _DMA_SHELL_H_

/*
 * The shell's commands, apart from its main(): the command table and its
 * parser live in the static library dma_shell_cmds (meson: dma_shell_cmds_dep)
 * so that another program, for instance a libFuzzer harness, can feed it
 * command lines after rte_eal_init():
 *
 *	dma_shell_init();
 *	cl = cmdline_new(dma_shell_ctx, DMA_SHELL_PROMPT, -1, devnull_fd);
 *	dma_shell_exec(cl, "copy 0 0 64 1\n");
 *	...
 *	cmdline_free(cl);
 *	dma_shell_cleanup();
 */

#include <stdbool.h>

#include <cmdline.h>
#include <cmdline_parse.h>

/*
 * Every command line, with one last entry that takes any line no other
 * command parses: it reports the line as unknown or as bad arguments and
 * counts it as a failed command.
 */
extern cmdline_parse_ctx_t dma_shell_ctx[];

/* Prompt of the shell. */
#define DMA_SHELL_PROMPT "dma-shell> "

/*
 * Set up what the commands share (among it a second parser, used to tell
 * good lines from bad ones). Call once after rte_eal_init(), before any
 * cmdline on dma_shell_ctx parses a line. @return 0 or -ENOMEM.
 */
int dma_shell_init(void);

/*
 * Parse and run one command line (ending with '\n'); what the terminal loop
 * does for each line. @return 0 if it succeeded, 1 if it failed.
 */
int dma_shell_exec(struct cmdline *cl, const char *line);

/* Commands that failed so far: unknown, bad arguments, or failed operations. */
unsigned int dma_shell_nb_failed(void);

/* Strict mode: the first failed command ends the session (cmdline_quit()). */
void dma_shell_set_strict(bool on);

/* Stop every device the shell started and free what the commands kept. */
void dma_shell_cleanup(void);

#endif /* _DMA_SHELL_H_ */
