package serve

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/dialog"
)

func TestEnvDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 14 * 24 * time.Hour, true},
		{"7d", 7 * 24 * time.Hour, true},
		{"36h", 36 * time.Hour, true},
		{"90m", 90 * time.Minute, true},
		{"0d", 0, false},
		{"-1h", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		getenv := func(string) string { return tt.in }
		got, err := envDuration(getenv, "SESSION_TTL", 14*24*time.Hour)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("%q: got %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestProductionInMemory builds the production wrapping on the memory
// store: the rate limit answers once and then stays silent, the turns are
// counted, and the log never shows a chat id or a text.
func TestProductionInMemory(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr := freeAddr(t)
	env := map[string]string{"RATE_LIMIT": "3", "RATE_WINDOW": "1m", "METRICS_LISTEN": addr, "LOG_LEVEL": "debug", "LOG_HASH_KEY": "k"}
	var logged bytes.Buffer
	p, err := NewProduction(ctx, func(k string) string { return env[k] }, &logged)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	parts, err := app.Load()
	if err != nil {
		t.Fatal(err)
	}
	engine, err := parts.Engine(p.Store, app.Options{Log: p.Log})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := p.Handler(parts, engine)
	const chat = 555123987
	var answered []int
	for i := 1; i <= 6; i++ {
		replies, err := h.Handle(ctx, dialog.Input{Chat: chat, UpdateID: int64(i), Kind: dialog.KindText, Text: "Personalausweis verloren", LangHint: "en"})
		if err != nil {
			t.Fatal(err)
		}
		answered = append(answered, len(replies))
	}
	for i, n := range answered {
		if (i < 4) != (n > 0) {
			t.Errorf("replies per update: got %v, want answers to the first three, a note to the fourth, then none", answered)
			break
		}
	}
	if err := p.Serve(ctx, true); err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	_, body := get("/metrics")
	for _, want := range []string{
		`lotse_updates_total{outcome="ok",type="text"} 3`,
		`lotse_updates_total{outcome="limited",type="text"} 3`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if code, _ := get("/healthz"); code != http.StatusOK {
		t.Errorf("healthz: got %d, want 200", code)
	}
	if code, body := get("/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "webhook") {
		t.Errorf("readyz before the webhook is set: got %d %q, want 503 naming webhook", code, body)
	}
	for _, secret := range []string{"555123987", "Personalausweis"} {
		if strings.Contains(logged.String(), secret) {
			t.Errorf("log shows %q:\n%s", secret, logged.String())
		}
	}
	if !strings.Contains(logged.String(), `"update_id":4`) {
		t.Errorf("log lacks the update ids:\n%s", logged.String())
	}
}
