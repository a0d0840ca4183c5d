package throttle_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/store/memory"
	"github.com/lotse-de/lotse/throttle"
)

type failingLimiter struct{}

func (failingLimiter) Excess(context.Context, int64) (int, time.Duration, error) {
	return 0, 0, errors.New("redis down")
}

func TestGuard(t *testing.T) {
	note := []dialog.Reply{{Blocks: []dialog.Block{{Text: "note"}}}}
	answer := []dialog.Reply{{Blocks: []dialog.Block{{Text: "answer"}}}}
	tests := []struct {
		name    string
		limiter throttle.Limiter
		want    []string // per input: "answer", "note" or "" (no reply)
		limited int
	}{
		{"within the limit", memory.NewLimiter(3, time.Minute), []string{"answer", "answer", "answer"}, 0},
		{"one note, then silence", memory.NewLimiter(2, time.Minute), []string{"answer", "answer", "note", "", ""}, 3},
		{"limiter fails open", failingLimiter{}, []string{"answer", "answer"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			handled, limited := 0, 0
			g := &throttle.Guard{
				Next: handlerFunc(func(context.Context, dialog.Input) ([]dialog.Reply, error) {
					handled++
					return answer, nil
				}),
				Limiter:   tt.limiter,
				Note:      func(string) []dialog.Reply { return note },
				OnLimited: func(context.Context) { limited++ },
			}
			for i, want := range tt.want {
				replies, err := g.Handle(context.Background(), dialog.Input{Chat: 7, UpdateID: int64(i + 1), Kind: dialog.KindText, Text: "x"})
				if err != nil {
					t.Fatal(err)
				}
				got := ""
				if len(replies) > 0 {
					got = replies[0].Blocks[0].Text
				}
				if got != want {
					t.Errorf("input %d: got %q, want %q", i+1, got, want)
				}
			}
			if limited != tt.limited {
				t.Errorf("got %d limited, want %d", limited, tt.limited)
			}
			if wantHandled := len(tt.want) - tt.limited; handled != wantHandled {
				t.Errorf("engine got %d inputs, want %d", handled, wantHandled)
			}
		})
	}
}

type handlerFunc func(context.Context, dialog.Input) ([]dialog.Reply, error)

func (f handlerFunc) Handle(ctx context.Context, in dialog.Input) ([]dialog.Reply, error) {
	return f(ctx, in)
}

// TestGuardQuiet: once the Guard refused an update of a chat, it knows
// the chat is over its limit until the window ends, and only then.
func TestGuardQuiet(t *testing.T) {
	g := &throttle.Guard{
		Next:    handlerFunc(func(context.Context, dialog.Input) ([]dialog.Reply, error) { return nil, nil }),
		Limiter: memory.NewLimiter(2, 300*time.Millisecond),
		Note:    func(string) []dialog.Reply { return nil },
	}
	for i := range 3 {
		if g.Quiet(7) {
			t.Fatalf("quiet before update %d, within the limit", i+1)
		}
		if _, err := g.Handle(context.Background(), dialog.Input{Chat: 7, UpdateID: int64(i + 1), Kind: dialog.KindText}); err != nil {
			t.Fatal(err)
		}
	}
	if !g.Quiet(7) {
		t.Fatal("not quiet after the first update over the limit")
	}
	if g.Quiet(8) {
		t.Fatal("another chat is quiet too")
	}
	deadline := time.Now().Add(5 * time.Second)
	for g.Quiet(7) {
		if time.Now().After(deadline) {
			t.Fatal("still quiet 5 s after a 300 ms window")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := g.Handle(context.Background(), dialog.Input{Chat: 7, UpdateID: 9, Kind: dialog.KindText}); err != nil || g.Quiet(7) {
		t.Fatalf("first update of the next window: err %v, quiet %v; want it handled", err, g.Quiet(7))
	}
}
