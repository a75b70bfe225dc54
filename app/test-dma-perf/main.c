/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * dpdk-test-dma-perf for DPDK 22.11: reads upstream's config files (23.07
 * to 25.11 forms), runs each [caseN] in a forked child that initialises its
 * own EAL (as upstream, so every case may have its own --vdev and lcores),
 * writes upstream's CSV, and at the end prints a comparison table built
 * from the results the children send back through a pipe. With --runs N
 * every case runs N times, the cases alternating round by round, and the
 * table gives each figure's median with its minimum and maximum.
 */

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
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
static bool until_stopped;	/* --until-stopped */

static void
usage(const char *prog)
{
	printf("Usage: %s [EAL options] --config <file> [--result <file>] [--runs <n>]\n"
		"          [--stats <file>] [--check-config] [--until-stopped]\n"
		"  --config <file>   test cases (dpdk-test-dma-perf INI format, 23.07 to 25.11)\n"
		"  --result <file>   CSV output (default: <config dir>/<config name>_result.csv)\n"
		"  --runs <n>        run every case n times (1..%d), alternating: case 1, 2, ..,\n"
		"                    then 1, 2, .. again; the table shows median, min and max\n"
		"  --stats <file>    also write the medians with min and max, tab-separated\n"
		"  --check-config    parse and print the cases, run nothing (no EAL needed)\n"
		"  --until-stopped   each measurement window lasts until SIGINT or SIGTERM (Ctrl-C)\n"
		"                    reaches the case process, not test_seconds\n"
		"Every other argument goes to each case's rte_eal_init(), before the case's\n"
		"eal_args ([GLOBAL] eal_args first).\n", prog, DMAPERF_MAX_RUNS);
}

/* The app's own options: with a separate value (@with_value), or in one word. */
static bool
app_opt(const char *a, bool with_value)
{
	static const char *const opts[] = { "--config", "--result", "--runs", "--stats" };
	unsigned int i;
	size_t n;

	if (!with_value && (strcmp(a, "--check-config") == 0 ||
			strcmp(a, "--until-stopped") == 0))
		return true;
	for (i = 0; i < RTE_DIM(opts); i++) {
		n = strlen(opts[i]);
		if (strncmp(a, opts[i], n) != 0)
			continue;
		if (with_value ? a[n] == '\0' : a[n] == '=')
			return true;
	}
	return false;
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
		if (app_opt(argv[i], true)) {
			i++;
			continue;
		}
		if (app_opt(argv[i], false))
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
run_child(struct dmaperf_case *c, unsigned int run, int argc, char **argv, const char *csv_path,
	int fd)
{
	char *eal_argv[MAX_EAL_ARGS];
	char store[DMAPERF_EAL_ARGS_LEN];
	struct dmaperf_result r;
	FILE *csv;
	int n, ret;

	printf("\nRunning case %u\n\n", c->id);
	fflush(stdout);
	if (until_stopped)
		dmaperf_until_stopped();
	n = build_eal_argv(argc, argv, c->eal_args, eal_argv, store, sizeof(store));
	ret = rte_eal_init(n, eal_argv);
	if (ret < 0) {
		memset(&r, 0, sizeof(r));
		r.case_id = c->id;
		r.run = run;
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
	ret = dmaperf_run_case(c, run, csv, fd);
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

struct app_opts {
	const char *cfg_path;
	const char *rst_path;
	const char *stats_path;
	unsigned int runs;
	bool check_only;
	bool until_stopped;
	char rst_buf[PATH_MAX];
};

/* Returns 0, or -1 after saying what is wrong. */
static int
parse_args(int argc, char **argv, struct app_opts *o)
{
	const char *runs = NULL;
	char *end;
	int k;

	memset(o, 0, sizeof(*o));
	o->runs = 1;
	for (k = 1; k < argc; k++) {
		const char **dst = NULL;
		const char *a = argv[k];

		if (strcmp(a, "--check-config") == 0) {
			o->check_only = true;
			continue;
		}
		if (strcmp(a, "--until-stopped") == 0) {
			o->until_stopped = true;
			continue;
		}
		if (strncmp(a, "--config", 8) == 0)
			dst = &o->cfg_path;
		else if (strncmp(a, "--result", 8) == 0)
			dst = &o->rst_path;
		else if (strncmp(a, "--stats", 7) == 0)
			dst = &o->stats_path;
		else if (strncmp(a, "--runs", 6) == 0)
			dst = &runs;
		if (dst == NULL || (!app_opt(a, true) && !app_opt(a, false)))
			continue;	/* an EAL argument */
		if (app_opt(a, false)) {
			*dst = strchr(a, '=') + 1;
		} else if (k + 1 < argc) {
			*dst = argv[++k];
		} else {
			fprintf(stderr, "%s needs a value\n", a);
			usage(argv[0]);
			return -1;
		}
	}
	if (runs != NULL) {
		unsigned long v;

		errno = 0;
		v = strtoul(runs, &end, 10);
		if (errno != 0 || *runs == '\0' || *end != '\0' || v < 1 || v > DMAPERF_MAX_RUNS) {
			fprintf(stderr, "--runs '%s': give a number of runs from 1 to %d\n", runs,
				DMAPERF_MAX_RUNS);
			return -1;
		}
		o->runs = v;
	}
	if (o->cfg_path == NULL) {
		printf("Config file not assigned.\n");
		usage(argv[0]);
		return -1;
	}
	return 0;
}

/* As upstream: the config's directory, its name up to the first '.', + _result.csv */
static int
default_result_path(struct app_opts *o)
{
	char tmp[PATH_MAX], dir[PATH_MAX], base[PATH_MAX];
	char *dot;

	strlcpy(tmp, o->cfg_path, sizeof(tmp));
	strlcpy(dir, dirname(tmp), sizeof(dir));
	strlcpy(tmp, o->cfg_path, sizeof(tmp));
	strlcpy(base, basename(tmp), sizeof(base));
	dot = strchr(base, '.');
	if (dot != NULL)
		*dot = '\0';
	if (base[0] == '\0') {
		printf("Config file error.\n");
		return -1;
	}
	o->rst_buf[0] = '\0';
	if (strchr(o->cfg_path, '/') != NULL) {
		strlcat(o->rst_buf, dir, sizeof(o->rst_buf));
		strlcat(o->rst_buf, "/", sizeof(o->rst_buf));
	}
	strlcat(o->rst_buf, base, sizeof(o->rst_buf));
	if (strlcat(o->rst_buf, "_result.csv", sizeof(o->rst_buf)) >= sizeof(o->rst_buf)) {
		printf("Config file path too long.\n");
		return -1;
	}
	o->rst_path = o->rst_buf;
	return 0;
}

struct results {
	struct dmaperf_result *res;
	unsigned int nb;
	unsigned int cap;
};

/* A case skipped by its configuration: in the CSV and the table, once. */
static void
skip_case(const struct dmaperf_case *c, const char *rst_path, struct results *rs)
{
	struct dmaperf_result r;
	FILE *csv;

	printf("Test case %u configured to be skipped: %s\n\n", c->id, c->skip_reason);
	csv = fopen(rst_path, "a");
	if (csv != NULL) {
		fprintf(csv, DMAPERF_CSV_BLANK DMAPERF_CSV_BLANK "Skip the test-case %u\n", c->id);
		fclose(csv);
	}
	memset(&r, 0, sizeof(r));
	r.case_id = c->id;
	r.run = 1;
	r.type = c->type;
	r.status = DMAPERF_ST_SKIP;
	strlcpy(r.reason, c->skip_reason, sizeof(r.reason));
	add_result(&rs->res, &rs->nb, &rs->cap, &r);
}

/* One run of a case in a forked child; its records are appended to @rs. */
static int
fork_case(struct dmaperf_case *c, unsigned int run, int argc, char **argv,
	const char *rst_path, struct results *rs)
{
	struct dmaperf_result r;
	unsigned int got, j;
	int pfd[2], wstatus, k;
	pid_t pid;

	if (pipe(pfd) < 0) {
		perror("pipe");
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		printf("Fork case %u failed.\n", c->id);
		return -1;
	}
	if (pid == 0) {
		close(pfd[0]);
		k = run_child(c, run, argc, argv, rst_path, pfd[1]);
		fflush(NULL);
		close(pfd[1]);
		_exit(k);
	}
	close(pfd[1]);
	j = rs->nb;
	got = read_results(pfd[0], &rs->res, &rs->nb, &rs->cap);
	close(pfd[0]);
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;

	memset(&r, 0, sizeof(r));
	r.case_id = c->id;
	r.run = run;
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

		for (; j < rs->nb; j++)
			if (rs->res[j].status == DMAPERF_ST_FAIL)
				said = true;
		if (!said)
			add_result(&rs->res, &rs->nb, &rs->cap, &r);
	} else if (got == 0) {
		strlcpy(r.reason, "case process reported nothing", sizeof(r.reason));
		add_result(&rs->res, &rs->nb, &rs->cap, &r);
	}
	return 0;
}

static int
write_stats(const struct app_opts *o, const struct results *rs)
{
	FILE *f = fopen(o->stats_path, "w");

	if (f == NULL) {
		printf("cannot write --stats %s: %s\n", o->stats_path, strerror(errno));
		return -1;
	}
	dmaperf_report_stats(rs->res, rs->nb, f);
	fclose(f);
	return 0;
}

int
main(int argc, char **argv)
{
	struct results rs = { 0 };
	struct app_opts o;
	unsigned int i, run;
	bool failed = false;
	FILE *csv;

	/* children and parent share stdout: keep their lines in order */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv, &o) < 0)
		return 1;
	if (o.rst_path == NULL && default_result_path(&o) < 0)
		return 1;

	printf("config file parsing...\n");
	if (dmaperf_config_load(o.cfg_path, &config) < 0) {
		fprintf(stderr, "%s: rejected, nothing run\n", o.cfg_path);
		return 1;
	}
	printf("config file parsing complete: %u case(s).\n\n", config.nb_cases);
	if (o.check_only) {
		dmaperf_config_print(&config, stdout);
		printf("Result file would be: %s\n", o.rst_path);
		return 0;
	}

	/*
	 * --until-stopped: Ctrl-C reaches the whole process group; it ends the
	 * case process's window, the parent lives on to write the results
	 */
	until_stopped = o.until_stopped;
	if (until_stopped) {
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
	}
	csv = fopen(o.rst_path, "w");
	if (csv == NULL) {
		printf("Open output CSV file error: %s: %s\n", o.rst_path, strerror(errno));
		return 1;
	}
	fclose(csv);
	printf("Running cases... (results: %s)\n", o.rst_path);
	if (o.runs > 1)
		printf("%u runs of every case, alternating: case 1..%u, then again\n", o.runs,
			config.nb_cases);

	for (run = 1; run <= o.runs; run++) {
		if (o.runs > 1)
			printf("\n=== Run %u of %u ===\n", run, o.runs);
		for (i = 0; i < config.nb_cases; i++) {
			struct dmaperf_case *c = &config.cases[i];

			if (c->skip) {
				if (run == 1)
					skip_case(c, o.rst_path, &rs);
				continue;
			}
			if (fork_case(c, run, argc, argv, o.rst_path, &rs) < 0)
				return 1;
		}
	}

	for (i = 0; i < rs.nb; i++)
		if (rs.res[i].status == DMAPERF_ST_FAIL)
			failed = true;
	dmaperf_report(rs.res, rs.nb, o.runs, stdout);
	if (o.stats_path != NULL && write_stats(&o, &rs) < 0)
		failed = true;
	printf("%s\n", failed ? "Result: FAILED (see the cases marked FAIL)" : "Result: all cases passed");
	printf("Bye...\n");
	free(rs.res);
	return failed ? 1 : 0;
}
