package main

import (
	"context"

	goredis "github.com/redis/go-redis/v9"

	redisstore "github.com/lotse-de/lotse/store/redis"
)

// defaultRedisURL is the Redis used when REDIS_URL is empty.
const defaultRedisURL = "redis://127.0.0.1:6379/0"

// redisClient connects to the Redis at url (see redisstore.Connect for the
// forms it takes) and checks that it answers.
func redisClient(ctx context.Context, url string) (goredis.UniversalClient, error) {
	if url == "" {
		url = defaultRedisURL
	}
	return redisstore.Connect(ctx, url)
}
