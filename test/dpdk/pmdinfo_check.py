#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""dpdk-pmdinfo.py must list each of our drivers with its devargs.

dpdk-pmdinfo.py runs `ldd` on the files it reads. In a cross build (the
test setup sets HIDMA_EXE_WRAPPER and HIDMA_SYSROOT) the host's ldd cannot
read the target's objects: an `ldd` first on PATH lists them with the
target's own dynamic loader, run through the wrapper.
"""

import atexit
import glob
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

pmdinfo, plugin_dir = sys.argv[1:3]
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
want = {
    "librte_raw_hidma_mgmt.so": {"hidma_model": "channels=", "raw_hidma_mgmt": "channels="},
    "librte_dma_hidma.so": {"dma_hidma": None},
}
failed = 0
for lib, drivers in want.items():
    out = subprocess.run([pmdinfo, f"{plugin_dir}/{lib}"], capture_output=True, text=True,
                         check=True, env=env).stdout
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
