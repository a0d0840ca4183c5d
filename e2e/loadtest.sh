#!/usr/bin/env bash
# loadtest.sh plays lotse-load (closed loop) against REPLICAS `lotse serve` processes
# in webhook mode behind a round-robin balancer, all on one Redis, and
# prints the load figures and, per replica, its peak memory (VmHWM), the
# turns it handled and the CPU time it used (which, unlike turns/s, does
# not depend on what else the machine is doing).
#
#   e2e/loadtest.sh [REPLICAS] [CHATS] [DURATION]    e.g. e2e/loadtest.sh 3 50 20s
#
# REDIS_URL (default redis://127.0.0.1:6379/0) is the Redis they share;
# REPLICA_GOMAXPROCS, when set, is each replica's GOMAXPROCS.
# Ports 18100–18499 on 127.0.0.1 must be free.
set -euo pipefail
cd "$(dirname "$0")/.."
replicas=${1:-3}
chats=${2:-50}
duration=${3:-20s}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export TELEGRAM_TOKEN=123456:TEST-token

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/lotse" ./cmd/lotse
go build -o "$tmp/lotse-load" ./cmd/lotse-load
go build -o "$tmp/roundrobin" ./e2e/roundrobin

api=127.0.0.1:18100
lb=127.0.0.1:18200
backends=()
for i in $(seq "$replicas"); do backends+=("http://127.0.0.1:$((18300 + i))"); done
"$tmp/roundrobin" -listen "$lb" "${backends[@]}" 2>"$tmp/roundrobin.log" &
pids+=($!)

"$tmp/lotse-load" --api-listen "$api" --chats "$chats" --duration "$duration" >"$tmp/bench.out" 2>"$tmp/bench.err" &
bench=$!
pids+=($bench)
sleep 0.5

replica_pids=()
for i in $(seq "$replicas"); do
  env ${REPLICA_GOMAXPROCS:+GOMAXPROCS=$REPLICA_GOMAXPROCS} \
    TELEGRAM_API_URL="http://$api" WEBHOOK_URL="http://$lb/hook" WEBHOOK_LISTEN="127.0.0.1:$((18300 + i))" \
    WEBHOOK_SECRET=loadtest METRICS_LISTEN="127.0.0.1:$((18400 + i))" RATE_LIMIT=1000000 LOG_LEVEL=warn \
    "$tmp/lotse" serve -unpaced --workers 64 2>"$tmp/replica$i.log" &
  pids+=($!)
  replica_pids+=($!)
done

wait "$bench" || { cat "$tmp/bench.err"; exit 1; }
echo "replicas: $replicas, chats: $chats, duration: $duration"
cat "$tmp/bench.out"
tick=$(getconf CLK_TCK)
all_turns=0
all_cpu=0
for i in $(seq "$replicas"); do
  pid=${replica_pids[$((i - 1))]}
  hwm=$(awk '/VmHWM/ {print $2 " " $3}' "/proc/$pid/status")
  turns=$(curl -s "http://127.0.0.1:$((18400 + i))/metrics" | awk '/^lotse_updates_total/ {s += $2} END {print s + 0}')
  cpu=$(awk -v t="$tick" '{printf "%.2f", ($14 + $15) / t}' "/proc/$pid/stat")
  echo "replica $i: peak RSS $hwm, turns $turns, CPU ${cpu}s"
  all_turns=$((all_turns + turns))
  all_cpu=$(awk -v a="$all_cpu" -v b="$cpu" 'BEGIN {print a + b}')
done
awk -v c="$all_cpu" -v n="$all_turns" 'BEGIN {if (n > 0) printf "replicas together: %d turns, %.0f µs CPU per turn\n", n, c / n * 1e6}'
