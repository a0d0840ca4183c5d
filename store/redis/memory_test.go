package redis_test

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"testing"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/dialog"
	redisstore "github.com/lotse-de/lotse/store/redis"
)

// TestMemoryPerSession runs a long conversation for many chats through the
// real engine on Redis and measures, with MEMORY USAGE, what each idle
// session then costs Redis. It fails at 400 bytes or more.
func TestMemoryPerSession(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 1,000 conversations")
	}
	ctx := context.Background()
	c := client(t)
	p := prefix(t, c)
	parts, err := app.Load()
	if err != nil {
		t.Fatal(err)
	}
	e, err := parts.Engine(redisstore.New(c, redisstore.WithPrefix(p)), app.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	const n = 1000
	var total int64
	for i := range int64(n) {
		chat := 5_000_000_000 + i*7919
		update := 812_345_678 + i*100
		for _, in := range []dialog.Input{
			{Kind: dialog.KindCommand, Command: "start"},
			{Kind: dialog.KindText, Text: "Eisenberg"},
			{Kind: dialog.KindChoice, Choice: "pick:160745052018"},
			{Kind: dialog.KindChoice, Choice: "guide:geld"},
			{Kind: dialog.KindChoice, Choice: "working_age"},
			{Kind: dialog.KindChoice, Choice: "yes"},
			{Kind: dialog.KindChoice, Choice: "none"},
			{Kind: dialog.KindChoice, Choice: "yes"},
			{Kind: dialog.KindChoice, Choice: "open:kommunale-eingliederungsleistungen"},
			{Kind: dialog.KindChoice, Choice: "authority"},
		} {
			update++
			in.Chat, in.UpdateID = chat, update
			if _, err := e.Handle(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		key := p + ":{c:" + strconv.FormatInt(chat, 10) + "}:session"
		if i == 0 {
			raw, _ := c.Get(ctx, key).Result()
			t.Logf("stored session: %q", raw)
		}
		used, err := c.MemoryUsage(ctx, key).Result()
		if err != nil {
			t.Fatal(err)
		}
		total += used
	}
	avg := total / n
	t.Logf("MEMORY USAGE per idle session after a ten-turn conversation: %d bytes (average over %d)", avg, n)
	if avg >= 400 {
		t.Fatalf("an idle session takes %d bytes in Redis, want under 400", avg)
	}
}
