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
		// Replies with buttons are sent as messages of their own.
		var out []dialog.Reply
		for _, s := range []string{"a", "b", "c", "d"} {
			out = append(out, dialog.Reply{Blocks: []dialog.Block{{Text: s}}, Menu: "m", Choices: []dialog.Choice{{Event: s, Label: s}}})
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
	// At 10/s with a burst of 1, four messages span at least 300 ms. One
	// message's own delay in transit can shorten the span it ends, so the
	// check allows 100 ms; unpaced, the span is a few milliseconds.
	if span := calls[3].At.Sub(calls[0].At); span < 200*time.Millisecond {
		t.Fatalf("4 messages within %v, want them paced over about 300ms", span)
	}
}
