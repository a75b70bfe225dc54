#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
"""meson install into a DESTDIR, then check what it wrote.

usage: install_check.py <build dir> <prefix> <libdir> <plugin dir below the prefix>
                        <DPDK's prefix> <RTE_EAL_PMD_PATH> <cc...>

1. every file lands under the prefix, the plugins in <prefix>/<plugin dir>,
   which ends in dpdk/pmds-<ABI> with the ABI of RTE_EAL_PMD_PATH, and with
   the prefix of the DPDK built against (/usr for Debian's) that directory
   is RTE_EAL_PMD_PATH itself;
2. no file, moved to where --prefix=/usr would put it, is a file of an
   installed Debian package (dpkg -S), nor, without dpkg, an existing file;
3. a tiny program that includes every installed header compiles and links
   with nothing but `pkg-config --cflags --libs libhidma-dpdk` from the
   DESTDIR (so against the distribution's DPDK alone: no driver-SDK header).
"""

import os
import shutil
import subprocess
import sys
import tempfile

failed = 0


def check(ok, msg):
    global failed
    print(("ok: " if ok else "FAIL: ") + msg)
    if not ok:
        failed += 1


def installed_files(destdir):
    files = []
    for root, _, names in os.walk(destdir):
        for n in names:
            files.append("/" + os.path.relpath(os.path.join(root, n), destdir))
    return sorted(files)


def debian_owners(paths):
    """{path: package} for the paths a Debian package owns."""
    if shutil.which("dpkg") is None:
        return None
    out = subprocess.run(["dpkg", "-S"] + paths, capture_output=True, text=True).stdout
    owners = {}
    for line in out.splitlines():
        pkg, _, path = line.partition(": ")
        if path in paths:
            owners[path] = pkg
    return owners


def compile_check(destdir, prefix, libdir, headers, cc):
    pcdir = destdir + os.path.join(prefix, libdir, "pkgconfig")
    env = dict(os.environ, PKG_CONFIG_PATH=pcdir)
    # a cross build's PKG_CONFIG_LIBDIR must not hide the DESTDIR's .pc
    if "PKG_CONFIG_LIBDIR" in env:
        env["PKG_CONFIG_LIBDIR"] = pcdir + ":" + env["PKG_CONFIG_LIBDIR"]
    check(os.path.exists(os.path.join(pcdir, "libhidma-dpdk.pc")),
          f"libhidma-dpdk.pc installed in {os.path.join(prefix, libdir, 'pkgconfig')}")
    flags = []
    for what in ("--cflags", "--libs"):
        r = subprocess.run(["pkg-config", what, "libhidma-dpdk"], capture_output=True,
                           text=True, env=env)
        if r.returncode != 0:
            check(False, f"pkg-config {what} libhidma-dpdk: {r.stderr.strip()}")
            return
        # the .pc says <prefix> (behind the sysroot in a cross build); the
        # files are below DESTDIR until installed
        sysroot = os.environ.get("PKG_CONFIG_SYSROOT_DIR", "").rstrip("/")
        for f in r.stdout.split():
            for root in ([sysroot] if sysroot else []) + [""]:
                if f[2:].startswith(root + prefix + "/") and f[:2] in ("-I", "-L"):
                    f = f[:2] + destdir + f[2 + len(root):]
                    break
            flags.append(f)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "uses_hidma.c")
        with open(src, "w") as f:
            for h in headers:
                f.write(f"#include <{h}>\n")
            f.write("#include <stdio.h>\n\nint\nmain(void)\n{\n"
                    "\tprintf(\"%d\\n\", rte_pmd_hidma_mgmt_dev_id(\"hidma_model0\"));\n"
                    "\treturn 0;\n}\n")
        cmd = cc + ["-Wall", "-Wextra", "-Werror", "-o", os.path.join(tmp, "uses_hidma"), src]
        cmd += flags
        r = subprocess.run(cmd, capture_output=True, text=True)
        check(r.returncode == 0, "a program including " + ", ".join(headers) +
              " builds with pkg-config libhidma-dpdk alone" +
              ("" if r.returncode == 0 else ":\n" + " ".join(cmd) + "\n" + r.stderr))


def main():
    build, prefix, libdir, pmd_rel, dpdk_prefix, pmd_path, *cc = sys.argv[1:]
    abi_dir = os.path.basename(pmd_path)
    with tempfile.TemporaryDirectory(prefix="hidma-install-") as destdir:
        r = subprocess.run(["meson", "install", "-C", build, "--no-rebuild", "--quiet",
                            "--destdir", destdir], capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stdout + r.stderr)
            check(False, "meson install --destdir")
            return 1
        files = installed_files(destdir)
        print("installed:\n  " + "\n  ".join(files))

        outside = [f for f in files if not f.startswith(prefix.rstrip("/") + "/")]
        check(not outside, f"everything under --prefix {prefix}" +
              ("" if not outside else ": " + " ".join(outside)))
        want_dir = os.path.join(prefix, pmd_rel)
        plugins = [f for f in files if os.path.basename(f).startswith("librte_")]
        check(plugins and all(os.path.dirname(f) == want_dir for f in plugins) and
              pmd_rel.endswith("dpdk/" + abi_dir), f"{len(plugins)} plugins in {want_dir}")
        check(os.path.join(dpdk_prefix, pmd_rel) == pmd_path,
              f"with --prefix={dpdk_prefix} the plugins go to {pmd_path}, where the EAL "
              "autoloads")
        check(not any(f.endswith("_driver.h") for f in files),
              "no driver-SDK header installed by default")

        # where --prefix=/usr puts each file (plugins: the autoload directory)
        as_usr = ["/usr" + f[len(prefix.rstrip("/")):] for f in files if f not in outside]
        owners = debian_owners(as_usr)
        if owners is None:
            taken = [p for p in as_usr if os.path.exists(p)]
            check(not taken, "no file of ours would replace an existing one (no dpkg here)" +
                  ("" if not taken else ": " + " ".join(taken)))
        else:
            check(not owners, f"none of the {len(as_usr)} paths with --prefix=/usr is a file "
                  "of a Debian package (dpkg -S)" +
                  "".join(f"\n  {p} belongs to {o}" for p, o in sorted(owners.items())))

        incdir = os.path.join(prefix, "include", "dpdk")
        headers = sorted(os.path.basename(f) for f in files
                         if os.path.dirname(f) == incdir and f.endswith(".h"))
        check("rte_pmd_hidma_mgmt.h" in headers, f"public headers in {incdir}: {headers}")
        compile_check(destdir, prefix, libdir, headers, cc)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
