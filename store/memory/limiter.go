package memory

import (
	"context"
	"sync"
	"time"
)

// Limiter limits how many updates a chat may send in a window, within one
// process.
type Limiter struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu      sync.Mutex
	windows map[int64]rateWindow
}

type rateWindow struct {
	count int
	ends  time.Time
}

// NewLimiter allows limit updates per chat in each window.
func NewLimiter(limit int, window time.Duration) *Limiter {
	return &Limiter{limit: limit, window: window, now: time.Now, windows: map[int64]rateWindow{}}
}

// Allow counts an update of chat and reports whether it is within the
// limit.
func (l *Limiter) Allow(ctx context.Context, chat int64) (bool, error) {
	over, _, err := l.Excess(ctx, chat)
	return over == 0, err
}

// Excess counts an update of chat and returns by how many updates the
// chat is over the limit in the current window (0 within it, 1 for the
// first update over it, and so on) and how long the window still lasts.
func (l *Limiter) Excess(_ context.Context, chat int64) (over int, left time.Duration, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w := l.windows[chat]
	if !now.Before(w.ends) {
		if len(l.windows) > sweepEvery {
			for c, old := range l.windows {
				if !now.Before(old.ends) {
					delete(l.windows, c)
				}
			}
		}
		w = rateWindow{ends: now.Add(l.window)}
	}
	w.count++
	l.windows[chat] = w
	return max(0, w.count-l.limit), w.ends.Sub(now), nil
}
