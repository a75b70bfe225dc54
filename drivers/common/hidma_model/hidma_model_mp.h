/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _HIDMA_MODEL_MP_H_
#define _HIDMA_MODEL_MP_H_

/*
 * What the primary process publishes about an emulated instance, so that a
 * secondary's probe of the same vdev attaches instead of creating: one
 * memzone per instance ("hidma_mdl_<hash of the name>") holding the model's
 * address (the model, its register windows and the channels' private data
 * and rings are all in DPDK's shared memory) and the instance's life.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_dev.h>

struct hidma_model;

enum hm_shared_state {
	HM_SHARED_UP = 1,	/* probed; the engine runs in the primary */
	HM_SHARED_GONE,		/* the primary is removing the instance */
};

struct hm_shared {
	char name[RTE_DEV_NAME_MAX_LEN];
	uint32_t state;			/* enum hm_shared_state */
	int32_t primary_pid;
	struct hidma_model *model;	/* in shared memory */
	unsigned int nb_channels;
	unsigned int flavour;
	uint32_t engine_running;	/* as the primary last saw it */
	uint32_t attached;		/* secondary processes attached now */
};

/* allocator of the model's state and windows: DPDK's shared heap */
void *hm_shared_alloc(void *arg, size_t size, size_t align);
void hm_shared_free(void *arg, void *p);

/* primary: publish the instance; NULL and a log line on failure */
struct hm_shared *hm_shared_publish(const char *name, struct hidma_model *model,
		unsigned int nb_channels, unsigned int flavour, int numa_node);
/* primary: the instance goes away (state GONE, then the memzone is freed) */
void hm_shared_withdraw(struct hm_shared *sh);

/* secondary: the primary's record of @p name, NULL (and a log) if none */
struct hm_shared *hm_shared_lookup(const char *name);

/* the engine runs: the primary says so and is alive */
bool hm_shared_engine_running(const struct hm_shared *sh);

#endif /* _HIDMA_MODEL_MP_H_ */
