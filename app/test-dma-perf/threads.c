/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Where each thread of the process ran during a measurement window: its
 * name, the CPUs it may run on, the CPU it was last seen on and how busy it
 * was (user + system time over the window). Read from /proc/self/task by the
 * main lcore at both ends of the window, outside the workers' loops, so a
 * reader can check that each device's worker thread (an emulated engine,
 * dma_skeleton's thread) had a CPU of its own and the application's lcore
 * the other.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_string_fns.h>

#include "main.h"

/* below this share of the window a thread counts as asleep and is not listed */
#define BUSY_MIN_PCT	3.0

static int
read_task(pid_t tid, struct dmaperf_thread *t)
{
	char path[64], buf[1024];
	char *open_paren, *close_paren, *p;
	unsigned long long utime = 0, stime = 0;
	int field, cpu = -1;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "tid (comm) state ...": comm may hold blanks and parentheses */
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (open_paren == NULL || close_paren == NULL || close_paren < open_paren)
		return -1;
	*close_paren = '\0';
	strlcpy(t->comm, open_paren + 1, sizeof(t->comm));
	/* fields after comm, numbered as in proc(5): 3 = state, 14 = utime, 39 = processor */
	p = close_paren + 2;
	for (field = 3; p != NULL && *p != '\0' && field <= 39; field++) {
		if (field == 14)
			utime = strtoull(p, NULL, 10);
		else if (field == 15)
			stime = strtoull(p, NULL, 10);
		else if (field == 39)
			cpu = atoi(p);
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	t->tid = tid;
	t->ticks = utime + stime;
	t->cpu = cpu;
	return 0;
}

int
dmaperf_threads_snap(struct dmaperf_threads *s)
{
	struct dirent *d;
	DIR *dir;

	s->nb = 0;
	dir = opendir("/proc/self/task");
	if (dir == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL && s->nb < RTE_DIM(s->t)) {
		if (d->d_name[0] == '.')
			continue;
		if (read_task(atoi(d->d_name), &s->t[s->nb]) == 0)
			s->nb++;
	}
	closedir(dir);
	return 0;
}

/* "1", "0-1", "0,2": the CPUs a thread may run on */
static void
affinity_str(pid_t tid, char *buf, size_t len)
{
	cpu_set_t set;
	int cpu, first = -1, last = -1;
	size_t off = 0;

	buf[0] = '\0';
	if (sched_getaffinity(tid, sizeof(set), &set) != 0) {
		strlcpy(buf, "?", len);
		return;
	}
	for (cpu = 0; cpu <= CPU_SETSIZE; cpu++) {
		bool in = cpu < CPU_SETSIZE && CPU_ISSET(cpu, &set);

		if (in && first < 0)
			first = cpu;
		if (in) {
			last = cpu;
			continue;
		}
		if (first < 0)
			continue;
		if (off < len)
			off += snprintf(buf + off, len - off, "%s%d", off ? "," : "", first);
		if (last > first && off < len)
			off += snprintf(buf + off, len - off, "-%d", last);
		first = -1;
	}
}

void
dmaperf_threads_describe(const struct dmaperf_threads *a, const struct dmaperf_threads *b,
	double secs, char *buf, size_t len)
{
	const double hz = (double)sysconf(_SC_CLK_TCK);
	unsigned int i, j, idle = 0;
	char aff[64];
	size_t off = 0;

	bool asleep[RTE_DIM(b->t)];

	buf[0] = '\0';
	for (i = 0; i < b->nb; i++) {
		const struct dmaperf_thread *t = &b->t[i];
		double pct = 0;

		for (j = 0; j < a->nb; j++)
			if (a->t[j].tid == t->tid)
				pct = (double)(t->ticks - a->t[j].ticks) / hz / secs * 100;
		asleep[i] = pct < BUSY_MIN_PCT;
		if (asleep[i]) {
			idle++;
			continue;
		}
		affinity_str(t->tid, aff, sizeof(aff));
		if (off < len)
			off += snprintf(buf + off, len - off, "%s%s on CPU %d (may run on %s) %.0f%%",
				off ? "; " : "", t->comm, t->cpu, aff, pct);
	}
	if (idle == 0 || off >= len)
		return;
	/* the sleepers in short: name@last CPU */
	off += snprintf(buf + off, len - off, "%sasleep:", off ? "; " : "");
	for (i = 0; i < b->nb && off < len; i++)
		if (asleep[i])
			off += snprintf(buf + off, len - off, " %s@%d", b->t[i].comm, b->t[i].cpu);
}
