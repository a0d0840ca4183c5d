package main

import (
	"context"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"

	redisstore "github.com/lotse-de/lotse/store/redis"
)

// defaultRedisURL is the Redis used when REDIS_URL is empty.
const defaultRedisURL = "redis://127.0.0.1:6379/0"

// redisClient connects to the Redis at url and checks that it answers.
func redisClient(ctx context.Context, url string) (goredis.UniversalClient, error) {
	if url == "" {
		url = defaultRedisURL
	}
	opts, err := goredis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	client := goredis.NewClient(opts)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return nil, fmt.Errorf("redis at %s: %w", opts.Addr, err)
	}
	return client, nil
}

func newRedisStore(client goredis.UniversalClient) *redisstore.Store {
	return redisstore.New(client)
}
