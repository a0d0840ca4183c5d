package redis_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/lotse-de/lotse/dialog"
	redisstore "github.com/lotse-de/lotse/store/redis"
)

// BenchmarkTurn is the Redis part of a turn as the bot makes it, on the
// session cache: "session" saves the session only (as before the outbox),
// "outbox" saves it with the turn's replies, claims them (from memory) and
// is done with them after sending — the extra cost of durable replies.
// "parallel" runs many chats at once, whose scripts share pipelines.
func BenchmarkTurn(b *testing.B) {
	reply := []dialog.Reply{{
		Blocks:  []dialog.Block{{Text: "Das habe ich zu „Personalausweis verloren“ gefunden:"}},
		Menu:    "main.results",
		Choices: []dialog.Choice{{Event: "open:personalausweis", Label: "Personalausweis beantragen"}, {Event: "open:verlust", Label: "Verlust melden"}, {Event: "back", Label: "Zurück"}},
	}}
	for _, mode := range []string{"session", "outbox"} {
		turn := func(ctx context.Context, st *redisstore.Store, chat int64, update int64) {
			s, err := st.Load(ctx, chat)
			if err != nil && err != dialog.ErrNotFound {
				b.Fatal(err)
			}
			s.Chat = chat
			s.MarkHandled(update)
			if mode == "outbox" {
				s.Outgoing = &dialog.Outgoing{Update: update, Replies: reply}
			}
			if err := st.Save(ctx, &s); err != nil {
				b.Fatal(err)
			}
			if mode == "outbox" {
				if _, err := st.Claim(ctx, chat); err != nil {
					b.Fatal(err)
				}
				if _, err := st.Done(ctx, chat, []int64{update}, true); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.Run(mode, func(b *testing.B) {
			c := client(b)
			st := redisstore.New(c, redisstore.WithPrefix(prefix(b, c)))
			ctx := context.Background()
			b.ReportAllocs()
			for i := range b.N {
				turn(ctx, st, 1, int64(i+1))
			}
		})
		b.Run(mode+"/parallel", func(b *testing.B) {
			c := client(b)
			st := redisstore.New(c, redisstore.WithPrefix(prefix(b, c)))
			ctx := context.Background()
			var chats atomic.Int64
			b.ReportAllocs()
			b.SetParallelism(16)
			b.RunParallel(func(pb *testing.PB) {
				chat := chats.Add(1)
				var update int64
				for pb.Next() {
					update++
					turn(ctx, st, chat, update)
				}
			})
		})
	}
}
