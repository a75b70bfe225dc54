/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Multi-process support of the channel dmadev: a secondary process attaches
 * to the channels the primary created (rte_dma_dev_data and the private
 * data, rings included, are in shared memory; ops and fast-path pointers
 * are per process), and the owner record says which process drives a
 * channel. Nothing here is on the fast path.
 */

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <unistd.h>

#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_spinlock.h>
#include <rte_string_fns.h>

#include "hidma_internal.h"
#include "rte_pmd_hidma.h"

/* this process's attachments: the library's release needs the device */
struct hidma_attached {
	TAILQ_ENTRY(hidma_attached) next;
	struct rte_dma_dev *dmadev;
	char name[RTE_DEV_NAME_MAX_LEN];
};

static TAILQ_HEAD(, hidma_attached) hidma_attached_list =
	TAILQ_HEAD_INITIALIZER(hidma_attached_list);
static rte_spinlock_t hidma_attached_lock = RTE_SPINLOCK_INITIALIZER;

static const char *
hidma_iova_name(int mode)
{
	return mode == RTE_IOVA_PA ? "PA" : mode == RTE_IOVA_VA ? "VA" : "DC";
}

int
hidma_dmadev_attach(const char *name, struct rte_device *rdev)
{
	struct hidma_attached *a;
	struct rte_dma_dev *dmadev;
	const struct hidma_dev *dev;

	if (name == NULL || rdev == NULL)
		return -EINVAL;
	if (rte_eal_process_type() == RTE_PROC_PRIMARY) {
		HIDMA_LOG(ERR, "%s: the primary process creates channels, it does not attach",
			name);
		return -EINVAL;
	}
	a = calloc(1, sizeof(*a));
	if (a == NULL)
		return -ENOMEM;
	/* in a secondary: looks the name up in the shared device data */
	dmadev = rte_dma_pmd_allocate(name, SOCKET_ID_ANY, sizeof(struct hidma_dev));
	if (dmadev == NULL) {
		HIDMA_LOG(ERR, "%s: no such channel in the primary process", name);
		free(a);
		return -ENODEV;
	}
	dev = dmadev->data->dev_private;
	if (dev->iova_mode != (int32_t)rte_eal_iova_mode()) {
		/* the addresses of this process's jobs would mean nothing to the device */
		HIDMA_LOG(ERR, "%s: the primary process runs with IOVA as %s, this one as %s: "
			"start it with --iova-mode=%s", name, hidma_iova_name(dev->iova_mode),
			hidma_iova_name(rte_eal_iova_mode()), dev->iova_mode == RTE_IOVA_PA ?
			"pa" : "va");
		rte_dma_pmd_release(name);
		free(a);
		return -EINVAL;
	}
	dmadev->device = rdev;
	hidma_dmadev_process_init(dmadev);
	a->dmadev = dmadev;
	strlcpy(a->name, name, sizeof(a->name));
	rte_spinlock_lock(&hidma_attached_lock);
	TAILQ_INSERT_TAIL(&hidma_attached_list, a, next);
	rte_spinlock_unlock(&hidma_attached_lock);
	dmadev->state = RTE_DMA_DEV_READY;
	HIDMA_LOG(DEBUG, "%s: attached as dmadev %d", name, dmadev->data->dev_id);
	return dmadev->data->dev_id;
}

int
hidma_dmadev_detach(const char *name)
{
	struct hidma_attached *a;

	if (name == NULL)
		return -EINVAL;
	rte_spinlock_lock(&hidma_attached_lock);
	TAILQ_FOREACH(a, &hidma_attached_list, next)
		if (strcmp(a->name, name) == 0)
			break;
	if (a != NULL)
		TAILQ_REMOVE(&hidma_attached_list, a, next);
	rte_spinlock_unlock(&hidma_attached_lock);
	if (a == NULL)
		return -ENODEV;
	/*
	 * Not READY: the library releases this process's view only, without
	 * rte_dma_close(), which a channel the primary keeps started refuses.
	 */
	a->dmadev->state = RTE_DMA_DEV_REGISTERED;
	free(a);
	return rte_dma_pmd_release(name);
}

/* ------------------------------------------------------------------------
 * Owner record.
 */

static bool
hidma_pid_dead(int32_t pid)
{
	/* EPERM: it exists, under another user */
	return kill(pid, 0) != 0 && errno == ESRCH;
}

/* cur -> val if the record still holds cur */
static bool
hidma_owner_cas(struct hidma_dev *dev, int32_t cur, int32_t val)
{
	return __atomic_compare_exchange_n(&dev->owner, &cur, val, false, __ATOMIC_ACQ_REL,
			__ATOMIC_ACQUIRE);
}

void
hidma_owner_on_start(struct hidma_dev *dev)
{
	int32_t cur = __atomic_load_n(&dev->owner, __ATOMIC_ACQUIRE);

	if (cur == 0 || (cur != getpid() && hidma_pid_dead(cur)))
		hidma_owner_cas(dev, cur, getpid());
}

void
hidma_owner_on_stop(struct hidma_dev *dev)
{
	__atomic_store_n(&dev->owner, 0, __ATOMIC_RELEASE);
}

int
rte_pmd_hidma_owner_get(int16_t dev_id, pid_t *pid)
{
	struct hidma_dev *dev;
	int32_t cur;
	int ret;

	if (pid == NULL)
		return -EINVAL;
	ret = hidma_dev_by_id(dev_id, &dev);
	if (ret != 0)
		return ret;
	cur = __atomic_load_n(&dev->owner, __ATOMIC_ACQUIRE);
	if (cur != 0 && hidma_pid_dead(cur)) {
		hidma_owner_cas(dev, cur, 0);
		cur = 0;
	}
	*pid = cur;
	return 0;
}

int
rte_pmd_hidma_owner_claim(int16_t dev_id)
{
	const int32_t self = getpid();
	struct hidma_dev *dev;
	int32_t cur;
	int ret;

	ret = hidma_dev_by_id(dev_id, &dev);
	if (ret != 0)
		return ret;
	for (;;) {
		cur = __atomic_load_n(&dev->owner, __ATOMIC_ACQUIRE);
		if (cur == self)
			return 0;
		if (cur != 0 && !hidma_pid_dead(cur))
			return -EBUSY;
		if (hidma_owner_cas(dev, cur, self)) {
			if (cur != 0)
				HIDMA_DEV_LOG(dev, NOTICE, "owner %d is gone: process %d takes over",
					cur, self);
			return 0;
		}
	}
}

/* cur -> val unless a live process other than the caller holds the record */
static int
hidma_owner_give(int16_t dev_id, int32_t val)
{
	const int32_t self = getpid();
	struct hidma_dev *dev;
	int32_t cur;
	int ret;

	ret = hidma_dev_by_id(dev_id, &dev);
	if (ret != 0)
		return ret;
	do {
		cur = __atomic_load_n(&dev->owner, __ATOMIC_ACQUIRE);
		if (cur != 0 && cur != self && !hidma_pid_dead(cur))
			return -EPERM;
	} while (!hidma_owner_cas(dev, cur, val));
	return 0;
}

int
rte_pmd_hidma_owner_release(int16_t dev_id)
{
	return hidma_owner_give(dev_id, 0);
}

int
rte_pmd_hidma_owner_handover(int16_t dev_id, pid_t pid)
{
	if (pid <= 0)
		return -EINVAL;
	return hidma_owner_give(dev_id, pid);
}
