#!/usr/bin/env bash
# Starts the portal (local mode, in-memory database) and runs the Playwright
# tests in Debian's Chromium against it. Installs Chromium when missing.
# Arguments are passed to `playwright test` (e.g. a file or --grep).
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
cd "$ROOT"

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium is missing; installing Debian's chromium…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
fi

# Tests against a portal someone else started would not test this tree (and
# ours could not listen), so refuse to start next to one.
for port in 3000 7007; do
  if curl -sS -o /dev/null --max-time 2 "http://localhost:$port" 2>/dev/null; then
    echo "Port $port is already in use; stop the running portal first." >&2
    exit 1
  fi
done

# The database is in memory; the local remediation repository and pipeline
# start empty too, so every run begins from the same state.
rm -rf "$ROOT/.data/e2e-remediation-delivery"

log="$ROOT/node_modules/.cache/e2e-portal.log"
mkdir -p "$(dirname "$log")"
# In a process group of its own (setsid), so that stopping it stops the
# frontend and backend processes the CLI starts as well, and nothing else.
# Config paths are absolute: each package starts in its own directory.
setsid node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" start \
  --config "$ROOT/app-config.yaml" --config "$ROOT/app-config.e2e.yaml" \
  >"$log" 2>&1 </dev/null &
portal=$!

cleanup() {
  local status=$?
  # The group outlives its leader when the CLI exits before its children.
  if kill -0 -- -"$portal" 2>/dev/null; then
    kill -TERM -- -"$portal" 2>/dev/null || true
    for _ in $(seq 1 20); do
      kill -0 -- -"$portal" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- -"$portal" 2>/dev/null || true
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for() {
  local url=$1 name=$2
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null; then return 0; fi
    if ! kill -0 "$portal" 2>/dev/null; then
      echo "The portal exited while starting; its log:"; tail -n 80 "$log"; exit 1
    fi
    sleep 1
  done
  echo "$name did not become ready; portal log:"; tail -n 80 "$log"; exit 1
}
wait_for http://localhost:7007/.backstage/health/v1/readiness backend
wait_for http://localhost:3000 frontend

if ! PLAYWRIGHT_URL=http://localhost:3000 yarn test:e2e "$@"; then
  echo "End-to-end tests failed; the last lines of the portal log ($log):"
  tail -n 40 "$log"
  exit 1
fi
