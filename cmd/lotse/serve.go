package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"time"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/telegram"
)

// cmdServe runs the Telegram bot. It is configured by the environment:
//
//	TELEGRAM_TOKEN   the bot token (required)
//	TELEGRAM_API_URL the Bot API server, default https://api.telegram.org
//	WEBHOOK_URL      webhook mode: the public URL Telegram posts updates to;
//	                 without it the bot uses long polling
//	WEBHOOK_LISTEN   the address the webhook server listens on, default :8080
//	WEBHOOK_SECRET   the secret Telegram sends with each update (required
//	                 in webhook mode; 1–256 of A–Z a–z 0–9 _ -)
//
// and by those of production (production.go): REDIS_URL, SESSION_TTL,
// RATE_LIMIT, RATE_WINDOW, METRICS_LISTEN, LOG_HASH_KEY, LOG_LEVEL,
// ACTIVE_WINDOW.
func cmdServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	workers := fs.Int("workers", 64, "chats handled in parallel")
	unpaced := fs.Bool("unpaced", false, "do not pace messages (only for load tests against lotse bench's fake API)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file until the bot stops")
	if err := fs.Parse(args); err != nil {
		return err
	}
	tuneGC(os.Getenv)
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer stopProfile()
	cfg := telegram.Config{
		Token:         os.Getenv("TELEGRAM_TOKEN"),
		APIURL:        os.Getenv("TELEGRAM_API_URL"),
		WebhookURL:    os.Getenv("WEBHOOK_URL"),
		WebhookListen: os.Getenv("WEBHOOK_LISTEN"),
		WebhookSecret: os.Getenv("WEBHOOK_SECRET"),
		Workers:       *workers,
		Unpaced:       *unpaced,
		PollTimeout:   pollTimeout,
	}
	if cfg.Token == "" {
		return fmt.Errorf("serve: TELEGRAM_TOKEN is not set")
	}
	prod, err := newProduction(ctx, os.Getenv, stderr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer prod.Close()
	parts, err := app.Load()
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	deps, err := serveDeps(ctx, parts, prod, *workers, cfg.WebhookURL != "")
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	bot, err := telegram.New(ctx, cfg, deps)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	prod.Metrics.BotCounters(
		func() int64 { return bot.Stats().Rejected },
		func() int64 { return bot.Stats().Refused },
		func() int64 { return bot.Stats().Shed })
	return bot.Run(ctx)
}

// defaultMemoryLimit is the Go runtime's soft memory limit for serve when
// GOMEMLIMIT is not set: it keeps a replica under 100 MB with 100,000
// chats touched.
const defaultMemoryLimit = 80 << 20

// defaultGCPercent is serve's GOGC when it is not set. About 20 MB of the
// heap are data that live as long as the process (places, catalog, search
// index) and every collection marks them again; at Go's default of 100 a
// replica under load collects every 20 MB of garbage and spends a tenth of
// its CPU on that. At 400 it collects when the heap nears the memory limit
// instead, a third as often.
const defaultGCPercent = 400

// tuneGC sets serve's garbage collector: defaultMemoryLimit and
// defaultGCPercent unless the environment sets GOMEMLIMIT or GOGC.
func tuneGC(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	if getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
}

// pollTimeout is how long a getUpdates request waits for updates.
const pollTimeout = 50 * time.Second

// botDeps wires the app's parts, the handler of turns and the store into
// the Telegram channel.
// serveDeps wires the bot as serve runs it: the engine on prod's store
// behind prod's rate limit, metrics and logs, with prod's metrics served.
func serveDeps(ctx context.Context, parts *app.Parts, prod *production, workers int, webhook bool) (telegram.Deps, error) {
	engine, err := parts.Engine(prod.Store, app.Options{Log: prod.Log})
	if err != nil {
		return telegram.Deps{}, err
	}
	if err := prod.Serve(ctx, webhook); err != nil {
		return telegram.Deps{}, err
	}
	deps := botDeps(parts, prod.Handler(parts, engine), prod.Store, prod.Log)
	deps.HTTPClient = prod.HTTPClient(workers, pollTimeout)
	return deps, nil
}

func botDeps(parts *app.Parts, h telegram.Handler, store dialog.Store, log *slog.Logger) telegram.Deps {
	outbox, _ := store.(telegram.Outbox) // both stores keep a turn's replies until they are sent
	return telegram.Deps{
		Handler: h,
		Texts: telegram.LocalizerFunc(func(lang, id string) string {
			return parts.Messages.T(parts.Messages.Match(lang), id, nil)
		}),
		Services: serviceFinder{parts},
		Outbox:   outbox,
		Logger:   log,
	}
}

// serviceFinder answers inline queries from the search index.
type serviceFinder struct{ p *app.Parts }

func (f serviceFinder) FindServices(_ context.Context, query, lang string, limit int) []telegram.Article {
	lang = f.p.Messages.Match(lang)
	hits := f.p.Index.Search(query, lang, limit)
	out := make([]telegram.Article, 0, len(hits))
	now, write := time.Now(), dialog.ValueWriter(f.p.Messages, lang)
	for _, h := range hits {
		summary := f.p.Catalog.Expand(h.Service.Summary.In(lang), now, write)
		out = append(out, telegram.Article{ID: h.Service.ID, Title: h.Service.Name.In(lang), Description: summary})
	}
	return out
}
