// Package memory is a dialog.Store that keeps sessions, and the replies
// not sent yet, in the process's memory. It serves the terminal chat,
// tests and a single bot process without Redis; its data is gone when the
// process ends.
package memory

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/lotse-de/lotse/dialog"
)

var _ dialog.Store = (*Store)(nil)

// sweepEvery is how many writes pass between sweeps of expired entries.
const sweepEvery = 1024

// Store is an in-memory dialog.Store and outbox (see Claim). The zero
// value is not usable; call New.
type Store struct {
	ttl time.Duration

	mu       sync.Mutex
	sessions map[int64]entry
	outbox   map[int64]*box // chat → replies not sent yet
	writes   int
}

// box is a chat's outbox: the outgoing replies of its turns by update id.
type box struct {
	turns   map[int64]dialog.Outgoing
	expires time.Time
}

type entry struct {
	session dialog.Session
	expires time.Time
}

// Option configures a Store.
type Option func(*Store)

// WithTTL sets how long a chat's data is kept after its last change.
func WithTTL(ttl time.Duration) Option { return func(s *Store) { s.ttl = ttl } }

// New returns an empty Store.
func New(opts ...Option) *Store {
	s := &Store{
		ttl:      dialog.DefaultTTL,
		sessions: map[int64]entry{},
		outbox:   map[int64]*box{},
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Load returns the session of chat or dialog.ErrNotFound.
func (s *Store) Load(_ context.Context, chat int64) (dialog.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.sessions[chat]
	if !ok || !time.Now().Before(e.expires) {
		return dialog.Session{}, dialog.ErrNotFound
	}
	return clone(e.session), nil
}

// Save stores sess if the stored version equals sess.Version, or returns
// dialog.ErrConflict.
func (s *Store) Save(_ context.Context, sess *dialog.Session) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	var stored int64
	if e, ok := s.sessions[sess.Chat]; ok && now.Before(e.expires) {
		stored = e.session.Version
	}
	if stored != sess.Version {
		return dialog.ErrConflict
	}
	sess.Version++
	kept := clone(*sess)
	kept.Outgoing = nil
	s.sessions[sess.Chat] = entry{session: kept, expires: now.Add(s.ttl)}
	if out := sess.Outgoing; out != nil {
		b := s.outbox[sess.Chat]
		if b == nil || !now.Before(b.expires) {
			b = &box{turns: map[int64]dialog.Outgoing{}}
			s.outbox[sess.Chat] = b
		}
		b.turns[out.Update] = *out
		b.expires = now.Add(min(s.ttl, dialog.OutboxTTL))
	}
	s.wrote(now)
	return nil
}

// Delete removes the session and the outbox of chat.
func (s *Store) Delete(_ context.Context, chat int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, chat)
	delete(s.outbox, chat)
	return nil
}

// Claim returns the outgoing replies of chat, oldest first. The store
// serves one process, whose bot sends a chat's replies from one worker,
// so no claim ever waits; Renew and Done never report a lost claim.
func (s *Store) Claim(_ context.Context, chat int64) ([]dialog.Outgoing, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending(chat), nil
}

// Mark records how far out was sent.
func (s *Store) Mark(_ context.Context, chat int64, out dialog.Outgoing) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.outbox[chat]; b != nil {
		if _, ok := b.turns[out.Update]; ok {
			b.turns[out.Update] = out
		}
	}
	return nil
}

// Renew does nothing (see Claim).
func (s *Store) Renew(context.Context, int64) error { return nil }

// Done removes the outgoing replies of the updates sent and, with keep,
// returns those kept meanwhile, oldest first.
func (s *Store) Done(_ context.Context, chat int64, updates []int64, keep bool) ([]dialog.Outgoing, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.outbox[chat]; b != nil {
		for _, u := range updates {
			delete(b.turns, u)
		}
	}
	if !keep {
		return nil, nil
	}
	return s.pending(chat), nil
}

// pending returns the live outgoing replies of chat, oldest first, and
// drops an expired or empty outbox. s.mu is held.
func (s *Store) pending(chat int64) []dialog.Outgoing {
	b := s.outbox[chat]
	if b == nil {
		return nil
	}
	if len(b.turns) == 0 || !time.Now().Before(b.expires) {
		delete(s.outbox, chat)
		return nil
	}
	out := make([]dialog.Outgoing, 0, len(b.turns))
	for _, o := range b.turns {
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b dialog.Outgoing) int { return cmp.Compare(a.Update, b.Update) })
	return out
}

// wrote counts a write and now and then drops expired entries. s.mu is held.
func (s *Store) wrote(now time.Time) {
	s.writes++
	if s.writes%sweepEvery != 0 {
		return
	}
	for chat, e := range s.sessions {
		if !now.Before(e.expires) {
			delete(s.sessions, chat)
		}
	}
	for chat, b := range s.outbox {
		if !now.Before(b.expires) {
			delete(s.outbox, chat)
		}
	}
}

func clone(s dialog.Session) dialog.Session {
	if s.Answers != nil {
		a := make(map[string]string, len(s.Answers))
		for k, v := range s.Answers {
			a[k] = v
		}
		s.Answers = a
	}
	s.Back = append([]dialog.Step(nil), s.Back...)
	return s
}
