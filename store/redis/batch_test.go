package redis_test

import (
	"context"
	"sync"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/lotse-de/lotse/dialog"
	redisstore "github.com/lotse-de/lotse/store/redis"
)

// pipelineGate is a go-redis hook that counts the pipelines of scripts
// and the scripts each carried, and holds the first one until release is
// closed. Other pipelines (a new connection's HELLO) pass.
type pipelineGate struct {
	mu      sync.Mutex
	sizes   []int
	release chan struct{}
	panics  bool // the first pipeline panics once released
}

func (g *pipelineGate) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (g *pipelineGate) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook { return next }

func (g *pipelineGate) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		if len(cmds) == 0 || cmds[0].Name() != "evalsha" {
			return next(ctx, cmds)
		}
		g.mu.Lock()
		first := len(g.sizes) == 0
		g.sizes = append(g.sizes, len(cmds))
		g.mu.Unlock()
		if first {
			<-g.release
			if g.panics {
				panic("pipeline gate")
			}
		}
		return next(ctx, cmds)
	}
}

// TestConcurrentSavesSharePipelines holds the first Save's pipeline until
// twenty more Saves of other chats are queued, and checks that those go
// to Redis together in one pipeline and are all stored.
func TestConcurrentSavesSharePipelines(t *testing.T) {
	c := client(t).(*goredis.Client)
	gated := goredis.NewClient(c.Options())
	t.Cleanup(func() { gated.Close() })
	gate := &pipelineGate{release: make(chan struct{})}
	gated.AddHook(gate)
	s := redisstore.New(gated, redisstore.WithPrefix(prefix(t, c)), redisstore.WithSessionCache(0))
	ctx := context.Background()

	const others = 20
	var wg sync.WaitGroup
	errs := make(chan error, others+1)
	save := func(chat int64) {
		sess := dialog.Session{Chat: chat, Lang: "de"}
		errs <- s.Save(ctx, &sess)
	}
	wg.Go(func() { save(1) })
	waitFor(t, "the first pipeline", func() bool { gate.mu.Lock(); defer gate.mu.Unlock(); return len(gate.sizes) == 1 })
	for i := range others {
		wg.Go(func() { save(int64(100 + i)) })
	}
	waitFor(t, "the queued saves", func() bool { return redisstore.QueuedSaves(s) == others })
	close(gate.release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("save: %v", err)
		}
	}
	if want := []int{1, others}; len(gate.sizes) != 2 || gate.sizes[0] != want[0] || gate.sizes[1] != want[1] {
		t.Fatalf("pipelines carried %v saves, want %v", gate.sizes, want)
	}
	for i := range others {
		got, err := s.Load(ctx, int64(100+i))
		if err != nil || got.Version != 1 {
			t.Fatalf("chat %d: got version %d, error %v; want version 1", 100+i, got.Version, err)
		}
	}
}

// TestPanickingPipelineReleasesWaiters checks that a Save queued behind a
// pipeline whose client panics still goes through, and so do later ones:
// the panic reaches the caller that led, not every Save after it.
func TestPanickingPipelineReleasesWaiters(t *testing.T) {
	c := client(t).(*goredis.Client)
	gated := goredis.NewClient(c.Options())
	t.Cleanup(func() { gated.Close() })
	gate := &pipelineGate{release: make(chan struct{}), panics: true}
	gated.AddHook(gate)
	s := redisstore.New(gated, redisstore.WithPrefix(prefix(t, c)), redisstore.WithSessionCache(0))
	ctx := context.Background()

	panicked := make(chan any, 1)
	go func() {
		defer func() { panicked <- recover() }()
		sess := dialog.Session{Chat: 1, Lang: "de"}
		_ = s.Save(ctx, &sess)
	}()
	waitFor(t, "the first pipeline", func() bool { gate.mu.Lock(); defer gate.mu.Unlock(); return len(gate.sizes) == 1 })
	queued := make(chan error, 1)
	go func() {
		sess := dialog.Session{Chat: 2, Lang: "de"}
		queued <- s.Save(ctx, &sess)
	}()
	waitFor(t, "the queued save", func() bool { return redisstore.QueuedSaves(s) == 1 })
	close(gate.release)
	if r := <-panicked; r == nil {
		t.Fatal("the leading Save did not panic")
	}
	if err := <-queued; err != nil {
		t.Fatalf("queued save: %v", err)
	}
	sess := dialog.Session{Chat: 3, Lang: "de"}
	if err := s.Save(ctx, &sess); err != nil {
		t.Fatalf("later save: %v", err)
	}
}

// TestSaveAfterScriptFlush checks that Save loads its script again when
// Redis forgot it (a restart, SCRIPT FLUSH).
func TestSaveAfterScriptFlush(t *testing.T) {
	c := client(t)
	s := redisstore.New(c, redisstore.WithPrefix(prefix(t, c)))
	ctx := context.Background()
	sess := dialog.Session{Chat: 7, Lang: "de"}
	if err := s.Save(ctx, &sess); err != nil {
		t.Fatal(err)
	}
	if err := c.ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(ctx, &sess); err != nil {
		t.Fatalf("save after SCRIPT FLUSH: %v", err)
	}
	if sess.Version != 2 {
		t.Fatalf("version: got %d, want 2", sess.Version)
	}
}
