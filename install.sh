#!/usr/bin/env bash
# Installs what the project needs on a fresh machine, then builds the site into site/.
#   - Chromium from the system's packages (browser tests drive it; nothing is downloaded
#     by Playwright itself), when it is missing and apt-get can install it;
#   - the project and its test tools, with pip, in editable mode.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM:-}" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    as_root=""
    [ "$(id -u)" -eq 0 ] || as_root="sudo"
    echo "Installing Chromium with apt-get (for the browser tests)..."
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium not found: install it and set CHROMIUM=/path/to/chromium for the browser tests." >&2
  fi
fi

python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
python3 build.py
