/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * libFuzzer harness: dpdk-test-dma-perf's config file parser
 * (app/test-dma-perf/config.c, built into this harness) on any file, as
 * --check-config runs it: load, print, count scenarios. Every input must be
 * accepted or rejected, in bounded time (libFuzzer's -timeout catches a
 * hang), without a sanitizer report. No EAL: the parser needs none.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "main.h"

static struct dmaperf_config cfg;
static char path[64];
static FILE *null_out;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd = memfd_create("dmaperf_config", 0);

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	if (fd < 0)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	null_out = fopen("/dev/null", "w");
	if (null_out == NULL)
		abort();
	/* the parser's messages, not the sanitizers' (they write to fd 2) */
	stderr = null_out;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = atoi(path + sizeof("/proc/self/fd/") - 1);
	unsigned int i;

	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (dmaperf_config_load(path, &cfg) != 0)
		return 0;
	dmaperf_config_print(&cfg, null_out);
	for (i = 0; i < cfg.nb_cases; i++) {
		struct dmaperf_case *c = &cfg.cases[i];
		struct dmaperf_entry *var = dmaperf_case_var(c);
		unsigned int n = dmaperf_case_scenarios(c);
		uint64_t next;

		if (n == 0 || n > DMAPERF_MAX_SCENARIOS)
			abort();	/* the parser must have refused it */
		/* the benchmark's scenario loop must end where the count says */
		if (var == NULL)
			continue;
		for (next = var->first; next <= var->last && n-- > 0;)
			next = var->op == DMAPERF_OP_ADD ? next + var->incr : next * var->incr;
		if (next <= var->last)
			abort();
	}
	return 0;
}
