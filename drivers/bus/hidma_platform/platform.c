/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The VFIO-platform bus "hidma_platform": the shape of upstream 23.03's
 * "platform" bus interface under names of its own (it coexists with
 * upstream's in one process), plus id-table matching (ACPI ids, DT
 * compatibles) and the PCI bus's allow-list semantics. Scanning is plain sysfs (platform_sysfs.c);
 * everything that needs the kernel's VFIO goes through the back-end in
 * platform_vfio.c.
 */

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>
#include <unistd.h>

#include <bus_driver.h>
#include <rte_common.h>
#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_string_fns.h>

#include "private.h"

RTE_LOG_REGISTER_DEFAULT(hidma_plat_logtype, NOTICE);

static const struct hidma_plat_vfio_ops *vfio_ops = &hidma_plat_vfio_linux;

void
hidma_plat_set_vfio_ops(const struct hidma_plat_vfio_ops *ops)
{
	vfio_ops = ops != NULL ? ops : &hidma_plat_vfio_linux;
}

void
rte_hidma_platform_register(struct rte_hidma_platform_driver *pdrv)
{
	TAILQ_INSERT_TAIL(&hidma_plat_bus.driver_list, pdrv, next);
}

void
rte_hidma_platform_unregister(struct rte_hidma_platform_driver *pdrv)
{
	TAILQ_REMOVE(&hidma_plat_bus.driver_list, pdrv, next);
}

/* ------------------------------------------------------------- matching */

static const struct rte_hidma_platform_id *
match_list(const struct rte_hidma_platform_id *table, const char *list, size_t len, int acpi)
{
	const struct rte_hidma_platform_id *e;
	const char *id;

	/* the device's ids in order, most specific first, as Linux does */
	for (id = hidma_plat_list_next(list, len, NULL); id != NULL;
			id = hidma_plat_list_next(list, len, id)) {
		for (e = table; e->acpi_hid != NULL || e->compatible != NULL; e++) {
			const char *want = acpi ? e->acpi_hid : e->compatible;

			if (want != NULL && strcasecmp(want, id) == 0)
				return e;
		}
	}
	return NULL;
}

const struct rte_hidma_platform_id *
hidma_plat_match_ids(const struct rte_hidma_platform_id *table, const char *acpi_ids,
		size_t acpi_len, const char *compat, size_t compat_len)
{
	const struct rte_hidma_platform_id *e;

	if (table == NULL)
		return NULL;
	e = match_list(table, acpi_ids, acpi_len, 1);
	if (e == NULL)
		e = match_list(table, compat, compat_len, 0);
	return e;
}

int
hidma_plat_match(const struct rte_hidma_platform_driver *pdrv,
		const struct rte_hidma_platform_device *pdev, const struct rte_hidma_platform_id **id)
{
	const struct hidma_plat_dev *pd = container_of(pdev, const struct hidma_plat_dev, pdev);

	*id = hidma_plat_match_ids(pdrv->id_table, pd->acpi_ids, pd->acpi_ids_len,
			pd->compat, pd->compat_len);
	if (*id != NULL)
		return 1;
	/* upstream's rule: the driver is named after the device */
	if (pdrv->driver.name != NULL && strcmp(pdrv->driver.name, pdev->name) == 0)
		return 1;
	return pdrv->driver.alias != NULL && strcmp(pdrv->driver.alias, pdev->name) == 0;
}

struct rte_hidma_platform_driver *
hidma_plat_find_driver(const struct rte_hidma_platform_device *pdev,
		const struct rte_hidma_platform_id **id)
{
	struct rte_hidma_platform_driver *pdrv;

	TAILQ_FOREACH(pdrv, &hidma_plat_bus.driver_list, next)
		if (hidma_plat_match(pdrv, pdev, id))
			return pdrv;
	*id = NULL;
	return NULL;
}

/* "a b c" from a NUL-separated list, for messages */
static const char *
list_str(const char *list, size_t len, char *buf, size_t buf_len)
{
	const char *s;
	size_t used = 0;

	buf[0] = '\0';
	for (s = hidma_plat_list_next(list, len, NULL); s != NULL;
			s = hidma_plat_list_next(list, len, s))
		used += snprintf(buf + used, used < buf_len ? buf_len - used : 0, "%s%s",
				used > 0 ? " " : "", s);
	return used > 0 ? buf : "-";
}

/* -------------------------------------------------------------- scanning */

static struct rte_devargs *
devargs_lookup(const char *name)
{
	struct rte_devargs *da;

	RTE_EAL_DEVARGS_FOREACH(hidma_plat_bus.bus.name, da)
		if (strcmp(da->name, name) == 0)
			return da;
	return NULL;
}

/*
 * PCI's policy (rte_pci_ignore_device): with an allow list, only listed
 * devices; otherwise all but the blocked ones. Upstream's platform bus takes
 * unlisted devices in allow-list mode too, which is a defect.
 */
static int
device_ignored(const struct rte_devargs *da)
{
	if (hidma_plat_bus.bus.conf.scan_mode == RTE_BUS_SCAN_ALLOWLIST)
		return da == NULL || da->policy != RTE_DEV_ALLOWED;
	return da != NULL && da->policy == RTE_DEV_BLOCKED;
}

static struct rte_hidma_platform_device *
find_by_name(const char *name)
{
	struct rte_hidma_platform_device *pdev;

	TAILQ_FOREACH(pdev, &hidma_plat_bus.device_list, next)
		if (strcmp(pdev->name, name) == 0)
			return pdev;
	return NULL;
}

static void
read_ids(const char *dir, struct hidma_plat_dev *pd)
{
	char buf[PLATFORM_IDS_MAX];
	ssize_t n;

	pd->acpi_ids_len = 0;
	n = hidma_plat_sysfs_read(dir, pd->pdev.name, "modalias", buf, sizeof(buf));
	if (n > 0)
		pd->acpi_ids_len = hidma_plat_acpi_ids_parse(buf, n, pd->acpi_ids,
				sizeof(pd->acpi_ids));
	/* no modalias (or a DT one): an ACPI-style name still tells the _HID */
	if (pd->acpi_ids_len == 0)
		pd->acpi_ids_len = hidma_plat_acpi_hid_from_name(pd->pdev.name, pd->acpi_ids,
				sizeof(pd->acpi_ids));
	n = hidma_plat_sysfs_read(dir, pd->pdev.name, "of_node/compatible", pd->compat,
			sizeof(pd->compat));
	pd->compat_len = n > 0 ? (size_t)n : 0;
}

static void
insert_sorted(struct rte_hidma_platform_device *pdev)
{
	struct rte_hidma_platform_device *cur;

	/* by name, so that probing order does not depend on readdir() */
	TAILQ_FOREACH(cur, &hidma_plat_bus.device_list, next) {
		if (strcmp(pdev->name, cur->name) < 0) {
			TAILQ_INSERT_BEFORE(cur, pdev, next);
			return;
		}
	}
	TAILQ_INSERT_TAIL(&hidma_plat_bus.device_list, pdev, next);
}

static void
scan_one(const char *dir, const char *name)
{
	struct rte_hidma_platform_device *pdev;
	struct hidma_plat_dev *pd;
	struct rte_devargs *da;
	char kdrv[64];
	char a[256], c[256];
	int ret;

	if (!hidma_plat_name_valid(name)) {
		/* INFO: every hotplug rescans, and no devargs can name it anyway */
		PLATFORM_LOG(INFO, "skipping %.*s...: name longer than %d characters",
				RTE_DEV_NAME_MAX_LEN - 1, name, RTE_DEV_NAME_MAX_LEN - 1);
		return;
	}
	da = devargs_lookup(name);
	if (device_ignored(da)) {
		PLATFORM_LOG(DEBUG, "%s: skipped, %s", name, da != NULL ?
				"blocked" : "not in the allow list");
		return;
	}
	ret = hidma_plat_sysfs_bound_to_vfio(dir, name, kdrv, sizeof(kdrv));
	if (ret <= 0) {
		/* a device the user asked for deserves more than a debug line */
		uint32_t level = da != NULL ? RTE_LOG_WARNING : RTE_LOG_DEBUG;

		if (ret < 0)
			rte_log(level, hidma_plat_logtype,
				RTE_HIDMA_PLATFORM_BUS_NAME ": %s: skipped, unusable driver link (%s)\n",
				name, strerror(-ret));
		else if (kdrv[0] == '\0')
			rte_log(level, hidma_plat_logtype,
				RTE_HIDMA_PLATFORM_BUS_NAME ": %s: skipped, not bound to any driver\n", name);
		else
			rte_log(level, hidma_plat_logtype,
				RTE_HIDMA_PLATFORM_BUS_NAME ": %s: skipped, bound to %s, not to "
				RTE_HIDMA_PLATFORM_KDRV_NAME "\n", name, kdrv);
		return;
	}

	pdev = find_by_name(name);
	if (pdev != NULL) {
		/* rescan (hotplug): the devargs may have been replaced */
		pdev->device.devargs = da;
		return;
	}
	pd = calloc(1, sizeof(*pd));
	if (pd == NULL) {
		PLATFORM_LOG(ERR, "%s: out of memory", name);
		return;
	}
	pdev = &pd->pdev;
	strlcpy(pdev->name, name, sizeof(pdev->name));
	pdev->device.name = pdev->name;
	pdev->device.bus = &hidma_plat_bus.bus;
	pdev->device.devargs = da;
	pdev->device.numa_node = hidma_plat_sysfs_numa_node(dir, name);
	pdev->dev_fd = -1;
	read_ids(dir, pd);
	insert_sorted(pdev);
	PLATFORM_LOG(INFO, "%s: found (numa %d, ACPI ids: %s, compatible: %s)", name,
			pdev->device.numa_node,
			list_str(pd->acpi_ids, pd->acpi_ids_len, a, sizeof(a)),
			list_str(pd->compat, pd->compat_len, c, sizeof(c)));
}

/*
 * An allow-listed device that is not in sysfs at all (a typo, or a
 * firmware that numbers its instances differently) would otherwise be
 * ignored without a word; devices that exist but cannot be used were
 * reported by scan_one().
 */
static void
warn_absent(const char *dir)
{
	struct rte_devargs *da;
	char path[PATH_MAX];

	RTE_EAL_DEVARGS_FOREACH(hidma_plat_bus.bus.name, da) {
		if (da->policy != RTE_DEV_ALLOWED || find_by_name(da->name) != NULL)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, da->name) < (int)sizeof(path) &&
				access(path, F_OK) == 0)
			continue;
		PLATFORM_LOG(WARNING, "%s: in the allow list but not in %s: no such device (see the ACPI or DT names there)",
				da->name, dir);
	}
}

static int
hidma_plat_scan(void)
{
	const char *dir = hidma_plat_sysfs_devices();
	struct dirent *e;
	DIR *d;

	d = opendir(dir);
	if (d == NULL) {
		int err = errno;

		/* no platform bus in this sysfs (a container, say): no devices */
		if (err == ENOENT) {
			PLATFORM_LOG(DEBUG, "%s does not exist, no devices", dir);
			warn_absent(dir);
			return 0;
		}
		PLATFORM_LOG(ERR, "cannot read %s: %s", dir, strerror(err));
		return -err;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		scan_one(dir, e->d_name);
	}
	closedir(d);
	warn_absent(dir);
	return 0;
}

/* ----------------------------------------------- multi-process record */

static struct hidma_plat_mp_rec *
mp_rec(int create)
{
	const struct rte_memzone *mz = rte_memzone_lookup(PLATFORM_MP_MZ);

	if (mz == NULL && create) {
		mz = rte_memzone_reserve(PLATFORM_MP_MZ, sizeof(struct hidma_plat_mp_rec),
				SOCKET_ID_ANY, 0);
		if (mz != NULL)
			memset(mz->addr, 0, mz->len);
	}
	return mz != NULL ? mz->addr : NULL;
}

const struct hidma_plat_mp_dev *
hidma_plat_mp_lookup(const char *name)
{
	const struct hidma_plat_mp_rec *rec = mp_rec(0);
	unsigned int i;

	for (i = 0; rec != NULL && i < PLATFORM_MP_MAX_DEVS; i++)
		if (strcmp(rec->dev[i].name, name) == 0)
			return &rec->dev[i];
	return NULL;
}

/* primary: after a successful probe; a device left out is only lost to secondaries */
static void
mp_record(const struct rte_hidma_platform_device *pdev)
{
	struct hidma_plat_mp_rec *rec;
	struct hidma_plat_mp_dev *e = NULL;
	unsigned int i;

	if (pdev->num_resource > PLATFORM_MP_MAX_REGIONS) {
		PLATFORM_LOG(WARNING, "%s: %u regions, more than secondary processes can map (%d)",
				pdev->name, pdev->num_resource, PLATFORM_MP_MAX_REGIONS);
		return;
	}
	rec = mp_rec(1);
	if (rec == NULL) {
		PLATFORM_LOG(WARNING, "%s: no memzone %s (%s): secondary processes will not see it",
				pdev->name, PLATFORM_MP_MZ, rte_strerror(rte_errno));
		return;
	}
	for (i = 0; i < PLATFORM_MP_MAX_DEVS && e == NULL; i++)
		if (rec->dev[i].name[0] == '\0')
			e = &rec->dev[i];
	if (e == NULL) {
		PLATFORM_LOG(WARNING, "%s: more than %d devices probed: secondary processes will not see it",
				pdev->name, PLATFORM_MP_MAX_DEVS);
		return;
	}
	e->nb_regions = pdev->num_resource;
	for (i = 0; i < pdev->num_resource; i++) {
		e->region[i].addr = (uintptr_t)pdev->resource[i].mem.addr;
		e->region[i].len = pdev->resource[i].mem.len;
	}
	/* the name last: a secondary scanning meanwhile sees a whole entry or none */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	strlcpy(e->name, pdev->name, sizeof(e->name));
}

static void
mp_forget(const char *name)
{
	struct hidma_plat_mp_dev *e = (struct hidma_plat_mp_dev *)(uintptr_t)
		hidma_plat_mp_lookup(name);

	if (e != NULL)
		memset(e, 0, sizeof(*e));
}

/* ------------------------------------------------------- VFIO and probe */

void
hidma_plat_device_teardown(struct rte_hidma_platform_device *pdev)
{
	unsigned int i;

	for (i = 0; i < pdev->num_resource; i++) {
		vfio_ops->unmap(pdev->resource[i].mem.addr, pdev->resource[i].mem.len);
		free(pdev->resource[i].name);
	}
	free(pdev->resource);
	pdev->resource = NULL;
	pdev->num_resource = 0;
	if (pdev->dev_fd >= 0)
		vfio_ops->release(hidma_plat_sysfs_devices(), pdev->name, pdev->dev_fd);
	pdev->dev_fd = -1;
}

static int
map_region(struct rte_hidma_platform_device *pdev, uint32_t i, const char *reg_names,
		size_t names_len, const struct hidma_plat_mp_dev *want)
{
	void *at = want != NULL ? (void *)(uintptr_t)want->region[i].addr : NULL;
	struct rte_hidma_platform_resource *res = &pdev->resource[i];
	struct hidma_plat_vfio_region_info ri;
	uint64_t pg = (uint64_t)sysconf(_SC_PAGESIZE);
	const char *name;
	void *va;
	int ret;

	ret = vfio_ops->region_info(pdev->dev_fd, i, &ri);
	if (ret < 0) {
		PLATFORM_LOG(ERR, "%s: cannot get VFIO region %u info: %s", pdev->name, i,
				strerror(-ret));
		return ret;
	}
	/*
	 * vfio-platform offers mmap only for regions whose base and size are
	 * page multiples (a 4 KiB region on a 64 KiB-page kernel is not);
	 * drivers need a pointer, so such a region makes the device unusable.
	 */
	if (!(ri.flags & PLATFORM_VFIO_REGION_MMAP) || ri.size == 0 || ri.size % pg != 0 ||
			ri.offset % pg != 0) {
		PLATFORM_LOG(ERR, "%s: VFIO region %u (size 0x%" PRIx64 ", flags 0x%x) cannot be mmapped: base and size must be multiples of the %" PRIu64 "-byte page",
				pdev->name, i, ri.size, ri.flags, pg);
		return -ENOTSUP;
	}
	if (want != NULL && ri.size != want->region[i].len) {
		PLATFORM_LOG(ERR, "%s: VFIO region %u is 0x%" PRIx64 " bytes here, 0x%" PRIx64 " in the primary process: not the same device",
				pdev->name, i, ri.size, want->region[i].len);
		return -EINVAL;
	}
	va = vfio_ops->map(pdev->dev_fd, &ri, at);
	if (va == NULL && at != NULL && errno == EADDRINUSE) {
		PLATFORM_LOG(ERR, "%s: VFIO region %u cannot be mapped at %p, where the primary process has it: this process uses that address (start the secondary like the primary: same binary and libraries, same --base-virtaddr)",
				pdev->name, i, at);
		return -EADDRINUSE;
	}
	if (va == NULL) {
		ret = -errno;
		PLATFORM_LOG(ERR, "%s: mmap of VFIO region %u (size 0x%" PRIx64 ") failed: %s",
				pdev->name, i, ri.size, strerror(errno));
		return ret;
	}
	name = hidma_plat_list_nth(reg_names, names_len, i);
	if (name != NULL) {
		res->name = strdup(name);
		if (res->name == NULL) {
			vfio_ops->unmap(va, ri.size);
			return -ENOMEM;
		}
	}
	res->mem.addr = va;
	res->mem.len = ri.size;
	res->mem.phys_addr = 0;
	pdev->num_resource = i + 1;
	PLATFORM_LOG(DEBUG, "%s: region %u%s%s%s: 0x%" PRIx64 " bytes at %p", pdev->name, i,
			name != NULL ? " (" : "", name != NULL ? name : "", name != NULL ? ")" : "",
			ri.size, va);
	return 0;
}

int
hidma_plat_device_setup(struct rte_hidma_platform_device *pdev,
		const struct hidma_plat_mp_dev *want)
{
	const char *dir = hidma_plat_sysfs_devices();
	struct hidma_plat_vfio_dev_info info;
	char reg_names[PLATFORM_IDS_MAX];
	ssize_t names_len;
	const char *why = NULL;
	uint32_t i;
	int fd = -1;
	int ret;

	ret = vfio_ops->available(&why);
	if (ret < 0) {
		PLATFORM_LOG(ERR, "%s: cannot probe: %s; a platform device needs VFIO with an IOMMU and the vfio-platform driver (doc/guides/bus/platform.rst)",
				pdev->name, why);
		return ret;
	}
	ret = vfio_ops->setup(dir, pdev->name, &fd, &info);
	if (ret == 1) {
		PLATFORM_LOG(ERR, "%s: cannot probe: not managed by VFIO (no IOMMU group link in sysfs, or /dev/vfio/<group> missing)",
				pdev->name);
		return -ENODEV;
	}
	if (ret < 0) {
		PLATFORM_LOG(ERR, "%s: cannot probe: VFIO device setup failed (see the EAL messages above)",
				pdev->name);
		return -EIO;
	}
	pdev->dev_fd = fd;
	if (!(info.flags & PLATFORM_VFIO_DEV_PLATFORM)) {
		PLATFORM_LOG(ERR, "%s: VFIO device is not a platform device (flags 0x%x)",
				pdev->name, info.flags);
		ret = -ENOTSUP;
		goto fail;
	}
	if (want != NULL && info.num_regions != want->nb_regions) {
		PLATFORM_LOG(ERR, "%s: %u VFIO regions here, %u in the primary process: not the same device",
				pdev->name, info.num_regions, want->nb_regions);
		ret = -EINVAL;
		goto fail;
	}
	if (info.num_regions == 0)
		PLATFORM_LOG(WARNING, "%s: VFIO reports no MMIO region", pdev->name);
	if (info.num_regions > 0) {
		pdev->resource = calloc(info.num_regions, sizeof(*pdev->resource));
		if (pdev->resource == NULL) {
			ret = -ENOMEM;
			goto fail;
		}
	}
	/* only DT nodes name their regions; ACPI ones leave the names NULL */
	names_len = hidma_plat_sysfs_read(dir, pdev->name, "of_node/reg-names", reg_names,
			sizeof(reg_names));
	if (names_len < 0)
		names_len = 0;
	for (i = 0; i < info.num_regions; i++) {
		ret = map_region(pdev, i, reg_names, names_len, want);
		if (ret < 0)
			goto fail;
	}
	return 0;
fail:
	hidma_plat_device_teardown(pdev);
	return ret;
}

static int
device_attach(struct rte_hidma_platform_device *pdev)
{
	const struct rte_hidma_platform_id *id;
	struct rte_hidma_platform_driver *pdrv;
	const struct hidma_plat_mp_dev *want = NULL;
	int primary = rte_eal_process_type() == RTE_PROC_PRIMARY;
	int ret;

	/* before any VFIO work, unlike upstream, which maps again first */
	if (rte_dev_is_probed(&pdev->device))
		return -EEXIST;
	/* a secondary attaches to what the primary probed, nothing else */
	if (!primary) {
		want = hidma_plat_mp_lookup(pdev->name);
		if (want == NULL) {
			PLATFORM_LOG(DEBUG, "%s: not probed by the primary process", pdev->name);
			return 1;
		}
	}
	pdrv = hidma_plat_find_driver(pdev, &id);
	if (pdrv == NULL) {
		PLATFORM_LOG(DEBUG, "%s: no driver", pdev->name);
		return 1;
	}
	if (id != NULL)
		PLATFORM_LOG(INFO, "%s: matches driver %s (id %s, caps 0x%" PRIx32 ")", pdev->name,
				pdrv->driver.name,
				id->acpi_hid != NULL ? id->acpi_hid : id->compatible, id->caps);
	else
		PLATFORM_LOG(INFO, "%s: matches driver %s (by name)", pdev->name,
				pdrv->driver.name);
	if ((pdrv->drv_flags & RTE_HIDMA_PLATFORM_DRV_NEED_IOVA_AS_VA) &&
			rte_eal_iova_mode() != RTE_IOVA_VA) {
		PLATFORM_LOG(ERR, "%s: driver %s needs IOVA as VA (--iova-mode=va)", pdev->name,
				pdrv->driver.name);
		return -EINVAL;
	}
	ret = hidma_plat_device_setup(pdev, want);
	if (ret < 0)
		return ret;
	pdev->driver = pdrv;
	pdev->id = id;
	pdev->device.driver = &pdrv->driver;
	ret = pdrv->probe(pdev);
	if (ret != 0) {
		PLATFORM_LOG(ERR, "%s: driver %s failed to probe: %s", pdev->name,
				pdrv->driver.name, strerror(ret < 0 ? -ret : EIO));
		pdev->driver = NULL;
		pdev->id = NULL;
		pdev->device.driver = NULL;
		hidma_plat_device_teardown(pdev);
		return ret < 0 ? ret : -EIO;
	}
	if (primary)
		mp_record(pdev);
	PLATFORM_LOG(INFO, "%s: %s by %s (%u regions)", pdev->name,
			primary ? "probed" : "attached", pdrv->driver.name, pdev->num_resource);
	return 0;
}

static int
device_detach(struct rte_hidma_platform_device *pdev)
{
	struct rte_hidma_platform_driver *pdrv = pdev->driver;
	int ret;

	if (pdrv == NULL)
		return 1;
	if (pdrv->remove != NULL) {
		ret = pdrv->remove(pdev);
		if (ret < 0) {
			PLATFORM_LOG(ERR, "%s: driver %s failed to remove: %s", pdev->name,
					pdrv->driver.name, strerror(-ret));
			return ret;
		}
	}
	pdev->driver = NULL;
	pdev->id = NULL;
	pdev->device.driver = NULL;
	if (rte_eal_process_type() == RTE_PROC_PRIMARY)
		mp_forget(pdev->name);
	hidma_plat_device_teardown(pdev);
	return 0;
}

static int
hidma_plat_probe(void)
{
	struct rte_hidma_platform_device *pdev;
	size_t probed = 0, failed = 0;
	int ret;

	TAILQ_FOREACH(pdev, &hidma_plat_bus.device_list, next) {
		ret = device_attach(pdev);
		if (ret > 0 || ret == -EEXIST)
			continue;
		probed++;
		if (ret < 0)
			failed++;
	}
	return (probed > 0 && probed == failed) ? -1 : 0;
}

static int
hidma_plat_plug(struct rte_device *dev)
{
	return device_attach(RTE_DEV_TO_HIDMA_PLATFORM_DEV(dev));
}

static int
hidma_plat_unplug(struct rte_device *dev)
{
	struct rte_hidma_platform_device *pdev = RTE_DEV_TO_HIDMA_PLATFORM_DEV(dev);
	int ret;

	ret = device_detach(pdev);
	if (ret != 0)
		return ret;
	TAILQ_REMOVE(&hidma_plat_bus.device_list, pdev, next);
	rte_devargs_remove(dev->devargs);
	free(PLATFORM_DEV(pdev));
	return 0;
}

static struct rte_device *
hidma_plat_find_device(const struct rte_device *start, rte_dev_cmp_t cmp, const void *data)
{
	struct rte_hidma_platform_device *pdev;

	if (start != NULL)
		pdev = TAILQ_NEXT(RTE_DEV_TO_HIDMA_PLATFORM_DEV_CONST(start), next);
	else
		pdev = TAILQ_FIRST(&hidma_plat_bus.device_list);
	for (; pdev != NULL; pdev = TAILQ_NEXT(pdev, next))
		if (cmp(&pdev->device, data) == 0)
			return &pdev->device;
	return NULL;
}

static int
parse_known(const char *name)
{
	const struct rte_hidma_platform_driver *pdrv;
	char path[PATH_MAX];
	char hid[16];
	size_t len;

	if (find_by_name(name) != NULL)
		return 1;
	if (snprintf(path, sizeof(path), "%s/%s", hidma_plat_sysfs_devices(), name) <
			(int)sizeof(path) && access(path, F_OK) == 0)
		return 1;
	/* an ACPI name a driver knows, e.g. for a device bound later */
	len = hidma_plat_acpi_hid_from_name(name, hid, sizeof(hid));
	if (len == 0)
		return 0;
	TAILQ_FOREACH(pdrv, &hidma_plat_bus.driver_list, next)
		if (hidma_plat_match_ids(pdrv->id_table, hid, len, NULL, 0) != NULL)
			return 1;
	return 0;
}

/*
 * Claim a device name for "-a/-b hidma_platform:<name>" and hotplug: a known
 * device, an entry of the sysfs devices directory, or an ACPI-style name
 * whose _HID a registered driver matches. Upstream's needs a driver named
 * after the device.
 */
static int
hidma_plat_parse(const char *name, void *addr)
{
	if (!hidma_plat_name_valid(name) || !parse_known(name))
		return -EINVAL;
	if (addr != NULL)
		*(const char **)addr = name;
	return 0;
}

static int
hidma_plat_dma_map(struct rte_device *dev, void *addr, uint64_t iova, size_t len)
{
	struct rte_hidma_platform_device *pdev = RTE_DEV_TO_HIDMA_PLATFORM_DEV(dev);

	if (pdev->driver == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	if (pdev->driver->dma_map != NULL)
		return pdev->driver->dma_map(pdev, addr, iova, len);
	return vfio_ops->dma_map((uintptr_t)addr, iova, len);
}

static int
hidma_plat_dma_unmap(struct rte_device *dev, void *addr, uint64_t iova, size_t len)
{
	struct rte_hidma_platform_device *pdev = RTE_DEV_TO_HIDMA_PLATFORM_DEV(dev);

	if (pdev->driver == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	if (pdev->driver->dma_unmap != NULL)
		return pdev->driver->dma_unmap(pdev, addr, iova, len);
	return vfio_ops->dma_unmap((uintptr_t)addr, iova, len);
}

/*
 * Called after scan, before probe. Unlike upstream, which asks the not yet
 * assigned pdev->driver (always "don't care"), look at the driver each
 * device will match. No IOMMU (VFIO no-IOMMU mode) means physical addresses.
 */
static enum rte_iova_mode
hidma_plat_get_iommu_class(void)
{
	const struct rte_hidma_platform_id *id;
	struct rte_hidma_platform_driver *pdrv;
	struct rte_hidma_platform_device *pdev;
	int need_va = 0, matched = 0;

	TAILQ_FOREACH(pdev, &hidma_plat_bus.device_list, next) {
		pdrv = hidma_plat_find_driver(pdev, &id);
		if (pdrv == NULL)
			continue;
		matched = 1;
		if (pdrv->drv_flags & RTE_HIDMA_PLATFORM_DRV_NEED_IOVA_AS_VA)
			need_va = 1;
	}
	if (matched && vfio_ops->noiommu != NULL && vfio_ops->noiommu())
		return RTE_IOVA_PA;
	return need_va ? RTE_IOVA_VA : RTE_IOVA_DC;
}

static int
hidma_plat_cleanup(void)
{
	struct rte_hidma_platform_device *pdev, *tmp;
	int error = 0;

	RTE_TAILQ_FOREACH_SAFE(pdev, &hidma_plat_bus.device_list, next, tmp) {
		if (device_detach(pdev) < 0) {
			error = -1;
			/* the process is going away: unmap anyway */
			hidma_plat_device_teardown(pdev);
		}
		TAILQ_REMOVE(&hidma_plat_bus.device_list, pdev, next);
		free(PLATFORM_DEV(pdev));
	}
	return error;
}

struct hidma_plat_bus hidma_plat_bus = {
	.bus = {
		.scan = hidma_plat_scan,
		.probe = hidma_plat_probe,
		.find_device = hidma_plat_find_device,
		.plug = hidma_plat_plug,
		.unplug = hidma_plat_unplug,
		.parse = hidma_plat_parse,
		.dma_map = hidma_plat_dma_map,
		.dma_unmap = hidma_plat_dma_unmap,
		.get_iommu_class = hidma_plat_get_iommu_class,
		.dev_iterate = hidma_plat_dev_iterate,
		.cleanup = hidma_plat_cleanup,
	},
	.device_list = TAILQ_HEAD_INITIALIZER(hidma_plat_bus.device_list),
	.driver_list = TAILQ_HEAD_INITIALIZER(hidma_plat_bus.driver_list),
};

/*
 * RTE_REGISTER_BUS, but only once per process: the same bus can be loaded
 * twice (an application linking the build tree's copy while the EAL
 * autoloads an installed one), and two buses of one name would split the
 * drivers between them. Upstream's "platform" bus has another name and may
 * be registered beside this one, in either order.
 */
RTE_INIT_PRIO(hidma_plat_bus_register, BUS)
{
	if (rte_bus_find_by_name(RTE_HIDMA_PLATFORM_BUS_NAME) != NULL) {
		PLATFORM_LOG(WARNING, "bus already registered, keeping the first one (two copies of librte_bus_hidma_platform loaded?)");
		return;
	}
	hidma_plat_bus.bus.name = RTE_HIDMA_PLATFORM_BUS_NAME;
	rte_bus_register(&hidma_plat_bus.bus);
}
