#!/usr/bin/env bash
# Prepare the headless-Chromium tests: Debian's chromium (never a browser
# downloaded by npm) and playwright-core from the committed lock file.
# Safe to run repeatedly; used by .ci/run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ ! -x /usr/bin/chromium ]; then
  echo "setup.sh: installing Debian's chromium" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

if ! command -v node >/dev/null 2>&1; then
  echo "setup.sh: node is missing; the browser tests will be skipped" >&2
  exit 0
fi

if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "setup.sh: npm ci in tests/browser" >&2
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

/usr/bin/chromium --version >&2 || true
