package redis

import (
	"sync"
	"time"
)

// cacheShards is how many independently locked parts a sessionCache has.
const cacheShards = 16

// sessionCache remembers the stored form of recently saved sessions, so
// that Load need not ask Redis for a session this replica saved itself.
// It holds at most a fixed number of sessions and forgets the least
// recently used first.
//
// An entry is served only until the time its Redis key expires at the
// earliest. It may be stale when another replica saved the chat since:
// Save then fails its compare-and-set, refreshes the entry from what Redis
// holds and returns dialog.ErrConflict, and the engine runs the turn again.
type sessionCache struct {
	shards [cacheShards]cacheShard
}

type cacheShard struct {
	mu      sync.Mutex
	max     int
	entries map[int64]*cacheEntry
	head    *cacheEntry // most recently used
	tail    *cacheEntry // least recently used
}

type cacheEntry struct {
	chat    int64
	version int64
	raw     string    // the session as stored in Redis
	serve   time.Time // served by Load before this time; zero: never
	prev    *cacheEntry
	next    *cacheEntry
}

func newSessionCache(size int) *sessionCache {
	c := &sessionCache{}
	per := max(1, (size+cacheShards-1)/cacheShards)
	for i := range c.shards {
		c.shards[i].max = per
		c.shards[i].entries = make(map[int64]*cacheEntry)
	}
	return c
}

func (c *sessionCache) shard(chat int64) *cacheShard {
	h := uint64(chat) * 0x9E3779B97F4A7C15
	return &c.shards[h>>60]
}

// fresh returns the stored form of chat's session if it may be served at
// now.
func (c *sessionCache) fresh(chat int64, now time.Time) (string, bool) {
	sh := c.shard(chat)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e := sh.entries[chat]
	if e == nil || !now.Before(e.serve) {
		return "", false
	}
	sh.touch(e)
	return e.raw, true
}

// stored returns the stored form of chat's session at version, when the
// cache knows it, to compare the key with in a compare-and-set.
func (c *sessionCache) stored(chat, version int64) (string, bool) {
	sh := c.shard(chat)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e := sh.entries[chat]
	if e == nil || e.version != version {
		return "", false
	}
	return e.raw, true
}

// put remembers raw as the stored form of chat's session at version,
// served by Load until serve.
func (c *sessionCache) put(chat, version int64, raw string, serve time.Time) {
	sh := c.shard(chat)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if e := sh.entries[chat]; e != nil {
		e.version, e.raw, e.serve = version, raw, serve
		sh.touch(e)
		return
	}
	if len(sh.entries) >= sh.max {
		old := sh.tail
		sh.unlink(old)
		delete(sh.entries, old.chat)
	}
	e := &cacheEntry{chat: chat, version: version, raw: raw, serve: serve}
	sh.entries[chat] = e
	sh.pushFront(e)
}

// drop forgets chat's session.
func (c *sessionCache) drop(chat int64) {
	sh := c.shard(chat)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if e := sh.entries[chat]; e != nil {
		sh.unlink(e)
		delete(sh.entries, chat)
	}
}

// len is how many sessions the cache holds.
func (c *sessionCache) len() int {
	n := 0
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		n += len(sh.entries)
		sh.mu.Unlock()
	}
	return n
}

func (sh *cacheShard) touch(e *cacheEntry) {
	if sh.head == e {
		return
	}
	sh.unlink(e)
	sh.pushFront(e)
}

func (sh *cacheShard) pushFront(e *cacheEntry) {
	e.prev, e.next = nil, sh.head
	if sh.head != nil {
		sh.head.prev = e
	}
	sh.head = e
	if sh.tail == nil {
		sh.tail = e
	}
}

func (sh *cacheShard) unlink(e *cacheEntry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		sh.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		sh.tail = e.prev
	}
	e.prev, e.next = nil, nil
}
