/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Multi-process tests on the emulated instance: this program runs as the
 * primary (what meson starts, with the vdev on its command line) and starts
 * itself again as a secondary process of the same --file-prefix. The two
 * talk over two pipes, one byte per step, and share a memzone with the
 * buffers and what each expects of the other. Every wait is for a message,
 * a process's exit or a number of completions, never for a time.
 *
 * Scenarios (argument after "--"): copy, qos, kill, exit, recover.
 */

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_dev.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memzone.h>
#include <rte_rawdev.h>

#include <rte_pmd_hidma.h>
#include <rte_pmd_hidma_mgmt.h>
#include <rte_pmd_hidma_model.h>

#include "hidma_test.h"

#define INSTANCE	"hidma_model0"
#define MZ_NAME		"hidma_mp_test"
#define NB_DESC		128
#define JOB_LEN		4096
#define NB_JOBS		64
#define BUF_LEN		(NB_JOBS * JOB_LEN)
#define QOS_LEN		(64 * 1024)
#define QOS_STEPS	256	/* steps per channel in a measured split */
#define QOS_DESC	1024	/* both rings hold all their steps at once */
#define MAX_POLLS	200000000ull	/* bound of every completion wait */

/* what both processes see */
struct mp_shared {
	int16_t chan[2];		/* dmadev ids in the primary */
	int mgmt;			/* rawdev id in the primary */
	uint16_t nb_dmadevs;
	uint64_t submitted;		/* ch1's counters as the primary last read them */
	uint64_t completed;
	uint8_t src[BUF_LEN] __rte_aligned(4096);
	uint8_t dst_sec[BUF_LEN] __rte_aligned(4096);	/* written by the secondary's jobs */
	uint8_t dst_pri[BUF_LEN] __rte_aligned(4096);	/* by the primary's */
	uint8_t qos_dst[2][QOS_LEN] __rte_aligned(4096);
	uint8_t ones[QOS_STEPS];
	uint8_t marker[QOS_STEPS];		/* ch0 sets marker[k] at its step k */
	uint8_t snap[QOS_STEPS][QOS_STEPS];	/* ch1 copies marker[] at its step j */
};

static int to_child = -1, from_child = -1;	/* primary's ends */
static int to_parent = -1, from_parent = -1;	/* secondary's ends */

static int __rte_format_printf(3, 4)
fail(const char *func, int line, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL %s:%d: ", func, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return -1;
}

/* "return MP_FAIL(...);" where a check fails */
#define MP_FAIL(...) fail(__func__, __LINE__, __VA_ARGS__)

static int
msg_send(int fd, char c)
{
	return write(fd, &c, 1) == 1 ? 0 : -1;
}

/* the peer's next step, or -1 when it is gone (EOF) */
static int
msg_wait(int fd, char want)
{
	char c;
	ssize_t n;

	do {
		n = read(fd, &c, 1);
	} while (n < 0 && errno == EINTR);
	if (n != 1) {
		printf("FAIL: peer process gone while waiting for '%c'\n", want);
		return -1;
	}
	if (c != want) {
		printf("FAIL: peer sent '%c', expected '%c'\n", c, want);
		return -1;
	}
	return 0;
}

/* a look at the pipe, without waiting: 1 when the byte came, -1 on EOF */
static int
msg_poll(int fd, char want)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char c;
	ssize_t n;

	if (poll(&pfd, 1, 0) <= 0)
		return 0;
	n = read(fd, &c, 1);
	if (n == 1)
		return c == want ? 1 : -1;
	return n == 0 ? -1 : 0;
}

static struct mp_shared *
shared_get(bool create)
{
	const struct rte_memzone *mz;

	if (create)
		mz = rte_memzone_reserve_aligned(MZ_NAME, sizeof(struct mp_shared), SOCKET_ID_ANY,
				RTE_MEMZONE_IOVA_CONTIG, 4096);
	else
		mz = rte_memzone_lookup(MZ_NAME);
	if (mz == NULL)
		return NULL;
	if (create)
		memset(mz->addr, 0, sizeof(struct mp_shared));
	return mz->addr;
}

static rte_iova_t
iova(const void *p)
{
	return rte_mem_virt2iova(p);
}

static int
chan_start(int16_t id, uint16_t nb_desc)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf vc = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = nb_desc,
	};

	if (rte_dma_configure(id, &conf) != 0 || rte_dma_vchan_setup(id, 0, &vc) != 0)
		return -1;
	return rte_dma_start(id);
}

/* reap until @p n jobs are back; returns the number of failed ones or -1 */
static int
reap(int16_t id, unsigned int n)
{
	enum rte_dma_status_code st[NB_DESC];
	unsigned int done = 0, bad = 0;
	uint64_t polls = 0;
	uint16_t last, k, got;

	while (done < n) {
		got = rte_dma_completed_status(id, 0, NB_DESC, &last, st);
		for (k = 0; k < got; k++) {
			if (st[k] != RTE_DMA_STATUS_SUCCESSFUL && bad++ == 0)
				printf("job %u of %u: status %d\n", done + k, n, st[k]);
		}
		done += got;
		if (++polls == MAX_POLLS) {
			printf("FAIL: %u of %u jobs back after %" PRIu64 " polls\n", done, n, polls);
			return -1;
		}
	}
	return bad;
}

/* NB_JOBS copies src -> dst, a fill and an SG copy at its end, submitted */
static int
run_jobs(int16_t id, const uint8_t *src, uint8_t *dst, uint64_t fill)
{
	struct rte_dma_sge s[2], d[3];
	unsigned int i;

	for (i = 0; i < NB_JOBS - 2; i++)
		if (rte_dma_copy(id, 0, iova(src + i * JOB_LEN), iova(dst + i * JOB_LEN),
				JOB_LEN, 0) < 0)
			return MP_FAIL("copy %u refused", i);
	if (rte_dma_fill(id, 0, fill, iova(dst + i * JOB_LEN), JOB_LEN, 0) < 0)
		return MP_FAIL("fill refused");
	i++;
	s[0] = (struct rte_dma_sge){ iova(src + i * JOB_LEN), 1000 };
	s[1] = (struct rte_dma_sge){ iova(src + i * JOB_LEN + 1000), JOB_LEN - 1000 };
	d[0] = (struct rte_dma_sge){ iova(dst + i * JOB_LEN), 100 };
	d[1] = (struct rte_dma_sge){ iova(dst + i * JOB_LEN + 100), 3000 };
	d[2] = (struct rte_dma_sge){ iova(dst + i * JOB_LEN + 3100), JOB_LEN - 3100 };
	if (rte_dma_copy_sg(id, 0, s, d, 2, 3, RTE_DMA_OP_FLAG_SUBMIT) < 0)
		return MP_FAIL("copy_sg refused");
	if (!(reap(id, NB_JOBS) == 0))
		return MP_FAIL("jobs failed or did not come back");
	return 0;
}

static int
check_jobs(const uint8_t *src, const uint8_t *dst, uint64_t fill)
{
	unsigned int i;

	if (!(memcmp(src, dst, (NB_JOBS - 2) * JOB_LEN) == 0))
		return MP_FAIL("copied bytes differ");
	for (i = 0; i < JOB_LEN; i++)
		if (!(dst[(NB_JOBS - 2) * JOB_LEN + i] == ((const uint8_t *)&fill)[i % 8]))
			return MP_FAIL("fill byte %u differs", i);
	if (!(memcmp(src + (NB_JOBS - 1) * JOB_LEN, dst + (NB_JOBS - 1) * JOB_LEN,
			JOB_LEN) == 0))
		return MP_FAIL("SG-copied bytes differ");
	return 0;
}

static void
pattern(uint8_t *p, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 7 + (i >> 8));
}

/* ------------------------------------------------------------------ secondary */

/* what every scenario checks first: the same devices, names and ids */
static int
sec_see_devices(struct mp_shared *sh)
{
	struct rte_pmd_hidma_mgmt_info mi;
	struct rte_dma_stats st;
	struct rte_dma_info info;
	enum rte_dma_vchan_status vs;
	FILE *null;
	int i;

	if (!(rte_dma_count_avail() == sh->nb_dmadevs))
		return MP_FAIL("%u dmadevs here, %u in the primary",
				rte_dma_count_avail(), sh->nb_dmadevs);
	for (i = 0; i < 2; i++) {
		char name[RTE_DEV_NAME_MAX_LEN];

		snprintf(name, sizeof(name), INSTANCE "-ch%d", i);
		if (!(rte_dma_get_dev_id_by_name(name) == sh->chan[i]))
			return MP_FAIL("%s: id %d, primary's %d",
					name, rte_dma_get_dev_id_by_name(name), sh->chan[i]);
		if (!(rte_dma_info_get(sh->chan[i], &info) == 0))
			return MP_FAIL("info_get");
		if (!(info.max_sges == 16 && (info.dev_capa & RTE_DMA_CAPA_OPS_FILL)))
			return MP_FAIL("info: max_sges %u capa 0x%" PRIx64, info.max_sges, info.dev_capa);
		if (!(rte_dma_stats_get(sh->chan[i], 0, &st) == 0))
			return MP_FAIL("stats_get");
		if (!(rte_dma_vchan_status(sh->chan[i], 0, &vs) == 0 &&
				vs <= RTE_DMA_VCHAN_HALTED_ERROR))
			return MP_FAIL("vchan_status");
		null = fopen("/dev/null", "w");
		if (!(null != NULL && rte_dma_dump(sh->chan[i], null) == 0))
			return MP_FAIL("dump");
		fclose(null);
	}
	if (!(rte_pmd_hidma_mgmt_dev_id(INSTANCE) == sh->mgmt))
		return MP_FAIL("rawdev %d here, %d in the primary",
				rte_pmd_hidma_mgmt_dev_id(INSTANCE), sh->mgmt);
	if (!(rte_pmd_hidma_mgmt_info_get(sh->mgmt, &mi) == 0 && mi.dma_channels == 2))
		return MP_FAIL("management info");
	if (!(rte_pmd_hidma_model_engine_running(INSTANCE) == 1))
		return MP_FAIL("engine not seen running");
	return 0;
}

static int
sec_copy(struct mp_shared *sh)
{
	const struct rte_dma_vchan_conf vc = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = 64,
	};
	struct rte_dma_stats st;
	uint64_t w;
	pid_t owner;

	if (!(rte_pmd_hidma_owner_get(sh->chan[1], &owner) == 0 && owner == getpid()))
		return MP_FAIL("ch1 owner %d, expected this process %d (handed over)", owner, getpid());
	if (!(rte_pmd_hidma_owner_get(sh->chan[0], &owner) == 0 && owner == getppid()))
		return MP_FAIL("ch0 owner %d, expected the primary %d", owner, getppid());
	if (!(rte_pmd_hidma_owner_claim(sh->chan[0]) == -EBUSY))
		return MP_FAIL("claimed the primary's channel");
	if (!(rte_pmd_hidma_owner_release(sh->chan[0]) == -EPERM))
		return MP_FAIL("released the primary's channel");
	if (rte_dma_vchan_setup(sh->chan[1], 0, &vc) == 0)
		return MP_FAIL("vchan_setup accepted in a secondary");

	/* copy, fill and SG copy here; the primary checks the bytes */
	if (run_jobs(sh->chan[1], sh->src, sh->dst_sec, 0x1122334455667788ull) != 0)
		return -1;
	if (!(check_jobs(sh->src, sh->dst_sec, 0x1122334455667788ull) == 0))
		return MP_FAIL("own jobs");
	if (!(rte_pmd_hidma_mgmt_get_chan_weight(sh->mgmt, 1, &w) == 0))
		return MP_FAIL("weight get");
	if (!(rte_pmd_hidma_mgmt_set_chan_weight(sh->mgmt, 1, 7) == 0))
		return MP_FAIL("weight set");
	if (!(rte_pmd_hidma_mgmt_set_chan_weight(sh->mgmt, 1, 16) == -EINVAL))
		return MP_FAIL("weight 16 taken");
	if (!(rte_pmd_hidma_owner_release(sh->chan[1]) == 0))
		return MP_FAIL("release");
	if (msg_send(to_parent, '1') != 0 || msg_wait(from_parent, '2') != 0)
		return -1;

	/* the primary's jobs on the same channel, and its counters */
	if (!(check_jobs(sh->src, sh->dst_pri, 0xa5a5a5a55a5a5a5aull) == 0))
		return MP_FAIL("primary's jobs");
	if (!(rte_dma_stats_get(sh->chan[1], 0, &st) == 0))
		return MP_FAIL("stats_get");
	if (!(st.submitted == sh->submitted && st.completed == sh->completed && st.errors == 0))
		return MP_FAIL("stats here %" PRIu64 "/%" PRIu64 "/%" PRIu64 ", primary %" PRIu64 "/%" PRIu64,
				st.submitted, st.completed, st.errors, sh->submitted, sh->completed);
	if (!(rte_pmd_hidma_owner_get(sh->chan[1], &owner) == 0 && owner == getppid()))
		return MP_FAIL("ch1 owner %d after the primary claimed it", owner);
	return msg_send(to_parent, '3');
}

static int
sec_qos(struct mp_shared *sh)
{
	if (msg_wait(from_parent, 's') != 0)
		return -1;
	if (!(rte_pmd_hidma_mgmt_set_chan_weight(sh->mgmt, 0, 15) == 0))
		return MP_FAIL("weight 15");
	if (!(rte_pmd_hidma_mgmt_set_chan_weight(sh->mgmt, 1, 1) == 0))
		return MP_FAIL("weight 1");
	return msg_send(to_parent, 'd');
}

/* drive ch1 until killed; tell the primary once it is busy */
static int
sec_kill(struct mp_shared *sh)
{
	uint64_t done = 0;
	bool told = false;
	int16_t id = sh->chan[1];
	unsigned int loops = 0;

	if (!(rte_pmd_hidma_owner_claim(id) == 0))
		return MP_FAIL("claim of the handed-over channel");
	for (;;) {
		/* an orphan does not spin on: the primary's end closes with it */
		if (++loops % 4096 == 0 && msg_poll(from_parent, 'q') != 0)
			return MP_FAIL("primary gone before it killed this process");
		uint16_t last, cap = rte_dma_burst_capacity(id, 0);
		bool err = false;

		while (cap-- > 0)
			if (rte_dma_copy(id, 0, iova(sh->src), iova(sh->dst_sec), JOB_LEN, 0) < 0)
				break;
		rte_dma_submit(id, 0);
		done += rte_dma_completed(id, 0, NB_DESC, &last, &err);
		if (!(!err))
			return MP_FAIL("a job failed");
		if (!told && done >= 1000) {
			if (msg_send(to_parent, 'r') != 0)
				return -1;
			told = true;
		}
	}
}

static int
sec_exit(void)
{
	if (msg_send(to_parent, 'a') != 0 || msg_wait(from_parent, 'x') != 0)
		return -1;
	/* the primary removed the instance: not running, and nothing to touch */
	if (!(rte_pmd_hidma_model_engine_running(INSTANCE) == 0))
		return MP_FAIL("engine still reported running after the primary's cleanup");
	return 0;
}

/* attach while the primary recovers ch0 again and again; read it consistently */
static int
sec_recover(struct mp_shared *sh)
{
	struct rte_dma_stats st;
	enum rte_dma_vchan_status vs;
	uint64_t prev = 0;
	pid_t owner;
	int i;

	for (i = 0; i < 20000; i++) {
		if (!(rte_dma_stats_get(sh->chan[0], 0, &st) == 0))
			return MP_FAIL("stats_get");
		if (!(st.completed <= st.submitted && st.errors <= st.completed &&
				st.completed >= prev))
			return MP_FAIL("inconsistent stats: %" PRIu64 " submitted, %" PRIu64
					" completed, %" PRIu64 " errors (previous completed %" PRIu64 ")",
					st.submitted, st.completed, st.errors, prev);
		prev = st.completed;
		if (!(rte_dma_vchan_status(sh->chan[0], 0, &vs) == 0 &&
				vs <= RTE_DMA_VCHAN_HALTED_ERROR))
			return MP_FAIL("vchan_status");
		if (!(rte_pmd_hidma_owner_get(sh->chan[0], &owner) == 0 && owner == getppid()))
			return MP_FAIL("owner %d", owner);
	}
	if (!(st.errors > 0))
		return MP_FAIL("no failed job seen: the faults did not happen");
	return msg_send(to_parent, 'd');
}

static int
secondary(const char *scenario)
{
	struct mp_shared *sh = shared_get(false);
	int ret;

	if (sh == NULL)
		return MP_FAIL("no memzone " MZ_NAME " from the primary");
	if (sec_see_devices(sh) != 0)
		ret = -1;
	else if (strcmp(scenario, "copy") == 0)
		ret = sec_copy(sh);
	else if (strcmp(scenario, "qos") == 0)
		ret = sec_qos(sh);
	else if (strcmp(scenario, "kill") == 0)
		ret = sec_kill(sh);
	else if (strcmp(scenario, "exit") == 0)
		ret = sec_exit();
	else
		ret = sec_recover(sh);
	return ret;
}

/* ------------------------------------------------------------------ primary */

static char prefix[256];
static char plugin_dir[4096];
static pid_t child = -1;

static int
spawn_secondary(const char *self, const char *scenario)
{
	int p2c[2], c2p[2];
	char fds[32];

	if (pipe(p2c) != 0 || pipe(c2p) != 0)
		return MP_FAIL("pipe: %s", strerror(errno));
	fflush(stdout);
	child = fork();
	if (child < 0)
		return MP_FAIL("fork: %s", strerror(errno));
	if (child == 0) {
		close(p2c[1]);
		close(c2p[0]);
		snprintf(fds, sizeof(fds), "%d,%d", p2c[0], c2p[1]);
		execl(self, self, "--proc-type=secondary", "--file-prefix", prefix, "--no-pci",
			"-l", "0", "-d", plugin_dir, "--iova-mode=va", "--", "secondary", scenario, fds, (char *)NULL);
		_exit(127);
	}
	close(p2c[0]);
	close(c2p[1]);
	to_child = p2c[1];
	from_child = c2p[0];
	return 0;
}

static int
reap_child(int want_status)
{
	int status;

	if (child < 0)
		return 0;
	if (waitpid(child, &status, 0) != child)
		return MP_FAIL("waitpid: %s", strerror(errno));
	child = -1;
	if (want_status < 0) {
		if (!(WIFSIGNALED(status) && WTERMSIG(status) == -want_status))
			return MP_FAIL("secondary status 0x%x, expected signal %d", status, -want_status);
		return 0;
	}
	if (!(WIFEXITED(status) && WEXITSTATUS(status) == want_status))
		return MP_FAIL("secondary status 0x%x (exit %d)", status,
				WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

/*
 * "completed" of /dmadev/stats,<id> from this (primary) process's telemetry
 * socket: EAL starts telemetry in primaries only, and that socket must show
 * what a secondary did on the shared channel.
 */
static int
tel_completed(int16_t id, uint64_t *completed)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char buf[4096], cmd[64];
	const char *p;
	ssize_t n;
	int s, ret = -1;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/dpdk_telemetry.v2",
			rte_eal_get_runtime_dir());
	s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	if (s < 0)
		return -1;
	/* the first message is the socket's greeting */
	if (connect(s, (struct sockaddr *)&sun, sizeof(sun)) != 0 ||
			recv(s, buf, sizeof(buf), 0) <= 0)
		goto out;
	snprintf(cmd, sizeof(cmd), "/dmadev/stats,%d", id);
	if (send(s, cmd, strlen(cmd), 0) < 0)
		goto out;
	n = recv(s, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		goto out;
	buf[n] = '\0';
	p = strstr(buf, "\"completed\":");
	if (p != NULL && sscanf(p + strlen("\"completed\":"), "%" SCNu64, completed) == 1)
		ret = 0;
	else
		printf("telemetry %s: %s\n", cmd, buf);
out:
	close(s);
	return ret;
}

static int
pri_copy(struct mp_shared *sh)
{
	struct rte_dma_stats st;
	uint64_t w;

	if (!(rte_pmd_hidma_owner_handover(sh->chan[1], child) == 0))
		return MP_FAIL("handover");
	if (msg_send(to_child, 'g') != 0 || msg_wait(from_child, '1') != 0)
		return -1;
	/* the secondary's jobs, counters and QoS change, seen here */
	if (check_jobs(sh->src, sh->dst_sec, 0x1122334455667788ull) != 0)
		return -1;
	if (!(rte_dma_stats_get(sh->chan[1], 0, &st) == 0 && st.submitted == NB_JOBS &&
			st.completed == NB_JOBS && st.errors == 0))
		return MP_FAIL("ch1 stats %" PRIu64 "/%" PRIu64
				" after the secondary's %u jobs", st.submitted, st.completed, NB_JOBS);
	if (!(tel_completed(sh->chan[1], &w) == 0 && w == NB_JOBS))
		return MP_FAIL("telemetry /dmadev/stats,%d: completed %" PRIu64
				" after the secondary's %u jobs", sh->chan[1], w, NB_JOBS);
	if (!(rte_pmd_hidma_mgmt_get_chan_weight(sh->mgmt, 1, &w) == 0 && w == 7))
		return MP_FAIL("weight %" PRIu64 ", the secondary set 7", w);
	/* it released the channel: drive it here now */
	if (!(rte_pmd_hidma_owner_claim(sh->chan[1]) == 0))
		return MP_FAIL("claim after release");
	if (run_jobs(sh->chan[1], sh->src, sh->dst_pri, 0xa5a5a5a55a5a5a5aull) != 0)
		return -1;
	if (!(rte_dma_stats_get(sh->chan[1], 0, &st) == 0))
		return MP_FAIL("stats_get");
	sh->submitted = st.submitted;
	sh->completed = st.completed;
	if (!(st.completed == 2 * NB_JOBS))
		return MP_FAIL("%" PRIu64 " completed", st.completed);
	if (msg_send(to_child, '2') != 0 || msg_wait(from_child, '3') != 0)
		return -1;
	return reap_child(0);
}

/*
 * ch0's share of the steps the engine ran while both channels had work, as
 * the engine itself recorded it (test/rawdev's method, doc/guides/testing.rst,
 * "QoS tests"): both rings are filled before either doorbell; a step of ch0
 * is a 64 KiB copy and a 1-byte copy that sets its marker, a step of ch1 a
 * 64 KiB copy and a copy of the whole marker array into snapshot j. Nothing
 * this lcore's scheduling does can change the result.
 */
static int
qos_split(struct mp_shared *sh, double *share)
{
	unsigned int c[QOS_STEPS], j, k, j0, j1;

	memset(sh->marker, 0, sizeof(sh->marker));
	memset(sh->snap, 0, sizeof(sh->snap));
	for (k = 0; k < QOS_STEPS; k++) {
		if (rte_dma_copy(sh->chan[0], 0, iova(sh->src), iova(sh->qos_dst[0]), QOS_LEN,
				0) < 0 ||
				rte_dma_copy(sh->chan[0], 0, iova(&sh->ones[k]), iova(&sh->marker[k]),
				1, 0) < 0 ||
				rte_dma_copy(sh->chan[1], 0, iova(sh->src), iova(sh->qos_dst[1]),
				QOS_LEN, 0) < 0 ||
				rte_dma_copy(sh->chan[1], 0, iova(sh->marker), iova(sh->snap[k]),
				QOS_STEPS, 0) < 0)
			return MP_FAIL("enqueue of step %u refused", k);
	}
	rte_dma_submit(sh->chan[0], 0);
	rte_dma_submit(sh->chan[1], 0);
	if (reap(sh->chan[0], 2 * QOS_STEPS) != 0 || reap(sh->chan[1], 2 * QOS_STEPS) != 0)
		return MP_FAIL("QoS jobs failed");
	for (j = 0; j < QOS_STEPS; j++) {
		c[j] = 0;
		for (k = 0; k < QOS_STEPS; k++)
			c[j] += sh->snap[j][k];
	}
	/* both busy: from ch1's first step to its last one before ch0 ran out */
	j0 = 0;
	for (j1 = j0; j1 + 1 < QOS_STEPS && c[j1 + 1] < QOS_STEPS; j1++)
		;
	if (j1 <= j0 || c[j1] <= c[j0])
		return MP_FAIL("no interval with both channels busy (c[%u]=%u, c[%u]=%u)", j0, c[j0],
			j1, c[j1]);
	*share = (double)(c[j1] - c[j0]) / ((c[j1] - c[j0]) + (j1 - j0));
	return 0;
}

static int
pri_qos(struct mp_shared *sh)
{
	double before, after;

	memset(sh->ones, 1, sizeof(sh->ones));
	if (rte_pmd_hidma_mgmt_set_chan_weight(sh->mgmt, 0, 1) != 0 ||
			rte_pmd_hidma_mgmt_set_chan_weight(sh->mgmt, 1, 1) != 0)
		return MP_FAIL("weights 1:1");
	if (qos_split(sh, &before) != 0)
		return -1;
	/* the secondary sets 15:1 on the running instance */
	if (msg_send(to_child, 's') != 0 || msg_wait(from_child, 'd') != 0)
		return -1;
	if (qos_split(sh, &after) != 0)
		return -1;
	printf("ch0 share of the engine while both channels had work: %.1f%% at weights 1:1, "
		"%.1f%% at 15:1 (set by the secondary)\n", 100 * before, 100 * after);
	if (before < 0.4 || before > 0.6)
		return MP_FAIL("1:1 split %.2f", before);
	if (after < 0.8)
		return MP_FAIL("15:1 split %.2f: the secondary's weights did not take effect", after);
	return reap_child(0);
}

static int
pri_kill(struct mp_shared *sh)
{
	enum rte_dma_vchan_status vs;
	struct rte_dma_stats st;
	pid_t owner;

	if (!(rte_pmd_hidma_owner_handover(sh->chan[1], child) == 0))
		return MP_FAIL("handover");
	if (msg_send(to_child, 'g') != 0 || msg_wait(from_child, 'r') != 0)
		return -1;
	/* mid-burst: its ring is full of submitted and unreaped jobs */
	kill(child, SIGKILL);
	if (reap_child(-SIGKILL) != 0)
		return -1;
	if (!(rte_pmd_hidma_owner_get(sh->chan[1], &owner) == 0 && owner == 0))
		return MP_FAIL("dead owner still recorded: %d", owner);
	/* the other channel lost nothing */
	memset(sh->dst_pri, 0, BUF_LEN);
	if (run_jobs(sh->chan[0], sh->src, sh->dst_pri, 0x0102030405060708ull) != 0 ||
			check_jobs(sh->src, sh->dst_pri, 0x0102030405060708ull) != 0)
		return -1;
	/* stop and start bring ch1 back, empty and owned here */
	if (!(rte_dma_stop(sh->chan[1]) == 0))
		return MP_FAIL("stop");
	if (!(rte_dma_start(sh->chan[1]) == 0))
		return MP_FAIL("start");
	if (!(rte_pmd_hidma_owner_get(sh->chan[1], &owner) == 0 && owner == getpid()))
		return MP_FAIL("owner %d after restart", owner);
	if (!(rte_dma_burst_capacity(sh->chan[1], 0) == NB_DESC - 1))
		return MP_FAIL("capacity %u after restart",
				rte_dma_burst_capacity(sh->chan[1], 0));
	memset(sh->dst_pri, 0, BUF_LEN);
	if (run_jobs(sh->chan[1], sh->src, sh->dst_pri, 0x0102030405060708ull) != 0 ||
			check_jobs(sh->src, sh->dst_pri, 0x0102030405060708ull) != 0)
		return -1;
	if (!(rte_dma_stats_get(sh->chan[1], 0, &st) == 0 && st.completed == NB_JOBS &&
			st.errors == 0))
		return MP_FAIL("stats after restart");
	if (!(rte_dma_vchan_status(sh->chan[1], 0, &vs) == 0 && vs == RTE_DMA_VCHAN_IDLE))
		return MP_FAIL("vchan_status %d", vs);
	return 0;
}

static int
pri_recover(struct mp_shared *sh)
{
	struct rte_pmd_hidma_model_faults f = { .fail_every = 7 };
	enum rte_dma_status_code st[NB_DESC];
	uint64_t sub = 0, ok = 0, bad = 0, polls = 0;
	bool done = false;
	int16_t id = sh->chan[0];

	if (!(rte_pmd_hidma_model_faults_set(INSTANCE, &f) == 0))
		return MP_FAIL("faults");
	if (msg_send(to_child, 'g') != 0)
		return -1;
	/* traffic with a recovery every few jobs until the secondary has read enough */
	while (!done || ok + bad < sub) {
		uint16_t last, k, got, cap;

		if (!done) {
			int r = msg_poll(from_child, 'd');

			if (!(r >= 0))
				return MP_FAIL("secondary gone or failed");
			done = r == 1;
			cap = rte_dma_burst_capacity(id, 0);
			while (cap-- > 0 && rte_dma_copy(id, 0, iova(sh->src), iova(sh->dst_pri),
					JOB_LEN, 0) >= 0)
				sub++;
			rte_dma_submit(id, 0);
		}
		got = rte_dma_completed_status(id, 0, NB_DESC, &last, st);
		for (k = 0; k < got; k++) {
			if (st[k] == RTE_DMA_STATUS_SUCCESSFUL)
				ok++;
			else
				bad++;
		}
		if (!(++polls < MAX_POLLS))
			return MP_FAIL("no progress");
	}
	printf("%" PRIu64 " jobs while the secondary attached and read: %" PRIu64
		" succeeded, %" PRIu64 " failed on purpose\n", sub, ok, bad);
	if (!(bad > 0 && ok > bad))
		return MP_FAIL("fault pattern");
	if (!(rte_pmd_hidma_model_faults_set(INSTANCE, NULL) == 0))
		return MP_FAIL("faults off");
	memset(sh->dst_pri, 0, BUF_LEN);
	if (run_jobs(id, sh->src, sh->dst_pri, 7) != 0 || check_jobs(sh->src, sh->dst_pri, 7) != 0)
		return -1;
	return reap_child(0);
}

static int
primary(const char *self, const char *scenario)
{
	struct mp_shared *sh;
	int i, ret;

	sh = shared_get(true);
	if (sh == NULL)
		return MP_FAIL("memzone: %s", rte_strerror(rte_errno));
	pattern(sh->src, BUF_LEN, 0x3c);
	sh->nb_dmadevs = rte_dma_count_avail();
	sh->mgmt = rte_pmd_hidma_mgmt_dev_id(INSTANCE);
	if (!(sh->mgmt >= 0))
		return MP_FAIL("no rawdev " INSTANCE " (-d <plugin dir> --vdev " INSTANCE "?)");
	for (i = 0; i < 2; i++) {
		char name[RTE_DEV_NAME_MAX_LEN];

		snprintf(name, sizeof(name), INSTANCE "-ch%d", i);
		sh->chan[i] = rte_dma_get_dev_id_by_name(name);
		if (!(sh->chan[i] >= 0 && chan_start(sh->chan[i],
				strcmp(scenario, "qos") == 0 ? QOS_DESC : NB_DESC) == 0))
			return MP_FAIL("cannot start %s", name);
	}
	if (spawn_secondary(self, scenario) != 0)
		return -1;
	/* copy and kill hand a channel over first; recover's secondary attaches under load */
	if ((strcmp(scenario, "qos") == 0 || strcmp(scenario, "exit") == 0) &&
			msg_send(to_child, 'g') != 0)
		return -1;
	if (strcmp(scenario, "copy") == 0) {
		ret = pri_copy(sh);
	} else if (strcmp(scenario, "qos") == 0) {
		ret = pri_qos(sh);
	} else if (strcmp(scenario, "kill") == 0) {
		ret = pri_kill(sh);
	} else if (strcmp(scenario, "exit") == 0) {
		if (msg_wait(from_child, 'a') != 0)
			return -1;
		for (i = 0; i < 2; i++)
			rte_dma_stop(sh->chan[i]);
		/* what exit does: devices removed, instance gone; then tell it */
		rte_eal_cleanup();
		ht_unlink_hugefiles(prefix);
		if (msg_send(to_child, 'x') != 0)
			return -1;
		if (reap_child(0) != 0)
			return -1;
		printf("PASS exit: the secondary saw the instance go and detached cleanly\n");
		exit(0);
	} else {
		ret = pri_recover(sh);
	}
	if (ret != 0)
		return ret;
	for (i = 0; i < 2; i++)
		if (!(rte_dma_stop(sh->chan[i]) == 0))
			return MP_FAIL("stop");
	return 0;
}

static char *
arg_after(int argc, char **argv, const char *opt)
{
	size_t n = strlen(opt);
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], opt) == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], opt, n) == 0 && argv[i][n] == '=')
			return argv[i] + n + 1;
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	const char *p, *d, *scenario;
	int ret;

	p = arg_after(argc, argv, "--file-prefix");
	d = arg_after(argc, argv, "-d");
	if (p == NULL || d == NULL) {
		printf("FAIL: usage: %s EAL-args with --file-prefix and -d -- "
			"copy|qos|kill|exit|recover\n", argv[0]);
		return 1;
	}
	snprintf(prefix, sizeof(prefix), "%s", p);
	snprintf(plugin_dir, sizeof(plugin_dir), "%s", d);

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		printf("FAIL: rte_eal_init: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	argc -= ret;
	argv += ret;
	if (rte_eal_process_type() == RTE_PROC_SECONDARY) {
		int rd, wr;

		if (argc < 4 || strcmp(argv[1], "secondary") != 0 ||
				sscanf(argv[3], "%d,%d", &rd, &wr) != 2) {
			printf("FAIL: secondary without its arguments\n");
			return 1;
		}
		from_parent = rd;
		to_parent = wr;
		if (msg_wait(from_parent, 'g') != 0)
			return 1;
		ret = secondary(argv[2]);
		rte_eal_cleanup();
		return ret == 0 ? 0 : 1;
	}
	if (argc < 2) {
		printf("FAIL: no scenario\n");
		return 1;
	}
	scenario = argv[1];
	ret = primary(argv[0], scenario);
	if (ret != 0 && child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	rte_eal_cleanup();
	ht_unlink_hugefiles(prefix);
	printf("%s %s\n", ret == 0 ? "PASS" : "FAIL", scenario);
	return ret == 0 ? 0 : 1;
}
