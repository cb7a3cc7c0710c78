#!/usr/bin/env bash
# The workspace's browser tests, as CI runs them: installs what they need
# (Debian's Chromium, the locked npm packages), checks the embedded copy of
# the front-end assets against a fresh build, starts the hub on the demo data
# in a temporary directory on a free port, runs the Playwright suite, and
# stops the server whatever happens.
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

BIN="${HUB_BIN:-target/debug/safeguarding-hub}"
if [ -z "${HUB_BIN:-}" ]; then
  cargo build --quiet --bin safeguarding-hub
fi

DATA="$(mktemp -d)"
PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
echo "== starting the hub on 127.0.0.1:$PORT (demo data in $DATA)"
env -u DATABASE_URL HUB_ENV=development DATA_DIR="$DATA" BIND_ADDR="127.0.0.1:$PORT" \
  JWT_HS256_SECRET="$SECRET" "$BIN" serve >"$DATA/server.log" 2>&1 &
PID=$!
stop() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  rm -rf "$DATA"
}
trap stop EXIT

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$PID" 2>/dev/null; then
    cat "$DATA/server.log"
    echo "the hub did not start" >&2
    exit 1
  fi
  sleep 0.5
done

echo "== browser tests (Playwright, Chromium)"
status=0
(cd web && HUB_URL="http://127.0.0.1:$PORT" HUB_JWT_SECRET="$SECRET" npm test) || status=$?
if [ "$status" -ne 0 ]; then
  echo "-- server log (last 50 lines)"
  tail -n 50 "$DATA/server.log"
fi
exit "$status"
