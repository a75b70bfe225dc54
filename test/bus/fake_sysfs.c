/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_sysfs.h"

static int
mkdirs(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0755) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

static int
write_file(const char *dir, const char *file, const char *data, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	n = write(fd, data, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

static int
make_dev(const char *root, const struct fake_dev *d)
{
	char dev[PATH_MAX / 2], of[PATH_MAX / 2], path[PATH_MAX], target[PATH_MAX];

	snprintf(path, sizeof(path), "%s/bus/platform/devices/%s", root, d->name);
	snprintf(target, sizeof(target), "../../../devices/platform/%s", d->name);
	if (symlink(target, path) < 0)
		return -1;
	if (d->no_dir)
		return 0;
	snprintf(dev, sizeof(dev), "%s/devices/platform/%s", root, d->name);
	if (mkdirs(dev) < 0)
		return -1;

	snprintf(path, sizeof(path), "%s/driver", dev);
	if (d->driver == NULL) {
		/* not bound: no link */
	} else if (strcmp(d->driver, FAKE_DRV_FILE) == 0) {
		if (write_file(dev, "driver", "vfio-platform\n", 14) < 0)
			return -1;
	} else if (strcmp(d->driver, FAKE_DRV_DANGLING) == 0) {
		if (symlink("../../../bus/platform/drivers/gone/vfio-platform", path) < 0)
			return -1;
	} else {
		snprintf(target, sizeof(target), "%s/bus/platform/drivers/%s", root, d->driver);
		if (mkdirs(target) < 0)
			return -1;
		snprintf(target, sizeof(target), "../../../bus/platform/drivers/%s", d->driver);
		if (symlink(target, path) < 0)
			return -1;
	}
	if (d->modalias != NULL && write_file(dev, "modalias", d->modalias,
			strlen(d->modalias)) < 0)
		return -1;
	if (d->numa_node != NULL && write_file(dev, "numa_node", d->numa_node,
			strlen(d->numa_node)) < 0)
		return -1;
	if (d->compat.s == NULL && d->reg_names.s == NULL)
		return 0;

	snprintf(of, sizeof(of), "%s/firmware/devicetree/base/%s", root, d->name);
	if (mkdirs(of) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/of_node", dev);
	snprintf(target, sizeof(target), "../../../firmware/devicetree/base/%s", d->name);
	if (symlink(target, path) < 0)
		return -1;
	if (d->compat.s != NULL && write_file(of, "compatible", d->compat.s, d->compat.len) < 0)
		return -1;
	if (d->reg_names.s != NULL && write_file(of, "reg-names", d->reg_names.s,
			d->reg_names.len) < 0)
		return -1;
	return 0;
}

int
fake_sysfs_create(const struct fake_dev *devs, unsigned int n, char *root, size_t root_len,
		char *devices, size_t devices_len)
{
	const char *tmp = getenv("TMPDIR");
	char path[PATH_MAX];
	unsigned int i;

	snprintf(root, root_len, "%s/hidma-bus-XXXXXX", tmp != NULL ? tmp : "/tmp");
	if (mkdtemp(root) == NULL) {
		fprintf(stderr, "fake sysfs: mkdtemp %s: %s\n", root, strerror(errno));
		return -1;
	}
	snprintf(devices, devices_len, "%s/bus/platform/devices", root);
	snprintf(path, sizeof(path), "%s/bus/platform/drivers/vfio-platform", root);
	if (mkdirs(devices) < 0 || mkdirs(path) < 0)
		goto fail;
	for (i = 0; i < n; i++) {
		if (make_dev(root, &devs[i]) < 0) {
			fprintf(stderr, "fake sysfs: device %s: %s\n", devs[i].name,
					strerror(errno));
			goto fail;
		}
	}
	return 0;
fail:
	fake_sysfs_remove(root);
	return -1;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

void
fake_sysfs_remove(const char *root)
{
	/* FTW_PHYS: never follow the tree's symlinks out of it */
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
