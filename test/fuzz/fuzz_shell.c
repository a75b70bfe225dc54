/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * libFuzzer harness: dpdk-dma-shell's command lines (app/dma-shell, library
 * dma_shell_cmds). Each input is a session: its lines (split at '\n', at
 * most MAX_LINES) go through dma_shell_exec() as the terminal loop sends
 * them, on an emulated instance of two channels (dmadevs 0 and 1, rawdev 0)
 * and dma_skeleton (dmadev 2). Every line must end with a result or an
 * error, never a crash, a sanitizer report or a hang.
 *
 * Each input starts from the same devices: after it, the shell stops what
 * it started and both vdevs are removed and created again, so a crash
 * reproduces from its input alone (a closed device, fault settings or a
 * disabled instance do not leak into the next input).
 *
 * Lines that can only make a session slow, not wrong, are left out, since
 * time is not what this tests: a throughput run of more than MAX_TPUT_JOBS
 * jobs, and fault settings that slow or stall the engine (bw_mbps,
 * tre_latency_ns, reset_hangs); every other command waits at most about a
 * second for its jobs. "close" runs on the HIDMA channels only: DPDK's
 * dma_skeleton cannot be removed once closed (its remove fails, and it
 * refuses a second instance), so no later input could have it.
 */

/* pipe2() */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmdline.h>
#include <rte_bus_vdev.h>
#include <rte_dmadev.h>
#include <rte_rawdev.h>

#include "dma_shell.h"
#include "fuzz_eal.h"

#define MODEL_NAME	"hidma_model0"
#define MODEL_ARGS	"channels=2"
#define SKEL_NAME	"dma_skeleton"
#define MAX_LINES	32
#define MAX_LINE	512	/* longer lines are cut, as a terminal buffer would */
#define MAX_TPUT_JOBS	4096

static int out[2] = { -1, -1 };

static void
out_drain(void)
{
	char buf[4096];

	while (read(out[0], buf, sizeof(buf)) > 0)
		;
}

static void
devices_create(void)
{
	/* model first: its channels are dmadevs 0 and 1, the skeleton 2 */
	if (rte_vdev_init(MODEL_NAME, MODEL_ARGS) != 0 || rte_vdev_init(SKEL_NAME, NULL) != 0) {
		fprintf(stderr, "fuzz_shell: cannot create %s,%s and %s\n", MODEL_NAME,
			MODEL_ARGS, SKEL_NAME);
		abort();
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	fuzz_eal_init(NULL);
	devices_create();
	/* "dump" and "mgmt dump" write to stdout: keep the log to the fuzzer's report */
	if (freopen("/dev/null", "w", stdout) == NULL)
		abort();
	/*
	 * The shell's output goes into a pipe that is drained after each line:
	 * every message is formatted (a bad format argument shows), none kept.
	 */
	if (pipe2(out, O_NONBLOCK | O_CLOEXEC) != 0)
		abort();
	return 0;
}

/* the words of a line, at most max of them, written into buf */
static unsigned int
split_words(const char *line, char *buf, size_t len, char **words, unsigned int max)
{
	unsigned int n = 0;
	char *p;

	snprintf(buf, len, "%s", line);
	for (p = strtok(buf, " \t\r\n\v\f"); p != NULL && n < max;
			p = strtok(NULL, " \t\r\n\v\f"))
		words[n++] = p;
	return n;
}

/* a line left out (see the top of the file) */
static int
line_left_out(const char *line)
{
	char buf[MAX_LINE + 2], *w[8], *end;
	unsigned int n = split_words(line, buf, sizeof(buf), w, RTE_DIM(w));
	unsigned long long jobs;

	if (n == 0)
		return 0;
	if (strcmp(w[0], "throughput") == 0 && n >= 5) {
		/* a count the shell's parser may read differently is left out too */
		errno = 0;
		jobs = strtoull(w[4], &end, 0);
		return errno != 0 || *end != '\0' || jobs > MAX_TPUT_JOBS;
	}
	if (strcmp(w[0], "close") == 0 && n >= 2)
		return strcmp(w[1], "0") != 0 && strcmp(w[1], "1") != 0 &&
			strcmp(w[1], MODEL_NAME "-ch0") != 0 &&
			strcmp(w[1], MODEL_NAME "-ch1") != 0;
	if (strcmp(w[0], "faults") == 0 && n >= 3)
		return strcmp(w[2], "fail_every") != 0 && strcmp(w[2], "fail_ppm") != 0 &&
			strcmp(w[2], "fail_errinfo") != 0 && strcmp(w[2], "off") != 0;
	return 0;
}

static void
session(const char *text)
{
	char line[MAX_LINE + 2];
	struct cmdline *cl;
	unsigned int nb = 0;
	const char *p = text, *nl;
	size_t len;
	int fd;

	if (dma_shell_init() != 0)
		abort();
	/* cmdline_free() closes the output fd: each session gets its own */
	fd = dup(out[1]);
	if (fd < 0)
		abort();
	cl = cmdline_new(dma_shell_ctx, DMA_SHELL_PROMPT, -1, fd);
	if (cl == NULL)
		abort();
	while (*p != '\0' && nb++ < MAX_LINES) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		/* a line as the terminal loop passes it: ending with '\n' */
		snprintf(line, sizeof(line), "%.*s\n", (int)RTE_MIN(len, (size_t)MAX_LINE), p);
		if (!line_left_out(line))
			dma_shell_exec(cl, line);
		out_drain();
		p += len;
		if (*p == '\n')
			p++;
	}
	cmdline_free(cl);
	dma_shell_set_strict(false);
	dma_shell_cleanup();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size, MAX_LINES * (MAX_LINE + 1));

	session(text);
	free(text);
	/* the next input starts on the devices as EAL made them */
	if (rte_vdev_uninit(SKEL_NAME) != 0 || rte_vdev_uninit(MODEL_NAME) != 0) {
		fprintf(stderr, "fuzz_shell: cannot remove the devices after a session\n");
		abort();
	}
	if (rte_dma_count_avail() != 0 || rte_rawdev_count() != 0) {
		fprintf(stderr, "fuzz_shell: a device outlived its vdev\n");
		abort();
	}
	devices_create();
	return 0;
}
