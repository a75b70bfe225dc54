/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _FAKE_SYSFS_H_
#define _FAKE_SYSFS_H_

/*
 * A fake of the sysfs the platform bus reads, laid out like the real one:
 *   <root>/devices/platform/<dev>/{driver -> ../../../bus/platform/drivers/<drv>,
 *                                  modalias, numa_node, of_node -> <root>/firmware/...}
 *   <root>/bus/platform/devices/<dev> -> ../../../devices/platform/<dev>
 *   <root>/bus/platform/drivers/<drv>/
 *   <root>/firmware/devicetree/base/<dev>/{compatible, reg-names}
 * SYSFS_PLATFORM_DEVICES is then <root>/bus/platform/devices.
 */

#include <stddef.h>

/* fake_dev.driver values besides a driver name (NULL = not bound) */
#define FAKE_DRV_DANGLING	"!dangling"	/* link to a missing vfio-platform */
#define FAKE_DRV_FILE		"!file"		/* "driver" is a regular file */

/* a NUL-separated list and its length, final NUL included; .s NULL: none */
struct fake_list {
	const char *s;
	size_t len;
};

/* the fake_list of a string literal (which may hold NULs) */
#define FAKE_LIST(lit)		{ .s = (lit), .len = sizeof(lit) }

struct fake_dev {
	const char *name;
	const char *driver;
	const char *modalias;	/* file content, NULL: no file */
	const char *numa_node;	/* file content, NULL: no file */
	struct fake_list compat;	/* of_node/compatible, none: no of_node */
	struct fake_list reg_names;	/* of_node/reg-names, none: no file */
	int no_dir;		/* the bus entry is a dangling symlink */
};

/*
 * Build the tree under a new temporary directory, store its root in @root
 * and the devices directory in @devices. 0 or -1 (with a message).
 */
int fake_sysfs_create(const struct fake_dev *devs, unsigned int n, char *root, size_t root_len,
		char *devices, size_t devices_len);

/* Remove the tree. */
void fake_sysfs_remove(const char *root);

#endif /* _FAKE_SYSFS_H_ */
