package metrics_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/metrics"
	redisstore "github.com/lotse-de/lotse/store/redis"
)

// redisClient connects to REDIS_URL (default redis://127.0.0.1:6379/0) or
// skips the test when no Redis answers.
func redisClient(t *testing.T) goredis.UniversalClient {
	t.Helper()
	url := os.Getenv("REDIS_URL")
	if url == "" {
		url = "redis://127.0.0.1:6379/0"
	}
	c, err := redisstore.Connect(context.Background(), url)
	if err != nil {
		t.Skipf("no Redis at %s: %v", url, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// testPrefix returns a key prefix of the test's own; its keys are deleted
// when the test ends.
func testPrefix(t *testing.T, c goredis.UniversalClient) string {
	t.Helper()
	prefix := fmt.Sprintf("lotse-test-%d", time.Now().UnixNano())
	t.Cleanup(func() {
		keys, _ := c.Keys(context.Background(), prefix+":*").Result()
		if len(keys) > 0 {
			c.Del(context.Background(), keys...)
		}
	})
	return prefix
}

// wantSamples reports each sample line (name, labels and value) that body
// lacks.
func wantSamples(t *testing.T, body string, samples ...string) {
	t.Helper()
	for _, want := range samples {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// scrape returns the text the metrics handler serves.
func scrape(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

// handlerFunc adapts a function to a metrics.Handler.
type handlerFunc func(ctx context.Context, in dialog.Input) ([]dialog.Reply, error)

func (f handlerFunc) Handle(ctx context.Context, in dialog.Input) ([]dialog.Reply, error) {
	return f(ctx, in)
}

func TestTurns(t *testing.T) {
	m := metrics.New()
	var seen []int64
	h := m.Turns(handlerFunc(func(ctx context.Context, in dialog.Input) ([]dialog.Reply, error) {
		switch in.Text {
		case "fail":
			return nil, errors.New("boom")
		case "limit":
			metrics.MarkLimited(ctx)
		}
		return nil, nil
	}), func(chat int64) { seen = append(seen, chat) })
	inputs := []dialog.Input{
		{Chat: 1, Kind: dialog.KindText, Text: "hello"},
		{Chat: 2, Kind: dialog.KindText, Text: "fail"},
		{Chat: 3, Kind: dialog.KindText, Text: "limit"},
		{Chat: 4, Kind: dialog.KindCommand, Command: "start"},
		{Chat: 5, Kind: dialog.KindChoice, Choice: "yes"},
	}
	for _, in := range inputs {
		_, _ = h.Handle(context.Background(), in)
	}
	_, body := scrape(t, m.Handler(), "/metrics")
	wantSamples(t, body,
		`lotse_updates_total{outcome="ok",type="text"} 1`,
		`lotse_updates_total{outcome="failed",type="text"} 1`,
		`lotse_updates_total{outcome="limited",type="text"} 1`,
		`lotse_updates_total{outcome="ok",type="command"} 1`,
		`lotse_updates_total{outcome="ok",type="choice"} 1`,
		`lotse_turn_seconds_count{type="text"} 3`,
	)
	if got, want := fmt.Sprint(seen), "[1 2 4 5]"; got != want {
		t.Errorf("chats seen: got %s, want %s (a limited turn is no activity)", got, want)
	}
}

func TestTransport(t *testing.T) {
	const token = "123:SECRET-token"
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/sendMessage"):
			w.WriteHeader(http.StatusTooManyRequests)
		case strings.HasSuffix(r.URL.Path, "/getMe"):
			io.WriteString(w, `{"ok":true}`)
		default:
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer api.Close()
	m := metrics.New()
	client := &http.Client{Transport: m.Transport(nil)}
	for _, method := range []string{"getMe", "sendMessage", "sendMessage", "editMessageText"} {
		resp, err := client.Post(api.URL+"/bot"+token+"/"+method, "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	_, body := scrape(t, m.Handler(), "/metrics")
	wantSamples(t, body,
		`lotse_telegram_requests_total{method="getMe",outcome="ok"} 1`,
		`lotse_telegram_requests_total{method="sendMessage",outcome="too_many_requests"} 2`,
		`lotse_telegram_requests_total{method="editMessageText",outcome="server_error"} 1`,
		`lotse_telegram_too_many_requests_total 2`,
	)
	if strings.Contains(body, "SECRET") {
		t.Error("the token reached the metrics")
	}
}

func TestRedisHook(t *testing.T) {
	c := redisClient(t)
	m := metrics.New()
	c.AddHook(m.RedisHook())
	ctx := context.Background()
	key := testPrefix(t, c) + ":{hook}"
	if err := c.Set(ctx, key, "1", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.Get(ctx, key+"-missing").Err(); !errors.Is(err, goredis.Nil) {
		t.Fatalf("got %v, want redis.Nil", err)
	}
	_ = c.Do(ctx, "nosuchcommand").Err()
	_, body := scrape(t, m.Handler(), "/metrics")
	wantSamples(t, body,
		`lotse_redis_seconds_count{command="set"} 1`,
		`lotse_redis_seconds_count{command="get"} 1`,
		`lotse_redis_errors_total{command="nosuchcommand"} 1`,
	)
	if strings.Contains(body, `lotse_redis_errors_total{command="get"}`) {
		t.Error("a missing key counted as an error")
	}
}

func TestActive(t *testing.T) {
	c := redisClient(t)
	ctx := context.Background()
	prefix := testPrefix(t, c)
	// Two replicas see overlapping chats.
	a := metrics.NewActive(c, prefix, 15*time.Minute)
	b := metrics.NewActive(c, prefix, 15*time.Minute)
	for chat := int64(1); chat <= 300; chat++ {
		a.Seen(chat)
		if chat > 200 {
			b.Seen(chat)
			b.Seen(chat + 200)
		}
	}
	if err := a.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := b.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// 1…300 and 401…500.
	if n < 392 || n > 408 {
		t.Errorf("got %d active chats, want 400 ± 2 %%", n)
	}
	keys, err := c.Keys(ctx, prefix+":*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if ttl := c.TTL(ctx, k).Val(); ttl <= 0 || ttl > 17*time.Minute {
			t.Errorf("key %s: TTL %v, want up to 16 minutes", k, ttl)
		}
	}
	m := metrics.New()
	m.Registry().MustRegister(a.Collector())
	_, body := scrape(t, m.Handler(), "/metrics")
	if !strings.Contains(body, `lotse_active_chats{window="15m0s"} `) {
		t.Error("metrics lack lotse_active_chats")
	}
}

func TestMux(t *testing.T) {
	m := metrics.New()
	ready := true
	mux := m.Mux(metrics.Check{Name: "redis", Run: func(context.Context) error {
		if !ready {
			return errors.New("down")
		}
		return nil
	}})
	if code, _ := scrape(t, mux, "/healthz"); code != http.StatusOK {
		t.Errorf("healthz: got %d, want 200", code)
	}
	if code, _ := scrape(t, mux, "/readyz"); code != http.StatusOK {
		t.Errorf("readyz: got %d, want 200", code)
	}
	ready = false
	if code, body := scrape(t, mux, "/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "redis") {
		t.Errorf("readyz with Redis down: got %d %q, want 503 naming redis", code, body)
	}
	if code, _ := scrape(t, mux, "/healthz"); code != http.StatusOK {
		t.Errorf("healthz with Redis down: got %d, want 200", code)
	}
	if code, body := scrape(t, mux, "/metrics"); code != http.StatusOK || !strings.Contains(body, "go_goroutines") {
		t.Errorf("metrics: got %d, want 200 with runtime metrics", code)
	}
}

func TestWebhookCheck(t *testing.T) {
	fail := true
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		io.WriteString(w, `{"ok":true,"result":true}`)
	}))
	defer api.Close()
	m := metrics.New()
	check := m.WebhookCheck()
	client := &http.Client{Transport: m.Transport(nil)}
	post := func() {
		t.Helper()
		resp, err := client.Post(api.URL+"/bot1:tok/setWebhook", "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if err := check.Run(context.Background()); !errors.Is(err, metrics.ErrNoWebhook) {
		t.Errorf("before setWebhook: got %v, want ErrNoWebhook", err)
	}
	post()
	if err := check.Run(context.Background()); !errors.Is(err, metrics.ErrNoWebhook) {
		t.Errorf("after a failed setWebhook: got %v, want ErrNoWebhook", err)
	}
	fail = false
	post()
	if err := check.Run(context.Background()); err != nil {
		t.Errorf("after setWebhook: got %v, want nil", err)
	}
}

func TestActiveWithRedisDown(t *testing.T) {
	// A client for a port where nothing listens.
	c := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: 100 * time.Millisecond})
	defer c.Close()
	m := metrics.New()
	m.Registry().MustRegister(metrics.NewActive(c, "", time.Minute).Collector())
	code, body := scrape(t, m.Handler(), "/metrics")
	if code != http.StatusOK || !strings.Contains(body, "lotse_updates_total") && !strings.Contains(body, "go_goroutines") {
		t.Errorf("got %d, want 200 with the other metrics", code)
	}
	if strings.Contains(body, "lotse_active_chats{") {
		t.Error("lotse_active_chats served without Redis")
	}
}

func TestActiveKeepsChatsWhenFlushFails(t *testing.T) {
	c := redisClient(t)
	prefix := testPrefix(t, c)
	a := metrics.NewActive(c, prefix, time.Minute)
	for chat := range int64(50) {
		a.Seen(chat)
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.Flush(canceled); err == nil {
		t.Fatal("Flush with a canceled context: got nil, want an error")
	}
	a.Seen(50)
	ctx := context.Background()
	if err := a.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := a.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 || n > 52 {
		t.Errorf("got %d active chats after a failed and a good Flush, want 51 ± 1", n)
	}
}
