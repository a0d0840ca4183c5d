package telegram_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/telegram"
	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// A bot on long polling against the fake Bot API: a user writes, the
// handler answers, the reply arrives as escaped HTML.
func Example() {
	srv := telegramtest.NewServer()
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	echo := telegram.HandlerFunc(func(_ context.Context, in dialog.Input) ([]dialog.Reply, error) {
		return []dialog.Reply{{Blocks: []dialog.Block{{Title: "Echo", Text: in.Text}}}}, nil
	})
	texts := telegram.LocalizerFunc(func(lang, id string) string { return id })
	bot, err := telegram.New(ctx, telegram.Config{Token: srv.Token(), APIURL: srv.URL()},
		telegram.Deps{Handler: echo, Texts: texts, Logger: quietLog()})
	if err != nil {
		fmt.Println(err)
		return
	}
	done := make(chan error)
	go func() { done <- bot.RunPolling(ctx) }()

	srv.Inject(srv.Private(1, "de").Text("Miete & Heizung"))
	calls, err := srv.WaitCalls(ctx, "sendMessage", 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(calls[0].Param("text"))
	cancel()
	<-done
	// Output:
	// <b>Echo</b>
	// Miete &amp; Heizung
}
