#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""The silicon drivers contain no model code and build without it.

usage: silicon_only_check.py NM READELF PLUGIN_DIR [SOURCE_DIR [meson setup options...]]

1. In PLUGIN_DIR, the bus, channel and management plugins: no symbol whose
   name has "hidma_model" in their whole symbol table (nm: defined, undefined
   and hidden ones, so lib/hidma_model's hidden functions count too) nor in
   their dynamic one (nm -D), and no DT_NEEDED on the model's plugin.
2. With SOURCE_DIR (native builds): a scratch build configured with
   -Dmodel=false builds exactly those three plugins, and step 1 holds for
   them as well.
"""

import os
import re
import subprocess
import sys
import tempfile

SILICON = ["librte_bus_hidma_platform.so", "librte_dma_hidma.so", "librte_raw_hidma_mgmt.so"]
MODEL = "librte_common_hidma_model.so"


def symbols(nm, plugin, dynamic):
    """Names of every symbol nm lists, defined or not."""
    args = [nm, "-D", plugin] if dynamic else [nm, plugin]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in out.splitlines() if line.strip()]


def check_dir(nm, readelf, plugin_dir):
    """Failures for the silicon plugins of one build."""
    failed = 0
    for name in SILICON:
        plugin = os.path.join(plugin_dir, name)
        if not os.path.exists(plugin):
            print(f"FAIL: {plugin} not built")
            failed += 1
            continue
        dyn = symbols(nm, plugin, True)
        stray = sorted({s for s in symbols(nm, plugin, False) + dyn if "hidma_model" in s})
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+)\]",
                            subprocess.run([readelf, "-d", plugin], capture_output=True,
                                           text=True, check=True).stdout)
        bad_needed = [n for n in needed if n.startswith(MODEL)]
        for s in stray:
            print(f"FAIL: {plugin} has symbol {s}")
        for n in bad_needed:
            print(f"FAIL: {plugin} needs {n}")
        failed += len(stray) + len(bad_needed)
        print(f"{'ok' if not stray and not bad_needed else 'FAIL'}: {plugin}: no model code "
              f"(nm -D: {len(dyn)} symbols, NEEDED {', '.join(n for n in needed if 'rte' in n)})")
    return failed


def main():
    nm, readelf, plugin_dir, *rest = sys.argv[1:]
    failed = check_dir(nm, readelf, plugin_dir)
    if rest:
        src, *opts = rest
        with tempfile.TemporaryDirectory(prefix="hidma-silicon-") as tmp:
            build = os.path.join(tmp, "build")
            r = subprocess.run(["meson", "setup", build, src, "-Dmodel=false", "-Dtests=false",
                                "-Dexamples=false"] + opts, capture_output=True, text=True)
            if r.returncode != 0:
                print(r.stdout[-3000:] + r.stderr)
                print("FAIL: meson setup -Dmodel=false")
                return 1
            if "not building rte_common_hidma_model" not in r.stdout:
                print("FAIL: -Dmodel=false did not leave drivers/common/hidma_model out")
                failed += 1
            targets = ["drivers/" + p for p in SILICON]
            r = subprocess.run(["ninja", "-C", build] + targets, capture_output=True, text=True)
            if r.returncode != 0:
                print(r.stdout[-3000:] + r.stderr)
                print("FAIL: the silicon plugins do not build with -Dmodel=false")
                return 1
            built = sorted(f for f in os.listdir(os.path.join(build, "drivers"))
                           if f.startswith("librte_") and f.endswith(".so"))
            print(f"-Dmodel=false built: {' '.join(built)}")
            if MODEL in built:
                print(f"FAIL: -Dmodel=false built {MODEL}")
                failed += 1
            failed += check_dir(nm, readelf, os.path.join(build, "drivers"))
    print(f"{'FAIL' if failed else 'ok'}: silicon plugins without model code")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
