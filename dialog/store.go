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
	// ErrOutboxBusy is returned by an Outbox's Claim when another replica
	// holds the chat's outbox for longer than OutboxLease.
	ErrOutboxBusy = errors.New("outbox held by another replica")
	// ErrLeaseLost is returned by an Outbox when the caller's claim on a
	// chat's outbox ran out and another replica may have taken it over.
	ErrLeaseLost = errors.New("outbox claim lost")
)

// Store keeps sessions. Implementations are safe for concurrent use and
// give every key they write a time to live.
type Store interface {
	// Load returns the session of a chat, or ErrNotFound.
	Load(ctx context.Context, chat int64) (Session, error)
	// Save stores s if the stored version equals s.Version (0: none stored)
	// and then sets s.Version to the new version; s.Outgoing, when set, is
	// added to the chat's outbox in the same atomic write. Otherwise it
	// returns ErrConflict and stores nothing. Any other error leaves open
	// whether s was stored, and the turn's replies are then lost if it
	// was: a store should find out before it returns one.
	Save(ctx context.Context, s *Session) error
	// Delete removes everything stored for a chat, its outbox included.
	Delete(ctx context.Context, chat int64) error
}

// Outgoing are the replies of one turn that a store keeps in the chat's
// outbox, from the save of the turn until the channel has sent them, so
// that a replica that dies before it sent them loses nothing: the next
// replica to see an update of the chat sends them.
type Outgoing struct {
	Update  int64   `json:"u"` // the update whose turn made them
	Replies []Reply `json:"r"`
	// Sent is how many of the messages the channel makes of Replies went
	// out; the channel counts them.
	Sent int `json:"s,omitempty"`
	// Tried is set when message Sent was sent once and its outcome is
	// unknown (the connection broke after the request went out): it may
	// have arrived, so it is sent at most once more.
	Tried bool `json:"t,omitempty"`
	// Interrupted is set by Claim, never stored, when the replica that
	// was sending these replies stopped (it died, or lost its claim)
	// without saying how far it got: message Sent may have gone out, so
	// its outcome is unknown, as if it had been tried once more.
	Interrupted bool `json:"-"`
}

// OutboxLease is how long a claim on a chat's outbox lasts unless it is
// renewed (the holder renews it every third of it while it sends): one
// replica at a time sends a chat's outgoing replies, and a replica that
// died holding the claim holds it this long, so that is how long a chat
// waits for its replies after a replica was killed.
const OutboxLease = 3 * time.Second

// DefaultTTL is how long a store keeps a chat's data after its last
// change, unless configured otherwise.
const DefaultTTL = 14 * 24 * time.Hour

// OutboxTTL is how long a store keeps replies that were not sent, at most;
// Telegram stops delivering an update again well before.
const OutboxTTL = 24 * time.Hour
