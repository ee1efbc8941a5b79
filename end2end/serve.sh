#!/usr/bin/env bash
# Starts the built server in demo mode on a fresh database, for Playwright's webServer.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
rm -rf "$target/e2e" && mkdir -p "$target/e2e"
export LEPTOS_SITE_ROOT="$target/site" LEPTOS_OUTPUT_NAME=toegang RUST_LOG="${RUST_LOG:-warn}"
exec "$target/${E2E_PROFILE:-debug}/server" --demo --addr "127.0.0.1:${E2E_PORT:-3100}" --database-url "sqlite://$target/e2e/toegang.db"
