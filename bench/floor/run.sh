#!/bin/sh
# Plays lotse-load against the floor bot, as bench/grammy/run.sh does with
# the grammY bot: builds and starts it, then
# `LOTSE_LOAD -api-listen … -pid <floor> ARGS…`, then stops it.
#
#	bench/floor/run.sh /tmp/lotse-load -chats 5000 -think 2.5s -duration 20s
set -eu
load=$1
shift
cd "$(dirname "$0")"
bin=$(mktemp -d)/floor
go build -o "$bin" .
api=${API_LISTEN:-127.0.0.1:18081}
hook=${WEBHOOK_LISTEN:-127.0.0.1:18082}
export TELEGRAM_TOKEN=${TELEGRAM_TOKEN:-123456:floor-bench}
TELEGRAM_API_URL=http://$api WEBHOOK_URL=http://$hook/telegram WEBHOOK_LISTEN=$hook \
	WEBHOOK_SECRET=lotse-load REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0} SESSION_TTL=${SESSION_TTL:-600} \
	"$bin" &
bot=$!
rc=0
"$load" -api-listen "$api" -pid "$bot" "$@" || rc=$?
kill "$bot"
wait "$bot" || true
rm -r "$(dirname "$bin")"
exit $rc
