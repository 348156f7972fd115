#!/usr/bin/env bash
# Builds the picocli jar the launcher puts on the class path from picocli's published sources,
# compiled for this project's Java release. picocli's own jar is compiled for Java 5 (class file
# version 49), and the JVM's AOT cache cannot link classes that old: each run loaded and verified
# them from the jar, ~80 ms of a command's main thread (bench/README.md, "Start-up and memory").
# The tests and the IDE use picocli's own jar; both are the same source.
#
#   picocli-jar.sh SOURCES_JAR ORIGINAL_JAR OUT_JAR JAVAC RELEASE
set -euo pipefail
sources=$1 original=$2 out=$3 javac=$4 release=$5

fail() { printf 'polytrace picocli jar: %s\n' "$*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/src" "$work/classes"
(cd "$work/src" && unzip -q "$sources" 'picocli/*.java') || fail "cannot unpack $sources"
"$javac" -nowarn -proc:none -encoding UTF-8 --release "$release" -d "$work/classes" "$work/src"/picocli/*.java \
  >"$work/javac.log" 2>&1 || { cat "$work/javac.log" >&2; fail "javac failed on $sources (output above)"; }
# Its manifest too (the version picocli reports), without Multi-Release: its Java 9 module-info stays out.
unzip -p "$original" META-INF/MANIFEST.MF | grep -v '^Multi-Release:' >"$work/MANIFEST.MF" \
  || fail "no manifest in $original"
mkdir -p "$(dirname "$out")"
"$(dirname "$javac")/jar" --create --file "$out.tmp" --manifest "$work/MANIFEST.MF" \
  -C "$work/classes" picocli || fail "jar failed"
mv "$out.tmp" "$out"
