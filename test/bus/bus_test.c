/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bus_driver.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>

#include "private.h"

#include "bus_test.h"

/* ------------------------------------------------------------ log capture */

static FILE *log_f;
static char *log_buf;
static size_t log_len;

void
bt_log_capture(void)
{
	/* BUS_TEST_NOCAPTURE=1: logs to the console (checks on them fail) */
	if (getenv("BUS_TEST_NOCAPTURE") != NULL) {
		log_f = fopen("/dev/null", "w");
		return;
	}
	log_f = open_memstream(&log_buf, &log_len);
	if (log_f == NULL) {
		perror("open_memstream");
		exit(1);
	}
	rte_openlog_stream(log_f);
}

int
bt_log_has(const char *s)
{
	fflush(log_f);
	return log_buf != NULL && memmem(log_buf, log_len, s, strlen(s)) != NULL;
}

int
bt_log_line_has(const char *s, const char *s2)
{
	const char *p, *eol;

	fflush(log_f);
	for (p = log_buf; p != NULL && (p = strstr(p, s)) != NULL; p++) {
		const char *bol = p;

		while (bol > log_buf && bol[-1] != '\n')
			bol--;
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		if (memmem(bol, eol - bol, s2, strlen(s2)) != NULL)
			return 1;
	}
	return 0;
}

void
bt_log_end(int dump)
{
	if (log_f == NULL)
		return;
	rte_openlog_stream(NULL);
	fclose(log_f);
	log_f = NULL;
	if (dump && log_buf != NULL) {
		fprintf(stderr, "---- captured DPDK log ----\n");
		fwrite(log_buf, 1, log_len, stderr);
		fprintf(stderr, "---- end of log ----\n");
	}
	free(log_buf);
	log_buf = NULL;
}

/* ------------------------------------------------------------ EAL */

static unsigned int bt_bus_seen;

static int
count_bus(const struct rte_bus *bus, const void *name)
{
	if (strcmp(bus->name, name) == 0)
		bt_bus_seen++;
	return 1; /* no match: visit every bus */
}

unsigned int
bt_bus_count(const char *name)
{
	bt_bus_seen = 0;
	rte_bus_find(NULL, count_bus, name);
	return bt_bus_seen;
}

/*
 * Where the DPDK has upstream's "platform" bus (>= 23.03), test/bus/meson.build
 * loads it too (-d) and sets BUS_TEST_UPSTREAM_PLATFORM: both buses must be
 * registered, once each, whatever the scenario does with ours.
 */
void
bt_check_buses(void)
{
	EXPECT(bt_bus_count(RTE_HIDMA_PLATFORM_BUS_NAME) == 1, "%u hidma_platform buses",
			bt_bus_count(RTE_HIDMA_PLATFORM_BUS_NAME));
	if (getenv("BUS_TEST_UPSTREAM_PLATFORM") != NULL)
		EXPECT(bt_bus_count("platform") == 1, "upstream's platform bus: %u registered",
				bt_bus_count("platform"));
}

static char tree_root[PATH_MAX];

int
bt_eal_start(const struct fake_dev *devs, unsigned int n, int argc, char **argv,
		const char * const *extra)
{
	char devices[PATH_MAX];
	char *eal_argv[64];
	int eal_argc = 0, i, ret;

	if (fake_sysfs_create(devs, n, tree_root, sizeof(tree_root), devices,
			sizeof(devices)) < 0) {
		EXPECT(false, "cannot create the fake sysfs tree");
		return -1;
	}
	setenv(PLATFORM_SYSFS_ENV, devices, 1);
	printf("fake sysfs: %s=%s\n", PLATFORM_SYSFS_ENV, devices);

	for (i = 0; i < argc && eal_argc < 60; i++)
		eal_argv[eal_argc++] = argv[i];
	for (i = 0; extra != NULL && extra[i] != NULL && eal_argc < 62; i++)
		eal_argv[eal_argc++] = (char *)(uintptr_t)extra[i];
	eal_argv[eal_argc] = NULL;
	printf("EAL arguments:");
	for (i = 1; i < eal_argc; i++)
		printf(" %s", eal_argv[i]);
	printf("\n");
	ret = rte_eal_init(eal_argc, eal_argv);
	if (ret >= 0)
		bt_check_buses();
	else
		printf("rte_eal_init failed: %s\n", rte_errno != 0 ? rte_strerror(rte_errno) :
			"no error code: see EAL's message above");
	return ret;
}

int
bt_finish(const char *scenario, int cleanup)
{
	if (cleanup)
		EXPECT(rte_eal_cleanup() == 0, "rte_eal_cleanup failed");
	bt_log_end(ht_expect_failures() > 0);
	if (tree_root[0] != '\0')
		fake_sysfs_remove(tree_root);
	printf("%s: %u failed check(s)\n", scenario, ht_expect_failures());
	return ht_expect_failures() == 0 ? 0 : -1;
}

int bt_argc;
char **bt_argv;
static const char * const *bt_cleanup;

pid_t
bt_spawn_secondary(const char *scenario)
{
	char *argv[72];
	int argc = 0, i;
	pid_t child;

	argv[argc++] = bt_argv[0];
	argv[argc++] = (char *)(uintptr_t)scenario;
	for (i = 1; i < bt_argc && argc < 68; i++)
		argv[argc++] = bt_argv[i];
	argv[argc++] = (char *)(uintptr_t)"--proc-type=secondary";
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	child = fork();
	if (child == 0) {
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	return child;
}

const char *
bt_file_prefix(void)
{
	int i;

	for (i = 1; i < bt_argc; i++) {
		if (strncmp(bt_argv[i], "--file-prefix=", 14) == 0)
			return bt_argv[i] + 14;
		if (strcmp(bt_argv[i], "--file-prefix") == 0 && i + 1 < bt_argc)
			return bt_argv[i + 1];
	}
	return NULL;
}

/* the end of every scenario: cleanup (for those that check it), the tree */
static int
bt_after(const char *name)
{
	unsigned int i;

	for (i = 0; bt_cleanup[i] != NULL; i++)
		if (strcmp(bt_cleanup[i], name) == 0)
			return bt_finish(name, 1);
	return bt_finish(name, 0);
}

int
bt_main(int argc, char **argv, const struct ht_case *cases, unsigned int nb_cases,
		const char * const *cleanup)
{
	char *name[2] = { argv[0], argc > 1 ? argv[1] : NULL };

	if (argc < 2) {
		printf("usage: %s <scenario> [EAL args]\n", argv[0]);
		return 2;
	}
	/* the EAL's argv[0] is the program name */
	bt_argc = argc - 1;
	bt_argv = argv + 1;
	bt_argv[0] = argv[0];
	bt_cleanup = cleanup;
	ht_after_case(bt_after);
	/* one scenario per process: EAL starts once */
	return ht_run(cases, nb_cases, 2, name);
}
