package telegram_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/telegram"
)

// BenchmarkWebhookTurn measures one update posted to the webhook until it
// is handled and its replies are at the fake Bot API: with a handler that
// echoes (the channel's own cost) and with the real engine on a memory
// store. Parallel runs use one chat per goroutine.
func BenchmarkWebhookTurn(b *testing.B) {
	handlers := []struct {
		name  string
		h     telegram.Handler
		texts []string
	}{
		{"echo", &scripted{fn: func(in dialog.Input) ([]dialog.Reply, error) { return text("ok"), nil }}, []string{"hallo"}},
		{"engine", nil, []string{"/start", "07743", "Baum fällen", "Personalausweis verloren", "/help"}},
	}
	for _, hh := range handlers {
		b.Run(hh.name, func(b *testing.B) {
			e := start(b, setup{webhook: true, handler: hh.h})
			var chat atomic.Int64
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				user := e.srv.Private(10_000+chat.Add(1), "de")
				for i := 0; pb.Next(); i++ {
					status, err := e.srv.Post(context.Background(), user.Text(hh.texts[i%len(hh.texts)]))
					if err != nil || status != http.StatusOK {
						b.Errorf("post: %d %v", status, err)
						return
					}
				}
			})
		})
	}
}

func BenchmarkFormatBlocks(b *testing.B) {
	items := make([]string, 12)
	for i := range items {
		items[i] = fmt.Sprintf("Nachweis Nr. %d über Einkommen & Vermögen <aktuell>", i)
	}
	blocks := []dialog.Block{
		{Title: "Sozialhilfe beantragen", Text: strings.Repeat("Die Hilfe zum Lebensunterhalt sichert das tägliche Leben. ", 20)},
		{Title: "Unterlagen", Items: items},
	}
	b.ReportAllocs()
	for b.Loop() {
		telegram.FormatBlocks(blocks, 0)
	}
}
