#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""Every DPDK library our plugins need comes from the DPDK we built against.

usage: plugin_deps.py READELF ABI_MAJOR DPDK_LIBDIR PLUGIN_DIR
       plugin_deps.py --self-test

Reads each plugin's DT_NEEDED entries (readelf -d, which reads any
architecture's ELF files) and fails when a librte_* library has another
ABI major than the DPDK's (librte_eal.so.23 in a build against 25.11's
.so.26 means two DPDKs in one process), or is neither in DPDK_LIBDIR nor
one of our own plugins.
"""

import os
import re
import subprocess
import sys

NEEDED_RE = re.compile(r"\(NEEDED\)\s+Shared library: \[(.+)\]")
RTE_RE = re.compile(r"^(librte_\w+)\.so\.(\d+)(?:\.\d+)?$")


def check(plugin, dynamic, abi, libdir_files, own):
    """Errors for one plugin, from its `readelf -d` text."""
    errors = []
    needed = NEEDED_RE.findall(dynamic)
    if not needed:
        errors.append("%s: no NEEDED entries (not a shared object?)" % plugin)
    for lib in needed:
        m = RTE_RE.match(lib)
        if not m:
            continue
        if m.group(1) + ".so" in own:
            continue
        if m.group(2) != abi:
            errors.append("%s needs %s: another DPDK's library (this DPDK's ABI is %s)"
                          % (plugin, lib, abi))
        elif lib not in libdir_files:
            errors.append("%s needs %s, which the DPDK built against does not have"
                          % (plugin, lib))
    return errors, needed


def self_test():
    good = (" 0x1 (NEEDED) Shared library: [librte_eal.so.26]\n"
            " 0x1 (NEEDED) Shared library: [librte_dma_hidma.so]\n"
            " 0x1 (NEEDED) Shared library: [libc.so.6]\n")
    mixed = good + " 0x1 (NEEDED) Shared library: [librte_bus_vdev.so.23]\n"
    missing = good + " 0x1 (NEEDED) Shared library: [librte_bus_pci.so.26]\n"
    cases = [("good", good, True), ("two DPDK versions", mixed, False),
             ("library missing from the DPDK", missing, False), ("no NEEDED", "", False)]
    bad = 0
    for what, text, ok in cases:
        errors, _ = check("x.so", text, "26", {"librte_eal.so.26"}, {"librte_dma_hidma.so"})
        if (not errors) != ok:
            print("FAIL: self-test %s: %s" % (what, errors or "accepted"))
            bad += 1
        else:
            print("ok: self-test %s %s" % (what, errors))
    return 1 if bad else 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    readelf, abi, libdir, plugin_dir = sys.argv[1:5]
    libdir_files = set(os.listdir(libdir))
    own = sorted(f for f in os.listdir(plugin_dir) if re.match(r"^librte_\w+\.so$", f))
    if not own:
        print("FAIL: no plugins in %s" % plugin_dir)
        return 1
    errors = []
    for p in own:
        out = subprocess.run([readelf, "-d", os.path.join(plugin_dir, p)],
                             stdout=subprocess.PIPE, universal_newlines=True,
                             check=True).stdout
        e, needed = check(p, out, abi, libdir_files, set(own))
        errors += e
        print("%s: %s" % (p, " ".join(needed)))
    for e in errors:
        print("FAIL: " + e)
    if not errors:
        print("PASS: %d plugins need only DPDK ABI %s libraries from %s" % (len(own), abi, libdir))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
