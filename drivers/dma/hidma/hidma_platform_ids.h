/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef HIDMA_PLATFORM_IDS_H
#define HIDMA_PLATFORM_IDS_H

#include <stddef.h>

#include <bus_hidma_platform_driver.h>

#include "hidma_hw.h"

/*
 * The channel ids the platform front-end matches, each with its flavour's
 * capabilities, ended by the empty entry. One table, for the driver
 * (hidma_platform.c) and the bus tests that match against it.
 */
static const struct rte_hidma_platform_id hidma_platform_ids[] = {
	{ .acpi_hid = HIDMA_ACPI_HID_CHAN_1_0, .caps = HIDMA_FLAVOUR_CAPS(HIDMA_FLAVOUR_1_0) },
	{ .acpi_hid = HIDMA_ACPI_HID_CHAN_1_1, .caps = HIDMA_FLAVOUR_CAPS(HIDMA_FLAVOUR_1_1) },
	{ .acpi_hid = HIDMA_ACPI_HID_CHAN_1_2, .caps = HIDMA_FLAVOUR_CAPS(HIDMA_FLAVOUR_1_2) },
	{ .compatible = HIDMA_DT_COMPAT_CHAN_1_0, .caps = HIDMA_FLAVOUR_CAPS(HIDMA_FLAVOUR_1_0) },
	{ .compatible = HIDMA_DT_COMPAT_CHAN_1_1, .caps = HIDMA_FLAVOUR_CAPS(HIDMA_FLAVOUR_1_1) },
	{ .compatible = HIDMA_DT_COMPAT_CHAN_1_2, .caps = HIDMA_FLAVOUR_CAPS(HIDMA_FLAVOUR_1_2) },
	{ .acpi_hid = NULL, .compatible = NULL },
};

#endif /* HIDMA_PLATFORM_IDS_H */
