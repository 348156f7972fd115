#!/usr/bin/env bash
# Compiles every *.bpf.c beside this script into OUT_DIR as NAME.bpf.o (CO-RE, with BTF).
# vmlinux.h is generated once from the running kernel's BTF and cached in target/vmlinux-include
# (OUT_DIR is target/classes/bpf or target/test-classes/bpf), outside what gets packaged.
set -euo pipefail
shopt -s nullglob
src_dir=$(cd "${2:-$(dirname "$0")}" && pwd)
out_dir=${1:?usage: compile.sh OUT_DIR [SRC_DIR]}
mkdir -p "$out_dir"
include_dir=$(cd "$out_dir/../.." && pwd)/vmlinux-include
mkdir -p "$include_dir"
command -v clang >/dev/null || { echo "compile.sh: clang not found (apt-get install clang)" >&2; exit 1; }
if [ ! -s "$include_dir/vmlinux.h" ]; then
  bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$include_dir/vmlinux.h.tmp"
  mv "$include_dir/vmlinux.h.tmp" "$include_dir/vmlinux.h"
fi
arch=$(uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
# <bpf/usdt.bpf.h> pulls in <linux/errno.h> -> <asm/errno.h>, which Debian keeps in the multiarch dir.
multiarch=/usr/include/$(uname -m)-linux-gnu
for src in "$src_dir"/*.bpf.c; do
  obj="$out_dir/$(basename "${src%.c}").o"
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ]; then
    clang -target bpf -g -O2 -D__TARGET_ARCH_"$arch" -I "$include_dir" -I "$src_dir" -idirafter "$multiarch" -c "$src" -o "$obj"
  fi
done
