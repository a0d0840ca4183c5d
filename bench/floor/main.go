// Command floor is the least a Go webhook bot with sessions in Redis does
// per turn, measured beside `lotse serve` and the grammY bot by lotse-load
// (issue 17); see README.md in this folder. It does what bench/grammy's
// bot.js does, in Go with net/http, encoding/json and go-redis: per update
// it reads the chat's session (GET), answers, and writes it back (SET …
// EX). A text gets one message with an inline keyboard of three buttons; a
// tap gets editMessageText, and answerCallbackQuery in the webhook answer.
//
// Environment (the names lotse serve uses): TELEGRAM_TOKEN, TELEGRAM_API_URL,
// WEBHOOK_URL, WEBHOOK_LISTEN (default 127.0.0.1:8081), WEBHOOK_SECRET,
// REDIS_URL (default redis://127.0.0.1:6379/0), SESSION_TTL in seconds
// (default 600).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

type update struct {
	Message *struct {
		Text string `json:"text"`
		Chat struct {
			ID int64 `json:"id"`
		} `json:"chat"`
	} `json:"message"`
	CallbackQuery *struct {
		ID      string `json:"id"`
		Data    string `json:"data"`
		Message struct {
			ID   int `json:"message_id"`
			Chat struct {
				ID int64 `json:"id"`
			} `json:"chat"`
		} `json:"message"`
	} `json:"callback_query"`
}

type session struct {
	Turns int    `json:"turns"`
	Last  string `json:"last"`
}

type button struct {
	Text string `json:"text"`
	Data string `json:"callback_data"`
}

var menu = map[string][][]button{"inline_keyboard": {
	{{"Was brauche ich?", "need"}, {"Wo?", "where"}},
	{{"Zurück", "back"}},
}}

type bot struct {
	api    string // base URL with the token
	secret string
	ttl    time.Duration
	redis  *goredis.Client
	http   *http.Client
}

func main() {
	env := func(name, fallback string) string {
		if v := os.Getenv(name); v != "" {
			return v
		}
		if fallback == "" {
			log.Fatalf("floor: %s is not set", name)
		}
		return fallback
	}
	opt, err := goredis.ParseURL(env("REDIS_URL", "redis://127.0.0.1:6379/0"))
	if err != nil {
		log.Fatal(err)
	}
	ttl, err := strconv.Atoi(env("SESSION_TTL", "600"))
	if err != nil {
		log.Fatal(err)
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 128
	b := &bot{
		api:    env("TELEGRAM_API_URL", "https://api.telegram.org") + "/bot" + env("TELEGRAM_TOKEN", "") + "/",
		secret: env("WEBHOOK_SECRET", ""),
		ttl:    time.Duration(ttl) * time.Second,
		redis:  goredis.NewClient(opt),
		http:   &http.Client{Transport: t, Timeout: 20 * time.Second},
	}
	hook, err := url.Parse(env("WEBHOOK_URL", ""))
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	for b.call(ctx, "getMe", struct{}{}) != nil { // the fake API may start after us
		time.Sleep(100 * time.Millisecond)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+hook.Path, b.serve)
	listen := env("WEBHOOK_LISTEN", "127.0.0.1:8081")
	srv := &http.Server{Addr: listen, Handler: mux, IdleTimeout: 2 * time.Minute}
	go func() {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	err = b.call(ctx, "setWebhook", map[string]any{"url": hook.String(), "secret_token": b.secret, "max_connections": 64})
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("floor: pid %d, webhook %s, listening on %s", os.Getpid(), hook, listen)
	<-ctx.Done()
	_ = srv.Shutdown(context.Background())
}

// serve handles one update: session in, answer, session out.
func (b *bot) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-Telegram-Bot-Api-Secret-Token") != b.secret {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var u update
	if err := json.NewDecoder(r.Body).Decode(&u); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	var chat int64
	switch {
	case u.Message != nil:
		chat = u.Message.Chat.ID
	case u.CallbackQuery != nil:
		chat = u.CallbackQuery.Message.Chat.ID
	default:
		return
	}
	ctx := r.Context()
	key := "floor:" + strconv.FormatInt(chat, 10)
	var s session
	if raw, err := b.redis.Get(ctx, key).Bytes(); err == nil {
		_ = json.Unmarshal(raw, &s)
	} else if !errors.Is(err, goredis.Nil) {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	s.Turns++
	var err error
	if m := u.Message; m != nil {
		s.Last = m.Text
		err = b.call(ctx, "sendMessage", map[string]any{
			"chat_id": chat, "text": fmt.Sprintf("Sie schrieben: %s\n(Schritt %d)", m.Text, s.Turns), "reply_markup": menu,
		})
	} else {
		cq := u.CallbackQuery
		err = b.call(ctx, "editMessageText", map[string]any{
			"chat_id": chat, "message_id": cq.Message.ID, "text": fmt.Sprintf("%s zu: %s\n(Schritt %d)", cq.Data, s.Last, s.Turns), "reply_markup": menu,
		})
	}
	raw, _ := json.Marshal(s)
	if err == nil {
		err = b.redis.Set(ctx, key, raw, b.ttl).Err()
	}
	if err != nil {
		log.Print("floor: ", err)
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	if cq := u.CallbackQuery; cq != nil {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"method": "answerCallbackQuery", "callback_query_id": cq.ID})
	}
}

// call posts method with params as JSON and fails unless the answer is ok.
func (b *bot) call(ctx context.Context, method string, params any) error {
	body, err := json.Marshal(params)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.api+method, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var answer struct {
		OK          bool   `json:"ok"`
		Description string `json:"description"`
	}
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, &answer); err != nil || !answer.OK {
		return fmt.Errorf("%s: %d %s", method, resp.StatusCode, answer.Description)
	}
	return nil
}
