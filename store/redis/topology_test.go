package redis_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/lotse-de/lotse/dialog"
	redisstore "github.com/lotse-de/lotse/store/redis"
	"github.com/lotse-de/lotse/store/storetest"
)

// needRedisServer skips without redis-server, except under CI=true.
func needRedisServer(t *testing.T) {
	t.Helper()
	for _, bin := range []string{"redis-server", "redis-cli"} {
		if _, err := exec.LookPath(bin); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed", bin)
			}
			t.Skipf("%s is not installed", bin)
		}
	}
}

// freePort returns a loopback port whose cluster bus port (+10000) is free
// too.
func freePort(t *testing.T) int {
	t.Helper()
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if port+10000 > 65535 {
			continue
		}
		if bus, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port+10000)); err == nil {
			bus.Close()
			return port
		}
	}
	t.Fatal("no free port pair")
	return 0
}

// startRedis runs redis-server on a free loopback port with extra config
// lines, and stops it when the test ends.
func startRedis(t *testing.T, sentinel bool, conf ...string) int {
	t.Helper()
	dir := t.TempDir()
	port := freePort(t)
	lines := append([]string{
		"port " + strconv.Itoa(port), "bind 127.0.0.1", "save \"\"", "appendonly no", "dir " + dir,
	}, conf...)
	file := dir + "/redis.conf"
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{file}
	if sentinel {
		args = append(args, "--sentinel")
	}
	cmd := exec.Command("redis-server", args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitFor(t, fmt.Sprintf("redis on %d", port), func() bool {
		return exec.Command("redis-cli", "-p", strconv.Itoa(port), "ping").Run() == nil
	})
	return port
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestCluster runs the conformance suite against a real three-master Redis
// Cluster on loopback ports.
func TestCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Redis Cluster")
	}
	needRedisServer(t)
	var addrs []string
	for range 3 {
		port := startRedis(t, false, "cluster-enabled yes", "cluster-config-file nodes.conf", "cluster-node-timeout 2000")
		addrs = append(addrs, "127.0.0.1:"+strconv.Itoa(port))
	}
	create := exec.Command("redis-cli", append([]string{"--cluster", "create"}, append(addrs, "--cluster-replicas", "0", "--cluster-yes")...)...)
	if out, err := create.CombinedOutput(); err != nil {
		t.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	url := "redis-cluster://" + addrs[0] + "?addr=" + addrs[1] + "&addr=" + addrs[2]
	client, err := redisstore.NewClient(url)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	cc := client.(*goredis.ClusterClient)
	// Every node must see the cluster as up, and writes to keys of all
	// masters must go through, before the suite starts.
	waitFor(t, "cluster state ok on every node", func() bool {
		for _, addr := range addrs {
			out, err := exec.Command("redis-cli", "-h", "127.0.0.1", "-p", strings.TrimPrefix(addr, "127.0.0.1:"), "cluster", "info").Output()
			if err != nil || !strings.Contains(string(out), "cluster_state:ok") {
				return false
			}
		}
		for i := range 32 {
			if cc.Set(context.Background(), "lotseprobe:"+strconv.Itoa(i), "1", time.Minute).Err() != nil {
				return false
			}
		}
		return true
	})
	for i := range 32 {
		cc.Del(context.Background(), "lotseprobe:"+strconv.Itoa(i))
	}
	storetest.Run(t, func(t *testing.T, ttl time.Duration) dialog.Store {
		return redisstore.New(client, redisstore.WithTTL(ttl))
	})
	// The chats' keys spread over the masters. ForEachMaster calls in
	// parallel.
	var mu sync.Mutex
	masters := map[string]bool{}
	err = cc.ForEachMaster(context.Background(), func(ctx context.Context, m *goredis.Client) error {
		if n, err := m.DBSize(ctx).Result(); err == nil && n > 0 {
			mu.Lock()
			masters[m.Options().Addr] = true
			mu.Unlock()
		}
		return nil
	})
	if err != nil || len(masters) < 2 {
		t.Errorf("keys on %d masters (err %v), want them spread over several", len(masters), err)
	}
}

// TestSentinel runs the conformance suite through a Sentinel that watches
// one master.
func TestSentinel(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Redis and a Sentinel")
	}
	needRedisServer(t)
	master := startRedis(t, false)
	sentinel := startRedis(t, true,
		fmt.Sprintf("sentinel monitor lotse 127.0.0.1 %d 1", master),
		"sentinel down-after-milliseconds lotse 5000")
	url := fmt.Sprintf("redis-sentinel://127.0.0.1:%d/0?master_name=lotse", sentinel)
	client, err := redisstore.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	storetest.Run(t, func(t *testing.T, ttl time.Duration) dialog.Store {
		return redisstore.New(client, redisstore.WithTTL(ttl), redisstore.WithPrefix(prefix(t, client)))
	})
}

func TestURLs(t *testing.T) {
	for _, c := range []struct {
		url     string
		wantErr bool
	}{
		{"redis://127.0.0.1:6379/0", false},
		{"rediss://:secret@redis.example:6380/1", false},
		{"redis-cluster://127.0.0.1:7000?addr=127.0.0.1:7001", false},
		{"redis-sentinel://127.0.0.1:26379/0?master_name=m&addr=127.0.0.1:26380", false},
		{"redis-sentinel://127.0.0.1:26379/0", true}, // no master name
		{"http://127.0.0.1", true},
		{"redis-ring://127.0.0.1", true},
		{"127.0.0.1:6379", true},
	} {
		client, err := redisstore.NewClient(c.url)
		if (err != nil) != c.wantErr {
			t.Errorf("NewClient(%q): error %v, want error %v", c.url, err, c.wantErr)
		}
		if client != nil {
			client.Close()
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("error %q shows the password", err)
		}
	}
}
