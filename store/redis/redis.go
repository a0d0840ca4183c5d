// Package redis is a dialog.Store on Redis, for one or many bot replicas.
//
// A chat's keys share the hash tag {c:<chat>}, so a Redis Cluster keeps them
// in one slot: lotse:{c:123}:session holds the session as "<version> <json>",
// lotse:{c:123}:updates the recently handled update ids as a sorted set,
// lotse:{c:123}:outbox the replies of updates that could not be sent, and
// lotse:{c:123}:rate the Limiter's counter.
// Every key has a time to live. Save is a compare-and-set on the version in
// a Lua script, so concurrent replicas never overwrite each other.
package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/lotse-de/lotse/dialog"
)

var _ dialog.Store = (*Store)(nil)

// maxUpdates is how many update ids are remembered per chat.
const maxUpdates = 64

// Store is a dialog.Store on Redis. It is safe for concurrent use.
type Store struct {
	client goredis.UniversalClient
	ttl    time.Duration
	prefix string
	cache  *sessionCache // nil: every Load asks Redis
	saves  *scriptBatcher
}

// Option configures a Store.
type Option func(*Store)

// WithTTL sets how long a chat's data is kept after its last change.
func WithTTL(ttl time.Duration) Option { return func(s *Store) { s.ttl = ttl } }

// WithPrefix sets the prefix of every key, "lotse" by default.
func WithPrefix(p string) Option { return func(s *Store) { s.prefix = p } }

// DefaultSessionCache is how many sessions a Store keeps in memory unless
// WithSessionCache says otherwise: about 5 MB.
const DefaultSessionCache = 10_000

// WithSessionCache keeps the sessions this Store saved last, at most
// size of them (about 0.5 kB each), and serves Load from them while their
// Redis key surely lives: a turn then takes one Redis round trip instead
// of two. Save stays a compare-and-set in Redis, which compares the whole
// stored value when the cache knows it, so a session that another replica
// changed, or deleted and created again, is never overwritten: Save
// returns dialog.ErrConflict and the next Load serves what Redis held at
// that moment. Size 0 or less keeps no cache.
func WithSessionCache(size int) Option {
	return func(s *Store) {
		s.cache = nil
		if size > 0 {
			s.cache = newSessionCache(size)
		}
	}
}

// New returns a Store on client with a cache of DefaultSessionCache
// sessions (see WithSessionCache).
func New(client goredis.UniversalClient, opts ...Option) *Store {
	s := &Store{
		client: client,
		ttl:    dialog.DefaultTTL,
		prefix: "lotse",
		cache:  newSessionCache(DefaultSessionCache),
		saves:  &scriptBatcher{client: client, script: saveScript},
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// key returns the key of one of a chat's values: prefix:{c:<chat>}:name.
func (s *Store) key(chat int64, name string) string {
	return s.prefix + ":{c:" + strconv.FormatInt(chat, 10) + "}:" + name
}

func (s *Store) sessionKey(chat int64) string { return s.key(chat, "session") }
func (s *Store) updatesKey(chat int64) string { return s.key(chat, "updates") }
func (s *Store) rateKey(chat int64) string    { return s.key(chat, "rate") }
func (s *Store) outboxKey(chat int64) string  { return s.key(chat, "outbox") }

// Load returns the session of chat or dialog.ErrNotFound.
func (s *Store) Load(ctx context.Context, chat int64) (dialog.Session, error) {
	if s.cache != nil {
		if raw, ok := s.cache.fresh(chat, time.Now()); ok {
			return decodeSession(chat, raw)
		}
	}
	raw, err := s.client.Get(ctx, s.sessionKey(chat)).Result()
	if errors.Is(err, goredis.Nil) {
		return dialog.Session{}, dialog.ErrNotFound
	}
	if err != nil {
		return dialog.Session{}, fmt.Errorf("load session %d: %w", chat, err)
	}
	sess, err := decodeSession(chat, raw)
	if err == nil && s.cache != nil {
		// not served (its TTL is unknown), but compared with on Save
		s.cache.put(chat, sess.Version, raw, time.Time{})
	}
	return sess, err
}

func decodeSession(chat int64, raw string) (dialog.Session, error) {
	sess, err := decode(raw)
	if err != nil {
		return dialog.Session{}, fmt.Errorf("decode session %d: %w", chat, err)
	}
	sess.Chat = chat
	return sess, nil
}

// saveScript sets KEYS[1] to ARGV[2] with a TTL of ARGV[3] ms if the
// stored value is ARGV[4] or, with ARGV[4] empty, if the version at the
// start of the stored value is ARGV[1] (0: no value). It renews the TTL of
// KEYS[2] and returns 1, or 0 when the stored value is another; with
// ARGV[5] = "1" it then returns the stored value and its TTL in ms. A
// value that is already ARGV[2] counts as set: every value carries a write
// token of its own, so that is this very save, repeated by the client
// after its answer was lost.
var saveScript = goredis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[2] then return 1 end
local ok
if ARGV[4] ~= '' then
  ok = cur == ARGV[4]
else
  local v = 0
  if cur then v = tonumber(string.match(cur, '^(%d+) ')) or -1 end
  ok = v == tonumber(ARGV[1])
end
if not ok then
  if cur and ARGV[5] == '1' then return {cur, redis.call('PTTL', KEYS[1])} end
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1`)

// settleTimeout bounds how long Save waits for Redis to tell whether a
// save whose answer was lost took place.
const settleTimeout = 10 * time.Second

// Save stores sess if the stored version equals sess.Version, or returns
// dialog.ErrConflict. It renews the TTL of all of the chat's keys.
// Concurrent Saves share pipelines (see scriptBatcher), so a Save is
// bounded by the client's timeouts rather than by ctx. When the answer is
// lost (Redis stopped or the connection broke after the script was sent),
// Save reads the session until Redis answers again, for at most
// settleTimeout: it returns nil if the save took place and ErrConflict if
// not, so that the turn's replies are neither lost nor sent for a turn
// that did not happen.
func (s *Store) Save(ctx context.Context, sess *dialog.Session) error {
	next := *sess
	next.Version++
	raw, err := encode(next)
	if err != nil {
		return fmt.Errorf("encode session %d: %w", sess.Chat, err)
	}
	raw += "|" + writeToken()
	var expect, refresh string
	if s.cache != nil {
		expect, _ = s.cache.stored(sess.Chat, sess.Version)
		refresh = "1"
	}
	start := time.Now()
	res, err := s.saves.run(ctx, []string{s.sessionKey(sess.Chat), s.updatesKey(sess.Chat)},
		sess.Version, raw, s.ttl.Milliseconds(), expect, refresh).Result()
	if err != nil {
		if s.cache != nil {
			s.cache.drop(sess.Chat)
		}
		var answered goredis.Error
		if errors.As(err, &answered) {
			return fmt.Errorf("save session %d: %w", sess.Chat, err)
		}
		if err := s.settle(ctx, sess.Chat, raw, err); err != nil {
			return err
		}
	} else if n, ok := res.(int64); !ok || n != 1 {
		if s.cache != nil {
			s.refresh(sess.Chat, res, start)
		}
		return dialog.ErrConflict
	}
	sess.Version = next.Version
	if s.cache != nil {
		s.cache.put(sess.Chat, next.Version, raw, start.Add(s.ttl))
	}
	return nil
}

// settle finds out whether the save of raw, whose answer was lost with
// cause, took place: nil if Redis holds raw, ErrConflict if it holds
// something else (or nothing), and cause if Redis does not answer within
// settleTimeout.
func (s *Store) settle(ctx context.Context, chat int64, raw string, cause error) error {
	deadline := time.Now().Add(settleTimeout)
	for wait := 20 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		cur, err := s.client.Get(ctx, s.sessionKey(chat)).Result()
		switch {
		case err == nil && cur == raw:
			return nil
		case err == nil, errors.Is(err, goredis.Nil):
			return dialog.ErrConflict
		}
		if time.Now().Add(wait).After(deadline) {
			return fmt.Errorf("save session %d: %w", chat, cause)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("save session %d: %w", chat, cause)
		case <-t.C:
		}
	}
}

// writeToken makes each stored value unique (see saveScript).
func writeToken() string {
	return strconv.FormatUint(rand.Uint64()>>16, 36)
}

// refresh puts what a failed compare-and-set found in Redis into the
// cache, so that the turn run again sees it without asking Redis.
func (s *Store) refresh(chat int64, res any, start time.Time) {
	s.cache.drop(chat)
	found, ok := res.([]any)
	if !ok || len(found) != 2 {
		return
	}
	raw, ok1 := found[0].(string)
	ttl, ok2 := found[1].(int64)
	if !ok1 || !ok2 || ttl <= 0 {
		return
	}
	version, _, _ := strings.Cut(raw, " ")
	v, err := strconv.ParseInt(version, 10, 64)
	if err != nil {
		return
	}
	s.cache.put(chat, v, raw, start.Add(time.Duration(ttl)*time.Millisecond))
}

// Delete removes all keys of chat.
func (s *Store) Delete(ctx context.Context, chat int64) error {
	if s.cache != nil {
		s.cache.drop(chat)
		defer s.cache.drop(chat)
	}
	if err := s.client.Del(ctx, s.sessionKey(chat), s.updatesKey(chat), s.rateKey(chat), s.outboxKey(chat)).Err(); err != nil {
		return fmt.Errorf("delete chat %d: %w", chat, err)
	}
	return nil
}

// rememberScript adds ARGV[1] to the sorted set KEYS[1] unless present,
// keeps the newest ARGV[2] ids, and sets the TTL to ARGV[3] ms.
var rememberScript = goredis.NewScript(`
local added = redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[2]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return added`)

// Remember records updateID for chat and reports whether it was new.
func (s *Store) Remember(ctx context.Context, chat, updateID int64) (bool, error) {
	ttl := min(s.ttl, dialog.UpdateMemory)
	added, err := rememberScript.Run(ctx, s.client, []string{s.updatesKey(chat)},
		updateID, maxUpdates, ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("remember update %d of chat %d: %w", updateID, chat, err)
	}
	return added == 1, nil
}

// Ping reports whether Redis answers.
func (s *Store) Ping(ctx context.Context) error { return s.client.Ping(ctx).Err() }

// The session is stored as "<version> " followed by nine fields separated
// by "|": language, flow, state, place, service, the highest update id
// handled (followed by ",<offset>" in base 36 for each other recent one), time of
// the last change (Unix seconds), answers (URL query form) and the
// back-stack ("flow:state" items separated by ",", the flow left out when
// it is the one of the step before); Save adds a tenth, its write token,
// which decode skips. Every text is
// query-escaped, so no separator can occur inside a field. It is a third
// of the size of JSON, which keeps an idle session under 400 bytes of
// Redis memory.
const fieldCount = 9

func encode(sess dialog.Session) (string, error) {
	var b strings.Builder
	b.Grow(256)
	b.WriteString(strconv.FormatInt(sess.Version, 10))
	b.WriteByte(' ')
	for i, f := range []string{sess.Lang, sess.Flow, sess.State, sess.Place, sess.Service} {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(url.QueryEscape(f))
	}
	b.WriteByte('|')
	b.WriteString(strconv.FormatInt(sess.LastUpdate, 10))
	for _, id := range sess.Recent {
		b.WriteByte(',')
		b.WriteString(strconv.FormatInt(sess.LastUpdate-id, 36))
	}
	b.WriteByte('|')
	if !sess.Updated.IsZero() {
		b.WriteString(strconv.FormatInt(sess.Updated.Unix(), 10))
	}
	b.WriteByte('|')
	answers := url.Values{}
	for k, v := range sess.Answers {
		answers.Set(k, v)
	}
	b.WriteString(answers.Encode())
	b.WriteByte('|')
	for i, step := range sess.Back {
		if i > 0 {
			b.WriteByte(',')
		}
		if i == 0 || step.Flow != sess.Back[i-1].Flow {
			b.WriteString(url.QueryEscape(step.Flow))
		}
		b.WriteString(":" + url.QueryEscape(step.State))
	}
	return b.String(), nil
}

func decode(raw string) (dialog.Session, error) {
	version, body, ok := strings.Cut(raw, " ")
	if !ok {
		return dialog.Session{}, errors.New("no version")
	}
	var sess dialog.Session
	var err error
	if sess.Version, err = strconv.ParseInt(version, 10, 64); err != nil {
		return dialog.Session{}, fmt.Errorf("version: %w", err)
	}
	fields := strings.Split(body, "|")
	if len(fields) != fieldCount && len(fields) != fieldCount+1 {
		return dialog.Session{}, fmt.Errorf("%d fields, want %d and a write token", len(fields), fieldCount)
	}
	texts := []*string{&sess.Lang, &sess.Flow, &sess.State, &sess.Place, &sess.Service}
	for i, dst := range texts {
		if *dst, err = url.QueryUnescape(fields[i]); err != nil {
			return dialog.Session{}, fmt.Errorf("field %d: %w", i, err)
		}
	}
	last, recent, _ := strings.Cut(fields[5], ",")
	if sess.LastUpdate, err = strconv.ParseInt(last, 10, 64); err != nil {
		return dialog.Session{}, fmt.Errorf("last update: %w", err)
	}
	if recent != "" {
		for _, off := range strings.Split(recent, ",") {
			d, err := strconv.ParseInt(off, 36, 64)
			if err != nil {
				return dialog.Session{}, fmt.Errorf("recent update: %w", err)
			}
			sess.Recent = append(sess.Recent, sess.LastUpdate-d)
		}
	}
	if fields[6] != "" {
		unix, err := strconv.ParseInt(fields[6], 10, 64)
		if err != nil {
			return dialog.Session{}, fmt.Errorf("updated: %w", err)
		}
		sess.Updated = time.Unix(unix, 0).UTC()
	}
	if fields[7] != "" {
		answers, err := url.ParseQuery(fields[7])
		if err != nil {
			return dialog.Session{}, fmt.Errorf("answers: %w", err)
		}
		if len(answers) > 0 { // "&" holds no answer: stay nil, as an empty field decodes
			sess.Answers = make(map[string]string, len(answers))
		}
		for k, v := range answers {
			sess.Answers[k] = v[0]
		}
	}
	if fields[8] != "" {
		for _, item := range strings.Split(fields[8], ",") {
			flow, state, ok := strings.Cut(item, ":")
			if !ok {
				return dialog.Session{}, fmt.Errorf("back step %q", item)
			}
			var step dialog.Step
			if step.Flow, err = url.QueryUnescape(flow); err != nil {
				return dialog.Session{}, fmt.Errorf("back step: %w", err)
			}
			if step.Flow == "" && len(sess.Back) > 0 {
				step.Flow = sess.Back[len(sess.Back)-1].Flow
			}
			if step.State, err = url.QueryUnescape(state); err != nil {
				return dialog.Session{}, fmt.Errorf("back step: %w", err)
			}
			sess.Back = append(sess.Back, step)
		}
	}
	return sess, nil
}

// keepScript stores ARGV[2] under field ARGV[1] of the hash KEYS[1] and
// sets its TTL to ARGV[3] ms.
var keepScript = goredis.NewScript(`
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`)

// takeScript returns and removes field ARGV[1] of the hash KEYS[1].
var takeScript = goredis.NewScript(`
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v then redis.call('HDEL', KEYS[1], ARGV[1]) end
return v`)

// Keep stores the replies of an update that could not be sent, until Take
// asks for them when the update is delivered again. It keeps them without
// the user's words they show back (dialog.Redact).
func (s *Store) Keep(ctx context.Context, chat, updateID int64, replies []dialog.Reply) error {
	b, err := json.Marshal(dialog.Redact(replies))
	if err != nil {
		return fmt.Errorf("keep replies of update %d: %w", updateID, err)
	}
	ttl := min(s.ttl, dialog.UpdateMemory)
	if err := keepScript.Run(ctx, s.client, []string{s.outboxKey(chat)}, updateID, b, ttl.Milliseconds()).Err(); err != nil {
		return fmt.Errorf("keep replies of update %d: %w", updateID, err)
	}
	return nil
}

// Take returns and forgets the replies kept for an update.
func (s *Store) Take(ctx context.Context, chat, updateID int64) ([]dialog.Reply, bool, error) {
	raw, err := takeScript.Run(ctx, s.client, []string{s.outboxKey(chat)}, updateID).Text()
	if errors.Is(err, goredis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("take replies of update %d: %w", updateID, err)
	}
	var replies []dialog.Reply
	if err := json.Unmarshal([]byte(raw), &replies); err != nil {
		return nil, false, fmt.Errorf("decode replies of update %d: %w", updateID, err)
	}
	return replies, true, nil
}
