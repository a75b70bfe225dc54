/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * dpdk-test-dma-perf for DPDK 22.11: reads upstream's config files (23.07
 * to 25.11 forms), runs each [caseN] in a forked child that initialises its
 * own EAL (as upstream, so every case may have its own --vdev and lcores),
 * writes upstream's CSV, and at the end prints a comparison table built
 * from the results the children send back through a pipe.
 */

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_string_fns.h>

#include "main.h"

#define MAX_EAL_ARGS 128

static struct dmaperf_config config;

static void
usage(const char *prog)
{
	printf("Usage: %s [EAL options] --config <file> [--result <file>] [--check-config]\n"
		"  --config <file>   test cases (dpdk-test-dma-perf INI format, 23.07 to 25.11)\n"
		"  --result <file>   CSV output (default: <config dir>/<config name>_result.csv)\n"
		"  --check-config    parse and print the cases, run nothing (no EAL needed)\n"
		"Every other argument goes to each case's rte_eal_init(), before the case's\n"
		"eal_args ([GLOBAL] eal_args first).\n", prog);
}

static bool
has_arg(char **argv, int argc, const char *a)
{
	int i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], a) == 0)
			return true;
	return false;
}

/*
 * The child's EAL argv: ours minus the app's options, then the case's
 * eal_args split on blanks. EAL refuses --huge-unlink with --no-huge; the
 * no-hugepage fallback adds --no-huge on the command line, so drop
 * --huge-unlink then instead of failing every case.
 */
static int
build_eal_argv(int argc, char **argv, const char *eal_args, char **out, char *store,
	size_t store_len)
{
	char *tok, *save = NULL;
	int n = 0, i, j, k;

	for (i = 0; i < argc && n < MAX_EAL_ARGS - 1; i++) {
		if (strcmp(argv[i], "--config") == 0 || strcmp(argv[i], "--result") == 0) {
			i++;
			continue;
		}
		if (strcmp(argv[i], "--check-config") == 0 ||
				strncmp(argv[i], "--config=", 9) == 0 ||
				strncmp(argv[i], "--result=", 9) == 0)
			continue;
		out[n++] = argv[i];
	}
	strlcpy(store, eal_args, store_len);
	for (tok = strtok_r(store, " \t", &save); tok != NULL && n < MAX_EAL_ARGS - 1;
			tok = strtok_r(NULL, " \t", &save))
		out[n++] = tok;
	if (has_arg(out, n, "--no-huge")) {
		for (j = 0, k = 0; j < n; j++) {
			if (strcmp(out[j], "--huge-unlink") == 0 ||
					strncmp(out[j], "--huge-unlink=", 14) == 0) {
				printf("Note: --no-huge given, dropping %s (EAL refuses the pair)\n",
					out[j]);
				continue;
			}
			out[k++] = out[j];
		}
		n = k;
	}
	out[n] = NULL;
	return n;
}

static int
run_child(struct dmaperf_case *c, int argc, char **argv, const char *csv_path, int fd)
{
	char *eal_argv[MAX_EAL_ARGS];
	char store[DMAPERF_EAL_ARGS_LEN];
	struct dmaperf_result r;
	FILE *csv;
	int n, ret;

	printf("\nRunning case %u\n\n", c->id);
	fflush(stdout);
	n = build_eal_argv(argc, argv, c->eal_args, eal_argv, store, sizeof(store));
	ret = rte_eal_init(n, eal_argv);
	if (ret < 0) {
		memset(&r, 0, sizeof(r));
		r.case_id = c->id;
		r.type = c->type;
		r.status = DMAPERF_ST_FAIL;
		snprintf(r.reason, sizeof(r.reason), "rte_eal_init failed: %s (check eal_args)",
			rte_strerror(rte_errno));
		printf("Case %u FAILED: %s\n", c->id, r.reason);
		if (write(fd, &r, sizeof(r)) < 0)
			perror("write");
		return 1;
	}
	csv = fopen(csv_path, "a");
	if (csv == NULL)
		printf("Open output CSV file error: %s\n", strerror(errno));
	ret = dmaperf_run_case(c, csv, fd);
	if (csv != NULL)
		fclose(csv);
	rte_eal_cleanup();
	printf("\nCase %u completed.\n\n", c->id);
	return ret < 0 ? 1 : 0;
}

/* Append the child's records; returns how many arrived. */
static unsigned int
read_results(int fd, struct dmaperf_result **res, unsigned int *nb, unsigned int *cap)
{
	struct dmaperf_result r;
	unsigned int got = 0;
	size_t have = 0;
	ssize_t n;

	for (;;) {
		n = read(fd, (char *)&r + have, sizeof(r) - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += n;
		if (have < sizeof(r))
			continue;
		have = 0;
		if (*nb == *cap) {
			unsigned int ncap = *cap ? *cap * 2 : 64;
			struct dmaperf_result *p = realloc(*res, ncap * sizeof(*p));

			if (p == NULL)
				continue;
			*res = p;
			*cap = ncap;
		}
		(*res)[(*nb)++] = r;
		got++;
	}
	return got;
}

static void
add_result(struct dmaperf_result **res, unsigned int *nb, unsigned int *cap,
	const struct dmaperf_result *r)
{
	if (*nb == *cap) {
		unsigned int ncap = *cap ? *cap * 2 : 64;
		struct dmaperf_result *p = realloc(*res, ncap * sizeof(*p));

		if (p == NULL)
			return;
		*res = p;
		*cap = ncap;
	}
	(*res)[(*nb)++] = *r;
}

int
main(int argc, char **argv)
{
	const char *cfg_path = NULL, *rst_path = NULL;
	char rst_buf[PATH_MAX];
	struct dmaperf_result *res = NULL, r;
	unsigned int nb_res = 0, cap_res = 0, i, j;
	bool check_only = false, failed = false;
	FILE *csv;
	int k;

	/* children and parent share stdout: keep their lines in order */
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--config") == 0 && k + 1 < argc)
			cfg_path = argv[++k];
		else if (strncmp(argv[k], "--config=", 9) == 0)
			cfg_path = argv[k] + 9;
		else if (strcmp(argv[k], "--result") == 0 && k + 1 < argc)
			rst_path = argv[++k];
		else if (strncmp(argv[k], "--result=", 9) == 0)
			rst_path = argv[k] + 9;
		else if (strcmp(argv[k], "--check-config") == 0)
			check_only = true;
		else if (strcmp(argv[k], "--config") == 0 || strcmp(argv[k], "--result") == 0) {
			fprintf(stderr, "%s needs a file name\n", argv[k]);
			usage(argv[0]);
			return 1;
		}
	}
	if (cfg_path == NULL) {
		printf("Config file not assigned.\n");
		usage(argv[0]);
		return 1;
	}
	if (rst_path == NULL) {
		/* as upstream: config's directory, name up to the first '.', + _result.csv */
		char tmp[PATH_MAX], dir[PATH_MAX], base[PATH_MAX];
		char *dot;

		strlcpy(tmp, cfg_path, sizeof(tmp));
		strlcpy(dir, dirname(tmp), sizeof(dir));
		strlcpy(tmp, cfg_path, sizeof(tmp));
		strlcpy(base, basename(tmp), sizeof(base));
		dot = strchr(base, '.');
		if (dot != NULL)
			*dot = '\0';
		if (base[0] == '\0') {
			printf("Config file error.\n");
			return 1;
		}
		rst_buf[0] = '\0';
		if (strchr(cfg_path, '/') != NULL) {
			strlcat(rst_buf, dir, sizeof(rst_buf));
			strlcat(rst_buf, "/", sizeof(rst_buf));
		}
		strlcat(rst_buf, base, sizeof(rst_buf));
		if (strlcat(rst_buf, "_result.csv", sizeof(rst_buf)) >= sizeof(rst_buf)) {
			printf("Config file path too long.\n");
			return 1;
		}
		rst_path = rst_buf;
	}

	printf("config file parsing...\n");
	if (dmaperf_config_load(cfg_path, &config) < 0) {
		fprintf(stderr, "%s: rejected, nothing run\n", cfg_path);
		return 1;
	}
	printf("config file parsing complete: %u case(s).\n\n", config.nb_cases);
	if (check_only) {
		dmaperf_config_print(&config, stdout);
		printf("Result file would be: %s\n", rst_path);
		return 0;
	}

	csv = fopen(rst_path, "w");
	if (csv == NULL) {
		printf("Open output CSV file error: %s: %s\n", rst_path, strerror(errno));
		return 1;
	}
	fclose(csv);
	printf("Running cases... (results: %s)\n", rst_path);

	for (i = 0; i < config.nb_cases; i++) {
		struct dmaperf_case *c = &config.cases[i];
		int pfd[2], wstatus;
		unsigned int got;
		pid_t pid;

		if (c->skip) {
			printf("Test case %u configured to be skipped: %s\n\n", c->id, c->skip_reason);
			csv = fopen(rst_path, "a");
			if (csv != NULL) {
				fprintf(csv, DMAPERF_CSV_BLANK DMAPERF_CSV_BLANK "Skip the test-case %u\n",
					c->id);
				fclose(csv);
			}
			memset(&r, 0, sizeof(r));
			r.case_id = c->id;
			r.type = c->type;
			r.status = DMAPERF_ST_SKIP;
			strlcpy(r.reason, c->skip_reason, sizeof(r.reason));
			add_result(&res, &nb_res, &cap_res, &r);
			continue;
		}

		if (pipe(pfd) < 0) {
			perror("pipe");
			return 1;
		}
		fflush(NULL);
		pid = fork();
		if (pid < 0) {
			printf("Fork case %u failed.\n", c->id);
			return 1;
		}
		if (pid == 0) {
			close(pfd[0]);
			k = run_child(c, argc, argv, rst_path, pfd[1]);
			fflush(NULL);
			close(pfd[1]);
			_exit(k);
		}
		close(pfd[1]);
		j = nb_res;
		got = read_results(pfd[0], &res, &nb_res, &cap_res);
		close(pfd[0]);
		while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
			;

		memset(&r, 0, sizeof(r));
		r.case_id = c->id;
		r.type = c->type;
		r.status = DMAPERF_ST_FAIL;
		if (WIFEXITED(wstatus)) {
			printf("Case process exited. status %d\n\n", WEXITSTATUS(wstatus));
			if (WEXITSTATUS(wstatus) != 0)
				snprintf(r.reason, sizeof(r.reason), "case process exited with status %d",
					WEXITSTATUS(wstatus));
		} else if (WIFSIGNALED(wstatus)) {
			printf("Case process killed by signal %d\n\n", WTERMSIG(wstatus));
			snprintf(r.reason, sizeof(r.reason), "case process killed by signal %d",
				WTERMSIG(wstatus));
		}
		/* a child that died without saying why still fails the run */
		if (r.reason[0] != '\0') {
			bool said = false;

			for (; j < nb_res; j++)
				if (res[j].status == DMAPERF_ST_FAIL)
					said = true;
			if (!said)
				add_result(&res, &nb_res, &cap_res, &r);
		} else if (got == 0) {
			strlcpy(r.reason, "case process reported nothing", sizeof(r.reason));
			add_result(&res, &nb_res, &cap_res, &r);
		}
	}

	for (i = 0; i < nb_res; i++)
		if (res[i].status == DMAPERF_ST_FAIL)
			failed = true;
	dmaperf_report(res, nb_res, stdout);
	printf("%s\n", failed ? "Result: FAILED (see the cases marked FAIL)" : "Result: all cases passed");
	printf("Bye...\n");
	free(res);
	return failed ? 1 : 0;
}
