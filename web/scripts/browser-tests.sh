#!/usr/bin/env bash
# The workspace's browser tests, as CI runs them: installs what they need
# (Debian's Chromium, the locked npm packages), checks the embedded copy of
# the front-end assets against a fresh build and the trusted-documents
# manifest against queries.js, starts the hub on the demo data under
# TRUSTED_DOCUMENTS=enforce in a temporary directory on a free port (and a
# second in the default mode for Apollo Client's test), runs the suites, and
# stops the servers whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

echo "== npm ci (web/)"
(cd web && npm ci --no-audit --no-fund --loglevel=error)

echo "== the embedded assets match a fresh build"
(cd web && npm run --silent build:check)

echo "== the trusted-documents manifest matches queries.js"
(cd web && npm run --silent documents:check)

BIN="${HUB_BIN:-target/debug/safeguarding-hub}"
if [ -z "${HUB_BIN:-}" ]; then
  cargo build --quiet --bin safeguarding-hub
fi

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}
DATA="$(mktemp -d)"
SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
PIDS=()
stop() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$DATA"
}
trap stop EXIT

# start_hub NAME PORT [VAR=value...]: a hub on the demo data in $DATA/NAME.
start_hub() {
  local name="$1" port="$2"
  shift 2
  mkdir -p "$DATA/$name"
  echo "== starting the $name hub on 127.0.0.1:$port (demo data in $DATA/$name)"
  env -u DATABASE_URL HUB_ENV=development DATA_DIR="$DATA/$name" BIND_ADDR="127.0.0.1:$port" \
    JWT_HS256_SECRET="$SECRET" "$@" "$BIN" serve >"$DATA/$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$DATA/$name.log"
      echo "the $name hub did not start" >&2
      exit 1
    fi
    sleep 0.5
  done
}

# The workspace's hub runs under enforce with the workspace's own manifest, as
# a deployment that serves only the workspace would: every document it sends
# must be there. Apollo Client's test gets a hub in the default mode (allow),
# where its persisted-query link registers what it sends.
PORT="$(free_port)"
start_hub workspace "$PORT" TRUSTED_DOCUMENTS=enforce \
  TRUSTED_DOCUMENTS_FILE="$PWD/web/persisted-documents.json"
ALLOW_PORT="$(free_port)"
start_hub allow "$ALLOW_PORT"

echo "== browser tests (Playwright, Chromium) and Apollo Client's"
status=0
(cd web && HUB_URL="http://127.0.0.1:$PORT" HUB_ALLOW_URL="http://127.0.0.1:$ALLOW_PORT" \
  HUB_JWT_SECRET="$SECRET" npm test) || status=$?
if [ "$status" -ne 0 ]; then
  for name in workspace allow; do
    echo "-- $name hub log (last 50 lines)"
    tail -n 50 "$DATA/$name.log"
  done
fi
exit "$status"
