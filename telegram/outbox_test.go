package telegram_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/store/memory"
	"github.com/lotse-de/lotse/telegram"
	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// TestRepliesThatFailAreSentOnRedelivery: the engine saves the turn, every
// attempt to send its reply fails, the webhook answers 5xx; when Telegram
// delivers the update again the engine drops it as handled, and the kept
// reply goes out — once.
func TestRepliesThatFailAreSentOnRedelivery(t *testing.T) {
	e := start(t, setup{webhook: true, config: func(c *telegram.Config) { c.MaxAttempts = 2 }})
	ctx := context.Background()
	user := e.srv.Private(77, "de")
	upd := user.Text("/start")
	upd.ID = 4242 // the same update each time
	e.srv.Fail("sendMessage", telegramtest.Failure{Status: http.StatusBadGateway}, telegramtest.Failure{Status: http.StatusBadGateway})
	status, err := e.srv.Post(ctx, upd)
	if err != nil {
		t.Fatal(err)
	}
	if status < 500 {
		t.Fatalf("webhook answered %d to an update whose reply failed, want 5xx so that it comes again", status)
	}
	status, err = e.srv.Post(ctx, upd)
	if err != nil || status != http.StatusOK {
		t.Fatalf("redelivery: got %d, %v; want 200", status, err)
	}
	var welcomes int
	for _, c := range e.srv.Calls("sendMessage") {
		if c.Status == http.StatusOK && strings.Contains(c.Param("text"), "Willkommen") {
			welcomes++
		}
	}
	if welcomes != 1 {
		t.Fatalf("the welcome went out %d times, want once", welcomes)
	}
	status, err = e.srv.Post(ctx, upd)
	if err != nil || status != http.StatusOK {
		t.Fatalf("third delivery: got %d, %v; want 200", status, err)
	}
	if n := len(e.srv.Calls("sendMessage")); n != 3 {
		t.Fatalf("after a third delivery %d sendMessage calls, want 3 (two failed, one sent)", n)
	}
}

// TestFailedChunkKeepsItsReply: a reply long enough for three messages
// whose third message fails (the Bot API answers 502 to every attempt) is
// kept whole for the redelivery – the rest
// is counted in replies, not in the messages of one reply.
func TestFailedChunkKeepsItsReply(t *testing.T) {
	para := strings.Repeat("Wort ", 700)
	handler := &scripted{fn: func(dialog.Input) ([]dialog.Reply, error) { return text(para + "\n\n" + para + "\n\n" + para), nil }}
	store := memory.New()
	var srv *telegramtest.Server
	var sent atomic.Int32
	failThird := telegramtest.OnCall(func(c telegramtest.Call) {
		if c.Method == "sendMessage" && c.OK() && sent.Add(1) == 2 {
			srv.Fail("sendMessage", telegramtest.Failure{Status: http.StatusBadGateway}, telegramtest.Failure{Status: http.StatusBadGateway})
		}
	})
	e := start(t, setup{handler: handler, outbox: store, serverOp: []telegramtest.Option{failThird},
		config: func(c *telegram.Config) { c.MaxAttempts = 2; c.RetryBackoff = time.Millisecond }})
	srv = e.srv
	upd := e.srv.Private(78, "de").Text("lang")
	upd.ID = 900
	e.turn(upd)
	if got := e.bot.Stats().Panics; got != 0 {
		t.Fatalf("panics: got %d, want 0", got)
	}
	kept, ok, err := store.Take(context.Background(), 78, 900)
	if err != nil || !ok || len(kept) != 1 {
		t.Fatalf("kept for redelivery: got %d replies, %v, %v; want 1, true, nil", len(kept), ok, err)
	}
}
