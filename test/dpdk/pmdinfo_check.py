#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""dpdk-pmdinfo.py must list each of our drivers with its devargs, and the
platform front-ends with every ACPI id and DT compatible they match.

usage: pmdinfo_check.py <dpdk-pmdinfo.py> <plugin dir> <hidma_hw.h>

The expected ids are read from hidma_hw.h, the one place they are written.

dpdk-pmdinfo.py runs `ldd` on the files it reads. In a cross build (the
test setup sets HIDMA_EXE_WRAPPER and HIDMA_SYSROOT) the host's ldd cannot
read the target's objects: an `ldd` first on PATH lists them with the
target's own dynamic loader, run through the wrapper.
"""

import atexit
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

pmdinfo, plugin_dir, hw_header = sys.argv[1:4]
env = dict(os.environ)
wrapper = os.environ.get("HIDMA_EXE_WRAPPER")
if wrapper:
    ldsos = sorted(glob.glob(os.path.join(os.environ.get("HIDMA_SYSROOT", "/"), "lib",
                                          "ld-linux-*.so.*")))
    if not ldsos:
        print("FAIL: no target dynamic loader in $HIDMA_SYSROOT/lib")
        sys.exit(1)
    shim = tempfile.mkdtemp(prefix="hidma-ldd-")
    atexit.register(shutil.rmtree, shim, ignore_errors=True)
    with open(os.path.join(shim, "ldd"), "w") as f:
        f.write("#!/bin/sh\nexec %s %s --list \"$@\"\n"
                % (" ".join(shlex.quote(w) for w in shlex.split(wrapper)), shlex.quote(ldsos[0])))
    os.chmod(os.path.join(shim, "ldd"), 0o755)
    env["PATH"] = shim + os.pathsep + env.get("PATH", "")

ids = dict(re.findall(r'#define\s+HIDMA_(ACPI_HID_\w+|DT_COMPAT_\w+)\s+"([^"]+)"',
                      open(hw_header).read()))
chan = [{"acpi_hid": v} for k, v in sorted(ids.items()) if k.startswith("ACPI_HID_CHAN")] + \
       [{"compatible": v} for k, v in sorted(ids.items()) if k.startswith("DT_COMPAT_CHAN")]
mgmt = [{"acpi_hid": ids["ACPI_HID_MGMT"]}, {"compatible": ids["DT_COMPAT_MGMT"]}]
if len(chan) != 6:
    sys.exit(f"FAIL: expected 3 ACPI ids and 3 compatibles for channels in {hw_header}: {chan}")

# lib: {driver: (devarg that must be listed, platform ids or None)}
want = {
    "librte_raw_hidma_mgmt.so": {"raw_hidma_mgmt": ("channels=", mgmt)},
    "librte_dma_hidma.so": {"dma_hidma": (None, chan)},
    "librte_common_hidma_model.so": {"hidma_model": ("channels=", None)},
}
failed = 0
for lib, drivers in want.items():
    if lib == "librte_common_hidma_model.so" and not os.path.exists(f"{plugin_dir}/{lib}"):
        print(f"{lib}: not built (-Dmodel=false)")
        continue
    out = subprocess.run([pmdinfo, f"{plugin_dir}/{lib}"], capture_output=True, text=True,
                         check=True, env=env).stdout
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
