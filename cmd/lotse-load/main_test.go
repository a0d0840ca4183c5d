package main

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// play runs lotse-load with args and checks that every turn was
// answered; it returns what it printed.
func play(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), args, &stdout, &stderr); err != nil {
		t.Fatalf("%v (stderr: %s)", err, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"turns/s, 0 failed", "update → first reply: p50", "messages per turn: ", "CPU of this process"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output %q lacks %q", out, want)
		}
	}
	if strings.Contains(out, "got no reply") {
		t.Fatalf("some turns got no reply: %s", out)
	}
	return out
}

// turnsOf reads the number of turns from the first line of the output.
func turnsOf(t *testing.T, out string) int {
	t.Helper()
	m := regexp.MustCompile(`: (\d+) turns,`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no turn count in %q", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestInProcess(t *testing.T) {
	for _, args := range [][]string{
		{"-chats", "3", "-duration", "300ms", "-store", "memory"},
		{"-chats", "3", "-duration", "300ms", "-store", "memory", "-as-serve"},
	} {
		t.Run(strings.Join(args[6:], " "), func(t *testing.T) {
			play(t, args...)
		})
	}
}

// TestThink checks that with -think each chat writes at most once per
// think time: 20 chats, 1 s, every 250 ms is at most 4 turns each (the
// first turns are spread over the first 250 ms), where a closed loop
// plays hundreds.
func TestThink(t *testing.T) {
	out := play(t, "-chats", "20", "-duration", "1s", "-think", "250ms", "-store", "memory")
	if n := turnsOf(t, out); n < 1 || n > 20*4 {
		t.Fatalf("got %d turns, want 1 to %d: %s", n, 20*4, out)
	}
	if !strings.Contains(out, "each chat every 250ms, offered 80 turns/s") {
		t.Fatalf("output lacks the offered load: %s", out)
	}
}

// TestServeProcess builds lotse and plays against `lotse serve` as a
// process of its own on Redis, with a CPU profile from its pprof
// endpoint.
func TestServeProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds lotse")
	}
	if c, err := net.Dial("tcp", "127.0.0.1:6379"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Redis at 127.0.0.1:6379")
		}
		t.Skip("no Redis at 127.0.0.1:6379")
	} else {
		c.Close()
	}
	t.Setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
	dir := t.TempDir()
	bin := filepath.Join(dir, "lotse")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/lotse-de/lotse/cmd/lotse").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	profile := filepath.Join(dir, "cpu.pprof")
	out := play(t, "-serve", bin, "-serve-cpuprofile", profile, "-chats", "10", "-duration", "2s", "-think", "200ms")
	for _, want := range []string{"lotse serve as its own process", "lotse serve: ", "CPU per turn", "peak "} {
		if !strings.Contains(out, want) {
			t.Fatalf("output %q lacks %q", out, want)
		}
	}
	if fi, err := os.Stat(profile); err != nil || fi.Size() == 0 {
		t.Fatalf("no CPU profile of serve: %v", err)
	}
}

// TestPID plays against a bot started by hand on -api-listen, here a
// small webhook bot in the test's own process, and measures that process
// with -pid.
func TestPID(t *testing.T) {
	api, err := freeAddr()
	if err != nil {
		t.Fatal(err)
	}
	hook, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	const token, secret = "123:pid-test", "pid-test"
	t.Setenv("TELEGRAM_TOKEN", token)
	call := func(method string, params map[string]any) {
		b, _ := json.Marshal(params)
		resp, err := http.Post("http://"+api+"/bot"+token+"/"+method, "application/json", bytes.NewReader(b))
		if err == nil {
			resp.Body.Close()
		}
	}
	keyboard := map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "A", "callback_data": "a"}}}}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Telegram-Bot-Api-Secret-Token") != secret {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var upd struct {
			Message *struct {
				Chat struct{ ID int64 } `json:"chat"`
			} `json:"message"`
			CallbackQuery *struct {
				ID      string `json:"id"`
				Message struct {
					ID   int                `json:"message_id"`
					Chat struct{ ID int64 } `json:"chat"`
				} `json:"message"`
			} `json:"callback_query"`
		}
		_ = json.NewDecoder(r.Body).Decode(&upd)
		switch {
		case upd.Message != nil:
			call("sendMessage", map[string]any{"chat_id": upd.Message.Chat.ID, "text": "menu", "reply_markup": keyboard})
		case upd.CallbackQuery != nil:
			q := upd.CallbackQuery
			call("editMessageText", map[string]any{"chat_id": q.Message.Chat.ID, "message_id": q.Message.ID, "text": "edit " + q.ID, "reply_markup": keyboard})
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]string{"method": "answerCallbackQuery", "callback_query_id": q.ID})
		}
	})}
	go srv.Serve(hook)
	defer srv.Close()
	go func() { // set the webhook once the fake API listens
		for t.Context().Err() == nil {
			b, _ := json.Marshal(map[string]string{"url": "http://" + hook.Addr().String() + "/", "secret_token": secret})
			resp, err := http.Post("http://"+api+"/bot"+token+"/setWebhook", "application/json", bytes.NewReader(b))
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	pid := strconv.Itoa(os.Getpid())
	out := play(t, "-api-listen", api, "-pid", pid, "-chats", "5", "-duration", "1s", "-think", "100ms")
	for _, want := range []string{"a bot started by hand, process " + pid, "process " + pid + ": ", "CPU per turn", "peak "} {
		if !strings.Contains(out, want) {
			t.Fatalf("output %q lacks %q", out, want)
		}
	}
}

// TestPIDNeedsAPIListen checks that -pid is refused without -api-listen
// or for a process that does not run.
func TestPIDNeedsAPIListen(t *testing.T) {
	for _, args := range [][]string{{"-pid", "1"}, {"-api-listen", "127.0.0.1:0", "-pid", "2147483647"}} {
		t.Setenv("TELEGRAM_TOKEN", "123:x")
		var stdout, stderr bytes.Buffer
		if err := run(t.Context(), args, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "pid") {
			t.Errorf("%v: got %v, want an error about -pid", args, err)
		}
	}
}
