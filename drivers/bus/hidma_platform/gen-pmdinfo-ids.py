#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""DPDK's pmdinfo step, plus the id tables of hidma_platform drivers.

Same arguments as DPDK's buildtools/gen-pmdinfo-cfile.py:
    tmp_root ar archive output pmdinfogen...
It runs DPDK's pmdinfogen on the archive's objects, then adds to the record
of every driver that named its id table with
RTE_PMD_REGISTER_HIDMA_PLATFORM_TABLE(nm, table) a key
    "hidma_platform_ids": [{"acpi_hid": "QCOM8061"}, {"compatible": "..."}]
read from the table in the object file, so that dpdk-pmdinfo.py lists the
ACPI ids and DT compatibles the driver matches (DPDK's pmdinfogen knows PCI
tables only). A table is an array of struct rte_hidma_platform_id
{const char *acpi_hid; const char *compatible; uint32_t caps;}, ended by an
entry of two NULLs; its string pointers are relocations in a relocatable
object, resolved here (RELA, LP64: x86_64 and aarch64).
"""

import json
import os
import re
import subprocess
import sys
import tempfile

from elftools.elf.elffile import ELFFile
from elftools.elf.relocation import RelocationSection

EXPORT_RE = re.compile(r"^__(\w+)_hidma_platform_tbl_export$")
# one record per driver; 22.11/24.11: const char <nm>_pmd_info[] __attribute__((used)) = ...,
# 25.11: RTE_PMD_EXPORT_SYMBOL(const char, <nm>_pmd_info)[] = ...
RECORD_RE = re.compile(r'^(.*?\b(\w+)_pmd_info\)?\[\].*?= "PMD_INFO_STRING= )(.*)(";)$')


def c_string(elf, section_index, offset):
    data = elf.get_section(section_index).data()
    end = data.index(b"\0", offset)
    return data[offset:end].decode("ascii")


def symbol_string(elf, symtab, name):
    sym = symtab.get_symbol_by_name(name)[0]
    data = elf.get_section(sym["st_shndx"]).data()
    value = data[sym["st_value"]:sym["st_value"] + sym["st_size"]]
    return value.rstrip(b"\0").decode("ascii")


def read_table(elf, symtab, name):
    syms = symtab.get_symbol_by_name(name)
    if not syms:
        raise SystemExit(f"hidma_platform id table {name} declared but not defined")
    sym = syms[0]
    ptr = elf.elfclass // 8
    entry_size = 2 * ptr + 8  # two pointers, caps, padding to 8 (LP64)
    if ptr != 8:
        raise SystemExit(f"{name}: only LP64 objects are supported")
    start, size = sym["st_value"], sym["st_size"]
    fields = {}
    for rel_sec in elf.iter_sections():
        if not isinstance(rel_sec, RelocationSection) or \
                rel_sec["sh_info"] != sym["st_shndx"]:
            continue
        if not rel_sec.is_RELA():
            raise SystemExit(f"{name}: REL relocations are not supported")
        rel_syms = elf.get_section(rel_sec["sh_link"])
        for rel in rel_sec.iter_relocations():
            off = rel["r_offset"] - start
            if off < 0 or off >= size:
                continue
            target = rel_syms.get_symbol(rel["r_info_sym"])
            fields[off] = c_string(elf, target["st_shndx"],
                                   target["st_value"] + rel["r_addend"])
    ids = []
    for base in range(0, size, entry_size):
        acpi, compat = fields.get(base), fields.get(base + ptr)
        if acpi is None and compat is None:
            break
        entry = {}
        if acpi is not None:
            entry["acpi_hid"] = acpi
        if compat is not None:
            entry["compatible"] = compat
        ids.append(entry)
    return ids


def tables(paths):
    found = {}
    for path in paths:
        with open(path, "rb") as f:
            elf = ELFFile(f)
            symtab = elf.get_section_by_name(".symtab")
            if symtab is None:
                continue
            for sym in symtab.iter_symbols():
                m = EXPORT_RE.match(sym.name)
                if m:
                    table = symbol_string(elf, symtab, sym.name)
                    found[m.group(1)] = read_table(elf, symtab, table)
    return found


def main():
    _, tmp_root, ar, archive, output, *pmdinfogen = sys.argv
    with tempfile.TemporaryDirectory(dir=tmp_root) as temp:
        paths = []
        names = subprocess.run([ar, "t", archive], stdout=subprocess.PIPE,
                               check=True).stdout.decode().splitlines()
        for name in names:
            if os.path.exists(name):
                paths.append(name)
            else:
                subprocess.run([ar, "x", os.path.abspath(archive), name],
                               check=True, cwd=temp)
                paths.append(os.path.join(temp, name))
        raw = os.path.join(temp, "pmdinfo.c")
        subprocess.run(pmdinfogen + paths + [raw], check=True)
        ids = tables(paths)
        with open(raw) as f:
            lines = f.read().splitlines()
    out = []
    for line in lines:
        m = RECORD_RE.match(line)
        if m and m.group(2) in ids:
            record = json.loads(m.group(3).replace('\\"', '"'))
            record["hidma_platform_ids"] = ids.pop(m.group(2))
            line = m.group(1) + json.dumps(record).replace('"', '\\"') + m.group(4)
        out.append(line)
    if ids:
        raise SystemExit(f"id tables of unregistered drivers: {sorted(ids)}")
    with open(output, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
