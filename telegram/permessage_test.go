package telegram_test

import (
	"testing"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/store/memory"
)

// messageCalls are the Bot API methods that put a message in the chat or
// change one; each call is one message the user sees arrive or change.
var messageCalls = []string{"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendVenue", "sendContact", "sendLocation"}

// messages counts the calls of messageCalls made so far.
func (e *env) messages() int {
	n := 0
	for _, m := range messageCalls {
		n += len(e.srv.Calls(m))
	}
	return n
}

// TestOneMessagePerTurn checks that the turns that used to take two
// messages (issue 17) take one: a place with several matches, a place
// that is not known, a menu tap, the authority card, and its contact,
// sent only when asked for.
func TestOneMessagePerTurn(t *testing.T) {
	p := loadParts(t)
	store := memory.New()
	engine, err := p.Engine(store, app.Options{Log: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	e := start(t, setup{webhook: true, handler: engine, updates: store})
	alice := e.srv.Private(1002, "de-DE")
	e.turn(alice.Text("/start"))

	step := func(name string, do func()) {
		t.Helper()
		before := e.messages()
		do()
		if got := e.messages() - before; got != 1 {
			t.Errorf("%s: got %d messages, want 1", name, got)
		}
	}
	step("place not known", func() { e.turn(alice.Text("Xyzzyhausen")) })
	step("place with several matches", func() { e.turn(alice.Text("Eisenberg")) })
	step("wrong answer to the list of places", func() { e.turn(alice.Text("Qwertzdorf")) })
	step("pick from the list", func() { e.tap(alice, "Eisenberg, Stadt (Saale-Holzland-Kreis, Thüringen)") })
	step("search", func() { e.turn(alice.Text("Ich brauche Sozialhilfe")) })
	svc, _ := p.Catalog.Service("sozialhilfe")
	step("open a service", func() { e.tap(alice, svc.Name["de"]) })
	step("authority", func() { e.tap(alice, msg(t, "de", "main.service.authority")) })
	step("its phone as a contact", func() { e.tap(alice, msg(t, "de", "main.authority.contact")) })
	if n := len(e.srv.Calls("sendVenue")); n != 0 {
		t.Errorf("sendVenue calls: got %d, want 0 (not asked for)", n)
	}
	if n := len(e.srv.Calls("sendContact")); n != 1 {
		t.Errorf("sendContact calls: got %d, want 1", n)
	}
}
