/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef HIDMA_TEST_H
#define HIDMA_TEST_H

/*
 * Assertions and the scenario-table runner shared by every C test program
 * (test/unit, driver, rawdev, bus, stress, fwd). No EAL here (DPDK's
 * headers only): the unit tests run without it; hidma_test_dev.h adds the
 * device helpers.
 *
 * A failed CHECK prints where and why, then ends the running test case:
 * ht_fail() jumps back to ht_run(), which reports the case as failed and
 * goes on with the next one. So no macro hides a return, and a helper may
 * CHECK as freely as a test case. A failed EXPECT is counted and the case
 * goes on (for checks that are worth reporting all together); the case
 * fails at its end.
 */

#include <stdbool.h>
#include <stdio.h>

#include <rte_common.h>

/* one test case or scenario: returns 0 on success (or fails a CHECK) */
struct ht_case {
	const char *name;
	int (*fn)(void);
};

__rte_noreturn void ht_fail(const char *func, int line, const char *cond, const char *fmt, ...)
	__rte_format_printf(4, 5);
void ht_expect_failed(const char *func, int line, const char *cond, const char *fmt, ...)
	__rte_format_printf(4, 5);
__rte_noreturn void ht_fail_eq(const char *func, int line, const char *a, const char *b,
		unsigned long long va, unsigned long long vb);

/*
 * CHECK(cond) or CHECK(cond, "format", ...): the message is optional; the
 * leading " " joins a format literal (and keeps an empty one non-empty).
 */
#define CHECK(cond, ...) do { \
	if (!(cond)) \
		ht_fail(__func__, __LINE__, #cond, " " __VA_ARGS__); \
} while (0)

/* both sides as integers, printed on failure */
#define CHECK_EQ(a, b) do { \
	unsigned long long ht_a_ = (unsigned long long)(a); \
	unsigned long long ht_b_ = (unsigned long long)(b); \
	if (ht_a_ != ht_b_) \
		ht_fail_eq(__func__, __LINE__, #a, #b, ht_a_, ht_b_); \
} while (0)

/* a step that returns 0 on success (a helper that returns an error code) */
#define RUN(call) do { \
	if ((call) != 0) \
		ht_fail(__func__, __LINE__, #call, " failed"); \
} while (0)

/* a check that does not end the case: counted, the case fails at its end */
#define EXPECT(cond, ...) do { \
	if (!(cond)) \
		ht_expect_failed(__func__, __LINE__, #cond, " " __VA_ARGS__); \
} while (0)

/* called on every failure before the case ends (e.g. to dump a device) */
void ht_on_fail(void (*hook)(void));

/*
 * called with the case's name after every case, however it ended (e.g. to
 * check and undo what the case left); non-zero fails the case. It may
 * EXPECT, not CHECK.
 */
void ht_after_case(int (*fn)(const char *name));

/* failures counted by EXPECT in the running case so far */
unsigned int ht_expect_failures(void);

/*
 * Run the cases named in argv[1..argc-1], in the order given, or every case
 * of the table in order when none is named. Prints "<name>: PASS" or
 * "<name>: FAIL" per case and a summary line; returns the exit code (0 all
 * passed, 1 a case failed, 2 an unknown name, with the list of names).
 */
int ht_run(const struct ht_case *cases, unsigned int nb_cases, int argc, char **argv);

/*
 * Remove the hugepage files of EAL file prefix @prefix (NULL: none) in every
 * hugetlbfs mount: a primary that keeps them for its secondaries (no
 * --huge-unlink) removes them with this at its end.
 */
void ht_unlink_hugefiles(const char *prefix);

#endif /* HIDMA_TEST_H */
