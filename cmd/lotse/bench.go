package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/store/memory"
	redisstore "github.com/lotse-de/lotse/store/redis"
	"github.com/lotse-de/lotse/telegram"
	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// benchScript is what every simulated user does, over and over: texts,
// commands, and taps ("" taps the first button of the last menu).
var benchScript = []string{"/start", "07743", "Baum fällen", "", "", "Personalausweis verloren", "", "Ich habe meine Arbeit verloren", "", "/help"}

// cmdBench plays load against the bot in webhook mode through a fake Bot
// API server (telegramtest) and prints turns per second and the latency
// from posting an update to the first reply reaching the fake API.
//
// By default it runs the bot in-process. With --api-listen it only starts
// the fake API at that address and waits for a separately started
// `lotse serve` (TELEGRAM_API_URL=http://<addr>, WEBHOOK_URL, WEBHOOK_SECRET,
// the same TELEGRAM_TOKEN; --unpaced and a high RATE_LIMIT, or it keeps to
// Telegram's limits and its own) to register its webhook.
func cmdBench(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	chats := fs.Int("chats", 50, "concurrent chats, each sending its next update when the last was handled")
	duration := fs.Duration("duration", 10*time.Second, "how long to play")
	storeKind := fs.String("store", "redis", "in-process session store: redis (REDIS_URL, default redis://127.0.0.1:6379/0) or memory")
	workers := fs.Int("workers", 64, "in-process bot: chats handled in parallel")
	apiListen := fs.String("api-listen", "", "only serve the fake Bot API here and play against a separate `lotse serve`")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	allocProfile := fs.String("allocprofile", "", "write a profile of the allocations to this file at the end")
	asServe := fs.Bool("as-serve", false, "in-process bot: wired as `lotse serve` is, with its rate limit, metrics (not served) and JSON logs; its sessions use serve's keys (lotse:…, kept 10 minutes)")
	sessionCache := fs.Int("session-cache", redisstore.DefaultSessionCache, "in-process bot on redis: sessions kept in memory to save a Redis round trip per turn (0: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer stopProfile()
	if *chats < 1 || *duration <= 0 {
		return errors.New("bench: --chats and --duration must be positive")
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

	probes := &probeSet{m: map[int64]*probe{}, calls: map[string]int64{}}
	opts := []telegramtest.Option{telegramtest.WithoutRecording(), telegramtest.OnCall(probes.observe)}
	if *apiListen != "" {
		ln, err := net.Listen("tcp", *apiListen)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		token := os.Getenv("TELEGRAM_TOKEN")
		if token == "" {
			return errors.New("bench: --api-listen needs TELEGRAM_TOKEN, the same as lotse serve's")
		}
		opts = append(opts, telegramtest.WithListener(ln), telegramtest.WithToken(token))
	}
	srv := telegramtest.NewServer(opts...)
	defer srv.Close()

	if *apiListen == "" {
		tuneGC(os.Getenv) // as serve does
		stop, err := startBenchBot(ctx, srv, benchBot{store: *storeKind, workers: *workers, sessionCache: *sessionCache, asServe: *asServe, stderr: stderr}, log)
		if err != nil {
			return err
		}
		defer stop()
	} else {
		fmt.Fprintf(stdout, "fake Bot API at %s; waiting for lotse serve to set its webhook\n", srv.URL())
	}
	for {
		if url, _ := srv.Webhook(); url != "" {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}

	// Chat ids unique to this run, so that sessions of earlier runs (whose
	// update ids were higher) never make the engine drop updates.
	base := time.Now().UnixNano() % 1_000_000_000 * 1000
	var turns, failures atomic.Int64
	latencies := make([][]time.Duration, *chats)
	roundTrips := make([][]time.Duration, *chats)
	end := time.Now().Add(*duration)
	var wg sync.WaitGroup
	loadBefore := loadAverage()
	cpuBefore := cpuTime()
	startAt := time.Now()
	for c := range *chats {
		wg.Go(func() {
			id := base + int64(c)
			user := srv.Private(id, "de")
			p := probes.add(id)
			for i := 0; time.Now().Before(end) && ctx.Err() == nil; i++ {
				step := benchScript[i%len(benchScript)]
				upd := user.Text(step)
				if step == "" {
					data, msgID := p.menu()
					if data == "" {
						continue
					}
					upd = user.Callback(msgID, data)
				}
				t0 := p.begin()
				status, err := srv.Post(ctx, upd)
				rt := time.Since(t0)
				if err != nil || status != http.StatusOK {
					failures.Add(1)
					continue
				}
				turns.Add(1)
				roundTrips[c] = append(roundTrips[c], rt)
				if first, ok := p.first(); ok {
					latencies[c] = append(latencies[c], first)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(startAt)
	cpu := cpuTime() - cpuBefore

	first, whole := slices.Concat(latencies...), slices.Concat(roundTrips...)
	if *apiListen != "" {
		*storeKind = "of lotse serve"
	}
	fmt.Fprintf(stdout, "chats %d, %s, store %s: %d turns, %.0f turns/s, %d failed\n",
		*chats, elapsed.Round(time.Millisecond), *storeKind, turns.Load(), float64(turns.Load())/elapsed.Seconds(), failures.Load())
	if silent := int64(len(whole) - len(first)); silent > 0 {
		fmt.Fprintf(stdout, "%d turns got no reply (a rate limit? raise RATE_LIMIT of lotse serve for load tests)\n", silent)
	}
	fmt.Fprintf(stdout, "update → first reply: %s\n", percentiles(first))
	fmt.Fprintf(stdout, "update → turn done:   %s\n", percentiles(whole))
	if n := turns.Load(); n > 0 {
		fmt.Fprintf(stdout, "CPU of this process (bot, fake API, load): %s per turn, %.2f of %d cores; load average before/after: %s / %s\n",
			(cpu / time.Duration(n)).Round(time.Microsecond), cpu.Seconds()/elapsed.Seconds(), runtime.NumCPU(), loadBefore, loadAverage())
		fmt.Fprintf(stdout, "Bot API calls per turn: %s\n", probes.callsPerTurn(n))
	}
	if err := writeAllocProfile(*allocProfile); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAverage is the one-minute load average where the system tells it.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

// benchBot says how the in-process bot of bench is built.
type benchBot struct {
	store        string // "redis" or "memory"
	workers      int
	sessionCache int
	// asServe wires it as serve does: rate limit, metrics and logs of
	// production.go, configured by the environment as serve's are, with
	// METRICS_LISTEN off, RATE_LIMIT 1,000,000, SESSION_TTL 10m and
	// LOG_LEVEL warn unless set, and Redis as store says; its logs go to
	// stderr.
	asServe bool
	stderr  io.Writer
}

// startBenchBot runs the bot in webhook mode against srv.
func startBenchBot(ctx context.Context, srv *telegramtest.Server, opts benchBot, log *slog.Logger) (stop func(), err error) {
	parts, err := app.Load()
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	var deps telegram.Deps
	var release func()
	if opts.asServe {
		deps, release, err = serveLikeDeps(ctx, parts, opts)
	} else {
		deps, release, err = benchDeps(ctx, parts, opts, log)
	}
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		release()
		return nil, fmt.Errorf("bench: %w", err)
	}
	cfg := telegram.Config{
		Token:         srv.Token(),
		APIURL:        srv.URL(),
		WebhookURL:    "http://" + ln.Addr().String() + "/telegram",
		WebhookSecret: "bench-secret",
		Workers:       opts.workers,
		Unpaced:       true, // the fake API has no limits; pacing would measure the limiter
		PollTimeout:   pollTimeout,
	}
	bctx, cancel := context.WithCancel(ctx)
	bot, err := telegram.New(bctx, cfg, deps)
	if err != nil {
		cancel()
		ln.Close()
		release()
		return nil, fmt.Errorf("bench: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- bot.RunWebhook(bctx, ln) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			log.Error("bench bot", "error", err)
		}
		release()
	}, nil
}

// benchDeps builds the bare bot: the engine on its own store, with keys
// of their own (prefix lotsebench, kept 10 minutes).
func benchDeps(ctx context.Context, parts *app.Parts, opts benchBot, log *slog.Logger) (telegram.Deps, func(), error) {
	var store dialog.Store
	release := func() {}
	switch opts.store {
	case "memory":
		store = memory.New()
	case "redis":
		client, err := redisClient(ctx, os.Getenv("REDIS_URL"))
		if err != nil {
			return telegram.Deps{}, nil, err
		}
		store = redisstore.New(client, redisstore.WithPrefix("lotsebench"), redisstore.WithTTL(10*time.Minute), redisstore.WithSessionCache(opts.sessionCache))
		release = func() { client.Close() }
	default:
		return telegram.Deps{}, nil, errors.New("--store must be redis or memory")
	}
	engine, err := parts.Engine(store, app.Options{Log: log})
	if err != nil {
		release()
		return telegram.Deps{}, nil, err
	}
	return botDeps(parts, engine, store, log), release, nil
}

// serveLikeDeps builds the bot as serve does (see benchBot.asServe).
func serveLikeDeps(ctx context.Context, parts *app.Parts, opts benchBot) (telegram.Deps, func(), error) {
	redisURL := ""
	switch opts.store {
	case "memory":
	case "redis":
		redisURL = cmp.Or(os.Getenv("REDIS_URL"), defaultRedisURL)
	default:
		return telegram.Deps{}, nil, errors.New("--store must be redis or memory")
	}
	defaults := map[string]string{"METRICS_LISTEN": "off", "RATE_LIMIT": "1000000", "SESSION_TTL": "10m", "LOG_LEVEL": "warn"}
	getenv := func(key string) string {
		if key == "REDIS_URL" {
			return redisURL
		}
		return cmp.Or(os.Getenv(key), defaults[key])
	}
	prod, err := newProduction(ctx, getenv, opts.stderr)
	if err != nil {
		return telegram.Deps{}, nil, err
	}
	deps, err := serveDeps(ctx, parts, prod, opts.workers, true)
	if err != nil {
		prod.Close()
		return telegram.Deps{}, nil, err
	}
	return deps, prod.Close, nil
}

// probe measures one chat's turns: when the update went out, when the
// first reply arrived, and the menu to tap next.
type probe struct {
	mu      sync.Mutex
	start   time.Time
	got     time.Duration
	seen    bool
	data    string
	message int
}

func (p *probe) begin() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.start, p.seen = time.Now(), false
	return p.start
}

func (p *probe) first() (time.Duration, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.got, p.seen
}

func (p *probe) menu() (string, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.data, p.message
}

type probeSet struct {
	mu sync.RWMutex
	m  map[int64]*probe

	callsMu sync.Mutex
	calls   map[string]int64 // Bot API calls by method
}

// countCall counts a Bot API call by its method.
func (s *probeSet) countCall(method string) {
	s.callsMu.Lock()
	s.calls[method]++
	s.callsMu.Unlock()
}

// callsPerTurn describes the Bot API calls made per turn, by method.
func (s *probeSet) callsPerTurn(turns int64) string {
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	methods := make([]string, 0, len(s.calls))
	var total int64
	for m, n := range s.calls {
		methods = append(methods, m)
		total += n
	}
	slices.Sort(methods)
	parts := make([]string, 0, len(methods))
	for _, m := range methods {
		parts = append(parts, fmt.Sprintf("%s %.2f", m, float64(s.calls[m])/float64(turns)))
	}
	return fmt.Sprintf("%.2f (%s)", float64(total)/float64(turns), strings.Join(parts, ", "))
}

func (s *probeSet) add(chat int64) *probe {
	p := &probe{}
	s.mu.Lock()
	s.m[chat] = p
	s.mu.Unlock()
	return p
}

// observe sees every call the fake API answers.
func (s *probeSet) observe(c telegramtest.Call) {
	if c.InWebhookAnswer {
		s.countCall(c.Method + " in webhook answers")
	} else {
		s.countCall(c.Method)
	}
	switch c.Method {
	case "sendMessage", "editMessageText", "sendVenue", "sendContact":
	default:
		return
	}
	now := time.Now()
	s.mu.RLock()
	p := s.m[c.Chat]
	s.mu.RUnlock()
	if p == nil {
		return
	}
	data := firstCallbackData(c.Param("reply_markup"))
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.seen {
		p.got, p.seen = now.Sub(p.start), true
	}
	if data != "" {
		p.data = data
		if id := c.Param("message_id"); id != "" {
			fmt.Sscan(id, &p.message)
		} else {
			p.message++ // a new message; the fake accepts edits of any id without recording
		}
	}
}

// firstCallbackData returns the callback data of the first button of an
// inline keyboard, "" without one.
func firstCallbackData(markup string) string {
	const key = `"callback_data":"`
	i := strings.Index(markup, key)
	if i < 0 {
		return ""
	}
	rest := markup[i+len(key):]
	end := strings.IndexByte(rest, '"')
	if end < 0 || strings.Contains(rest[:end], `\`) {
		var kb struct {
			InlineKeyboard [][]struct {
				CallbackData string `json:"callback_data"`
			} `json:"inline_keyboard"`
		}
		if json.Unmarshal([]byte(markup), &kb) != nil || len(kb.InlineKeyboard) == 0 || len(kb.InlineKeyboard[0]) == 0 {
			return ""
		}
		return kb.InlineKeyboard[0][0].CallbackData
	}
	return rest[:end]
}

func percentiles(d []time.Duration) string {
	if len(d) == 0 {
		return "no samples"
	}
	slices.Sort(d)
	at := func(q float64) time.Duration { return d[min(len(d)-1, int(q*float64(len(d))))] }
	return fmt.Sprintf("p50 %s  p90 %s  p99 %s  max %s  (n=%d)",
		at(0.50).Round(time.Microsecond), at(0.90).Round(time.Microsecond), at(0.99).Round(time.Microsecond), d[len(d)-1].Round(time.Microsecond), len(d))
}
