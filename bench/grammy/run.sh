#!/bin/sh
# Plays lotse-load against the grammY bot: starts bot.js, then
# `LOTSE_LOAD -api-listen … -pid <bot.js> ARGS…` (which serves the fake
# Bot API and waits for bot.js to set its webhook), then stops bot.js.
#
#	bench/grammy/run.sh /tmp/lotse-load -chats 5000 -think 2.5s -duration 20s
#
# bot.js logs to stderr. Ports: API_LISTEN (default 127.0.0.1:18081) for
# the fake Bot API, WEBHOOK_LISTEN (default 127.0.0.1:18082) for the bot.
set -eu
load=$1
shift
cd "$(dirname "$0")"
api=${API_LISTEN:-127.0.0.1:18081}
hook=${WEBHOOK_LISTEN:-127.0.0.1:18082}
export TELEGRAM_TOKEN=${TELEGRAM_TOKEN:-123456:grammy-bench}
TELEGRAM_API_URL=http://$api WEBHOOK_URL=http://$hook/telegram WEBHOOK_LISTEN=$hook \
	WEBHOOK_SECRET=lotse-load REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0} SESSION_TTL=${SESSION_TTL:-600} \
	node bot.js &
bot=$!
rc=0
"$load" -api-listen "$api" -pid "$bot" "$@" || rc=$?
kill "$bot"
wait "$bot" || true
exit $rc
