#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""-Ddpdk_autoload=true puts the plugins, and only them, where the EAL autoloads.

usage: autoload_check.py <source dir> <RTE_EAL_PMD_PATH> [meson setup options...]

Configures (does not build) a scratch build directory with
--prefix=/opt/hidma-check -Ddpdk_autoload=true and reads meson's list of
install destinations.
"""

import json
import os
import subprocess
import sys
import tempfile

src, pmd_path, *opts = sys.argv[1:]
prefix = "/opt/hidma-check"
with tempfile.TemporaryDirectory(prefix="hidma-autoload-") as tmp:
    build = os.path.join(tmp, "build")
    r = subprocess.run(["meson", "setup", build, src, "--prefix=" + prefix,
                        "-Ddpdk_autoload=true", "-Dtests=false", "-Dexamples=false"] + opts,
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout[-3000:] + r.stderr)
        sys.exit("FAIL: meson setup -Ddpdk_autoload=true")
    dests = json.loads(subprocess.run(["meson", "introspect", build, "--installed"],
                                      capture_output=True, text=True, check=True).stdout)
failed = 0
plugins = 0
for dest in sorted(dests.values()):
    is_plugin = os.path.basename(dest).startswith("librte_")
    plugins += is_plugin
    want = pmd_path if is_plugin else prefix
    ok = os.path.dirname(dest) == want if is_plugin else dest.startswith(prefix + "/")
    print(f"{'ok' if ok else 'FAIL'}: {dest} (wanted {'in' if is_plugin else 'under'} {want})")
    failed += not ok
if plugins == 0:
    print("FAIL: no plugin installed")
    failed += 1
sys.exit(1 if failed else 0)
