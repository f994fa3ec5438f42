# Shared set-up for the scripts: repository root, Yarn without a global
# install, and the Node headers native modules (better-sqlite3) build against.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROOT
yarn() { node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }

if [ -z "${npm_config_nodedir:-}" ]; then
  node_prefix="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
  for dir in "$node_prefix" /usr /usr/local; do
    if [ -f "$dir/include/node/node.h" ]; then
      export npm_config_nodedir="$dir"
      break
    fi
  done
fi
