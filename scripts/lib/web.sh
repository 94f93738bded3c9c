#!/usr/bin/env bash
# The browser app (src/Gateway/ClientApp) and its browser tests (tests/Browser.Tests).
# Sourced by scripts/run and scripts/test after scripts/lib/deps.sh (uses hybrid_require_node,
# hybrid_npm_ci and hybrid_install_apt from there). Every function is idempotent.

hybrid_web_root() {
  (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
}

# npm ci (only when the lock file changed) + esbuild bundle into src/Gateway/ClientApp/dist
# (only when a source changed). No CDN at run time: everything the page loads is in dist/.
hybrid_build_web() {
  local root app
  root="$(hybrid_web_root)"
  app="$root/src/Gateway/ClientApp"
  hybrid_require_node
  hybrid_npm_ci "$app"
  (cd "$app" && node build.mjs)
}

# Debian's chromium (playwright never downloads a browser here) and the test driver (playwright-core).
hybrid_install_browser() {
  local root major
  root="$(hybrid_web_root)"
  hybrid_require_node
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -lt 20 ]; then
    echo "error: the browser tests need Node.js 20 or newer (playwright-core); found $(node --version 2>/dev/null || echo none)" >&2
    return 1
  fi
  hybrid_install_apt chromium fonts-dejavu-core ffmpeg flite sox
  hybrid_npm_ci "$root/tests/Browser.Tests"
}

# The web app's unit tests (resampler, upload queue, PKCE, media types) on node's test runner.
# (They also run inside `dotnet test` as Hybrid.Browser.Tests.ClientAppUnitTests.)
hybrid_test_web() {
  local root
  root="$(hybrid_web_root)"
  (cd "$root/src/Gateway/ClientApp" && node --test test/*.test.mjs)
}
