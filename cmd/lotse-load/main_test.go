package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// play runs lotse-load with args and checks that every turn was
// answered; it returns what it printed.
func play(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), args, &stdout, &stderr); err != nil {
		t.Fatalf("%v (stderr: %s)", err, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"turns/s, 0 failed", "update → first reply: p50", "messages per turn: ", "CPU of this process"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output %q lacks %q", out, want)
		}
	}
	if strings.Contains(out, "got no reply") {
		t.Fatalf("some turns got no reply: %s", out)
	}
	return out
}

// turnsOf reads the number of turns from the first line of the output.
func turnsOf(t *testing.T, out string) int {
	t.Helper()
	m := regexp.MustCompile(`: (\d+) turns,`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no turn count in %q", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestInProcess(t *testing.T) {
	for _, args := range [][]string{
		{"-chats", "3", "-duration", "300ms", "-store", "memory"},
		{"-chats", "3", "-duration", "300ms", "-store", "memory", "-as-serve"},
	} {
		t.Run(strings.Join(args[6:], " "), func(t *testing.T) {
			play(t, args...)
		})
	}
}

// TestThink checks that with -think each chat writes at most once per
// think time: 20 chats, 1 s, every 250 ms is at most 4 turns each (the
// first turns are spread over the first 250 ms), where a closed loop
// plays hundreds.
func TestThink(t *testing.T) {
	out := play(t, "-chats", "20", "-duration", "1s", "-think", "250ms", "-store", "memory")
	if n := turnsOf(t, out); n < 1 || n > 20*4 {
		t.Fatalf("got %d turns, want 1 to %d: %s", n, 20*4, out)
	}
	if !strings.Contains(out, "each chat every 250ms, offered 80 turns/s") {
		t.Fatalf("output lacks the offered load: %s", out)
	}
}

// TestServeProcess builds lotse and plays against `lotse serve` as a
// process of its own on Redis, with a CPU profile from its pprof
// endpoint.
func TestServeProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds lotse")
	}
	if c, err := net.Dial("tcp", "127.0.0.1:6379"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Redis at 127.0.0.1:6379")
		}
		t.Skip("no Redis at 127.0.0.1:6379")
	} else {
		c.Close()
	}
	t.Setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
	dir := t.TempDir()
	bin := filepath.Join(dir, "lotse")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/lotse-de/lotse/cmd/lotse").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	profile := filepath.Join(dir, "cpu.pprof")
	out := play(t, "-serve", bin, "-serve-cpuprofile", profile, "-chats", "10", "-duration", "2s", "-think", "200ms")
	for _, want := range []string{"lotse serve as its own process", "lotse serve: ", "CPU per turn", "peak "} {
		if !strings.Contains(out, want) {
			t.Fatalf("output %q lacks %q", out, want)
		}
	}
	if fi, err := os.Stat(profile); err != nil || fi.Size() == 0 {
		t.Fatalf("no CPU profile of serve: %v", err)
	}
}
