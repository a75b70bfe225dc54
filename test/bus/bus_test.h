/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _BUS_TEST_H_
#define _BUS_TEST_H_

/*
 * Shared by the hidma_platform bus test programs: checks, log capture, EAL
 * start with the fake sysfs tree (bus_test.c), and a fake VFIO back-end for
 * the bus (fake_vfio.c; struct hidma_plat_vfio_ops of
 * drivers/bus/hidma_platform/private.h).
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fake_sysfs.h"
#include "hidma_test.h"

/* Capture every DPDK log line from now on (call before rte_eal_init). */
void bt_log_capture(void);
/* Whether a captured line contains @s; with @s2, the same line contains both. */
int bt_log_has(const char *s);
int bt_log_line_has(const char *s, const char *s2);
/* Stop capturing; print the captured log to stderr if @dump. */
void bt_log_end(int dump);

/*
 * Build the fake tree, point SYSFS_PLATFORM_DEVICES at it, and run
 * rte_eal_init with the common arguments @argv[0..argc) (program name
 * first) followed by the NULL-terminated @extra. Returns rte_eal_init's
 * result; the tree is removed by bt_finish().
 */
int bt_eal_start(const struct fake_dev *devs, unsigned int n, int argc, char **argv,
		const char * const *extra);
/* How many registered buses have this name. */
unsigned int bt_bus_count(const char *name);
/* Ours registered once; upstream's too when BUS_TEST_UPSTREAM_PLATFORM is set. */
void bt_check_buses(void);
/* rte_eal_cleanup (if @cleanup), remove the tree; 0 if no check failed, else -1 */
int bt_finish(const char *scenario, int cleanup);

/*
 * The main() of a bus test program: "<program> <scenario> <EAL args>". The
 * scenario runs with bt_argc/bt_argv as its EAL arguments (program name
 * first); then bt_finish() ends it, with rte_eal_cleanup() for the
 * scenarios named in the NULL-terminated @cleanup.
 */
extern int bt_argc;
extern char **bt_argv;
/* the value of --file-prefix in bt_argv, or NULL */
const char *bt_file_prefix(void);
/*
 * fork and exec this program as a secondary process running @scenario with
 * bt_argv's EAL arguments; the child's pid, or -1
 */
pid_t bt_spawn_secondary(const char *scenario);
int bt_main(int argc, char **argv, const struct ht_case *cases, unsigned int nb_cases,
		const char * const *cleanup);

/* ---------------------------------------------------------- fake VFIO */

#define FAKE_MAX_REGIONS	4
#define FAKE_MAX_DEVS		32

struct fake_region {
	uint32_t flags;		/* PLATFORM_VFIO_REGION_* */
	uint64_t size;
	void *backing;		/* map() returns this instead of an anonymous mapping */
};

struct fake_vfio_dev {
	const char *name;
	int setup_ret;		/* what setup() returns: 0, 1 or < 0 */
	uint32_t dev_flags;
	uint32_t nb_regions;
	struct fake_region region[FAKE_MAX_REGIONS];
	int map_fail;		/* 1 + index of the region whose map() fails, 0: none */
};

/* Counters per device, by name. */
struct fake_vfio_count {
	char name[64];
	unsigned int setups, releases, maps, unmaps;
};

/*
 * Install the fake back-end. Devices not in @table (ended by a NULL name)
 * get two 1-page RW|MMAP regions of anonymous memory.
 */
void fake_vfio_install(const struct fake_vfio_dev *table);
const struct fake_vfio_count *fake_vfio_count(const char *name);
extern int fake_vfio_noiommu;
extern unsigned int fake_vfio_dma_maps, fake_vfio_dma_unmaps;
extern uint64_t fake_vfio_dma_last_iova;
/* called for dma_map/unmap after counting, if set (va, iova, len, map?) */
extern int (*fake_vfio_dma_hook)(uint64_t va, uint64_t iova, uint64_t len, int map);
/* Every map() undone, every setup() released. */
int fake_vfio_balanced(void);

#endif /* _BUS_TEST_H_ */
