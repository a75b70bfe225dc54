# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The hidma-dpdk authors
#
# Sourced by the devtools/matrix/ scripts: the cache layout every helper
# script agrees on, and a lock so two runs never fill the same directory.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

matrix_cache=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/hidma-dpdk

msay() { printf '%s: %s\n' "${MATRIX_WHO:-matrix}" "$*" >&2; }
mdie() { printf '%s: error: %s\n' "${MATRIX_WHO:-matrix}" "$*" >&2; exit 1; }

# Run "$@" holding an exclusive lock on <dir>.lock: a second creator waits,
# then finds <dir>/.complete and does nothing.
with_lock() {
	local dir=$1
	shift
	mkdir -p "$(dirname "$dir")"
	(
		flock 9
		"$@"
	) 9>"$dir.lock"
}

# The Debian archive this machine's apt uses (a mirror if one is set up).
debian_mirror() {
	local m
	m=$(grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list \
		/etc/apt/sources.list.d/ 2>/dev/null | head -n 1 | tr -d ' ')
	echo "${m:-http://deb.debian.org/debian}"
}
