package e2e_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// TestOneChatFloodingHoldsFewConnections floods one chat while its replies
// cannot go out (the fake Bot API holds every sendMessage to it): at most
// three of its updates (telegram.Config.ChatInFlight) may wait for their
// turn; every other one is answered 200 at once, so the chat holds no more
// of the connections that Telegram shares among all chats, and another
// chat is answered while the flood's replies are still held.
func TestOneChatFloodingHoldsFewConnections(t *testing.T) {
	const (
		workers  = 16
		inFlight = 3 // telegram's default ChatInFlight
		flood    = 40
	)
	floodChat := int64(5000)
	otherChat := floodChat + 1
	for shardOf(otherChat, workers) == shardOf(floodChat, workers) {
		otherChat++ // one worker handles a chat's updates in order: another chat of its worker waits
	}
	held := make(chan struct{})
	c := newClusterAPI(t, []telegramtest.Option{telegramtest.OnCall(func(call telegramtest.Call) {
		if call.Method == "sendMessage" && call.Chat == floodChat {
			<-held
		}
	})})
	var release sync.Once
	open := func() { release.Do(func() { close(held) }) }
	t.Cleanup(open)
	r := c.start()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	user := c.api.Private(floodChat, "de")
	var wg sync.WaitGroup
	var answered, others atomic.Int64
	wg.Go(func() { c.post(ctx, r, c.update(user.Text("/start"))) })
	waitFor(t, "the flooding chat's first reply to be held", 15*time.Second, func() bool {
		return len(c.api.Messages(floodChat)) > 0
	})
	for range flood {
		upd := c.update(user.Text("/help"))
		wg.Go(func() {
			switch c.post(ctx, r, upd) {
			case http.StatusOK:
				answered.Add(1)
			default:
				others.Add(1)
			}
		})
	}
	// One update is in hand, two wait; the rest are answered at once.
	want := int64(flood - (inFlight - 1))
	waitFor(t, "the flood's updates over the cap to be answered", 20*time.Second, func() bool {
		return answered.Load() >= want
	})
	other := c.api.Private(otherChat, "de")
	wg.Go(func() { c.post(ctx, r, c.update(other.Text("/start"))) })
	waitFor(t, "the other chat's reply while the flood's are held", 15*time.Second, func() bool {
		return len(c.api.Messages(otherChat)) > 0
	})
	if got := answered.Load(); got != want {
		t.Errorf("got %d flood updates answered while the chat's replies were held, want %d (all but %d)", got, want, inFlight)
	}
	if got := scrape(t, r, "lotse_webhook_shed_total"); got != float64(want) {
		t.Errorf("lotse_webhook_shed_total: got %v, want %d", got, want)
	}

	open()
	wg.Wait()
	if n := others.Load(); n != 0 {
		t.Errorf("%d flood updates were not answered 200", n)
	}
	if got := answered.Load(); got != flood {
		t.Errorf("got %d flood updates answered 200 in the end, want %d", got, flood)
	}
}

// shardOf is the worker of a chat, as telegram's shardIndex computes it.
func shardOf(chat int64, workers int) int {
	h := uint64(chat) * 0x9E3779B97F4A7C15
	return int((h >> 32) % uint64(workers))
}

// TestChatOverItsRateLimitIsAnsweredAtOnce: a chat over its rate limit
// (RATE_LIMIT=3) gets one note; while that note cannot go out (the fake
// Bot API holds it), its next updates are answered 200 at once and
// dropped (lotse_webhook_shed_total), not queued behind the held note:
// updates that would get no answer hold no connection (issue 13, case 6).
func TestChatOverItsRateLimitIsAnsweredAtOnce(t *testing.T) {
	const chat = 5100
	var sent atomic.Int32
	held := make(chan struct{})
	var release sync.Once
	open := func() { release.Do(func() { close(held) }) }
	c := newClusterAPI(t, []telegramtest.Option{telegramtest.OnCall(func(call telegramtest.Call) {
		if call.Method == "sendMessage" && call.Chat == chat && sent.Add(1) == 4 {
			<-held // the note, the reply to the fourth update
		}
	})})
	t.Cleanup(open)
	r := c.start("RATE_LIMIT=3", "RATE_WINDOW=1m")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	user := c.api.Private(chat, "de")
	for i := range 3 {
		if status := c.post(ctx, r, c.update(user.Text("/help"))); status != http.StatusOK {
			t.Fatalf("update %d within the limit: status %d", i+1, status)
		}
	}
	noted := make(chan int, 1)
	go func() { noted <- c.post(ctx, r, c.update(user.Text("/help"))) }()
	waitFor(t, "the note to be held", 15*time.Second, func() bool { return sent.Load() >= 4 })
	const more = 5
	for i := range more {
		answered := make(chan int, 1)
		go func() { answered <- c.post(ctx, r, c.update(user.Text("/help"))) }()
		select {
		case status := <-answered:
			if status != http.StatusOK {
				t.Fatalf("update %d over the limit: status %d, want 200", i+5, status)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("update %d over the limit is not answered while the note is held: it waits behind the chat's turn", i+5)
		}
	}
	if n := scrape(t, r, "lotse_webhook_shed_total"); n != more {
		t.Errorf("lotse_webhook_shed_total %v, want %d", n, more)
	}
	open()
	if status := <-noted; status != http.StatusOK {
		t.Errorf("update with the note: status %d", status)
	}
	if got := len(c.api.Messages(chat)); got != 4 {
		t.Errorf("chat got %d messages, want 4 (three answers and the note)", got)
	}
}
