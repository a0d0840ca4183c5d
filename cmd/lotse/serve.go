package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/internal/serve"
	"github.com/lotse-de/lotse/metrics"
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
// and by those of serve.Production: REDIS_URL, SESSION_TTL,
// RATE_LIMIT, RATE_WINDOW, METRICS_LISTEN, LOG_HASH_KEY, LOG_LEVEL,
// ACTIVE_WINDOW.
func cmdServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	workers := fs.Int("workers", 64, "chats handled in parallel")
	unpaced := fs.Bool("unpaced", false, "do not pace messages (only for load tests against lotse-load's fake API)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file until the bot stops")
	profiling := fs.Bool("pprof", false, "serve Go's profiles (net/http/pprof) under /debug/pprof/ on METRICS_LISTEN")
	if err := fs.Parse(args); err != nil {
		return err
	}
	serve.TuneGC(os.Getenv)
	stopProfile, err := serve.StartCPUProfile(*cpuProfile)
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
		PollTimeout:   serve.PollTimeout,
	}
	if cfg.Token == "" {
		return fmt.Errorf("serve: TELEGRAM_TOKEN is not set")
	}
	prod, err := serve.NewProduction(ctx, os.Getenv, stderr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer prod.Close()
	prod.Profiling = *profiling
	parts, err := app.Load()
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	deps, err := serve.Deps(ctx, parts, prod, *workers, cfg.WebhookURL != "")
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	bot, err := telegram.New(ctx, cfg, deps)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	prod.Metrics.BotCounters(func() metrics.BotStats {
		s := bot.Stats()
		return metrics.BotStats{Rejected: s.Rejected, Dropped: s.Refused, Shed: s.Shed, Resent: s.Resent, UnknownTwice: s.UnknownTwice}
	})
	return bot.Run(ctx)
}
