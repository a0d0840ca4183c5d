package telegram_test

import (
	"context"
	"errors"
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

// TestRepliesThatFailAreSentOnRedelivery: the engine saves the turn with
// its reply, every attempt to send the reply fails, the webhook answers
// 5xx; when Telegram delivers the update again the engine drops it as
// handled, and the reply kept with the turn goes out — once.
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
	if n := welcomes(e.srv); n != 1 {
		t.Fatalf("the welcome went out %d times, want once", n)
	}
	status, err = e.srv.Post(ctx, upd)
	if err != nil || status != http.StatusOK {
		t.Fatalf("third delivery: got %d, %v; want 200", status, err)
	}
	if n := len(e.srv.Calls("sendMessage")); n != 3 {
		t.Fatalf("after a third delivery %d sendMessage calls, want 3 (two failed, one sent)", n)
	}
}

// TestDuplicateUpdateIsAnsweredOnce: an update delivered twice is handled
// once, by the engine, which finds it in the session.
func TestDuplicateUpdateIsAnsweredOnce(t *testing.T) {
	e := start(t, setup{webhook: true})
	upd := e.srv.Private(79, "de").Text("/start")
	upd.ID = 4300
	e.turn(upd)
	e.turn(upd)
	if n := welcomes(e.srv); n != 1 {
		t.Fatalf("the welcome went out %d times, want once", n)
	}
}

func welcomes(srv *telegramtest.Server) int {
	n := 0
	for _, c := range srv.Calls("sendMessage") {
		if c.OK() && strings.Contains(c.Param("text"), "Willkommen") {
			n++
		}
	}
	return n
}

// keeping is a handler that saves a turn's replies in the outbox of a
// memory store, as the engine does with Input.Keep.
type keeping struct {
	store   *memory.Store
	replies []dialog.Reply
}

func (k keeping) Handle(ctx context.Context, in dialog.Input) ([]dialog.Reply, error) {
	s, err := k.store.Load(ctx, in.Chat)
	if err != nil && !errors.Is(err, dialog.ErrNotFound) {
		return nil, err
	}
	if s.Handled(in.UpdateID) {
		return nil, nil
	}
	s.Chat = in.Chat
	s.MarkHandled(in.UpdateID)
	if !in.Keep {
		return k.replies, k.store.Save(ctx, &s)
	}
	s.Outgoing = &dialog.Outgoing{Update: in.UpdateID, Replies: k.replies}
	return nil, k.store.Save(ctx, &s)
}

// TestFailedMessageResumesTheTurn: a reply long enough for three messages
// whose third message fails (the Bot API answers 502 to every attempt)
// stays in the outbox, marked with the two messages that went out; the
// redelivery sends the third only.
func TestFailedMessageResumesTheTurn(t *testing.T) {
	para := strings.Repeat("Wort ", 700)
	store := memory.New()
	var srv *telegramtest.Server
	var sent atomic.Int32
	failThird := telegramtest.OnCall(func(c telegramtest.Call) {
		if c.Method == "sendMessage" && c.OK() && sent.Add(1) == 2 {
			srv.Fail("sendMessage", telegramtest.Failure{Status: http.StatusBadGateway}, telegramtest.Failure{Status: http.StatusBadGateway})
		}
	})
	e := start(t, setup{webhook: true, handler: keeping{store, text(para + "\n\n" + para + "\n\n" + para)}, outbox: store,
		serverOp: []telegramtest.Option{failThird},
		config:   func(c *telegram.Config) { c.MaxAttempts = 2; c.RetryBackoff = time.Millisecond }})
	srv = e.srv
	upd := e.srv.Private(78, "de").Text("lang")
	upd.ID = 900
	if status, err := e.srv.Post(context.Background(), upd); err != nil || status != http.StatusInternalServerError {
		t.Fatalf("first delivery: got %d, %v; want 500", status, err)
	}
	kept, err := store.Claim(context.Background(), 78)
	if err != nil || len(kept) != 1 || kept[0].Sent != 2 || kept[0].Tried {
		t.Fatalf("kept for redelivery: got %+v, %v; want one turn with 2 messages sent", kept, err)
	}
	e.turn(upd)
	if got := len(e.srv.Messages(78)); got != 3 {
		t.Fatalf("after the redelivery %d messages, want 3", got)
	}
	if kept, _ := store.Claim(context.Background(), 78); len(kept) != 0 {
		t.Fatalf("outbox after the redelivery: %+v, want empty", kept)
	}
}

// TestUnknownOutcomeIsRepeatedOnce: the connection breaks after Telegram
// accepted the message (twice in a row): the redelivery sends it once
// more, and when that outcome is unknown too, the message is dropped, not
// sent a third time (issue 13, case 4).
func TestUnknownOutcomeIsRepeatedOnce(t *testing.T) {
	store := memory.New()
	e := start(t, setup{webhook: true, handler: keeping{store, text("Antwort")}, outbox: store})
	ctx := context.Background()
	upd := e.srv.Private(80, "de").Text("frage")
	upd.ID = 950
	e.srv.Cut("sendMessage", 2)
	for i, want := range []int{http.StatusInternalServerError, http.StatusOK, http.StatusOK} {
		if status, err := e.srv.Post(ctx, upd); err != nil || status != want {
			t.Fatalf("delivery %d: got %d, %v; want %d", i+1, status, err, want)
		}
	}
	var cut, answered int
	for _, c := range e.srv.Calls("sendMessage") {
		if c.Cut {
			cut++
		} else if c.OK() {
			answered++
		}
	}
	if cut != 2 || answered != 0 {
		t.Fatalf("sendMessage: %d cut off and %d answered, want 2 and 0: one repeat, not a third send", cut, answered)
	}
	if got := e.bot.Stats().UnknownTwice; got != 1 {
		t.Fatalf("Stats.UnknownTwice: got %d, want 1", got)
	}
}

// interrupting is an outbox whose first Claim reports the oldest turn as
// Interrupted (the replica sending it stopped midway), with Tried as
// tried: what a store reports after a replica was killed while it sent.
type interrupting struct {
	*memory.Store
	tried bool
	done  atomic.Bool
}

func (o *interrupting) Claim(ctx context.Context, chat int64) ([]dialog.Outgoing, error) {
	turns, err := o.Store.Claim(ctx, chat)
	if len(turns) > 0 && !o.done.Swap(true) {
		turns[0].Interrupted, turns[0].Tried = true, o.tried
	}
	return turns, err
}

// TestInterruptedSendIsRepeatedOnce: a replica took over a turn whose
// sender stopped midway. The message that was on its way is sent again
// and counted (Stats.Resent); when it had been tried before, it is
// dropped instead (Stats.UnknownTwice) and the turn goes on with the next
// message (issue 13, case 4, for a killed replica).
func TestInterruptedSendIsRepeatedOnce(t *testing.T) {
	para := strings.Repeat("Wort ", 700)
	for _, tried := range []bool{false, true} {
		box := &interrupting{Store: memory.New(), tried: tried}
		e := start(t, setup{webhook: true, handler: keeping{box.Store, text(para + "\n\n" + para)}, outbox: box})
		upd := e.srv.Private(81, "de").Text("frage")
		upd.ID = 960
		e.turn(upd)
		stats := e.bot.Stats()
		sent := len(e.srv.Messages(81))
		switch {
		case !tried && (sent != 2 || stats.Resent != 1 || stats.UnknownTwice != 0):
			t.Errorf("first interruption: %d messages, Resent %d, UnknownTwice %d; want 2, 1, 0", sent, stats.Resent, stats.UnknownTwice)
		case tried && (sent != 1 || stats.Resent != 0 || stats.UnknownTwice != 1):
			t.Errorf("interrupted after an unknown outcome: %d messages, Resent %d, UnknownTwice %d; want 1 (the second), 0, 1", sent, stats.Resent, stats.UnknownTwice)
		}
		if kept, _ := box.Store.Claim(context.Background(), 81); len(kept) != 0 {
			t.Errorf("outbox after the turn: %+v, want empty", kept)
		}
	}
}
