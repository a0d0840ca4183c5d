package dialog_test

import (
	"context"
	"testing"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/store/memory"
)

// BenchmarkHandle measures one turn on the memory store: a conversation of
// ten turns from /start to the authority card, replayed per chat.
func BenchmarkHandle(b *testing.B) {
	e := engine(b, memory.New())
	ctx := context.Background()
	script := []dialog.Input{
		{Kind: dialog.KindCommand, Command: "start"},
		{Kind: dialog.KindText, Text: "07607"},
		{Kind: dialog.KindChoice, Choice: "pick:160745052018"},
		{Kind: dialog.KindText, Text: "Sozialhilfe"},
		{Kind: dialog.KindChoice, Choice: "open:sozialhilfe"},
		{Kind: dialog.KindChoice, Choice: "section:documents"},
		{Kind: dialog.KindChoice, Choice: "authority"},
		{Kind: dialog.KindChoice, Choice: "other"},
		{Kind: dialog.KindChoice, Choice: "guide:geld"},
		{Kind: dialog.KindChoice, Choice: "pension_age"},
	}
	b.ReportAllocs()
	var chat, update int64
	for i := 0; b.Loop(); i++ {
		in := script[i%len(script)]
		if i%len(script) == 0 {
			chat++
		}
		update++
		in.Chat, in.UpdateID = chat, update
		if _, err := e.Handle(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
