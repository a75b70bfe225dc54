/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _HIDMA_MGMT_PRIVATE_H_
#define _HIDMA_MGMT_PRIVATE_H_

#include <stdint.h>
#include <sys/queue.h>

#include <rte_log.h>
#include <rte_rawdev.h>
#include <rte_spinlock.h>

#include "hidma_hw.h"
#include "hidma_mgmt.h"
#include "rte_pmd_hidma_mgmt.h"

extern int hidma_mgmt_logtype;

#define HIDMA_MGMT_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, hidma_mgmt_logtype, "HIDMA_MGMT: " fmt "\n", ##__VA_ARGS__)
/* per-device variant: the instance name matters with several instances */
#define HIDMA_MGMT_DEV_LOG(mg, level, fmt, ...) \
	HIDMA_MGMT_LOG(level, "%s: " fmt, (mg)->name, ##__VA_ARGS__)

/* Private data of one management rawdev. */
struct hidma_mgmt {
	char name[RTE_RAWDEV_NAME_MAX_LEN];
	uint8_t *regs;			/* mapped management window */
	uint16_t dev_id;
	/* what the registers should hold (Linux keeps the same cache) */
	struct hidma_mgmt_params cfg;
	/* configuration given at create, restored by rte_rawdev_reset() */
	struct hidma_mgmt_params initial;
	rte_spinlock_t lock;		/* serialises attribute sets */
	uint32_t reject_log_level;	/* of rejected sets; DEBUG during selftest */
};

/* Read the live configuration from the registers. */
void hidma_mgmt_read_info(const struct hidma_mgmt *mg, struct rte_pmd_hidma_mgmt_info *info);

/* the ops of every management rawdev, in every process */
const struct rte_rawdev_ops *hidma_mgmt_ops_get(void);
/* primary: let secondary processes find @p mg; withdraw it at destroy */
int hidma_mgmt_mp_publish(struct hidma_mgmt *mg);
void hidma_mgmt_mp_withdraw(const char *name);

/* rawdev dev_selftest, in hidma_mgmt_selftest.c */
int hidma_mgmt_selftest(uint16_t dev_id);

#endif /* _HIDMA_MGMT_PRIVATE_H_ */
