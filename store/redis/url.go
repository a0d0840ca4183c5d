package redis

import (
	"context"
	"fmt"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Connect returns a client for the Redis that url names, and checks that it
// answers. The scheme picks the topology:
//
//	redis://[:password@]host:6379/0           a single server (rediss:// with TLS)
//	redis-sentinel://[:password@]host:26379/0?master_name=mymaster&addr=host2:26379
//	                                          Sentinel: the sentinels' addresses and the master's name
//	                                          (rediss-sentinel:// with TLS)
//	redis-cluster://[:password@]host:7000?addr=host2:7000&addr=host3:7000
//	                                          a Cluster: some of its nodes (rediss-cluster:// with TLS)
//
// Further options go in the query, as go-redis reads them (dial_timeout=3s,
// pool_size=20, …).
func Connect(ctx context.Context, url string) (goredis.UniversalClient, error) {
	client, err := NewClient(url)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return nil, fmt.Errorf("redis: %w", err)
	}
	return client, nil
}

// NewClient returns a client for url (see Connect) without connecting.
func NewClient(url string) (goredis.UniversalClient, error) {
	scheme, rest, ok := strings.Cut(url, "://")
	if !ok {
		return nil, fmt.Errorf("redis url: no scheme in %q", redact(url))
	}
	base, topology, _ := strings.Cut(scheme, "-")
	if base != "redis" && base != "rediss" {
		return nil, fmt.Errorf("redis url: unknown scheme %q", scheme)
	}
	plain := base + "://" + rest
	switch topology {
	case "":
		opts, err := goredis.ParseURL(plain)
		if err != nil {
			return nil, fmt.Errorf("redis url: %w", err)
		}
		return goredis.NewClient(opts), nil
	case "sentinel":
		opts, err := goredis.ParseFailoverURL(plain)
		if err != nil {
			return nil, fmt.Errorf("redis sentinel url: %w", err)
		}
		if opts.MasterName == "" {
			return nil, fmt.Errorf("redis sentinel url: no master_name")
		}
		return goredis.NewFailoverClient(opts), nil
	case "cluster":
		opts, err := goredis.ParseClusterURL(plain)
		if err != nil {
			return nil, fmt.Errorf("redis cluster url: %w", err)
		}
		return goredis.NewClusterClient(opts), nil
	default:
		return nil, fmt.Errorf("redis url: unknown topology %q", topology)
	}
}

// redact hides a password in a URL for error messages.
func redact(url string) string {
	scheme, rest, ok := strings.Cut(url, "://")
	if !ok {
		return "…"
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		rest = "…@" + rest[at+1:]
	}
	return scheme + "://" + rest
}
