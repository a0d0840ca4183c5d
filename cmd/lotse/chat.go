package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/console"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/internal/serve"
	"github.com/lotse-de/lotse/store/memory"
	redisstore "github.com/lotse-de/lotse/store/redis"
)

// cmdChat talks to the bot in the terminal: lotse chat [--lang de|en] [--store memory|redis].
func cmdChat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "de", "language to start in: a code of locales/languages.toml")
	storeKind := fs.String("store", "memory", "where the session lives: memory, or redis (REDIS_URL, default redis://127.0.0.1:6379/0)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkLang("chat", *lang); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var store dialog.Store
	switch *storeKind {
	case "memory":
		store = memory.New()
	case "redis":
		client, err := serve.RedisClient(ctx, os.Getenv("REDIS_URL"))
		if err != nil {
			return err
		}
		defer client.Close()
		store = redisstore.New(client)
	default:
		return errors.New("chat: --store must be memory or redis")
	}
	parts, err := app.Load()
	if err != nil {
		return err
	}
	engine, err := parts.Engine(store, app.Options{Log: log})
	if err != nil {
		return err
	}
	return console.New(engine, log, stdout, *lang, !isTerminal(stdin)).Run(ctx, stdin)
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
