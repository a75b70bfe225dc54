#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""dpdk-pmdinfo.py must list each of our drivers with its devargs, and the
platform front-ends with every ACPI id and DT compatible they match.

usage: pmdinfo_check.py <dpdk-pmdinfo.py> <plugin dir> <hidma_hw.h>

The expected ids are read from hidma_hw.h, the one place they are written.
"""

import json
import re
import subprocess
import sys

pmdinfo, plugin_dir, hw_header = sys.argv[1:4]

ids = dict(re.findall(r'#define\s+HIDMA_(ACPI_HID_\w+|DT_COMPAT_\w+)\s+"([^"]+)"',
                      open(hw_header).read()))
chan = [{"acpi_hid": v} for k, v in sorted(ids.items()) if k.startswith("ACPI_HID_CHAN")] + \
       [{"compatible": v} for k, v in sorted(ids.items()) if k.startswith("DT_COMPAT_CHAN")]
mgmt = [{"acpi_hid": ids["ACPI_HID_MGMT"]}, {"compatible": ids["DT_COMPAT_MGMT"]}]
if len(chan) != 6:
    sys.exit(f"FAIL: expected 3 ACPI ids and 3 compatibles for channels in {hw_header}: {chan}")

# lib: {driver: (devarg that must be listed, platform ids or None)}
want = {
    "librte_raw_hidma_mgmt.so": {"hidma_model": ("channels=", None),
                                 "raw_hidma_mgmt": ("channels=", mgmt)},
    "librte_dma_hidma.so": {"dma_hidma": (None, chan)},
}
failed = 0
for lib, drivers in want.items():
    out = subprocess.run([pmdinfo, f"{plugin_dir}/{lib}"], capture_output=True, text=True,
                         check=True).stdout
    found = {d["name"]: d for d in json.loads(out)}
    for name, (param, plat_ids) in drivers.items():
        d = found.get(name)
        if d is None:
            print(f"FAIL: {lib}: driver {name} not listed: {sorted(found)}")
            failed += 1
            continue
        if param and param not in d.get("params", ""):
            print(f"FAIL: {lib}: {name} lists no '{param}' devarg: {d}")
            failed += 1
        if plat_ids is not None and d.get("hidma_platform_ids") != plat_ids:
            print(f"FAIL: {lib}: {name} hidma_platform_ids {d.get('hidma_platform_ids')}, "
                  f"expected {plat_ids}")
            failed += 1
        print(f"{name}: {json.dumps(d)}")
sys.exit(1 if failed else 0)
