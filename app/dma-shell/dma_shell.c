/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * dpdk-dma-shell: a testpmd-style command line for dmadevs and the HIDMA
 * management rawdev, on librte_cmdline. Reads commands from the terminal or,
 * for scripts, from a pipe; exits with status 1 if any command failed, so a
 * script can be a test. The commands are in shell_cmds.c (library
 * dma_shell_cmds, see dma_shell.h); this file is the program around them.
 *
 *   dpdk-dma-shell <EAL args> [-- [--strict]]
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmdline.h>
#include <cmdline_socket.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include "dma_shell.h"

static void
usage(const char *prog)
{
	printf("usage: %s <EAL args> [-- [--strict]]\n"
		"  --strict  stop at the first failed command (also: 'set strict on')\n"
		"Commands are read from the terminal or a pipe; 'help' lists them. The exit\n"
		"status is 1 when any command failed.\n", prog);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmdline *cl;
	int ret, opt;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "dma-shell: rte_eal_init failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	argc -= ret;
	argv += ret;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 's':
			dma_shell_set_strict(true);
			break;
		case 'h':
			usage(argv[0]);
			rte_eal_cleanup();
			return 0;
		default:
			usage(argv[0]);
			rte_eal_cleanup();
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "dma-shell: unexpected argument '%s'\n", argv[optind]);
		usage(argv[0]);
		rte_eal_cleanup();
		return 1;
	}

	if (dma_shell_init() != 0) {
		fprintf(stderr, "dma-shell: out of memory\n");
		rte_eal_cleanup();
		return 1;
	}
	cl = cmdline_stdin_new(dma_shell_ctx, DMA_SHELL_PROMPT);
	if (cl == NULL) {
		fprintf(stderr, "dma-shell: cannot read commands from stdin\n");
		dma_shell_cleanup();
		rte_eal_cleanup();
		return 1;
	}
	cmdline_interact(cl);
	cmdline_stdin_exit(cl);
	printf("\n");

	dma_shell_cleanup();
	rte_eal_cleanup();
	if (dma_shell_nb_failed() != 0)
		printf("dma-shell: %u command(s) failed\n", dma_shell_nb_failed());
	return dma_shell_nb_failed() != 0 ? 1 : 0;
}
