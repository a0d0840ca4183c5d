package telegram

import (
	"time"

	"golang.org/x/time/rate"
)

// queueLength is how many updates wait per worker before senders block.
const queueLength = 64

// apologizedLength is how many recent update ids a worker remembers as
// apologized for.
const apologizedLength = 512

// shard is one worker: it owns the chats whose id hashes to it, so their
// updates are handled one after another and their state needs no lock.
type shard struct {
	jobs chan job
	// apologized are the updates whose user was told that something went
	// wrong: a redelivery of the same update stays silent.
	apologized recentIDs
	chats      map[int64]*chatState
	// the pacing of each chat: Config.ChatMessagesPerSecond, ChatBurst
	perChat rate.Limit
	burst   int
}

// chatState is what the adapter keeps per chat between updates.
type chatState struct {
	limiter  *rate.Limiter
	keyboard bool // a reply keyboard (location button) is shown
	used     time.Time
}

func newShard(cfg Config) *shard {
	return &shard{
		jobs:       make(chan job, queueLength),
		apologized: newRecentIDs(apologizedLength),
		chats:      map[int64]*chatState{},
		perChat:    rate.Limit(cfg.ChatMessagesPerSecond),
		burst:      cfg.ChatBurst,
	}
}

func (s *shard) chat(id int64) *chatState {
	st, ok := s.chats[id]
	if !ok {
		st = &chatState{limiter: rate.NewLimiter(s.perChat, s.burst)}
		s.chats[id] = st
	}
	st.used = time.Now()
	return st
}

// sweep forgets chats idle long enough that their limiter is full again;
// one that shows a keyboard is kept for an hour.
func (s *shard) sweep(now time.Time) {
	for id, st := range s.chats {
		idle := now.Sub(st.used)
		if idle > time.Hour || (!st.keyboard && idle > time.Minute) {
			delete(s.chats, id)
		}
	}
}

func newRecentIDs(n int) recentIDs {
	return recentIDs{ids: make([]int64, n), set: make(map[int64]struct{}, n)}
}

// recentIDs is a fixed-size set of the most recent update ids.
type recentIDs struct {
	ids  []int64 // ring
	next int
	set  map[int64]struct{}
}

func (r *recentIDs) has(id int64) bool {
	if id == 0 {
		return false
	}
	_, ok := r.set[id]
	return ok
}

func (r *recentIDs) add(id int64) {
	if id == 0 || r.has(id) {
		return
	}
	if old := r.ids[r.next]; old != 0 {
		delete(r.set, old)
	}
	r.ids[r.next] = id
	r.set[id] = struct{}{}
	r.next = (r.next + 1) % len(r.ids)
}
