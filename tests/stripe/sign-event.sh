#!/usr/bin/env bash
# Signs a Stripe webhook body exactly as Stripe does and, given a URL, posts it:
#   Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>
#
# Usage: tests/stripe/sign-event.sh BODY_FILE [URL]
#   STRIPE_WEBHOOK_SECRET  the endpoint's signing secret (Stripe:WebhookSecret), required
#   URL                    for example http://127.0.0.1:5081/stripe/webhook; without it the
#                          header is printed for use with curl or another client
# Example:
#   STRIPE_WEBHOOK_SECRET=whsec_dev tests/stripe/sign-event.sh tests/stripe/checkout.session.completed.json \
#     http://127.0.0.1:5081/stripe/webhook
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
: "${STRIPE_WEBHOOK_SECRET:?set STRIPE_WEBHOOK_SECRET to the signing secret of the endpoint (Stripe:WebhookSecret)}"
body_file=$1
header=$(python3 - "$body_file" <<'PY'
import hashlib, hmac, os, sys, time
body = open(sys.argv[1], "rb").read()
timestamp = str(int(time.time()))
mac = hmac.new(os.environ["STRIPE_WEBHOOK_SECRET"].encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
print(f"t={timestamp},v1={mac}")
PY
)
if [ $# -eq 1 ]; then
  echo "Stripe-Signature: $header"
  exit 0
fi
# --data-binary sends the file byte for byte: the signature covers the exact bytes.
curl -sS -w '\nHTTP %{http_code}\n' -X POST "$2" -H "Content-Type: application/json" \
  -H "Stripe-Signature: $header" --data-binary "@$body_file"
