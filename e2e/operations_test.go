package e2e_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lotse-de/lotse/locales"
)

// TestOperations: the rate limit answers once and then stays silent, over
// replicas; /forget at one replica removes every key of the chat that
// another wrote; health, readiness and metrics answer; the logs show
// neither a chat id nor a message text nor the token.
func TestOperations(t *testing.T) {
	c := newCluster(t, "RATE_LIMIT=5", "RATE_WINDOW=1m", "LOG_LEVEL=debug", "SESSION_TTL=2h")
	a, b := c.start(), c.start()
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	msgs, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	var d delivery
	alternate := func(step, _ int) *replica { return []*replica{a, b}[step%2] }

	// Rate limit: five updates answered, the sixth gets the note, the
	// seventh and eighth nothing.
	const flood = 731942857
	user := c.api.Private(flood, "de")
	for i := range 8 {
		if err := c.send(ctx, &d, c.update(user.Text("Personalausweis verloren")), func(int) *replica { return alternate(i, 0) }); err != nil {
			t.Fatal(err)
		}
	}
	note := msgs.T("de", "throttle.slow_down", map[string]any{"Wait": msgs.Count("de", "throttle.seconds", 60)})
	got := c.waitTranscript(ctx, flood, -1)
	notes := 0
	for _, m := range got {
		if m == note {
			notes++
		}
	}
	if notes != 1 || len(got) < 6 || got[len(got)-1] != note {
		t.Errorf("flooding chat: got %d notes in %d messages (last %q), want one note, last", notes, len(got), firstLine(got[len(got)-1]))
	}
	// Refused by the rate limit in a turn, or, once a replica knows the
	// chat is over it, answered at once without one.
	limited := 0.0
	for _, r := range []*replica{a, b} {
		limited += scrape(t, r, `lotse_updates_total{outcome="limited",type="text"}`) + scrape(t, r, "lotse_webhook_shed_total")
	}
	if limited != 3 {
		t.Errorf("limited and shed updates over both replicas: got %v, want 3", limited)
	}

	// SESSION_TTL shortens how long a session is kept.
	if ttl, _ := strconv.Atoi(c.redis.Do("TTL", "lotse:{c:731942857}:session")); ttl <= 0 || ttl > 2*3600 {
		t.Errorf("session TTL %d s, want up to 7200 (SESSION_TTL=2h)", ttl)
	}

	// /forget at replica b removes what replica a stored.
	const forgetful = 731942858
	user = c.api.Private(forgetful, "de")
	for i, text := range []string{"/start", "Jena", "/forget"} {
		if err := c.send(ctx, &d, c.update(user.Text(text)), func(int) *replica { return []*replica{a, a, b}[i] }); err != nil {
			t.Fatal(err)
		}
	}
	pattern := "lotse:{c:731942858}:*"
	c.waitTranscript(ctx, forgetful, -1)
	if keys := c.redis.Do("--scan", "--pattern", pattern); keys == "" {
		t.Fatal("no keys of the chat before /forget")
	}
	tap, err := user.Tap(msgs.T("de", "main.forget.yes", nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.send(ctx, &d, c.update(tap), func(int) *replica { return b }); err != nil {
		t.Fatal(err)
	}
	c.waitTranscript(ctx, forgetful, -1)
	if keys := c.redis.Do("--scan", "--pattern", pattern); keys != "" {
		t.Errorf("keys left after /forget: %s", keys)
	}

	// Health, readiness, metrics.
	for _, r := range []*replica{a, b} {
		for _, path := range []string{"/healthz", "/readyz"} {
			if got := status(r, path); got != http.StatusOK {
				t.Errorf("%s %s: got %d, want 200", r.name, path, got)
			}
		}
		for _, sample := range []string{
			`lotse_updates_total{outcome="ok",type="text"}`,
			`lotse_turn_seconds_count{type="text"}`,
			`lotse_telegram_requests_total{method="sendMessage",outcome="ok"}`,
			`lotse_telegram_requests_total{method="setWebhook",outcome="ok"}`,
		} {
			if got := scrape(t, r, sample); got <= 0 {
				t.Errorf("%s: %s = %v, want > 0", r.name, sample, got)
			}
		}
		// Scripts run alone (evalsha) or batched with others (pipeline).
		scripts := scrape(t, r, `lotse_redis_seconds_count{command="evalsha"}`) + scrape(t, r, `lotse_redis_seconds_count{command="pipeline"}`)
		if scripts <= 0 {
			t.Errorf("%s: no Redis scripts timed (lotse_redis_seconds_count of evalsha and pipeline)", r.name)
		}
	}
	if got := scrape(t, a, `lotse_active_chats{window="15m0s"}`); got < 0 {
		t.Errorf("lotse_active_chats: got %v", got)
	}

	// Logs: JSON lines with update ids and hashed chats, nothing personal.
	for _, r := range []*replica{a, b} {
		log := r.log.String()
		for _, secret := range []string{"731942857", "731942858", "Personalausweis", "Jena", c.api.Token()} {
			if strings.Contains(log, secret) {
				t.Errorf("%s logged %q", r.name, secret)
			}
		}
		if !strings.Contains(log, `"update_id":`) || !strings.Contains(log, `"chat":"`) {
			t.Errorf("%s: log lacks update ids or chat hashes:\n%s", r.name, tail(log, 5))
		}
	}
}
