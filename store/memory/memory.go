// Package memory is a dialog.Store that keeps sessions in the process's
// memory. It serves the terminal chat, tests and a single bot process
// without Redis; its data is gone when the process ends.
package memory

import (
	"context"
	"sync"
	"time"

	"github.com/lotse-de/lotse/dialog"
)

var _ dialog.Store = (*Store)(nil)

// sweepEvery is how many writes pass between sweeps of expired entries.
const sweepEvery = 1024

// Store is an in-memory dialog.Store. The zero value is not usable; call New.
type Store struct {
	ttl time.Duration

	mu       sync.Mutex
	sessions map[int64]entry
	updates  map[int64]map[int64]time.Time // chat → update id → expiry
	outbox   map[int64]map[int64]kept      // chat → update id → replies not sent
	writes   int
}

type kept struct {
	replies []dialog.Reply
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
		updates:  map[int64]map[int64]time.Time{},
		outbox:   map[int64]map[int64]kept{},
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
	s.sessions[sess.Chat] = entry{session: clone(*sess), expires: now.Add(s.ttl)}
	s.wrote(now)
	return nil
}

// Delete removes the session and the remembered updates of chat.
func (s *Store) Delete(_ context.Context, chat int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, chat)
	delete(s.updates, chat)
	delete(s.outbox, chat)
	return nil
}

// Keep stores the replies of an update that could not be sent, until Take
// asks for them when the update is delivered again.
func (s *Store) Keep(_ context.Context, chat, updateID int64, replies []dialog.Reply) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	box := s.outbox[chat]
	if box == nil {
		box = map[int64]kept{}
		s.outbox[chat] = box
	}
	box[updateID] = kept{replies: replies, expires: time.Now().Add(min(s.ttl, dialog.UpdateMemory))}
	return nil
}

// Take returns and forgets the replies kept for an update.
func (s *Store) Take(_ context.Context, chat, updateID int64) ([]dialog.Reply, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.outbox[chat][updateID]
	if !ok {
		return nil, false, nil
	}
	delete(s.outbox[chat], updateID)
	if len(s.outbox[chat]) == 0 {
		delete(s.outbox, chat)
	}
	if !time.Now().Before(k.expires) {
		return nil, false, nil
	}
	return k.replies, true, nil
}

// Remember records updateID for chat and reports whether it was new.
func (s *Store) Remember(_ context.Context, chat, updateID int64) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	seen := s.updates[chat]
	if seen == nil {
		seen = map[int64]time.Time{}
		s.updates[chat] = seen
	}
	if exp, ok := seen[updateID]; ok && now.Before(exp) {
		return false, nil
	}
	seen[updateID] = now.Add(min(s.ttl, dialog.UpdateMemory))
	s.wrote(now)
	return true, nil
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
	for chat, seen := range s.updates {
		for id, exp := range seen {
			if !now.Before(exp) {
				delete(seen, id)
			}
		}
		if len(seen) == 0 {
			delete(s.updates, chat)
		}
	}
	for chat, box := range s.outbox {
		for id, k := range box {
			if !now.Before(k.expires) {
				delete(box, id)
			}
		}
		if len(box) == 0 {
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
