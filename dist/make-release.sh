#!/usr/bin/env bash
# Assembles the release tree target/dist/polytrace-VERSION-linux-ARCH (and with --archive its
# .tar.gz) from a built checkout: a runtime linked from $JDK with only the modules polytrace
# needs, the jars, the Graal JIT, the launcher, the systemd unit, completions and man pages.
# Prints the tree's path. Called by `./polytrace dist|install|uninstall`.
set -euo pipefail

ROOT=$1
ARCHIVE=${2:-}
: "${JDK:?JDK must name the JDK to link the runtime from}"
say() { printf 'polytrace: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

VERSION=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$ROOT/pom.xml" | head -1)
NAME="polytrace-$VERSION-linux-$(uname -m)"
OUT="$ROOT/target/dist"
TREE="$OUT/$NAME"
HOST_TARGET="$ROOT/host/target"

# What the jars use (jdeps --print-module-deps over lib/, jit/ and the host jar) plus what is
# loaded as a service and so invisible to jdeps: zipfs (jar file systems). Not jdk.jfr, which
# Truffle and Graal use only when it is there: Truffle's JFR events cost a JS start ~40 ms.
MODULES=java.base,java.desktop,java.instrument,java.logging,java.management,java.net.http,java.security.jgss,\
java.sql,jdk.internal.vm.ci,jdk.management,jdk.security.auth,jdk.unsupported,jdk.zipfs

# Smallest without losing function: no debug info, compressed classes, no headers; then the native
# libraries' symbol tables go too (a fifth of libjvm.so).
JLINK_FLAGS=(--strip-debug --no-header-files --no-man-pages --compress=zip-9
             --dedup-legal-notices=error-if-not-same-content)

link_runtime() { # once per JDK, module list and flags, kept next to the tree
  local runtime="$OUT/runtime" key
  key=$(printf '%s\n' "$JDK" "$(cat "$JDK/release")" "$MODULES" "${JLINK_FLAGS[@]}" strip | sha256sum | cut -c1-16)
  if [ "$(cat "$runtime/.key" 2>/dev/null)" != "$key" ]; then
    say "linking the release runtime (jlink: $MODULES) ..."
    rm -rf "$runtime"
    "$JDK/bin/jlink" --add-modules "$MODULES" "${JLINK_FLAGS[@]}" --output "$runtime" >&2 || die "jlink failed"
    if command -v strip >/dev/null; then
      find "$runtime" -name '*.so' -exec strip --strip-unneeded {} +
      strip --strip-unneeded "$runtime"/bin/*
    fi
    echo "$key" >"$runtime/.key"
  fi
  cp -a "$runtime" "$TREE/runtime"
}

mkdir -p "$OUT"
rm -rf "$TREE"
mkdir -p "$TREE"/{bin,lib/js,lib/python,jit,share/polytrace,share/man/man1,share/bash-completion/completions,share/zsh/site-functions}
link_runtime
cp "$HOST_TARGET"/lib/*.jar "$HOST_TARGET/polytrace-host.jar" \
   "$ROOT/bundled-scripts/target/polytrace-bundled-scripts.jar" "$TREE/lib/"
# each handler language's own jars, which the launcher puts on a run's class path when it may start it
cp "$HOST_TARGET"/lib/js/*.jar "$TREE/lib/js/"
cp "$HOST_TARGET"/lib/python/*.jar "$TREE/lib/python/"
cp "$HOST_TARGET"/jit/*.jar "$TREE/jit/"
cp "$ROOT/polytrace" "$TREE/bin/polytrace"
# The launcher's client of a running service (run/inspect without a JVM), compiled here: the
# target machine has no clang.
if [ -f "$ROOT/host/src/main/c/local-client.c" ]; then
  clang -O2 -Wall -s -o "$TREE/lib/polytrace-local-client" "$ROOT/host/src/main/c/local-client.c" || die "the local client did not compile"
fi
cp "$ROOT/dist/install.sh" "$ROOT/dist/polytrace.service" "$TREE/share/polytrace/"
cp "$ROOT/README.md" "$TREE/"
echo "$VERSION" >"$TREE/.polytrace-release"

# Completions and man pages from the picocli model, so they list what this build has.
cli() { "$TREE/runtime/bin/java" -cp "$TREE/lib/*" dev.polytrace.host.cli.Main "$@"; }
cli completion bash >"$TREE/share/bash-completion/completions/polytrace"
cli completion zsh >"$TREE/share/zsh/site-functions/_polytrace"
cli man-pages --release "$VERSION" "$TREE/share/man/man1" >/dev/null
gzip -9n "$TREE"/share/man/man1/*.1

if [ -n "$ARCHIVE" ]; then
  tar -C "$OUT" -cf - "$NAME" | gzip -9 >"$OUT/$NAME.tar.gz.tmp"
  mv "$OUT/$NAME.tar.gz.tmp" "$OUT/$NAME.tar.gz"
  say "wrote $OUT/$NAME.tar.gz ($(du -m "$OUT/$NAME.tar.gz" | cut -f1) MB; unpacked $(du -sm "$TREE" | cut -f1) MB)"
fi
echo "$TREE"
