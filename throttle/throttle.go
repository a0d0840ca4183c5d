package throttle

import (
	"context"
	"log/slog"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/logs"
)

// Limiter counts a chat's updates; Excess reports by how many the chat is
// over its limit in the current window (0: within it).
type Limiter interface {
	Excess(ctx context.Context, chat int64) (int, error)
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
}

// Handle counts the input of in.Chat and hands it to Next when the chat is
// within its limit. When the limiter fails the input goes through: a rate
// limit is no reason to leave a user without an answer.
func (g *Guard) Handle(ctx context.Context, in dialog.Input) ([]dialog.Reply, error) {
	over, err := g.Limiter.Excess(ctx, in.Chat)
	if err != nil {
		g.log().WarnContext(ctx, "throttle: limiter failed, letting the update through", logs.ChatKey, in.Chat, "update_id", in.UpdateID, "error", err)
		return g.Next.Handle(ctx, in)
	}
	if over == 0 {
		return g.Next.Handle(ctx, in)
	}
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
