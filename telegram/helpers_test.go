package telegram_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/locales"
	"github.com/lotse-de/lotse/store/memory"
	"github.com/lotse-de/lotse/telegram"
	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// texts localizes with the real message files.
type texts struct{ b *locales.Bundle }

func (t texts) Localize(lang, id string) string { return t.b.T(t.b.Match(lang), id, nil) }

// The parts and message files are loaded once for all tests.
var (
	partsOnce  = sync.OnceValues(app.Load)
	bundleOnce = sync.OnceValues(locales.Load)
)

func loadParts(t testing.TB) *app.Parts {
	t.Helper()
	parts, err := partsOnce()
	if err != nil {
		t.Fatalf("load parts: %v", err)
	}
	return parts
}

func loadBundle(t testing.TB) *locales.Bundle {
	t.Helper()
	bundle, err := bundleOnce()
	if err != nil {
		t.Fatalf("load locales: %v", err)
	}
	return bundle
}

func msg(t testing.TB, lang, id string) string {
	t.Helper()
	return loadBundle(t).T(lang, id, nil)
}

// env is a bot running against a fake Bot API server.
type env struct {
	t       testing.TB
	srv     *telegramtest.Server
	bot     *telegram.Bot
	webhook bool
	mark    int // calls before the last turn
	cancel  context.CancelFunc
	done    chan error
}

type setup struct {
	webhook  bool
	handler  telegram.Handler // default: the real engine on a memory store
	finder   telegram.ServiceFinder
	outbox   telegram.Outbox
	config   func(*telegram.Config)
	client   *http.Client
	serverOp []telegramtest.Option
}

func start(t testing.TB, s setup) *env {
	t.Helper()
	srv := telegramtest.NewServer(append([]telegramtest.Option{telegramtest.WithMaxPoll(200 * time.Millisecond)}, s.serverOp...)...)
	t.Cleanup(srv.Close)
	if s.handler == nil {
		store := memory.New()
		engine, err := loadParts(t).Engine(store, app.Options{Log: quietLog()})
		if err != nil {
			t.Fatalf("engine: %v", err)
		}
		s.handler = engine
		if s.outbox == nil {
			s.outbox = store
		}
	}
	cfg := telegram.Config{
		Token:        srv.Token(),
		APIURL:       srv.URL(),
		Workers:      8,
		Unpaced:      true,
		RetryBackoff: 10 * time.Millisecond,
	}
	var ln net.Listener
	if s.webhook {
		var err error
		ln, err = net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		cfg.WebhookURL = "http://" + ln.Addr().String() + "/telegram/hook"
		cfg.WebhookSecret = "test-secret_42"
	}
	if s.config != nil {
		s.config(&cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b, err := telegram.New(ctx, cfg, telegram.Deps{
		Handler:    s.handler,
		Texts:      texts{loadBundle(t)},
		Services:   s.finder,
		Outbox:     s.outbox,
		Logger:     quietLog(),
		HTTPClient: s.client,
	})
	if err != nil {
		cancel()
		t.Fatalf("New: %v", err)
	}
	e := &env{t: t, srv: srv, bot: b, webhook: s.webhook, cancel: cancel, done: make(chan error, 1)}
	go func() {
		if s.webhook {
			e.done <- b.RunWebhook(ctx, ln)
		} else {
			e.done <- b.RunPolling(ctx)
		}
	}()
	t.Cleanup(e.stop)
	ready := "deleteWebhook"
	if s.webhook {
		ready = "setWebhook"
	}
	if _, err := srv.WaitCalls(e.ctx(), ready, 1); err != nil {
		t.Fatalf("bot not ready: %v", err)
	}
	return e
}

func (e *env) stop() {
	e.cancel()
	select {
	case err := <-e.done:
		if err != nil {
			e.t.Errorf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		e.t.Error("bot did not stop")
	}
}

func (e *env) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	e.t.Cleanup(cancel)
	return ctx
}

func quietLog() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// processed counts the updates the bot finished with, either way.
func (e *env) processed() int64 {
	s := e.bot.Stats()
	return s.Handled + s.Failed
}

// turn delivers an update and waits until the bot has handled it.
func (e *env) turn(upd models.Update) {
	e.t.Helper()
	e.mark = len(e.srv.Calls())
	if e.webhook {
		status, err := e.srv.Post(e.ctx(), upd)
		if err != nil || status != http.StatusOK {
			e.t.Fatalf("post update: status %d, error %v; want 200", status, err)
		}
		return
	}
	before := e.processed()
	e.srv.Inject(upd)
	ctx := e.ctx()
	for e.processed() <= before {
		select {
		case <-ctx.Done():
			e.t.Fatalf("update not handled: %v", ctx.Err())
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// tap taps a button of the chat's newest keyboard.
func (e *env) tap(c *telegramtest.Chat, label string) {
	e.t.Helper()
	upd, err := c.Tap(label)
	if err != nil {
		e.t.Fatalf("%v; buttons: %q", err, c.Buttons())
	}
	e.turn(upd)
}

// last returns the text of the bot's newest text message in chat.
func (e *env) last(chat int64) string {
	e.t.Helper()
	msgs := e.srv.Messages(chat)
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Text != "" {
			return msgs[i].Text
		}
	}
	e.t.Fatalf("chat %d: no text message", chat)
	return ""
}

// output returns the texts the bot sent or edited in the last turn.
func (e *env) output() []string {
	e.t.Helper()
	var out []string
	for _, c := range e.srv.Calls()[e.mark:] {
		if (c.Method == "sendMessage" || c.Method == "editMessageText") && c.OK() {
			plain, err := telegramtest.ParseHTML(c.Param("text"))
			if err != nil {
				e.t.Fatal(err)
			}
			out = append(out, plain)
		}
	}
	return out
}

// wantOutput fails unless a text of the last turn contains want.
func (e *env) wantOutput(want string) {
	e.t.Helper()
	out := e.output()
	for _, s := range out {
		if strings.Contains(s, want) {
			return
		}
	}
	e.t.Fatalf("last turn: got %q, want a text containing %q", out, want)
}

// scripted is a Handler that answers by a function and records inputs.
type scripted struct {
	mu     sync.Mutex
	inputs []dialog.Input
	fn     func(in dialog.Input) ([]dialog.Reply, error)
}

func (s *scripted) Handle(_ context.Context, in dialog.Input) ([]dialog.Reply, error) {
	s.mu.Lock()
	s.inputs = append(s.inputs, in)
	s.mu.Unlock()
	if s.fn == nil {
		return []dialog.Reply{{Blocks: []dialog.Block{{Text: "ok " + in.Text}}}}, nil
	}
	return s.fn(in)
}

func (s *scripted) got() []dialog.Input {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]dialog.Input(nil), s.inputs...)
}
