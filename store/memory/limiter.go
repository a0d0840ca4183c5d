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
func (l *Limiter) Allow(_ context.Context, chat int64) (bool, error) {
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
	return w.count <= l.limit, nil
}
