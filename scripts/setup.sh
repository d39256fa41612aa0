#!/usr/bin/env bash
# Installs what icp-lab needs on a Debian/Ubuntu machine, skipping what is already there:
#   system packages: Chromium (PDF), poppler-utils (PDF checks), fonts;
#   with --test also Jupyter's client pieces and jupyter_kernel_test (peer conformance tests);
#   then the npm dependencies (npm ci) when node_modules is missing or older than the lockfile.
# Logs go to stderr. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -e /usr/share/fonts/truetype/liberation ] || missing+=(fonts-liberation)
[ -e /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
if [ "$want_test" = 1 ]; then
  /usr/bin/python3 -c 'import jupyter_kernel_test, nbclient, nbconvert, ipykernel' >/dev/null 2>&1 || missing+=(
    jupyter-core python3-jupyter-client jupyter-client python3-nbclient python3-nbconvert
    jupyter-nbconvert python3-nbformat python3-ipykernel python3-jupyter-kernel-test)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # Puppeteer must never try to download its own browser here: the system Chromium is used.
  export PUPPETEER_SKIP_DOWNLOAD=1
  # `npm ci` first; it refuses to run when the registry cannot serve every platform's optional
  # binary named in the lock (the npm mirror here has DuckDB's linux-x64 bindings but not the
  # darwin/win32 ones), and then `npm install` installs the same locked versions.
  # npm ci's refusal is expected on such a mirror and comes with ~100 lines of usage text, so its
  # output goes to a log and only the reason is shown.
  echo "setup: npm ci" >&2
  ci_log="$(mktemp "${TMPDIR:-/tmp}/icp-setup-npm-ci.XXXXXX")"
  if npm ci --no-audit --no-fund >"$ci_log" 2>&1; then
    rm -f "$ci_log"
  else
    missing_count="$(grep -c '^npm error Missing: ' "$ci_log" || true)"
    if [ "${missing_count:-0}" -gt 0 ]; then
      reason="$missing_count packages missing from the lock file, e.g. $(grep -m1 '^npm error Missing: ' "$ci_log" | sed 's/^npm error Missing: //; s/@* from lock file$//')"
    else
      reason="$(grep -m1 '^npm error ' "$ci_log" | sed 's/^npm error //' || true)"
    fi
    echo "setup: npm ci refused the lock file (${reason:-see $ci_log}); falling back to npm install (same locked versions)" >&2
    [ -z "$reason" ] || rm -f "$ci_log"
    npm install --no-audit --no-fund >&2
  fi
fi
