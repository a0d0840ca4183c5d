package e2e_test

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// TestReplicaKilledWhileRepliesWait kills a replica (SIGKILL) while the
// replies of turns it has saved wait for the chat's pacing (one message a
// second after a burst of three): they were saved with the turn, so when
// Telegram delivers the updates again, to the other replica, it sends
// them, once (issue 13, case 1).
func TestReplicaKilledWhileRepliesWait(t *testing.T) {
	c := newCluster(t)
	a := c.startArgs([]string{"--workers", "16"})
	b := c.start()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	want := c.reference(ctx)

	chats := chatIDs(8000, 10)
	var d delivery
	users := map[int64]*telegramtest.Chat{}
	for _, chat := range chats {
		users[chat] = c.api.Private(chat, "de")
	}
	// Three steps use up each chat's burst at replica a.
	var wg sync.WaitGroup
	for _, chat := range chats {
		wg.Go(func() {
			for _, text := range script[:3] {
				if err := c.send(ctx, &d, c.update(users[chat].Text(text)), func(int) *replica { return a }); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	before := map[int64]int{}
	for _, chat := range chats {
		before[chat] = len(c.transcript(chat))
	}
	// The fourth step's reply waits for pacing when a is killed.
	for _, chat := range chats {
		wg.Go(func() {
			upd := c.update(users[chat].Text(script[3]))
			err := c.send(ctx, &d, upd, func(attempt int) *replica {
				if attempt == 0 {
					return a
				}
				return b
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	a.kill()
	waiting := 0
	for _, chat := range chats {
		if len(c.transcript(chat)) == before[chat] {
			waiting++
		}
	}
	if waiting == 0 {
		t.Fatal("no reply was waiting for pacing when the replica was killed; the test needs some")
	}
	t.Logf("%d of %d chats had their reply waiting when the replica was killed", waiting, len(chats))
	wg.Wait()
	for _, chat := range chats {
		for _, text := range script[4:] {
			if err := c.send(ctx, &d, c.update(users[chat].Text(text)), func(int) *replica { return b }); err != nil {
				t.Fatal(err)
			}
		}
	}
	c.checkChats(ctx, chats, want)
}

// TestUnknownOutcomeRepeatsOnce: the connection to the Bot API breaks
// after Telegram accepted a message, and again when it is sent at the
// redelivery: the user gets it twice (a duplicate is better than a lost
// answer) but not a third time, and the chat goes on (issue 13, case 4).
func TestUnknownOutcomeRepeatsOnce(t *testing.T) {
	c := newCluster(t)
	r := c.start()
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	want := c.reference(ctx)

	var d delivery
	user := c.api.Private(8100, "de")
	for step, text := range script {
		if step == 1 {
			c.api.Cut("sendMessage", 2)
		}
		if err := c.send(ctx, &d, c.update(user.Text(text)), func(int) *replica { return r }); err != nil {
			t.Fatal(err)
		}
	}
	got := c.waitTranscript(ctx, 8100, len(want)+1)
	// The answer to step 1 twice, everything else once.
	expect := append(append(append([]string{}, want[:2]...), want[1]), want[2:]...)
	if len(got) != len(expect) {
		t.Fatalf("got %d messages, want %d (one repeat):\n%s", len(got), len(expect), diff(got, expect))
	}
	for i := range got {
		if got[i] != expect[i] {
			t.Fatalf("got:\n%s", diff(got, expect))
		}
	}
	if n := d.failures.Load(); n != 1 {
		t.Errorf("%d deliveries failed, want 1: the one whose message had an unknown outcome", n)
	}
}

// TestReplicaKilledWhileSending kills the replica whose message is on its
// way (Telegram has accepted it, its answer is held) and then, in the
// same state, the replica that took the chat over: the user gets the
// message twice, never three times; the takeover counts the repeat, the
// next one the message it dropped, and the chat goes on (issue 13, case
// 4, for a killed replica).
func TestReplicaKilledWhileSending(t *testing.T) {
	const chat = 8200
	var holds atomic.Int32 // sendMessage calls to chat still to hold
	held := make(chan struct{})
	release := make(chan struct{})
	c := newClusterAPI(t, []telegramtest.Option{telegramtest.OnCall(func(call telegramtest.Call) {
		if call.Method == "sendMessage" && call.Chat == chat && holds.Add(-1) >= 0 {
			held <- struct{}{}
			<-release
		}
	})})
	a, b, last := c.start(), c.start(), c.start()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	want := c.reference(ctx)

	replicas := []*replica{a, b, last}
	firstAlive := func(int) *replica {
		for _, r := range replicas {
			if r.alive() {
				return r
			}
		}
		return last
	}
	holds.Store(2)
	user := c.api.Private(chat, "de")
	var d delivery
	delivered := make(chan error, 1)
	go func() { delivered <- c.send(ctx, &d, c.update(user.Text(script[0])), firstAlive) }()
	var killed time.Time
	for _, r := range []*replica{a, b} {
		select {
		case <-held:
		case <-ctx.Done():
			t.Fatalf("no message of chat %d was sent by %s", chat, r.name)
		}
		if !killed.IsZero() {
			t.Logf("%s sent the message again %v after the replica before was killed", r.name, time.Since(killed).Round(100*time.Millisecond))
		}
		r.kill()
		killed = time.Now()
		release <- struct{}{}
	}
	if err := <-delivered; err != nil {
		t.Fatal(err)
	}
	for _, text := range script[1:] {
		if err := c.send(ctx, &d, c.update(user.Text(text)), firstAlive); err != nil {
			t.Fatal(err)
		}
	}
	got := c.waitTranscript(ctx, chat, len(want)+1)
	expect := append([]string{want[0]}, want...)
	if !slices.Equal(got, expect) {
		t.Errorf("got %d messages, want %d (the first twice):\n%s", len(got), len(expect), diff(got, expect))
	}
	if n := scrape(t, last, "lotse_telegram_unknown_twice_total"); n != 1 {
		t.Errorf("%s: lotse_telegram_unknown_twice_total %v, want 1: the message it did not send a third time", last.name, n)
	}
}
