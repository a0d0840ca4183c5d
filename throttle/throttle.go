package throttle

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/logs"
)

// Limiter counts a chat's updates; Excess reports by how many the chat is
// over its limit in the current window (0: within it) and how long the
// window still lasts.
type Limiter interface {
	Excess(ctx context.Context, chat int64) (over int, left time.Duration, err error)
}

// Handler answers one input; *dialog.Engine implements it.
type Handler interface {
	Handle(ctx context.Context, in dialog.Input) ([]dialog.Reply, error)
}

// Guard passes inputs within the limit on to Next.
type Guard struct {
	Next    Handler
	Limiter Limiter
	// Note is the reply to the first input over the limit, in the language
	// of the channel's hint.
	Note func(langHint string) []dialog.Reply
	// OnLimited, when set, is called for every input refused.
	OnLimited func(ctx context.Context)
	Log       *slog.Logger // default slog.Default()

	mu    sync.Mutex
	quiet map[int64]time.Time // chats over their limit, until their window ends
}

// maxQuiet bounds the chats a Guard remembers as over their limit.
const maxQuiet = 10_000

// Quiet reports whether chat is over its limit for the rest of its
// window, as the limiter said when the Guard refused an update of it:
// until the window ends, an update of chat gets no answer, so a channel
// may drop it at once, without handing it to the Guard.
func (g *Guard) Quiet(chat int64) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	until, ok := g.quiet[chat]
	if ok && !time.Now().Before(until) {
		delete(g.quiet, chat)
		return false
	}
	return ok
}

// hush remembers chat as over its limit for left.
func (g *Guard) hush(chat int64, left time.Duration) {
	now := time.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.quiet == nil {
		g.quiet = map[int64]time.Time{}
	}
	if len(g.quiet) >= maxQuiet {
		for c, until := range g.quiet {
			if !now.Before(until) {
				delete(g.quiet, c)
			}
		}
		if len(g.quiet) >= maxQuiet {
			return // a flood of many chats: they are refused by the limiter
		}
	}
	g.quiet[chat] = now.Add(left)
}

// Handle counts the input of in.Chat and hands it to Next when the chat is
// within its limit. When the limiter fails the input goes through: a rate
// limit is no reason to leave a user without an answer.
func (g *Guard) Handle(ctx context.Context, in dialog.Input) ([]dialog.Reply, error) {
	over, left, err := g.Limiter.Excess(ctx, in.Chat)
	if err != nil {
		g.log().WarnContext(ctx, "throttle: limiter failed, letting the update through", logs.ChatKey, in.Chat, "update_id", in.UpdateID, "error", err)
		return g.Next.Handle(ctx, in)
	}
	if over == 0 {
		return g.Next.Handle(ctx, in)
	}
	g.hush(in.Chat, left)
	if g.OnLimited != nil {
		g.OnLimited(ctx)
	}
	if over == 1 {
		g.log().InfoContext(ctx, "throttle: chat over its limit", logs.ChatKey, in.Chat, "update_id", in.UpdateID)
		return g.Note(in.LangHint), nil
	}
	return nil, nil
}

func (g *Guard) log() *slog.Logger {
	if g.Log != nil {
		return g.Log
	}
	return slog.Default()
}
