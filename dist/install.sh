#!/usr/bin/env bash
# `polytrace install [--prefix DIR] [--no-service]` and `polytrace uninstall [--prefix DIR] [--purge]`,
# run from a release tree ($1). Install copies the tree to the prefix, links the command, adds the
# unit, completions and man pages, and creates the state directory with the API token; every file
# it adds outside the prefix is listed in PREFIX/.installed, which is what uninstall removes. The
# state directory stays unless --purge, so an upgrade (install over an older tree) keeps the
# deployed tracers. DESTDIR, as in make install, puts every system path under another root.
set -euo pipefail

TREE=$1; shift
COMMAND=$1; shift
say() { printf 'polytrace: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

PREFIX=/opt/polytrace SERVICE=1 PURGE=
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "$COMMAND: --prefix needs a directory"; PREFIX=$2; shift 2 ;;
    --prefix=*) PREFIX=${1#--prefix=}; shift ;;
    --no-service) [ "$COMMAND" = install ] || die "$COMMAND: unknown option --no-service"; SERVICE=; shift ;;
    --purge) [ "$COMMAND" = uninstall ] || die "$COMMAND: unknown option --purge"; PURGE=1; shift ;;
    -h|--help)
      echo "Usage: polytrace install [--prefix DIR] [--no-service]   (default prefix: /opt/polytrace)"
      echo "       polytrace uninstall [--prefix DIR] [--purge]       (--purge also removes /var/lib/polytrace)"
      exit 0 ;;
    *) die "$COMMAND: unknown argument '$1' (see polytrace $COMMAND --help)" ;;
  esac
done
case "$PREFIX" in /*) ;; *) die "$COMMAND: --prefix must be an absolute path, not '$PREFIX'" ;; esac
PREFIX=${PREFIX%/}
D=${DESTDIR:-}
LINK="$D/usr/local/bin/polytrace"
UNIT="$D/etc/systemd/system/polytrace.service"
BASH_COMPLETION="$D/usr/share/bash-completion/completions/polytrace"
ZSH_COMPLETION="$D/usr/share/zsh/vendor-completions/_polytrace"
MAN_DIR="$D/usr/local/share/man/man1"
STATE="$D/var/lib/polytrace"
MANIFEST="$PREFIX/.installed"

is_polytrace_tree() { [ -f "$1/.polytrace-release" ] && [ -x "$1/bin/polytrace" ]; }
ours() { # a path install may replace or remove: absent, or a link into a polytrace tree
  [ ! -e "$1" ] && [ ! -L "$1" ] && return 0
  [ -L "$1" ] && is_polytrace_tree "$(dirname "$(dirname "$(readlink -f "$1")")")"
}

install_tree() {
  if [ -e "$PREFIX" ] && ! is_polytrace_tree "$PREFIX" && [ -n "$(ls -A "$PREFIX" 2>/dev/null)" ]; then
    die "install: $PREFIX exists and is not a polytrace install; choose another --prefix or empty it"
  fi
  local parent
  parent=$(dirname "$PREFIX")
  [ -e "$parent" ] && [ ! -d "$parent" ] && die "install: $parent is not a directory (see --prefix)"
  mkdir -p "$parent" 2>/dev/null || die "install: cannot create $parent (permission denied?)"
  [ -w "$parent" ] || die "install: cannot write $parent (permission denied; run as root or choose another --prefix)"
  ours "$LINK" || die "install: $LINK exists and is not polytrace's; move it away, then install again"
  [ "$(readlink -f "$TREE")" = "$(readlink -f "$PREFIX" 2>/dev/null)" ] && return 0
  # The new tree goes in beside the old one, then replaces it in two renames.
  rm -rf "$PREFIX.new" "$PREFIX.old"
  cp -a "$TREE" "$PREFIX.new"
  rm -rf "$PREFIX.new/aot"
  [ -e "$PREFIX" ] && mv "$PREFIX" "$PREFIX.old"
  mv "$PREFIX.new" "$PREFIX"
  rm -rf "$PREFIX.old"
}

new_dirs() { # DIR: lists the directories mkdir -p DIR would create, outermost first
  local dir=$1 dirs=()
  while [ ! -e "$dir" ]; do dirs=("$dir" "${dirs[@]}"); dir=$(dirname "$dir"); done
  [ ${#dirs[@]} -eq 0 ] || printf '%s/\n' "${dirs[@]}"
}

add() { # SOURCE TARGET [--link]: copies (or links) SOURCE to TARGET, listing both TARGET and the directories made for it
  local source=$1 target=$2
  new_dirs "$(dirname "$target")" >>"$MANIFEST.tmp"
  mkdir -p "$(dirname "$target")"
  if [ "${3:-}" = --link ]; then ln -sfn "$source" "$target"; else cp "$source" "$target.tmp"; mv "$target.tmp" "$target"; fi
  echo "$target" >>"$MANIFEST.tmp"
}

do_install() {
  # Directories made by this install, or by an earlier one (listed again so uninstall removes them).
  local made
  made=$({ new_dirs "$(dirname "$PREFIX")"; grep '/$' "$MANIFEST" 2>/dev/null || true; })
  install_tree
  printf '%s\n' "$made" | grep -v '^$' >"$MANIFEST.tmp" || true
  add "$PREFIX/bin/polytrace" "$LINK" --link
  add "$PREFIX/share/bash-completion/completions/polytrace" "$BASH_COMPLETION"
  add "$PREFIX/share/zsh/site-functions/_polytrace" "$ZSH_COMPLETION"
  local page
  for page in "$PREFIX"/share/man/man1/*.1.gz; do add "$page" "$MAN_DIR/$(basename "$page")"; done
  if [ -n "$SERVICE" ]; then
    sed "s|^ExecStart=/opt/polytrace/|ExecStart=$PREFIX/|" "$PREFIX/share/polytrace/polytrace.service" >"$PREFIX/share/polytrace/polytrace.service.installed"
    add "$PREFIX/share/polytrace/polytrace.service.installed" "$UNIT"
  fi
  # State: the daemon's token (the format serve itself writes) in a directory only root reads.
  new_dirs "$(dirname "$STATE")" >>"$MANIFEST.tmp"
  mkdir -p "$STATE"
  awk '!seen[$0]++' "$MANIFEST.tmp" >"$MANIFEST"
  rm -f "$MANIFEST.tmp"
  chmod 0700 "$STATE"
  if [ ! -e "$STATE/token" ]; then
    (umask 077; head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=' >"$STATE/token.tmp"; echo >>"$STATE/token.tmp")
    mv "$STATE/token.tmp" "$STATE/token"
  fi
  say "installed $(cat "$PREFIX/.polytrace-release") in $PREFIX; command: $LINK; state: $STATE"
  if [ -n "$SERVICE" ]; then
    say "start the service with: systemctl daemon-reload && systemctl enable --now polytrace"
    say "(after an upgrade: systemctl daemon-reload && systemctl restart polytrace)"
  fi
}

do_uninstall() {
  is_polytrace_tree "$PREFIX" || die "uninstall: $PREFIX is not a polytrace install (see --prefix)"
  [ -w "$(dirname "$PREFIX")" ] || die "uninstall: cannot write $(dirname "$PREFIX") (permission denied; run as root)"
  local file DIRS= SYSTEMD=
  if [ -f "$MANIFEST" ]; then
    DIRS=$(grep '/$' "$MANIFEST" || true)
    while IFS= read -r file; do
      case "$file" in */) continue ;; esac
      if [ "$file" = "$LINK" ] && ! ours "$file"; then say "kept $file: it is no longer polytrace's"; continue; fi
      rm -f "$file"
    done <"$MANIFEST"
    if grep -qxF "$UNIT" "$MANIFEST" && [ -d /run/systemd/system ] && [ -z "$D" ]; then
      systemctl disable --now polytrace || say "could not stop the service; stop it with: systemctl disable --now polytrace"
      SYSTEMD=1
    fi
  fi
  rm -rf "$PREFIX"
  [ -z "$SYSTEMD" ] || systemctl daemon-reload
  # the directories install made, innermost first, if nothing else went into them
  if [ -n "$DIRS" ]; then printf '%s\n' "$DIRS" | sort -r | while IFS= read -r file; do rmdir "$file" 2>/dev/null || true; done; fi
  if [ -n "$PURGE" ]; then
    rm -rf "$STATE"
    # under DESTDIR, also the state's parents an install made there (on a system, /var/lib stays)
    file=$(dirname "$STATE")
    while [ -n "$D" ] && [ "$file" != "$D" ] && rmdir "$file" 2>/dev/null; do file=$(dirname "$file"); done
    say "removed $PREFIX and the state $STATE"
  else say "removed $PREFIX; kept the state in $STATE (uninstall --purge removes it)"; fi
}

case "$COMMAND" in
  install) do_install ;;
  uninstall) do_uninstall ;;
esac
