#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""Every plugin exports only our prefixed names, none of them DPDK's.

usage: symbols_check.py <plugin dir> <DPDK library dir>...

Lists the defined dynamic symbols of every librte_*.so in the plugin
directory and fails on
  - a name that does not start with rte_ or hidma_ (DPDK's pmdinfo records
    are allowed too, though our version maps hide them);
  - a name that a library of the DPDK built against also exports (every
    librte_*.so* in the given DPDK directories: its libdir and the directory
    its EAL autoloads, which holds upstream's bus/platform on DPDK >= 23.03).
"""

import glob
import os
import re
import sys

from elftools.elf.elffile import ELFFile
from elftools.elf.sections import SymbolTableSection

ALLOWED = re.compile(r"^(rte_|hidma_)")
PMDINFO = re.compile(r"^(this_pmd_name\d+|\w+_pmd_info|__\w+_(param_string|kmod_dep|pci_tbl|"
                     r"hidma_platform_tbl)_export)$")


def exports(path):
    """Defined dynamic symbols, without the version-node names."""
    names = set()
    with open(path, "rb") as f:
        elf = ELFFile(f)
        versions = set()
        verdef = elf.get_section_by_name(".gnu.version_d")
        if verdef is not None:
            for _, aux in verdef.iter_versions():
                versions.update(a.name for a in aux)
        dynsym = elf.get_section_by_name(".dynsym")
        if not isinstance(dynsym, SymbolTableSection):
            return names
        for sym in dynsym.iter_symbols():
            if not sym.name or sym["st_shndx"] == "SHN_UNDEF":
                continue
            if sym["st_info"]["bind"] == "STB_LOCAL" or sym.name in versions:
                continue
            names.add(sym.name)
    return names


def main():
    plugin_dir, dpdk_dirs = sys.argv[1], sys.argv[2:]
    plugins = sorted(glob.glob(os.path.join(plugin_dir, "librte_*.so")))
    if not plugins:
        print(f"FAIL: no plugin in {plugin_dir}")
        return 1
    dpdk = {}
    for d in dpdk_dirs:
        for lib in glob.glob(os.path.join(d, "librte_*.so*")):
            if os.path.isfile(lib) and not os.path.islink(lib):
                for name in exports(lib):
                    dpdk.setdefault(name, os.path.basename(lib))
    print(f"{len(dpdk)} symbols exported by the DPDK in {' '.join(dpdk_dirs)}")
    failed = 0
    for plugin in plugins:
        names = exports(plugin)
        stray = sorted(n for n in names if not ALLOWED.match(n) and not PMDINFO.match(n))
        clash = sorted(f"{n} (also in {dpdk[n]})" for n in names if n in dpdk)
        for n in stray:
            print(f"FAIL: {os.path.basename(plugin)} exports {n}: not rte_/hidma_-prefixed")
        for n in clash:
            print(f"FAIL: {os.path.basename(plugin)} exports {n}")
        failed += len(stray) + len(clash)
        print(f"{'ok' if not stray and not clash else 'FAIL'}: {os.path.basename(plugin)}: "
              f"{' '.join(sorted(names)) or '(nothing)'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
