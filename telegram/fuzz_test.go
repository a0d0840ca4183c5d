package telegram_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/lotse-de/lotse/dialog"
)

// FuzzUpdate sends arbitrary texts and callback data, in private and group
// chats, through the webhook: every update is answered 200, nothing
// panics, and commands reach the handler well-formed.
func FuzzUpdate(f *testing.F) {
	for _, s := range []string{"/start sozialhilfe", "/help@lotse_test_bot", "@lotse_test_bot Pass", "/", "/@", "//x", "/start@", "@", "@lotse_test_bot", "/a\nb", "\xff/x", "1|main.q|yes", "1||", "1|a|b|c"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	h := &scripted{fn: func(in dialog.Input) ([]dialog.Reply, error) {
		if in.Kind == dialog.KindCommand && !validCommand(in.Command) {
			panic("malformed command " + in.Command)
		}
		return text(in.Text + in.Choice), nil
	}}
	e := start(f, setup{webhook: true, handler: h})
	f.Fuzz(func(t *testing.T, s string, group bool) {
		chat := e.srv.Private(91, "de")
		if group {
			chat = e.srv.Group(-91, 92, "en")
		}
		for i, upd := range []models.Update{chat.Text(s), chat.Callback(1, s)} {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			status, err := e.srv.Post(ctx, upd)
			cancel()
			if err != nil || status != http.StatusOK {
				t.Fatalf("update %d with %q: status %d, %v; want 200", i, s, status, err)
			}
		}
		if p := e.bot.Stats().Panics; p != 0 {
			t.Fatalf("%d panics", p)
		}
	})
}

func validCommand(c string) bool {
	if c == "" || len(c) > 32 {
		return false
	}
	for _, r := range c {
		if !(r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z')) {
			return false
		}
	}
	return true
}
