/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The only file of the bus that talks to the kernel's VFIO: opening a
 * device, querying and mapping its regions, releasing it, and DMA mapping in
 * the default container. Everything else is plain sysfs reading and
 * bookkeeping, tested against fake sysfs trees with a fake of this file's
 * operations. The development machines have no VFIO, so the code below has
 * only been compiled, never run (see doc/guides/bus/platform.rst).
 */

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_vfio.h>

#include <hidma_compat.h>

#include "private.h"

/* HIDMA_COMPAT_HAVE_VFIO: whether the DPDK built against has VFIO */
#ifdef HIDMA_COMPAT_HAVE_VFIO

#include <linux/vfio.h>

static_assert(PLATFORM_VFIO_DEV_PLATFORM == VFIO_DEVICE_FLAGS_PLATFORM, "flag");
static_assert(PLATFORM_VFIO_REGION_READ == VFIO_REGION_INFO_FLAG_READ, "flag");
static_assert(PLATFORM_VFIO_REGION_WRITE == VFIO_REGION_INFO_FLAG_WRITE, "flag");
static_assert(PLATFORM_VFIO_REGION_MMAP == VFIO_REGION_INFO_FLAG_MMAP, "flag");

static int
vfio_available(const char **why)
{
	/* EAL enables VFIO at init only when the "vfio" module is present */
	if (rte_vfio_is_enabled("vfio"))
		return 0;
	*why = "VFIO is not available (kernel module vfio not loaded or /dev/vfio/vfio missing)";
	return -ENODEV;
}

static int
vfio_setup(const char *dir, const char *name, int *fd, struct hidma_plat_vfio_dev_info *info)
{
	struct vfio_device_info dev_info = { .argsz = sizeof(dev_info) };
	int ret;

	ret = rte_vfio_setup_device(dir, name, fd, &dev_info);
	if (ret != 0)
		return ret;
	info->flags = dev_info.flags;
	info->num_regions = dev_info.num_regions;
	return 0;
}

static int
vfio_region_info(int fd, uint32_t index, struct hidma_plat_vfio_region_info *info)
{
	struct vfio_region_info reg = { .argsz = sizeof(reg), .index = index };

	if (ioctl(fd, VFIO_DEVICE_GET_REGION_INFO, &reg) < 0)
		return -errno;
	info->flags = reg.flags;
	info->size = reg.size;
	info->offset = reg.offset;
	return 0;
}

/* Linux >= 4.17; older kernels ignore the flag and take @addr as a hint */
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static void *
vfio_map(int fd, const struct hidma_plat_vfio_region_info *info, void *addr)
{
	int flags = MAP_SHARED | (addr != NULL ? MAP_FIXED_NOREPLACE : 0);
	void *va = mmap(addr, info->size, PROT_READ | PROT_WRITE, flags, fd, info->offset);

	if (va == MAP_FAILED) {
		if (errno == EEXIST)
			errno = EADDRINUSE;
		return NULL;
	}
	if (addr != NULL && va != addr) {
		/* an old kernel placed it elsewhere: never use MAP_FIXED, it replaces */
		munmap(va, info->size);
		errno = EADDRINUSE;
		return NULL;
	}
	return va;
}

static void
vfio_unmap(void *addr, size_t len)
{
	munmap(addr, len);
}

static void
vfio_release(const char *dir, const char *name, int fd)
{
	rte_vfio_release_device(dir, name, fd);
}

static int
vfio_dma_map(uint64_t va, uint64_t iova, uint64_t len)
{
	return rte_vfio_container_dma_map(RTE_VFIO_DEFAULT_CONTAINER_FD, va, iova, len);
}

static int
vfio_dma_unmap(uint64_t va, uint64_t iova, uint64_t len)
{
	return rte_vfio_container_dma_unmap(RTE_VFIO_DEFAULT_CONTAINER_FD, va, iova, len);
}

static int
vfio_noiommu(void)
{
	return rte_vfio_noiommu_is_enabled() == 1;
}

const struct hidma_plat_vfio_ops hidma_plat_vfio_linux = {
	.available = vfio_available,
	.setup = vfio_setup,
	.region_info = vfio_region_info,
	.map = vfio_map,
	.unmap = vfio_unmap,
	.release = vfio_release,
	.dma_map = vfio_dma_map,
	.dma_unmap = vfio_dma_unmap,
	.noiommu = vfio_noiommu,
};

#else /* !HIDMA_COMPAT_HAVE_VFIO */

static int
vfio_absent(const char **why)
{
	*why = "this DPDK was built without VFIO support";
	return -ENOTSUP;
}

/* available() fails first, so the bus never calls anything else */
const struct hidma_plat_vfio_ops hidma_plat_vfio_linux = {
	.available = vfio_absent,
};

#endif /* HIDMA_COMPAT_HAVE_VFIO */
