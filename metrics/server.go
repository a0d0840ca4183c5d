package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Check is one condition of readiness; it returns nil when it holds.
type Check struct {
	Name string
	Run  func(ctx context.Context) error
}

// checkTimeout bounds each readiness check.
const checkTimeout = 2 * time.Second

// Mux returns the handler for the metrics address: /metrics, /healthz
// (200 while the process runs) and /readyz (200 when every check holds,
// else 503 with the names of the checks that failed).
func (m *Metrics) Mux(checks ...Check) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		failed := runChecks(r.Context(), checks)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if len(failed) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "not ready:", strings.Join(failed, ", "))
			return
		}
		fmt.Fprintln(w, "ok")
	})
	return mux
}

func runChecks(ctx context.Context, checks []Check) []string {
	var failed []string
	for _, c := range checks {
		cctx, cancel := context.WithTimeout(ctx, checkTimeout)
		err := c.Run(cctx)
		cancel()
		if err != nil {
			failed = append(failed, c.Name)
		}
	}
	return failed
}

// ErrNoWebhook is reported by the webhook check when Telegram has another
// webhook URL, or none, registered.
var ErrNoWebhook = errors.New("webhook not registered")

// WebhookCheck asks Telegram (getWebhookInfo at apiURL) whether want is
// the registered webhook. A success is remembered for a minute, so that
// probes do not turn into Bot API calls. Errors never carry the token.
func WebhookCheck(client *http.Client, apiURL, token, want string) Check {
	var mu sync.Mutex
	var okUntil time.Time
	return Check{Name: "webhook", Run: func(ctx context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		if time.Now().Before(okUntil) {
			return nil
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(apiURL, "/")+"/bot"+token+"/getWebhookInfo", nil)
		if err != nil {
			return errors.New("webhook info: bad API URL")
		}
		resp, err := client.Do(req)
		if err != nil {
			return errors.New("webhook info: request failed")
		}
		defer resp.Body.Close()
		var info struct {
			OK     bool `json:"ok"`
			Result struct {
				URL string `json:"url"`
			} `json:"result"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(nil, resp.Body, 1<<20)).Decode(&info); err != nil || !info.OK {
			return fmt.Errorf("webhook info: status %d", resp.StatusCode)
		}
		if info.Result.URL != want {
			return ErrNoWebhook
		}
		okUntil = time.Now().Add(time.Minute)
		return nil
	}}
}
