package metrics

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
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

// ErrNoWebhook is reported by the webhook check until a setWebhook
// request through Transport has succeeded.
var ErrNoWebhook = errors.New("webhook not registered")

// WebhookCheck holds once this process has registered its webhook: a
// setWebhook request through Transport was answered with success. It asks
// Telegram nothing, so probes cost no Bot API calls.
func (m *Metrics) WebhookCheck() Check {
	return Check{Name: "webhook", Run: func(context.Context) error {
		if !m.webhookSet.Load() {
			return ErrNoWebhook
		}
		return nil
	}}
}
