package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"golang.org/x/time/rate"
)

var (
	// ErrNoToken is returned by New without a token.
	ErrNoToken = errors.New("telegram: no token")
	// ErrNoWebhookSecret is returned by New for a webhook URL without a
	// valid secret (1–256 characters A–Z, a–z, 0–9, _ and -).
	ErrNoWebhookSecret = errors.New("telegram: webhook needs a secret")
	// ErrClosed is returned for updates that arrive after Close.
	ErrClosed = errors.New("telegram: bot closed")
)

// allowedUpdates are the update types the bot asks Telegram for.
var allowedUpdates = []string{"message", "callback_query", "inline_query"}

var secretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// secretHeader carries the webhook secret.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// drainTimeout bounds how long Close waits for updates in flight.
const drainTimeout = 30 * time.Second

// Bot is the Telegram channel of Lotse. Create it with New, run it with
// Run (or RunPolling / RunWebhook); it is safe for concurrent use.
type Bot struct {
	cfg      Config
	handler  Handler
	texts    Localizer
	services ServiceFinder
	outbox   Outbox
	quiet    func(chat int64) bool
	log      *slog.Logger

	api  *bot.Bot
	http classifyingClient // the API's client, for the requests the bot posts itself
	// apiBase is the URL of the bot's methods, up to the method's name;
	// it holds the token.
	apiBase string
	me      *models.User

	global     *rate.Limiter
	shards     []*shard
	stats      counters
	rejections rejectionLog
	inFlight   chatsInFlight

	work     context.Context // the context updates are handled in
	stopWork context.CancelFunc
	wg       sync.WaitGroup
	mu       sync.RWMutex // guards closed against enqueue
	closed   bool
	closing  sync.Once
}

// Stats counts what a Bot did since New.
type Stats struct {
	Handled  int64 // updates handled
	Failed   int64 // updates that failed and were not marked as handled
	Panics   int64 // panics recovered
	Retries  int64 // Bot API requests repeated
	TooMany  int64 // 429 answers
	Refused  int64 // turns whose replies the Bot API refused for good (403, 400) and that were dropped
	Rejected int64 // webhook requests refused for a wrong or missing secret
	Shed     int64 // webhook updates dropped at once: their chat had Config.ChatInFlight in flight, or Deps.Quiet reported it
	// Resent counts messages sent again because an earlier send had an
	// unknown outcome (the connection broke after the request went out,
	// or the replica sending it stopped): the user may have them twice.
	Resent int64
	// UnknownTwice counts messages dropped because two sends of each had
	// an unknown outcome (see Bot.sendOutbox).
	UnknownTwice int64
}

type counters struct {
	handled, failed, panics, retries, tooMany, refused, rejected, shed, resent, unknownTwice atomic.Int64
}

// Stats returns the counters of b.
func (b *Bot) Stats() Stats {
	return Stats{
		Handled:  b.stats.handled.Load(),
		Failed:   b.stats.failed.Load(),
		Panics:   b.stats.panics.Load(),
		Retries:  b.stats.retries.Load(),
		TooMany:  b.stats.tooMany.Load(),
		Refused:  b.stats.refused.Load(),
		Rejected: b.stats.rejected.Load(),
		Shed:     b.stats.shed.Load(),
		Resent:   b.stats.resent.Load(),

		UnknownTwice: b.stats.unknownTwice.Load(),
	}
}

// New creates a Bot, asks Telegram who it is (getMe) and starts its
// workers. It returns ErrNoToken, ErrNoWebhookSecret, or the error of getMe.
// Call Close (or let Run do it) to stop the workers.
func New(ctx context.Context, cfg Config, deps Deps) (*Bot, error) {
	cfg.setDefaults()
	if cfg.Token == "" {
		return nil, ErrNoToken
	}
	if deps.Handler == nil || deps.Texts == nil {
		return nil, errors.New("telegram: Deps need a Handler and Texts")
	}
	if cfg.WebhookURL != "" {
		if !secretPattern.MatchString(cfg.WebhookSecret) {
			return nil, ErrNoWebhookSecret
		}
		u, err := url.Parse(cfg.WebhookURL)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return nil, fmt.Errorf("telegram: webhook URL %q is not an http(s) URL", cfg.WebhookURL)
		}
	}
	logger := deps.Logger
	if logger == nil {
		logger = slog.Default()
	}
	b := &Bot{
		cfg:      cfg,
		handler:  deps.Handler,
		texts:    deps.Texts,
		services: deps.Services,
		outbox:   deps.Outbox,
		quiet:    deps.Quiet,
		log:      logger,
		global:   rate.NewLimiter(rate.Limit(cfg.MessagesPerSecond), max(1, int(cfg.MessagesPerSecond))),
		inFlight: chatsInFlight{n: map[int64]int{}},
	}
	client := deps.HTTPClient
	if client == nil {
		client = newHTTPClient(cfg.PollTimeout, cfg.Workers)
	}
	b.http = classifyingClient{client}
	b.apiBase = strings.TrimSuffix(cfg.APIURL, "/") + "/bot" + cfg.Token + "/"
	api, err := bot.New(cfg.Token,
		bot.WithServerURL(cfg.APIURL),
		bot.WithHTTPClient(cfg.PollTimeout, b.http),
		bot.WithSkipGetMe(),
		bot.WithNotAsyncHandlers(),
		bot.WithDefaultHandler(b.route),
		bot.WithErrorsHandler(func(err error) {
			b.log.Error("bot api", "error", b.redact(err))
		}),
		bot.WithAllowedUpdates(allowedUpdates),
	)
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	b.api = api
	err = b.call(ctx, nil, callFree, "getMe", func(ctx context.Context) error {
		me, err := api.GetMe(ctx)
		b.me = me
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("telegram: %s", b.redact(err))
	}

	b.work, b.stopWork = context.WithCancel(context.WithoutCancel(ctx))
	b.shards = make([]*shard, cfg.Workers)
	for i := range b.shards {
		b.shards[i] = newShard(cfg)
		b.wg.Add(1)
		go b.runShard(b.shards[i])
	}
	return b, nil
}

// Run runs the bot until ctx ends: by webhook when Config.WebhookURL is
// set (listening on Config.WebhookListen), else by long polling. It
// drains the updates in flight and closes the bot before it returns.
func (b *Bot) Run(ctx context.Context) error {
	if b.cfg.WebhookURL == "" {
		return b.RunPolling(ctx)
	}
	ln, err := net.Listen("tcp", b.cfg.WebhookListen)
	if err != nil {
		b.Close()
		return fmt.Errorf("telegram: listen: %w", err)
	}
	return b.RunWebhook(ctx, ln)
}

// RunPolling sets the commands, removes a webhook and fetches updates by
// long polling until ctx ends; then it closes the bot.
func (b *Bot) RunPolling(ctx context.Context) error {
	defer b.Close()
	b.setCommands(ctx)
	err := b.call(ctx, nil, callFree, "deleteWebhook", func(ctx context.Context) error {
		_, err := b.api.DeleteWebhook(ctx, &bot.DeleteWebhookParams{})
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("telegram: %s", b.redact(err))
	}
	b.log.InfoContext(ctx, "telegram: long polling", "bot", b.me.Username)
	b.api.Start(ctx)
	return nil
}

// RunWebhook sets the commands and the webhook, then serves the webhook
// handler on ln at the path of Config.WebhookURL until ctx ends; then it
// shuts the server down, waits for the updates in flight and closes the
// bot. The webhook stays registered so Telegram keeps new updates.
func (b *Bot) RunWebhook(ctx context.Context, ln net.Listener) error {
	defer b.Close()
	u, err := url.Parse(b.cfg.WebhookURL)
	if err != nil || b.cfg.WebhookURL == "" {
		ln.Close()
		return fmt.Errorf("telegram: webhook URL %q: %w", b.cfg.WebhookURL, err)
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	hook := b.WebhookHandler()
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != path {
				http.NotFound(w, r)
				return
			}
			hook.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// A turn waits at most about 10 s for Redis and a few seconds for
		// pacing; a client that does not read the answer in a minute is
		// dropped.
		WriteTimeout: webhookWriteTimeout,
		IdleTimeout:  2 * time.Minute,
		BaseContext:  func(net.Listener) context.Context { return b.work },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(limitListener(ln, webhookConnections(b.cfg.Workers))) }()

	b.setCommands(ctx)
	err = b.call(ctx, nil, callFree, "setWebhook", func(ctx context.Context) error {
		_, err := b.api.SetWebhook(ctx, &bot.SetWebhookParams{
			URL:            b.cfg.WebhookURL,
			SecretToken:    b.cfg.WebhookSecret,
			AllowedUpdates: allowedUpdates,
			MaxConnections: maxConnections(b.cfg.Workers),
		})
		return err
	})
	if err != nil {
		srv.Close()
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("telegram: %s", b.redact(err))
	}
	b.log.InfoContext(ctx, "telegram: webhook", "bot", b.me.Username, "listen", ln.Addr().String(), "path", path)

	select {
	case err := <-served:
		return fmt.Errorf("telegram: serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), drainTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("telegram: shutdown: %w", err)
	}
	return nil
}

// webhookWriteTimeout bounds the time from reading a webhook request to
// having written its answer.
const webhookWriteTimeout = time.Minute

// maxConnections is the max_connections the webhook asks Telegram for:
// one per worker, 1 to 100 as Telegram allows.
func maxConnections(workers int) int { return min(max(workers, 1), 100) }

// webhookConnections is how many connections the webhook server serves at
// once: twice what Telegram is asked to open, so that a redelivery or a
// load balancer's probe still gets in, while clients that open many more
// (or hold them open) wait in the listen queue instead of taking memory.
func webhookConnections(workers int) int { return 2 * maxConnections(workers) }

// limitListener accepts at most n connections at a time; the next one is
// accepted when one of them is closed.
func limitListener(ln net.Listener, n int) net.Listener {
	return &limitedListener{Listener: ln, slots: make(chan struct{}, n)}
}

type limitedListener struct {
	net.Listener
	slots chan struct{}
}

func (l *limitedListener) Accept() (net.Conn, error) {
	l.slots <- struct{}{}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitedConn{Conn: c, release: func() { <-l.slots }}, nil
}

type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// Close stops taking updates, lets the workers finish the updates queued
// (for at most 30 s) and stops them. It is safe to call more than once.
func (b *Bot) Close() {
	b.closing.Do(func() {
		b.mu.Lock()
		b.closed = true
		for _, sh := range b.shards {
			close(sh.jobs)
		}
		b.mu.Unlock()
		drained := make(chan struct{})
		go func() { b.wg.Wait(); close(drained) }()
		t := time.NewTimer(drainTimeout)
		defer t.Stop()
		select {
		case <-drained:
		case <-t.C:
			b.log.Warn("telegram: updates still in flight at shutdown; cancelling them")
		}
		b.stopWork()
		<-drained
	})
}

// WebhookHandler returns the handler for updates that Telegram posts. It
// answers 401 unless the request carries the configured secret (without a
// secret it refuses everything), 400 to a body that is not an update, and
// 200 only after the update has been handled; a failure answers 500 so
// that Telegram delivers the update again. An update of a chat that
// already has Config.ChatInFlight updates queued or in hand, or that
// Deps.Quiet reports over its rate limit, is answered 200 at once and
// dropped: a chat sending that fast is flooding, and waiting for its
// paced replies would hold Telegram's few connections (max_connections,
// at most 100) that all chats share.
func (b *Bot) WebhookHandler() http.Handler {
	want := []byte(b.cfg.WebhookSecret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get(secretHeader))
		if len(want) == 0 || subtle.ConstantTimeCompare(got, want) != 1 {
			b.stats.rejected.Add(1)
			if n := b.rejections.count(time.Now()); n > 0 {
				b.log.WarnContext(r.Context(), "telegram: webhook requests with a wrong secret", "count", n, "last_remote", r.RemoteAddr)
			}
			http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
			return
		}
		var upd models.Update
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&upd); err != nil {
			http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
			return
		}
		hook := &webhookCall{done: make(chan error, 1)}
		if key, ok := routingKey(&upd); ok {
			if b.quiet != nil && b.quiet(key) {
				b.shed(w, r, &upd, "its chat is over its rate limit")
				return
			}
			if !b.inFlight.acquire(key, b.cfg.ChatInFlight) {
				b.shed(w, r, &upd, "its chat has too many in flight")
				return
			}
			hook.release = func() { b.inFlight.release(key) }
		}
		b.api.ProcessUpdate(context.WithValue(r.Context(), webhookKey{}, hook), &upd)
		select {
		case err := <-hook.done:
			if err != nil {
				http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
				return
			}
			if a := hook.answer; a != nil {
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(a)
				return
			}
			w.WriteHeader(http.StatusOK)
		case <-r.Context().Done():
			// the update may still be handled; Telegram will ask again
			http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
		}
	})
}

// shed answers an update dropped for its chat's flood (why): 200, and for
// a tapped button an answer to its callback query in the webhook answer,
// so that its spinner stops.
func (b *Bot) shed(w http.ResponseWriter, r *http.Request, upd *models.Update, why string) {
	b.stats.shed.Add(1)
	b.log.DebugContext(r.Context(), "telegram: update dropped, "+why, "update_id", upd.ID)
	if cq := upd.CallbackQuery; cq != nil {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(callbackAnswer{Method: "answerCallbackQuery", CallbackQueryID: cq.ID})
		return
	}
	w.WriteHeader(http.StatusOK)
}

// chatsInFlight counts the webhook updates of each chat that are queued or
// being handled.
type chatsInFlight struct {
	mu sync.Mutex
	n  map[int64]int
}

// acquire counts one more update of chat and reports true, unless chat
// has limit in flight already.
func (c *chatsInFlight) acquire(chat int64, limit int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n[chat] >= limit {
		return false
	}
	c.n[chat]++
	return true
}

// release counts one update of chat less.
func (c *chatsInFlight) release(chat int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n[chat] <= 1 {
		delete(c.n, chat)
		return
	}
	c.n[chat]--
}

// rejectionLogEvery is how often at most a log line reports webhook
// requests refused for their secret: a client posting thousands a second
// must not fill the log (Stats.Rejected counts every one).
const rejectionLogEvery = time.Minute

// rejectionLog counts refused webhook requests between two log lines.
type rejectionLog struct {
	mu      sync.Mutex
	last    time.Time // of the last line
	pending int64     // refused since
}

// count records one refused request at now and returns how many to report
// in a log line now (this one and those since the last line), or 0 when
// the last line is less than rejectionLogEvery ago.
func (l *rejectionLog) count(now time.Time) int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pending++
	if !l.last.IsZero() && now.Sub(l.last) < rejectionLogEvery {
		return 0
	}
	n := l.pending
	l.last, l.pending = now, 0
	return n
}

// webhookKey marks the context of an update delivered by webhook: the
// value is its *webhookCall.
type webhookKey struct{}

// webhookCall is an update whose webhook request waits for the outcome.
// The request's answer may carry one Bot API call, which saves a request
// of its own; Telegram reports nothing of how that call went, so only the
// answer to a callback query, which nobody else depends on, goes there.
type webhookCall struct {
	done    chan error      // gets the outcome
	answer  *callbackAnswer // set by the worker before done, when not nil
	release func()          // when not nil, called once the update is done with
}

// finish reports the outcome of the update: it is no longer in flight.
func (h *webhookCall) finish(err error) {
	if h.release != nil {
		h.release()
	}
	h.done <- err
}

// callbackAnswer is answerCallbackQuery as the answer to a webhook request.
type callbackAnswer struct {
	Method          string `json:"method"`
	CallbackQueryID string `json:"callback_query_id"`
	Text            string `json:"text,omitempty"`
}

type job struct {
	upd  *models.Update
	hook *webhookCall // nil: nobody waits (long polling)
}

// route is the bot's default handler: it queues the update with the worker
// that owns its chat.
func (b *Bot) route(ctx context.Context, _ *bot.Bot, upd *models.Update) {
	hook, _ := ctx.Value(webhookKey{}).(*webhookCall)
	key, ok := routingKey(upd)
	if !ok {
		if hook != nil {
			hook.finish(nil)
		}
		return
	}
	if err := b.enqueue(ctx, key, job{upd: upd, hook: hook}); err != nil {
		b.log.WarnContext(ctx, "telegram: update not queued", "update_id", upd.ID, "error", err)
		if hook != nil {
			hook.finish(err)
		}
	}
}

func (b *Bot) enqueue(ctx context.Context, key int64, j job) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return ErrClosed
	}
	sh := b.shards[shardIndex(key, len(b.shards))]
	select {
	case sh.jobs <- j:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func shardIndex(key int64, n int) int {
	h := uint64(key) * 0x9E3779B97F4A7C15
	return int((h >> 32) % uint64(n))
}

// routingKey is the chat an update belongs to; inline queries belong to
// their user. An update without a chat (or with chat id 0, which no chat
// has) belongs to none: it is answered 200 and ignored, so that Telegram
// does not deliver it again and no session is kept for chat 0.
func routingKey(upd *models.Update) (int64, bool) {
	key, ok := chatOf(upd)
	return key, ok && key != 0
}

func chatOf(upd *models.Update) (int64, bool) {
	switch {
	case upd.Message != nil:
		return upd.Message.Chat.ID, true
	case upd.CallbackQuery != nil:
		cq := upd.CallbackQuery
		if m := cq.Message.Message; m != nil {
			return m.Chat.ID, true
		}
		if m := cq.Message.InaccessibleMessage; m != nil && m.Chat.ID != 0 {
			return m.Chat.ID, true
		}
		return cq.From.ID, true
	case upd.InlineQuery != nil && upd.InlineQuery.From != nil:
		return upd.InlineQuery.From.ID, true
	}
	return 0, false
}

func (b *Bot) runShard(sh *shard) {
	defer b.wg.Done()
	sweep := time.NewTicker(time.Minute)
	defer sweep.Stop()
	for {
		select {
		case j, ok := <-sh.jobs:
			if !ok {
				return
			}
			err := b.process(sh, j)
			if j.hook != nil {
				j.hook.finish(err)
			}
		case now := <-sweep.C:
			sh.sweep(now)
		}
	}
}

// process handles one update in the worker that owns its chat. It returns
// an error only when the update should be delivered again.
func (b *Bot) process(sh *shard, j job) (err error) {
	ctx, upd := b.work, j.upd
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			b.stats.panics.Add(1)
			b.log.ErrorContext(ctx, "telegram: panic while handling an update",
				"update_id", upd.ID, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			b.apologize(ctx, sh, upd)
			err = nil
		}
		if err != nil {
			b.stats.failed.Add(1)
			b.log.ErrorContext(ctx, "telegram: update failed", "update_id", upd.ID, "error", b.redact(err))
			return
		}
		b.stats.handled.Add(1)
		b.log.DebugContext(ctx, "telegram: update handled", "update_id", upd.ID, "took", time.Since(start))
	}()
	switch {
	case upd.Message != nil:
		return b.onMessage(ctx, sh, upd)
	case upd.CallbackQuery != nil:
		return b.onCallback(ctx, sh, upd, j.hook)
	case upd.InlineQuery != nil:
		return b.onInlineQuery(ctx, upd)
	}
	return nil
}

// apologize tells the user of upd that something went wrong; it never
// panics.
func (b *Bot) apologize(ctx context.Context, sh *shard, upd *models.Update) {
	defer func() {
		if r := recover(); r != nil {
			b.log.ErrorContext(ctx, "telegram: panic while apologizing", "update_id", upd.ID, "panic", fmt.Sprint(r))
		}
	}()
	var chat int64
	var lang string
	switch {
	case upd.Message != nil:
		chat = upd.Message.Chat.ID
		if upd.Message.From != nil {
			lang = upd.Message.From.LanguageCode
		}
	case upd.CallbackQuery != nil:
		chat, _ = routingKey(upd)
		lang = upd.CallbackQuery.From.LanguageCode
	default:
		return
	}
	if err := b.sendApology(ctx, sh.chat(chat), chat, lang); err != nil {
		b.log.ErrorContext(ctx, "telegram: apology not sent", "update_id", upd.ID, "error", b.redact(err))
	}
}
