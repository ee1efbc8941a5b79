#!/usr/bin/env bash
# Installs what building Toegang needs, from the package registries only, skipping what
# is already there. Sourced by scripts/run and scripts/test.
#   setup_build   Rust wasm target, cargo-leptos (pinned), wasm-bindgen-cli (= Cargo.lock)
#   setup_browser Debian's Chromium and the pinned npm packages of end2end/ (Playwright without
#                 its browser download, oidc-provider, otpauth)
#   setup_wasm_opt  wasm-opt from the npm package binaryen (release builds only)
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10
BINARYEN_VERSION=132.0.0
SCHEMATHESIS_VERSION=4.32.5
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

lock_version() { # version of a crate in Cargo.lock
  awk -v n="$1" '$0 == "name = \"" n "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

setup_build() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (once per machine; 30-40 minutes on 2 cores)"
    cargo install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION" --features no_downloads
  fi
  local wb; wb="$(lock_version wasm-bindgen)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb" ]; then
    say "installing wasm-bindgen-cli $wb (the version in Cargo.lock)"
    cargo install --locked wasm-bindgen-cli --version "$wb"
  fi
}

setup_browser() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's Chromium"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
    else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi
  fi
  # Every devDependency present (a pull may have added one), else install from the lock.
  if ! (cd "$ROOT/end2end" && node -e '
      const fs = require("fs");
      const deps = Object.keys(require("./package.json").devDependencies);
      process.exit(deps.every(d => fs.existsSync("node_modules/" + d + "/package.json")) ? 0 : 1);'); then
    say "installing Playwright, oidc-provider and otpauth (npm, without Playwright's browser download)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

setup_wasm_opt() {
  local bin="$ROOT/.tools/node_modules/.bin"
  if [ ! -x "$bin/wasm-opt" ]; then
    say "installing wasm-opt (npm package binaryen@$BINARYEN_VERSION)"
    mkdir -p "$ROOT/.tools"
    (cd "$ROOT/.tools" && npm install --no-audit --no-fund --no-save "binaryen@$BINARYEN_VERSION" >/dev/null)
  fi
  export PATH="$bin:$PATH"
}

# schemathesis (PyPI) in a virtual environment of its own, for the management API's
# bounded run (server/tests/it/management_api.rs reads TOEGANG_SCHEMATHESIS).
setup_schemathesis() {
  local venv="$ROOT/.tools/venv"
  if [ "$("$venv/bin/st" --version 2>/dev/null | awk '{print $NF}')" != "$SCHEMATHESIS_VERSION" ]; then
    say "installing schemathesis $SCHEMATHESIS_VERSION (PyPI, in .tools/venv)"
    mkdir -p "$ROOT/.tools"
    if ! python3 -m venv "$venv" 2>/dev/null; then
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
      python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  export TOEGANG_SCHEMATHESIS="$venv/bin/st"
}

# PostgreSQL for the tests of the second storage backend: Debian's server, started when it
# is not running (127.0.0.1:5432, user postgres, trust on loopback as on this machine).
setup_postgres() {
  if pg_ready; then return; fi
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    say "installing Debian's PostgreSQL"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-client
  fi
  local cluster; cluster="$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')"
  if [ -z "$cluster" ]; then
    say "creating a PostgreSQL cluster"
    local v; v="$(ls /usr/lib/postgresql | sort -n | tail -1)"
    as_root pg_createcluster "$v" main
    cluster="$v main"
  fi
  # Loopback connections as `postgres` without a password (tests only; nothing else listens).
  local hba; hba="/etc/postgresql/${cluster% *}/${cluster#* }/pg_hba.conf"
  if ! as_root grep -q '^host all postgres 127.0.0.1/32 trust' "$hba"; then
    as_root sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
  fi
  say "starting PostgreSQL ($cluster)"
  as_root pg_ctlcluster ${cluster} start || as_root pg_ctlcluster ${cluster} reload
  for _ in $(seq 1 50); do pg_ready && return; sleep 0.2; done
  echo "PostgreSQL did not start" >&2; return 1
}

pg_ready() {
  command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432 -U postgres \
    && psql -h 127.0.0.1 -U postgres -Atc 'SELECT 1' postgres >/dev/null 2>&1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}
