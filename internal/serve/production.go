package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/logs"
	"github.com/lotse-de/lotse/metrics"
	"github.com/lotse-de/lotse/store/memory"
	redisstore "github.com/lotse-de/lotse/store/redis"
	"github.com/lotse-de/lotse/throttle"
)

// Production is what `lotse serve` puts around the engine for running in
// earnest: the store (Redis or memory), a logger that hashes chat ids,
// metrics with health endpoints, and the per-chat rate limit. It reads
// these variables of the environment:
//
//	REDIS_URL       see redisstore.Connect; without it sessions live in memory
//	SESSION_TTL     how long a chat's data is kept after its last message,
//	                default 14d (Go durations, or whole days as "7d")
//	RATE_LIMIT      updates a chat may send per RATE_WINDOW, default 30
//	RATE_WINDOW     default 1m
//	METRICS_LISTEN  address of /metrics, /healthz and /readyz, default :9090;
//	                "off" serves none
//	LOG_HASH_KEY    key of the chat id hashes in logs; random per process
//	                when empty (then hashes differ between replicas)
//	LOG_LEVEL       debug, info (default), warn or error
//	ACTIVE_WINDOW   window of lotse_active_chats, default 15m
type Production struct {
	Log     *slog.Logger
	Metrics *metrics.Metrics
	Store   dialog.Store
	// Redis is the client behind Store, nil for the memory store.
	Redis  goredis.UniversalClient
	active *metrics.Active

	// Profiling adds Go's profiles (net/http/pprof, /debug/pprof/) to
	// the metrics address. Off by default: a profile costs CPU while it
	// runs and tells internals to whoever reaches the address.
	Profiling bool

	limit         int
	window        time.Duration
	metricsListen string
	checks        []metrics.Check
}

// NewProduction reads the environment through getenv, connects to Redis
// when REDIS_URL is set and builds the logger and the metrics.
func NewProduction(ctx context.Context, getenv func(string) string, stderr io.Writer) (*Production, error) {
	level, err := logLevel(getenv("LOG_LEVEL"))
	if err != nil {
		return nil, err
	}
	hasher, err := logs.NewHasher(getenv("LOG_HASH_KEY"))
	if err != nil {
		return nil, err
	}
	p := &Production{
		Log:           logs.New(stderr, level, hasher),
		Metrics:       metrics.New(),
		metricsListen: getenv("METRICS_LISTEN"),
	}
	if p.metricsListen == "" {
		p.metricsListen = ":9090"
	}
	ttl, err := envDuration(getenv, "SESSION_TTL", dialog.DefaultTTL)
	if err != nil {
		return nil, err
	}
	if p.window, err = envDuration(getenv, "RATE_WINDOW", time.Minute); err != nil {
		return nil, err
	}
	activeWindow, err := envDuration(getenv, "ACTIVE_WINDOW", 15*time.Minute)
	if err != nil {
		return nil, err
	}
	p.limit = 30
	if s := getenv("RATE_LIMIT"); s != "" {
		if p.limit, err = strconv.Atoi(s); err != nil || p.limit < 1 {
			return nil, fmt.Errorf("RATE_LIMIT %q: want a positive number", s)
		}
	}
	if url := getenv("REDIS_URL"); url != "" {
		client, err := redisstore.Connect(ctx, url)
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL: %w", err)
		}
		client.AddHook(p.Metrics.RedisHook())
		p.Redis = client
		p.Store = redisstore.New(client, redisstore.WithTTL(ttl))
		p.active = metrics.NewActive(client, "", activeWindow)
		p.Metrics.Registry().MustRegister(p.active.Collector())
		p.checks = append(p.checks, metrics.Check{Name: "redis", Run: func(ctx context.Context) error {
			return client.Ping(ctx).Err()
		}})
	} else {
		p.Log.Warn("REDIS_URL is not set: sessions live in memory, are lost on restart and cannot be shared by replicas")
		p.Store = memory.New()
	}
	return p, nil
}

// Close releases the Redis client.
func (p *Production) Close() {
	if p.Redis != nil {
		p.Redis.Close()
	}
}

// Handler wraps engine: metrics and a log line per turn outside, the rate
// limit inside. quiet reports the chats that the rate limit refuses for
// the rest of their window (see throttle.Guard.Quiet).
func (p *Production) Handler(parts *app.Parts, engine *dialog.Engine) (h metrics.Handler, quiet func(chat int64) bool) {
	var limiter throttle.Limiter = memory.NewLimiter(p.limit, p.window)
	if p.Redis != nil {
		limiter = redisstore.NewLimiter(p.Redis, p.limit, p.window)
	}
	seconds := int(p.window.Round(time.Second).Seconds())
	guard := &throttle.Guard{
		Next:    engine,
		Limiter: limiter,
		Note: func(hint string) []dialog.Reply {
			lang := parts.Messages.Match(hint)
			wait := parts.Messages.Count(lang, "throttle.seconds", seconds)
			text := parts.Messages.T(lang, "throttle.slow_down", map[string]any{"Wait": wait})
			return []dialog.Reply{{Lang: lang, Blocks: []dialog.Block{{Text: text}}}}
		},
		OnLimited: metrics.MarkLimited,
		Log:       p.Log,
	}
	var seen func(int64)
	if p.active != nil {
		seen = p.active.Seen
	}
	return p.Metrics.Turns(loggedTurns{next: guard, log: p.Log}, seen), guard.Quiet
}

// HTTPClient is the client for the Bot API, its requests counted.
func (p *Production) HTTPClient(workers int, pollTimeout time.Duration) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = workers * 2
	t.MaxIdleConnsPerHost = workers * 2
	t.IdleConnTimeout = 90 * time.Second
	return &http.Client{Transport: p.Metrics.Transport(t), Timeout: pollTimeout + 10*time.Second}
}

// Serve serves the metrics address and flushes active chats until ctx
// ends. webhook adds the readiness check of the webhook's registration.
// It returns once the listener is open, or with its error.
func (p *Production) Serve(ctx context.Context, webhook bool) error {
	if p.active != nil {
		go p.active.Run(ctx, 10*time.Second)
	}
	if p.metricsListen == "off" {
		if p.Profiling {
			return errors.New("profiles are served on METRICS_LISTEN, which is off")
		}
		return nil
	}
	checks := p.checks
	if webhook {
		checks = append(checks, p.Metrics.WebhookCheck())
	}
	ln, err := net.Listen("tcp", p.metricsListen)
	if err != nil {
		return fmt.Errorf("METRICS_LISTEN: %w", err)
	}
	// Only Prometheus and health checks talk to this server: short limits,
	// so that slow or idle clients cannot hold its connections. A CPU
	// profile answers after the seconds it was asked for, up to 5 minutes.
	var handler http.Handler = p.Metrics.Mux(checks...)
	writeTimeout := 30 * time.Second
	if p.Profiling {
		handler = withProfiles(handler)
		writeTimeout = 5*time.Minute + 10*time.Second
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       time.Minute,
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			p.Log.Error("metrics server", "error", err)
		}
	}()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	p.Log.Info("metrics", "listen", ln.Addr().String())
	return nil
}

// withProfiles serves Go's profiles under /debug/pprof/ and everything
// else by next.
func withProfiles(next http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", next)
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// loggedTurns writes one log line per turn: the update id, the hashed
// chat, the kind of input and how it went — never its text.
type loggedTurns struct {
	next metrics.Handler
	log  *slog.Logger
}

func (l loggedTurns) Handle(ctx context.Context, in dialog.Input) ([]dialog.Reply, error) {
	start := time.Now()
	replies, err := l.next.Handle(ctx, in)
	attrs := []slog.Attr{
		slog.Int64("update_id", in.UpdateID),
		slog.Int64(logs.ChatKey, in.Chat),
		slog.String("type", in.Kind.String()),
		slog.Int("replies", len(replies)),
		slog.Duration("took", time.Since(start)),
	}
	if err != nil {
		l.log.LogAttrs(ctx, slog.LevelWarn, "turn failed", append(attrs, slog.Any("error", err))...)
	} else {
		l.log.LogAttrs(ctx, slog.LevelDebug, "turn", attrs...)
	}
	return replies, err
}

// envDuration reads a duration like "36h" or "7d" from the environment.
func envDuration(getenv func(string) string, name string, def time.Duration) (time.Duration, error) {
	s := getenv(name)
	if s == "" {
		return def, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n > 0 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s %q: want a positive duration like 36h or 7d", name, s)
	}
	return d, nil
}

// logLevel parses LOG_LEVEL: debug, info (the default), warn or error.
func logLevel(s string) (slog.Level, error) {
	var level slog.Level
	if s == "" {
		return slog.LevelInfo, nil
	}
	if err := level.UnmarshalText([]byte(strings.ToUpper(s))); err != nil {
		return 0, fmt.Errorf("LOG_LEVEL %q: want debug, info, warn or error", s)
	}
	return level, nil
}
