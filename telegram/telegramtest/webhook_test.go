package telegramtest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// setWebhook registers hook with srv as a bot would.
func setWebhook(t *testing.T, srv *telegramtest.Server, hook, secret string) {
	t.Helper()
	resp, err := http.PostForm(srv.URL()+"/bot"+srv.Token()+"/setWebhook", url.Values{"url": {hook}, "secret_token": {secret}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("setWebhook: %d", resp.StatusCode)
	}
}

// TestPostCarriesOutWebhookAnswer checks that Post sends the secret and
// the update, and carries out a method the bot puts into its answer.
func TestPostCarriesOutWebhookAnswer(t *testing.T) {
	srv := telegramtest.NewServer()
	defer srv.Close()
	alice := srv.Private(5, "de")
	upd := alice.Callback(1, "1|main.q|yes")
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Telegram-Bot-Api-Secret-Token") != "s3cret" || !strings.Contains(string(body), upd.CallbackQuery.ID) {
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"method":"answerCallbackQuery","callback_query_id":"`+upd.CallbackQuery.ID+`","text":"ok"}`)
	}))
	defer hook.Close()
	setWebhook(t, srv, hook.URL+"/hook", "s3cret")

	status, err := srv.Post(context.Background(), upd)
	if err != nil || status != http.StatusOK {
		t.Fatalf("post: %d %v", status, err)
	}
	calls := srv.Calls("answerCallbackQuery")
	if len(calls) != 1 || !calls[0].InWebhookAnswer || !calls[0].OK() || calls[0].Param("text") != "ok" {
		t.Fatalf("answerCallbackQuery calls: %+v", calls)
	}
	if open := srv.Unanswered(); len(open) != 0 {
		t.Fatalf("unanswered: %v", open)
	}
}

// TestPostReplacesClosedConnection checks that an update still goes out
// when the bot closed the kept-alive connection since the last one.
func TestPostReplacesClosedConnection(t *testing.T) {
	srv := telegramtest.NewServer()
	defer srv.Close()
	var got atomic.Int64
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
	}))
	defer hook.Close()
	setWebhook(t, srv, hook.URL, "s")
	alice := srv.Private(6, "de")
	for i := range 3 {
		status, err := srv.Post(context.Background(), alice.Text("hallo"))
		if err != nil || status != http.StatusOK {
			t.Fatalf("post %d: %d %v", i, status, err)
		}
		hook.CloseClientConnections()
	}
	if got.Load() != 3 {
		t.Fatalf("the bot got %d updates, want 3", got.Load())
	}
}
