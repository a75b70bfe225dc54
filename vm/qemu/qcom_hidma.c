/*
 * Qualcomm HIDMA (Technologies HIDMA 1.0) as QEMU sysbus devices, backed by
 * hidma-dpdk's register-level software model (lib/hidma_model).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright(c) 2026 The hidma-dpdk authors
 *
 * This file is part of hidma-dpdk's QEMU patch (vm/qemu/, GPL-2.0-or-later
 * like QEMU); the model it links (lib/hidma_model, BSD-3-Clause) is not a
 * copy: QEMU's meson compiles it from the hidma-dpdk tree.
 *
 * "qcom-hidma-mgmt" owns one model instance (management window, 8 KiB).
 * "qcom-hidma" is one channel of it (TRCA and EVCA windows, 4 KiB each,
 * one wired interrupt), linked to its management device by the "mgmt"
 * property. The model's registers are plain memory it inspects when polled,
 * so an MMIO write stores the value and runs the engine at once (the guest
 * sees a command or IRQ_CLR take effect as on silicon); work left over runs
 * from a bottom half, and a timer looks again while the engine waits on the
 * guest (full event ring, pacing). Every ring, descriptor and data access
 * is translated through the channel's DMA address space: behind an SMMUv3
 * (virt,iommu=smmuv3) with the channel's fixed stream ID, so a missing
 * mapping is a real SMMU event plus the model's access error (error EVRE).
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "qemu/rcu.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "exec/address-spaces.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/arm/smmu-common.h"
#include "migration/blocker.h"

#include "hidma_model.h"
#include "hidma_hw.h"

#define TYPE_QCOM_HIDMA_MGMT "qcom-hidma-mgmt"
#define TYPE_QCOM_HIDMA "qcom-hidma"
OBJECT_DECLARE_SIMPLE_TYPE(QcomHidmaMgmtState, QCOM_HIDMA_MGMT)
OBJECT_DECLARE_SIMPLE_TYPE(QcomHidmaState, QCOM_HIDMA)

/* engine polls per bottom half run before yielding to the main loop */
#define HIDMA_POLLS_PER_RUN 64
/* virtual time between looks while the engine waits on the guest */
#define HIDMA_WAIT_NS (50 * SCALE_US)

struct QcomHidmaMgmtState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq irq;               /* wired but never raised: the model has none */
    struct hidma_model *model;
    QEMUBH *bh;
    QEMUTimer *timer;
    QcomHidmaState *chan[HIDMA_MODEL_MAX_CHANNELS];
    Error *migration_blocker;
    uint32_t nb_channels;
    uint32_t stream_id;         /* for VFIO's IOMMU group only: no DMA */
    uint32_t fail_every;
    uint32_t fail_ppm;
    uint32_t tre_latency_ns;
};

struct QcomHidmaState {
    SysBusDevice parent_obj;
    MemoryRegion trca;
    MemoryRegion evca;
    qemu_irq irq;
    QcomHidmaMgmtState *mgmt;
    AddressSpace *as;
    uint32_t index;
    uint32_t stream_id;
    bool irq_level;
};

/* ------------------------------------------------------------------ */
/* the engine */

static uint64_t hidma_clock_ns(void *arg)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

/*
 * The model's translator: [iova, iova + len) of channel ch to a host
 * pointer. The IOMMU answers page by page; the range must be RAM (writable
 * for a write) and contiguous in host memory, as a buffer of a Linux
 * kmalloc/dma-iommu mapping or a DPDK hugepage is. Anything else is a fault.
 * Runs inside hidma_model_poll(), under the BQL and an RCU read section.
 */
static void *hidma_xlate(void *arg, unsigned int ch, uint64_t iova,
                         uint64_t len, bool write)
{
    QcomHidmaMgmtState *s = arg;
    QcomHidmaState *c = ch < s->nb_channels ? s->chan[ch] : NULL;
    uint8_t *base = NULL;
    uint64_t done = 0;

    if (c == NULL) {
        return NULL;
    }
    while (done < len) {
        hwaddr xlat, l = len - done;
        MemoryRegion *mr;
        uint8_t *p;

        mr = address_space_translate(c->as, iova + done, &xlat, &l, write,
                                     MEMTXATTRS_UNSPECIFIED);
        if (l == 0 || !memory_region_is_ram(mr) || memory_region_is_romd(mr) ||
            (write && mr->readonly)) {
            return NULL;
        }
        p = (uint8_t *)memory_region_get_ram_ptr(mr) + xlat;
        if (done == 0) {
            base = p;
        } else if (p != base + done) {
            return NULL;
        }
        if (write) {
            memory_region_set_dirty(mr, xlat, l);
        }
        done += l;
    }
    return base;
}

static void hidma_update_irqs(QcomHidmaMgmtState *s)
{
    unsigned int i;

    for (i = 0; i < s->nb_channels; i++) {
        QcomHidmaState *c = s->chan[i];
        bool level;

        if (c == NULL) {
            continue;
        }
        level = hidma_model_irq_pending(s->model, i) != 0;
        if (level != c->irq_level) {
            c->irq_level = level;
            qemu_set_irq(c->irq, level);
        }
    }
}

static void hidma_run(QcomHidmaMgmtState *s)
{
    unsigned int work = 0, n = 0;

    WITH_RCU_READ_LOCK_GUARD() {
        do {
            work = hidma_model_poll(s->model);
        } while (work != 0 && ++n < HIDMA_POLLS_PER_RUN);
    }
    hidma_update_irqs(s);
    if (work != 0) {
        qemu_bh_schedule(s->bh);
    } else if (hidma_model_busy(s->model)) {
        timer_mod(s->timer,
                  qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + HIDMA_WAIT_NS);
    }
}

static void hidma_bh(void *opaque)
{
    hidma_run(opaque);
}

/* ------------------------------------------------------------------ */
/* register windows: the model's own memory */

static uint64_t hidma_win_read(uint8_t *win, hwaddr off, unsigned size)
{
    uint32_t v = qatomic_read((uint32_t *)(win + (off & ~(hwaddr)3)));

    v = le32_to_cpu(v);
    return size == 4 ? v : extract32(v, (off & 3) * 8, size * 8);
}

static void hidma_win_write(uint8_t *win, hwaddr off, uint64_t val,
                            unsigned size)
{
    uint32_t *r = (uint32_t *)(win + (off & ~(hwaddr)3));
    uint32_t v = le32_to_cpu(qatomic_read(r));

    v = size == 4 ? (uint32_t)val : deposit32(v, (off & 3) * 8, size * 8, val);
    qatomic_set(r, cpu_to_le32(v));
}

static uint64_t hidma_mgmt_read(void *opaque, hwaddr off, unsigned size)
{
    QcomHidmaMgmtState *s = opaque;

    return hidma_win_read(hidma_model_mgmt_regs(s->model), off, size);
}

static void hidma_mgmt_write(void *opaque, hwaddr off, uint64_t val,
                             unsigned size)
{
    QcomHidmaMgmtState *s = opaque;

    hidma_win_write(hidma_model_mgmt_regs(s->model), off, val, size);
    hidma_run(s);
}

static uint64_t hidma_trca_read(void *opaque, hwaddr off, unsigned size)
{
    QcomHidmaState *c = opaque;

    return hidma_win_read(hidma_model_trca_regs(c->mgmt->model, c->index),
                          off, size);
}

static void hidma_trca_write(void *opaque, hwaddr off, uint64_t val,
                             unsigned size)
{
    QcomHidmaState *c = opaque;

    hidma_win_write(hidma_model_trca_regs(c->mgmt->model, c->index),
                    off, val, size);
    hidma_run(c->mgmt);
}

static uint64_t hidma_evca_read(void *opaque, hwaddr off, unsigned size)
{
    QcomHidmaState *c = opaque;

    return hidma_win_read(hidma_model_evca_regs(c->mgmt->model, c->index),
                          off, size);
}

static void hidma_evca_write(void *opaque, hwaddr off, uint64_t val,
                             unsigned size)
{
    QcomHidmaState *c = opaque;

    hidma_win_write(hidma_model_evca_regs(c->mgmt->model, c->index),
                    off, val, size);
    hidma_run(c->mgmt);
}

#define HIDMA_OPS(name)                                                 \
    static const MemoryRegionOps hidma_##name##_ops = {                 \
        .read = hidma_##name##_read,                                    \
        .write = hidma_##name##_write,                                  \
        .endianness = DEVICE_LITTLE_ENDIAN,                             \
        .valid = { .min_access_size = 1, .max_access_size = 4 },        \
        .impl = { .min_access_size = 1, .max_access_size = 4 },         \
    }
HIDMA_OPS(mgmt);
HIDMA_OPS(trca);
HIDMA_OPS(evca);

/* ------------------------------------------------------------------ */
/* management device: owns the model */

static void hidma_mgmt_realize(DeviceState *dev, Error **errp)
{
    QcomHidmaMgmtState *s = QCOM_HIDMA_MGMT(dev);
    struct hidma_model_params p;

    if (s->nb_channels == 0 || s->nb_channels > HIDMA_MODEL_MAX_CHANNELS) {
        error_setg(errp, "qcom-hidma-mgmt: channels must be 1..%u",
                   HIDMA_MODEL_MAX_CHANNELS);
        return;
    }
    if (s->fail_ppm > 1000000) {
        error_setg(errp, "qcom-hidma-mgmt: fail-ppm must be at most 1000000");
        return;
    }
    memset(&p, 0, sizeof(p));
    p.nb_channels = s->nb_channels;
    p.flavour = HIDMA_FLAVOUR_1_0;      /* wired interrupts, no MSI */
    p.faults.fail_every = s->fail_every;
    p.faults.fail_ppm = s->fail_ppm;
    p.faults.tre_latency_ns = s->tre_latency_ns;
    p.clock_ns = hidma_clock_ns;
    p.xlate = hidma_xlate;
    p.xlate_arg = s;
    s->model = hidma_model_create(&p);
    if (s->model == NULL) {
        error_setg_errno(errp, errno, "qcom-hidma-mgmt: cannot create the model");
        return;
    }
    /* the model's state lives outside QEMU's vmstate */
    error_setg(&s->migration_blocker,
               "qcom-hidma-mgmt does not support migration");
    if (migrate_add_blocker(s->migration_blocker, errp) < 0) {
        error_free(s->migration_blocker);
        s->migration_blocker = NULL;
        hidma_model_destroy(s->model);
        s->model = NULL;
        return;
    }
    memory_region_init_io(&s->mmio, OBJECT(s), &hidma_mgmt_ops, s,
                          "qcom-hidma-mgmt", HIDMA_MGMT_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(s), &s->irq);
    s->bh = qemu_bh_new(hidma_bh, s);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, hidma_bh, s);
}

static Property hidma_mgmt_props[] = {
    DEFINE_PROP_UINT32("channels", QcomHidmaMgmtState, nb_channels, 1),
    /* its DT "iommus" cell: an IOMMU group, so that VFIO can assign it */
    DEFINE_PROP_UINT32("stream-id", QcomHidmaMgmtState, stream_id, 0x1100),
    /* the model's fault injection (MODEL-ONLY): every Nth TRE fails */
    DEFINE_PROP_UINT32("fail-every", QcomHidmaMgmtState, fail_every, 0),
    DEFINE_PROP_UINT32("fail-ppm", QcomHidmaMgmtState, fail_ppm, 0),
    DEFINE_PROP_UINT32("tre-latency-ns", QcomHidmaMgmtState, tre_latency_ns, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void hidma_mgmt_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = hidma_mgmt_realize;
    dc->user_creatable = true;
    dc->desc = "Qualcomm HIDMA management (hidma-dpdk model)";
    device_class_set_props(dc, hidma_mgmt_props);
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
}

/* ------------------------------------------------------------------ */
/* channel device */

static void hidma_chan_realize(DeviceState *dev, Error **errp)
{
    QcomHidmaState *c = QCOM_HIDMA(dev);
    QcomHidmaMgmtState *s = c->mgmt;
    bool ambiguous = false;
    Object *smmu;

    if (s == NULL || s->model == NULL) {
        error_setg(errp, "qcom-hidma: set mgmt=<id of a qcom-hidma-mgmt "
                   "created before this channel>");
        return;
    }
    if (c->index >= s->nb_channels || s->chan[c->index] != NULL) {
        error_setg(errp, "qcom-hidma: channel %u is out of range (mgmt has "
                   "%u) or already taken", c->index, s->nb_channels);
        return;
    }
    smmu = object_resolve_path_type("", TYPE_ARM_SMMU, &ambiguous);
    if (ambiguous) {
        error_setg(errp, "qcom-hidma: more than one SMMU");
        return;
    }
    c->as = smmu != NULL ?
        smmu_get_fixed_sid_as(ARM_SMMU(smmu), c->stream_id) :
        &address_space_memory;
    memory_region_init_io(&c->trca, OBJECT(c), &hidma_trca_ops, c,
                          "qcom-hidma-trca", HIDMA_TRCA_SIZE);
    memory_region_init_io(&c->evca, OBJECT(c), &hidma_evca_ops, c,
                          "qcom-hidma-evca", HIDMA_EVCA_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(c), &c->trca);
    sysbus_init_mmio(SYS_BUS_DEVICE(c), &c->evca);
    sysbus_init_irq(SYS_BUS_DEVICE(c), &c->irq);
    s->chan[c->index] = c;
}

static Property hidma_chan_props[] = {
    DEFINE_PROP_LINK("mgmt", QcomHidmaState, mgmt, TYPE_QCOM_HIDMA_MGMT,
                     QcomHidmaMgmtState *),
    DEFINE_PROP_UINT32("index", QcomHidmaState, index, 0),
    /* the SMMU stream ID of this channel (its DT "iommus" cell) */
    DEFINE_PROP_UINT32("stream-id", QcomHidmaState, stream_id, 0x1000),
    DEFINE_PROP_END_OF_LIST(),
};

static void hidma_chan_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = hidma_chan_realize;
    dc->user_creatable = true;
    dc->desc = "Qualcomm HIDMA channel (hidma-dpdk model)";
    device_class_set_props(dc, hidma_chan_props);
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
}

static const TypeInfo hidma_types[] = {
    {
        .name = TYPE_QCOM_HIDMA_MGMT,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(QcomHidmaMgmtState),
        .class_init = hidma_mgmt_class_init,
    }, {
        .name = TYPE_QCOM_HIDMA,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(QcomHidmaState),
        .class_init = hidma_chan_class_init,
    },
};

DEFINE_TYPES(hidma_types)
