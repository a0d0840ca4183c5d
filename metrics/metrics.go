package metrics

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	goredis "github.com/redis/go-redis/v9"

	"github.com/lotse-de/lotse/dialog"
)

// Metrics are the collectors of one process. Create them with New.
type Metrics struct {
	registry *prometheus.Registry

	updates      *prometheus.CounterVec
	turnSeconds  *prometheus.HistogramVec
	redisSeconds *prometheus.HistogramVec
	redisErrors  *prometheus.CounterVec
	apiRequests  *prometheus.CounterVec
	apiSeconds   *prometheus.HistogramVec
	apiTooMany   prometheus.Counter
	webhookSet   atomic.Bool
}

// New returns Metrics registered in a registry of their own, together with
// the Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lotse_updates_total",
			Help: "Updates handed to the engine, by input type (text, choice, location, command) and outcome (ok, failed, limited).",
		}, []string{"type", "outcome"}),
		turnSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "lotse_turn_seconds",
			Help:    "Time the engine took for one turn, Redis included.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"type"}),
		redisSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "lotse_redis_seconds",
			Help:    "Time of Redis commands and pipelines, by command.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .5, 1},
		}, []string{"command"}),
		redisErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lotse_redis_errors_total",
			Help: "Redis commands that failed (a missing key is no failure), by command.",
		}, []string{"command"}),
		apiRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lotse_telegram_requests_total",
			Help: "Bot API requests by method and outcome (ok, too_many_requests, client_error, server_error, network_error).",
		}, []string{"method", "outcome"}),
		apiSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "lotse_telegram_seconds",
			Help:    "Time of Bot API requests by method (getUpdates waits for updates by design).",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"method"}),
		apiTooMany: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "lotse_telegram_too_many_requests_total",
			Help: "Bot API answers 429 Too Many Requests.",
		}),
	}
	m.registry.MustRegister(
		m.updates, m.turnSeconds, m.redisSeconds, m.redisErrors,
		m.apiRequests, m.apiSeconds, m.apiTooMany,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// BotStats are the counts of the Telegram adapter that BotCounters
// exports.
type BotStats struct {
	Rejected     int64 // webhook requests refused for a wrong secret
	Dropped      int64 // turns whose replies the Bot API refused for good
	Shed         int64 // webhook updates answered at once and dropped (a flood)
	Resent       int64 // messages sent again after an unknown outcome
	UnknownTwice int64 // messages dropped after two unknown outcomes
}

// BotCounters registers counters read from the Telegram adapter through
// read, which is called once per counter at each scrape.
func (m *Metrics) BotCounters(read func() BotStats) {
	counter := func(name, help string, field func(BotStats) int64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return float64(field(read())) })
	}
	m.registry.MustRegister(
		counter("lotse_webhook_rejected_total",
			"Webhook requests refused (401) for a wrong or missing secret.",
			func(s BotStats) int64 { return s.Rejected }),
		counter("lotse_telegram_replies_dropped_total",
			"Turns whose replies the Bot API refused for good (403 blocked, 400 chat not found or message too long) and that were dropped.",
			func(s BotStats) int64 { return s.Dropped }),
		counter("lotse_webhook_shed_total",
			"Webhook updates answered 200 at once and dropped because their chat was flooding: over its rate limit, or with updates queued or in hand up to its cap.",
			func(s BotStats) int64 { return s.Shed }),
		counter("lotse_telegram_resent_total",
			"Messages sent again because an earlier send had an unknown outcome (the connection broke after the request went out, or the replica sending it stopped): the user may have them twice.",
			func(s BotStats) int64 { return s.Resent }),
		counter("lotse_telegram_unknown_twice_total",
			"Messages dropped because two sends of each had an unknown outcome: never a third copy.",
			func(s BotStats) int64 { return s.UnknownTwice }),
	)
}

// Registry is where the collectors are registered; callers may add their
// own.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// Handler serves the metrics in the Prometheus text format. A collector
// that fails (lotse_active_chats while Redis is down) is left out and
// counted in promhttp_metric_handler_errors_total; the others are served.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry, ErrorHandling: promhttp.ContinueOnError})
}

// Handler answers one input; *dialog.Engine implements it.
type Handler interface {
	Handle(ctx context.Context, in dialog.Input) ([]dialog.Reply, error)
}

// outcomeKey carries a *string in the context of a turn that Turns
// observes; MarkLimited sets it.
type outcomeKey struct{}

// MarkLimited records that the turn in ctx was refused by a rate limit.
// It does nothing outside a turn that Turns observes.
func MarkLimited(ctx context.Context) {
	if o, ok := ctx.Value(outcomeKey{}).(*string); ok {
		*o = "limited"
	}
}

// Turns wraps next so that every turn is counted by type and outcome and
// timed. When seen is not nil, it is told the chat of every turn (for
// Active).
func (m *Metrics) Turns(next Handler, seen func(chat int64)) Handler {
	return turns{m: m, next: next, seen: seen}
}

type turns struct {
	m    *Metrics
	next Handler
	seen func(chat int64)
}

func (t turns) Handle(ctx context.Context, in dialog.Input) ([]dialog.Reply, error) {
	kind := in.Kind.String()
	outcome := "ok"
	start := time.Now()
	replies, err := t.next.Handle(context.WithValue(ctx, outcomeKey{}, &outcome), in)
	t.m.turnSeconds.WithLabelValues(kind).Observe(time.Since(start).Seconds())
	if err != nil {
		outcome = "failed"
	}
	t.m.updates.WithLabelValues(kind, outcome).Inc()
	if t.seen != nil && outcome != "limited" {
		t.seen(in.Chat)
	}
	return replies, err
}

// RedisHook returns a go-redis hook that times every command and pipeline
// and counts failures. Add it with client.AddHook.
func (m *Metrics) RedisHook() goredis.Hook { return redisHook{m} }

type redisHook struct{ m *Metrics }

func (h redisHook) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (h redisHook) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error {
		start := time.Now()
		err := next(ctx, cmd)
		h.observe(commandName(cmd), start, err)
		return err
	}
}

func (h redisHook) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		start := time.Now()
		err := next(ctx, cmds)
		h.observe("pipeline", start, err)
		return err
	}
}

func (h redisHook) observe(name string, start time.Time, err error) {
	h.m.redisSeconds.WithLabelValues(name).Observe(time.Since(start).Seconds())
	if err != nil && !errors.Is(err, goredis.Nil) {
		h.m.redisErrors.WithLabelValues(name).Inc()
	}
}

var commandPattern = regexp.MustCompile(`^[a-z_]{1,24}$`)

// commandName is the lower-case command name, "other" for anything odd, so
// that labels stay few.
func commandName(cmd goredis.Cmder) string {
	if n := cmd.Name(); commandPattern.MatchString(n) {
		return n
	}
	return "other"
}

// Transport wraps base (http.DefaultTransport when nil) so that every Bot
// API request is counted by method and outcome and timed. The token in the
// path never reaches a label: only the method name after the last slash
// does.
func (m *Metrics) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return roundTripper{m: m, base: base}
}

type roundTripper struct {
	m    *Metrics
	base http.RoundTripper
}

func (t roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	method := apiMethod(req.URL.Path)
	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	t.m.apiSeconds.WithLabelValues(method).Observe(time.Since(start).Seconds())
	outcome := "network_error"
	if err == nil {
		outcome = statusOutcome(resp.StatusCode)
		if resp.StatusCode == http.StatusTooManyRequests {
			t.m.apiTooMany.Inc()
		}
		if method == "setWebhook" && outcome == "ok" {
			t.m.webhookSet.Store(true)
		}
	}
	t.m.apiRequests.WithLabelValues(method, outcome).Inc()
	return resp, err
}

var methodPattern = regexp.MustCompile(`^[A-Za-z]{1,40}$`)

func apiMethod(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			path = path[i+1:]
			break
		}
	}
	if methodPattern.MatchString(path) {
		return path
	}
	return "other"
}

func statusOutcome(status int) string {
	switch {
	case status == http.StatusTooManyRequests:
		return "too_many_requests"
	case status >= 200 && status < 300:
		return "ok"
	case status >= 500:
		return "server_error"
	case status >= 400:
		return "client_error"
	}
	return "status_" + strconv.Itoa(status)
}
