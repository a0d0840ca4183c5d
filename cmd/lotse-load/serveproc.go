package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lotse-de/lotse/internal/serve"
	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// serveProcess is a `lotse serve` that lotse-load started on its fake API.
type serveProcess struct {
	cmd     *exec.Cmd
	done    chan struct{}
	metrics string // its METRICS_LISTEN address
}

// startServe starts `path serve -unpaced` in webhook mode on srv, with
// Redis (REDIS_URL, default redis://127.0.0.1:6379/0) as its store and
// serve's rate limit, metrics and logs. Unless the environment sets
// them, its sessions are kept 10 minutes (SESSION_TTL) and it logs at
// info level. Pacing is off because the fake API has no limits and 30
// messages a second in all would bind long before the bot does; each
// chat's one message a second does not bind when chats think. With
// profile it serves pprof on its metrics address.
func startServe(path string, srv *telegramtest.Server, workers int, profile bool, stderr io.Writer) (*serveProcess, error) {
	webhook, err := freeAddr()
	if err != nil {
		return nil, err
	}
	metrics, err := freeAddr()
	if err != nil {
		return nil, err
	}
	args := []string{"serve", "-unpaced", "-workers", strconv.Itoa(workers)}
	if profile {
		args = append(args, "-pprof")
	}
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(),
		"TELEGRAM_TOKEN="+srv.Token(),
		"TELEGRAM_API_URL="+srv.URL(),
		"WEBHOOK_URL=http://"+webhook+"/telegram",
		"WEBHOOK_LISTEN="+webhook,
		"WEBHOOK_SECRET=lotse-load",
		"METRICS_LISTEN="+metrics,
		"REDIS_URL="+cmp.Or(os.Getenv("REDIS_URL"), serve.DefaultRedisURL),
		"SESSION_TTL="+cmp.Or(os.Getenv("SESSION_TTL"), "10m"),
	)
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &serveProcess{cmd: cmd, done: make(chan struct{}), metrics: metrics}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// freeAddr is a port on 127.0.0.1 that was free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// exited reports whether the process has ended.
func (p *serveProcess) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop ends the process with SIGTERM, as an orchestrator would, and waits.
func (p *serveProcess) stop() {
	if !p.exited() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
	}
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// userHZ is the unit of the CPU times in /proc/<pid>/stat: USER_HZ,
// which Linux fixes at 100 a second for user space.
const userHZ = 100

// measured is the process whose CPU and memory lotse-load measures: the
// `lotse serve` it started (-serve) or one started by hand (-pid), read
// from /proc/<pid>.
type measured int

// pid is the process of p.
func (p *serveProcess) pid() measured { return measured(p.cmd.Process.Pid) }

// running reports whether /proc still shows the process.
func (m measured) running() bool {
	_, err := os.Stat(fmt.Sprintf("/proc/%d/stat", int(m)))
	return err == nil
}

// cpu is the user and system CPU time the process has used so far, from
// /proc/<pid>/stat (utime and stime); 0 where that cannot be read.
func (m measured) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", int(m)))
	if err != nil {
		return 0
	}
	// The command name (field 2) is in parentheses and may hold spaces:
	// count the fields after its closing one, which is field 3 (state).
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, err2 := strconv.ParseInt(f[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * time.Second / userHZ
}

// memory describes the process's resident memory now and at its peak,
// from /proc/<pid>/status (VmRSS, VmHWM).
func (m measured) memory() string {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", int(m)))
	if err != nil {
		return "?"
	}
	defer f.Close()
	var rss, hwm string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			rss = kiB(v)
		}
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			hwm = kiB(v)
		}
	}
	return fmt.Sprintf("%s at the end, peak %s", rss, hwm)
}

// kiB turns a "  93876 kB" of /proc/<pid>/status into "91.7 MiB".
func kiB(v string) string {
	n, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%.1f MiB", n/1024)
}

// fetchProfile writes a CPU profile of the process over d, taken from
// its pprof endpoint, to path.
func (p *serveProcess) fetchProfile(ctx context.Context, d time.Duration, path string) error {
	seconds := max(1, int(d.Seconds()))
	url := fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", p.metrics, seconds)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return errors.New(resp.Status + ": " + strings.TrimSpace(string(b)))
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
