#!/usr/bin/env bash
# The production build tested: builds the backend (yarn build:backend),
# installs its production dependencies in a folder of its own, starts it
# twice on one PostgreSQL and checks readiness, the findings sync across both
# instances (one run at a time, same answers, takeover after kill -9) and
# that a failed start-up exits (packages/backend/production/twoInstances.ts).
# Uses the test PostgreSQL of BACKSTAGE_TEST_DATABASE_POSTGRES*_CONNECTION_STRING,
# or starts it (and stops it again only if it started it).
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
cd "$ROOT"

if ! env | grep -q '^BACKSTAGE_TEST_DATABASE_POSTGRES[0-9]*_CONNECTION_STRING='; then
  # A server already running there is someone else's: leave it running.
  if ! (: </dev/tcp/127.0.0.1/"${TEST_PGPORT:-54329}") 2>/dev/null; then
    stop_postgres=1
  fi
  eval "$(scripts/postgres-for-tests.sh start)"
fi

# In a process group of its own (setsid), so that stopping it stops the
# build, the install and every backend instance it started, and nothing else.
setsid npx tsx packages/backend/production/twoInstances.ts </dev/null &
driver=$!

cleanup() {
  local status=$?
  if kill -0 -- -"$driver" 2>/dev/null; then
    kill -TERM -- -"$driver" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 -- -"$driver" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- -"$driver" 2>/dev/null || true
  fi
  if [ -n "${stop_postgres:-}" ]; then scripts/postgres-for-tests.sh stop; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait "$driver"
