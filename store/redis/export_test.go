package redis

// CachedSessions is how many sessions the cache of s holds, for tests.
func CachedSessions(s *Store) int {
	if s.cache == nil {
		return 0
	}
	return s.cache.len()
}

// QueuedSaves is how many Saves of s wait for the next pipeline, for tests.
func QueuedSaves(s *Store) int {
	s.saves.mu.Lock()
	defer s.saves.mu.Unlock()
	return len(s.saves.queue)
}
