/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#include <glob.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hidma_test.h"

static jmp_buf ht_jmp;
static bool ht_running;		/* ht_jmp is live */
static pthread_t ht_thread;	/* the thread running the case */
static unsigned int ht_expects;
static void (*ht_hook)(void);
static int (*ht_after)(const char *name);

void
ht_on_fail(void (*hook)(void))
{
	ht_hook = hook;
}

void
ht_after_case(int (*fn)(const char *name))
{
	ht_after = fn;
}

unsigned int
ht_expect_failures(void)
{
	return ht_expects;
}

static void
ht_report(const char *func, int line, const char *cond, const char *fmt, va_list ap)
{
	printf("FAIL %s:%d: %s", func, line, cond);
	/* fmt is " " plus the caller's message */
	if (fmt[1] != '\0') {
		putchar(':');
		vprintf(fmt, ap);
	}
	putchar('\n');
	fflush(stdout);
}

static __rte_noreturn void
ht_end_case(void)
{
	void (*hook)(void) = ht_hook;

	/* a hook that fails itself must not loop */
	ht_hook = NULL;
	if (hook != NULL)
		hook();
	ht_hook = hook;
	if (!ht_running || !pthread_equal(pthread_self(), ht_thread)) {
		/* no case to end: a program without ht_run, or another thread */
		printf("FAIL: outside the test case's thread, aborting\n");
		fflush(stdout);
		abort();
	}
	longjmp(ht_jmp, 1);
}

void
ht_fail(const char *func, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ht_report(func, line, cond, fmt, ap);
	va_end(ap);
	ht_end_case();
}

void
ht_fail_eq(const char *func, int line, const char *a, const char *b,
		unsigned long long va, unsigned long long vb)
{
	printf("FAIL %s:%d: %s == %s: 0x%llx != 0x%llx\n", func, line, a, b, va, vb);
	fflush(stdout);
	ht_end_case();
}

void
ht_expect_failed(const char *func, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ht_report(func, line, cond, fmt, ap);
	va_end(ap);
	ht_expects++;
}

static bool
ht_run_one(const struct ht_case *c)
{
	/* volatile: read after longjmp */
	volatile int ret = -1;

	ht_expects = 0;
	ht_thread = pthread_self();
	ht_running = true;
	if (setjmp(ht_jmp) == 0)
		ret = c->fn();
	ht_running = false;
	if (ht_after != NULL && ht_after(c->name) != 0)
		ret = -1;
	if (ret == 0 && ht_expects != 0)
		ret = -1;
	printf("%s: %s\n", c->name, ret == 0 ? "PASS" : "FAIL");
	fflush(stdout);
	return ret == 0;
}

static const struct ht_case *
ht_find(const struct ht_case *cases, unsigned int nb_cases, const char *name)
{
	unsigned int i;

	for (i = 0; i < nb_cases; i++)
		if (strcmp(cases[i].name, name) == 0)
			return &cases[i];
	return NULL;
}

int
ht_run(const struct ht_case *cases, unsigned int nb_cases, int argc, char **argv)
{
	unsigned int i, passed = 0, failed = 0;
	int a;

	for (a = 1; a < argc; a++) {
		if (ht_find(cases, nb_cases, argv[a]) != NULL)
			continue;
		printf("unknown test case %s; the cases are:", argv[a]);
		for (i = 0; i < nb_cases; i++)
			printf(" %s", cases[i].name);
		printf("\n");
		return 2;
	}
	if (argc > 1) {
		for (a = 1; a < argc; a++) {
			if (ht_run_one(ht_find(cases, nb_cases, argv[a])))
				passed++;
			else
				failed++;
		}
	} else {
		for (i = 0; i < nb_cases; i++) {
			if (ht_run_one(&cases[i]))
				passed++;
			else
				failed++;
		}
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}

void
ht_unlink_hugefiles(const char *prefix)
{
	char line[1024], mnt[512], type[64], pat[1024];
	FILE *f;
	glob_t g;
	size_t i;

	if (prefix == NULL)
		return;
	f = fopen("/proc/mounts", "r");
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%*s %511s %63s", mnt, type) != 2 || strcmp(type, "hugetlbfs") != 0)
			continue;
		snprintf(pat, sizeof(pat), "%s/%smap_*", mnt, prefix);
		if (glob(pat, 0, NULL, &g) != 0)
			continue;
		for (i = 0; i < g.gl_pathc; i++)
			unlink(g.gl_pathv[i]);
		globfree(&g);
	}
	fclose(f);
}
