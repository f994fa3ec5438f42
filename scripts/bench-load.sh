#!/usr/bin/env bash
# Findings load benchmark through the real backend on SQLite and a local
# PostgreSQL (started, then stopped), then through the production build, one
# and two instances on that PostgreSQL (bench/loadInstances.ts).
#   BENCH_LOAD_INSTANCES=0     skips the production build's runs
#   BENCH_LOAD_INSTANCES=only  runs only those
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
cd "$ROOT"
eval "$(scripts/postgres-for-tests.sh start)"
trap 'scripts/postgres-for-tests.sh stop' EXIT
instances="${BENCH_LOAD_INSTANCES:-1}"
if [ "$instances" != only ]; then
  node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" workspace @internal/plugin-securityhub-remediation-backend bench:load
fi
if [ "$instances" != 0 ]; then
  node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" workspace @internal/plugin-securityhub-remediation-backend bench:load-instances
fi
