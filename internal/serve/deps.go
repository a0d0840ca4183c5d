// Package serve wires the bot as `lotse serve` runs it: the store, the
// rate limit, metrics and logs around the engine (Production), the
// Telegram adapter's dependencies (Deps) and the garbage collector's
// settings (TuneGC). The command lotse and the load tool lotse-load both
// build their bots here, so that a load test measures what production
// runs.
package serve

import (
	"context"
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/telegram"
)

// defaultMemoryLimit is the Go runtime's soft memory limit for serve when
// GOMEMLIMIT is not set. About 38 MB of the heap live as long as the
// process (six languages' catalog and search index, places, authorities);
// the limit leaves some 70 MB above them for the garbage of turns, so that
// a replica under load does not collect ever more often: at 80 MB a run
// of 2,000 turns/s took 560-615 µs of CPU per turn, at 112 MB 476 µs
// (lotse-load -serve, 5,000 chats, 2026-12-07).
const defaultMemoryLimit = 112 << 20

// defaultGCPercent is serve's GOGC when it is not set. About 38 MB of the
// heap are data that live as long as the process (places, catalog, search
// index) and every collection marks them again; at Go's default of 100 a
// replica under load collects every 20 MB of garbage and spends a tenth of
// its CPU on that. At 400 it collects when the heap nears the memory limit
// instead, a third as often.
const defaultGCPercent = 400

// TuneGC sets serve's garbage collector: defaultMemoryLimit and
// defaultGCPercent unless the environment sets GOMEMLIMIT or GOGC.
func TuneGC(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	if getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
}

// PollTimeout is how long a getUpdates request waits for updates.
const PollTimeout = 50 * time.Second

// Deps wires the bot as serve runs it: the engine on prod's store
// behind prod's rate limit, metrics and logs, with prod's metrics served.
func Deps(ctx context.Context, parts *app.Parts, prod *Production, workers int, webhook bool) (telegram.Deps, error) {
	engine, err := parts.Engine(prod.Store, app.Options{Log: prod.Log})
	if err != nil {
		return telegram.Deps{}, err
	}
	if err := prod.Serve(ctx, webhook); err != nil {
		return telegram.Deps{}, err
	}
	handler, quiet := prod.Handler(parts, engine)
	deps := BotDeps(parts, handler, prod.Store, prod.Log)
	deps.Quiet = quiet
	deps.HTTPClient = prod.HTTPClient(workers, PollTimeout)
	return deps, nil
}

// BotDeps wires the app's parts, the handler of turns and the store into
// the Telegram channel.
func BotDeps(parts *app.Parts, h telegram.Handler, store dialog.Store, log *slog.Logger) telegram.Deps {
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

// StartCPUProfile writes a CPU profile to the file at path until the
// returned stop is called; with an empty path it does nothing.
func StartCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
