/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _HIDMA_HW_H_
#define _HIDMA_HW_H_

/**
 * @file
 * Hardware ABI of the Qualcomm Technologies HIDMA engine: register offsets
 * and fields, TRE/EVRE descriptor layout, opcodes, channel states, error
 * codes and device identifiers. This is the only place in the project where
 * these facts are written down in code; the channel PMD, the management
 * rawdev, the platform bus and the software model all include it.
 *
 * The same facts as doc/guides/dmadevs/hidma_hw.rst (from Linux's
 * drivers/dma/qcom/hidma*), with the software model's choices for what
 * Linux leaves open (hidma_hw.rst, "What the model decides") marked
 * MODEL-ONLY.
 * No code here: plain C11, no DPDK dependency, so the model can use it too.
 * All registers are 32-bit little-endian.
 */

#include <assert.h>
#include <stdint.h>

#define HIDMA_BIT(n)			(UINT32_C(1) << (n))
/* mask of bits [h:l] */
#define HIDMA_GENMASK(h, l)		((~UINT32_C(0) >> (31 - (h))) & ~((UINT32_C(1) << (l)) - 1))
#define HIDMA_FIELD_GET(mask, shift, v)	(((v) & (mask)) >> (shift))
#define HIDMA_FIELD_PREP(mask, shift, v) ((((uint32_t)(v)) << (shift)) & (mask))

/* ------------------------------------------------------------------------
 * Register windows. Channel: region 0 = TRCA, region 1 = EVCA (4 KiB each).
 * Management: one window; the highest register is at 0x1080.
 */
#define HIDMA_TRCA_SIZE			0x1000
#define HIDMA_EVCA_SIZE			0x1000
#define HIDMA_MGMT_SIZE			0x2000
#define HIDMA_CHAN_NB_REGIONS		2
#define HIDMA_CHAN_REGION_TRCA		0
#define HIDMA_CHAN_REGION_EVCA		1

/* ------------------------------------------------------------------------
 * Transfer channel (TRCA) registers.
 */
#define HIDMA_TRCA_CTRLSTS_REG		0x000
#define HIDMA_TRCA_RING_LOW_REG		0x008
#define HIDMA_TRCA_RING_HIGH_REG	0x00C
#define HIDMA_TRCA_RING_LEN_REG		0x010	/* bytes, 32 x entries */
#define HIDMA_TRCA_READ_PTR_REG		0x018	/* pre-merge name, unused */
#define HIDMA_TRCA_WRITE_PTR_REG	0x020	/* pre-merge name, unused */
#define HIDMA_TRCA_CHID_REG		0x028	/* QCOM8061/8062: channel index */
#define HIDMA_TRCA_IDENTITY_REG		0x040	/* QCOM8063 (IDENTITY_CAP) */
#define HIDMA_TRCA_DOORBELL_REG		0x400	/* TRE write offset, bytes */
#define HIDMA_CHID_MASK			0xFF

/* ------------------------------------------------------------------------
 * Event channel (EVCA) registers.
 */
#define HIDMA_EVCA_CTRLSTS_REG		0x000
#define HIDMA_EVCA_INTCTRL_REG		0x004
#define HIDMA_EVCA_RING_LOW_REG		0x008
#define HIDMA_EVCA_RING_HIGH_REG	0x00C
#define HIDMA_EVCA_RING_LEN_REG		0x010	/* bytes, 16 x entries */
#define HIDMA_EVCA_READ_PTR_REG		0x018	/* pre-merge name, unused */
#define HIDMA_EVCA_WRITE_PTR_REG	0x020	/* HW: next EVRE offset, bytes */
#define HIDMA_EVCA_IRQ_STAT_REG		0x100	/* raw status */
#define HIDMA_EVCA_IRQ_CLR_REG		0x108	/* write 1 to clear */
#define HIDMA_EVCA_IRQ_EN_REG		0x110
#define HIDMA_EVCA_MSI_ADDR_LO_REG	0x118
#define HIDMA_EVCA_MSI_ADDR_HI_REG	0x11C
#define HIDMA_EVCA_MSI_DATA_REG		0x120
#define HIDMA_EVCA_DOORBELL_REG		0x400	/* SW: EVRE read offset, bytes */

/* EVCA_INTCTRL[3:0]: interrupt mode; other bits are preserved */
#define HIDMA_INTCTRL_MODE_MASK		HIDMA_GENMASK(3, 0)
#define HIDMA_INTCTRL_MODE_MSI		0
#define HIDMA_INTCTRL_MODE_WIRED	1

/* ------------------------------------------------------------------------
 * CTRLSTS (TRCA and EVCA): command in [23:16] (SW), state in [15:8] (HW).
 * SW read-modify-writes and replaces only the command field.
 */
#define HIDMA_CH_CMD_SHIFT		16
#define HIDMA_CH_CMD_MASK		HIDMA_GENMASK(23, 16)
#define HIDMA_CH_STATE_SHIFT		8
#define HIDMA_CH_STATE_MASK		HIDMA_GENMASK(15, 8)

enum hidma_ch_cmd {
	HIDMA_CH_CMD_DISABLE = 0,
	HIDMA_CH_CMD_ENABLE = 1,
	HIDMA_CH_CMD_SUSPEND = 2,
	HIDMA_CH_CMD_RESET = 9,
};

enum hidma_ch_state {
	HIDMA_CH_DISABLED = 0,
	HIDMA_CH_ENABLED = 1,
	HIDMA_CH_RUNNING = 2,
	HIDMA_CH_SUSPENDED = 3,
	HIDMA_CH_STOPPED = 4,
	HIDMA_CH_ERROR = 5,
	HIDMA_CH_IN_RESET = 9,
};

#define HIDMA_CH_STATE(ctrlsts) \
	HIDMA_FIELD_GET(HIDMA_CH_STATE_MASK, HIDMA_CH_STATE_SHIFT, ctrlsts)
#define HIDMA_CH_CMD(ctrlsts) \
	HIDMA_FIELD_GET(HIDMA_CH_CMD_MASK, HIDMA_CH_CMD_SHIFT, ctrlsts)
/* "enabled" for submission purposes: state ENABLED or RUNNING */
#define HIDMA_CH_IS_ENABLED(state) \
	((state) == HIDMA_CH_ENABLED || (state) == HIDMA_CH_RUNNING)

/*
 * Linux polls every command with a 1 ms interval and gives up after 10 ms;
 * the model reacts within microseconds, so drivers poll more often but keep
 * the 10 ms bound.
 */
#define HIDMA_CH_CMD_TIMEOUT_US		10000

/* ------------------------------------------------------------------------
 * EVCA IRQ_STAT / IRQ_CLR / IRQ_EN bits.
 */
#define HIDMA_IRQ_EV_CH_EOB		HIDMA_BIT(0)	/* an EVRE was written */
#define HIDMA_IRQ_EV_CH_WR_RESP		HIDMA_BIT(1)	/* EVRE write bus error */
#define HIDMA_IRQ_TR_CH_TRE_RD_RSP_ER	HIDMA_BIT(9)	/* TRE fetch bus error */
#define HIDMA_IRQ_TR_CH_DATA_RD_ER	HIDMA_BIT(10)	/* source read error */
#define HIDMA_IRQ_TR_CH_DATA_WR_ER	HIDMA_BIT(11)	/* destination write error */
#define HIDMA_IRQ_TR_CH_INVALID_TRE	HIDMA_BIT(14)	/* malformed TRE */

#define HIDMA_IRQ_ENABLE_ALL		UINT32_C(0x4E03)
#define HIDMA_IRQ_ERR_MASK		UINT32_C(0x4E02)
static_assert(HIDMA_IRQ_ENABLE_ALL == (HIDMA_IRQ_EV_CH_EOB | HIDMA_IRQ_EV_CH_WR_RESP |
		HIDMA_IRQ_TR_CH_TRE_RD_RSP_ER | HIDMA_IRQ_TR_CH_DATA_RD_ER |
		HIDMA_IRQ_TR_CH_DATA_WR_ER | HIDMA_IRQ_TR_CH_INVALID_TRE), "IRQ bits");
static_assert(HIDMA_IRQ_ERR_MASK == (HIDMA_IRQ_ENABLE_ALL & ~HIDMA_IRQ_EV_CH_EOB), "IRQ err");
#define HIDMA_MSI_NB_VECTORS		11

/* ------------------------------------------------------------------------
 * Transfer Ring Element (TRE): 32 bytes, eight little-endian words.
 */
#define HIDMA_TRE_SIZE			32
#define HIDMA_TRE_CFG_IDX		0
#define HIDMA_TRE_LEN_IDX		1
#define HIDMA_TRE_SRC_LOW_IDX		2	/* memset: pattern [31:0] */
#define HIDMA_TRE_SRC_HI_IDX		3	/* memset: pattern [63:32] */
#define HIDMA_TRE_DEST_LOW_IDX		4
#define HIDMA_TRE_DEST_HI_IDX		5
#define HIDMA_TRE_NB_WORDS		8	/* words 6-7 reserved, keep 0 */

struct hidma_tre {
	uint32_t cfg;
	uint32_t len;
	uint64_t src;		/* memcpy: source IOVA; memset: 64-bit pattern */
	uint64_t dst;
	uint32_t rsvd[2];
};
static_assert(sizeof(struct hidma_tre) == HIDMA_TRE_SIZE, "TRE size");
static_assert(__builtin_offsetof(struct hidma_tre, len) == 4 * HIDMA_TRE_LEN_IDX, "TRE len");
static_assert(__builtin_offsetof(struct hidma_tre, src) == 4 * HIDMA_TRE_SRC_LOW_IDX, "TRE src");
static_assert(__builtin_offsetof(struct hidma_tre, dst) == 4 * HIDMA_TRE_DEST_LOW_IDX, "TRE dst");

/* TRE CFG word */
#define HIDMA_TRE_CFG_TYPE_MASK		HIDMA_GENMASK(7, 0)
#define HIDMA_TRE_CFG_TYPE_SHIFT	0
#define HIDMA_TRE_CFG_CHID_MASK		HIDMA_GENMASK(15, 8)
#define HIDMA_TRE_CFG_CHID_SHIFT	8
#define HIDMA_TRE_CFG_IEOB		HIDMA_BIT(16)

enum hidma_tre_type {
	HIDMA_TRE_MEMCPY = 3,
	HIDMA_TRE_MEMSET = 4,
};

#define HIDMA_TRE_CFG(type, chid) \
	(HIDMA_FIELD_PREP(HIDMA_TRE_CFG_TYPE_MASK, HIDMA_TRE_CFG_TYPE_SHIFT, type) | \
	 HIDMA_FIELD_PREP(HIDMA_TRE_CFG_CHID_MASK, HIDMA_TRE_CFG_CHID_SHIFT, chid) | \
	 HIDMA_TRE_CFG_IEOB)

/* ------------------------------------------------------------------------
 * Event Ring Element (EVRE): 16 bytes. HW writes exactly one per TRE, in
 * TRE order; drivers pair EVREs with TREs by order only.
 */
#define HIDMA_EVRE_SIZE			16
struct hidma_evre {
	uint32_t cfg;		/* [31:28] code, [27:24] error info */
	uint32_t len;		/* MODEL-ONLY: bytes written */
	uint64_t tre_off;	/* MODEL-ONLY: ring offset of the completed TRE */
};
static_assert(sizeof(struct hidma_evre) == HIDMA_EVRE_SIZE, "EVRE size");

#define HIDMA_EVRE_CODE_MASK		HIDMA_GENMASK(31, 28)
#define HIDMA_EVRE_CODE_SHIFT		28
#define HIDMA_EVRE_ERRINFO_MASK		HIDMA_GENMASK(27, 24)
#define HIDMA_EVRE_ERRINFO_SHIFT	24
#define HIDMA_EVRE_CODE(cfg) \
	HIDMA_FIELD_GET(HIDMA_EVRE_CODE_MASK, HIDMA_EVRE_CODE_SHIFT, cfg)
#define HIDMA_EVRE_ERRINFO(cfg) \
	HIDMA_FIELD_GET(HIDMA_EVRE_ERRINFO_MASK, HIDMA_EVRE_ERRINFO_SHIFT, cfg)
#define HIDMA_EVRE_CFG(code, info) \
	(HIDMA_FIELD_PREP(HIDMA_EVRE_CODE_MASK, HIDMA_EVRE_CODE_SHIFT, code) | \
	 HIDMA_FIELD_PREP(HIDMA_EVRE_ERRINFO_MASK, HIDMA_EVRE_ERRINFO_SHIFT, info))

/* completion codes; Linux tests bit 0 (success) before bit 2 (error) */
enum hidma_evre_code {
	HIDMA_EVRE_CODE_COMPLETE = 1,
	HIDMA_EVRE_CODE_ERROR = 4,
};

/* error info, MODEL-ONLY numbering (silicon's values are undocumented) */
enum hidma_evre_errinfo {
	HIDMA_EVRE_ERRINFO_NONE = 0,
	HIDMA_EVRE_ERRINFO_SRC_READ = 1,
	HIDMA_EVRE_ERRINFO_DST_WRITE = 2,
	HIDMA_EVRE_ERRINFO_OPCODE = 3,
	HIDMA_EVRE_ERRINFO_LENGTH = 4,
	HIDMA_EVRE_ERRINFO_CHID = 5,
};
/* Linux's marker for errors generated by software, not HW */
#define HIDMA_ERRINFO_SW		0xFF

/* ------------------------------------------------------------------------
 * Ring geometry. Both rings have the same number of entries; SW never has
 * more than entries - 1 TREs outstanding, so write == read means empty.
 */
#define HIDMA_TRE_RING_ALIGN		HIDMA_TRE_SIZE
#define HIDMA_EVRE_RING_ALIGN		HIDMA_EVRE_SIZE
#define HIDMA_RING_MIN_ENTRIES		2	/* model's minimum (hidma_hw.rst) */
#define HIDMA_LINUX_MIN_DESC		4	/* Linux's desc-count minimum */

/* ------------------------------------------------------------------------
 * Management block registers.
 */
#define HIDMA_MGMT_MHICFG_REG		0x010	/* pre-merge only: channel counts */
#define HIDMA_MGMT_CFG_REG		0x400
#define HIDMA_MGMT_HW_PARAM_REG		0x408	/* pre-merge only */
#define HIDMA_MGMT_CHRESET_TIMEOUT_REG	0x418
#define HIDMA_MGMT_MAX_BUS_REQ_LEN_REG	0x41C
#define HIDMA_MGMT_MAX_XACTIONS_REG	0x420
#define HIDMA_MGMT_HW_VERSION_REG	0x424
#define HIDMA_MGMT_QOS_N_REG		0x700	/* + 4 * chid (0x300 before 2017) */
#define HIDMA_MGMT_QOS_N_REG_OLD	0x300
#define HIDMA_MGMT_HW_EVENTS_CFG_REG	0x1080

#define HIDMA_MGMT_QOS_REG(chid)	(HIDMA_MGMT_QOS_N_REG + 4 * (chid))

/* CFG */
#define HIDMA_MGMT_CFG_ENABLE		HIDMA_BIT(0)

/* MHICFG (pre-merge, UNVERIFIED on production HW) */
#define HIDMA_MGMT_MHICFG_NR_TRCH_MASK	HIDMA_GENMASK(15, 0)
#define HIDMA_MGMT_MHICFG_NR_EVCH_MASK	HIDMA_GENMASK(31, 16)
#define HIDMA_MGMT_MHICFG_NR_EVCH_SHIFT	16

/* CHRESET_TIMEOUT [19:0], HW clock cycles */
#define HIDMA_MGMT_CHRESET_TIMEOUT_MASK	HIDMA_GENMASK(19, 0)

/* MAX_BUS_REQ_LEN: [15:0] read burst, [31:16] write burst, bytes */
#define HIDMA_MGMT_MAX_RD_REQ_MASK	HIDMA_GENMASK(15, 0)
#define HIDMA_MGMT_MAX_RD_REQ_SHIFT	0
#define HIDMA_MGMT_MAX_WR_REQ_MASK	HIDMA_GENMASK(31, 16)
#define HIDMA_MGMT_MAX_WR_REQ_SHIFT	16
#define HIDMA_MGMT_MAX_REQ_MIN		128	/* power of two, 128..1024 */
#define HIDMA_MGMT_MAX_REQ_MAX		1024

/* MAX_XACTIONS: [4:0] read, [20:16] write */
#define HIDMA_MGMT_MAX_RD_XACTIONS_MASK	 HIDMA_GENMASK(4, 0)
#define HIDMA_MGMT_MAX_RD_XACTIONS_SHIFT 0
#define HIDMA_MGMT_MAX_WR_XACTIONS_MASK	 HIDMA_GENMASK(20, 16)
#define HIDMA_MGMT_MAX_WR_XACTIONS_SHIFT 16
#define HIDMA_MGMT_MAX_XACTIONS_MAX	31

/* HW_VERSION: major [31:28], minor [19:16] */
#define HIDMA_MGMT_HW_VERSION_MAJOR_MASK  HIDMA_GENMASK(31, 28)
#define HIDMA_MGMT_HW_VERSION_MAJOR_SHIFT 28
#define HIDMA_MGMT_HW_VERSION_MINOR_MASK  HIDMA_GENMASK(19, 16)
#define HIDMA_MGMT_HW_VERSION_MINOR_SHIFT 16

/* QOS_N: bit 15 priority, [14:8] weight (Linux allows 1..15) */
#define HIDMA_MGMT_QOS_PRIORITY_MASK	HIDMA_BIT(15)
#define HIDMA_MGMT_QOS_PRIORITY_SHIFT	15
#define HIDMA_MGMT_QOS_WEIGHT_MASK	HIDMA_GENMASK(14, 8)
#define HIDMA_MGMT_QOS_WEIGHT_SHIFT	8
#define HIDMA_MGMT_PRIORITY_MAX		1
#define HIDMA_MGMT_WEIGHT_MIN		1
#define HIDMA_MGMT_WEIGHT_MAX		15

/* ------------------------------------------------------------------------
 * Device identification (ACPI _HID and the historical DT compatibles).
 */
#define HIDMA_CAP_MSI			HIDMA_BIT(0)	/* 11 platform-MSI vectors */
#define HIDMA_CAP_IDENTITY		HIDMA_BIT(1)	/* chid at TRCA+0x40 */

#define HIDMA_ACPI_HID_MGMT		"QCOM8060"
#define HIDMA_ACPI_HID_CHAN_1_0		"QCOM8061"	/* wired IRQ only */
#define HIDMA_ACPI_HID_CHAN_1_1		"QCOM8062"	/* + MSI */
#define HIDMA_ACPI_HID_CHAN_1_2		"QCOM8063"	/* + MSI + identity */
#define HIDMA_DT_COMPAT_MGMT		"qcom,hidma-mgmt-1.0"
#define HIDMA_DT_COMPAT_CHAN_1_0	"qcom,hidma-1.0"
#define HIDMA_DT_COMPAT_CHAN_1_1	"qcom,hidma-1.1"
#define HIDMA_DT_COMPAT_CHAN_1_2	"qcom,hidma-1.2"

/* Channel flavours, in the order of the HIDs above */
enum hidma_chan_flavour {
	HIDMA_FLAVOUR_1_0 = 0,	/* QCOM8061 */
	HIDMA_FLAVOUR_1_1 = 1,	/* QCOM8062 */
	HIDMA_FLAVOUR_1_2 = 2,	/* QCOM8063 */
};

#define HIDMA_FLAVOUR_CAPS(f) \
	((f) == HIDMA_FLAVOUR_1_0 ? 0 : \
	 (f) == HIDMA_FLAVOUR_1_1 ? HIDMA_CAP_MSI : HIDMA_CAP_MSI | HIDMA_CAP_IDENTITY)

/* register holding the channel index for a given capability set */
#define HIDMA_CHID_REG(caps) \
	(((caps) & HIDMA_CAP_IDENTITY) ? HIDMA_TRCA_IDENTITY_REG : HIDMA_TRCA_CHID_REG)

#endif /* _HIDMA_HW_H_ */
