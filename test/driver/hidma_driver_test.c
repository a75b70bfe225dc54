/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

/*
 * Driver tests of the HIDMA channel dmadev on the emulated instance
 * (--vdev hidma_model0,channels=2[,...]): one scenario per run,
 *
 *   hidma_driver_test <EAL args> -- <scenario>
 *
 * Every scenario checks job ids, last_idx, has_error, statuses, stats and
 * the data moved, byte by byte, with guard bytes around every destination.
 */

#include "driver_test.h"

static const struct ht_case scenarios[] = {
	{ "wrap", test_wrap },
	{ "fill", test_fill },
	{ "errors", test_errors },
	{ "recovery", test_recovery },
	{ "fence", test_fence },
	{ "full", test_full },
	{ "stopstart", test_stopstart },
	{ "stopinflight", test_stop_inflight },
	{ "disabled", test_disabled },
	{ "devargs", test_devargs },
	{ "faults", test_faults },
	{ "slowhw", test_slowhw },
	{ "fakehw", test_fakehw },
	{ "sg", test_sg },
	{ "sg-errors", test_sg_errors },
	{ "sg-faults", test_sg_faults },
};

int
main(int argc, char **argv)
{
	ht_on_fail(driver_test_on_fail);
	return ht_eal_main(argc, argv, scenarios, RTE_DIM(scenarios));
}
