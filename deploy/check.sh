#!/usr/bin/env bash
# Checks the deployment examples as CI runs them: the nginx configuration
# with `nginx -t`, the Prometheus alert rules with `promtool check rules`.
# Installs Debian's nginx, ssl-cert (the snakeoil certificate the example
# names) and prometheus (for promtool) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v nginx >/dev/null || missing+=(nginx)
[ -f /etc/ssl/certs/ssl-cert-snakeoil.pem ] || missing+=(ssl-cert)
command -v promtool >/dev/null || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "== nginx -t deploy/nginx.conf"
nginx -t -q -c "$PWD/deploy/nginx.conf"

echo "== promtool check rules deploy/prometheus/alerts.yml"
promtool check rules deploy/prometheus/alerts.yml
