#!/usr/bin/env bash
# Installs the dependencies and starts the portal in the embedded local mode:
# demo findings from the bundled ASFF files, SQLite, no AWS account needed.
# Frontend on http://localhost:3000, backend on http://localhost:7007, both
# reachable from this machine only (see the README to open them up).
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
cd "$ROOT"
yarn install --immutable
exec node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" start
