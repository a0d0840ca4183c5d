package redis_test

import (
	"context"
	"errors"
	"io"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/lotse-de/lotse/dialog"
	redisstore "github.com/lotse-de/lotse/store/redis"
)

// pipelineFault is a go-redis hook that has fault handle every pipeline
// of scripts in place of the client.
type pipelineFault struct {
	fault func(ctx context.Context, cmds []goredis.Cmder, next goredis.ProcessPipelineHook) error
}

func (f pipelineFault) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (f pipelineFault) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook { return next }

func (f pipelineFault) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		if len(cmds) == 0 || cmds[0].Name() != "evalsha" {
			return next(ctx, cmds)
		}
		return f.fault(ctx, cmds, next)
	}
}

// faultyStore is a Store whose pipelines of scripts go through fault.
func faultyStore(t *testing.T, fault func(ctx context.Context, cmds []goredis.Cmder, next goredis.ProcessPipelineHook) error) *redisstore.Store {
	c := client(t).(*goredis.Client)
	opts := c.Options()
	opts.MaxRetries = -1 // the fault stands for the client's last attempt
	faulty := goredis.NewClient(opts)
	t.Cleanup(func() { faulty.Close() })
	faulty.AddHook(pipelineFault{fault: fault})
	return redisstore.New(faulty, redisstore.WithPrefix(prefix(t, c)))
}

// loseAnswers runs the scripts, then acts as if the connection broke
// before their answers came.
func loseAnswers(ctx context.Context, cmds []goredis.Cmder, next goredis.ProcessPipelineHook) error {
	if err := next(ctx, cmds); err != nil {
		return err
	}
	for _, c := range cmds {
		c.SetErr(io.ErrUnexpectedEOF)
	}
	return io.ErrUnexpectedEOF
}

// TestSaveWhoseAnswerIsLost checks that a save that took place although
// its answer was lost counts as done, so the turn's replies go out.
func TestSaveWhoseAnswerIsLost(t *testing.T) {
	s := faultyStore(t, loseAnswers)
	ctx := context.Background()
	sess := dialog.Session{Chat: 11, Lang: "de"}
	if err := s.Save(ctx, &sess); err != nil {
		t.Fatalf("save: %v, want it settled as done", err)
	}
	if err := s.Save(ctx, &sess); err != nil {
		t.Fatalf("second save: %v, want it settled as done", err)
	}
	got, err := s.Load(ctx, 11)
	if err != nil || got.Version != 2 || sess.Version != 2 {
		t.Fatalf("got version %d (session %d), error %v; want 2", got.Version, sess.Version, err)
	}
}

// TestSaveThatNeverArrived checks that a save lost on its way to Redis is
// a conflict, so the engine runs the turn again, and not a success.
func TestSaveThatNeverArrived(t *testing.T) {
	broken := errors.New("connection reset before the write")
	s := faultyStore(t, func(ctx context.Context, cmds []goredis.Cmder, next goredis.ProcessPipelineHook) error {
		for _, c := range cmds {
			c.SetErr(broken)
		}
		return broken
	})
	sess := dialog.Session{Chat: 12, Lang: "de"}
	if err := s.Save(context.Background(), &sess); !errors.Is(err, dialog.ErrConflict) {
		t.Fatalf("save: got %v, want ErrConflict", err)
	}
	if sess.Version != 0 {
		t.Fatalf("version: got %d, want 0", sess.Version)
	}
	if _, err := s.Load(context.Background(), 12); !errors.Is(err, dialog.ErrNotFound) {
		t.Fatalf("load: got %v, want ErrNotFound", err)
	}
}

// TestSaveRepeatedByTheClient checks that a save the client sends again,
// as go-redis does after a broken connection, is not refused as a
// conflict with itself.
func TestSaveRepeatedByTheClient(t *testing.T) {
	s := faultyStore(t, func(ctx context.Context, cmds []goredis.Cmder, next goredis.ProcessPipelineHook) error {
		if err := next(ctx, cmds); err != nil {
			return err
		}
		return next(ctx, cmds)
	})
	ctx := context.Background()
	for want := int64(1); want <= 3; want++ {
		sess := dialog.Session{Chat: 13, Lang: "de", Version: want - 1}
		if err := s.Save(ctx, &sess); err != nil || sess.Version != want {
			t.Fatalf("save %d: got version %d, error %v", want, sess.Version, err)
		}
	}
}
