package telegram_test

import (
	"testing"
)

func TestConversation(t *testing.T) {
	for _, mode := range []string{"polling", "webhook"} {
		t.Run(mode, func(t *testing.T) {
			e := start(t, setup{webhook: mode == "webhook"})
			alice := e.srv.Private(1001, "de-DE")
			e.turn(alice.Text("/start"))
			for _, m := range e.srv.Messages(1001) {
				t.Logf("%d %q %v", m.ID, m.Text, m.ReplyMarkup)
			}
			e.turn(alice.Text("Eisenberg"))
			for _, m := range e.srv.Messages(1001) {
				t.Logf("%d %q %v", m.ID, m.Text, m.ReplyMarkup)
			}
			for _, c := range e.srv.Calls() {
				t.Logf("%s %d %v", c.Method, c.Status, c.Params["reply_markup"])
			}
		})
	}
}
