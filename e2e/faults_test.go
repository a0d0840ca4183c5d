package e2e_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// TestReplicasShareOneRedis: three replicas, every step of a chat at
// another replica, and every second update delivered twice at the same
// time to two replicas. Each chat must end exactly like the undisturbed
// one, and every key in Redis must have a TTL.
func TestReplicasShareOneRedis(t *testing.T) {
	c := newCluster(t)
	for range 3 {
		c.start()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	want := c.reference(ctx)

	chats := chatIDs(1000, 24)
	var d delivery
	var wg sync.WaitGroup
	for n, chat := range chats {
		wg.Go(func() {
			user := c.api.Private(chat, "de")
			for step, text := range script {
				upd := c.update(user.Text(text))
				first := c.replicas[(n+step)%3]
				if step%2 == 0 {
					if err := c.send(ctx, &d, upd, func(int) *replica { return first }); err != nil {
						t.Error(err)
					}
					continue
				}
				// Telegram delivers the same update twice, to two replicas
				// at once (as after a timeout): it must count once.
				second := c.replicas[(n+step+1)%3]
				var pair sync.WaitGroup
				for _, r := range []*replica{first, second} {
					pair.Go(func() {
						if err := c.send(ctx, &d, upd, func(int) *replica { return r }); err != nil {
							t.Error(err)
						}
					})
				}
				pair.Wait()
			}
		})
	}
	wg.Wait()
	c.checkChats(ctx, chats, want)
	if n := d.failures.Load(); n != 0 {
		t.Errorf("%d deliveries failed without any fault", n)
	}
	for _, chat := range append(chats, 1) {
		if n := c.apologyCount(chat); n != 0 {
			t.Errorf("chat %d got %d apologies without any fault", chat, n)
		}
	}
	// Every key has a time to live.
	keys := strings.Fields(c.redis.Do("--scan", "--pattern", "*"))
	if len(keys) < len(chats) {
		t.Fatalf("got %d keys in Redis, want at least one per chat (%d)", len(keys), len(chats))
	}
	for _, k := range keys {
		if ttl, _ := strconv.Atoi(c.redis.Do("TTL", k)); ttl <= 0 {
			t.Errorf("key %s: TTL %d, want > 0", k, ttl)
		}
	}
}

// TestRedisStoppedAndStarted stops Redis for five seconds in the middle of
// a load and starts it again: the replicas keep running and report not
// ready; a turn whose save is cut off waits for Redis to tell whether it
// took place, one that cannot load its session apologizes and fails so
// that it is delivered again; no reply is lost or doubled.
func TestRedisStoppedAndStarted(t *testing.T) {
	c := newCluster(t)
	for range 2 {
		c.start()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	// Each chat plays the script three times over.
	const rounds = 3
	want := c.referenceRounds(ctx, 1, rounds)
	chats := chatIDs(2000, 24)
	var d delivery
	var wg sync.WaitGroup
	for n, chat := range chats {
		wg.Go(func() {
			for range rounds {
				err := c.play(ctx, &d, chat, func(step, attempt int) *replica { return c.replicas[(n+step+attempt)%2] })
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	// A third of the way through the load.
	waitFor(t, "the load to get going", 20*time.Second, func() bool {
		return d.attempts.Load() >= int64(len(chats)*len(script)*rounds/3)
	})
	// Longer than go-redis waits for a connection with its retries (about
	// three seconds): shorter outages go unnoticed by the users.
	c.redis.Stop()
	stopped := d.attempts.Load()
	t.Logf("Redis stopped after %d deliveries", stopped)
	time.Sleep(5 * time.Second)
	t.Logf("Redis started after %d deliveries", d.attempts.Load())
	// Turns in flight wait for Redis to record what they sent, so the
	// outage may hold every chat's delivery: that counts too.
	if d.attempts.Load() == stopped && d.answered.Load() == d.attempts.Load() {
		t.Error("no update was delivered, nor in flight, while Redis was down")
	}
	for _, r := range c.replicas {
		if got := status(r, "/readyz"); got != http.StatusServiceUnavailable {
			t.Errorf("%s /readyz with Redis stopped: got %d, want 503", r.name, got)
		}
		if got := status(r, "/healthz"); got != http.StatusOK {
			t.Errorf("%s /healthz with Redis stopped: got %d, want 200", r.name, got)
		}
		if got := status(r, "/metrics"); got != http.StatusOK {
			t.Errorf("%s /metrics with Redis stopped: got %d, want 200", r.name, got)
		}
	}
	c.redis.Start()
	wg.Wait()

	c.checkChats(ctx, chats, want)
	apologized := 0
	for _, chat := range chats {
		apologized += c.apologyCount(chat)
	}
	for _, r := range c.replicas {
		if !r.alive() {
			t.Errorf("%s exited: %v", r.name, r.err)
		}
	}
	t.Logf("%d deliveries, %d failed, %d apologies", d.attempts.Load(), d.failures.Load(), apologized)
}

// TestReplicaKilledMidUpdate kills a replica while it is in the middle of
// turns (waiting for a Redis that does not answer); Telegram delivers the
// updates again to the other replica, which finishes the chats.
func TestReplicaKilledMidUpdate(t *testing.T) {
	c := newCluster(t)
	a, b := c.start(), c.start()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	want := c.reference(ctx)

	chats := chatIDs(3000, 8)
	var d delivery
	users := map[int64]*telegramtest.Chat{}
	for _, chat := range chats {
		users[chat] = c.api.Private(chat, "de")
		for _, text := range script[:2] {
			if err := c.send(ctx, &d, c.update(users[chat].Text(text)), func(int) *replica { return a }); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Redis holds still: replica a takes the next updates and hangs in
	// their turns; then it is killed.
	c.redis.Signal(syscall.SIGSTOP)
	var wg sync.WaitGroup
	var killedInFlight sync.Map
	for _, chat := range chats {
		wg.Go(func() {
			upd := c.update(users[chat].Text(script[2]))
			err := c.send(ctx, &d, upd, func(attempt int) *replica {
				if attempt == 0 {
					return a
				}
				killedInFlight.Store(chat, true)
				return b
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	time.Sleep(500 * time.Millisecond)
	a.kill()
	c.redis.Signal(syscall.SIGCONT)
	wg.Wait()
	for _, chat := range chats {
		if _, ok := killedInFlight.Load(chat); !ok {
			t.Errorf("chat %d: its update was not in flight at the killed replica", chat)
		}
		for _, text := range script[3:] {
			if err := c.send(ctx, &d, c.update(users[chat].Text(text)), func(int) *replica { return b }); err != nil {
				t.Fatal(err)
			}
		}
	}
	c.checkChats(ctx, chats, want)
}

// TestTelegramAnswers429And5xx: the Bot API refuses sendMessage with 429
// (retry after a second) and with 500, 502 and 503; each reply still
// arrives once.
func TestTelegramAnswers429And5xx(t *testing.T) {
	c := newCluster(t)
	r := c.start()
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	want := c.reference(ctx)

	// Up to four failures in a row: the bot tries a request five times.
	var d delivery
	user := c.api.Private(4000, "de")
	for step, text := range script {
		switch step {
		case 0:
			c.api.Fail("sendMessage",
				telegramtest.Failure{Status: http.StatusTooManyRequests, RetryAfter: 1},
				telegramtest.Failure{Status: http.StatusInternalServerError},
				telegramtest.Failure{Status: http.StatusBadGateway})
		case 2:
			c.api.Fail("sendMessage",
				telegramtest.Failure{Status: http.StatusTooManyRequests, RetryAfter: 1},
				telegramtest.Failure{Status: http.StatusServiceUnavailable})
		}
		if err := c.send(ctx, &d, c.update(user.Text(text)), func(int) *replica { return r }); err != nil {
			t.Fatal(err)
		}
	}
	c.checkChats(ctx, []int64{4000}, want)
	statuses := map[int]int{}
	for _, call := range c.api.Calls("sendMessage") {
		statuses[call.Status]++
	}
	if statuses[429] != 2 || statuses[500]+statuses[502]+statuses[503] != 3 {
		t.Errorf("sendMessage statuses %v, want two 429 and three 5xx answered", statuses)
	}
	if n := d.failures.Load(); n != 0 {
		t.Errorf("%d webhook deliveries failed; the bot should retry the Bot API itself", n)
	}
	if got := scrape(t, r, "lotse_telegram_too_many_requests_total"); got != 2 {
		t.Errorf("lotse_telegram_too_many_requests_total: got %v, want 2", got)
	}
	if got := scrape(t, r, `lotse_telegram_requests_total{method="sendMessage",outcome="server_error"}`); got != 3 {
		t.Errorf("sendMessage server errors: got %v, want 3", got)
	}
}

// TestSIGTERM: an update in flight when SIGTERM arrives is finished, no
// new one is accepted, and the process exits cleanly within the grace
// period.
func TestSIGTERM(t *testing.T) {
	c := newCluster(t)
	r := c.start()
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	want := c.reference(ctx)

	// The reply waits two seconds for the Bot API (429, retry after 2).
	c.api.Fail("sendMessage", telegramtest.Failure{Status: http.StatusTooManyRequests, RetryAfter: 2})
	user := c.api.Private(5000, "de")
	inFlight := make(chan int, 1)
	go func() { inFlight <- c.post(ctx, r, c.update(user.Text(script[0]))) }()
	waitFor(t, "the reply to meet its 429", 10*time.Second, func() bool {
		for _, call := range c.api.Calls("sendMessage") {
			if call.Status == http.StatusTooManyRequests {
				return true
			}
		}
		return false
	})
	termAt := time.Now()
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if got := c.post(ctx, r, c.update(user.Text(script[1]))); got == http.StatusOK {
		t.Error("an update sent after SIGTERM was accepted")
	}
	if got := <-inFlight; got != http.StatusOK {
		t.Errorf("the update in flight at SIGTERM: got %d, want 200", got)
	}
	const grace = 10 * time.Second
	select {
	case <-r.exited:
	case <-time.After(grace):
		t.Fatalf("still running %v after SIGTERM", grace)
	}
	if r.err != nil {
		t.Errorf("exit: %v, want status 0", r.err)
	}
	t.Logf("exited %v after SIGTERM", time.Since(termAt).Round(time.Millisecond))
	if got := c.transcript(5000); len(got) == 0 || got[0] != want[0] {
		t.Errorf("the update in flight got no reply: %q", got)
	}
}
