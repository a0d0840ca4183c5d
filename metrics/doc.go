// Package metrics exposes what a running Lotse replica does as Prometheus
// metrics, and its health.
//
// A Metrics holds the collectors in a registry of its own:
//
//	lotse_updates_total{type,outcome}        updates handed to the engine
//	lotse_turn_seconds{type}                 how long a turn took
//	lotse_redis_seconds{command}             Redis commands (a go-redis hook)
//	lotse_redis_errors_total{command}        Redis commands that failed
//	lotse_telegram_requests_total{method,outcome}  Bot API requests
//	lotse_telegram_seconds{method}           how long Bot API requests took
//	lotse_telegram_too_many_requests_total   429 answers of the Bot API
//	lotse_active_chats{window}               chats with a turn in the window,
//	                                         over all replicas (see Active)
//
// Turns wraps the engine, RedisHook goes on the Redis client and Transport
// under the Bot API's HTTP client. Mux serves /metrics, /healthz and
// /readyz on an address of its own, apart from the webhook.
package metrics
