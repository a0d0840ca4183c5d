package serve

import (
	"context"

	goredis "github.com/redis/go-redis/v9"

	redisstore "github.com/lotse-de/lotse/store/redis"
)

// DefaultRedisURL is the Redis used when REDIS_URL is empty.
const DefaultRedisURL = "redis://127.0.0.1:6379/0"

// RedisClient connects to the Redis at url (see redisstore.Connect for the
// forms it takes) and checks that it answers.
func RedisClient(ctx context.Context, url string) (goredis.UniversalClient, error) {
	if url == "" {
		url = DefaultRedisURL
	}
	return redisstore.Connect(ctx, url)
}
