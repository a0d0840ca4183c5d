package e2e_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/lotse-de/lotse/locales"
	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// TestPrivacyNoUserWordsInRedis plays a conversation in which the user
// types a name at the place question and a name with a phone number into
// the search, once while the Bot API fails so that the reply is kept in
// the outbox. Then it reads every key in Redis and the append-only file:
// neither the name nor the number may be anywhere, and every key's time
// to live is within what the README's privacy section says. After /forget
// and BGREWRITEAOF nothing of the chat is left in Redis or in the file.
func TestPrivacyNoUserWordsInRedis(t *testing.T) {
	c := newCluster(t)
	r := c.start()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const chat = 7001
	secrets := []string{"Zwirbelkraut", "Marianne", "48213377", "0176 4821"}
	user := c.api.Private(chat, "de")
	var d delivery
	say := func(u models.Update) {
		t.Helper()
		if err := c.send(ctx, &d, c.update(u), func(int) *replica { return r }); err != nil {
			t.Fatal(err)
		}
	}
	say(user.Text("/start"))
	say(user.Text("Marianne Zwirbelkraut"))
	say(user.Text("Jena"))
	say(user.Inline("Marianne Zwirbelkraut 0176 48213377"))
	// The search's reply cannot be sent: it is kept for the redelivery.
	c.api.Fail("sendMessage", repeat(telegramtest.Failure{Status: http.StatusInternalServerError}, 5)...)
	search := c.update(user.Text("Marianne Zwirbelkraut 0176 48213377"))
	if got := c.post(ctx, r, search); got != http.StatusInternalServerError {
		t.Fatalf("search while the Bot API fails: got %d, want 500", got)
	}
	if c.redis.Do("EXISTS", "lotse:{c:"+strconv.Itoa(chat)+"}:outbox") != "1" {
		t.Fatal("the unsent reply was not kept in the outbox")
	}
	checkKeys(t, c.redis, secrets)
	checkAOF(t, c.redis, secrets, "")

	// Delivered again, the kept reply goes out.
	if err := c.send(ctx, &d, search, func(int) *replica { return r }); err != nil {
		t.Fatal(err)
	}
	say(user.Text("Personalausweis verloren"))
	checkKeys(t, c.redis, secrets)
	checkAOF(t, c.redis, secrets, "")

	// /forget deletes the chat's keys; a rewrite drops them from the file.
	chatTag := "{c:" + strconv.Itoa(chat) + "}"
	checkAOF(t, c.redis, nil, chatTag)
	say(user.Text("/forget"))
	yes, err := user.Tap(strings.TrimSpace(forgetYes()))
	if err != nil {
		t.Fatal(err)
	}
	say(yes)
	if keys := c.redis.Do("--scan", "--pattern", "*"+chatTag+"*"); keys != "" {
		t.Errorf("keys left after /forget: %s", keys)
	}
	c.redis.Do("BGREWRITEAOF")
	waitFor(t, "the AOF rewrite", 20*time.Second, func() bool {
		info := c.redis.Do("INFO", "persistence")
		return strings.Contains(info, "aof_rewrite_in_progress:0") && strings.Contains(info, "aof_rewrite_scheduled:0") &&
			!aofContains(t, c.redis, chatTag)
	})
}

// checkKeys reads every key in Redis and fails when a value holds one of
// secrets or a key's time to live is not what the README says.
func checkKeys(t *testing.T, r *redisServer, secrets []string) {
	t.Helper()
	const day = 24 * 60 * 60
	maxTTL := map[string]int{ // by the last part of the key
		"session": 14 * day, // SESSION_TTL
		"updates": 14 * day, // renewed with the session
		"outbox":  day,
		"lease":   3, // dialog.OutboxLease
		"sender":  day,
		"rate":    60, // RATE_WINDOW
	}
	keys := strings.Fields(r.Do("--scan", "--pattern", "*"))
	if len(keys) == 0 {
		t.Fatal("no keys in Redis")
	}
	for _, k := range keys {
		var value string
		switch typ := r.Do("TYPE", k); typ {
		case "string":
			value = r.Do("GET", k)
		case "hash":
			value = r.Do("HGETALL", k)
		case "set":
			value = r.Do("SMEMBERS", k)
		case "zset":
			value = r.Do("ZRANGE", k, "0", "-1", "WITHSCORES")
		case "list":
			value = r.Do("LRANGE", k, "0", "-1")
		default:
			t.Errorf("key %s: type %q not read", k, typ)
		}
		for _, s := range secrets {
			if strings.Contains(value, s) {
				t.Errorf("key %s holds %q: %.300s", k, s, value)
			}
		}
		ttl, _ := strconv.Atoi(r.Do("TTL", k))
		if ttl <= 0 {
			t.Errorf("key %s: TTL %d, want > 0", k, ttl)
			continue
		}
		last := k[strings.LastIndex(k, ":")+1:]
		if strings.HasPrefix(k, "lotse:{c:") {
			limit, ok := maxTTL[last]
			if !ok {
				t.Errorf("key %s is not named in the README's privacy section", k)
			} else if ttl > limit {
				t.Errorf("key %s: TTL %d s, want at most %d s", k, ttl, limit)
			}
		} else if !strings.HasPrefix(k, "lotse:active:") || ttl > 60*60 {
			t.Errorf("key %s (TTL %d s) is neither a chat's nor the activity gauge's", k, ttl)
		}
	}
}

// checkAOF fails when the append-only file holds one of secrets, or, when
// want is set, does not hold want.
func checkAOF(t *testing.T, r *redisServer, secrets []string, want string) {
	t.Helper()
	for _, s := range secrets {
		if aofContains(t, r, s) {
			t.Errorf("the append-only file holds %q", s)
		}
	}
	if want != "" && !aofContains(t, r, want) {
		t.Errorf("the append-only file lacks %q", want)
	}
}

func aofContains(t *testing.T, r *redisServer, s string) bool {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(r.conf), "appendonlydir", "*"))
	if len(files) == 0 {
		t.Fatal("no append-only file")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if strings.Contains(string(b), s) {
			return true
		}
	}
	return false
}

func repeat[T any](v T, n int) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// forgetYes is the label of the button that confirms /forget.
func forgetYes() string {
	b, err := locales.Load()
	if err != nil {
		panic(err)
	}
	return b.T("de", "main.forget.yes", nil)
}
