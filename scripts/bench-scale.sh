#!/usr/bin/env bash
# Scale benchmark (a million findings) on SQLite and a local PostgreSQL (started, then stopped).
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
cd "$ROOT"
eval "$(scripts/postgres-for-tests.sh start)"
trap 'scripts/postgres-for-tests.sh stop' EXIT
node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" workspace @internal/plugin-securityhub-remediation-backend bench:scale
