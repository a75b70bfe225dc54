/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The commands of dpdk-dma-shell. Public DPDK APIs only, so they drive any
 * dmadev; HIDMA devices get more (management rawdev state, the emulated
 * device's faults) through the drivers' public headers.
 *
 * Every command checks what it needs before touching a device: the device
 * exists, is configured, is started, the vchan exists. DPDK checks none of
 * this on the fast path outside debug builds, and a PMD called on a device
 * that is not started may crash or give a misleading errno.
 */

/* dl_iterate_phdr(), RTLD_NOLOAD: also when built outside meson (fuzz harness) */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <link.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <cmdline.h>
#include <cmdline_parse.h>
#include <cmdline_parse_num.h>
#include <cmdline_parse_string.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_random.h>
#include <rte_rawdev.h>
#include <rte_string_fns.h>

#include <rte_pmd_hidma_mgmt.h>
#include <rte_pmd_hidma_model.h>

#include "dma_shell.h"
#include "shell_priv.h"

#define MAX_JOBS	1024		/* jobs of one copy/fill/copy_sg command */
#define MAX_LEN		(1u << 20)	/* bytes per job; see the guide for memory */
#define MAX_SGE		16		/* segments per side of a copy_sg job */
#define SG_GAP		64		/* bytes between segments: overruns show */
#define GUARD		0xa5		/* what gaps hold */
#define WAIT_MS		1000		/* completion wait of a command... */
#define WAIT_MS_PER_MB	10		/* ...plus this per MB of its data */
#define TPUT_MEM	(64u << 20)	/* buffer memory of a throughput run */
#define TPUT_BUFS	256		/* buffer pairs of a throughput run, at most */
#define REAP_BURST	64

struct cmdline *shell_checker;
static unsigned int nb_failed;		/* commands that failed: the exit status */
static bool cmd_failed;			/* the command running now failed */
static bool strict;
/* drive channels whatever their owner record says ('set force on') */
static bool force_owner;
static bool started[INT16_MAX + 1];	/* dmadevs this shell started */

/* ------------------------------------------------------------ helpers */

static void __rte_format_printf(2, 3)
fail(struct cmdline *cl, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cmdline_printf(cl, "error: %s\n", buf);
	cmd_failed = true;
}

static const char *
status_name(enum rte_dma_status_code st)
{
	static const char *const names[] = {
		[RTE_DMA_STATUS_SUCCESSFUL] = "SUCCESSFUL",
		[RTE_DMA_STATUS_USER_ABORT] = "USER_ABORT",
		[RTE_DMA_STATUS_NOT_ATTEMPTED] = "NOT_ATTEMPTED",
		[RTE_DMA_STATUS_INVALID_SRC_ADDR] = "INVALID_SRC_ADDR",
		[RTE_DMA_STATUS_INVALID_DST_ADDR] = "INVALID_DST_ADDR",
		[RTE_DMA_STATUS_INVALID_ADDR] = "INVALID_ADDR",
		[RTE_DMA_STATUS_INVALID_LENGTH] = "INVALID_LENGTH",
		[RTE_DMA_STATUS_INVALID_OPCODE] = "INVALID_OPCODE",
		[RTE_DMA_STATUS_BUS_READ_ERROR] = "BUS_READ_ERROR",
		[RTE_DMA_STATUS_BUS_WRITE_ERROR] = "BUS_WRITE_ERROR",
		[RTE_DMA_STATUS_BUS_ERROR] = "BUS_ERROR",
		[RTE_DMA_STATUS_DATA_POISION] = "DATA_POISON",
		[RTE_DMA_STATUS_DESCRIPTOR_READ_ERROR] = "DESCRIPTOR_READ_ERROR",
		[RTE_DMA_STATUS_DEV_LINK_ERROR] = "DEV_LINK_ERROR",
		[RTE_DMA_STATUS_PAGE_FAULT] = "PAGE_FAULT",
	};

	if ((unsigned int)st < RTE_DIM(names) && names[st] != NULL)
		return names[st];
	if (st == RTE_DMA_STATUS_ERROR_UNKNOWN)
		return "ERROR_UNKNOWN";
	return "UNDEFINED_STATUS";
}

/* Status counts of a set of jobs, printed by name. */
#define SC_UNKNOWN	(RTE_DMA_STATUS_PAGE_FAULT + 1)	/* RTE_DMA_STATUS_ERROR_UNKNOWN */
#define SC_OTHER	(RTE_DMA_STATUS_PAGE_FAULT + 2)	/* a code DPDK does not define */
struct status_count {
	uint64_t n[SC_OTHER + 1];
};

static void
status_add(struct status_count *sc, enum rte_dma_status_code st)
{
	unsigned int i = (unsigned int)st <= RTE_DMA_STATUS_PAGE_FAULT ? (unsigned int)st :
			st == RTE_DMA_STATUS_ERROR_UNKNOWN ? SC_UNKNOWN : SC_OTHER;

	sc->n[i]++;
}

static uint64_t
status_print(struct cmdline *cl, const struct status_count *sc)
{
	uint64_t bad = 0;
	unsigned int i;

	cmdline_printf(cl, "  statuses:");
	for (i = 0; i < RTE_DIM(sc->n); i++) {
		if (sc->n[i] == 0)
			continue;
		cmdline_printf(cl, " %s %" PRIu64, i <= RTE_DMA_STATUS_PAGE_FAULT ?
				status_name(i) : i == SC_UNKNOWN ? "ERROR_UNKNOWN" :
				"UNDEFINED_STATUS", sc->n[i]);
		if (i != RTE_DMA_STATUS_SUCCESSFUL)
			bad += sc->n[i];
	}
	cmdline_printf(cl, "\n");
	return bad;
}

/*
 * A function of a plugin loaded with EAL -d: EAL opens plugins RTLD_LOCAL,
 * so RTLD_DEFAULT does not see them; look in every loaded object. NULL if
 * the driver is not loaded.
 */
struct sym_walk {
	char names[64][PATH_MAX];
	unsigned int n;
};

static int
sym_walk_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct sym_walk *w = arg;

	RTE_SET_USED(size);
	if (info->dlpi_name != NULL && info->dlpi_name[0] != '\0' && w->n < RTE_DIM(w->names))
		strlcpy(w->names[w->n++], info->dlpi_name, PATH_MAX);
	return 0;
}

static void *
plugin_sym(const char *sym)
{
	static struct sym_walk w;
	void *p = dlsym(RTLD_DEFAULT, sym);
	unsigned int i;

	if (p != NULL)
		return p;
	/* names first: no dlopen() while the loader's list is being walked */
	w.n = 0;
	dl_iterate_phdr(sym_walk_cb, &w);
	for (i = 0; i < w.n && p == NULL; i++) {
		void *h = dlopen(w.names[i], RTLD_LAZY | RTLD_NOLOAD);

		if (h == NULL)
			continue;
		p = dlsym(h, sym);
		/* drops the reference NOLOAD took; the object stays loaded */
		dlclose(h);
	}
	return p;
}

/*
 * A HIDMA channel's owner record (rte_pmd_hidma.h), looked up in the loaded
 * plugin: 0 and *pid when known, -1 for other dmadevs or without the plugin.
 */
typedef int (owner_get_fn)(int16_t dev_id, pid_t *pid);
typedef int (owner_claim_fn)(int16_t dev_id);

static int
owner_get(int16_t id, pid_t *pid)
{
	owner_get_fn *get = (owner_get_fn *)plugin_sym("rte_pmd_hidma_owner_get");

	return get != NULL && get(id, pid) == 0 ? 0 : -1;
}

/* "this shell", "the primary" or "process N", for messages */
static const char *
owner_name(pid_t pid, char *buf, size_t len)
{
	if (pid == getpid())
		return "this shell";
	if (rte_eal_process_type() == RTE_PROC_SECONDARY && pid == getppid())
		snprintf(buf, len, "process %d (this shell's parent)", (int)pid);
	else if (rte_eal_process_type() == RTE_PROC_SECONDARY)
		snprintf(buf, len, "process %d (the application)", (int)pid);
	else
		snprintf(buf, len, "process %d", (int)pid);
	return buf;
}

/*
 * Jobs on a HIDMA channel only when its owner record names this shell or
 * nobody (then this shell claims it), unless 'set force on'. Other dmadevs
 * have no record: always.
 */
static int
owner_gate(struct cmdline *cl, int16_t id, const char *dev_name)
{
	owner_claim_fn *claim = (owner_claim_fn *)plugin_sym("rte_pmd_hidma_owner_claim");
	char buf[64];
	pid_t pid;

	if (force_owner || owner_get(id, &pid) != 0 || claim == NULL)
		return 0;
	if (claim(id) == 0)
		return 0;
	if (owner_get(id, &pid) != 0)
		pid = 0;
	fail(cl, "dmadev %d (%s) is driven by %s: it must hand the channel over first "
		"(rte_pmd_hidma_owner_handover() or _release()), or 'set force on' if it "
		"certainly does not drive it now", id, dev_name, owner_name(pid, buf, sizeof(buf)));
	return -1;
}

/*
 * Started by this shell, or (secondary) by the application: the library
 * keeps that in the shared device data, which only its dump shows.
 */
static bool
is_started(int16_t id)
{
	char *text = NULL;
	size_t len = 0;
	bool on = false;
	FILE *f;

	if (started[id] || rte_eal_process_type() != RTE_PROC_SECONDARY)
		return started[id];
	f = open_memstream(&text, &len);
	if (f == NULL)
		return false;
	if (rte_dma_dump(id, f) == 0) {
		fflush(f);
		on = text != NULL && strstr(text, "[started]") != NULL;
	}
	fclose(f);
	free(text);
	return on;
}

/* A dmadev id from a word (id or name); -1 with the reason printed. */
static int
dma_lookup(struct cmdline *cl, const char *s)
{
	char *end;
	long v;
	int id;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s != '\0' && *end == '\0') {
		/* range first: an id is an int16_t, 65536 must not become 0 */
		id = errno == 0 && v >= 0 && v <= INT16_MAX && rte_dma_is_valid((int16_t)v) ?
				(int)v : -1;
	} else {
		id = rte_dma_get_dev_id_by_name(s);
	}
	if (id < 0)
		fail(cl, "no dmadev '%s': 'list' shows the dmadevs", s);
	return id;
}

/* A rawdev id from a word (id or name); -1 with the reason printed. */
static int
raw_lookup(struct cmdline *cl, const char *s)
{
	char *end;
	unsigned long v;
	uint16_t id;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s != '\0' && *end == '\0' && s[0] != '-') {
		if (errno == 0 && v < rte_rawdev_count())
			return (int)v;
	} else {
		/* errors come back as large uint16_t values */
		id = rte_rawdev_get_dev_id(s);
		if (id < rte_rawdev_count())
			return id;
	}
	fail(cl, "no rawdev '%s': 'list' shows the rawdevs", s);
	return -1;
}

enum need {
	NEED_CONFIGURED,	/* vchan valid */
	NEED_STARTED,		/* vchan valid and device started */
	NEED_OWNED,		/* started, and this shell may drive it (owner record) */
};

/*
 * The checks every operation on a vchan makes before it touches the device.
 * @return the dmadev id, or -1 with the reason printed.
 */
static int
vchan_check(struct cmdline *cl, const char *dev, const char *vchan_s, enum need need,
		struct rte_dma_info *info, uint16_t *vchan)
{
	unsigned long v;
	char *end;
	int id = dma_lookup(cl, dev);

	if (id < 0)
		return -1;
	if (rte_dma_info_get(id, info) != 0) {
		fail(cl, "cannot read the information of dmadev %d", id);
		return -1;
	}
	if (info->nb_vchans == 0) {
		fail(cl, "dmadev %d (%s) is not configured: "
			"'configure %d <nb_vchans> <nb_desc>' first", id, info->dev_name, id);
		return -1;
	}
	errno = 0;
	v = strtoul(vchan_s, &end, 10);
	if (*vchan_s == '\0' || *end != '\0' || vchan_s[0] == '-' || errno != 0) {
		fail(cl, "vchan '%s' is not a number", vchan_s);
		return -1;
	}
	if (v >= info->nb_vchans) {
		fail(cl, "no vchan %s on dmadev %d (%s): it has %u vchan(s), 0..%u", vchan_s, id,
			info->dev_name, info->nb_vchans, info->nb_vchans - 1);
		return -1;
	}
	if (need >= NEED_STARTED && !is_started(id)) {
		fail(cl, "dmadev %d (%s) is stopped: 'start %d' first", id, info->dev_name, id);
		return -1;
	}
	if (need == NEED_OWNED && owner_gate(cl, id, info->dev_name) != 0)
		return -1;
	*vchan = v;
	return id;
}

/* ------------------------------------------------------------ jobs in flight */

enum job_kind {
	JOB_COPY,
	JOB_FILL,
	JOB_SG,
	JOB_TPUT,
};

/*
 * The buffers of one command and the jobs it has in flight. A command whose
 * jobs do not all complete in time leaves its set here ("stale"), buffers
 * and all, until the jobs are reaped or the device is stopped: the device
 * may still write into them, and the next command on the vchan must not
 * take their completions for its own.
 */
struct jobset {
	struct jobset *next;
	int16_t dev;
	uint16_t vchan;
	enum job_kind kind;
	uint32_t len;		/* bytes per job */
	uint32_t buf_len;	/* bytes per buffer, gaps included */
	uint16_t nb_src, nb_dst;	/* segments per job (copy_sg) */
	uint64_t pattern;
	unsigned int nb_bufs;
	uint8_t **src, **dst;
	uint64_t outstanding;	/* enqueued, not reaped */
};

static struct jobset *stale_sets;

static void
jobset_free(struct jobset *js)
{
	unsigned int i;

	if (js == NULL)
		return;
	for (i = 0; i < js->nb_bufs; i++) {
		if (js->src != NULL)
			rte_free(js->src[i]);
		if (js->dst != NULL)
			rte_free(js->dst[i]);
	}
	free(js->src);
	free(js->dst);
	free(js);
}

/*
 * Allocate @nb buffer pairs for @js (sources only for copies). On failure
 * say how much DMA memory the command needs. @return 0 or -1.
 */
static int
jobset_alloc(struct cmdline *cl, struct jobset *js, unsigned int nb)
{
	bool has_src = js->kind != JOB_FILL;
	uint32_t align;
	uint64_t need;
	unsigned int i;

	/*
	 * rte_malloc memory is IOVA-contiguous only within a page: aligned to
	 * its size (a power of two up to the hugepage size), a buffer never
	 * straddles a page boundary, which matters with IOVA as PA.
	 */
	align = RTE_MAX(rte_align32pow2(js->buf_len), (uint32_t)RTE_CACHE_LINE_SIZE);
	need = (uint64_t)nb * (has_src ? 2 : 1) * align;
	js->src = calloc(nb, sizeof(*js->src));
	js->dst = calloc(nb, sizeof(*js->dst));
	if (js->src == NULL || js->dst == NULL) {
		fail(cl, "out of memory");
		return -1;
	}
	js->nb_bufs = nb;
	for (i = 0; i < nb; i++) {
		js->dst[i] = rte_malloc(NULL, js->buf_len, align);
		if (has_src)
			js->src[i] = rte_malloc(NULL, js->buf_len, align);
		if (js->dst[i] == NULL || (has_src && js->src[i] == NULL)) {
			fail(cl, "cannot allocate DMA memory: %u buffer(s) of %u B, each "
				"aligned to %u B, need up to %" PRIu64 " MiB of hugepage "
				"memory; give EAL more (reserve more hugepages, -m/--socket-mem) "
				"or ask for fewer or smaller jobs", nb * (has_src ? 2 : 1),
				js->buf_len, align, (need + (1 << 20) - 1) >> 20);
			return -1;
		}
		if (has_src) {
			uint64_t r;
			uint32_t k;

			for (k = 0; k < js->buf_len; k += sizeof(r)) {
				r = rte_rand();
				memcpy(&js->src[i][k], &r, RTE_MIN((uint32_t)sizeof(r),
					js->buf_len - k));
			}
		}
		memset(js->dst[i], js->kind == JOB_SG ? GUARD : 0, js->buf_len);
	}
	return 0;
}

/* Segment @k of @n over @len bytes: its offset in the buffer and its length. */
static uint32_t
seg(uint32_t len, uint16_t n, uint16_t k, uint32_t *off)
{
	uint32_t base = len / n, extra = len % n;

	*off = k * base + RTE_MIN(k, extra) + k * SG_GAP;
	return base + (k < extra ? 1 : 0);
}

static int
job_enqueue(const struct jobset *js, unsigned int b, uint64_t flags)
{
	struct rte_dma_sge s[MAX_SGE], d[MAX_SGE];
	uint32_t off;
	uint16_t k;

	switch (js->kind) {
	case JOB_FILL:
		return rte_dma_fill(js->dev, js->vchan, js->pattern,
				rte_malloc_virt2iova(js->dst[b]), js->len, flags);
	case JOB_SG:
		for (k = 0; k < js->nb_src; k++) {
			s[k].length = seg(js->len, js->nb_src, k, &off);
			s[k].addr = rte_malloc_virt2iova(js->src[b]) + off;
		}
		for (k = 0; k < js->nb_dst; k++) {
			d[k].length = seg(js->len, js->nb_dst, k, &off);
			d[k].addr = rte_malloc_virt2iova(js->dst[b]) + off;
		}
		return rte_dma_copy_sg(js->dev, js->vchan, s, d, js->nb_src, js->nb_dst, flags);
	case JOB_COPY:
	case JOB_TPUT:
	default:
		return rte_dma_copy(js->dev, js->vchan, rte_malloc_virt2iova(js->src[b]),
				rte_malloc_virt2iova(js->dst[b]), js->len, flags);
	}
}

/* Byte @i of the data job @b carries, as the source has it (or the pattern). */
static uint8_t
src_byte(const struct jobset *js, unsigned int b, uint32_t i)
{
	uint32_t off, l;
	uint16_t k;

	if (js->kind == JOB_FILL)
		return ((const uint8_t *)&js->pattern)[i % 8];
	if (js->kind != JOB_SG)
		return js->src[b][i];
	for (k = 0; k < js->nb_src; k++) {
		l = seg(js->len, js->nb_src, k, &off);
		if (i < l)
			return js->src[b][off + i];
		i -= l;
	}
	return 0;
}

/* Check the destination of job @b. @return 0, or -1 with the first bad byte printed. */
static int
job_verify(struct cmdline *cl, const struct jobset *js, unsigned int b, const char *what)
{
	uint32_t i = 0, off = 0, l, g;
	uint16_t k, nb = js->kind == JOB_SG ? js->nb_dst : 1;

	for (k = 0; k < nb; k++) {
		l = nb == 1 ? js->len : seg(js->len, nb, k, &off);
		for (g = 0; g < l; g++, i++) {
			uint8_t want = src_byte(js, b, i), got = js->dst[b][off + g];

			if (got != want) {
				fail(cl, "%s MISMATCH: job %u byte %u is 0x%02x, expected 0x%02x",
					what, b, i, got, want);
				return -1;
			}
		}
		/* the gap after a segment must be untouched */
		if (js->kind == JOB_SG && k + 1 < nb) {
			for (g = 0; g < SG_GAP; g++) {
				if (js->dst[b][off + l + g] != GUARD) {
					fail(cl, "%s OVERRUN: job %u wrote %u B past destination "
						"segment %u", what, b, g + 1, k);
					return -1;
				}
			}
		}
	}
	return 0;
}

/*
 * Before a command uses a vchan: reap what an earlier, timed-out command left
 * in flight there. @return 0 when the vchan is free, -1 (reason printed) if
 * jobs still run.
 */
static int
stale_drain(struct cmdline *cl, int16_t dev, uint16_t vchan)
{
	enum rte_dma_status_code st[REAP_BURST];
	struct jobset **pp, *js;
	uint64_t deadline;
	uint16_t n, last;

	for (pp = &stale_sets; (js = *pp) != NULL; pp = &js->next)
		if (js->dev == dev && js->vchan == vchan)
			break;
	if (js == NULL)
		return 0;
	deadline = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_MS / 1000;
	while (js->outstanding > 0) {
		n = rte_dma_completed_status(dev, vchan, RTE_MIN(js->outstanding,
				(uint64_t)REAP_BURST), &last, st);
		js->outstanding -= n;
		if (n == 0 && rte_get_timer_cycles() > deadline)
			break;
	}
	if (js->outstanding > 0) {
		fail(cl, "dmadev %d vchan %u still has %" PRIu64 " job(s) of an earlier command "
			"that timed out: wait and retry, or 'stop %d' to drop them", dev, vchan,
			js->outstanding, dev);
		return -1;
	}
	cmdline_printf(cl, "note: reaped the jobs an earlier command left on dmadev %d vchan %u\n",
		dev, vchan);
	*pp = js->next;
	jobset_free(js);
	return 0;
}

static void
stale_keep(struct jobset *js)
{
	js->next = stale_sets;
	stale_sets = js;
}

/*
 * The device was stopped or closed: its jobs are dropped. Free their buffers
 * unless a vchan still reports work (then the memory is never freed: leaking
 * is safe, freeing memory a device writes into is not).
 */
static void
stale_forget(struct cmdline *cl, int16_t dev, bool closed)
{
	struct jobset **pp = &stale_sets, *js;
	enum rte_dma_vchan_status vs;

	while ((js = *pp) != NULL) {
		if (js->dev != dev) {
			pp = &js->next;
			continue;
		}
		*pp = js->next;
		if (!closed && rte_dma_vchan_status(dev, js->vchan, &vs) == 0 &&
				vs == RTE_DMA_VCHAN_ACTIVE) {
			cmdline_printf(cl, "note: dmadev %d vchan %u still active after stop: "
				"the buffers of its dropped jobs stay allocated\n", dev, js->vchan);
			continue;
		}
		jobset_free(js);
	}
}

/*
 * Enqueue the jobs of @js (one per buffer), submit, wait for all of them
 * with completed_status() and check statuses and data. A timed-out command
 * keeps its buffers (stale_keep()); the others free them. The time printed
 * runs from the first enqueue to the last completion.
 */
static void
jobs_run(struct cmdline *cl, struct jobset *js, const char *what)
{
	enum rte_dma_status_code st[MAX_JOBS];
	struct status_count sc = { { 0 } };
	uint16_t done = 0, n, last, i, nb = js->nb_bufs;
	uint64_t t0, t1, deadline, wait_ms;
	int ret = 0;

	/* a bound for every size: 1 s, and 10 ms more per MB (>= 100 MB/s) */
	wait_ms = WAIT_MS + (uint64_t)nb * js->len / 1000000 * WAIT_MS_PER_MB;
	t0 = rte_rdtsc();
	deadline = rte_get_timer_cycles() + rte_get_timer_hz() * wait_ms / 1000;
	for (i = 0; i < nb;) {
		ret = job_enqueue(js, i, 0);
		if (ret >= 0) {
			i++;
			continue;
		}
		if (ret != -ENOSPC || rte_get_timer_cycles() > deadline)
			break;
		/* more jobs than the ring holds: let some complete */
		rte_dma_submit(js->dev, js->vchan);
		done += rte_dma_completed_status(js->dev, js->vchan, i - done, &last, &st[done]);
	}
	js->outstanding = i - done;
	if (i > 0 && rte_dma_submit(js->dev, js->vchan) < 0)
		cmdline_printf(cl, "note: rte_dma_submit failed\n");
	while (done < i && rte_get_timer_cycles() < deadline) {
		n = rte_dma_completed_status(js->dev, js->vchan, i - done, &last, &st[done]);
		done += n;
		js->outstanding -= n;
	}
	t1 = rte_rdtsc();
	if (done < i) {
		fail(cl, "%u of %u job(s) not completed after %" PRIu64 " ms; their buffers are "
			"kept until they complete ('stop %d' drops them)", i - done, i, wait_ms,
			js->dev);
		stale_keep(js);
		return;
	}
	if (i < nb) {
		fail(cl, "%s: job %u of %u refused: %s", what, i, nb,
			ret == -ENOSPC ? "the ring stayed full" : strerror(-ret));
		jobset_free(js);
		return;
	}
	for (i = 0; i < done; i++)
		status_add(&sc, st[i]);
	if (sc.n[RTE_DMA_STATUS_SUCCESSFUL] != done) {
		for (i = 0; i < done; i++) {
			if (st[i] != RTE_DMA_STATUS_SUCCESSFUL) {
				fail(cl, "%s: job %u completed with status %s (%d)", what, i,
					status_name(st[i]), st[i]);
				break;
			}
		}
		status_print(cl, &sc);
		jobset_free(js);
		return;
	}
	for (i = 0; i < done; i++)
		if (job_verify(cl, js, i, what) != 0)
			break;
	if (i == done)
		cmdline_printf(cl, "%s %d/%u: %u job(s) of %u B done and verified in %.1f us\n",
			what, js->dev, js->vchan, done, js->len,
			(double)(t1 - t0) * 1e6 / rte_get_tsc_hz());
	jobset_free(js);
}

/* ------------------------------------------------------------ dispatch */

struct shell_handler {
	void (*fn)(void *res, struct cmdline *cl);
};

/* Every command goes through here: one failure counted per failed command. */
static void
dispatch(void *res, struct cmdline *cl, void *data)
{
	const struct shell_handler *h = data;

	cmd_failed = false;
	h->fn(res, cl);
	if (cmd_failed) {
		nb_failed++;
		if (strict) {
			cmdline_printf(cl, "strict mode: stopping at the first failed command\n");
			cmdline_quit(cl);
		}
	}
}

#define HANDLER(fn_) (&(struct shell_handler){ .fn = (fn_) })

struct shell_help {
	const char *name;
	const char *usage;
	const char *text;
};

static const struct shell_help helps[] = {
	{ "list", "list",
		"dmadevs (id, name, vchans, state) and rawdevs (id, name, driver, state)" },
	{ "info", "info <dev>", "capabilities and limits of a dmadev (rte_dma_info_get)" },
	{ "configure", "configure <dev> <nb_vchans> <nb_desc>",
		"configure a stopped dmadev with nb_vchans mem-to-mem vchans of nb_desc "
		"descriptors" },
	{ "start", "start <dev>", "start a configured dmadev" },
	{ "stop", "stop <dev>", "stop a dmadev; jobs still in flight are dropped" },
	{ "close", "close <dev>", "close a stopped dmadev (it disappears)" },
	{ "copy", "copy <dev> <vchan> <len> <count>",
		"count copies of len bytes (1..1048576, count 1..1024), waited for and verified" },
	{ "copy_sg", "copy_sg <dev> <vchan> <nb_src> <nb_dst> <len> <count>",
		"count scatter-gather copies of len bytes from nb_src into nb_dst segments "
		"(1..max_sges), waited for and verified, gaps between segments checked" },
	{ "fill", "fill <dev> <vchan> <pattern> <len> <count>",
		"count fills of len bytes with the 64-bit pattern, waited for and verified" },
	{ "throughput", "throughput <dev> <vchan> <len> <jobs> <batch>",
		"jobs copies of len bytes submitted in batches of batch: Mops, GB/s, statuses" },
	{ "vchan_status", "vchan_status <dev> <vchan>", "idle, active or halted_error" },
	{ "burst_capacity", "burst_capacity <dev> <vchan>",
		"how many jobs the vchan of a started dmadev takes now" },
	{ "stats", "stats <dev> | stats reset <dev>", "statistics over all vchans" },
	{ "dump", "dump <dev>", "rte_dma_dump(): the library's and the driver's state" },
	{ "mgmt", "mgmt get <raw> <attr> | mgmt set <raw> <attr> <value> | mgmt dump <raw> | "
		"mgmt start|stop|reset <raw>",
		"rawdev attributes, dump, and start (enable), stop (disable), reset (back to "
		"the configuration of the probe) of a management rawdev" },
	{ "faults", "faults <instance> | faults <instance> <setting> <value> | "
		"faults <instance> off",
		"fault injection of an emulated HIDMA instance at run time; settings: fail_every, "
		"fail_ppm, fail_errinfo, reset_hangs, bw_mbps, tre_latency_ns" },
	{ "set", "set strict on|off",
		"strict on: the first failed command ends the session (as --strict)" },
	{ "help", "help [<command>]", "the commands, or one command in detail" },
	{ "quit", "quit", "leave the shell (also: exit, end of input)" },
};

const char *const shell_command_names[] = {
	"list", "info", "configure", "start", "stop", "close", "copy", "copy_sg", "fill",
	"throughput", "vchan_status", "burst_capacity", "stats", "dump", "mgmt", "faults",
	"set", "help", "quit", NULL,
};

static const struct shell_help *
help_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(helps); i++)
		if (strcmp(helps[i].name, name) == 0)
			return &helps[i];
	if (strcmp(name, "exit") == 0)
		return help_find("quit");
	return NULL;
}

/* ------------------------------------------------------------ help, quit, set */

struct cmd_word {
	cmdline_fixed_string_t word;
	cmdline_fixed_string_t arg;
	cmdline_fixed_string_t arg2;
};

static void
cmd_help_fn(void *res, struct cmdline *cl)
{
	struct cmd_word *c = res;
	const struct shell_help *h;
	unsigned int i;

	if (c->arg[0] == '\0') {
		cmdline_printf(cl, "Commands (<dev>: dmadev id or name; <raw>: rawdev id or name; "
			"'help <command>' for details; TAB completes):\n");
		for (i = 0; i < RTE_DIM(helps); i++)
			cmdline_printf(cl, "  %s\n", helps[i].usage);
		return;
	}
	h = help_find(c->arg);
	if (h == NULL) {
		fail(cl, "no command '%s': 'help' lists them", c->arg);
		return;
	}
	cmdline_printf(cl, "usage: %s\n  %s\n", h->usage, h->text);
}

static cmdline_parse_token_string_t cmd_help_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_word, word, "help");
static struct shell_token cmd_help_arg = SHELL_TOKEN(struct cmd_word, arg, SHELL_TOK_COMMAND);
static cmdline_parse_inst_t cmd_help = {
	.f = dispatch, .data = HANDLER(cmd_help_fn),
	.help_str = "help: list the commands",
	.tokens = { (void *)&cmd_help_tok, NULL },
};
static cmdline_parse_inst_t cmd_help_one = {
	.f = dispatch, .data = HANDLER(cmd_help_fn),
	.help_str = "help <command>: one command in detail",
	.tokens = { (void *)&cmd_help_tok, (void *)&cmd_help_arg, NULL },
};

static void
cmd_quit_fn(void *res, struct cmdline *cl)
{
	RTE_SET_USED(res);
	cmdline_quit(cl);
}

static cmdline_parse_token_string_t cmd_quit_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_word, word, "quit#exit");
static cmdline_parse_inst_t cmd_quit = {
	.f = dispatch, .data = HANDLER(cmd_quit_fn),
	.help_str = "quit: leave the shell",
	.tokens = { (void *)&cmd_quit_tok, NULL },
};

static void
cmd_set_fn(void *res, struct cmdline *cl)
{
	struct cmd_word *c = res;
	bool on = strcmp(c->arg2, "on") == 0;

	if (strcmp(c->arg, "force") == 0)
		force_owner = on;
	else
		strict = on;
	cmdline_printf(cl, "%s %s\n", c->arg, on ? "on" : "off");
}

static cmdline_parse_token_string_t cmd_set_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_word, word, "set");
static cmdline_parse_token_string_t cmd_set_strict =
	TOKEN_STRING_INITIALIZER(struct cmd_word, arg, "strict#force");
static cmdline_parse_token_string_t cmd_set_onoff =
	TOKEN_STRING_INITIALIZER(struct cmd_word, arg2, "on#off");
static cmdline_parse_inst_t cmd_set = {
	.f = dispatch, .data = HANDLER(cmd_set_fn),
	.help_str = "set strict on|off: end the session at the first failed command; "
		"set force on|off: drive HIDMA channels another process owns",
	.tokens = { (void *)&cmd_set_tok, (void *)&cmd_set_strict, (void *)&cmd_set_onoff, NULL },
};

/* ------------------------------------------------------------ list */

static void
cmd_list_fn(void *res, struct cmdline *cl)
{
	char name[RTE_RAWDEV_NAME_MAX_LEN];
	struct rte_pmd_hidma_mgmt_info hinfo;
	struct rte_rawdev_info rinfo;
	struct rte_dma_info info;
	int16_t id;
	uint16_t r;

	RTE_SET_USED(res);
	cmdline_printf(cl, "dmadevs: %u\n", rte_dma_count_avail());
	RTE_DMA_FOREACH_DEV(id) {
		struct rte_dma_stats st;
		char buf[64];
		pid_t pid;

		if (rte_dma_info_get(id, &info) != 0)
			continue;
		cmdline_printf(cl, "  %d  %-24s numa %d  vchans %u/%u  %s", id, info.dev_name,
			info.numa_node, info.nb_vchans, info.max_vchans,
			is_started(id) ? "started" : info.nb_vchans == 0 ? "not configured" :
			"stopped");
		/* the owner record and live counters of HIDMA channels */
		if (owner_get(id, &pid) == 0) {
			cmdline_printf(cl, "  owner %s", pid == 0 ? "none" :
				owner_name(pid, buf, sizeof(buf)));
			if (info.nb_vchans != 0 && rte_dma_stats_get(id, RTE_DMA_ALL_VCHAN, &st) == 0)
				cmdline_printf(cl, "\n      submitted %" PRIu64 "  completed %" PRIu64
					"  errors %" PRIu64, st.submitted, st.completed, st.errors);
		}
		cmdline_printf(cl, "\n");
	}
	cmdline_printf(cl, "rawdevs: %u\n", rte_rawdev_count());
	for (r = 0; r < rte_rawdev_count(); r++) {
		memset(&rinfo, 0, sizeof(rinfo));
		if (rte_rawdev_info_get(r, &rinfo, 0) != 0)
			continue;
		shell_rawdev_name(r, name, sizeof(name));
		cmdline_printf(cl, "  %u  %-24s %s", r, name[0] != '\0' ? name : "?",
			rinfo.driver_name != NULL ? rinfo.driver_name : "?");
		if (rinfo.driver_name != NULL &&
				strcmp(rinfo.driver_name, RTE_PMD_HIDMA_MGMT_DRIVER_NAME) == 0 &&
				rte_pmd_hidma_mgmt_info_get(r, &hinfo) == 0)
			cmdline_printf(cl, "  %s, %u channel(s)", hinfo.enabled ? "enabled" :
				"disabled", hinfo.dma_channels);
		cmdline_printf(cl, "\n");
	}
}

static cmdline_parse_token_string_t cmd_list_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_word, word, "list");
static cmdline_parse_inst_t cmd_list = {
	.f = dispatch, .data = HANDLER(cmd_list_fn),
	.help_str = "list: dmadevs and rawdevs",
	.tokens = { (void *)&cmd_list_tok, NULL },
};

/* ------------------------------------------------------------ info, dump, start/stop/close */

struct cmd_dev {
	cmdline_fixed_string_t word;
	cmdline_fixed_string_t dev;
};

static struct shell_token cmd_dev_dev = SHELL_TOKEN(struct cmd_dev, dev, SHELL_TOK_DMADEV);

static void
cmd_info_fn(void *res, struct cmdline *cl)
{
	static const char *const capa[] = {
		"mem2mem", "mem2dev", "dev2mem", "dev2dev", "sva", "silent", "handles_errors",
	};
	struct cmd_dev *c = res;
	struct rte_dma_info info;
	unsigned int i;
	int id = dma_lookup(cl, c->dev);

	if (id < 0)
		return;
	if (rte_dma_info_get(id, &info) != 0) {
		fail(cl, "cannot read the information of dmadev %d", id);
		return;
	}
	cmdline_printf(cl, "dmadev %d: %s\n  numa_node %d, vchans %u of max %u, desc %u..%u, "
		"max_sges %u\n  capabilities:", id, info.dev_name, info.numa_node, info.nb_vchans,
		info.max_vchans, info.min_desc, info.max_desc, info.max_sges);
	for (i = 0; i < RTE_DIM(capa); i++)
		if (info.dev_capa & RTE_BIT64(i))
			cmdline_printf(cl, " %s", capa[i]);
	if (info.dev_capa & RTE_DMA_CAPA_OPS_COPY)
		cmdline_printf(cl, " copy");
	if (info.dev_capa & RTE_DMA_CAPA_OPS_COPY_SG)
		cmdline_printf(cl, " copy_sg");
	if (info.dev_capa & RTE_DMA_CAPA_OPS_FILL)
		cmdline_printf(cl, " fill");
	cmdline_printf(cl, "\n");
}

static cmdline_parse_token_string_t cmd_info_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_dev, word, "info");
static cmdline_parse_inst_t cmd_info = {
	.f = dispatch, .data = HANDLER(cmd_info_fn),
	.help_str = "info <dev>: capabilities and limits",
	.tokens = { (void *)&cmd_info_tok, (void *)&cmd_dev_dev, NULL },
};

static void
cmd_dump_fn(void *res, struct cmdline *cl)
{
	struct cmd_dev *c = res;
	int id = dma_lookup(cl, c->dev);

	if (id < 0)
		return;
	fflush(stdout);
	if (rte_dma_dump(id, stdout) != 0)
		fail(cl, "rte_dma_dump(%d) failed", id);
	fflush(stdout);
}

static cmdline_parse_token_string_t cmd_dump_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_dev, word, "dump");
static cmdline_parse_inst_t cmd_dump = {
	.f = dispatch, .data = HANDLER(cmd_dump_fn),
	.help_str = "dump <dev>: rte_dma_dump()",
	.tokens = { (void *)&cmd_dump_tok, (void *)&cmd_dev_dev, NULL },
};

/*
 * A HIDMA channel dmadev is named "<instance>-ch<N>" after its management
 * rawdev "<instance>": whatever stops that instance from running channels
 * is told before a start that would only time out.
 */
static int
hidma_start_check(struct cmdline *cl, int id, const char *dev_name)
{
	int (*engine_running)(const char *name);
	struct rte_pmd_hidma_mgmt_info hinfo;
	char inst[RTE_DEV_NAME_MAX_LEN];
	const char *p = strrchr(dev_name, '-');
	int mgmt;

	if (p == NULL || strncmp(p, "-ch", 3) != 0 || (size_t)(p - dev_name) >= sizeof(inst))
		return 0;
	memcpy(inst, dev_name, p - dev_name);
	inst[p - dev_name] = '\0';
	mgmt = rte_pmd_hidma_mgmt_dev_id(inst);
	if (mgmt < 0 || rte_pmd_hidma_mgmt_info_get(mgmt, &hinfo) != 0)
		return 0;
	if (!hinfo.enabled) {
		fail(cl, "cannot start dmadev %d (%s): its HIDMA instance %s is disabled; "
			"'mgmt start %s' enables it", id, dev_name, inst, inst);
		return -1;
	}
	engine_running = plugin_sym("rte_pmd_hidma_model_engine_running");
	if (engine_running != NULL && engine_running(inst) == 0) {
		fail(cl, "cannot start dmadev %d (%s): the engine of the emulated instance %s does "
			"not run (engine=service and no service lcore runs it); give EAL a service "
			"lcore, e.g. -l 0-1 -s 0x2", id, dev_name, inst);
		return -1;
	}
	return 0;
}

static void
cmd_state_fn(void *res, struct cmdline *cl)
{
	struct cmd_dev *c = res;
	struct rte_dma_info info;
	int id = dma_lookup(cl, c->dev);
	int ret;

	if (id < 0)
		return;
	if (rte_dma_info_get(id, &info) != 0) {
		fail(cl, "cannot read the information of dmadev %d", id);
		return;
	}
	if (strcmp(c->word, "start") == 0) {
		if (info.nb_vchans == 0) {
			fail(cl, "dmadev %d (%s) is not configured: 'configure %d <nb_vchans> "
				"<nb_desc>' first", id, info.dev_name, id);
			return;
		}
		if (hidma_start_check(cl, id, info.dev_name) != 0)
			return;
		ret = rte_dma_start(id);
		if (ret == 0)
			started[id] = true;
	} else if (strcmp(c->word, "stop") == 0) {
		ret = rte_dma_stop(id);
		if (ret == 0) {
			started[id] = false;
			stale_forget(cl, id, false);
		}
	} else {
		if (started[id]) {
			fail(cl, "dmadev %d (%s) is started: 'stop %d' first", id, info.dev_name,
				id);
			return;
		}
		ret = rte_dma_close(id);
		if (ret == 0)
			stale_forget(cl, id, true);
	}
	if (ret != 0)
		fail(cl, "%s %d (%s): %s (the driver's log above may say more)", c->word, id,
			info.dev_name, strerror(-ret));
	else
		cmdline_printf(cl, "%s %d: done\n", c->word, id);
}

static cmdline_parse_token_string_t cmd_state_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_dev, word, "start#stop#close");
static cmdline_parse_inst_t cmd_state = {
	.f = dispatch, .data = HANDLER(cmd_state_fn),
	.help_str = "start|stop|close <dev>",
	.tokens = { (void *)&cmd_state_tok, (void *)&cmd_dev_dev, NULL },
};

/* ------------------------------------------------------------ configure */

struct cmd_configure {
	cmdline_fixed_string_t word;
	cmdline_fixed_string_t dev;
	uint16_t nb_vchans;
	uint16_t nb_desc;
};

static void
cmd_configure_fn(void *res, struct cmdline *cl)
{
	struct cmd_configure *c = res;
	struct rte_dma_conf conf = { .nb_vchans = c->nb_vchans };
	struct rte_dma_vchan_conf q = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = c->nb_desc,
	};
	struct rte_dma_info info;
	int id = dma_lookup(cl, c->dev);
	uint16_t v;
	int ret;

	if (id < 0)
		return;
	if (rte_dma_info_get(id, &info) != 0) {
		fail(cl, "cannot read the information of dmadev %d", id);
		return;
	}
	if (started[id]) {
		fail(cl, "dmadev %d (%s) is started: 'stop %d' first", id, info.dev_name, id);
		return;
	}
	if (c->nb_vchans < 1 || c->nb_vchans > info.max_vchans) {
		fail(cl, "dmadev %d (%s) has 1..%u vchans, not %u", id, info.dev_name,
			info.max_vchans, c->nb_vchans);
		return;
	}
	if (c->nb_desc < info.min_desc || c->nb_desc > info.max_desc) {
		fail(cl, "dmadev %d (%s) takes %u..%u descriptors per vchan, not %u", id,
			info.dev_name, info.min_desc, info.max_desc, c->nb_desc);
		return;
	}
	ret = rte_dma_configure(id, &conf);
	if (ret != 0) {
		fail(cl, "rte_dma_configure(%d, %u vchans): %s", id, c->nb_vchans, strerror(-ret));
		return;
	}
	for (v = 0; v < c->nb_vchans; v++) {
		ret = rte_dma_vchan_setup(id, v, &q);
		if (ret != 0) {
			fail(cl, "rte_dma_vchan_setup(%d, %u, %u desc): %s", id, v, c->nb_desc,
				strerror(-ret));
			return;
		}
	}
	cmdline_printf(cl, "configure %d: %u mem2mem vchan(s) of %u descriptors\n", id,
		c->nb_vchans, c->nb_desc);
}

static cmdline_parse_token_string_t cmd_configure_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_configure, word, "configure");
static struct shell_token cmd_configure_dev =
	SHELL_TOKEN(struct cmd_configure, dev, SHELL_TOK_DMADEV);
static cmdline_parse_token_num_t cmd_configure_nbv =
	TOKEN_NUM_INITIALIZER(struct cmd_configure, nb_vchans, RTE_UINT16);
static cmdline_parse_token_num_t cmd_configure_nbd =
	TOKEN_NUM_INITIALIZER(struct cmd_configure, nb_desc, RTE_UINT16);
static cmdline_parse_inst_t cmd_configure = {
	.f = dispatch, .data = HANDLER(cmd_configure_fn),
	.help_str = "configure <dev> <nb_vchans> <nb_desc>: mem-to-mem vchans",
	.tokens = { (void *)&cmd_configure_tok, (void *)&cmd_configure_dev,
		(void *)&cmd_configure_nbv, (void *)&cmd_configure_nbd, NULL },
};

/* ------------------------------------------------------------ copy, fill, copy_sg */

struct cmd_job {
	cmdline_fixed_string_t word;
	cmdline_fixed_string_t dev;
	cmdline_fixed_string_t vchan;
	uint64_t pattern;	/* fill */
	uint16_t nb_src;	/* copy_sg */
	uint16_t nb_dst;	/* copy_sg */
	uint32_t len;
	uint32_t count;
	uint32_t batch;		/* throughput */
};

static void
run_cmd(struct cmdline *cl, struct cmd_job *c, enum job_kind kind)
{
	struct rte_dma_info info;
	struct jobset *js;
	uint16_t vchan;
	int id;

	id = vchan_check(cl, c->dev, c->vchan, NEED_OWNED, &info, &vchan);
	if (id < 0)
		return;
	if (c->count < 1 || c->count > MAX_JOBS || c->len < 1 || c->len > MAX_LEN) {
		fail(cl, "count must be 1..%d and len 1..%u", MAX_JOBS, MAX_LEN);
		return;
	}
	if (kind == JOB_FILL && !(info.dev_capa & RTE_DMA_CAPA_OPS_FILL)) {
		fail(cl, "dmadev %d (%s) has no fill operation", id, info.dev_name);
		return;
	}
	if (kind == JOB_SG) {
		uint16_t max = RTE_MIN(info.max_sges, (uint16_t)MAX_SGE);

		if (!(info.dev_capa & RTE_DMA_CAPA_OPS_COPY_SG)) {
			fail(cl, "dmadev %d (%s) has no scatter-gather copy", id, info.dev_name);
			return;
		}
		if (c->nb_src < 1 || c->nb_src > max || c->nb_dst < 1 || c->nb_dst > max) {
			fail(cl, "nb_src and nb_dst must be 1..%u on dmadev %d", max, id);
			return;
		}
		if (c->len < RTE_MAX(c->nb_src, c->nb_dst)) {
			fail(cl, "len %u is shorter than the %u segments", c->len,
				RTE_MAX(c->nb_src, c->nb_dst));
			return;
		}
	}
	if (stale_drain(cl, id, vchan) != 0)
		return;
	js = calloc(1, sizeof(*js));
	if (js == NULL) {
		fail(cl, "out of memory");
		return;
	}
	js->dev = id;
	js->vchan = vchan;
	js->kind = kind;
	js->len = c->len;
	js->buf_len = c->len;
	js->pattern = c->pattern;
	if (kind == JOB_SG) {
		js->nb_src = c->nb_src;
		js->nb_dst = c->nb_dst;
		js->buf_len = c->len + (RTE_MAX(c->nb_src, c->nb_dst) - 1) * SG_GAP;
	}
	if (jobset_alloc(cl, js, c->count) != 0) {
		jobset_free(js);
		return;
	}
	jobs_run(cl, js, c->word);
}

static void
cmd_copy_fn(void *res, struct cmdline *cl)
{
	run_cmd(cl, res, JOB_COPY);
}

static void
cmd_fill_fn(void *res, struct cmdline *cl)
{
	run_cmd(cl, res, JOB_FILL);
}

static void
cmd_copy_sg_fn(void *res, struct cmdline *cl)
{
	run_cmd(cl, res, JOB_SG);
}

static struct shell_token cmd_job_dev = SHELL_TOKEN(struct cmd_job, dev, SHELL_TOK_DMADEV);
static struct shell_token cmd_job_vchan = SHELL_TOKEN(struct cmd_job, vchan, SHELL_TOK_VCHAN);
static cmdline_parse_token_num_t cmd_job_pattern =
	TOKEN_NUM_INITIALIZER(struct cmd_job, pattern, RTE_UINT64);
static cmdline_parse_token_num_t cmd_job_nb_src =
	TOKEN_NUM_INITIALIZER(struct cmd_job, nb_src, RTE_UINT16);
static cmdline_parse_token_num_t cmd_job_nb_dst =
	TOKEN_NUM_INITIALIZER(struct cmd_job, nb_dst, RTE_UINT16);
static cmdline_parse_token_num_t cmd_job_len =
	TOKEN_NUM_INITIALIZER(struct cmd_job, len, RTE_UINT32);
static cmdline_parse_token_num_t cmd_job_count =
	TOKEN_NUM_INITIALIZER(struct cmd_job, count, RTE_UINT32);
static cmdline_parse_token_num_t cmd_job_batch =
	TOKEN_NUM_INITIALIZER(struct cmd_job, batch, RTE_UINT32);

static cmdline_parse_token_string_t cmd_copy_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_job, word, "copy");
static cmdline_parse_inst_t cmd_copy = {
	.f = dispatch, .data = HANDLER(cmd_copy_fn),
	.help_str = "copy <dev> <vchan> <len> <count>: copies, waited for and verified",
	.tokens = { (void *)&cmd_copy_tok, (void *)&cmd_job_dev, (void *)&cmd_job_vchan,
		(void *)&cmd_job_len, (void *)&cmd_job_count, NULL },
};

static cmdline_parse_token_string_t cmd_copy_sg_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_job, word, "copy_sg");
static cmdline_parse_inst_t cmd_copy_sg = {
	.f = dispatch, .data = HANDLER(cmd_copy_sg_fn),
	.help_str = "copy_sg <dev> <vchan> <nb_src> <nb_dst> <len> <count>: scatter-gather copies",
	.tokens = { (void *)&cmd_copy_sg_tok, (void *)&cmd_job_dev, (void *)&cmd_job_vchan,
		(void *)&cmd_job_nb_src, (void *)&cmd_job_nb_dst, (void *)&cmd_job_len,
		(void *)&cmd_job_count, NULL },
};

static cmdline_parse_token_string_t cmd_fill_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_job, word, "fill");
static cmdline_parse_inst_t cmd_fill = {
	.f = dispatch, .data = HANDLER(cmd_fill_fn),
	.help_str = "fill <dev> <vchan> <pattern> <len> <count>: fills, waited for and verified",
	.tokens = { (void *)&cmd_fill_tok, (void *)&cmd_job_dev, (void *)&cmd_job_vchan,
		(void *)&cmd_job_pattern, (void *)&cmd_job_len, (void *)&cmd_job_count, NULL },
};

/* ------------------------------------------------------------ throughput */

struct mmio_stats {
	uint64_t reads;
	uint64_t writes;
};

static void
cmd_throughput_fn(void *res, struct cmdline *cl)
{
	int (*mmio_get)(int16_t dev_id, struct mmio_stats *st);
	struct cmd_job *c = res;
	enum rte_dma_status_code st[REAP_BURST];
	struct status_count sc = { { 0 } };
	struct mmio_stats m0 = { 0 }, m1 = { 0 };
	struct rte_dma_info info;
	struct jobset *js;
	uint64_t enq = 0, done = 0, t0, t1, stall, hz = rte_get_timer_hz();
	unsigned int nbuf, b, k;
	uint32_t align;
	uint16_t vchan, n, last;
	bool mmio;
	int id, ret = 0;

	id = vchan_check(cl, c->dev, c->vchan, NEED_OWNED, &info, &vchan);
	if (id < 0)
		return;
	if (c->len < 1 || c->len > MAX_LEN || c->count < 1 || c->batch < 1 ||
			c->batch > UINT16_MAX) {
		fail(cl, "len must be 1..%u, jobs at least 1 and batch 1..%u", MAX_LEN, UINT16_MAX);
		return;
	}
	if (stale_drain(cl, id, vchan) != 0)
		return;
	/* buffers are reused round robin: a few MiB whatever the job count */
	align = RTE_MAX(rte_align32pow2(c->len), (uint32_t)RTE_CACHE_LINE_SIZE);
	nbuf = RTE_MAX(1u, RTE_MIN(RTE_MIN(c->count, (uint32_t)TPUT_BUFS),
			TPUT_MEM / (2 * align)));
	js = calloc(1, sizeof(*js));
	if (js == NULL) {
		fail(cl, "out of memory");
		return;
	}
	js->dev = id;
	js->vchan = vchan;
	js->kind = JOB_TPUT;
	js->len = js->buf_len = c->len;
	if (jobset_alloc(cl, js, nbuf) != 0) {
		jobset_free(js);
		return;
	}

	mmio_get = plugin_sym("rte_pmd_hidma_mmio_stats_get");
	mmio = mmio_get != NULL && mmio_get(id, &m0) == 0;
	t0 = rte_get_timer_cycles();
	stall = t0;
	b = 0;
	while (done < c->count) {
		/* one batch, one doorbell */
		for (k = 0; k < c->batch && enq < c->count; k++) {
			ret = job_enqueue(js, b, 0);
			if (ret < 0)
				break;
			b = (b + 1) % nbuf;
			enq++;
		}
		if (ret < 0 && ret != -ENOSPC)
			break;
		if (k > 0)
			rte_dma_submit(id, vchan);
		n = rte_dma_completed_status(id, vchan, REAP_BURST, &last, st);
		for (k = 0; k < n; k++)
			status_add(&sc, st[k]);
		done += n;
		/* bounded by progress, not by the run's length */
		if (n > 0)
			stall = rte_get_timer_cycles();
		else if (rte_get_timer_cycles() - stall > hz * WAIT_MS / 1000)
			break;
	}
	t1 = rte_get_timer_cycles();
	if (mmio)
		mmio = mmio_get(id, &m1) == 0;
	js->outstanding = enq - done;
	if (ret < 0 && ret != -ENOSPC)
		fail(cl, "throughput: job %" PRIu64 " refused: %s", enq, strerror(-ret));
	if (done < enq) {
		fail(cl, "%" PRIu64 " of %" PRIu64 " job(s) not completed: no completion for "
			"%d ms; their buffers are kept until they complete ('stop %d' drops them)",
			enq - done, enq, WAIT_MS, id);
		stale_keep(js);
		js = NULL;
	}
	if (done > 0) {
		double s = (double)(t1 - t0) / hz;

		cmdline_printf(cl, "throughput %d/%u: %" PRIu64 " job(s) of %u B in batches of %u: "
			"%.3f s, %.3f Mops, %.3f GB/s\n", id, vchan, done, c->len, c->batch, s,
			done / s / 1e6, (double)done * c->len / s / 1e9);
		if (mmio)
			cmdline_printf(cl, "  MMIO per job: %.2f reads, %.2f writes\n",
				(double)(m1.reads - m0.reads) / done,
				(double)(m1.writes - m0.writes) / done);
		else
			cmdline_printf(cl, "  MMIO per job: n/a\n");
		if (status_print(cl, &sc) != 0)
			fail(cl, "%" PRIu64 " of %" PRIu64 " job(s) failed",
				done - sc.n[RTE_DMA_STATUS_SUCCESSFUL], done);
	}
	/* every buffer was last written by a successful copy of its source */
	if (js != NULL && sc.n[RTE_DMA_STATUS_SUCCESSFUL] == done && done == c->count)
		for (b = 0; b < RTE_MIN(nbuf, (unsigned int)done); b++)
			if (job_verify(cl, js, b, "throughput") != 0)
				break;
	jobset_free(js);
}

static cmdline_parse_token_string_t cmd_throughput_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_job, word, "throughput");
static cmdline_parse_inst_t cmd_throughput = {
	.f = dispatch, .data = HANDLER(cmd_throughput_fn),
	.help_str = "throughput <dev> <vchan> <len> <jobs> <batch>: Mops, GB/s, statuses",
	.tokens = { (void *)&cmd_throughput_tok, (void *)&cmd_job_dev, (void *)&cmd_job_vchan,
		(void *)&cmd_job_len, (void *)&cmd_job_count, (void *)&cmd_job_batch, NULL },
};

/* ------------------------------------------------------------ vchan_status, burst_capacity */

struct cmd_vchan {
	cmdline_fixed_string_t word;
	cmdline_fixed_string_t dev;
	cmdline_fixed_string_t vchan;
};

static void
cmd_vchan_status_fn(void *res, struct cmdline *cl)
{
	static const char *const names[] = {
		[RTE_DMA_VCHAN_IDLE] = "idle",
		[RTE_DMA_VCHAN_ACTIVE] = "active",
		[RTE_DMA_VCHAN_HALTED_ERROR] = "halted_error",
	};
	struct cmd_vchan *c = res;
	enum rte_dma_vchan_status vs;
	struct rte_dma_info info;
	uint16_t vchan;
	int id, ret;

	id = vchan_check(cl, c->dev, c->vchan, NEED_CONFIGURED, &info, &vchan);
	if (id < 0)
		return;
	ret = rte_dma_vchan_status(id, vchan, &vs);
	if (ret != 0) {
		fail(cl, "vchan_status %d/%u: %s", id, vchan, ret == -ENOTSUP ?
			"the driver does not report vchan status" : strerror(-ret));
		return;
	}
	cmdline_printf(cl, "vchan_status %d/%u: %s (device %s)\n", id, vchan,
		(unsigned int)vs < RTE_DIM(names) ? names[vs] : "unknown",
		started[id] ? "started" : "stopped");
}

static void
cmd_burst_capacity_fn(void *res, struct cmdline *cl)
{
	struct cmd_vchan *c = res;
	struct rte_dma_info info;
	uint16_t vchan;
	int id;

	/* a fast-path call: started devices only */
	id = vchan_check(cl, c->dev, c->vchan, NEED_STARTED, &info, &vchan);
	if (id < 0)
		return;
	cmdline_printf(cl, "burst_capacity %d/%u: %u\n", id, vchan,
		rte_dma_burst_capacity(id, vchan));
}

static struct shell_token cmd_vchan_dev = SHELL_TOKEN(struct cmd_vchan, dev, SHELL_TOK_DMADEV);
static struct shell_token cmd_vchan_vchan =
	SHELL_TOKEN(struct cmd_vchan, vchan, SHELL_TOK_VCHAN);
static cmdline_parse_token_string_t cmd_vchan_status_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_vchan, word, "vchan_status");
static cmdline_parse_inst_t cmd_vchan_status = {
	.f = dispatch, .data = HANDLER(cmd_vchan_status_fn),
	.help_str = "vchan_status <dev> <vchan>: idle, active or halted_error",
	.tokens = { (void *)&cmd_vchan_status_tok, (void *)&cmd_vchan_dev,
		(void *)&cmd_vchan_vchan, NULL },
};
static cmdline_parse_token_string_t cmd_burst_capacity_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_vchan, word, "burst_capacity");
static cmdline_parse_inst_t cmd_burst_capacity = {
	.f = dispatch, .data = HANDLER(cmd_burst_capacity_fn),
	.help_str = "burst_capacity <dev> <vchan>: jobs the vchan takes now",
	.tokens = { (void *)&cmd_burst_capacity_tok, (void *)&cmd_vchan_dev,
		(void *)&cmd_vchan_vchan, NULL },
};

/* ------------------------------------------------------------ stats */

static void
cmd_stats_fn(void *res, struct cmdline *cl)
{
	struct cmd_dev *c = res;
	struct rte_dma_stats s;
	int id = dma_lookup(cl, c->dev);
	int ret;

	if (id < 0)
		return;
	ret = rte_dma_stats_get(id, RTE_DMA_ALL_VCHAN, &s);
	if (ret != 0) {
		fail(cl, "rte_dma_stats_get(%d): %s", id, ret == -EINVAL ?
			"not configured yet ('configure' first)" : strerror(-ret));
		return;
	}
	cmdline_printf(cl, "stats %d: submitted %" PRIu64 " completed %" PRIu64 " errors %" PRIu64
		"\n", id, s.submitted, s.completed, s.errors);
}

static cmdline_parse_token_string_t cmd_stats_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_dev, word, "stats");
static cmdline_parse_inst_t cmd_stats = {
	.f = dispatch, .data = HANDLER(cmd_stats_fn),
	.help_str = "stats <dev>: all vchans",
	.tokens = { (void *)&cmd_stats_tok, (void *)&cmd_dev_dev, NULL },
};

struct cmd_stats_reset {
	cmdline_fixed_string_t word;
	cmdline_fixed_string_t reset;
	cmdline_fixed_string_t dev;
};

static void
cmd_stats_reset_fn(void *res, struct cmdline *cl)
{
	struct cmd_stats_reset *c = res;
	int id = dma_lookup(cl, c->dev);
	int ret;

	if (id < 0)
		return;
	ret = rte_dma_stats_reset(id, RTE_DMA_ALL_VCHAN);
	if (ret != 0)
		fail(cl, "rte_dma_stats_reset(%d): %s", id, strerror(-ret));
	else
		cmdline_printf(cl, "stats %d: reset\n", id);
}

static cmdline_parse_token_string_t cmd_stats_reset_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_stats_reset, word, "stats");
static cmdline_parse_token_string_t cmd_stats_reset_tok2 =
	TOKEN_STRING_INITIALIZER(struct cmd_stats_reset, reset, "reset");
static struct shell_token cmd_stats_reset_dev =
	SHELL_TOKEN(struct cmd_stats_reset, dev, SHELL_TOK_DMADEV);
static cmdline_parse_inst_t cmd_stats_reset = {
	.f = dispatch, .data = HANDLER(cmd_stats_reset_fn),
	.help_str = "stats reset <dev>",
	.tokens = { (void *)&cmd_stats_reset_tok, (void *)&cmd_stats_reset_tok2,
		(void *)&cmd_stats_reset_dev, NULL },
};

/* ------------------------------------------------------------ mgmt (rawdev) */

struct cmd_mgmt {
	cmdline_fixed_string_t word;
	cmdline_fixed_string_t op;
	cmdline_fixed_string_t raw;
	cmdline_fixed_string_t attr;
	uint64_t value;
};

static void
mgmt_state(struct cmdline *cl, int id)
{
	struct rte_pmd_hidma_mgmt_info hinfo;
	char name[RTE_RAWDEV_NAME_MAX_LEN];

	shell_rawdev_name(id, name, sizeof(name));
	if (rte_pmd_hidma_mgmt_dev_id(name) == id && rte_pmd_hidma_mgmt_info_get(id, &hinfo) == 0)
		cmdline_printf(cl, "mgmt %d (%s): instance %s\n", id, name,
			hinfo.enabled ? "enabled" : "disabled");
}

static void
cmd_mgmt_fn(void *res, struct cmdline *cl)
{
	struct cmd_mgmt *c = res;
	uint64_t v = 0;
	int id = raw_lookup(cl, c->raw);
	int ret;

	if (id < 0)
		return;
	if (strcmp(c->op, "get") == 0) {
		ret = rte_rawdev_get_attr(id, c->attr, &v);
		if (ret != 0)
			fail(cl, "get %s: %s", c->attr, ret == -EINVAL ?
				"no such attribute (TAB lists them)" : strerror(-ret));
		else
			cmdline_printf(cl, "%s = %" PRIu64 " (0x%" PRIx64 ")\n", c->attr, v, v);
	} else if (strcmp(c->op, "set") == 0) {
		ret = rte_rawdev_set_attr(id, c->attr, c->value);
		if (ret != 0)
			fail(cl, "set %s = %" PRIu64 ": %s", c->attr, c->value, ret == -EINVAL ?
				"no such attribute or value out of range (the driver's log says "
				"which)" : ret == -EPERM ? "read-only attribute" : strerror(-ret));
		else
			cmdline_printf(cl, "%s set to %" PRIu64 "\n", c->attr, c->value);
	} else if (strcmp(c->op, "dump") == 0) {
		fflush(stdout);
		ret = rte_rawdev_dump(id, stdout);
		fflush(stdout);
		if (ret != 0)
			fail(cl, "rte_rawdev_dump(%d): %s", id, strerror(-ret));
	} else {
		if (strcmp(c->op, "start") == 0) {
			ret = rte_rawdev_start(id);
		} else if (strcmp(c->op, "stop") == 0) {
			rte_rawdev_stop(id);
			ret = 0;
		} else {
			ret = rte_rawdev_reset(id);
		}
		if (ret != 0) {
			fail(cl, "mgmt %s %d: %s", c->op, id, strerror(-ret));
			return;
		}
		cmdline_printf(cl, "mgmt %s %d: done\n", c->op, id);
		mgmt_state(cl, id);
	}
}

static cmdline_parse_token_string_t cmd_mgmt_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_mgmt, word, "mgmt");
static cmdline_parse_token_string_t cmd_mgmt_get =
	TOKEN_STRING_INITIALIZER(struct cmd_mgmt, op, "get");
static cmdline_parse_token_string_t cmd_mgmt_set =
	TOKEN_STRING_INITIALIZER(struct cmd_mgmt, op, "set");
static cmdline_parse_token_string_t cmd_mgmt_dump =
	TOKEN_STRING_INITIALIZER(struct cmd_mgmt, op, "dump#start#stop#reset");
static struct shell_token cmd_mgmt_raw = SHELL_TOKEN(struct cmd_mgmt, raw, SHELL_TOK_RAWDEV);
static struct shell_token cmd_mgmt_attr = SHELL_TOKEN(struct cmd_mgmt, attr, SHELL_TOK_ATTR);
static cmdline_parse_token_num_t cmd_mgmt_value =
	TOKEN_NUM_INITIALIZER(struct cmd_mgmt, value, RTE_UINT64);

static cmdline_parse_inst_t cmd_mgmt_get_inst = {
	.f = dispatch, .data = HANDLER(cmd_mgmt_fn),
	.help_str = "mgmt get <raw> <attr>: rte_rawdev_get_attr()",
	.tokens = { (void *)&cmd_mgmt_tok, (void *)&cmd_mgmt_get, (void *)&cmd_mgmt_raw,
		(void *)&cmd_mgmt_attr, NULL },
};
static cmdline_parse_inst_t cmd_mgmt_set_inst = {
	.f = dispatch, .data = HANDLER(cmd_mgmt_fn),
	.help_str = "mgmt set <raw> <attr> <value>: rte_rawdev_set_attr()",
	.tokens = { (void *)&cmd_mgmt_tok, (void *)&cmd_mgmt_set, (void *)&cmd_mgmt_raw,
		(void *)&cmd_mgmt_attr, (void *)&cmd_mgmt_value, NULL },
};
static cmdline_parse_inst_t cmd_mgmt_dump_inst = {
	.f = dispatch, .data = HANDLER(cmd_mgmt_fn),
	.help_str = "mgmt dump|start|stop|reset <raw>",
	.tokens = { (void *)&cmd_mgmt_tok, (void *)&cmd_mgmt_dump, (void *)&cmd_mgmt_raw, NULL },
};

/* ------------------------------------------------------------ faults */

const char *const shell_fault_names[] = {
	"fail_every", "fail_ppm", "fail_errinfo", "reset_hangs", "bw_mbps", "tre_latency_ns",
	NULL,
};

struct cmd_faults {
	cmdline_fixed_string_t word;
	cmdline_fixed_string_t inst;
	cmdline_fixed_string_t key;
	uint64_t value;
};

typedef int (*faults_get_t)(const char *, struct rte_pmd_hidma_model_faults *);
typedef int (*faults_set_t)(const char *, const struct rte_pmd_hidma_model_faults *);

static void
cmd_faults_fn(void *res, struct cmdline *cl)
{
	static const char *const errinfo[] = {
		"source read", "source read", "destination write", "opcode", "length", "channel",
	};
	struct cmd_faults *c = res;
	struct rte_pmd_hidma_model_faults f;
	faults_get_t get = (faults_get_t)plugin_sym("rte_pmd_hidma_model_faults_get");
	faults_set_t set = (faults_set_t)plugin_sym("rte_pmd_hidma_model_faults_set");
	int ret;

	if (get == NULL || set == NULL) {
		fail(cl, "faults: the HIDMA management driver is not loaded "
			"(EAL -d <plugin dir> --vdev hidma_model0)");
		return;
	}
	ret = get(c->inst, &f);
	if (ret != 0) {
		fail(cl, "'%s' is not an emulated HIDMA instance (--vdev hidma_model<N>): %s",
			c->inst, strerror(-ret));
		return;
	}
	if (strcmp(c->key, "off") == 0) {
		memset(&f, 0, sizeof(f));
	} else if (c->key[0] != '\0') {
		uint64_t v = c->value;

		if (strcmp(c->key, "fail_every") == 0 && v <= UINT32_MAX)
			f.fail_every = v;
		else if (strcmp(c->key, "fail_ppm") == 0 && v <= RTE_PMD_HIDMA_MODEL_FAIL_PPM_MAX)
			f.fail_ppm = v;
		else if (strcmp(c->key, "fail_errinfo") == 0 &&
				v <= RTE_PMD_HIDMA_MODEL_ERRINFO_CHID)
			f.fail_errinfo = v;
		else if (strcmp(c->key, "reset_hangs") == 0 && v <= 1)
			f.reset_hangs = v;
		else if (strcmp(c->key, "bw_mbps") == 0 && v <= RTE_PMD_HIDMA_MODEL_BW_MBPS_MAX)
			f.bw_mbps = v;
		else if (strcmp(c->key, "tre_latency_ns") == 0 &&
				v <= RTE_PMD_HIDMA_MODEL_LATENCY_NS_MAX)
			f.tre_latency_ns = v;
		else {
			unsigned int i;

			for (i = 0; shell_fault_names[i] != NULL; i++)
				if (strcmp(shell_fault_names[i], c->key) == 0)
					break;
			if (shell_fault_names[i] == NULL)
				fail(cl, "no fault setting '%s': one of fail_every, "
					"fail_ppm, fail_errinfo, reset_hangs, bw_mbps, "
					"tre_latency_ns", c->key);
			else
				fail(cl, "%s %" PRIu64 " out of range: fail_every "
					"0..4294967295, fail_ppm 0..1000000, fail_errinfo 0..5, "
					"reset_hangs 0..1, bw_mbps 0..1000000, tre_latency_ns "
					"0..1000000000", c->key, v);
			return;
		}
	}
	if (c->key[0] != '\0') {
		ret = set(c->inst, &f);
		if (ret != 0) {
			fail(cl, "faults %s: %s", c->inst, strerror(-ret));
			return;
		}
	}
	cmdline_printf(cl, "faults %s: fail_every %u fail_ppm %u fail_errinfo %u (%s) "
		"reset_hangs %u bw_mbps %u tre_latency_ns %" PRIu64 "\n", c->inst, f.fail_every,
		f.fail_ppm, f.fail_errinfo, f.fail_errinfo < RTE_DIM(errinfo) ?
		errinfo[f.fail_errinfo] : "?", f.reset_hangs, f.bw_mbps, f.tre_latency_ns);
}

static cmdline_parse_token_string_t cmd_faults_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_faults, word, "faults");
static struct shell_token cmd_faults_inst =
	SHELL_TOKEN(struct cmd_faults, inst, SHELL_TOK_INSTANCE);
static cmdline_parse_token_string_t cmd_faults_off =
	TOKEN_STRING_INITIALIZER(struct cmd_faults, key, "off");
static struct shell_token cmd_faults_key = SHELL_TOKEN(struct cmd_faults, key, SHELL_TOK_FAULT);
static cmdline_parse_token_num_t cmd_faults_value =
	TOKEN_NUM_INITIALIZER(struct cmd_faults, value, RTE_UINT64);

static cmdline_parse_inst_t cmd_faults_show = {
	.f = dispatch, .data = HANDLER(cmd_faults_fn),
	.help_str = "faults <instance>: fault settings of an emulated instance",
	.tokens = { (void *)&cmd_faults_tok, (void *)&cmd_faults_inst, NULL },
};
static cmdline_parse_inst_t cmd_faults_clear = {
	.f = dispatch, .data = HANDLER(cmd_faults_fn),
	.help_str = "faults <instance> off: no fault any more",
	.tokens = { (void *)&cmd_faults_tok, (void *)&cmd_faults_inst, (void *)&cmd_faults_off,
		NULL },
};
static cmdline_parse_inst_t cmd_faults_set = {
	.f = dispatch, .data = HANDLER(cmd_faults_fn),
	.help_str = "faults <instance> <setting> <value>: change one setting",
	.tokens = { (void *)&cmd_faults_tok, (void *)&cmd_faults_inst, (void *)&cmd_faults_key,
		(void *)&cmd_faults_value, NULL },
};

/* ------------------------------------------------------------ lines no command takes */

static void
cmd_reject_fn(void *res, struct cmdline *cl)
{
	struct shell_reject *r = res;
	const struct shell_help *h = help_find(r->word);

	if (r->err == CMDLINE_PARSE_AMBIGUOUS)
		fail(cl, "ambiguous command");
	else if (h == NULL)
		fail(cl, "unknown command '%s': 'help' lists the commands", r->word);
	else
		fail(cl, "bad arguments for %s; usage: %s", r->word, h->usage);
}

static struct shell_token cmd_reject_tok = SHELL_TOKEN(struct shell_reject, err, SHELL_TOK_REJECT);
static cmdline_parse_inst_t cmd_reject = {
	.f = dispatch, .data = HANDLER(cmd_reject_fn),
	.help_str = NULL,
	.tokens = { (void *)&cmd_reject_tok, NULL },
};

/* ------------------------------------------------------------ tables */

/* "stats reset" and "faults <i> off" parse as one command only: no ambiguity */
cmdline_parse_ctx_t dma_shell_ctx[] = {
	(cmdline_parse_inst_t *)&cmd_help,
	(cmdline_parse_inst_t *)&cmd_help_one,
	(cmdline_parse_inst_t *)&cmd_quit,
	(cmdline_parse_inst_t *)&cmd_set,
	(cmdline_parse_inst_t *)&cmd_list,
	(cmdline_parse_inst_t *)&cmd_info,
	(cmdline_parse_inst_t *)&cmd_dump,
	(cmdline_parse_inst_t *)&cmd_state,
	(cmdline_parse_inst_t *)&cmd_configure,
	(cmdline_parse_inst_t *)&cmd_copy,
	(cmdline_parse_inst_t *)&cmd_copy_sg,
	(cmdline_parse_inst_t *)&cmd_fill,
	(cmdline_parse_inst_t *)&cmd_throughput,
	(cmdline_parse_inst_t *)&cmd_vchan_status,
	(cmdline_parse_inst_t *)&cmd_burst_capacity,
	(cmdline_parse_inst_t *)&cmd_stats_reset,
	(cmdline_parse_inst_t *)&cmd_stats,
	(cmdline_parse_inst_t *)&cmd_mgmt_get_inst,
	(cmdline_parse_inst_t *)&cmd_mgmt_set_inst,
	(cmdline_parse_inst_t *)&cmd_mgmt_dump_inst,
	(cmdline_parse_inst_t *)&cmd_faults_show,
	(cmdline_parse_inst_t *)&cmd_faults_clear,
	(cmdline_parse_inst_t *)&cmd_faults_set,
	/* last: takes any line no command above parses */
	(cmdline_parse_inst_t *)&cmd_reject,
	NULL,
};

/* the same without the catch-all; filled by dma_shell_init() */
cmdline_parse_ctx_t shell_commands[RTE_DIM(dma_shell_ctx) - 1];

/* ------------------------------------------------------------ entry points */

int
dma_shell_init(void)
{
	unsigned int i;

	if (shell_checker != NULL)
		return 0;
	/* every command but the catch-all, which is second to last */
	for (i = 0; i < RTE_DIM(shell_commands) - 1; i++)
		shell_commands[i] = dma_shell_ctx[i];
	shell_commands[i] = NULL;
	/* no input, no output: it only tells whether a line parses */
	shell_checker = cmdline_new(shell_commands, "", -1, -1);
	return shell_checker != NULL ? 0 : -ENOMEM;
}

int
dma_shell_exec(struct cmdline *cl, const char *line)
{
	unsigned int before = nb_failed;
	int ret;

	ret = cmdline_parse(cl, line);
	if (ret == CMDLINE_PARSE_AMBIGUOUS || ret == CMDLINE_PARSE_NOMATCH ||
			ret == CMDLINE_PARSE_BAD_ARGS) {
		cmdline_printf(cl, "error: the line was not understood\n");
		nb_failed++;
	}
	return nb_failed != before;
}

unsigned int
dma_shell_nb_failed(void)
{
	return nb_failed;
}

void
dma_shell_set_strict(bool on)
{
	strict = on;
}

void
dma_shell_cleanup(void)
{
	struct jobset *js;
	int16_t id;

	/* leave every device as found: stopped */
	RTE_DMA_FOREACH_DEV(id) {
		if (started[id] && rte_dma_stop(id) == 0)
			started[id] = false;
	}
	/* jobs of a stopped device are gone; a device we could not stop keeps its */
	while ((js = stale_sets) != NULL) {
		stale_sets = js->next;
		if (js->dev >= 0 && !started[js->dev])
			jobset_free(js);
	}
	if (shell_checker != NULL) {
		cmdline_free(shell_checker);
		shell_checker = NULL;
	}
}
