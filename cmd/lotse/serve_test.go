package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/lotse-de/lotse/telegram"
	"github.com/lotse-de/lotse/telegram/telegramtest"
)

func TestServeConfigErrors(t *testing.T) {
	srv := telegramtest.NewServer()
	defer srv.Close()
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"no token", map[string]string{"TELEGRAM_TOKEN": ""}, "TELEGRAM_TOKEN"},
		{"webhook without secret", map[string]string{"WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": ""}, telegram.ErrNoWebhookSecret.Error()},
		{"bad secret", map[string]string{"WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": "no spaces allowed"}, telegram.ErrNoWebhookSecret.Error()},
		{"bad log level", map[string]string{"LOG_LEVEL": "chatty"}, "LOG_LEVEL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := map[string]string{
				"TELEGRAM_TOKEN": srv.Token(), "TELEGRAM_API_URL": srv.URL(), "REDIS_URL": "",
				"METRICS_LISTEN": "off", "WEBHOOK_URL": "", "WEBHOOK_SECRET": "", "LOG_LEVEL": "error",
			}
			for k, v := range tt.env {
				base[k] = v
			}
			for k, v := range base {
				t.Setenv(k, v)
			}
			err := cmdServe(context.Background(), nil, nil, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one about %s", err, tt.want)
			}
		})
	}
}

// TestServePolling runs `lotse serve` by long polling against the fake Bot
// API: it answers /start and stops cleanly.
func TestServePolling(t *testing.T) {
	srv := telegramtest.NewServer(telegramtest.WithMaxPoll(100 * time.Millisecond))
	defer srv.Close()
	for k, v := range map[string]string{
		"TELEGRAM_TOKEN": srv.Token(), "TELEGRAM_API_URL": srv.URL(), "REDIS_URL": "",
		"METRICS_LISTEN": "off", "WEBHOOK_URL": "", "LOG_LEVEL": "error",
	} {
		t.Setenv(k, v)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	var stderr bytes.Buffer
	go func() { done <- cmdServe(ctx, nil, nil, io.Discard, &stderr) }()

	wait, stop := context.WithTimeout(context.Background(), 20*time.Second)
	defer stop()
	if _, err := srv.WaitCalls(wait, "deleteWebhook", 1); err != nil {
		t.Fatalf("bot did not start: %v", err)
	}
	srv.Inject(srv.Private(5, "de").Text("/start"))
	// The welcome and the question for the place come as one message.
	calls, err := srv.WaitCalls(wait, "sendMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := calls[0].Param("text"); !strings.Contains(got, "Lotse") || !strings.Contains(got, "Wo wohnen Sie?") {
		t.Fatalf("first reply: got %q, want the welcome and the place question", got)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("serve: %v (log: %s)", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
}
