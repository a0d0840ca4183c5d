// Command lotse-load plays load against the Lotse bot in webhook mode
// through a fake Bot API server (telegram/telegramtest) and prints turns
// per second, the latency from posting an update to the first reply
// reaching the fake API, the Bot API calls per turn and the CPU a turn
// costs. It is a command of its own so that lotse, the production binary,
// ships without the fake API.
//
// Where the bot runs:
//
//	lotse-load                     in this process (the default)
//	lotse-load -serve PATH         starts `PATH serve` as a process of its
//	                               own on the fake API and measures it
//	lotse-load -api-listen ADDR    only serves the fake API at ADDR and
//	                               waits for a bot started by hand (`lotse
//	                               serve`, or another such as the grammY
//	                               bot of bench/grammy) to set its webhook
//	  -pid N                       with -api-listen: measures the CPU and
//	                               memory of process N, that bot, as -serve
//	                               does its own
//
// A process's CPU per turn is its utime + stime from /proc/<pid>/stat over
// the run ÷ turns, its memory VmRSS at the end and VmHWM (the peak since
// it started) from /proc/<pid>/status.
//
// How chats write: by default each sends its next update as soon as the
// last was handled (a closed loop, which measures throughput). With
// -think D each chat writes once every D, as people do, its first turn
// spread over the first D, so that the load offered is chats ÷ D turns a
// second whatever the bot does; this is what `lotse serve` meets in
// production and what its figures in the README come from.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/lotse-de/lotse/internal/serve"
	redisstore "github.com/lotse-de/lotse/store/redis"
	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// benchScript is what every simulated user does, over and over: texts,
// commands, and taps ("" taps the first button of the last menu).
var benchScript = []string{"/start", "07743", "Baum fällen", "", "", "Personalausweis verloren", "", "Ich habe meine Arbeit verloren", "", "/help"}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "lotse-load:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lotse-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	chats := fs.Int("chats", 50, "chats playing at once")
	duration := fs.Duration("duration", 10*time.Second, "how long to play")
	think := fs.Duration("think", 0, "each chat writes once every this long (0: each sends its next update when the last was handled)")
	servePath := fs.String("serve", "", "start `PATH serve -unpaced` (the lotse binary) as a process of its own on the fake API and measure its CPU and memory")
	serveProfile := fs.String("serve-cpuprofile", "", "with -serve: fetch a CPU profile of the serve process over the run (its -pprof endpoint) into this file")
	storeKind := fs.String("store", "redis", "in-process session store: redis (REDIS_URL, default redis://127.0.0.1:6379/0) or memory")
	workers := fs.Int("workers", 64, "the bot's chats handled in parallel")
	connections := fs.Int("connections", 64, "updates posted at once at most, as Telegram opens at most the webhook's max_connections (serve asks for one per worker); a turn's latency includes its wait for one")
	apiListen := fs.String("api-listen", "", "only serve the fake Bot API here and play against a bot started by hand (`lotse serve` or another) that sets its webhook on it")
	pid := fs.Int("pid", 0, "with -api-listen: measure the CPU and memory of `process` N (the bot started by hand) as -serve does")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of this process to this file")
	allocProfile := fs.String("allocprofile", "", "write a profile of this process's allocations to this file at the end")
	asServe := fs.Bool("as-serve", false, "in-process bot: wired as `lotse serve` is, with its rate limit, metrics (not served) and JSON logs; its sessions use serve's keys (lotse:…, kept 10 minutes)")
	sessionCache := fs.Int("session-cache", redisstore.DefaultSessionCache, "in-process bot on redis: sessions kept in memory to save a Redis round trip per turn (0: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *chats < 1 || *duration <= 0 || *think < 0 || *connections < 1 {
		return errors.New("--chats, --duration and --connections must be positive, --think not negative")
	}
	if *servePath != "" && *apiListen != "" {
		return errors.New("--serve and --api-listen exclude each other")
	}
	if *serveProfile != "" && *servePath == "" {
		return errors.New("--serve-cpuprofile needs --serve")
	}
	if *pid != 0 && (*apiListen == "" || *pid < 0) {
		return errors.New("--pid needs --api-listen and a process id")
	}
	if *pid != 0 && !measured(*pid).running() {
		return fmt.Errorf("--pid %d: no such process", *pid)
	}
	stopProfile, err := serve.StartCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stopProfile()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

	probes := &probeSet{m: map[int64]*probe{}, calls: map[string]int64{}}
	opts := []telegramtest.Option{telegramtest.WithoutRecording(), telegramtest.OnCall(probes.observe)}
	token := os.Getenv("TELEGRAM_TOKEN")
	if *servePath != "" && token == "" {
		token = telegramtest.Token
	}
	if *servePath != "" || *apiListen != "" {
		ln, err := net.Listen("tcp", cmp.Or(*apiListen, "127.0.0.1:0"))
		if err != nil {
			return err
		}
		if token == "" {
			return errors.New("--api-listen needs TELEGRAM_TOKEN, the same as lotse serve's")
		}
		opts = append(opts, telegramtest.WithListener(ln), telegramtest.WithToken(token))
	}
	srv := telegramtest.NewServer(opts...)
	defer srv.Close()

	var proc *serveProcess
	var bot measured // the process measured, 0 for none
	botName := "lotse serve"
	switch {
	case *servePath != "":
		proc, err = startServe(*servePath, srv, *workers, *serveProfile != "", stderr)
		if err != nil {
			return err
		}
		defer proc.stop()
		bot = proc.pid()
	case *apiListen != "":
		if *pid != 0 {
			bot, botName = measured(*pid), fmt.Sprintf("process %d", *pid)
		}
		fmt.Fprintf(stdout, "fake Bot API at %s; waiting for the bot to set its webhook\n", srv.URL())
	default:
		serve.TuneGC(os.Getenv) // as serve does
		stop, err := startBenchBot(ctx, srv, benchBot{store: *storeKind, workers: *workers, sessionCache: *sessionCache, asServe: *asServe, stderr: stderr}, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	for {
		if url, _ := srv.Webhook(); url != "" {
			break
		}
		if proc != nil && proc.exited() {
			return errors.New("lotse serve stopped before it set its webhook")
		}
		if proc == nil && bot != 0 && !bot.running() {
			return fmt.Errorf("%s ended before it set its webhook", botName)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}

	var profileDone chan error
	if *serveProfile != "" {
		profileDone = make(chan error, 1)
		go func() { profileDone <- proc.fetchProfile(ctx, *duration, *serveProfile) }()
	}

	// Chat ids unique to this run, so that sessions of earlier runs (whose
	// update ids were higher) never make the engine drop updates.
	base := time.Now().UnixNano() % 1_000_000_000 * 1000
	var turns atomic.Int64
	failures := &failureSet{}
	slots := make(chan struct{}, *connections)
	latencies := make([][]time.Duration, *chats)
	roundTrips := make([][]time.Duration, *chats)
	var wg sync.WaitGroup
	loadBefore := loadAverage()
	cpuBefore := cpuTime()
	var botBefore time.Duration
	if bot != 0 {
		botBefore = bot.cpu()
	}
	startAt := time.Now()
	end := startAt.Add(*duration)
	for c := range *chats {
		wg.Go(func() {
			id := base + int64(c)
			user := srv.Private(id, "de")
			p := probes.add(id)
			next := startAt.Add(*think * time.Duration(c) / time.Duration(*chats))
			for i := 0; ctx.Err() == nil; i++ {
				step := benchScript[i%len(benchScript)]
				upd := user.Text(step)
				if step == "" {
					data, msgID := p.menu()
					if data == "" {
						continue
					}
					upd = user.Callback(msgID, data)
				}
				if *think > 0 {
					if !next.Before(end) || !sleepUntil(ctx, next) {
						return
					}
					next = next.Add(*think)
				}
				if !time.Now().Before(end) {
					return
				}
				t0 := p.begin()
				slots <- struct{}{}
				status, err := srv.Post(ctx, upd)
				<-slots
				rt := time.Since(t0)
				if err != nil || status != http.StatusOK {
					failures.add(status, err)
					continue
				}
				turns.Add(1)
				roundTrips[c] = append(roundTrips[c], rt)
				if first, ok := p.first(); ok {
					latencies[c] = append(latencies[c], first)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(startAt)
	cpu := cpuTime() - cpuBefore
	var botCPU time.Duration
	if bot != 0 {
		botCPU = bot.cpu() - botBefore
	}

	first, whole := slices.Concat(latencies...), slices.Concat(roundTrips...)
	where := "in-process bot, store " + *storeKind
	switch {
	case *servePath != "":
		where = "lotse serve as its own process"
	case *pid != 0:
		where = fmt.Sprintf("a bot started by hand, process %d", *pid)
	case *apiListen != "":
		where = "a bot started by hand"
	}
	pace := "closed loop"
	if *think > 0 {
		pace = fmt.Sprintf("each chat every %s, offered %.0f turns/s", *think, float64(*chats)/think.Seconds())
	}
	n := turns.Load()
	fmt.Fprintf(stdout, "chats %d, %s, %s, %s: %d turns, %.0f turns/s, %d failed\n",
		*chats, pace, where, elapsed.Round(time.Millisecond), n, float64(n)/elapsed.Seconds(), failures.total())
	if f := failures.String(); f != "" {
		fmt.Fprintf(stdout, "failed: %s\n", f)
	}
	if silent := int64(len(whole) - len(first)); silent > 0 {
		fmt.Fprintf(stdout, "%d turns got no reply (a rate limit? raise RATE_LIMIT of lotse serve for closed-loop runs)\n", silent)
	}
	fmt.Fprintf(stdout, "update → first reply: %s\n", percentiles(first))
	fmt.Fprintf(stdout, "update → turn done:   %s\n", percentiles(whole))
	if n > 0 {
		fmt.Fprintf(stdout, "messages per turn: %s\n", probes.messagesPerTurn(n))
		fmt.Fprintf(stdout, "Bot API calls per turn: %s\n", probes.callsPerTurn(n))
		if bot != 0 {
			fmt.Fprintf(stdout, "%s: %s CPU per turn, %.2f of %d cores; RSS %s\n", botName,
				(botCPU / time.Duration(n)).Round(time.Microsecond), botCPU.Seconds()/elapsed.Seconds(), runtime.NumCPU(), bot.memory())
		}
		what := "bot, fake API, load"
		if proc != nil || *apiListen != "" {
			what = "fake API, load"
		}
		fmt.Fprintf(stdout, "CPU of this process (%s): %s per turn, %.2f of %d cores; load average before/after: %s / %s\n",
			what, (cpu / time.Duration(n)).Round(time.Microsecond), cpu.Seconds()/elapsed.Seconds(), runtime.NumCPU(), loadBefore, loadAverage())
	}
	if profileDone != nil {
		if err := <-profileDone; err != nil {
			return fmt.Errorf("CPU profile of lotse serve: %w", err)
		}
		fmt.Fprintf(stdout, "CPU profile of lotse serve: %s\n", *serveProfile)
	}
	return writeAllocProfile(*allocProfile)
}

// failureSet counts the updates that were not handled, by reason.
type failureSet struct {
	mu sync.Mutex
	n  map[string]int
}

func (f *failureSet) add(status int, err error) {
	reason := fmt.Sprintf("HTTP %d", status)
	if err != nil {
		reason = err.Error()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == nil {
		f.n = map[string]int{}
	}
	f.n[reason]++
}

func (f *failureSet) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := 0
	for _, n := range f.n {
		t += n
	}
	return t
}

// String lists the reasons and their counts, "" when nothing failed.
func (f *failureSet) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	reasons := make([]string, 0, len(f.n))
	for r := range f.n {
		reasons = append(reasons, r)
	}
	slices.Sort(reasons)
	for i, r := range reasons {
		reasons[i] = fmt.Sprintf("%d × %s", f.n[r], r)
	}
	return strings.Join(reasons, "; ")
}

// sleepUntil waits until t or until ctx ends; it reports whether t came.
func sleepUntil(ctx context.Context, t time.Time) bool {
	wait := time.Until(t)
	if wait <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAverage is the one-minute load average where the system tells it.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

// writeAllocProfile writes the allocations made since the process
// started to path; "" writes nothing.
func writeAllocProfile(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
