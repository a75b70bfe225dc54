/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * libFuzzer harness: the management rawdev's attributes
 * (rte_rawdev_get_attr()/set_attr(), drivers/raw/hidma_mgmt/hidma_mgmt.c)
 * on an emulated instance of 16 channels. Input: a flag byte, an attribute
 * name (up to the first NUL, at most 64 bytes), an 8-byte value: set (flag
 * 1), then get. Every call returns 0 or an error, whatever the name.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rte_rawdev.h>

#include "fuzz_eal.h"

static uint16_t dev;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	fuzz_eal_init("hidma_model0,channels=16");
	dev = rte_rawdev_get_dev_id("hidma_model0");
	if (dev >= RTE_RAWDEV_MAX_DEVS)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t value = 0, back;
	size_t len;
	uint8_t flags;
	char *name;

	if (size < 1)
		return 0;
	flags = data[0];
	data++;
	size--;
	for (len = 0; len < size && len < 64 && data[len] != 0; len++)
		;
	name = fuzz_string(data, len, 64);
	if (len < size)
		len++;		/* the NUL */
	memcpy(&value, data + len, RTE_MIN(sizeof(value), size - len));
	/* a NULL name too (flag 2): the driver sees it as DPDK passes it on */
	if (flags & 1)
		rte_rawdev_set_attr(dev, (flags & 2) ? NULL : name, value);
	rte_rawdev_get_attr(dev, (flags & 2) ? NULL : name, &back);
	free(name);
	return 0;
}
