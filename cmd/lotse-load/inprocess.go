package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/internal/serve"
	"github.com/lotse-de/lotse/store/memory"
	redisstore "github.com/lotse-de/lotse/store/redis"
	"github.com/lotse-de/lotse/telegram"
	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// benchBot says how the in-process bot is built.
type benchBot struct {
	store        string // "redis" or "memory"
	workers      int
	sessionCache int
	// asServe wires it as serve does: rate limit, metrics and logs of
	// serve.Production, configured by the environment as serve's are, with
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
		return nil, fmt.Errorf("in-process bot: %w", err)
	}
	var deps telegram.Deps
	var release func()
	if opts.asServe {
		deps, release, err = serveLikeDeps(ctx, parts, opts)
	} else {
		deps, release, err = benchDeps(ctx, parts, opts, log)
	}
	if err != nil {
		return nil, fmt.Errorf("in-process bot: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		release()
		return nil, fmt.Errorf("in-process bot: %w", err)
	}
	cfg := telegram.Config{
		Token:         srv.Token(),
		APIURL:        srv.URL(),
		WebhookURL:    "http://" + ln.Addr().String() + "/telegram",
		WebhookSecret: "bench-secret",
		Workers:       opts.workers,
		Unpaced:       true, // the fake API has no limits; pacing would measure the limiter
		PollTimeout:   serve.PollTimeout,
	}
	bctx, cancel := context.WithCancel(ctx)
	bot, err := telegram.New(bctx, cfg, deps)
	if err != nil {
		cancel()
		ln.Close()
		release()
		return nil, fmt.Errorf("in-process bot: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- bot.RunWebhook(bctx, ln) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			log.Error("in-process bot", "error", err)
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
		client, err := serve.RedisClient(ctx, os.Getenv("REDIS_URL"))
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
	return serve.BotDeps(parts, engine, store, log), release, nil
}

// serveLikeDeps builds the bot as serve does (see benchBot.asServe).
func serveLikeDeps(ctx context.Context, parts *app.Parts, opts benchBot) (telegram.Deps, func(), error) {
	redisURL := ""
	switch opts.store {
	case "memory":
	case "redis":
		redisURL = cmp.Or(os.Getenv("REDIS_URL"), serve.DefaultRedisURL)
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
	prod, err := serve.NewProduction(ctx, getenv, opts.stderr)
	if err != nil {
		return telegram.Deps{}, nil, err
	}
	deps, err := serve.Deps(ctx, parts, prod, opts.workers, true)
	if err != nil {
		prod.Close()
		return telegram.Deps{}, nil, err
	}
	return deps, prod.Close, nil
}
