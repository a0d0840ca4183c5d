package logs

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
)

// ChatKey is the name of the attribute that carries a chat id.
const ChatKey = "chat"

// Hasher turns chat ids into keyed hashes. It is safe for concurrent use.
type Hasher struct{ key []byte }

// NewHasher returns a Hasher with key; an empty key takes 32 random bytes,
// so hashes then differ between processes.
func NewHasher(key string) (*Hasher, error) {
	if key != "" {
		return &Hasher{key: []byte(key)}, nil
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("log hash key: %w", err)
	}
	return &Hasher{key: b}, nil
}

// Chat returns the hash of a chat id: 16 hex digits.
func (h *Hasher) Chat(chat int64) string {
	mac := hmac.New(sha256.New, h.key)
	mac.Write(strconv.AppendInt(nil, chat, 10))
	return hex.EncodeToString(mac.Sum(nil)[:8])
}

// chatInText finds a chat id where other packages write one into an error
// text: "chat 123", "session -100123", "of chat 5".
var chatInText = regexp.MustCompile(`\b(chat|session) (-?[0-9]+)\b`)

// Redact replaces the chat ids in an error text by their hashes.
func (h *Hasher) Redact(s string) string {
	return chatInText.ReplaceAllStringFunc(s, func(m string) string {
		word, digits, _ := strings.Cut(m, " ")
		id, err := strconv.ParseInt(digits, 10, 64)
		if err != nil {
			return word + " ?"
		}
		return word + " " + h.Chat(id)
	})
}

// ReplaceAttr is a slog.HandlerOptions.ReplaceAttr that hashes "chat"
// attributes and redacts chat ids in error and string values.
func (h *Hasher) ReplaceAttr(_ []string, a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	if a.Key == ChatKey {
		switch v.Kind() {
		case slog.KindInt64:
			return slog.String(ChatKey, h.Chat(v.Int64()))
		case slog.KindUint64:
			return slog.String(ChatKey, h.Chat(int64(v.Uint64())))
		case slog.KindString:
			if id, err := strconv.ParseInt(v.String(), 10, 64); err == nil {
				return slog.String(ChatKey, h.Chat(id))
			}
		}
	}
	switch v.Kind() {
	case slog.KindString:
		if s := v.String(); chatInText.MatchString(s) {
			return slog.String(a.Key, h.Redact(s))
		}
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, h.Redact(err.Error()))
		}
	}
	return a
}

// New returns a JSON logger to w at level that hashes chat ids with h.
func New(w io.Writer, level slog.Leveler, h *Hasher) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: h.ReplaceAttr}))
}
