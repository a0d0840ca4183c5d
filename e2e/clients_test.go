package e2e_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestWrongSecretFlood: one client posts 2,000 requests with a wrong
// secret; each is refused with 401 and counted in
// lotse_webhook_rejected_total, and the log gets one line for them, not
// one per request (issue 13, case 8).
func TestWrongSecretFlood(t *testing.T) {
	c := newCluster(t)
	r := c.start()
	const n = 2000
	client := &http.Client{Timeout: 10 * time.Second}
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for w := range 8 {
		wg.Go(func() {
			for range n / 8 {
				req, _ := http.NewRequest(http.MethodPost, r.hook, strings.NewReader(`{"update_id":1}`))
				req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "wrong-"+string(rune('a'+w)))
				resp, err := client.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				mu.Lock()
				statuses[resp.StatusCode]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if statuses[http.StatusUnauthorized] != n {
		t.Errorf("statuses %v, want %d × 401", statuses, n)
	}
	if got := scrape(t, r, "lotse_webhook_rejected_total"); got != n {
		t.Errorf("lotse_webhook_rejected_total: got %v, want %d", got, n)
	}
	if lines := strings.Count(r.log.String(), "wrong secret"); lines != 1 {
		t.Errorf("got %d log lines about the wrong secret, want 1 (at most one a minute)", lines)
	}
	if size := len(r.log.String()); size > 20_000 {
		t.Errorf("log grew to %d bytes in a flood of refused requests", size)
	}
}

// TestSlowClients: clients that open connections and send their request
// too slowly cannot hold the servers' connections (issue 13, case 9). The
// webhook server serves at most twice Telegram's max_connections at once
// (here 2 × 2 workers) and drops a client that has not sent its headers
// after 10 s; the metrics server drops one after 5 s.
func TestSlowClients(t *testing.T) {
	c := newCluster(t)
	r := c.startArgs([]string{"--workers", "2"})
	hook, err := url.Parse(r.hook)
	if err != nil {
		t.Fatal(err)
	}
	metrics, err := url.Parse(r.metrics)
	if err != nil {
		t.Fatal(err)
	}
	slow := func(addr string) net.Conn {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		if _, err := conn.Write([]byte("POST /hook HTTP/1.1\r\nHost: x\r\n")); err != nil {
			t.Fatal(err)
		}
		return conn
	}
	// closedWithin reports whether the server closed conn before d passed.
	closedWithin := func(conn net.Conn, d time.Duration) bool {
		conn.SetReadDeadline(time.Now().Add(d))
		_, err := conn.Read(make([]byte, 1024))
		var ne net.Error
		return !(errors.As(err, &ne) && ne.Timeout())
	}

	const capacity, extra = 4, 3
	var conns []net.Conn
	for range capacity + extra {
		conns = append(conns, slow(hook.Host))
	}
	m := slow(metrics.Host)
	start := time.Now()
	if !closedWithin(m, 8*time.Second) {
		t.Errorf("the metrics server kept a client without headers for 8 s")
	}

	// While the slow clients hold every slot, an update waits; it is
	// served once the server has dropped them.
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	status := make(chan int, 1)
	go func() { status <- c.post(ctx, r, c.update(c.api.Private(6000, "de").Text("/start"))) }()

	var closed, open int
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, conn := range conns {
		wg.Go(func() {
			ok := closedWithin(conn, 13*time.Second-time.Since(start))
			mu.Lock()
			defer mu.Unlock()
			if ok {
				closed++
			} else {
				open++
			}
		})
	}
	wg.Wait()
	if closed != capacity || open != extra {
		t.Errorf("after 13 s: %d slow connections dropped, %d still waiting; want %d dropped (the ones served) and %d waiting to be accepted", closed, open, capacity, extra)
	}
	select {
	case got := <-status:
		if got != http.StatusOK {
			t.Errorf("the update behind the slow clients: got %d, want 200", got)
		}
	case <-ctx.Done():
		t.Error("the update behind the slow clients was never answered")
	}
}
