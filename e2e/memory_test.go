package e2e_test

import (
	"context"
	"flag"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var (
	sessions   = flag.Int("sessions", 0, "TestReplicaMemory: chats to touch (a measurement, skipped when 0)")
	goMemLimit = flag.String("gomemlimit", "", "TestReplicaMemory: GOMEMLIMIT of the replica")
)

// TestReplicaMemory touches -sessions chats (one /start each, 64 at a
// time) through one unpaced replica and reports its peak memory and the
// Redis memory per session. It is a measurement:
//
//	go test ./e2e -run TestReplicaMemory -sessions 100000 -v -timeout 10m [-gomemlimit 80MiB]
func TestReplicaMemory(t *testing.T) {
	if *sessions == 0 {
		t.Skip("a measurement: run with -sessions N")
	}
	c := newCluster(t)
	// The chats need a replica without pacing.
	r := c.startArgs([]string{"-unpaced", "--workers", "64"}, "LOG_LEVEL=warn", "GOMEMLIMIT="+*goMemLimit)
	ctx, cancel := context.WithTimeout(context.Background(), 9*time.Minute)
	defer cancel()
	usedBefore := redisMemory(c)
	start := time.Now()
	var next atomic.Int64
	var d delivery
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			for {
				i := next.Add(1)
				if i > int64(*sessions) || ctx.Err() != nil {
					return
				}
				chat := 10_000_000 + i
				upd := c.update(c.api.Private(chat, "de").Text("/start"))
				if err := c.send(ctx, &d, upd, func(int) *replica { return r }); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	hwm, rss := procMemory(t, r.cmd.Process.Pid, "VmHWM"), procMemory(t, r.cmd.Process.Pid, "VmRSS")
	used := redisMemory(c) - usedBefore
	t.Logf("%d chats touched in %v (%.0f/s), %d failed deliveries", *sessions, elapsed.Round(time.Millisecond), float64(*sessions)/elapsed.Seconds(), d.failures.Load())
	t.Logf("replica: peak RSS %.1f MB, RSS now %.1f MB", hwm/1024, rss/1024)
	t.Logf("Redis: %d keys, used_memory grew %.0f bytes per chat", keyCount(c), float64(used)/float64(*sessions))
	if hwm > 150*1024 {
		t.Errorf("peak RSS %.1f MB, want under 150 MB", hwm/1024)
	}
}

// procMemory reads a kB field of /proc/<pid>/status.
func procMemory(t *testing.T, pid int, field string) float64 {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(rest)
			v, _ := strconv.ParseFloat(f[0], 64)
			return v
		}
	}
	return 0
}

func redisMemory(c *cluster) int64 {
	for _, line := range strings.Split(c.redis.Do("INFO", "memory"), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "used_memory:"); ok {
			n, _ := strconv.ParseInt(rest, 10, 64)
			return n
		}
	}
	return 0
}

func keyCount(c *cluster) int {
	n, _ := strconv.Atoi(c.redis.Do("DBSIZE"))
	return n
}
