/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Channel register sequences of doc/guides/dmadevs/hidma_hw.rst, "Channel
 * states and commands": reset, enable, suspend and the full set-up. Every command is a read-modify-write
 * of CTRLSTS[23:16] followed by a bounded poll of CTRLSTS[15:8].
 */

#include <errno.h>

#include <rte_cycles.h>
#include <rte_pause.h>

#include "hidma_internal.h"

/* Linux sleeps 1 ms between polls; HW (and the model) reacts in microseconds */
#define HIDMA_POLL_INTERVAL_US	2

enum hidma_half {
	HIDMA_HALF_TRCA,
	HIDMA_HALF_EVCA,
};

static const char * const hidma_half_names[] = {
	[HIDMA_HALF_TRCA] = "transfer channel (TRCA)",
	[HIDMA_HALF_EVCA] = "event channel (EVCA)",
};

/* what a poll waits for: one state, "enabled" (ENABLED or RUNNING) or "not enabled" */
#define HIDMA_WANT_ENABLED	UINT32_MAX
#define HIDMA_WANT_QUIESCED	(UINT32_MAX - 1)

const char *
hidma_ll_state_name(uint32_t state)
{
	switch (state) {
	case HIDMA_CH_DISABLED: return "DISABLED";
	case HIDMA_CH_ENABLED: return "ENABLED";
	case HIDMA_CH_RUNNING: return "RUNNING";
	case HIDMA_CH_SUSPENDED: return "SUSPENDED";
	case HIDMA_CH_STOPPED: return "STOPPED";
	case HIDMA_CH_ERROR: return "ERROR";
	case HIDMA_CH_IN_RESET: return "IN_RESET";
	default: return "unknown";
	}
}

static void *
hidma_half_base(const struct hidma_dev *dev, enum hidma_half half)
{
	return half == HIDMA_HALF_TRCA ? dev->res.trca : dev->res.evca;
}

static uint32_t
hidma_half_state(const struct hidma_dev *dev, enum hidma_half half)
{
	/* CTRLSTS is at offset 0 of both halves */
	return HIDMA_CH_STATE(hidma_ctl_read(dev, hidma_half_base(dev, half)));
}

static bool
hidma_state_ok(uint32_t state, uint32_t want)
{
	if (want == HIDMA_WANT_ENABLED)
		return HIDMA_CH_IS_ENABLED(state);
	if (want == HIDMA_WANT_QUIESCED)
		return !HIDMA_CH_IS_ENABLED(state);
	return state == want;
}

static const char *
hidma_want_name(uint32_t want)
{
	if (want == HIDMA_WANT_ENABLED)
		return "ENABLED/RUNNING";
	if (want == HIDMA_WANT_QUIESCED)
		return "SUSPENDED";
	return hidma_ll_state_name(want);
}

/* issue cmd to one half and wait (bounded) until its state satisfies want */
static int
hidma_ll_cmd(struct hidma_dev *dev, enum hidma_half half, enum hidma_ch_cmd cmd,
		uint32_t want, bool quiet)
{
	void *ctrlsts = hidma_half_base(dev, half);
	uint64_t deadline;
	uint32_t v, state;

	v = hidma_ctl_read(dev, ctrlsts);
	v &= ~HIDMA_CH_CMD_MASK;
	v |= HIDMA_FIELD_PREP(HIDMA_CH_CMD_MASK, HIDMA_CH_CMD_SHIFT, cmd);
	hidma_ctl_write(dev, v, ctrlsts);

	deadline = rte_get_timer_cycles() +
		rte_get_timer_hz() * dev->cmd_timeout_us / US_PER_S;
	for (;;) {
		state = hidma_half_state(dev, half);
		if (hidma_state_ok(state, want))
			return 0;
		if (rte_get_timer_cycles() > deadline)
			break;
		rte_delay_us_block(HIDMA_POLL_INTERVAL_US);
	}
	/* one last look: the deadline may have passed while we were preempted */
	state = hidma_half_state(dev, half);
	if (hidma_state_ok(state, want))
		return 0;
	if (!quiet)
		HIDMA_DEV_LOG(dev, ERR,
			"%s did not reach %s within %u ms after command %u (state %u: %s)",
			hidma_half_names[half], hidma_want_name(want),
			dev->cmd_timeout_us / 1000, cmd, state, hidma_ll_state_name(state));
	return -ETIMEDOUT;
}

/* reset: transfer side first, then event side */
int
hidma_ll_reset(struct hidma_dev *dev, bool quiet)
{
	int ret;

	ret = hidma_ll_cmd(dev, HIDMA_HALF_TRCA, HIDMA_CH_CMD_RESET, HIDMA_CH_DISABLED, quiet);
	if (ret == 0)
		ret = hidma_ll_cmd(dev, HIDMA_HALF_EVCA, HIDMA_CH_CMD_RESET, HIDMA_CH_DISABLED,
				quiet);
	return ret;
}

/* enable: event side first, so transfers always have somewhere to report */
int
hidma_ll_enable(struct hidma_dev *dev, bool quiet)
{
	int ret;

	ret = hidma_ll_cmd(dev, HIDMA_HALF_EVCA, HIDMA_CH_CMD_ENABLE, HIDMA_WANT_ENABLED, quiet);
	if (ret == 0)
		ret = hidma_ll_cmd(dev, HIDMA_HALF_TRCA, HIDMA_CH_CMD_ENABLE,
				HIDMA_WANT_ENABLED, quiet);
	if (ret != 0 && !quiet)
		HIDMA_DEV_LOG(dev, ERR,
			"channel did not enable: the HIDMA instance may be disabled by its management device");
	return ret;
}

/*
 * Suspend: transfer side first (the TRE in flight still completes with
 * its EVRE), then event side. A channel that is not enabled (disabled,
 * suspended, halted in ERROR) is left alone: SUSPEND would never complete.
 * A half that halts in ERROR meanwhile (an error raced with the command)
 * has stopped too, so any state but ENABLED/RUNNING ends the wait.
 */
int
hidma_ll_suspend(struct hidma_dev *dev, bool quiet)
{
	int ret;

	if (!HIDMA_CH_IS_ENABLED(hidma_half_state(dev, HIDMA_HALF_TRCA)) ||
			!HIDMA_CH_IS_ENABLED(hidma_half_state(dev, HIDMA_HALF_EVCA)))
		return 0;
	ret = hidma_ll_cmd(dev, HIDMA_HALF_TRCA, HIDMA_CH_CMD_SUSPEND, HIDMA_WANT_QUIESCED, quiet);
	if (ret == 0)
		ret = hidma_ll_cmd(dev, HIDMA_HALF_EVCA, HIDMA_CH_CMD_SUSPEND,
				HIDMA_WANT_QUIESCED, quiet);
	return ret;
}

/*
 * Clear every latched IRQ_STAT bit and wait (bounded) until the error bits
 * read back clear, so that the halt check of the fast path never acts on a
 * cause that predates this set-up (the model consumes IRQ_CLR
 * asynchronously; on silicon it is immediate).
 */
static void
hidma_ll_irq_clear(struct hidma_dev *dev)
{
	uint64_t deadline;

	hidma_evca_write(dev, HIDMA_EVCA_IRQ_CLR_REG,
			hidma_evca_read(dev, HIDMA_EVCA_IRQ_STAT_REG) | HIDMA_IRQ_ENABLE_ALL);
	deadline = rte_get_timer_cycles() +
		rte_get_timer_hz() * dev->cmd_timeout_us / US_PER_S;
	while ((hidma_evca_read(dev, HIDMA_EVCA_IRQ_STAT_REG) & HIDMA_IRQ_ERR_MASK) != 0 &&
			rte_get_timer_cycles() < deadline)
		rte_pause();
}

/*
 * The full set-up (hidma_hw.rst). Poll-mode choices: the interrupt mode is set to wired (MSI
 * mode would make HW write messages to an unprogrammed address) and IRQ_EN
 * keeps only the error bits, so that IRQ_STAT latches errors even on HW
 * where STAT is masked by EN; EOB stays off (no interrupt per job). Both
 * doorbells are written 0 while disabled, so no stale doorbell value can
 * look like new work once the channel is enabled again.
 */
int
hidma_ll_setup(struct hidma_dev *dev, bool quiet)
{
	uint32_t v;
	int ret;

	hidma_evca_write(dev, HIDMA_EVCA_IRQ_EN_REG, 0);
	hidma_evca_write(dev, HIDMA_EVCA_IRQ_CLR_REG,
			hidma_evca_read(dev, HIDMA_EVCA_IRQ_STAT_REG));
	ret = hidma_ll_reset(dev, quiet);
	if (ret != 0)
		return ret;

	hidma_trca_write(dev, HIDMA_TRCA_RING_LOW_REG, (uint32_t)dev->tre_iova);
	hidma_trca_write(dev, HIDMA_TRCA_RING_HIGH_REG, (uint32_t)(dev->tre_iova >> 32));
	hidma_trca_write(dev, HIDMA_TRCA_RING_LEN_REG, dev->nb_entries * HIDMA_TRE_SIZE);
	hidma_evca_write(dev, HIDMA_EVCA_RING_LOW_REG, (uint32_t)dev->evre_iova);
	hidma_evca_write(dev, HIDMA_EVCA_RING_HIGH_REG, (uint32_t)(dev->evre_iova >> 32));
	hidma_evca_write(dev, HIDMA_EVCA_RING_LEN_REG, dev->nb_entries * HIDMA_EVRE_SIZE);
	hidma_trca_write(dev, HIDMA_TRCA_DOORBELL_REG, 0);
	hidma_evca_write(dev, HIDMA_EVCA_DOORBELL_REG, 0);

	v = hidma_evca_read(dev, HIDMA_EVCA_INTCTRL_REG) & ~HIDMA_INTCTRL_MODE_MASK;
	hidma_evca_write(dev, HIDMA_EVCA_INTCTRL_REG, v | HIDMA_INTCTRL_MODE_WIRED);
	hidma_ll_irq_clear(dev);
	hidma_evca_write(dev, HIDMA_EVCA_IRQ_EN_REG, HIDMA_IRQ_ERR_MASK);

	return hidma_ll_enable(dev, quiet);
}

void
hidma_ll_dump_regs(const struct hidma_dev *dev, FILE *f)
{
	uint32_t t = hidma_trca_read(dev, HIDMA_TRCA_CTRLSTS_REG);
	uint32_t e = hidma_evca_read(dev, HIDMA_EVCA_CTRLSTS_REG);

	fprintf(f, "  TRCA: ctrlsts 0x%08x (cmd %u, state %s) ring 0x%08x%08x len 0x%x doorbell 0x%x\n",
		t, HIDMA_CH_CMD(t), hidma_ll_state_name(HIDMA_CH_STATE(t)),
		hidma_trca_read(dev, HIDMA_TRCA_RING_HIGH_REG),
		hidma_trca_read(dev, HIDMA_TRCA_RING_LOW_REG),
		hidma_trca_read(dev, HIDMA_TRCA_RING_LEN_REG),
		hidma_trca_read(dev, HIDMA_TRCA_DOORBELL_REG));
	fprintf(f, "  EVCA: ctrlsts 0x%08x (cmd %u, state %s) ring 0x%08x%08x len 0x%x doorbell 0x%x\n",
		e, HIDMA_CH_CMD(e), hidma_ll_state_name(HIDMA_CH_STATE(e)),
		hidma_evca_read(dev, HIDMA_EVCA_RING_HIGH_REG),
		hidma_evca_read(dev, HIDMA_EVCA_RING_LOW_REG),
		hidma_evca_read(dev, HIDMA_EVCA_RING_LEN_REG),
		hidma_evca_read(dev, HIDMA_EVCA_DOORBELL_REG));
	fprintf(f, "  EVCA: write_ptr 0x%x intctrl 0x%x irq_stat 0x%x irq_en 0x%x\n",
		hidma_evca_read(dev, HIDMA_EVCA_WRITE_PTR_REG),
		hidma_evca_read(dev, HIDMA_EVCA_INTCTRL_REG),
		hidma_evca_read(dev, HIDMA_EVCA_IRQ_STAT_REG),
		hidma_evca_read(dev, HIDMA_EVCA_IRQ_EN_REG));
}
