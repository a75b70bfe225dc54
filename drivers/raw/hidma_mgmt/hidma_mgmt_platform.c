/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/* Platform-bus front-end: filled in with drivers/bus/platform (issue 4). */
