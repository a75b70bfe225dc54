/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Reading what the kernel says about a platform device: its driver binding,
 * NUMA node, ACPI ids and devicetree properties. Plain files, so all of it
 * runs (and is tested) against fake sysfs trees.
 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_memory.h>
#include <rte_string_fns.h>

#include "private.h"

const char *
hidma_plat_sysfs_devices(void)
{
	const char *dir = getenv(PLATFORM_SYSFS_ENV);

	/* read at every use, as the PCI bus does with SYSFS_PCI_DEVICES */
	if (dir == NULL || dir[0] == '\0')
		return PLATFORM_SYSFS_DEVICES;
	return dir;
}

ssize_t
hidma_plat_sysfs_read(const char *dir, const char *name, const char *file,
		char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n, total = 0;
	int fd;

	if (len == 0)
		return -EINVAL;
	if (snprintf(path, sizeof(path), "%s/%s/%s", dir, name, file) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* sysfs attributes arrive in one read; a regular file may not */
	while ((size_t)total < len - 1) {
		n = read(fd, buf + total, len - 1 - total);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			close(fd);
			return n;
		}
		if (n == 0)
			break;
		total += n;
	}
	close(fd);
	buf[total] = '\0';
	return total;
}

int
hidma_plat_sysfs_bound_to_vfio(const char *dir, const char *name, char *kdrv, size_t kdrv_len)
{
	char path[PATH_MAX];
	char link[PATH_MAX];
	struct stat st;
	const char *base;
	ssize_t n;

	kdrv[0] = '\0';
	if (snprintf(path, sizeof(path), "%s/%s/driver", dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0) {
		/* no "driver" entry: the device is not bound to anything */
		if (errno == ENOENT)
			return 0;
		/* EINVAL: "driver" exists but is no symlink */
		return -errno;
	}
	link[n] = '\0';
	base = strrchr(link, '/');
	base = base != NULL ? base + 1 : link;
	strlcpy(kdrv, base, kdrv_len);
	/*
	 * The kernel never leaves a dangling driver link; one that does not
	 * resolve means a device going away or a broken tree: not usable.
	 */
	if (stat(path, &st) < 0)
		return -errno;
	return strcmp(base, RTE_HIDMA_PLATFORM_KDRV_NAME) == 0;
}

int
hidma_plat_sysfs_numa_node(const char *dir, const char *name)
{
	char buf[32];
	char *end;
	long node;

	if (hidma_plat_sysfs_read(dir, name, "numa_node", buf, sizeof(buf)) <= 0)
		return SOCKET_ID_ANY;
	errno = 0;
	node = strtol(buf, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (errno != 0 || end == buf || *end != '\0' || node < 0 ||
			node >= RTE_MAX_NUMA_NODES)
		return SOCKET_ID_ANY;
	return (int)node;
}

/* ACPI id: "PNPxxxx" (3 letters + 4 hex) or "ABCDxxxx" (4 alnum + 4 hex). */
static int
acpi_id_valid(const char *s, size_t len)
{
	size_t vendor, i;

	if (len != 7 && len != 8)
		return 0;
	vendor = len - 4;
	for (i = 0; i < vendor; i++)
		if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) &&
				s[i] != '_')
			return 0;
	for (; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static size_t
list_append(char *out, size_t out_len, size_t used, const char *s, size_t len)
{
	if (used + len + 1 > out_len)
		return used;
	memcpy(out + used, s, len);
	out[used + len] = '\0';
	return used + len + 1;
}

size_t
hidma_plat_acpi_ids_parse(const char *modalias, size_t len, char *out, size_t out_len)
{
	static const char prefix[] = "acpi:";
	const char *p, *end, *colon;
	size_t used = 0;

	/* "acpi:<HID>:<CID>:...:" (Linux create_pnp_modalias); others carry no ACPI id */
	if (len < sizeof(prefix) - 1 || strncmp(modalias, prefix, sizeof(prefix) - 1) != 0)
		return 0;
	p = modalias + sizeof(prefix) - 1;
	end = modalias + len;
	while (end > p && (end[-1] == '\n' || end[-1] == '\0'))
		end--;
	while (p < end) {
		colon = memchr(p, ':', end - p);
		if (colon == NULL)
			colon = end;
		if (acpi_id_valid(p, colon - p))
			used = list_append(out, out_len, used, p, colon - p);
		p = colon + 1;
	}
	return used;
}

size_t
hidma_plat_acpi_hid_from_name(const char *name, char *out, size_t out_len)
{
	const char *colon = strchr(name, ':');
	const char *p;

	/* Linux names ACPI platform devices "<HID>:<instance>", e.g. QCOM8061:00 */
	if (colon == NULL || colon[1] == '\0')
		return 0;
	for (p = colon + 1; *p != '\0'; p++)
		if (!isxdigit((unsigned char)*p))
			return 0;
	if (!acpi_id_valid(name, colon - name))
		return 0;
	return list_append(out, out_len, 0, name, colon - name);
}

int
hidma_plat_name_valid(const char *name)
{
	size_t len = strnlen(name, RTE_DEV_NAME_MAX_LEN);

	return len > 0 && len < RTE_DEV_NAME_MAX_LEN && name[0] != '.' &&
		strchr(name, '/') == NULL;
}

const char *
hidma_plat_list_next(const char *list, size_t len, const char *cur)
{
	const char *end = list + len;

	/* entries are NUL-terminated; empty entries are skipped */
	cur = cur == NULL ? list : cur + strlen(cur) + 1;
	while (cur < end && *cur == '\0')
		cur++;
	return cur < end ? cur : NULL;
}

const char *
hidma_plat_list_nth(const char *list, size_t len, unsigned int n)
{
	const char *end = list + len;
	const char *cur = list;

	/* by position, empty entries included (reg-names index = region index) */
	while (cur < end) {
		if (n-- == 0)
			return *cur != '\0' ? cur : NULL;
		cur += strnlen(cur, end - cur) + 1;
	}
	return NULL;
}
