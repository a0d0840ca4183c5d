// Package e2e_test runs `lotse serve` as separate processes — several
// replicas in webhook mode on one Redis of their own — against the fake
// Bot API of telegram/telegramtest, and plays Telegram's part: it delivers
// each update to a replica and delivers it again, to any replica, until
// one answers 200. The tests break things on the way (Redis stopped, a
// replica killed, the Bot API answering 429 and 5xx, SIGTERM) and check
// that every chat ends with exactly the messages an undisturbed chat gets:
// none lost, none doubled.
//
// They build the binary once, start everything on loopback ports and stop
// what they started; under -short they are skipped.
package e2e_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/lotse-de/lotse/locales"
	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// lotseBin is the binary under test, built by TestMain.
var lotseBin string

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "lotse-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lotseBin = filepath.Join(dir, "lotse")
	build := exec.Command("go", "build", "-o", lotseBin, "github.com/lotse-de/lotse/cmd/lotse")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// heavy skips under -short and without redis-server (except under CI).
func heavy(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts Redis and lotse processes")
	}
	if _, err := exec.LookPath("redis-server"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("redis-server is not installed")
		}
		t.Skip("redis-server is not installed")
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func waitFor(t *testing.T, what string, limit time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// redisServer is a redis-server of the test's own on a loopback port. It
// keeps an append-only file with fsync on every write, so that a stop and
// a start lose nothing.
type redisServer struct {
	t    *testing.T
	port int
	conf string
	mu   sync.Mutex
	cmd  *exec.Cmd
}

func startRedis(t *testing.T) *redisServer {
	t.Helper()
	dir := t.TempDir()
	r := &redisServer{t: t, port: freePort(t), conf: filepath.Join(dir, "redis.conf")}
	lines := []string{
		"port " + strconv.Itoa(r.port), "bind 127.0.0.1", `save ""`,
		"appendonly yes", "appendfsync always", "dir " + dir,
	}
	if err := os.WriteFile(r.conf, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.Start()
	t.Cleanup(func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.cmd != nil {
			r.cmd.Process.Kill()
			r.cmd.Wait()
		}
	})
	return r
}

func (r *redisServer) URL() string { return "redis://127.0.0.1:" + strconv.Itoa(r.port) + "/0" }

// Start starts redis-server and waits until it answers.
func (r *redisServer) Start() {
	r.t.Helper()
	cmd := exec.Command("redis-server", r.conf)
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	r.mu.Lock()
	r.cmd = cmd
	r.mu.Unlock()
	waitFor(r.t, "redis-server", 10*time.Second, func() bool {
		return r.Do("PING") == "PONG"
	})
}

// Stop stops redis-server as an operator would (SIGTERM) and waits.
func (r *redisServer) Stop() {
	r.mu.Lock()
	cmd := r.cmd
	r.cmd = nil
	r.mu.Unlock()
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
}

// Do runs one command with redis-cli and returns its output, trimmed.
func (r *redisServer) Do(args ...string) string {
	out, err := exec.Command("redis-cli", append([]string{"-p", strconv.Itoa(r.port)}, args...)...).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// replica is one `lotse serve` process in webhook mode.
type replica struct {
	name    string
	hook    string // the URL Telegram posts to
	metrics string // base URL of /metrics, /healthz, /readyz
	cmd     *exec.Cmd
	log     *syncBuffer
	exited  chan struct{}
	err     error // of Wait, once exited is closed
}

// syncBuffer collects a process's log.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// cluster is a fake Bot API, a Redis and the replicas that share it.
type cluster struct {
	t        *testing.T
	api      *telegramtest.Server
	redis    *redisServer
	replicas []*replica
	secret   string
	client   *http.Client
	nextID   atomic.Int64
	env      []string // extra environment for every replica
}

func newCluster(t *testing.T, env ...string) *cluster {
	t.Helper()
	return newClusterAPI(t, nil, env...)
}

// newClusterAPI is newCluster with options for the fake Bot API.
func newClusterAPI(t *testing.T, opts []telegramtest.Option, env ...string) *cluster {
	t.Helper()
	heavy(t)
	c := &cluster{
		t:      t,
		api:    telegramtest.NewServer(opts...),
		redis:  startRedis(t),
		secret: "e2e-secret",
		client: &http.Client{Timeout: 30 * time.Second},
		env:    env,
	}
	t.Cleanup(c.api.Close)
	t.Cleanup(func() {
		if t.Failed() {
			for _, r := range c.replicas {
				t.Logf("log of %s:\n%s", r.name, tail(r.log.String(), 40))
			}
		}
	})
	return c
}

func tail(s string, lines int) string {
	all := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// start starts a replica and waits until it has registered its webhook.
func (c *cluster) start(env ...string) *replica {
	c.t.Helper()
	return c.startArgs([]string{"--workers", "16"}, env...)
}

// startArgs is start with the arguments of lotse serve.
func (c *cluster) startArgs(args []string, env ...string) *replica {
	c.t.Helper()
	port, mport := freePort(c.t), freePort(c.t)
	r := &replica{
		name:    fmt.Sprintf("replica %d", len(c.replicas)+1),
		hook:    fmt.Sprintf("http://127.0.0.1:%d/hook", port),
		metrics: fmt.Sprintf("http://127.0.0.1:%d", mport),
		log:     &syncBuffer{},
		exited:  make(chan struct{}),
	}
	r.cmd = exec.Command(lotseBin, append([]string{"serve"}, args...)...)
	r.cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"),
		"TELEGRAM_TOKEN=" + c.api.Token(),
		"TELEGRAM_API_URL=" + c.api.URL(),
		"WEBHOOK_URL=" + r.hook,
		"WEBHOOK_LISTEN=127.0.0.1:" + strconv.Itoa(port),
		"WEBHOOK_SECRET=" + c.secret,
		"REDIS_URL=" + c.redis.URL(),
		"METRICS_LISTEN=127.0.0.1:" + strconv.Itoa(mport),
		"LOG_HASH_KEY=e2e",
		"RATE_LIMIT=10000",
	}, append(c.env, env...)...)
	r.cmd.Stdout = r.log
	r.cmd.Stderr = r.log
	if err := r.cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	go func() { r.err = r.cmd.Wait(); close(r.exited) }()
	c.t.Cleanup(func() {
		r.kill()
	})
	c.replicas = append(c.replicas, r)
	waitFor(c.t, r.name+" to register its webhook", 30*time.Second, func() bool {
		select {
		case <-r.exited:
			c.t.Fatalf("%s exited: %v\n%s", r.name, r.err, r.log.String())
		default:
		}
		for _, call := range c.api.Calls("setWebhook") {
			if call.OK() && call.Param("url") == r.hook {
				return true
			}
		}
		return false
	})
	return r
}

// kill kills r with SIGKILL and waits until it has exited.
func (r *replica) kill() {
	r.cmd.Process.Kill()
	<-r.exited
}

// alive reports whether r still runs.
func (r *replica) alive() bool {
	select {
	case <-r.exited:
		return false
	default:
		return true
	}
}

// post delivers upd to r once and returns the HTTP status (0 when the
// request failed).
func (c *cluster) post(ctx context.Context, r *replica, upd models.Update) int {
	body, err := json.Marshal(upd)
	if err != nil {
		c.t.Error(err)
		return 0
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.hook, bytes.NewReader(body))
	if err != nil {
		c.t.Error(err)
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", c.secret)
	resp, err := c.client.Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// delivery counts what Telegram had to do.
type delivery struct {
	attempts, failures atomic.Int64
	answered           atomic.Int64 // attempts that got an answer, or none
}

// send delivers upd as Telegram does: to the replica pick names for each
// attempt, again after a failure, until one answers 200.
func (c *cluster) send(ctx context.Context, d *delivery, upd models.Update, pick func(attempt int) *replica) error {
	wait := 50 * time.Millisecond
	for attempt := 0; ; attempt++ {
		d.attempts.Add(1)
		status := c.post(ctx, pick(attempt), upd)
		d.answered.Add(1)
		if status == http.StatusOK {
			return nil
		}
		d.failures.Add(1)
		select {
		case <-ctx.Done():
			return fmt.Errorf("update %d not delivered: %w", upd.ID, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(wait*2, 2*time.Second)
	}
}

// update gives an update the next update id.
func (c *cluster) update(u models.Update) models.Update {
	u.ID = c.nextID.Add(1)
	return u
}

// script is what every chat says: each step depends on the state the
// previous ones left, so a lost or doubled transition changes the replies.
var script = []string{"/start", "Jena", "Personalausweis verloren", "/help", "Baum fällen"}

// play sends the script in chat, each update once it was delivered.
func (c *cluster) play(ctx context.Context, d *delivery, chat int64, pick func(step, attempt int) *replica) error {
	user := c.api.Private(chat, "de")
	for i, text := range script {
		if err := c.send(ctx, d, c.update(user.Text(text)), func(a int) *replica { return pick(i, a) }); err != nil {
			return fmt.Errorf("chat %d step %d: %w", chat, i, err)
		}
	}
	return nil
}

// transcript is the bot's messages in chat without apologies, one string
// each.
func (c *cluster) transcript(chat int64) []string {
	var out []string
	for _, m := range c.api.Messages(chat) {
		if !apologies()[m.Text] {
			out = append(out, m.Text)
		}
	}
	return out
}

// apologyCount is how many apologies chat got.
func (c *cluster) apologyCount(chat int64) int {
	n := 0
	for _, m := range c.api.Messages(chat) {
		if apologies()[m.Text] {
			n++
		}
	}
	return n
}

var apologies = sync.OnceValue(func() map[string]bool {
	b, err := locales.Load()
	if err != nil {
		panic(err)
	}
	set := map[string]bool{}
	for _, lang := range []string{"de", "en"} {
		for _, id := range []string{"telegram.apology", "error.internal"} {
			set[b.T(lang, id, nil)] = true
		}
	}
	return set
})

// reference plays the script undisturbed in a chat of its own through the
// first replica and returns its transcript.
func (c *cluster) reference(ctx context.Context) []string {
	c.t.Helper()
	return c.referenceRounds(ctx, 1, 1)
}

// referenceRounds plays the script rounds times over in chat.
func (c *cluster) referenceRounds(ctx context.Context, chat int64, rounds int) []string {
	c.t.Helper()
	var d delivery
	for range rounds {
		if err := c.play(ctx, &d, chat, func(int, int) *replica { return c.replicas[0] }); err != nil {
			c.t.Fatal(err)
		}
	}
	want := c.waitTranscript(ctx, chat, -1)
	if len(want) < len(script) {
		c.t.Fatalf("reference chat got %d messages for %d steps", len(want), len(script))
	}
	return want
}

// waitTranscript waits until chat has n messages (n < 0: until it has not
// changed for half a second) and returns its transcript.
func (c *cluster) waitTranscript(ctx context.Context, chat int64, n int) []string {
	var last []string
	stable := time.Now()
	for ctx.Err() == nil {
		got := c.transcript(chat)
		if n >= 0 && len(got) >= n {
			time.Sleep(200 * time.Millisecond) // anything more would be a double
			return c.transcript(chat)
		}
		if !slices.Equal(got, last) {
			last, stable = got, time.Now()
		} else if n < 0 && time.Since(stable) > 500*time.Millisecond {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
	return c.transcript(chat)
}

// checkChats compares each chat's transcript with want, once every chat
// has as many messages as want (and a moment more for any doubles).
func (c *cluster) checkChats(ctx context.Context, chats []int64, want []string) {
	c.t.Helper()
	for ctx.Err() == nil {
		done := true
		for _, chat := range chats {
			done = done && len(c.transcript(chat)) >= len(want)
		}
		if done {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	bad := 0
	for _, chat := range chats {
		got := c.transcript(chat)
		if !slices.Equal(got, want) {
			bad++
			if bad <= 3 {
				c.t.Errorf("chat %d: got %d messages, want %d:\n%s", chat, len(got), len(want), diff(got, want))
			}
		}
	}
	if bad > 0 {
		c.t.Errorf("%d of %d chats differ from the undisturbed chat", bad, len(chats))
	}
}

func diff(got, want []string) string {
	var b strings.Builder
	for i := range max(len(got), len(want)) {
		g, w := "—", "—"
		if i < len(got) {
			g = firstLine(got[i])
		}
		if i < len(want) {
			w = firstLine(want[i])
		}
		mark := " "
		if g != w {
			mark = "≠"
		}
		fmt.Fprintf(&b, "%s got %q\n  want %q\n", mark, g, w)
	}
	return b.String()
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// scrape returns the value of the sample of /metrics whose line starts
// with prefix (name and labels), 0 when absent.
func scrape(t *testing.T, r *replica, prefix string) float64 {
	t.Helper()
	resp, err := http.Get(r.metrics + "/metrics")
	if err != nil {
		t.Fatalf("%s /metrics: %v", r.name, err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), prefix+" "); ok {
			v, _ := strconv.ParseFloat(rest, 64)
			return v
		}
	}
	return 0
}

// status GETs a path of the metrics address.
func status(r *replica, path string) int {
	resp, err := http.Get(r.metrics + path)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// chatIDs returns n chat ids from base on.
func chatIDs(base int64, n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = base + int64(i)
	}
	return ids
}

// Signal sends sig to redis-server (SIGSTOP holds it still, SIGCONT lets
// it go on).
func (r *redisServer) Signal(sig os.Signal) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd != nil {
		r.cmd.Process.Signal(sig)
	}
}
