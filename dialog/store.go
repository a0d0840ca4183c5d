package dialog

import (
	"context"
	"errors"
	"time"
)

var (
	// ErrNotFound is returned by Store.Load when a chat has no session.
	ErrNotFound = errors.New("session not found")
	// ErrConflict is returned by Store.Save when the stored version is not
	// the one the session was loaded with.
	ErrConflict = errors.New("session changed concurrently")
)

// Store keeps sessions. Implementations are safe for concurrent use and
// give every key they write a time to live.
type Store interface {
	// Load returns the session of a chat, or ErrNotFound.
	Load(ctx context.Context, chat int64) (Session, error)
	// Save stores s if the stored version equals s.Version (0: none stored)
	// and then sets s.Version to the new version. Otherwise it returns
	// ErrConflict and stores nothing. Any other error leaves open whether
	// s was stored, and the turn's replies are then lost if it was: a
	// store should find out before it returns one.
	Save(ctx context.Context, s *Session) error
	// Delete removes everything stored for a chat.
	Delete(ctx context.Context, chat int64) error
	// Remember records an update id of a chat and reports whether it was
	// new; an id seen before reports false.
	Remember(ctx context.Context, chat, updateID int64) (bool, error)
}

// DefaultTTL is how long a store keeps a chat's data after its last
// change, unless configured otherwise.
const DefaultTTL = 14 * 24 * time.Hour

// UpdateMemory is how long a store remembers an update id at most; Telegram
// stops redelivering an update well before.
const UpdateMemory = 24 * time.Hour
