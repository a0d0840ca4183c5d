package redis

import (
	"context"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Limiter limits how many updates a chat may send in a window, shared by
// all replicas on one Redis. Its counter lives in lotse:{c:<chat>}:rate,
// which expires with the window and which Store.Delete removes too.
type Limiter struct {
	keys   *Store
	counts *scriptBatcher
	limit  int
	window time.Duration
}

// NewLimiter allows limit updates per chat in each window.
func NewLimiter(client goredis.UniversalClient, limit int, window time.Duration, opts ...Option) *Limiter {
	keys := New(client, opts...)
	keys.cache = nil // the limiter keeps no sessions
	return &Limiter{keys: keys, counts: &scriptBatcher{client: client, script: allowScript}, limit: limit, window: window}
}

// allowScript counts an update in KEYS[1]; the first one of a window starts
// its expiry of ARGV[1] ms. It returns the count and the ms left.
var allowScript = goredis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  return {n, tonumber(ARGV[1])}
end
return {n, redis.call('PTTL', KEYS[1])}`)

// Allow counts an update of chat and reports whether it is within the
// limit.
func (l *Limiter) Allow(ctx context.Context, chat int64) (bool, error) {
	over, _, err := l.Excess(ctx, chat)
	return over == 0, err
}

// Excess counts an update of chat and returns by how many updates the
// chat is over the limit in the current window (0 within it, 1 for the
// first update over it, and so on) and how long the window still lasts.
// Concurrent calls share pipelines (see scriptBatcher).
func (l *Limiter) Excess(ctx context.Context, chat int64) (over int, left time.Duration, err error) {
	res, err := l.counts.run(ctx, []string{l.keys.rateKey(chat)}, l.window.Milliseconds()).Int64Slice()
	if err != nil {
		return 0, 0, fmt.Errorf("rate of chat %d: %w", chat, err)
	}
	if len(res) != 2 {
		return 0, 0, fmt.Errorf("rate of chat %d: got %v from Redis", chat, res)
	}
	// a key without expiry (-1) would be counted for ever: take a window
	left = time.Duration(res[1]) * time.Millisecond
	if left <= 0 {
		left = l.window
	}
	return max(0, int(res[0])-l.limit), left, nil
}
