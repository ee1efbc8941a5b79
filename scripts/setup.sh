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
