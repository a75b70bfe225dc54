/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * The emulated HIDMA instance: "--vdev hidma_model0,channels=4" creates one
 * software model (lib/hidma_model), gives it an IOMMU view of the process's
 * DMA memory, runs its engine on a control thread or an EAL service, and
 * probes it the way the platform bus probes silicon: the management rawdev
 * "hidma_model0" (enable sequence included) and one channel dmadev
 * "hidma_model0-ch<N>" per channel. The drivers only see register windows
 * and IOVAs; nothing here is on their fast path.
 */

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/queue.h>
#include <time.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_eal_memconfig.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_memory.h>
#include <rte_pause.h>
#include <rte_service.h>
#include <rte_service_component.h>
#include <rte_spinlock.h>
#include <rte_string_fns.h>

#include <bus_vdev_driver.h>
#include <hidma_compat.h>
#include <hidma_kvargs.h>

#include "hidma_dmadev.h"
#include "hidma_hw.h"
#include "hidma_mgmt.h"
#include "hidma_model.h"
#include "hidma_model_mp.h"
#include "rte_pmd_hidma_model.h"

RTE_LOG_REGISTER_DEFAULT(hidma_model_logtype, INFO);

#define HM_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, hidma_model_logtype, "HIDMA_MODEL: " fmt "\n", ##__VA_ARGS__)
#define HM_DEV_LOG(hm, level, fmt, ...) \
	HM_LOG(level, "%s: " fmt, (hm)->name, ##__VA_ARGS__)

/* devargs of the instance; the management knobs come from hidma_mgmt.h */
#define HM_ARG_CHANNELS		"channels"
#define HM_ARG_FLAVOUR		"flavour"
#define HM_ARG_ENGINE		"engine"
#define HM_ARG_ENGINE_CPU	"engine_cpu"
#define HM_ARG_ENABLE		"enable"
#define HM_ARG_FAIL_EVERY	"fail_every"
#define HM_ARG_FAIL_PPM		"fail_ppm"
#define HM_ARG_FAIL_ERRINFO	"fail_errinfo"
#define HM_ARG_RESET_HANGS	"reset_hangs"
#define HM_ARG_BW_MBPS		"bw_mbps"
#define HM_ARG_TRE_LATENCY_NS	"tre_latency_ns"

#define HM_DEFAULT_CHANNELS	4
/*
 * Channel command bound handed to the channel driver. Silicon gets Linux's
 * 10 ms; the emulated engine is a thread that the OS may deschedule for
 * longer on a busy machine, and a channel whose recovery times out stays
 * halted until it is stopped.
 */
#define HM_DEFAULT_CMD_TIMEOUT_MS	2000

/*
 * Engine idle policy. While polls find work the engine never gives its CPU
 * away. After HM_IDLE_CHECK polls without work it naps HM_IDLE_NAP_US
 * between every HM_IDLE_CHECK polls, so that a thread sharing its CPU (the
 * main lcore, another instance's engine) runs; after HM_IDLE_MS without
 * work it naps HM_IDLE_SLEEP_US between polls. It naps rather than calling
 * sched_yield(): a thread that yields waits behind any runnable thread,
 * niced ones included, until a scheduler tick (up to 4 ms), while a thread
 * that wakes from a nap takes its CPU back from them at once.
 */
#define HM_IDLE_MS		50
#define HM_IDLE_NAP_US		1
#define HM_IDLE_SLEEP_US	20
#define HM_IDLE_CHECK		1024

enum hm_engine_mode {
	HM_ENGINE_THREAD,
	HM_ENGINE_SERVICE,
};

/* one run of the IOMMU view, contiguous in both IOVA and VA */
struct hm_map {
	uint64_t iova;
	uintptr_t va;
	uint64_t len;
	bool ext;	/* from rte_dev_dma_map(), not from DPDK's own memory */
};

struct hm_instance {
	TAILQ_ENTRY(hm_instance) next;
	struct rte_vdev_device *vdev;
	char name[RTE_DEV_NAME_MAX_LEN];
	struct hidma_model *model;
	unsigned int nb_channels;
	unsigned int flavour;		/* HIDMA_FLAVOUR_* */
	int numa_node;
	struct hidma_model_faults faults;

	/* engine */
	enum hm_engine_mode engine;
	int engine_cpu;			/* -1: where EAL puts control threads */
	pthread_t thread;
	bool thread_running;
	uint32_t thread_stop;
	uint32_t service_id;
	bool service_registered;

	/* IOMMU view bookkeeping (the model holds the translation itself) */
	pthread_mutex_t map_lock;
	struct hm_map *maps;
	unsigned int nb_maps;
	unsigned int max_maps;
	bool mem_cb;

	/* the devices probed on the instance */
	bool mgmt_created;
	unsigned int nb_chans_created;

	/* multi-process (hidma_model_mp.c): the primary's record */
	struct hm_shared *shared;
	bool attached;			/* a secondary's view of the primary's instance */
};

static TAILQ_HEAD(, hm_instance) hm_instances = TAILQ_HEAD_INITIALIZER(hm_instances);
static rte_spinlock_t hm_instances_lock = RTE_SPINLOCK_INITIALIZER;

/* ---------------------------------------------------------------- IOMMU view */

/* map_lock held. Never rte_malloc: memory callbacks run under the heap lock. */
static int
hm_map_record(struct hm_instance *hm, uint64_t iova, uintptr_t va, uint64_t len, bool ext)
{
	if (hm->nb_maps == hm->max_maps) {
		unsigned int n = hm->max_maps ? 2 * hm->max_maps : 64;
		struct hm_map *m = realloc(hm->maps, n * sizeof(*m));

		if (m == NULL)
			return -ENOMEM;
		hm->maps = m;
		hm->max_maps = n;
	}
	hm->maps[hm->nb_maps++] = (struct hm_map){ iova, va, len, ext };
	return 0;
}

/* map_lock held */
static int
hm_map_add(struct hm_instance *hm, uint64_t iova, uintptr_t va, uint64_t len, bool ext)
{
	int ret;

	ret = hm_map_record(hm, iova, va, len, ext);
	if (ret != 0)
		return ret;
	ret = hidma_model_dma_map(hm->model, iova, (void *)va, len);
	if (ret != 0) {
		hm->nb_maps--;
		HM_DEV_LOG(hm, ERR, "cannot map IOVA 0x%" PRIx64 " len 0x%" PRIx64 ": %s",
				iova, len, strerror(-ret));
		return ret;
	}
	HM_DEV_LOG(hm, DEBUG, "mapped IOVA 0x%" PRIx64 " -> VA 0x%" PRIxPTR " len 0x%" PRIx64 "%s",
			iova, va, len, ext ? " (external)" : "");
	return 0;
}

/* map_lock held */
static int
hm_map_del(struct hm_instance *hm, unsigned int i)
{
	int ret;

	ret = hidma_model_dma_unmap(hm->model, hm->maps[i].iova, hm->maps[i].len);
	if (ret != 0)
		HM_DEV_LOG(hm, ERR, "cannot unmap IOVA 0x%" PRIx64 " len 0x%" PRIx64 ": %s",
				hm->maps[i].iova, hm->maps[i].len, strerror(-ret));
	hm->maps[i] = hm->maps[--hm->nb_maps];
	return ret;
}

/* segments being merged into one run */
struct hm_run {
	struct hm_instance *hm;
	uint64_t iova;
	uintptr_t va;
	uint64_t len;
	int ret;
};

static void
hm_run_flush(struct hm_run *r)
{
	if (r->len != 0 && r->ret == 0)
		r->ret = hm_map_add(r->hm, r->iova, r->va, r->len, false);
	r->len = 0;
}

static void
hm_run_add(struct hm_run *r, const struct rte_memseg *ms)
{
	uintptr_t va = (uintptr_t)ms->addr;

	/* IOVA-less memory (--no-huge in PA mode) is invisible to devices */
	if (ms->addr == NULL || ms->iova == RTE_BAD_IOVA || ms->len == 0)
		return;
	if (r->len != 0 && va == r->va + r->len && ms->iova == r->iova + r->len) {
		r->len += ms->len;
		return;
	}
	hm_run_flush(r);
	r->iova = ms->iova;
	r->va = va;
	r->len = ms->len;
}

static int
hm_memseg_cb(const struct rte_memseg_list *msl, const struct rte_memseg *ms, void *arg)
{
	struct hm_run *r = arg;

	/* memory only registered with rte_extmem_register() needs rte_dev_dma_map() */
	if (msl->external && !msl->heap)
		return 0;
	hm_run_add(r, ms);
	return r->ret;
}

static void
hm_mem_event_cb(enum rte_mem_event type, const void *addr, size_t len, void *arg)
{
	struct hm_instance *hm = arg;
	uintptr_t start = (uintptr_t)addr, end = start + len;
	unsigned int i;

	pthread_mutex_lock(&hm->map_lock);
	if (type == RTE_MEM_EVENT_ALLOC) {
		const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(addr);
		struct hm_run r = { .hm = hm };
		uintptr_t va;

		if (msl == NULL || (msl->external && !msl->heap))
			goto out;
		/* the hotplug lock is held here: look segments up, don't walk */
		for (va = start; va < end; va += msl->page_sz) {
			const struct rte_memseg *ms = rte_mem_virt2memseg((void *)va, msl);

			if (ms != NULL)
				hm_run_add(&r, ms);
		}
		hm_run_flush(&r);
		goto out;
	}

	/*
	 * Free: cut [start, end) out of every run it touches. The model unmaps
	 * exactly that part of its (merged) ranges, so DMA to neighbouring
	 * buffers never sees a hole; the bookkeeping keeps what is left.
	 */
	for (i = 0; i < hm->nb_maps; ) {
		struct hm_map m = hm->maps[i];
		uintptr_t m_end = m.va + m.len;
		uintptr_t cut = RTE_MAX(m.va, start), cut_end = RTE_MIN(m_end, end);
		int ret;

		if (m.ext || cut >= cut_end) {
			i++;
			continue;
		}
		ret = hidma_model_dma_unmap(hm->model, m.iova + (cut - m.va), cut_end - cut);
		if (ret != 0)
			HM_DEV_LOG(hm, ERR, "cannot unmap VA 0x%" PRIxPTR " len 0x%" PRIxPTR ": %s",
					cut, cut_end - cut, strerror(-ret));
		hm->maps[i] = hm->maps[--hm->nb_maps];
		/* what is left of the run stays mapped in the model */
		if (m.va < cut)
			hm_map_record(hm, m.iova, m.va, cut - m.va, false);
		if (m_end > cut_end)
			hm_map_record(hm, m.iova + (cut_end - m.va), cut_end, m_end - cut_end,
					false);
	}
out:
	pthread_mutex_unlock(&hm->map_lock);
}

/* unique per instance, so several instances can each follow memory events */
static void
hm_cb_name(const struct hm_instance *hm, char *buf, size_t len)
{
	if (snprintf(buf, len, "hidma_model:%s", hm->name) >= (int)len)
		buf[len - 1] = '\0';
}

static int
hm_iommu_init(struct hm_instance *hm)
{
	struct hm_run r = { .hm = hm };
	char cb_name[RTE_MEM_EVENT_CALLBACK_NAME_LEN];
	int ret;

	hm_cb_name(hm, cb_name, sizeof(cb_name));
	/* no allocation may slip between the walk and the callback */
	rte_mcfg_mem_read_lock();
	pthread_mutex_lock(&hm->map_lock);
	ret = rte_memseg_walk_thread_unsafe(hm_memseg_cb, &r);
	hm_run_flush(&r);
	if (ret == 0)
		ret = r.ret;
	pthread_mutex_unlock(&hm->map_lock);
	if (ret == 0) {
		if (rte_mem_event_callback_register(cb_name, hm_mem_event_cb, hm) == 0)
			hm->mem_cb = true;
		else if (rte_errno != ENOTSUP)
			ret = -rte_errno;
		/* ENOTSUP: legacy memory (--no-huge, --legacy-mem) never changes */
	}
	rte_mcfg_mem_read_unlock();
	if (ret != 0) {
		HM_DEV_LOG(hm, ERR, "cannot build the IOMMU view: %s", strerror(-ret));
		return ret;
	}
	HM_DEV_LOG(hm, DEBUG, "IOMMU view: %u runs, IOVA mode %s%s", hm->nb_maps,
			rte_eal_iova_mode() == RTE_IOVA_PA ? "PA" : "VA",
			hm->mem_cb ? ", following memory hotplug" : "");
	return 0;
}

static void
hm_iommu_fini(struct hm_instance *hm)
{
	char cb_name[RTE_MEM_EVENT_CALLBACK_NAME_LEN];

	if (hm->mem_cb) {
		hm_cb_name(hm, cb_name, sizeof(cb_name));
		rte_mem_event_callback_unregister(cb_name, hm);
		hm->mem_cb = false;
	}
	/* the model is destroyed next: its view goes with it */
	free(hm->maps);
	hm->maps = NULL;
	hm->nb_maps = hm->max_maps = 0;
}

/* ---------------------------------------------------------------- engine */

static void *
hm_engine_thread(void *arg)
{
	struct hm_instance *hm = arg;
	struct hidma_model *model = hm->model;
	const uint64_t idle_limit = rte_get_timer_hz() / 1000 * HM_IDLE_MS;
	const struct timespec nap = { .tv_nsec = HM_IDLE_NAP_US * 1000 };
	const struct timespec sleep = { .tv_nsec = HM_IDLE_SLEEP_US * 1000 };
	uint64_t idle_since = 0;
	unsigned int idle = 0;

	/* the default 50 us timer slack would stretch every nap */
	prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);

	while (!__atomic_load_n(&hm->thread_stop, __ATOMIC_ACQUIRE)) {
		if (hidma_model_poll(model) != 0) {
			idle = 0;
			continue;
		}
		if (++idle % HM_IDLE_CHECK != 0) {
			rte_pause();
			continue;
		}
		if (idle == HM_IDLE_CHECK)
			idle_since = rte_get_timer_cycles();
		if (rte_get_timer_cycles() - idle_since < idle_limit) {
			nanosleep(&nap, NULL);
			continue;
		}
		/* long idle: sleep, and look for work after each sleep */
		while (!__atomic_load_n(&hm->thread_stop, __ATOMIC_ACQUIRE)) {
			if (hidma_model_busy(model) || hidma_model_poll(model) != 0)
				break;
			nanosleep(&sleep, NULL);
		}
		idle = 0;
	}
	return NULL;
}

static int
hm_thread_start(struct hm_instance *hm)
{
	char tname[RTE_MAX_THREAD_NAME_LEN];
	const char *id = hm->name + strlen("hidma_model");
	int ret;

	/* "hidma-eng-0" for hidma_model0; thread names are 15 characters */
	if (snprintf(tname, sizeof(tname), "hidma-eng-%s", *id != '\0' ? id : hm->name) >=
			(int)sizeof(tname))
		tname[sizeof(tname) - 1] = '\0';
	__atomic_store_n(&hm->thread_stop, 0, __ATOMIC_RELEASE);
	ret = hidma_compat_ctrl_thread_create(&hm->thread, tname, hm_engine_thread, hm);
	if (ret != 0) {
		HM_DEV_LOG(hm, ERR, "cannot create the engine thread: %s", strerror(-ret));
		return ret;
	}
	hm->thread_running = true;
	if (hm->engine_cpu >= 0) {
		rte_cpuset_t cpus;

		CPU_ZERO(&cpus);
		CPU_SET(hm->engine_cpu, &cpus);
		ret = pthread_setaffinity_np(hm->thread, sizeof(cpus), &cpus);
		if (ret != 0) {
			HM_DEV_LOG(hm, ERR, "%s=%d: cannot pin the engine thread: %s",
					HM_ARG_ENGINE_CPU, hm->engine_cpu, strerror(ret));
			__atomic_store_n(&hm->thread_stop, 1, __ATOMIC_RELEASE);
			pthread_join(hm->thread, NULL);
			hm->thread_running = false;
			return -ret;
		}
	}
	return 0;
}

static void
hm_thread_stop(struct hm_instance *hm)
{
	if (!hm->thread_running)
		return;
	__atomic_store_n(&hm->thread_stop, 1, __ATOMIC_RELEASE);
	pthread_join(hm->thread, NULL);
	hm->thread_running = false;
}

static int32_t
hm_engine_service(void *arg)
{
	struct hm_instance *hm = arg;

	return hidma_model_poll(hm->model) != 0 ? 0 : -EAGAIN;
}

static bool
hm_service_lcores_exist(void)
{
	unsigned int i;

	for (i = 0; i < RTE_MAX_LCORE; i++)
		if (rte_eal_lcore_role(i) == ROLE_SERVICE)
			return true;
	return false;
}

static int
hm_service_start(struct hm_instance *hm)
{
	struct rte_service_spec spec = {
		.callback = hm_engine_service,
		.callback_userdata = hm,
		.socket_id = hm->numa_node,
	};
	uint32_t lcores[RTE_MAX_LCORE];
	int nb, i, best = -1, best_n = INT32_MAX;
	int ret;

	/* service names are short (RTE_SERVICE_NAME_MAX): truncate, it is a label */
	if (snprintf(spec.name, sizeof(spec.name), "%s_engine", hm->name) >= (int)sizeof(spec.name))
		spec.name[sizeof(spec.name) - 1] = '\0';
	ret = rte_service_component_register(&spec, &hm->service_id);
	if (ret != 0) {
		HM_DEV_LOG(hm, ERR, "cannot register the engine service: %s", strerror(-ret));
		return ret;
	}
	hm->service_registered = true;
	rte_service_component_runstate_set(hm->service_id, 1);
	rte_service_runstate_set(hm->service_id, 1);

	/* for instances hot-plugged after EAL init, which does not map them */
	nb = rte_service_lcore_list(lcores, RTE_DIM(lcores));
	for (i = 0; i < nb; i++) {
		int n = rte_service_lcore_count_services(lcores[i]);

		if (n >= 0 && n < best_n) {
			best = lcores[i];
			best_n = n;
		}
	}
	if (best >= 0 && rte_service_map_lcore_set(hm->service_id, best, 1) == 0)
		HM_DEV_LOG(hm, NOTICE, "engine runs as EAL service \"%s\" (id %u) on service lcore %d",
				spec.name, hm->service_id, best);
	else
		HM_DEV_LOG(hm, WARNING,
				"engine=service but no service lcore: the engine service "
				"\"%s\" (id %u) does not run, so no channel can start or move "
				"data until it is mapped to a service lcore (EAL -s <mask>, "
				"or rte_service_map_lcore_set())",
				spec.name, hm->service_id);
	return 0;
}

static void
hm_service_stop(struct hm_instance *hm)
{
	uint64_t deadline;

	if (!hm->service_registered)
		return;
	/*
	 * rte_eal_cleanup() finalises the service library (freeing it) before
	 * it removes devices; it also turns every service lcore back into a
	 * plain lcore. With no service lcore left nothing can be running the
	 * engine, and the library must not be touched.
	 */
	if (!hm_service_lcores_exist()) {
		hm->service_registered = false;
		return;
	}
	rte_service_runstate_set(hm->service_id, 0);
	rte_service_component_runstate_set(hm->service_id, 0);
	deadline = rte_get_timer_cycles() + rte_get_timer_hz();
	while (rte_service_may_be_active(hm->service_id) == 1 &&
			rte_get_timer_cycles() < deadline)
		rte_pause();
	rte_service_component_unregister(hm->service_id);
	hm->service_registered = false;
}

/* ---------------------------------------------------------------- devargs */

struct hm_config {
	unsigned int nb_channels;
	unsigned int flavour;
	enum hm_engine_mode engine;
	int engine_cpu;
	unsigned int cmd_timeout_ms;
	struct hidma_model_faults faults;
	struct hidma_mgmt_params mgmt;
};

static const char *const hm_keys_help =
	HM_ARG_CHANNELS ", " HM_ARG_FLAVOUR ", " HM_ARG_ENGINE ", " HM_ARG_ENGINE_CPU ", "
	HM_ARG_ENABLE ", " HIDMA_MGMT_PARAM_KEYS ", " HM_ARG_FAIL_EVERY ", "
	HM_ARG_FAIL_PPM ", " HM_ARG_FAIL_ERRINFO ", " HM_ARG_RESET_HANGS ", "
	HM_ARG_BW_MBPS ", " HM_ARG_TRE_LATENCY_NS ", " HIDMA_ARG_CMD_TIMEOUT_MS;

static const char *const hm_valid_keys[] = {
	HM_ARG_CHANNELS, HM_ARG_FLAVOUR, HM_ARG_ENGINE, HM_ARG_ENGINE_CPU, HM_ARG_ENABLE,
	HM_ARG_FAIL_EVERY, HM_ARG_FAIL_PPM, HM_ARG_FAIL_ERRINFO, HM_ARG_RESET_HANGS,
	HM_ARG_BW_MBPS, HM_ARG_TRE_LATENCY_NS, HIDMA_ARG_CMD_TIMEOUT_MS,
	NULL
};

/* in the order of HIDMA_FLAVOUR_1_0, 1_1, 1_2 and of enum hm_engine_mode */
static const char *const hm_flavours[] = { "8061", "8062", "8063", NULL };
static const char *const hm_engines[] = { "thread", "service", NULL };

/* Everything except the management knobs, which need the channel count. */
static int
hm_parse_own(struct hm_config *c, const struct hidma_kvargs *k)
{
	uint64_t channels = HM_DEFAULT_CHANNELS, cpu = UINT64_MAX, enable = 1;
	uint64_t every = 0, ppm = 0, errinfo = 0, hangs = 0, mbps = 0, latency = 0;
	uint64_t timeout = HM_DEFAULT_CMD_TIMEOUT_MS;
	const struct {
		const char *key;
		uint64_t min, max;
		const char *accepted;
		uint64_t *v;
	} nums[] = {
		{ HM_ARG_CHANNELS, 1, HIDMA_MODEL_MAX_CHANNELS, "1..16", &channels },
		{ HM_ARG_ENGINE_CPU, 0, CPU_SETSIZE - 1, "0..1023", &cpu },
		{ HM_ARG_ENABLE, 0, 1, "0 or 1", &enable },
		{ HM_ARG_FAIL_EVERY, 0, UINT32_MAX, "0..4294967295", &every },
		{ HM_ARG_FAIL_PPM, 0, 1000000, "0..1000000", &ppm },
		{ HM_ARG_FAIL_ERRINFO, HIDMA_EVRE_ERRINFO_SRC_READ, HIDMA_EVRE_ERRINFO_CHID,
		  "1 (source read), 2 (destination write), 3 (opcode), 4 (length), 5 (channel)",
		  &errinfo },
		{ HM_ARG_RESET_HANGS, 0, 1, "0 or 1", &hangs },
		{ HM_ARG_BW_MBPS, 0, 1000000, "0..1000000 (MB/s, 0 = no cap)", &mbps },
		{ HM_ARG_TRE_LATENCY_NS, 0, 1000000000, "0..1000000000 (ns)", &latency },
		{ HIDMA_ARG_CMD_TIMEOUT_MS, 1, HIDMA_CMD_TIMEOUT_MS_MAX, "1..10000 (ms)", &timeout },
	};
	unsigned int i, flavour = HIDMA_FLAVOUR_1_2, engine = HM_ENGINE_THREAD;
	int ret;

	RTE_BUILD_BUG_ON(HIDMA_FLAVOUR_1_0 != 0 || HIDMA_FLAVOUR_1_1 != 1 || HIDMA_FLAVOUR_1_2 != 2);
	RTE_BUILD_BUG_ON(HM_ENGINE_THREAD != 0 || HM_ENGINE_SERVICE != 1);
	for (i = 0; i < RTE_DIM(nums); i++) {
		ret = hidma_kvargs_num(k, nums[i].key, nums[i].min, nums[i].max, nums[i].accepted,
				nums[i].v);
		if (ret < 0)
			return ret;
	}
	ret = hidma_kvargs_choice(k, HM_ARG_FLAVOUR, hm_flavours, "8061, 8062, 8063", &flavour);
	if (ret < 0)
		return ret;
	ret = hidma_kvargs_choice(k, HM_ARG_ENGINE, hm_engines, "thread, service", &engine);
	if (ret < 0)
		return ret;
	if (engine == HM_ENGINE_SERVICE && cpu != UINT64_MAX) {
		HIDMA_KVARGS_ERR(k, "devarg %s applies to engine=thread only; with engine=service "
				"the service lcore decides", HM_ARG_ENGINE_CPU);
		return -EINVAL;
	}
	c->nb_channels = channels;
	c->flavour = flavour;
	c->engine = engine;
	c->engine_cpu = cpu == UINT64_MAX ? -1 : (int)cpu;
	c->cmd_timeout_ms = timeout;
	c->faults.fail_every = every;
	c->faults.fail_ppm = ppm;
	c->faults.fail_errinfo = errinfo;
	c->faults.reset_hangs = hangs;
	c->faults.bw_bytes_per_sec = mbps * 1000 * 1000;
	c->faults.tre_latency_ns = latency;
	hidma_mgmt_params_init(&c->mgmt, c->nb_channels);
	c->mgmt.enable = enable != 0;
	return 0;
}

static int
hm_parse_devargs(struct hm_config *c, const char *dev, const char *args)
{
	struct hidma_kvargs k = {
		.dev = dev, .prefix = "HIDMA_MODEL: ", .logtype = hidma_model_logtype,
	};
	int ret;

	memset(c, 0, sizeof(*c));
	ret = hidma_kvargs_open(&k, args,
			(const char * const *const []){ hm_valid_keys, hidma_mgmt_kvargs_keys(), NULL },
			hm_keys_help);
	if (ret == 0)
		ret = hm_parse_own(c, &k);
	if (ret == 0)
		ret = hidma_mgmt_params_kvargs(&c->mgmt, &k);
	hidma_kvargs_close(&k);
	return ret;
}

/* ---------------------------------------------------------------- probe/remove */

static void
hm_chan_name(const struct hm_instance *hm, unsigned int ch, char *buf, size_t len)
{
	/* probe makes sure the instance name leaves room for the suffix */
	if (snprintf(buf, len, "%s-ch%u", hm->name, ch) >= (int)len)
		buf[0] = '\0';
}

/* secondary: forget the primary's devices, in the reverse order of hm_attach() */
static void
hm_detach(struct hm_instance *hm)
{
	char cname[RTE_DEV_NAME_MAX_LEN];

	while (hm->nb_chans_created > 0) {
		hm_chan_name(hm, --hm->nb_chans_created, cname, sizeof(cname));
		hidma_dmadev_detach(cname);
	}
	if (hm->mgmt_created)
		hidma_mgmt_detach(hm->name);
	hm->mgmt_created = false;
	if (hm->shared != NULL)
		__atomic_fetch_sub(&hm->shared->attached, 1, __ATOMIC_RELEASE);
	hm->shared = NULL;
	hm->model = NULL;
	pthread_mutex_destroy(&hm->map_lock);
}

/*
 * Probe in a secondary process: the primary's instance, with the same
 * rawdev and dmadev names and ids, on the same shared model. No register
 * is written: the primary may be using or recovering channels meanwhile.
 * The engine and the IOMMU view stay in the primary.
 */
static int
hm_attach(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	char cname[RTE_DEV_NAME_MAX_LEN];
	struct hm_instance *hm;
	struct hm_shared *sh;
	unsigned int ch;
	int ret;

	sh = hm_shared_lookup(name);
	if (sh == NULL)
		return -ENODEV;
	hm = calloc(1, sizeof(*hm));
	if (hm == NULL)
		return -ENOMEM;
	hm->vdev = vdev;
	hm->attached = true;
	strlcpy(hm->name, name, sizeof(hm->name));
	hm->nb_channels = sh->nb_channels;
	hm->flavour = sh->flavour;
	hm->model = sh->model;
	hm->numa_node = SOCKET_ID_ANY;
	hm->shared = sh;
	__atomic_fetch_add(&sh->attached, 1, __ATOMIC_ACQ_REL);
	pthread_mutex_init(&hm->map_lock, NULL);

	ret = hidma_mgmt_attach(name, &vdev->device);
	if (ret < 0)
		goto fail;
	hm->mgmt_created = true;
	for (ch = 0; ch < hm->nb_channels; ch++) {
		hm_chan_name(hm, ch, cname, sizeof(cname));
		ret = hidma_dmadev_attach(cname, &vdev->device);
		if (ret < 0)
			goto fail;
		hm->nb_chans_created++;
	}
	rte_spinlock_lock(&hm_instances_lock);
	TAILQ_INSERT_TAIL(&hm_instances, hm, next);
	rte_spinlock_unlock(&hm_instances_lock);
	HM_DEV_LOG(hm, INFO, "attached to the primary's instance (pid %d): %u channel%s, "
			"engine %s", (int)sh->primary_pid, hm->nb_channels,
			hm->nb_channels == 1 ? "" : "s",
			hm_shared_engine_running(sh) ? "running" : "NOT running");
	return 0;
fail:
	HM_LOG(ERR, "%s: cannot attach to the primary's instance: %s", name, strerror(-ret));
	hm_detach(hm);
	free(hm);
	return ret;
}

static void
hm_teardown(struct hm_instance *hm)
{
	char cname[RTE_DEV_NAME_MAX_LEN];
	bool service = hm->service_registered;

	if (hm->attached) {
		hm_detach(hm);
		return;
	}
	/* secondaries see the instance go before anything is freed */
	hm_shared_withdraw(hm->shared);
	hm->shared = NULL;
	/*
	 * Channels reset themselves on the way out, which needs a running
	 * engine: with the service engine (whose lcores may already be gone at
	 * EAL cleanup) a control thread stands in.
	 */
	if (hm->nb_chans_created > 0 && service) {
		hm_service_stop(hm);
		hm_thread_start(hm);
	}
	while (hm->nb_chans_created > 0) {
		int ret;

		hm_chan_name(hm, hm->nb_chans_created - 1, cname, sizeof(cname));
		/* -ENODEV: the application closed it (rte_dma_close releases) */
		ret = hidma_dmadev_destroy(cname);
		if (ret != 0 && ret != -ENODEV)
			HM_DEV_LOG(hm, WARNING, "cannot destroy channel %s: %s", cname,
					strerror(-ret));
		hm->nb_chans_created--;
	}
	if (hm->mgmt_created) {
		/* disables the instance */
		if (hidma_mgmt_destroy(hm->name) != 0)
			HM_DEV_LOG(hm, WARNING, "cannot destroy the management rawdev");
		hm->mgmt_created = false;
	}
	hm_service_stop(hm);
	hm_thread_stop(hm);
	if (hm->model != NULL) {
		hm_iommu_fini(hm);
		hidma_model_destroy(hm->model);
		hm->model = NULL;
	}
	pthread_mutex_destroy(&hm->map_lock);
}

/* dmadev priorities of the emulated channels: through the instance's rawdev */
static int
hm_chan_set_priority(void *mgmt_id, unsigned int chid, unsigned int high)
{
	return rte_pmd_hidma_mgmt_set_chan_priority((uintptr_t)mgmt_id, chid,
			high ? RTE_PMD_HIDMA_MGMT_PRIORITY_HIGH : RTE_PMD_HIDMA_MGMT_PRIORITY_LOW);
}

static int
hm_probe(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct hidma_model_params mp = { 0 };
	struct hm_instance *hm;
	struct hm_config c;
	unsigned int ch;
	int mgmt_id;
	int ret;

	/* room for "-ch15" in the channel names (RTE_DEV_NAME_MAX_LEN) */
	if (strlen(name) + strlen("-ch15") >= RTE_DEV_NAME_MAX_LEN) {
		HM_LOG(ERR, "%s: device name too long for its channel names", name);
		return -EINVAL;
	}
	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return hm_attach(vdev);
	ret = hm_parse_devargs(&c, name, rte_vdev_device_args(vdev));
	if (ret != 0)
		return ret;

	hm = calloc(1, sizeof(*hm));
	if (hm == NULL)
		return -ENOMEM;
	hm->vdev = vdev;
	strlcpy(hm->name, name, sizeof(hm->name));
	hm->nb_channels = c.nb_channels;
	hm->flavour = c.flavour;
	hm->engine = c.engine;
	hm->engine_cpu = c.engine_cpu;
	hm->faults = c.faults;
	hm->numa_node = vdev->device.numa_node < 0 ? SOCKET_ID_ANY : vdev->device.numa_node;
	pthread_mutex_init(&hm->map_lock, NULL);

	mp.nb_channels = c.nb_channels;
	mp.flavour = c.flavour;
	mp.seed = rte_get_timer_cycles();
	mp.faults = c.faults;
	/* shared memory: secondary processes attach to it (hidma_model_mp.h) */
	mp.alloc_fn = hm_shared_alloc;
	mp.free_fn = hm_shared_free;
	mp.alloc_arg = (void *)(intptr_t)hm->numa_node;
	hm->model = hidma_model_create(&mp);
	if (hm->model == NULL) {
		ret = errno != 0 ? -errno : -ENOMEM;
		HM_LOG(ERR, "%s: cannot create the model: %s", name, strerror(errno));
		goto fail;
	}
	ret = hm_iommu_init(hm);
	if (ret != 0)
		goto fail;

	/* channels reset at create, so an engine must run before they exist */
	ret = hm_thread_start(hm);
	if (ret != 0)
		goto fail;

	ret = hidma_mgmt_create(name, &vdev->device, hidma_model_mgmt_regs(hm->model), &c.mgmt,
			hm->numa_node);
	if (ret < 0)
		goto fail;
	hm->mgmt_created = true;
	mgmt_id = ret;

	for (ch = 0; ch < c.nb_channels; ch++) {
		struct hidma_chan_res res = {
			.trca = hidma_model_trca_regs(hm->model, ch),
			.evca = hidma_model_evca_regs(hm->model, ch),
			.caps = HIDMA_FLAVOUR_CAPS(c.flavour),
			.numa_node = hm->numa_node,
			.set_priority = hm_chan_set_priority,
			.priority_ctx = (void *)(uintptr_t)mgmt_id,
		};
		const struct hidma_chan_params cp = { .cmd_timeout_ms = c.cmd_timeout_ms };
		char cname[RTE_DEV_NAME_MAX_LEN];

		hm_chan_name(hm, ch, cname, sizeof(cname));
		ret = hidma_dmadev_create_params(cname, &vdev->device, &res, &cp);
		if (ret < 0) {
			HM_LOG(ERR, "%s: cannot create channel %s: %s", name, cname,
					strerror(-ret));
			goto fail;
		}
		hm->nb_chans_created++;
	}

	if (c.engine == HM_ENGINE_SERVICE) {
		hm_thread_stop(hm);
		ret = hm_service_start(hm);
		if (ret != 0)
			goto fail;
	} else if (hm->engine_cpu >= 0) {
		HM_DEV_LOG(hm, INFO, "engine on a control thread pinned to CPU %d",
				hm->engine_cpu);
	} else {
		HM_DEV_LOG(hm, INFO, "engine on a control thread");
	}

	hm->shared = hm_shared_publish(name, hm->model, c.nb_channels, c.flavour,
			hm->numa_node);
	if (hm->shared == NULL) {
		ret = -ENOMEM;
		goto fail;
	}
	rte_spinlock_lock(&hm_instances_lock);
	TAILQ_INSERT_TAIL(&hm_instances, hm, next);
	rte_spinlock_unlock(&hm_instances_lock);
	__atomic_store_n(&hm->shared->engine_running,
			rte_pmd_hidma_model_engine_running(name) == 1, __ATOMIC_RELEASE);
	{
		const char *hid = c.flavour == HIDMA_FLAVOUR_1_0 ? "8061" :
			c.flavour == HIDMA_FLAVOUR_1_1 ? "8062" : "8063";

		const char *off = c.mgmt.enable ? "" :
			" (disabled by enable=0: rte_rawdev_start() enables it)";

		if (c.nb_channels == 1)
			HM_DEV_LOG(hm, INFO, "QCOM%s instance: 1 channel %s-ch0, "
					"management rawdev %s%s", hid, name, name, off);
		else
			HM_DEV_LOG(hm, INFO, "QCOM%s instance: %u channels %s-ch0 to %s-ch%u, "
					"management rawdev %s%s", hid, c.nb_channels, name, name,
					c.nb_channels - 1, name, off);
	}
	return 0;

fail:
	hm_teardown(hm);
	free(hm);
	return ret;
}

static struct hm_instance *
hm_find(const struct rte_vdev_device *vdev)
{
	struct hm_instance *hm;

	rte_spinlock_lock(&hm_instances_lock);
	TAILQ_FOREACH(hm, &hm_instances, next)
		if (hm->vdev == vdev)
			break;
	rte_spinlock_unlock(&hm_instances_lock);
	return hm;
}

static int
hm_remove(struct rte_vdev_device *vdev)
{
	struct hm_instance *hm = hm_find(vdev);

	if (hm == NULL)
		return -ENODEV;
	rte_spinlock_lock(&hm_instances_lock);
	TAILQ_REMOVE(&hm_instances, hm, next);
	rte_spinlock_unlock(&hm_instances_lock);
	hm_teardown(hm);
	HM_LOG(INFO, "%s: %s", hm->name, hm->attached ? "detached (the primary keeps it)" :
			"removed");
	free(hm);
	return 0;
}

/* rte_dev_dma_map(): external memory the application registered for DMA */
static int
hm_dma_map(struct rte_vdev_device *vdev, void *addr, uint64_t iova, size_t len)
{
	struct hm_instance *hm = hm_find(vdev);
	int ret;

	if (hm == NULL) {
		rte_errno = ENODEV;
		return -1;
	}
	if (hm->attached) {
		/* the IOMMU view is the engine's, in the primary */
		HM_DEV_LOG(hm, ERR, "map external memory for DMA in the primary process");
		rte_errno = ENOTSUP;
		return -1;
	}
	pthread_mutex_lock(&hm->map_lock);
	ret = hm_map_add(hm, iova, (uintptr_t)addr, len, true);
	pthread_mutex_unlock(&hm->map_lock);
	if (ret != 0) {
		rte_errno = -ret;
		return -1;
	}
	return 0;
}

static int
hm_dma_unmap(struct rte_vdev_device *vdev, void *addr, uint64_t iova, size_t len)
{
	struct hm_instance *hm = hm_find(vdev);
	unsigned int i;
	int ret = -ENOENT;

	if (hm == NULL) {
		rte_errno = ENODEV;
		return -1;
	}
	pthread_mutex_lock(&hm->map_lock);
	for (i = 0; i < hm->nb_maps; i++) {
		const struct hm_map *m = &hm->maps[i];

		if (m->ext && m->iova == iova && m->va == (uintptr_t)addr && m->len == len) {
			ret = hm_map_del(hm, i);
			break;
		}
	}
	pthread_mutex_unlock(&hm->map_lock);
	if (ret != 0) {
		rte_errno = -ret;
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- public API */

static struct hm_instance *
hm_find_by_name(const char *name)
{
	struct hm_instance *hm;

	rte_spinlock_lock(&hm_instances_lock);
	TAILQ_FOREACH(hm, &hm_instances, next)
		if (strcmp(hm->name, name) == 0)
			break;
	rte_spinlock_unlock(&hm_instances_lock);
	return hm;
}

int
rte_pmd_hidma_model_faults_get(const char *instance, struct rte_pmd_hidma_model_faults *out)
{
	struct hidma_model_faults f;
	struct hm_instance *hm;

	if (instance == NULL || out == NULL)
		return -EINVAL;
	hm = hm_find_by_name(instance);
	if (hm == NULL)
		return -ENODEV;
	hidma_model_get_faults(hm->model, &f);
	memset(out, 0, sizeof(*out));
	out->fail_every = f.fail_every;
	out->fail_ppm = f.fail_ppm;
	out->fail_errinfo = f.fail_errinfo;
	out->reset_hangs = f.reset_hangs;
	out->bw_mbps = f.bw_bytes_per_sec / (1000 * 1000);
	out->tre_latency_ns = f.tre_latency_ns;
	return 0;
}

int
rte_pmd_hidma_model_faults_set(const char *instance, const struct rte_pmd_hidma_model_faults *in)
{
	struct hidma_model_faults f = { 0 };
	struct hm_instance *hm;

	if (instance == NULL)
		return -EINVAL;
	hm = hm_find_by_name(instance);
	if (hm == NULL)
		return -ENODEV;
	if (in != NULL) {
		/* the devargs' ranges: what the model is known to handle */
		if (in->fail_ppm > RTE_PMD_HIDMA_MODEL_FAIL_PPM_MAX ||
				in->fail_errinfo > RTE_PMD_HIDMA_MODEL_ERRINFO_CHID ||
				in->reset_hangs > 1 ||
				in->bw_mbps > RTE_PMD_HIDMA_MODEL_BW_MBPS_MAX ||
				in->tre_latency_ns > RTE_PMD_HIDMA_MODEL_LATENCY_NS_MAX)
			return -EINVAL;
		f.fail_every = in->fail_every;
		f.fail_ppm = in->fail_ppm;
		f.fail_errinfo = in->fail_errinfo;
		f.reset_hangs = in->reset_hangs != 0;
		f.bw_bytes_per_sec = (uint64_t)in->bw_mbps * 1000 * 1000;
		f.tre_latency_ns = in->tre_latency_ns;
	}
	hidma_model_set_faults(hm->model, &f);
	HM_DEV_LOG(hm, INFO, "faults set at run time: fail_every %u fail_ppm %u fail_errinfo %u "
			"reset_hangs %u bw_mbps %" PRIu64 " tre_latency_ns %" PRIu64,
			f.fail_every, f.fail_ppm, f.fail_errinfo, f.reset_hangs,
			f.bw_bytes_per_sec / (1000 * 1000), f.tre_latency_ns);
	return 0;
}

int
rte_pmd_hidma_model_engine_running(const char *instance)
{
	struct hm_instance *hm;
	uint32_t lcores[RTE_MAX_LCORE];
	int nb, i;

	if (instance == NULL)
		return -EINVAL;
	hm = hm_find_by_name(instance);
	if (hm == NULL)
		return -ENODEV;
	if (hm->attached)
		return hm_shared_engine_running(hm->shared) ? 1 : 0;
	if (hm->engine == HM_ENGINE_THREAD)
		return hm->thread_running ? 1 : 0;
	if (!hm->service_registered || rte_service_runstate_get(hm->service_id) != 1)
		return 0;
	nb = rte_service_lcore_list(lcores, RTE_DIM(lcores));
	for (i = 0; i < nb; i++)
		if (rte_service_map_lcore_get(hm->service_id, lcores[i]) == 1)
			return 1;
	return 0;
}

static struct rte_vdev_driver hm_vdev_driver = {
	.probe = hm_probe,
	.remove = hm_remove,
	.dma_map = hm_dma_map,
	.dma_unmap = hm_dma_unmap,
};

#define HM_PARAM_STRING \
	HM_ARG_CHANNELS "=<1-16> " \
	HM_ARG_FLAVOUR "=<8061|8062|8063> " \
	HM_ARG_ENGINE "=<thread|service> " \
	HM_ARG_ENGINE_CPU "=<cpu> " \
	HM_ARG_ENABLE "=<0|1> " \
	HIDMA_MGMT_PARAM_STRING " " \
	HM_ARG_FAIL_EVERY "=<n> " \
	HM_ARG_FAIL_PPM "=<0-1000000> " \
	HM_ARG_FAIL_ERRINFO "=<1-5> " \
	HM_ARG_RESET_HANGS "=<0|1> " \
	HM_ARG_BW_MBPS "=<MB/s> " \
	HM_ARG_TRE_LATENCY_NS "=<ns> " \
	HIDMA_ARG_CMD_TIMEOUT_MS "=<1-10000>"

RTE_PMD_REGISTER_VDEV(hidma_model, hm_vdev_driver);
RTE_PMD_REGISTER_PARAM_STRING(hidma_model, HM_PARAM_STRING);

