/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _DMAPERF_MAIN_H_
#define _DMAPERF_MAIN_H_

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_common.h>
#include <rte_dev.h>
#include <rte_dmadev.h>

/* Upstream stops at 16 cases; nothing here depends on that limit. */
#define DMAPERF_MAX_CASES	64
#define DMAPERF_MAX_WORKERS	32
#define DMAPERF_MAX_SCENARIOS	64
#define DMAPERF_EAL_ARGS_LEN	1024
#define DMAPERF_REASON_LEN	192
#define DMAPERF_MAX_RUNS	25	/* --runs: rounds over every case */
#define DMAPERF_PLACE_LEN	384	/* where the threads ran, as text */

/* Header row of a case in the CSV: identical to upstream's, scripts parse it. */
#define DMAPERF_CSV_HDR_FMT "Case %u : %s,lcore,DMA,DMA ring size,kick batch size," \
	"buffer size(B),number of buffers,memory(MB),average cycle,bandwidth(Gbps),MOps\n"
#define DMAPERF_CSV_BLANK ",,,,,,,,\n"

enum dmaperf_op {
	DMAPERF_OP_NONE = 0,
	DMAPERF_OP_ADD,
	DMAPERF_OP_MUL,
};

/* A key that is either one number or "first,last,step,ADD|MUL". */
struct dmaperf_entry {
	uint32_t first;
	uint32_t last;
	uint32_t incr;
	enum dmaperf_op op;
	uint32_t cur;
};

enum dmaperf_type {
	DMAPERF_TYPE_NONE = 0,
	DMAPERF_TYPE_DMA_COPY,
	DMAPERF_TYPE_CPU_COPY,
	DMAPERF_TYPE_DMA_FILL,
};

struct dmaperf_worker_cfg {
	unsigned int lcore;
	char dev[RTE_DEV_NAME_MAX_LEN];	/* empty for CPU workers */
	enum rte_dma_direction dir;
	uint64_t raddr;			/* remote IOVA for mem2dev/dev2mem */
	uint8_t coreid;
	uint16_t pfid;
	uint16_t vfid;
};

struct dmaperf_case {
	unsigned int id;		/* N of [caseN] */
	bool skip;
	char skip_reason[DMAPERF_REASON_LEN];
	enum dmaperf_type type;
	struct dmaperf_entry mem_size;	/* MiB, source and destination each half */
	struct dmaperf_entry buf_size;	/* bytes per job */
	struct dmaperf_entry ring_size;
	struct dmaperf_entry kick_batch;
	int src_numa_node;
	int dst_numa_node;
	unsigned int cache_flush;
	unsigned int test_seconds;
	uint16_t src_sge;		/* 0: not a scatter-gather case */
	uint16_t dst_sge;
	unsigned int nb_workers;
	struct dmaperf_worker_cfg workers[DMAPERF_MAX_WORKERS];
	char eal_args[DMAPERF_EAL_ARGS_LEN];	/* [GLOBAL] eal_args then the case's */
};

struct dmaperf_config {
	unsigned int nb_cases;
	bool has_global;
	struct dmaperf_case cases[DMAPERF_MAX_CASES];
};

enum dmaperf_status {
	DMAPERF_ST_OK = 0,
	DMAPERF_ST_FAIL,
	DMAPERF_ST_SKIP,
};

/*
 * What a case's child process reports to the parent, one record per
 * scenario (or one per case when the case is skipped or fails before its
 * first scenario). Fixed size and below PIPE_BUF, so each write() is atomic.
 */
struct dmaperf_result {
	uint32_t case_id;
	uint32_t run;			/* round of --runs, from 1 */
	uint32_t scenario_id;		/* 0: the record is about the whole case */
	uint32_t type;			/* enum dmaperf_type */
	uint32_t status;		/* enum dmaperf_status */
	char dev[RTE_DEV_NAME_MAX_LEN];	/* first worker's dmadev, "cpu" for CPU */
	uint32_t nb_workers;		/* dmadevs (DMA) or lcores (CPU) */
	uint32_t nb_lcores;		/* worker lcores driving them */
	uint32_t buf_size;
	uint32_t ring_size;
	uint32_t kick_batch;
	uint32_t src_sge;
	uint32_t dst_sge;
	uint32_t nr_buf;
	double tsc_hz;
	double mops;			/* all workers */
	double gbps;			/* GB/s (1e9 bytes), all workers */
	double wall_cycles;		/* TSC per op per worker (upstream's "average cycle") */
	double cpu_cycles;		/* TSC inside rte_dma_* per op, productive calls */
	double idle_cycles;		/* TSC per op in completed() polls that found nothing */
	double lat_p50_ns;
	double lat_p99_ns;
	double lat_max_ns;
	uint32_t lat_samples;
	double bare_mops;		/* CPU copy: bare rte_memcpy loop, worker 0's lcore */
	double loop_mops;		/* CPU copy: this app's loop, alternated with it */
	double worker0_mops;		/* CPU copy: worker 0 in the measurement window */
	uint64_t verified;		/* buffers (jobs) whose data was checked */
	/* HIDMA MMIO accesses (rte_pmd_hidma.h); negative: n/a for this device */
	double mmio_rd;			/* per job, throughput phase, all workers */
	double mmio_wr;
	double idle_rd;			/* per completed() call with nothing outstanding */
	double idle_wr;
	double empty_polls;		/* completed() calls finding nothing, per job (DMA) */
	double paced_rd;		/* per job, batches reaped once the channel is idle */
	double paced_wr;
	double paced_extra;		/* completed() calls finding nothing, per paced batch */
	char reason[DMAPERF_REASON_LEN];
	char threads[DMAPERF_PLACE_LEN];	/* where the threads ran in the window */
};

/* Each record goes through the pipe in one write(): it must stay atomic. */
_Static_assert(sizeof(struct dmaperf_result) <= 4096, "dmaperf_result above PIPE_BUF");

/* One thread of this process as /proc/self/task shows it. */
struct dmaperf_thread {
	int tid;
	int cpu;			/* the CPU it last ran on */
	uint64_t ticks;			/* user + system time, clock ticks */
	char comm[16];
};

struct dmaperf_threads {
	unsigned int nb;
	struct dmaperf_thread t[64];
};

/* config.c */
const char *dmaperf_type_str(enum dmaperf_type type);
int dmaperf_config_load(const char *path, struct dmaperf_config *cfg);
struct dmaperf_entry *dmaperf_case_var(struct dmaperf_case *c);
unsigned int dmaperf_case_scenarios(const struct dmaperf_case *c);
void dmaperf_config_print(const struct dmaperf_config *cfg, FILE *f);

/* mmio.c: HIDMA MMIO counters, -ENOTSUP for other dmadevs or without the API */
int dmaperf_mmio_reset(int16_t dev_id);
int dmaperf_mmio_get(int16_t dev_id, uint64_t *reads, uint64_t *writes);

/* threads.c */
int dmaperf_threads_snap(struct dmaperf_threads *s);
void dmaperf_threads_describe(const struct dmaperf_threads *a, const struct dmaperf_threads *b,
	double secs, char *buf, size_t len);

/* benchmark.c: runs in the case's child process, after rte_eal_init() */
int dmaperf_run_case(struct dmaperf_case *c, unsigned int run, FILE *csv, int result_fd);
/*
 * --until-stopped: each measurement window lasts until the case process
 * gets SIGINT or SIGTERM instead of test_seconds; call before rte_eal_init()
 */
void dmaperf_until_stopped(void);

/* report.c: runs in the parent */
void dmaperf_report(const struct dmaperf_result *res, unsigned int nb_res, unsigned int runs,
	FILE *f);
/* medians with spread, one line per series, size and metric, tab-separated */
void dmaperf_report_stats(const struct dmaperf_result *res, unsigned int nb_res, FILE *f);

#endif /* _DMAPERF_MAIN_H_ */
