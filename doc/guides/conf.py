# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Sphinx configuration of the hidma-dpdk guides, built by doc/meson.build
# (meson setup -Denable_docs=true) with Debian's python3-sphinx and
# python3-sphinx-rtd-theme: HTML under build/doc/html/ and the man pages of
# the tools under build/doc/man/, both from the RST files beside this one.

import os
import re

project = 'hidma-dpdk'
copyright = '2026, The hidma-dpdk authors'
author = 'The hidma-dpdk authors'
# The version is written down once, in meson.build's project() call.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                       'meson.build'), encoding='utf-8') as f:
    version = re.search(r"^\s*version:\s*'([^']+)'", f.read(), re.M).group(1)
release = version

master_doc = 'index'
source_suffix = '.rst'
exclude_patterns = ['_build']
# every broken :ref:/:doc: is a warning, and meson builds with -W
nitpicky = False
numfig = True
# plain '::' blocks are shell snippets, sysfs paths and tables: no lexer
highlight_language = 'none'
pygments_style = 'default'

try:
    import sphinx_rtd_theme  # noqa: F401  (Debian: python3-sphinx-rtd-theme)
    html_theme = 'sphinx_rtd_theme'
    html_theme_options = {
        'navigation_depth': 3,
        'collapse_navigation': False,
    }
except ImportError:
    html_theme = 'classic'
html_title = 'hidma-dpdk %s documentation' % version
html_short_title = 'hidma-dpdk'
html_show_sourcelink = False
html_copy_source = False
html_show_sphinx = False
html_last_updated_fmt = None
# DPDK's own guides use the same wide-table tweak
html_static_path = ['_static']
html_css_files = ['css/custom.css']

# One man page per tool, generated from the tool's guide (DPDK does the
# same for its tools). (source, name, description, authors, section)
man_pages = [
    ('tools/dmashell', 'dpdk-dma-shell',
     'testpmd-style shell for dmadevs and the HIDMA management rawdev',
     [author], 1),
    ('tools/dmaperf', 'dpdk-test-dma-perf',
     'DMA benchmark reading dpdk-test-dma-perf configuration files',
     [author], 1),
    ('sample_app_ug/hidma_copy', 'hidma-copy',
     'sample application: one HIDMA copy, waited for and verified',
     [author], 1),
    ('sample_app_ug/hidma_qos', 'hidma-qos',
     'sample application: per-channel QoS weights of a HIDMA instance',
     [author], 1),
    ('sample_app_ug/hidma_fwd', 'hidma-fwd',
     'sample application: a forwarding dataplane that copies every packet',
     [author], 1),
    ('sample_app_ug/hidma_mp_worker', 'hidma-mp-worker',
     'sample application: a secondary process takes a HIDMA channel over',
     [author], 1),
]
man_show_urls = False
