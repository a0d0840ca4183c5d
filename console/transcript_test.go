package console_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/console"
	"github.com/lotse-de/lotse/store/memory"
)

var (
	partsOnce sync.Once
	parts     *app.Parts
	partsErr  error
)

func loadParts(t *testing.T) *app.Parts {
	t.Helper()
	partsOnce.Do(func() { parts, partsErr = app.Load() })
	if partsErr != nil {
		t.Fatal(partsErr)
	}
	return parts
}

// turn is one user line and the texts the bot's answer must contain, in
// order.
type turn struct {
	line   int
	input  string
	expect []string
}

// transcript is a conversation file: "# lang: en" and "# now: RFC3339"
// headers, then "> user line" and "< expected text" lines. The "<" lines
// before the first ">" are expected of the greeting.
type transcript struct {
	lang  string
	now   time.Time
	turns []turn
}

func parseTranscript(t *testing.T, name string) transcript {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := transcript{lang: "de", now: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), turns: []turn{{}}}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# lang: "):
			tr.lang = strings.TrimPrefix(line, "# lang: ")
		case strings.HasPrefix(line, "# now: "):
			if tr.now, err = time.Parse(time.RFC3339, strings.TrimPrefix(line, "# now: ")); err != nil {
				t.Fatalf("%s:%d: %v", name, n, err)
			}
		case strings.HasPrefix(line, "> "), line == ">":
			tr.turns = append(tr.turns, turn{line: n, input: strings.TrimPrefix(strings.TrimPrefix(line, ">"), " ")})
		case strings.HasPrefix(line, "< "):
			last := &tr.turns[len(tr.turns)-1]
			last.expect = append(last.expect, strings.TrimPrefix(line, "< "))
		case strings.TrimSpace(line) == "", strings.HasPrefix(line, "#"):
		default:
			t.Fatalf("%s:%d: a line must start with >, < or #", name, n)
		}
	}
	return tr
}

// TestTranscripts replays every conversation in testdata through the
// engine, as the terminal chat would.
func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	p := loadParts(t)
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			tr := parseTranscript(t, name)
			engine, err := p.Engine(memory.New(), app.Options{
				Now: func() time.Time { return tr.now },
				Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
			})
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			chat := console.New(engine, slog.New(slog.NewTextHandler(io.Discard, nil)), &out, tr.lang, false)
			ctx := context.Background()
			for i, tu := range tr.turns {
				out.Reset()
				input := tu.input
				if i == 0 {
					input = "/start"
				}
				if err := chat.Send(ctx, input); err != nil {
					t.Fatalf("%s:%d: %v", name, tu.line, err)
				}
				got := out.String()
				rest := got
				for _, want := range tu.expect {
					at := strings.Index(rest, want)
					if at < 0 {
						t.Fatalf("%s:%d: after %q the bot said:\n%s\nwant (in this order) %q", name, tu.line, input, got, want)
					}
					rest = rest[at+len(want):]
				}
			}
		})
	}
}
