#!/usr/bin/env bash
# The traffic behind docs/dashboard.png: the README's walk-through, then a billing backlog with a leaked key in the
# middle of it, a gateway outage of 40 s, an unreadable record and a repeated event. Runs against a sandbox started as
# SANDBOX_KAFKA_PORT=19092 SANDBOX_GATEWAY_PORT=13000 SANDBOX_FAULTS_PORT=13001 SERVER_PORT=18080 \
#   TOKEN_POLICY_RATE_LIMIT_REQUESTS=20 TOKEN_POLICY_RATE_LIMIT_WINDOW=1s ./mvnw spring-boot:test-run
# (the rate limit lowered so that the backlog shows), with kcat on the PATH. How the picture is made: docs/operations.md,
# "Dashboards and alerts".
set -euo pipefail
kafka=${KAFKA:-127.0.0.1:19092}
faults=${FAULTS:-http://127.0.0.1:13001/faults}
run=${RUN:-$(date +%s)}

send() { # topic, then lines of "token_id|json" on standard input
  kcat -P -b "$kafka" -t "$1" -K '|' -X partitioner=murmur2_random
}
topup() { # id token amount
  printf '%s|{"specversion":"1.0","id":"%s","source":"/billing","type":"billing.topup","data":{"token_id":%s,"amount":%s}}\n' "$2" "$1" "$2" "$3"
}
security() { # id token type data
  printf '%s|{"specversion":"1.0","id":"%s","source":"/security","type":"%s","data":{"token_id":%s%s}}\n' "$2" "$1" "$3" "$2" "$4"
}

echo "walk-through"
topup "$run-demo-1" 1 250000 | send token-events
security "$run-demo-2" 1 security.incident ',"severity":"critical","reason":"key leaked"' | send token-security-events
topup "$run-demo-3" 2 1000 | send token-events
security "$run-demo-4" 4 security.ip_restriction ',"allow_ips":["10.1.2.0/24"]' | send token-security-events
sleep 20

echo "a billing backlog of 1500 top-ups, a leaked key in its middle"
for i in $(seq 1 750); do topup "$run-bulk-$i" $(( i % 5 + 1 )) 100; done | send token-events
security "$run-leak" 5 security.incident ',"severity":"critical","reason":"key leaked"' | send token-security-events
for i in $(seq 751 1500); do topup "$run-bulk-$i" $(( i % 5 + 1 )) 100; done | send token-events
sleep 60

echo "the gateway answers 503 for 40 s"
curl -s -X POST "$faults?mode=503&seconds=40"; echo
for i in $(seq 1 20); do topup "$run-outage-$i" $(( i % 5 + 1 )) 100 | send token-events; sleep 2; done
sleep 20

echo "an unreadable record and a repeated event"
echo '1|this is not a CloudEvent' | send token-events
topup "$run-demo-1" 1 250000 | send token-events
for i in $(seq 1 60); do topup "$run-tail-$i" $(( i % 5 + 1 )) 100 | send token-events; sleep 1; done
