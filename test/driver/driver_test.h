/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef DRIVER_TEST_H
#define DRIVER_TEST_H

/*
 * What the scenarios of hidma_driver_test share (driver_support.c): the
 * instance under test, the traffic generator that records what every job
 * must do, and the checks of data, statuses, stats and dumps.
 */

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_bus_vdev.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_errno.h>
#include <rte_memzone.h>
#include <rte_pause.h>
#include <rte_random.h>
#include <rte_rawdev.h>

#include <dev_driver.h>
#include <hidma_compat.h>

#include "hidma_dmadev.h"
#include "hidma_hw.h"

#include "hidma_test_dev.h"

#define CH0		"hidma_model0-ch0"
#define CH1		"hidma_model0-ch1"
#define MGMT		"hidma_model0"
#define PATTERN		UINT64_C(0xfedcba9876543210)
#define GUARD		0x5a
#define BAD_DST_IOVA	0x40	/* page 0: never DPDK memory */

/* the device a failure is about: its dump is printed with the failure */
extern int16_t fail_dev;
void driver_test_on_fail(void);

/*
 * A traffic generator shared by the scenarios: jobs are copies or fills into
 * per-slot destinations surrounded by guard bytes; every job's expected
 * outcome is recorded so that each completion can be checked exactly once.
 */
#define MAX_JOBS	16384	/* > any number of outstanding jobs used here */
#define SLOTS		512	/* default number of destination slots */
#define SLOT_SZ		4096	/* default payload area per slot */
#define SLOT_PAD	64	/* guard bytes before and after the payload area */
#define SRC_SZ		(64 * 1024)
#define SG_MAX		16	/* the driver's max_sges */

enum job_kind { JOB_COPY, JOB_FILL, JOB_SG };

struct job {
	uint16_t id;
	uint8_t kind;
	uint8_t fence;
	uint32_t len;		/* SG: the total */
	uint32_t src_off;
	uint32_t dst_off;	/* within the slot's payload area */
	uint64_t pattern;
	uint16_t expect;	/* status, when known in advance */
	bool expect_known;
	uint8_t ntre;		/* SG: TREs the driver must cut it into */
	uint32_t cut;		/* SG expected to fail: bytes written before the failure */
};

/* the segments of an SG job: offsets in the source buffer / the slot's payload */
struct sg_seg {
	uint32_t off;
	uint32_t len;
};

struct sg_rec {
	uint8_t nb_src, nb_dst;
	struct sg_seg src[SG_MAX], dst[SG_MAX];
};

/* segment lengths: equal, random, or pairwise different (shuffled weights) */
enum sg_shape { SG_EQUAL, SG_RANDOM, SG_DISTINCT, SG_NB_SHAPES };

/* destinations come in chunks that fit one 2 MiB hugepage (IOVA-as-PA runs) */
#define CHUNK_SZ	(1024 * 1024)
#define MAX_CHUNKS	128

struct gen {
	int16_t dev;
	struct ht_buf src;
	struct ht_buf dst[MAX_CHUNKS];
	uint32_t slots_per_chunk;
	uint32_t nslots;	/* outstanding jobs must stay below */
	uint32_t slot_sz;
	uint64_t fill_pattern;	/* 0: a random one per job */
	struct job jobs[MAX_JOBS];	/* by id % nslots */
	struct sg_rec *sg;	/* by id % nslots, for JOB_SG */
	uint16_t next_id;	/* next id expected from an enqueue */
	uint16_t next_reap;
	uint64_t submitted, completed, errors;	/* what stats must show */
	uint64_t ok, failed, not_attempted;
	bool unsubmitted;	/* jobs enqueued since the last submit */
	uint16_t nb_unsubmitted;
};

enum rte_dma_vchan_status wait_hw(int16_t id);
int stats_check(int16_t id, uint64_t submitted, uint64_t completed, uint64_t errors);
int dump_text(int16_t id, char *out, size_t len);
uint64_t dump_counter(int16_t id, const char *what);
int gen_init_slots(struct gen *g, const char *tag, int16_t dev, uint32_t nslots, uint32_t slot_sz);
int gen_init(struct gen *g, const char *tag, int16_t dev);
struct job *job_of(struct gen *g, uint16_t id);
size_t slot_off(const struct gen *g, uint16_t id);
uint8_t *slot_va(struct gen *g, uint16_t id);
rte_iova_t slot_iova(struct gen *g, uint16_t id);
void gen_restart(struct gen *g);
void gen_enqueued(struct gen *g, int ret, uint64_t flags);
int gen_enqueue(struct gen *g, enum job_kind kind, uint32_t len, int bad, uint64_t flags);
struct sg_rec *sg_of(struct gen *g, uint16_t id);
void sg_lengths(uint32_t total, unsigned int n, enum sg_shape shape, uint32_t *len);
unsigned int sg_ntre(const struct sg_rec *r);
int gen_enqueue_sg(struct gen *g, unsigned int nb_src, unsigned int nb_dst, uint32_t total,
		enum sg_shape shape, const uint32_t *sl, const uint32_t *dl, int bad,
		unsigned int seg, uint64_t flags);
int gen_submit(struct gen *g);
int sg_verify(struct gen *g, const struct job *j, uint32_t done, bool quiet);
int sg_verify_any(struct gen *g, const struct job *j);
int job_verify(struct gen *g, const struct job *j, bool written);
int gen_account(struct gen *g, uint16_t st);
int gen_completed(struct gen *g, uint16_t max, uint16_t *n, bool *err);
int gen_completed_status(struct gen *g, uint16_t max, uint16_t *n);
int gen_random_step(struct gen *g);
int gen_drain(struct gen *g);
int expect_nothing_more(struct gen *g);
uint64_t dump_value(int16_t id, const char *label);
int gen_after_failure(struct gen *g, uint16_t n, uint16_t last, bool individually);
int gen_burst_until_failure(struct gen *g, unsigned int n, uint16_t first, uint64_t base_sub,
		unsigned int first_bad, bool individually);
/* test_copy.c */
int test_wrap(void);
int test_fill(void);
int test_fence(void);
/* test_errors.c */
int error_burst(struct gen *g, unsigned int n, const unsigned int *bad_pos, const int *bad_kind,
		unsigned int nb_bad, bool individually);
int test_errors(void);
int test_recovery(void);
int test_faults(void);
/* test_ring.c */
int test_full(void);
int test_slowhw(void);
/* test_lifecycle.c */
int test_stopstart(void);
int test_stop_inflight(void);
int test_disabled(void);
int test_devargs(void);
/* test_sg.c */
int test_sg(void);
int test_sg_errors(void);
int test_sg_faults(void);
/* test_fakehw.c */
int test_fakehw(void);

#endif /* DRIVER_TEST_H */
