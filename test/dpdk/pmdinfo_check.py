#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""dpdk-pmdinfo.py must list each of our drivers with its devargs."""

import json
import subprocess
import sys

pmdinfo, plugin_dir = sys.argv[1:3]
want = {
    "librte_raw_hidma_mgmt.so": {"hidma_model": "channels=", "raw_hidma_mgmt": "channels="},
    "librte_dma_hidma.so": {"dma_hidma": None},
}
failed = 0
for lib, drivers in want.items():
    out = subprocess.run([pmdinfo, f"{plugin_dir}/{lib}"], capture_output=True, text=True,
                         check=True).stdout
    found = {d["name"]: d for d in json.loads(out)}
    for name, param in drivers.items():
        if name not in found:
            print(f"FAIL: {lib}: driver {name} not listed: {sorted(found)}")
            failed += 1
        elif param and param not in found[name].get("params", ""):
            print(f"FAIL: {lib}: {name} lists no '{param}' devarg: {found[name]}")
            failed += 1
        else:
            print(f"ok: {lib}: {name} {found[name].get('params', '')}")
sys.exit(1 if failed else 0)
