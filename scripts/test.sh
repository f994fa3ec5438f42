#!/usr/bin/env bash
# Installs the dependencies and runs every check and test: type-check, lint,
# formatting, unit and integration tests (real SQLite and PostgreSQL, AWS SDK
# mocks and a real moto_server), the production build (two instances on one
# PostgreSQL), then the Playwright tests against the running portal in
# Debian's Chromium. Installs PostgreSQL and Chromium when missing.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
cd "$ROOT"

step() { printf '\n=== %s\n' "$*"; }

step "install"
yarn install --immutable

step "PostgreSQL for the database tests"
eval "$(scripts/postgres-for-tests.sh start)"
trap 'scripts/postgres-for-tests.sh stop' EXIT

step "type-check"
yarn tsc

step "lint"
yarn lint:all

step "formatting"
yarn prettier:check

step "unit and integration tests"
# REQUIRE_* turn a missing PostgreSQL, moto_server or cfn-lint into failures, not skips.
CI=true REQUIRE_MOTO=1 REQUIRE_CFN_LINT=1 BACKSTAGE_TEST_DISABLE_DOCKER=1 yarn test --ci

step "production build: two instances on one PostgreSQL"
# The backend as deployed (built, production dependencies only), not the dev server.
scripts/test-production.sh

step "end-to-end tests in Chromium"
scripts/e2e.sh
