package metrics

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	goredis "github.com/redis/go-redis/v9"
)

// Active counts the chats that had a turn within a window, over all
// replicas that share a Redis. Each replica gathers the chats of its turns
// and adds them every few seconds to a HyperLogLog per minute
// (lotse:{active}:<unix minute>, PFADD), which expires one window after
// its minute. The count is the PFCOUNT of the window's minutes: about
// 0.8 % off, at most 12 KB per minute however many chats, one Redis call
// per scrape. A HyperLogLog keeps no chat id, only 16,384 small counters;
// the keys share one hash tag so that a Cluster can count them together.
//
// Counting sessions instead (SCAN of the session keys, or DBSIZE) would
// walk every key at each scrape and include sessions idle for two weeks.
type Active struct {
	client goredis.UniversalClient
	prefix string
	window time.Duration
	now    func() time.Time

	mu      sync.Mutex
	pending map[int64]struct{}
}

// NewActive returns an Active over the given window (rounded up to whole
// minutes) with keys under prefix ("lotse" when empty).
func NewActive(client goredis.UniversalClient, prefix string, window time.Duration) *Active {
	if prefix == "" {
		prefix = "lotse"
	}
	return &Active{client: client, prefix: prefix, window: max(window, time.Minute), now: time.Now, pending: map[int64]struct{}{}}
}

// Seen notes a turn of chat; Flush sends it to Redis.
func (a *Active) Seen(chat int64) {
	a.mu.Lock()
	a.pending[chat] = struct{}{}
	a.mu.Unlock()
}

func (a *Active) key(minute int64) string {
	return a.prefix + ":{active}:" + strconv.FormatInt(minute, 10)
}

func (a *Active) minutes() int64 { return int64((a.window + time.Minute - 1) / time.Minute) }

// Flush adds the chats seen since the last Flush to the current minute.
// On failure they are kept for the next Flush.
func (a *Active) Flush(ctx context.Context) error {
	a.mu.Lock()
	if len(a.pending) == 0 {
		a.mu.Unlock()
		return nil
	}
	taken := a.pending
	a.pending = map[int64]struct{}{}
	a.mu.Unlock()
	chats := make([]any, 0, len(taken))
	for c := range taken {
		chats = append(chats, strconv.FormatInt(c, 10))
	}

	minute := a.now().Unix() / 60
	key := a.key(minute)
	ttl := time.Duration(a.minutes()+1) * time.Minute
	_, err := a.client.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.PFAdd(ctx, key, chats...)
		p.Expire(ctx, key, ttl)
		return nil
	})
	if err != nil {
		a.mu.Lock()
		maps.Copy(a.pending, taken)
		a.mu.Unlock()
		return fmt.Errorf("active chats: %w", err)
	}
	return nil
}

// Count returns the number of chats seen within the window.
func (a *Active) Count(ctx context.Context) (int64, error) {
	minute := a.now().Unix() / 60
	keys := make([]string, 0, a.minutes())
	for i := range a.minutes() {
		keys = append(keys, a.key(minute-i))
	}
	n, err := a.client.PFCount(ctx, keys...).Result()
	if err != nil {
		return 0, fmt.Errorf("active chats: %w", err)
	}
	return n, nil
}

// Run flushes every interval until ctx ends, then once more.
func (a *Active) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
			_ = a.Flush(fctx)
			cancel()
			return
		case <-t.C:
			fctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			_ = a.Flush(fctx)
			cancel()
		}
	}
}

// Collector returns a collector of lotse_active_chats for a registry.
func (a *Active) Collector() prometheus.Collector {
	return activeCollector{a: a, desc: activeDesc(a.window)}
}

func activeDesc(window time.Duration) *prometheus.Desc {
	return prometheus.NewDesc("lotse_active_chats",
		"Chats with a turn within the window, over all replicas (HyperLogLog estimate).",
		nil, prometheus.Labels{"window": window.String()})
}

type activeCollector struct {
	a    *Active
	desc *prometheus.Desc
}

func (c activeCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c activeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, err := c.a.Count(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n))
}
