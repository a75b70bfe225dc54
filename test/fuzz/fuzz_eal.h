/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _FUZZ_EAL_H_
#define _FUZZ_EAL_H_

/*
 * EAL for the harnesses that need one: no hugepages, no shared config (no
 * other process can attach, no config file), one lcore, our instrumented
 * plugins from the build tree.
 * Logs are turned off once EAL runs: each rejected input logs why, and the
 * CI log must show the fuzzer's and the sanitizers' output.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>

static inline void
fuzz_eal_init(const char *extra_vdev)
{
	char *argv[16];
	int argc = 0;

	argv[argc++] = (char *)(uintptr_t)"fuzz";
	argv[argc++] = (char *)(uintptr_t)"--no-pci";
	argv[argc++] = (char *)(uintptr_t)"--no-huge";
	argv[argc++] = (char *)(uintptr_t)"--no-shconf";
	argv[argc++] = (char *)(uintptr_t)"-m";
	argv[argc++] = (char *)(uintptr_t)"256";
	argv[argc++] = (char *)(uintptr_t)"-l";
	argv[argc++] = (char *)(uintptr_t)"0";
	argv[argc++] = (char *)(uintptr_t)"--no-telemetry";
	argv[argc++] = (char *)(uintptr_t)"-d";
	argv[argc++] = (char *)(uintptr_t)FUZZ_PLUGIN_DIR;
	if (extra_vdev != NULL) {
		argv[argc++] = (char *)(uintptr_t)"--vdev";
		argv[argc++] = (char *)(uintptr_t)extra_vdev;
	}
	argv[argc] = NULL;
	if (rte_eal_init(argc, argv) < 0) {
		fprintf(stderr, "fuzz: rte_eal_init: %s\n", rte_errno != 0 ?
			rte_strerror(rte_errno) : "failed, no error code: see EAL's message above");
		exit(1);
	}
	rte_log_set_global_level(RTE_LOG_EMERG);
}

/* the input as a NUL-terminated string of at most max bytes, or NULL */
static inline char *
fuzz_string(const uint8_t *data, size_t size, size_t max)
{
	char *s;

	if (size > max)
		size = max;
	s = malloc(size + 1);
	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif /* _FUZZ_EAL_H_ */
