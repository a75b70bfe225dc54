/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/* Device iteration ("bus=platform,name=<dev>") as the vdev bus does it. */

#include <errno.h>
#include <string.h>

#include <dev_driver.h>
#include <rte_errno.h>
#include <rte_kvargs.h>

#include "private.h"

#define PLATFORM_PARAM_NAME "name"

static const char * const hidma_plat_params_keys[] = {
	PLATFORM_PARAM_NAME,
	NULL,
};

static int
hidma_plat_dev_match(const struct rte_device *dev, const void *_kvlist)
{
	const struct rte_kvargs *kvlist = _kvlist;
	const char *name;

	/* no filter: every device */
	if (kvlist == NULL)
		return 0;
	name = rte_kvargs_get(kvlist, PLATFORM_PARAM_NAME);
	if (name != NULL && strcmp(name, dev->name) != 0)
		return -1;
	return 0;
}

void *
hidma_plat_dev_iterate(const void *start, const char *str, const struct rte_dev_iterator *it)
{
	struct rte_kvargs *kvargs = NULL;
	struct rte_device *dev;

	RTE_SET_USED(it);
	if (str != NULL) {
		kvargs = rte_kvargs_parse(str, hidma_plat_params_keys);
		if (kvargs == NULL) {
			PLATFORM_LOG(ERR, "cannot parse device filter \"%s\" (known key: "
					PLATFORM_PARAM_NAME ")", str);
			rte_errno = EINVAL;
			return NULL;
		}
	}
	dev = hidma_plat_bus.bus.find_device(start, hidma_plat_dev_match, kvargs);
	rte_kvargs_free(kvargs);
	return dev;
}
