package redis_test

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/lotse-de/lotse/dialog"
	redisstore "github.com/lotse-de/lotse/store/redis"
	"github.com/lotse-de/lotse/store/storetest"
)

func TestConformanceWithSessionCache(t *testing.T) {
	c := client(t)
	storetest.Run(t, func(t *testing.T, ttl time.Duration) dialog.Store {
		return redisstore.New(c, redisstore.WithTTL(ttl), redisstore.WithPrefix(prefix(t, c)), redisstore.WithSessionCache(1000))
	})
}

// commandCounter counts the commands a client sends.
type commandCounter struct{ n atomic.Int64 }

func (h *commandCounter) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (h *commandCounter) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmd)
	}
}

func (h *commandCounter) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		h.n.Add(int64(len(cmds)))
		return next(ctx, cmds)
	}
}

// counted is a client of its own on the test's Redis that counts its
// commands.
func counted(t *testing.T) (*goredis.Client, *commandCounter) {
	t.Helper()
	base := client(t).(*goredis.Client)
	c := goredis.NewClient(base.Options())
	t.Cleanup(func() { c.Close() })
	h := &commandCounter{}
	c.AddHook(h)
	return c, h
}

func TestSessionCacheSavesARoundTrip(t *testing.T) {
	ctx := context.Background()
	c, commands := counted(t)
	st := redisstore.New(c, redisstore.WithPrefix(prefix(t, c)), redisstore.WithSessionCache(100))
	s := dialog.Session{Chat: 7, Lang: "de", Flow: "main", State: "place"}
	if err := st.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
	for turn := range 5 {
		before := commands.n.Load()
		got, err := st.Load(ctx, 7)
		if err != nil {
			t.Fatalf("turn %d: Load: %v", turn, err)
		}
		if got.Version != s.Version || got.State != s.State {
			t.Fatalf("turn %d: Load: got version %d state %q, want %d %q", turn, got.Version, got.State, s.Version, s.State)
		}
		got.State = []string{"concern", "place"}[turn%2]
		if err := st.Save(ctx, &got); err != nil {
			t.Fatalf("turn %d: Save: %v", turn, err)
		}
		if n := commands.n.Load() - before; n != 1 {
			t.Fatalf("turn %d: got %d Redis commands for Load and Save, want 1", turn, n)
		}
		s = got
	}
}

// TestSessionCacheAcrossReplicas lets two replicas, each with its own
// cache, take turns on one chat: a stale cached session never overwrites
// the other replica's save, and the turn after the conflict sees it.
func TestSessionCacheAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	c, commands := counted(t)
	p := prefix(t, c)
	a := redisstore.New(c, redisstore.WithPrefix(p), redisstore.WithSessionCache(100))
	b := redisstore.New(client(t), redisstore.WithPrefix(p), redisstore.WithSessionCache(100))
	const chat = 11
	first := dialog.Session{Chat: chat, Lang: "de", State: "from-a"}
	if err := a.Save(ctx, &first); err != nil {
		t.Fatal(err)
	}
	atB, err := b.Load(ctx, chat)
	if err != nil {
		t.Fatal(err)
	}
	atB.State = "from-b"
	if err := b.Save(ctx, &atB); err != nil {
		t.Fatal(err)
	}

	stale, err := a.Load(ctx, chat)
	if err != nil {
		t.Fatal(err)
	}
	stale.State = "stale-from-a"
	if err := a.Save(ctx, &stale); !errors.Is(err, dialog.ErrConflict) {
		t.Fatalf("save of a stale cached session: got %v, want ErrConflict", err)
	}
	before := commands.n.Load()
	again, err := a.Load(ctx, chat)
	if err != nil {
		t.Fatal(err)
	}
	if n := commands.n.Load() - before; n != 0 {
		t.Errorf("Load after the conflict sent %d commands, want none: the failed save brings the stored session along", n)
	}
	if again.State != "from-b" || again.Version != atB.Version {
		t.Fatalf("Load after the conflict: got state %q version %d, want %q %d", again.State, again.Version, "from-b", atB.Version)
	}
	again.State = "a-again"
	if err := a.Save(ctx, &again); err != nil {
		t.Fatalf("save after reloading: %v", err)
	}
}

// TestSessionCacheDeletedAndCreatedAgain: a chat that another replica
// deleted and started anew, up to the very version this replica cached,
// is not overwritten with the old session.
func TestSessionCacheDeletedAndCreatedAgain(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	p := prefix(t, c)
	a := redisstore.New(c, redisstore.WithPrefix(p), redisstore.WithSessionCache(100))
	b := redisstore.New(c, redisstore.WithPrefix(p), redisstore.WithSessionCache(100))
	const chat = 12
	old := dialog.Session{Chat: chat, Lang: "de", State: "concern", Place: "160530000000"}
	if err := a.Save(ctx, &old); err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(ctx, chat); err != nil {
		t.Fatal(err)
	}
	fresh := dialog.Session{Chat: chat, Lang: "en", State: "place"}
	if err := b.Save(ctx, &fresh); err != nil {
		t.Fatal(err)
	}
	if fresh.Version != old.Version {
		t.Fatalf("test setup: versions %d and %d differ", fresh.Version, old.Version)
	}
	stale, err := a.Load(ctx, chat)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Save(ctx, &stale); !errors.Is(err, dialog.ErrConflict) {
		t.Fatalf("save of the deleted session over the new one: got %v, want ErrConflict", err)
	}
	got, err := a.Load(ctx, chat)
	if err != nil {
		t.Fatal(err)
	}
	if got.Place != "" || got.Lang != "en" {
		t.Fatalf("after the conflict: got place %q lang %q, want the new session (no place, en)", got.Place, got.Lang)
	}
}

func TestSessionCacheIsBounded(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	const size = 160
	st := redisstore.New(c, redisstore.WithPrefix(prefix(t, c)), redisstore.WithSessionCache(size))
	for chat := int64(1); chat <= 1000; chat++ {
		s := dialog.Session{Chat: chat, Lang: "de"}
		if err := st.Save(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	if n := redisstore.CachedSessions(st); n > size || n < size/2 {
		t.Fatalf("after 1,000 chats: the cache holds %d sessions, want at most %d (and most of them)", n, size)
	}
	// the least recently used went first: the last chat saved is served
	s, err := st.Load(ctx, 1000)
	if err != nil || s.Version != 1 {
		t.Fatalf("Load of the last chat: got %+v, %v", s, err)
	}
}

// TestSessionCacheMemory measures what a full cache of realistic sessions
// takes of the heap; it fails at 1 kB or more per session.
func TestSessionCacheMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("saves 10,000 sessions")
	}
	ctx := context.Background()
	c := client(t)
	const n = 10_000
	st := redisstore.New(c, redisstore.WithPrefix(prefix(t, c)), redisstore.WithTTL(time.Minute), redisstore.WithSessionCache(n))
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	for chat := int64(1); chat <= n; chat++ {
		s := dialog.Session{
			Chat: 7_000_000_000 + chat, Lang: "de", Flow: "main", State: "authority", Place: "160745052018",
			Service: "kommunale-eingliederungsleistungen", Answers: map[string]string{"q": "Arbeit verloren", "sit": "geld", "s": "money.single.yes"},
			Back:       []dialog.Step{{Flow: "main", State: "place"}, {Flow: "main", State: "concern"}, {Flow: "money", State: "age"}, {Flow: "main", State: "suggestions"}, {Flow: "main", State: "service"}},
			LastUpdate: 812_345_678 + chat*100, Updated: time.Now(),
		}
		if err := st.Save(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	per := float64(heap()-before) / n
	runtime.KeepAlive(st)
	t.Logf("heap per cached session: %.0f bytes (%d sessions, %.1f MB)", per, n, per*n/1e6)
	if per >= 1024 {
		t.Fatalf("a cached session takes %.0f bytes of heap, want under 1 kB", per)
	}
}
