package logs_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lotse-de/lotse/logs"
)

func TestHasherIsKeyed(t *testing.T) {
	a, _ := logs.NewHasher("key-a")
	a2, _ := logs.NewHasher("key-a")
	b, _ := logs.NewHasher("key-b")
	random, err := logs.NewHasher("")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.Chat(123456), a2.Chat(123456); got != want {
		t.Errorf("same key: got %s, want %s", got, want)
	}
	if a.Chat(123456) == b.Chat(123456) || a.Chat(123456) == random.Chat(123456) {
		t.Error("different keys give the same hash")
	}
	if a.Chat(1) == a.Chat(2) {
		t.Error("different chats give the same hash")
	}
	if got := len(a.Chat(-1001234567890)); got != 16 {
		t.Errorf("hash length %d, want 16", got)
	}
}

func TestLoggerHidesChatIDs(t *testing.T) {
	h, _ := logs.NewHasher("k")
	const chat = int64(987654321)
	tests := []struct {
		name string
		log  func(l *slog.Logger)
	}{
		{"int attribute", func(l *slog.Logger) { l.Info("turn", "chat", chat, "update_id", 5) }},
		{"string attribute", func(l *slog.Logger) { l.Info("turn", "chat", "987654321") }},
		{"error text", func(l *slog.Logger) {
			l.Error("failed", "error", fmt.Errorf("handle update 5: %w", fmt.Errorf("load chat %d: %w", chat, errors.New("EOF"))))
		}},
		{"store error text", func(l *slog.Logger) { l.Warn("x", "error", "save session 987654321: conflict") }},
		{"in a group", func(l *slog.Logger) { l.WithGroup("g").Info("turn", "chat", chat) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			tt.log(logs.New(&buf, slog.LevelInfo, h))
			line := buf.String()
			if strings.Contains(line, "987654321") {
				t.Fatalf("chat id in the clear: %s", line)
			}
			if !strings.Contains(line, h.Chat(chat)) {
				t.Errorf("hash %s missing: %s", h.Chat(chat), line)
			}
			var v map[string]any
			if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
				t.Errorf("not JSON: %v", err)
			}
		})
	}
}

func TestLoggerKeepsOtherNumbers(t *testing.T) {
	h, _ := logs.NewHasher("k")
	var buf bytes.Buffer
	logs.New(&buf, slog.LevelInfo, h).Info("turn", "update_id", 9876543, "error", "handle update 9876543: timeout")
	if got := strings.Count(buf.String(), "9876543"); got != 2 {
		t.Errorf("update id appears %d times, want 2: %s", got, buf.String())
	}
}

// FuzzRedact: any text is redacted without panic, and every chat id the
// text names ("chat 123", "session 123") is replaced by its hash.
func FuzzRedact(f *testing.F) {
	for _, s := range []string{"load chat 123: EOF", "save session -1001234: x", "chat 99999999999999999999", "chat chat 1 2", "", "session 12 chat 13", "achat 5"} {
		f.Add(s)
	}
	h, _ := logs.NewHasher("k")
	named := regexp.MustCompile(`\b(?:chat|session) (-?[0-9]+)\b`)
	f.Fuzz(func(t *testing.T, s string) {
		out := h.Redact(s)
		for _, m := range named.FindAllStringSubmatch(s, -1) {
			id, err := strconv.ParseInt(m[1], 10, 64)
			if err != nil {
				continue
			}
			if !strings.Contains(out, h.Chat(id)) {
				t.Fatalf("%q → %q: hash of %d missing", s, out, id)
			}
		}
	})
}
