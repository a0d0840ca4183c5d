package redis_test

import (
	"context"
	"errors"
	"os"
	"strconv"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/lotse-de/lotse/dialog"
	redisstore "github.com/lotse-de/lotse/store/redis"
	"github.com/lotse-de/lotse/store/storetest"
)

// client connects to REDIS_URL (default redis://127.0.0.1:6379/0). Without a
// Redis the tests skip, except under CI=true, where they fail.
func client(t testing.TB) goredis.UniversalClient {
	t.Helper()
	url := os.Getenv("REDIS_URL")
	if url == "" {
		url = "redis://127.0.0.1:6379/0"
	}
	opts, err := goredis.ParseURL(url)
	if err != nil {
		t.Fatalf("REDIS_URL: %v", err)
	}
	c := goredis.NewClient(opts)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		if os.Getenv("CI") == "true" {
			t.Fatalf("no Redis at %s under CI: %v", url, err)
		}
		t.Skipf("no Redis at %s: %v", url, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// prefix returns a key prefix of its own for one test and deletes the
// test's keys when it ends.
func prefix(t testing.TB, c goredis.UniversalClient) string {
	p := "lotsetest" + strconv.FormatInt(time.Now().UnixNano(), 36)
	t.Cleanup(func() {
		ctx := context.Background()
		keys, _ := c.Keys(ctx, p+":*").Result()
		for _, k := range keys {
			c.Del(ctx, k)
		}
	})
	return p
}

func TestConformanceWithoutSessionCache(t *testing.T) {
	c := client(t)
	storetest.Run(t, func(t *testing.T, ttl time.Duration) dialog.Store {
		return redisstore.New(c, redisstore.WithTTL(ttl), redisstore.WithPrefix(prefix(t, c)), redisstore.WithSessionCache(0))
	})
}

func TestEveryKeyHasATTL(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	p := prefix(t, c)
	st := redisstore.New(c, redisstore.WithTTL(time.Hour), redisstore.WithPrefix(p))
	s := dialog.Session{Chat: 99, State: "place", Outgoing: &dialog.Outgoing{Update: 5, Replies: []dialog.Reply{{Blocks: []dialog.Block{{Text: "hi"}}}}}}
	if err := st.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
	if _, err := redisstore.NewLimiter(c, 10, time.Minute, redisstore.WithPrefix(p)).Allow(ctx, 99); err != nil {
		t.Fatal(err)
	}
	keys, err := c.Keys(ctx, p+":*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 5 {
		t.Fatalf("keys: got %v, want a session, an outbox, a lease, a sender and a rate key", keys)
	}
	for _, k := range keys {
		if want := p + ":{c:99}:"; k[:len(want)] != want {
			t.Errorf("key %q lacks the chat's hash tag %q", k, want)
		}
		ttl, err := c.PTTL(ctx, k).Result()
		if err != nil || ttl <= 0 || ttl > time.Hour {
			t.Errorf("key %q: TTL %v (err %v), want between 0 and 1h", k, ttl, err)
		}
	}
	if err := st.Delete(ctx, 99); err != nil {
		t.Fatal(err)
	}
	if n, _ := c.Exists(ctx, keys...).Result(); n != 0 {
		t.Fatalf("after Delete %d of the chat's keys remain", n)
	}
}

func TestCorruptSessionIsAnError(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	p := prefix(t, c)
	st := redisstore.New(c, redisstore.WithPrefix(p))
	if err := c.Set(ctx, p+":{c:5}:session", "garbage", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Load(ctx, 5); err == nil {
		t.Fatal("Load of a corrupt session: got nil error")
	}
}

func TestLimiter(t *testing.T) {
	c := client(t)
	storetest.RunLimiter(t, func(t *testing.T) storetest.Limiter {
		return redisstore.NewLimiter(c, 3, 300*time.Millisecond, redisstore.WithPrefix(prefix(t, c)))
	})
}

func TestOutbox(t *testing.T) {
	c := client(t)
	s := redisstore.New(c, redisstore.WithPrefix(prefix(t, c)))
	storetest.RunOutbox(t, s, s)
}

// TestOneReplicaSendsAChat: two replicas (two Stores on one Redis) save
// turns of one chat. The one whose Save took the lease sends both turns'
// replies (Done hands it the other's); the other's Claim waits until the
// lease ends and then finds nothing left to send.
func TestOneReplicaSendsAChat(t *testing.T) {
	ctx := context.Background()
	_, _, a, b := twoReplicas(t)
	s := dialog.Session{Chat: 42, Outgoing: &dialog.Outgoing{Update: 1, Replies: reply}}
	if err := a.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
	got, err := a.Claim(ctx, 42)
	if err != nil || len(got) != 1 || got[0].Update != 1 {
		t.Fatalf("a: Claim: got %v, %v; want update 1", got, err)
	}
	loaded, err := b.Load(ctx, 42)
	if err != nil {
		t.Fatal(err)
	}
	loaded.Outgoing = &dialog.Outgoing{Update: 2, Replies: reply}
	if err := b.Save(ctx, &loaded); err != nil {
		t.Fatal(err)
	}
	claimed := make(chan []dialog.Outgoing, 1)
	go func() {
		got, err := b.Claim(ctx, 42)
		if err != nil {
			t.Errorf("b: Claim: %v", err)
		}
		claimed <- got
	}()
	time.Sleep(100 * time.Millisecond)
	select {
	case got := <-claimed:
		t.Fatalf("b: Claim while a holds the lease: got %v, want it to wait", got)
	default:
	}
	if err := b.Renew(ctx, 42); !errors.Is(err, dialog.ErrLeaseLost) {
		t.Errorf("b: Renew of a's lease: got %v, want ErrLeaseLost", err)
	}
	rest, err := a.Done(ctx, 42, []int64{1}, true)
	if err != nil || len(rest) != 1 || rest[0].Update != 2 {
		t.Fatalf("a: Done: got %v, %v; want update 2, saved meanwhile", rest, err)
	}
	if rest, err := a.Done(ctx, 42, []int64{2}, true); err != nil || len(rest) != 0 {
		t.Fatalf("a: last Done: got %v, %v; want nothing", rest, err)
	}
	if got := <-claimed; len(got) != 0 {
		t.Fatalf("b: Claim after a sent everything: got %v, want nothing", got)
	}
	loaded.Outgoing = &dialog.Outgoing{Update: 3, Replies: reply}
	if err := b.Save(ctx, &loaded); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Done(ctx, 42, []int64{3}, true); !errors.Is(err, dialog.ErrLeaseLost) {
		t.Errorf("a: Done while b holds the lease: got %v, want ErrLeaseLost", err)
	}
}

// TestClaimAfterTheSenderStopped: replica a saves a turn, claims it and
// stops without Done (it was killed while it sent); once its lease ran
// out, replica b's Claim marks the turn Interrupted, as a's message may
// have gone out. A turn that a finished, or one a released with Done,
// is not marked.
func TestClaimAfterTheSenderStopped(t *testing.T) {
	ctx := context.Background()
	_, _, a, b := twoReplicas(t)
	save := func(st *redisstore.Store, update int64) { saveTurn(t, st, 43, update) }

	save(a, 1)
	if got, err := a.Claim(ctx, 43); err != nil || len(got) != 1 || got[0].Interrupted {
		t.Fatalf("a: Claim of its own turn: got %+v, %v; want update 1, not interrupted", got, err)
	}
	save(b, 2) // a holds the lease: the turn waits for a
	start := time.Now()
	got, err := b.Claim(ctx, 43) // a never calls Done
	if err != nil || len(got) != 2 {
		t.Fatalf("b: Claim after a stopped: got %+v, %v; want updates 1 and 2", got, err)
	}
	t.Logf("b took over after %v", time.Since(start).Round(100*time.Millisecond))
	if !got[0].Interrupted || got[1].Interrupted {
		t.Errorf("b: Claim after a stopped: interrupted %v, %v; want the oldest only", got[0].Interrupted, got[1].Interrupted)
	}
	if rest, err := b.Done(ctx, 43, []int64{1, 2}, true); err != nil || len(rest) != 0 {
		t.Fatalf("b: Done: got %+v, %v", rest, err)
	}

	save(b, 3)
	if _, err := b.Claim(ctx, 43); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Done(ctx, 43, nil, false); err != nil { // a send failed for sure: released
		t.Fatal(err)
	}
	if got, err := a.Claim(ctx, 43); err != nil || len(got) != 1 || got[0].Interrupted {
		t.Fatalf("a: Claim of a turn b released: got %+v, %v; want update 3, not interrupted", got, err)
	}
}

// TestClaimLeavesALiveSenderItsReplies: replica a's lease runs out while
// it still sends (Redis was down longer than the lease, so a could not
// renew it); replica b, claiming meanwhile, does not take the replies
// over at once, and a renews its lease within takeoverGrace and
// finishes: b finds nothing to send, and nothing is sent twice.
func TestClaimLeavesALiveSenderItsReplies(t *testing.T) {
	ctx := context.Background()
	c, p, a, b := twoReplicas(t)
	saveTurn(t, a, 44, 1)
	if _, err := a.Claim(ctx, 44); err != nil {
		t.Fatal(err)
	}
	c.Del(ctx, p+":{c:44}:lease") // the lease ran out during an outage
	claimed := make(chan []dialog.Outgoing, 1)
	go func() {
		got, err := b.Claim(ctx, 44)
		if err != nil {
			t.Errorf("b: Claim: %v", err)
		}
		claimed <- got
	}()
	time.Sleep(dialog.OutboxLease / 3) // a's next renewal
	if err := a.Renew(ctx, 44); err != nil {
		t.Fatalf("a: Renew after the outage: %v, want its lease again", err)
	}
	if _, err := a.Done(ctx, 44, []int64{1}, true); err != nil {
		t.Fatalf("a: Done: %v", err)
	}
	if got := <-claimed; len(got) != 0 {
		t.Fatalf("b: Claim while a lived: got %+v, want nothing (a sent it)", got)
	}
}

// reply is what the outbox tests' turns send.
var reply = []dialog.Reply{{Blocks: []dialog.Block{{Text: "hi"}}}}

// twoReplicas returns two Stores on one Redis, as two replicas have them,
// with the client and the key prefix they share.
func twoReplicas(t *testing.T) (c goredis.UniversalClient, p string, a, b *redisstore.Store) {
	t.Helper()
	c = client(t)
	p = prefix(t, c)
	return c, p, redisstore.New(c, redisstore.WithPrefix(p)), redisstore.New(c, redisstore.WithPrefix(p))
}

// saveTurn saves, through st, a turn of update with reply on chat's
// current session.
func saveTurn(t *testing.T, st *redisstore.Store, chat, update int64) {
	t.Helper()
	ctx := context.Background()
	s, err := st.Load(ctx, chat)
	if err != nil && !errors.Is(err, dialog.ErrNotFound) {
		t.Fatal(err)
	}
	s.Chat = chat
	s.Outgoing = &dialog.Outgoing{Update: update, Replies: reply}
	if err := st.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
}
