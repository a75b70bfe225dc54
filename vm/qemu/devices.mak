# SPDX-License-Identifier: GPL-2.0-or-later
# QEMU device set of the VM tier (configure --with-devices-aarch64): the
# virt machine (GICv3 under TCG, SMMUv3, platform bus) and the HIDMA model.
# ARM_V7M and the semihosting pair are needed only to link.
CONFIG_ARM_VIRT=y
CONFIG_ARM_V7M=y
CONFIG_SEMIHOSTING=y
CONFIG_ARM_COMPATIBLE_SEMIHOSTING=y
CONFIG_ARM_GICV3_TCG=y
CONFIG_QCOM_HIDMA=y
