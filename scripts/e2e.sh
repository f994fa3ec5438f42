#!/usr/bin/env bash
# Starts the portal (local mode, in-memory database) and runs the Playwright
# tests in Debian's Chromium against it. Installs Chromium when missing.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
cd "$ROOT"

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium is missing; installing Debian's chromium…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
fi

log="$ROOT/node_modules/.cache/e2e-portal.log"
mkdir -p "$(dirname "$log")"
node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" start \
  --config app-config.yaml --config app-config.e2e.yaml >"$log" 2>&1 &
portal=$!
cleanup() {
  kill -- -"$portal" 2>/dev/null || kill "$portal" 2>/dev/null || true
  pkill -f 'backstage-cli package start' 2>/dev/null || true
}
trap cleanup EXIT

wait_for() {
  local url=$1 name=$2
  for _ in $(seq 1 180); do
    if curl -fsS -o /dev/null "$url"; then return 0; fi
    if ! kill -0 "$portal" 2>/dev/null; then
      echo "The portal exited while starting; its log:"; tail -n 80 "$log"; exit 1
    fi
    sleep 1
  done
  echo "$name did not become ready; portal log:"; tail -n 80 "$log"; exit 1
}
wait_for http://localhost:7007/.backstage/health/v1/readiness backend
wait_for http://localhost:3000 frontend

PLAYWRIGHT_URL=http://localhost:3000 yarn test:e2e
