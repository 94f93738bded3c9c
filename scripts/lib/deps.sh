#!/usr/bin/env bash
# Installs what Hybrid needs on Debian 12, only where it is missing (idempotent).
# Sourced by scripts/run and scripts/test.

HYBRID_APT_PACKAGES=(libpocketsphinx3 pocketsphinx-en-us flite sox ffmpeg curl)

hybrid_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "error: need root (or sudo) to install: $*" >&2; return 1; fi
}

hybrid_install_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing Debian packages: ${missing[*]}"
  hybrid_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  hybrid_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

hybrid_require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH" >&2
    return 1
  fi
}

hybrid_install_deps() {
  hybrid_require_dotnet
  hybrid_install_apt "${HYBRID_APT_PACKAGES[@]}"
}

# Node.js runs the real protocol servers of the tests (s3rver, dynalite) and builds the web app.
hybrid_require_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    hybrid_install_apt nodejs npm
  fi
}

# npm ci into DIR when its lock file changed since the last install (idempotent, offline-safe once done).
hybrid_npm_ci() {
  local dir="$1"
  local stamp="$dir/node_modules/.hybrid-lock"
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then
    return 0
  fi
  echo "Installing npm packages in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$stamp"
}

hybrid_install_test_services() {
  hybrid_install_apt redis-server
  hybrid_require_node
  hybrid_npm_ci tests/node
}
