package e2e_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// TestUpdateWithoutChatIsIgnored: an update without a chat, or with chat
// id 0, is answered 200 at the first delivery and leaves nothing in Redis
// (issue 13, case 3).
func TestUpdateWithoutChatIsIgnored(t *testing.T) {
	c := newCluster(t)
	r := c.start()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	zero := c.api.Private(0, "de").Text("Hallo")
	zero.Message.From = &models.User{ID: 0, LanguageCode: "de"}
	empty := models.Update{} // no message, no callback, no inline query
	for _, upd := range []models.Update{c.update(zero), c.update(empty)} {
		if got := c.post(ctx, r, upd); got != http.StatusOK {
			t.Errorf("update %d: got status %d, want 200 at once", upd.ID, got)
		}
	}
	if keys := c.redis.Do("--scan", "--pattern", "*"); keys != "" {
		t.Errorf("Redis keys after updates without a chat: %q, want none", keys)
	}
	if calls := c.api.Calls("sendMessage"); len(calls) != 0 {
		t.Errorf("got %d messages sent, want none", len(calls))
	}
}

// TestPermanentRefusalDropsTheReply: when the Bot API refuses a reply for
// good (403 "bot was blocked by the user", 400 "chat not found", 400
// "message is too long"), the webhook answers 200 at the first delivery,
// the reply is not kept, and no redelivery sends it again (issue 13,
// case 2). The chat works again as soon as the Bot API accepts messages.
func TestPermanentRefusalDropsTheReply(t *testing.T) {
	c := newCluster(t)
	r := c.start()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	for i, f := range []telegramtest.Failure{
		{Status: http.StatusForbidden, Description: "Forbidden: bot was blocked by the user"},
		{Status: http.StatusBadRequest, Description: "Bad Request: chat not found"},
		{Status: http.StatusBadRequest, Description: "Bad Request: message is too long"},
	} {
		chat := int64(5000 + i)
		user := c.api.Private(chat, "de")
		c.api.Fail("sendMessage", f)
		upd := c.update(user.Text("/start"))
		if got := c.post(ctx, r, upd); got != http.StatusOK {
			t.Fatalf("%s: got status %d, want 200 so that Telegram stops delivering", f.Description, got)
		}
		// Telegram may deliver the update again anyway (it did not see the
		// 200): nothing is sent for it.
		if got := c.post(ctx, r, upd); got != http.StatusOK {
			t.Fatalf("%s, second delivery: got status %d, want 200", f.Description, got)
		}
		if n := len(c.api.Messages(chat)); n != 0 {
			t.Errorf("%s: %d messages arrived, want none", f.Description, n)
		}
		if keys := c.redis.Do("--scan", "--pattern", "*outbox*"); keys != "" {
			t.Errorf("%s: outbox keys %q, want none", f.Description, keys)
		}
		// The user writes again (unblocked the bot): the answer arrives.
		if got := c.post(ctx, r, c.update(user.Text("/help"))); got != http.StatusOK {
			t.Fatalf("%s, next message: got status %d, want 200", f.Description, got)
		}
		if n := len(c.api.Messages(chat)); n != 1 {
			t.Errorf("%s, next message: %d messages arrived, want 1", f.Description, n)
		}
	}
	var sends int
	for _, call := range c.api.Calls("sendMessage") {
		if call.Status == http.StatusForbidden || call.Status == http.StatusBadRequest {
			sends++
		}
	}
	if sends != 3 {
		t.Errorf("got %d refused sendMessage calls, want 3: one per refusal, never repeated", sends)
	}
	if n := strings.Count(r.log.String(), "replies dropped, the Bot API refused them"); n != 3 {
		t.Errorf("logged %d drops, want 3 (one per refused turn)", n)
	}
}

// TestOneApologyPerUpdate: while Redis is down, Telegram delivers the same
// update again and again; the user gets one apology for it, not one per
// delivery, and the answer once Redis is back (issue 13, case 5).
func TestOneApologyPerUpdate(t *testing.T) {
	c := newCluster(t)
	r := c.start()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	user := c.api.Private(7000, "de")
	if got := c.post(ctx, r, c.update(user.Text("/start"))); got != http.StatusOK {
		t.Fatalf("/start: got %d, want 200", got)
	}
	c.redis.Stop()
	upd := c.update(user.Text("/help"))
	failed := 0
	for deadline := time.Now().Add(40 * time.Second); failed < 5 && time.Now().Before(deadline); {
		if c.post(ctx, r, upd) != http.StatusOK {
			failed++
		}
		time.Sleep(300 * time.Millisecond)
	}
	c.redis.Start()
	var d delivery
	if err := c.send(ctx, &d, upd, func(int) *replica { return r }); err != nil {
		t.Fatal(err)
	}
	if failed < 5 {
		t.Fatalf("only %d deliveries failed while Redis was down; the test needs several", failed)
	}
	if n := c.apologyCount(7000); n != 1 {
		t.Errorf("%d deliveries failed during the outage; got %d apologies, want 1", failed, n)
	}
	msgs := c.api.Messages(7000)
	if len(msgs) == 0 || c.apologyCount(7000) == len(msgs) {
		t.Errorf("no answer after Redis came back")
	}
}
