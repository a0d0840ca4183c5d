package redis_test

import (
	"context"
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
func client(t *testing.T) goredis.UniversalClient {
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
func prefix(t *testing.T, c goredis.UniversalClient) string {
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
	s := dialog.Session{Chat: 99, State: "place"}
	if err := st.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Remember(ctx, 99, 5); err != nil {
		t.Fatal(err)
	}
	if _, err := redisstore.NewLimiter(c, 10, time.Minute, redisstore.WithPrefix(p)).Allow(ctx, 99); err != nil {
		t.Fatal(err)
	}
	keys, err := c.Keys(ctx, p+":*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 {
		t.Fatalf("keys: got %v, want a session, an updates and a rate key", keys)
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
