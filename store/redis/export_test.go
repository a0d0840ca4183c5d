package redis

// CachedSessions is how many sessions the cache of s holds, for tests.
func CachedSessions(s *Store) int {
	if s.cache == nil {
		return 0
	}
	return s.cache.len()
}
