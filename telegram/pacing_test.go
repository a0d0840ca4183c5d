package telegram_test

import (
	"testing"
	"time"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/telegram"
)

// TestPacing checks that messages to one chat keep to the per-chat rate
// once the burst is spent.
func TestPacing(t *testing.T) {
	h := &scripted{fn: func(in dialog.Input) ([]dialog.Reply, error) {
		var out []dialog.Reply
		for _, s := range []string{"a", "b", "c", "d"} {
			out = append(out, text(s)...)
		}
		return out, nil
	}}
	e := start(t, setup{handler: h, config: func(c *telegram.Config) {
		c.Unpaced = false
		c.ChatMessagesPerSecond = 10
		c.ChatBurst = 1
	}})
	e.turn(e.srv.Private(95, "de").Text("x"))
	calls := e.srv.Calls("sendMessage")
	if len(calls) != 4 {
		t.Fatalf("got %d messages, want 4", len(calls))
	}
	for i := 1; i < len(calls); i++ {
		// 100 ms apart at 10/s; allow for the timer's coarseness
		if gap := calls[i].At.Sub(calls[i-1].At); gap < 80*time.Millisecond {
			t.Fatalf("messages %d and %d only %v apart, want about 100ms", i, i+1, gap)
		}
	}
}
