package telegram_test

import (
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lotse-de/lotse/telegram"
)

// flakyTransport fails the first sendMessage: before sending it (Telegram
// cannot have seen it) or after (its fate is unknown).
type flakyTransport struct {
	base      http.RoundTripper
	afterSend bool
	failed    atomic.Bool
}

var errLine = errors.New("line dropped")

func (f *flakyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(req.URL.Path, "/sendMessage") || f.failed.Swap(true) {
		return f.base.RoundTrip(req)
	}
	if !f.afterSend {
		return nil, errLine
	}
	resp, err := f.base.RoundTrip(req)
	if err == nil {
		resp.Body.Close()
	}
	return nil, errLine
}

func TestNeverSendTwice(t *testing.T) {
	tests := []struct {
		name      string
		afterSend bool
		wantSent  int // sendMessage requests that reached the server
	}{
		{"not sent: retried", false, 1},
		{"fate unknown: not repeated", true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flaky := &flakyTransport{base: http.DefaultTransport.(*http.Transport).Clone(), afterSend: tt.afterSend}
			e := start(t, setup{handler: &scripted{}, config: func(c *telegram.Config) {}, client: &http.Client{Transport: flaky, Timeout: time.Minute}})
			alice := e.srv.Private(81, "de")
			e.turn(alice.Text("x"))
			if got := len(e.srv.Calls("sendMessage")); got != tt.wantSent {
				t.Fatalf("sendMessage requests: got %d, want %d", got, tt.wantSent)
			}
			if got := len(e.srv.Messages(81)); got != 1 {
				t.Fatalf("messages in the chat: got %d, want 1", got)
			}
		})
	}
}
