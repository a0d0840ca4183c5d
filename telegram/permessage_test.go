package telegram_test

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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

// startEngine starts a webhook bot on the real engine and a memory store.
func startEngine(t *testing.T) (*app.Parts, *env) {
	t.Helper()
	p := loadParts(t)
	store := memory.New()
	engine, err := p.Engine(store, app.Options{Log: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	return p, start(t, setup{webhook: true, handler: engine, outbox: store})
}

// TestOneMessagePerTurn checks that the turns that used to take two
// messages (issue 17) take one: a place with several matches, a place
// that is not known, a menu tap, the authority card, and its contact,
// sent only when asked for.
func TestOneMessagePerTurn(t *testing.T) {
	p, e := startEngine(t)
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

// TestTranscriptMessagesPerTurn plays the user's side of every console
// transcript (../console/testdata) through the bot, tapping a button where
// the user typed its number or its label, and checks the messages per
// turn that Telegram shows: at most 1.1 on average (issue 17).
func TestTranscriptMessagesPerTurn(t *testing.T) {
	files, err := filepath.Glob("../console/testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	_, e := startEngine(t)
	turns, messages := 0, 0
	for i, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		lang := "de"
		inputs := []string{"/start"}
		for _, line := range strings.Split(string(data), "\n") {
			switch {
			case strings.HasPrefix(line, "# lang: "):
				lang = strings.TrimPrefix(line, "# lang: ")
			case strings.HasPrefix(line, ">"):
				inputs = append(inputs, strings.TrimSpace(strings.TrimPrefix(line, ">")))
			}
		}
		user := e.srv.Private(int64(3000+i), lang)
		for _, input := range inputs {
			before := e.messages()
			buttons := user.Buttons()
			label := input
			if n, err := strconv.Atoi(input); err == nil && n >= 1 && n <= len(buttons) {
				label = buttons[n-1]
			}
			if slices.Contains(buttons, label) {
				e.tap(user, label)
			} else {
				e.turn(user.Text(input))
			}
			got := e.messages() - before
			if got != 1 {
				t.Logf("%s: %q: %d messages", filepath.Base(name), input, got)
			}
			turns++
			messages += got
		}
	}
	perTurn := float64(messages) / float64(turns)
	t.Logf("transcripts: %d turns, %d messages, %.2f messages per turn", turns, messages, perTurn)
	if perTurn > 1.1 {
		t.Errorf("messages per turn: got %.2f, want at most 1.1", perTurn)
	}
}
