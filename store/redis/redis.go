// Package redis is a dialog.Store on Redis, for one or many bot replicas.
//
// A chat's keys share the hash tag {c:<chat>}, so a Redis Cluster keeps them
// in one slot: lotse:{c:123}:session holds the session (see encode),
// lotse:{c:123}:outbox the replies of turns not sent yet (a hash: update id
// → dialog.Outgoing as JSON), lotse:{c:123}:lease the token of the replica
// that sends them, lotse:{c:123}:sender the token of the replica that
// began to send them and has not finished (it outlives the lease, so that
// a replica taking over knows the one before stopped midway), and
// lotse:{c:123}:rate the Limiter's counter.
// Every key has a time to live. Save is a compare-and-set on the version in
// a Lua script, so concurrent replicas never overwrite each other; the same
// script adds the turn's replies to the outbox and, when no other replica
// holds it, takes the lease, so that a turn costs one round trip to save
// and one (Done) after its replies went out.
package redis

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/lotse-de/lotse/dialog"
)

var _ dialog.Store = (*Store)(nil)

// Store is a dialog.Store on Redis. It is safe for concurrent use.
type Store struct {
	client goredis.UniversalClient
	ttl    time.Duration
	prefix string
	cache  *sessionCache // nil: every Load asks Redis
	saves  *scriptBatcher
	dones  *scriptBatcher
	// token is this Store's name in the leases it takes.
	token  string
	claims claimHints
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
		dones:  &scriptBatcher{client: client, script: doneScript},
		token:  writeToken() + writeToken(),
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
func (s *Store) rateKey(chat int64) string    { return s.key(chat, "rate") }
func (s *Store) outboxKey(chat int64) string  { return s.key(chat, "outbox") }
func (s *Store) leaseKey(chat int64) string   { return s.key(chat, "lease") }
func (s *Store) senderKey(chat int64) string  { return s.key(chat, "sender") }

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
// start of the stored value is ARGV[1] (0: no value), and returns 1; when
// the stored value is another it returns 0, or with ARGV[5] = "1" the
// stored value and its TTL in ms. With ARGV[6] (an update id) set it also
// stores ARGV[7] under that field of the outbox KEYS[2] (TTL ARGV[10] ms)
// and takes the lease KEYS[3] for ARGV[8] (ARGV[9] ms) unless another
// token holds it or is the sender KEYS[4] (then Claim decides); it
// returns 1 only when the lease is taken and the outbox holds nothing
// else (then ARGV[8] becomes the sender, for ARGV[10] ms), else 2. A
// value that is already ARGV[2] counts as set (2 with an update id):
// every value carries a write token of its own, so that is this very
// save, repeated by the client after its answer was lost.
var saveScript = goredis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[2] then
  if ARGV[6] == '' then return 1 end
  return 2
end
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
if ARGV[6] == '' then return 1 end
redis.call('HSET', KEYS[2], ARGV[6], ARGV[7])
redis.call('PEXPIRE', KEYS[2], ARGV[10])
local holder = redis.call('GET', KEYS[3])
if holder and holder ~= ARGV[8] then return 2 end
local sender = redis.call('GET', KEYS[4])
if sender and sender ~= ARGV[8] then return 2 end
redis.call('SET', KEYS[3], ARGV[8], 'PX', ARGV[9])
if redis.call('HLEN', KEYS[2]) == 1 then
  redis.call('SET', KEYS[4], ARGV[8], 'PX', ARGV[10])
  return 1
end
return 2`)

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
	var update, record string
	if out := sess.Outgoing; out != nil {
		b, err := json.Marshal(out)
		if err != nil {
			return fmt.Errorf("encode replies of update %d: %w", out.Update, err)
		}
		update, record = strconv.FormatInt(out.Update, 10), string(b)
	}
	s.claims.drop(sess.Chat)
	start := time.Now()
	res, err := s.saves.run(ctx, []string{s.sessionKey(sess.Chat), s.outboxKey(sess.Chat), s.leaseKey(sess.Chat), s.senderKey(sess.Chat)},
		sess.Version, raw, s.ttl.Milliseconds(), expect, refresh,
		update, record, s.token, dialog.OutboxLease.Milliseconds(), s.outboxTTL().Milliseconds()).Result()
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
	} else if n, ok := res.(int64); !ok || n == 0 {
		if s.cache != nil {
			s.refresh(sess.Chat, res, start)
		}
		return dialog.ErrConflict
	} else if n == 1 && sess.Outgoing != nil {
		s.claims.put(sess.Chat, *sess.Outgoing, start)
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
	s.claims.drop(chat)
	// "updates" held handled update ids before they moved into the
	// session; it may live a day after an upgrade.
	keys := []string{s.sessionKey(chat), s.outboxKey(chat), s.leaseKey(chat), s.senderKey(chat), s.rateKey(chat), s.key(chat, "updates")}
	if err := s.client.Del(ctx, keys...).Err(); err != nil {
		return fmt.Errorf("delete chat %d: %w", chat, err)
	}
	return nil
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

func (s *Store) outboxTTL() time.Duration { return min(s.ttl, dialog.OutboxTTL) }

// claimScript takes the lease KEYS[2] for the token ARGV[1] (ARGV[2] ms)
// and returns the values of the outbox KEYS[1], after a flag: "1" when
// another token is the sender KEYS[3] (a replica began to send them and
// stopped without finishing), else "0"; ARGV[1] becomes the sender (for
// ARGV[3] ms). It returns 0 when another token holds the lease, and an
// empty list (leaving no lease and no sender) when the outbox is empty.
// When another token is the sender and no lease is held, it returns 2
// and takes nothing unless ARGV[4] is "1": the sender may live and only
// have missed renewing its lease (a Redis outage longer than the lease).
var claimScript = goredis.NewScript(`
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then return 0 end
local all = redis.call('HVALS', KEYS[1])
if #all == 0 then
  redis.call('DEL', KEYS[2], KEYS[3])
  return {}
end
local sender = redis.call('GET', KEYS[3])
local cut = '0'
if sender and sender ~= ARGV[1] then
  if not holder and ARGV[4] ~= '1' then return 2 end
  cut = '1'
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[3])
table.insert(all, 1, cut)
return all`)

// takeoverGrace is how long Claim waits, once the lease of a replica
// that began to send a chat's replies has run out, before it takes them
// over: longer than the holder's renewal interval (a third of the lease),
// so that a holder that lives and only could not renew during a Redis
// outage takes its lease again first, and the replies are not sent twice.
const takeoverGrace = dialog.OutboxLease / 2

// markScript sets field ARGV[2] of the outbox KEYS[1], if present, to
// ARGV[3] and renews the lease KEYS[2] (ARGV[4] ms) for the token ARGV[1];
// it returns 0 when another token holds the lease. A lease that ran out
// unclaimed is taken again: nobody else can have sent the replies.
var markScript = goredis.NewScript(`
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then return 0 end
if ARGV[2] ~= '' and redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[4])
return 1`)

// doneScript removes the fields ARGV[4:] of the outbox KEYS[1] unless
// another token than ARGV[1] holds the lease KEYS[2] (then it returns 0).
// With ARGV[3] = "1" it returns the values left and holds the lease for
// them (ARGV[2] ms), or ends it when none are left; otherwise it ends the
// lease and returns none. When the lease ends, so does the sender KEYS[3]:
// what is left is marked as far as it went.
var doneScript = goredis.NewScript(`
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then return 0 end
for i = 4, #ARGV do redis.call('HDEL', KEYS[1], ARGV[i]) end
local all = {}
if ARGV[3] == '1' then all = redis.call('HVALS', KEYS[1]) end
if #all == 0 then redis.call('DEL', KEYS[2], KEYS[3]) else redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2]) end
return all`)

// Claim waits until no other replica holds the lease on chat's outbox,
// takes it for dialog.OutboxLease and returns the outgoing replies,
// oldest first; an empty outbox returns none and leaves no lease. When
// another replica began to send them and stopped (it died, or lost the
// lease) without Done, Claim takes them over once that replica's lease
// has been gone for takeoverGrace, and marks the oldest Interrupted. A
// Save that took the lease and left nothing else in the outbox has this
// Store answer from memory, without a round trip. It returns
// dialog.ErrOutboxBusy when another replica still holds the lease after
// about dialog.OutboxLease (it renews it while it sends), or ctx's error.
func (s *Store) Claim(ctx context.Context, chat int64) ([]dialog.Outgoing, error) {
	if out, ok := s.claims.take(chat, time.Now()); ok {
		return []dialog.Outgoing{out}, nil
	}
	deadline := time.Now().Add(dialog.OutboxLease + takeoverGrace + time.Second)
	var orphaned time.Time // since when the sender's lease is gone
	for wait := 20 * time.Millisecond; ; wait = min(2*wait, 500*time.Millisecond) {
		takeOver := "0"
		if !orphaned.IsZero() && time.Since(orphaned) >= takeoverGrace {
			takeOver = "1"
		}
		res, err := claimScript.Run(ctx, s.client, []string{s.outboxKey(chat), s.leaseKey(chat), s.senderKey(chat)},
			s.token, dialog.OutboxLease.Milliseconds(), s.outboxTTL().Milliseconds(), takeOver).Result()
		if err != nil {
			return nil, fmt.Errorf("claim outbox of chat %d: %w", chat, err)
		}
		if values, ok := res.([]any); ok {
			if len(values) == 0 {
				return nil, nil
			}
			out, err := decodeOutgoing(chat, values[1:])
			if len(out) > 0 && values[0] == "1" {
				out[0].Interrupted = true
			}
			return out, err
		}
		switch res {
		case int64(2): // the sender's lease is gone
			if orphaned.IsZero() {
				orphaned = time.Now()
			}
		default: // a lease is held: the sender renewed it, or another took over
			orphaned = time.Time{}
		}
		if time.Now().Add(wait).After(deadline) {
			return nil, fmt.Errorf("claim outbox of chat %d: %w", chat, dialog.ErrOutboxBusy)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("claim outbox of chat %d: %w", chat, ctx.Err())
		case <-t.C:
		}
	}
}

// Mark records how far out was sent and renews the lease, or returns
// dialog.ErrLeaseLost.
func (s *Store) Mark(ctx context.Context, chat int64, out dialog.Outgoing) error {
	b, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("encode replies of update %d: %w", out.Update, err)
	}
	return s.mark(ctx, chat, strconv.FormatInt(out.Update, 10), string(b))
}

// Renew extends the lease on chat's outbox by dialog.OutboxLease, or
// returns dialog.ErrLeaseLost.
func (s *Store) Renew(ctx context.Context, chat int64) error { return s.mark(ctx, chat, "", "") }

func (s *Store) mark(ctx context.Context, chat int64, field, value string) error {
	var n int
	err := untilAnswered(ctx, func() (err error) {
		n, err = markScript.Run(ctx, s.client, []string{s.outboxKey(chat), s.leaseKey(chat)},
			s.token, field, value, dialog.OutboxLease.Milliseconds()).Int()
		return err
	})
	if err != nil {
		return fmt.Errorf("mark outbox of chat %d: %w", chat, err)
	}
	if n != 1 {
		return fmt.Errorf("mark outbox of chat %d: %w", chat, dialog.ErrLeaseLost)
	}
	return nil
}

// Done removes the outgoing replies of the updates sent. With keep it
// returns those that turns added meanwhile, oldest first, and holds the
// lease for them; when none are left, or without keep, the lease ends. It
// returns dialog.ErrLeaseLost when the lease ran out (another replica may
// send the same replies again). Concurrent Dones share pipelines, as
// Saves do.
func (s *Store) Done(ctx context.Context, chat int64, updates []int64, keep bool) ([]dialog.Outgoing, error) {
	args := make([]any, 0, 3+len(updates))
	flag := "0"
	if keep {
		flag = "1"
	}
	args = append(args, s.token, dialog.OutboxLease.Milliseconds(), flag)
	for _, u := range updates {
		args = append(args, u)
	}
	var res any
	err := untilAnswered(ctx, func() (err error) {
		res, err = s.dones.run(ctx, []string{s.outboxKey(chat), s.leaseKey(chat), s.senderKey(chat)}, args...).Result()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("done with outbox of chat %d: %w", chat, err)
	}
	values, ok := res.([]any)
	if !ok {
		return nil, fmt.Errorf("done with outbox of chat %d: %w", chat, dialog.ErrLeaseLost)
	}
	return decodeOutgoing(chat, values)
}

// untilAnswered runs do, a script that is safe to repeat, again while
// Redis does not answer (it was stopped or the connection broke), for at
// most settleTimeout: Mark and Done record what was sent, and when they
// fail the replies are sent again.
func untilAnswered(ctx context.Context, do func() error) error {
	deadline := time.Now().Add(settleTimeout)
	for wait := 20 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		err := do()
		var answered goredis.Error
		if err == nil || errors.As(err, &answered) || errors.Is(err, goredis.Nil) || time.Now().Add(wait).After(deadline) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// decodeOutgoing decodes the values of an outbox, oldest first. A value
// that does not decode is dropped: it could never be sent.
func decodeOutgoing(chat int64, values []any) ([]dialog.Outgoing, error) {
	out := make([]dialog.Outgoing, 0, len(values))
	var bad error
	for _, v := range values {
		raw, _ := v.(string)
		var o dialog.Outgoing
		if err := json.Unmarshal([]byte(raw), &o); err != nil {
			bad = fmt.Errorf("decode outbox of chat %d: %w", chat, err)
			continue
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b dialog.Outgoing) int { return cmp.Compare(a.Update, b.Update) })
	if len(out) == 0 && bad != nil {
		return nil, bad
	}
	return out, nil
}

// maxClaimHints bounds the claims that Saves leave for Claim.
const maxClaimHints = 4096

// claimHints are the outgoing replies of Saves that took the lease of
// their chat with nothing else in its outbox: Claim, which a bot calls
// right after, answers from them without a round trip.
type claimHints struct {
	mu    sync.Mutex
	hints map[int64]claimHint
}

type claimHint struct {
	out dialog.Outgoing
	at  time.Time // of the Save that took the lease
}

func (c *claimHints) put(chat int64, out dialog.Outgoing, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hints == nil || len(c.hints) >= maxClaimHints {
		c.hints = map[int64]claimHint{} // callers that never claim: forget them
	}
	c.hints[chat] = claimHint{out: out, at: at}
}

// take returns and forgets the hint of chat, when its lease surely lasts.
func (c *claimHints) take(chat int64, now time.Time) (dialog.Outgoing, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.hints[chat]
	delete(c.hints, chat)
	return h.out, ok && now.Sub(h.at) < dialog.OutboxLease/2
}

func (c *claimHints) drop(chat int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.hints, chat)
}
