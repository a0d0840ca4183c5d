package telegram_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/store/memory"
)

// TestConversation plays a whole conversation through the real engine, by
// long polling and by webhook.
func TestConversation(t *testing.T) {
	for _, mode := range []string{"polling", "webhook"} {
		t.Run(mode, func(t *testing.T) {
			p := loadParts(t)
			store := memory.New()
			engine, err := p.Engine(store, app.Options{Log: quietLog()})
			if err != nil {
				t.Fatal(err)
			}
			e := start(t, setup{webhook: mode == "webhook", handler: engine, outbox: store})
			const chat = 1001
			alice := e.srv.Private(chat, "de-DE")

			// start: greeting, then the place question with a location button
			e.turn(alice.Text("/start"))
			e.wantOutput(msg(t, "de", "main.place.ask"))
			if !e.sentMarkupContains(`"request_location":true`) {
				t.Fatal("no keyboard with a location button sent")
			}

			// place by text, ambiguous: pick it from the list, edited in place
			e.turn(alice.Text("Eisenberg"))
			edits := len(e.srv.Calls("editMessageText"))
			e.tap(alice, "Eisenberg, Stadt (Saale-Holzland-Kreis, Thüringen)")
			if got := len(e.srv.Calls("editMessageText")); got != edits+1 {
				t.Fatalf("editMessageText calls: got %d, want %d", got, edits+1)
			}
			e.wantOutput(firstLine(msg(t, "de", "main.concern.ask")))

			// search, open a service, then its authority with a contact card
			e.turn(alice.Text("Ich brauche Sozialhilfe"))
			svc, _ := p.Catalog.Service("sozialhilfe")
			e.tap(alice, svc.Name["de"])
			e.wantOutput(svc.Name["de"])
			e.tap(alice, msg(t, "de", "main.service.authority"))
			e.wantOutput("Saale-Holzland-Kreis")
			if n := len(e.srv.Calls("sendContact")); n != 0 {
				t.Fatalf("sendContact calls before the contact was asked for: got %d, want 0", n)
			}
			e.tap(alice, msg(t, "de", "main.authority.contact"))
			contacts := e.srv.Calls("sendContact")
			if len(contacts) != 1 || contacts[0].Param("phone_number") == "" {
				t.Fatalf("sendContact calls: got %v, want one with a phone number", contacts)
			}
			if phone := contacts[0].Param("phone_number"); !strings.Contains(e.last(chat), phone) {
				t.Fatalf("contact phone %q is not the one in the card", phone)
			}

			// a guided flow: answer its questions until services are suggested
			e.turn(alice.Text("/restart"))
			e.tap(alice, "Geld zum Leben")
			suggested := false
			for range 6 {
				if strings.Contains(strings.Join(e.output(), "\n"), firstLine(msg(t, "de", "main.suggestions.intro"))) {
					suggested = true
					break
				}
				e.tap(alice, alice.Buttons()[0])
			}
			if !suggested {
				t.Fatalf("guided flow ended without suggestions; last: %q", e.last(chat))
			}

			// deep link into a service
			e.turn(alice.Text("/start wohngeld"))
			wg, _ := p.Catalog.Service("wohngeld")
			e.wantOutput(wg.Name["de"])

			// switch the language, then the place by a shared location
			e.turn(alice.Text("/language"))
			e.tap(alice, "English")
			e.wantOutput(firstLine(msg(t, "en", "main.concern.ask")))
			e.turn(alice.Text("/place"))
			e.wantOutput(msg(t, "en", "main.place.ask"))
			// the bot's own button is in the session's language, not in
			// the client's (de-DE)
			if markup := e.lastMarkup(); !strings.Contains(markup, msg(t, "en", "telegram.location_button")) || strings.Contains(markup, msg(t, "de", "telegram.location_button")) {
				t.Fatalf("location keyboard after switching to English: %s", markup)
			}
			e.turn(alice.Location(50.9271, 11.5892)) // Jena
			e.wantOutput(firstLine(msg(t, "en", "main.concern.ask")))

			// forget: everything stored goes
			e.turn(alice.Text("/forget"))
			e.tap(alice, msg(t, "en", "main.forget.yes"))
			e.wantOutput(msg(t, "en", "main.forget.done"))
			if _, err := store.Load(context.Background(), chat); !errors.Is(err, dialog.ErrNotFound) {
				t.Fatalf("session after /forget: got error %v, want ErrNotFound", err)
			}

			for _, c := range e.srv.Calls() {
				if !c.OK() {
					t.Errorf("%s answered %d: the bot sent something Telegram refuses", c.Method, c.Status)
				}
			}
			if open := e.srv.Unanswered(); len(open) > 0 {
				t.Errorf("callback queries never answered: %v", open)
			}
			for _, c := range e.srv.Calls("answerCallbackQuery") {
				if c.InWebhookAnswer != (mode == "webhook") {
					t.Errorf("%s: callback query answered in the webhook answer: %v, want %v", mode, c.InWebhookAnswer, mode == "webhook")
				}
			}
		})
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "{{")
	line, _, _ = strings.Cut(line, "\n")
	if i := strings.IndexAny(line, "?.:"); i > 0 {
		return line[:i]
	}
	return line
}

// lastMarkup returns the reply_markup of the last message sent.
func (e *env) lastMarkup() string {
	calls := e.srv.Calls("sendMessage")
	if len(calls) == 0 {
		return ""
	}
	return calls[len(calls)-1].Param("reply_markup")
}

func (e *env) sentMarkupContains(s string) bool {
	for _, c := range e.srv.Calls("sendMessage") {
		if strings.Contains(c.Param("reply_markup"), s) {
			return true
		}
	}
	return false
}
