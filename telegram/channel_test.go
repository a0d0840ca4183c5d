package telegram_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/telegram"
	"github.com/lotse-de/lotse/telegram/telegramtest"
)

func text(s string) []dialog.Reply {
	return []dialog.Reply{{Blocks: []dialog.Block{{Text: s}}}}
}

func TestInputs(t *testing.T) {
	h := &scripted{}
	e := start(t, setup{handler: h})
	alice := e.srv.Private(7, "en-US")
	group := e.srv.Group(-100123, 8, "de")
	botMsg := 0

	tests := []struct {
		name string
		upd  models.Update
		want *dialog.Input // nil: ignored
	}{
		{"text", alice.Text("  Baum fällen "), &dialog.Input{Kind: dialog.KindText, Text: "Baum fällen"}},
		{"deep link", alice.Text("/start sozialhilfe"), &dialog.Input{Kind: dialog.KindCommand, Command: "start", Text: "sozialhilfe"}},
		{"command to us", alice.Text("/Help@Lotse_Test_Bot"), &dialog.Input{Kind: dialog.KindCommand, Command: "help"}},
		{"command to another bot", alice.Text("/help@other_bot"), nil},
		{"location", alice.Location(50.5, 11.25), &dialog.Input{Kind: dialog.KindLocation, Lat: 50.5, Lon: 11.25}},
		{"group chatter", group.Text("hallo zusammen"), nil},
		{"group location", group.Location(50, 11), nil},
		{"group mention", group.Text("@lotse_test_bot Personalausweis verloren"), &dialog.Input{Kind: dialog.KindText, Text: "Personalausweis verloren"}},
		{"group mention of someone else", group.Text("@lotse_test_bot_fan hallo"), nil},
		{"group command", group.Text("/place@lotse_test_bot"), &dialog.Input{Kind: dialog.KindCommand, Command: "place"}},
		{"group reply to the bot", group.Reply(botMsg, "Jena"), &dialog.Input{Kind: dialog.KindText, Text: "Jena"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(h.got())
			e.turn(tt.upd)
			got := h.got()[before:]
			if tt.want == nil {
				if len(got) != 0 {
					t.Fatalf("got inputs %+v, want none", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("got %d inputs, want 1", len(got))
			}
			want := *tt.want
			want.Chat = tt.upd.Message.Chat.ID
			want.UpdateID = tt.upd.ID
			if tt.upd.ID == 0 {
				want.UpdateID = got[0].UpdateID
			}
			want.LangHint = tt.upd.Message.From.LanguageCode
			if got[0] != want {
				t.Fatalf("got %+v, want %+v", got[0], want)
			}
		})
	}
}

func TestUnsupportedMessage(t *testing.T) {
	h := &scripted{}
	e := start(t, setup{handler: h})
	alice := e.srv.Private(9, "de")
	e.turn(alice.Sticker())
	if len(h.got()) != 0 {
		t.Fatalf("handler got %v, want nothing", h.got())
	}
	if got, want := e.last(9), msg(t, "de", "telegram.unsupported"); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestRendering(t *testing.T) {
	long := make([]string, 300)
	for i := range long {
		long[i] = fmt.Sprintf("Punkt %d: <Unterlagen> & \"Nachweise\" – bitte vollständig", i)
	}
	h := &scripted{fn: func(in dialog.Input) ([]dialog.Reply, error) {
		switch in.Text {
		case "escape":
			return []dialog.Reply{{Blocks: []dialog.Block{{Title: "<b>Kosten</b> & Gebühren", Text: "1 < 2 > 0 & 'x'", Items: []string{"<i>a</i>", "b & c"}}}}}, nil
		case "long":
			return []dialog.Reply{{Blocks: []dialog.Block{{Title: "Liste", Items: long}}, Menu: "m", Choices: []dialog.Choice{{Event: "ok", Label: "OK"}}}}, nil
		case "where":
			return []dialog.Reply{{
				Blocks:  []dialog.Block{{Text: "Landratsamt"}},
				Venue:   &dialog.Venue{Lat: 50.97, Lon: 11.89, Title: "Landratsamt", Address: "Schulgasse 15, 07607 Eisenberg"},
				Contact: &dialog.Contact{Phone: "+49 36691 70632", Name: "Sozialamt"},
			}}, nil
		case "place":
			return []dialog.Reply{{Blocks: []dialog.Block{{Text: "Wo?"}}, RequestLocation: true}}, nil
		}
		return text("ok"), nil
	}}
	e := start(t, setup{handler: h})
	const chat = 11
	alice := e.srv.Private(chat, "de")

	t.Run("escaping", func(t *testing.T) {
		e.turn(alice.Text("escape"))
		want := "<b>Kosten</b> & Gebühren\n1 < 2 > 0 & 'x'\n• <i>a</i>\n• b & c"
		if got := e.last(chat); got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
	t.Run("split", func(t *testing.T) {
		before := len(e.srv.Messages(chat))
		e.turn(alice.Text("long"))
		msgs := e.srv.Messages(chat)[before:]
		if len(msgs) < 2 {
			t.Fatalf("got %d messages, want the long list split", len(msgs))
		}
		var all strings.Builder
		for i, m := range msgs {
			if n := telegramtest.TextLength(m.Text); n > telegram.MaxMessageLength {
				t.Fatalf("message %d: %d characters, want at most %d", i, n, telegram.MaxMessageLength)
			}
			if hasKB := m.ReplyMarkup != nil; hasKB != (i == len(msgs)-1) {
				t.Fatalf("message %d of %d has keyboard %v; want it on the last only", i+1, len(msgs), hasKB)
			}
			all.WriteString(m.Text + "\n")
		}
		for _, item := range long {
			if !strings.Contains(all.String(), "• "+item+"\n") {
				t.Fatalf("item %q lost or broken in the split", item)
			}
		}
	})
	t.Run("venue and contact", func(t *testing.T) {
		e.turn(alice.Text("where"))
		venues, contacts := e.srv.Calls("sendVenue"), e.srv.Calls("sendContact")
		if len(venues) != 1 || venues[0].Param("latitude") != "50.97" || venues[0].Param("address") != "Schulgasse 15, 07607 Eisenberg" {
			t.Fatalf("sendVenue: got %+v", venues)
		}
		if len(contacts) != 1 || contacts[0].Param("phone_number") != "+49 36691 70632" || contacts[0].Param("first_name") != "Sozialamt" {
			t.Fatalf("sendContact: got %+v", contacts)
		}
	})
	t.Run("location keyboard shown, then removed", func(t *testing.T) {
		e.turn(alice.Text("place"))
		sent := e.srv.Calls("sendMessage")
		if m := sent[len(sent)-1].Param("reply_markup"); !strings.Contains(m, `"request_location":true`) {
			t.Fatalf("reply_markup: got %s, want a location button", m)
		}
		e.turn(alice.Location(50.9, 11.6))
		sent = e.srv.Calls("sendMessage")
		if m := sent[len(sent)-1].Param("reply_markup"); !strings.Contains(m, `"remove_keyboard":true`) {
			t.Fatalf("reply_markup after the location: got %s, want the keyboard removed", m)
		}
		e.turn(alice.Text("again"))
		sent = e.srv.Calls("sendMessage")
		if m := sent[len(sent)-1].Param("reply_markup"); m != "" {
			t.Fatalf("reply_markup later: got %s, want none", m)
		}
	})
}

// TestSlowTurnAnswersCallbackByRequest checks that, by webhook, a button
// whose turn takes longer than TypingAfter has its spinner stopped by a
// request of its own while the turn runs, and is answered only once.
func TestSlowTurnAnswersCallbackByRequest(t *testing.T) {
	h := &scripted{fn: func(in dialog.Input) ([]dialog.Reply, error) {
		if in.Kind == dialog.KindChoice {
			time.Sleep(100 * time.Millisecond)
		}
		return []dialog.Reply{{Blocks: []dialog.Block{{Text: "Frage"}}, Menu: "main.q", Choices: []dialog.Choice{{Event: "yes", Label: "Ja"}}}}, nil
	}}
	e := start(t, setup{webhook: true, handler: h, config: func(c *telegram.Config) { c.TypingAfter = 10 * time.Millisecond }})
	alice := e.srv.Private(31, "de")
	e.turn(alice.Text("hallo"))
	e.tap(alice, "Ja")
	answers := e.srv.Calls("answerCallbackQuery")
	if len(answers) != 1 || answers[0].InWebhookAnswer || !answers[0].OK() {
		t.Fatalf("answers: got %+v, want one request of its own", answers)
	}
	if open := e.srv.Unanswered(); len(open) > 0 {
		t.Fatalf("callback queries never answered: %v", open)
	}
}

func TestCallbacks(t *testing.T) {
	for _, mode := range []string{"polling", "webhook"} {
		t.Run(mode, func(t *testing.T) { testCallbacks(t, mode == "webhook") })
	}
}

func testCallbacks(t *testing.T, webhook bool) {
	h := &scripted{fn: func(in dialog.Input) ([]dialog.Reply, error) {
		return []dialog.Reply{{Blocks: []dialog.Block{{Text: "Frage " + in.Choice}}, Menu: "main.q", Choices: []dialog.Choice{{Event: "yes", Label: "Ja"}, {Event: "no", Label: "Nein"}}}}, nil
	}}
	e := start(t, setup{handler: h, webhook: webhook})
	const chat = 21
	alice := e.srv.Private(chat, "de")
	e.turn(alice.Text("hallo"))

	t.Run("tap edits the menu in place", func(t *testing.T) {
		e.tap(alice, "Ja")
		in := h.got()[len(h.got())-1]
		if in.Kind != dialog.KindChoice || in.Choice != "yes" || in.Menu != "main.q" {
			t.Fatalf("got %+v, want choice yes from menu main.q", in)
		}
		if n := len(e.srv.Messages(chat)); n != 1 {
			t.Fatalf("got %d bot messages, want the one menu edited in place", n)
		}
		if got := e.last(chat); got != "Frage yes" {
			t.Fatalf("got %q, want %q", got, "Frage yes")
		}
	})
	t.Run("message that cannot be edited", func(t *testing.T) {
		e.turn(alice.Callback(999, "1|main.q|no"))
		if got := e.last(chat); got != "Frage no" {
			t.Fatalf("got %q, want a new message %q", got, "Frage no")
		}
	})

	invalid := msg(t, "de", "telegram.button_invalid")
	for _, data := range []string{
		"2|main.q|yes",                          // another version
		"yes",                                   // another format
		"1|main.q",                              // no event
		"1|main.q|",                             // empty event
		"1|" + strings.Repeat("m", 60) + "|yes", // too long
		"",
	} {
		t.Run("forged "+strconv.Quote(data), func(t *testing.T) {
			before := len(h.got())
			sentBefore := len(e.srv.Calls("sendMessage", "editMessageText"))
			upd := alice.Callback(1, data)
			e.turn(upd)
			if got := len(h.got()) - before; got != 0 {
				t.Fatalf("handler called %d times, want 0", got)
			}
			if got := len(e.srv.Calls("sendMessage", "editMessageText")) - sentBefore; got != 0 {
				t.Fatalf("%d messages sent or edited, want 0", got)
			}
			answers := e.srv.Calls("answerCallbackQuery")
			last := answers[len(answers)-1]
			if last.Param("callback_query_id") != upd.CallbackQuery.ID || last.Param("text") != invalid {
				t.Fatalf("answer: got %v, want %q for %s", last.Params, invalid, upd.CallbackQuery.ID)
			}
		})
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name     string
		failures []telegramtest.Failure
		tooMany  int64
	}{
		{"429", []telegramtest.Failure{{Status: 429, RetryAfter: 1}}, 1},
		{"5xx", []telegramtest.Failure{{Status: 502}, {Status: 500}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := start(t, setup{handler: &scripted{}})
			alice := e.srv.Private(31, "de")
			e.srv.Fail("sendMessage", tt.failures...)
			e.turn(alice.Text("x"))
			calls := e.srv.Calls("sendMessage")
			if len(calls) != len(tt.failures)+1 {
				t.Fatalf("sendMessage calls: got %d, want %d", len(calls), len(tt.failures)+1)
			}
			for i, f := range tt.failures {
				if calls[i].Status != f.Status {
					t.Fatalf("call %d: got status %d, want %d", i, calls[i].Status, f.Status)
				}
			}
			if !calls[len(calls)-1].OK() {
				t.Fatalf("last call: got status %d, want 200", calls[len(calls)-1].Status)
			}
			if n := len(e.srv.Messages(31)); n != 1 {
				t.Fatalf("got %d messages, want exactly 1", n)
			}
			if got := e.bot.Stats().TooMany; got != tt.tooMany {
				t.Fatalf("TooMany: got %d, want %d", got, tt.tooMany)
			}
			if tt.tooMany > 0 && calls[1].At.Sub(calls[0].At) < time.Second {
				t.Fatalf("retried after %v, before retry_after", calls[1].At.Sub(calls[0].At))
			}
		})
	}
}

func TestWebhook(t *testing.T) {
	h := &scripted{fn: func(in dialog.Input) ([]dialog.Reply, error) {
		if in.Text == "fail" {
			return nil, errors.New("store down")
		}
		return text("ok"), nil
	}}
	e := start(t, setup{webhook: true, handler: h})
	alice := e.srv.Private(41, "de")
	url, secret := e.srv.Webhook()
	if secret == "" || !strings.HasSuffix(url, "/telegram/hook") {
		t.Fatalf("webhook: got %q with secret %q", url, secret)
	}

	for _, tt := range []struct {
		name, secret string
	}{{"missing secret", ""}, {"wrong secret", "test-secret_43"}, {"prefix of the secret", "test-secret"}} {
		t.Run(tt.name, func(t *testing.T) {
			before := len(h.got())
			status, err := e.srv.PostWithSecret(e.ctx(), alice.Text("hallo"), tt.secret)
			if err != nil || status != http.StatusUnauthorized {
				t.Fatalf("got status %d (%v), want 401", status, err)
			}
			if len(h.got()) != before {
				t.Fatal("update with a wrong secret was handled")
			}
		})
	}
	t.Run("failure asks for redelivery", func(t *testing.T) {
		status, err := e.srv.Post(e.ctx(), alice.Text("fail"))
		if err != nil || status != http.StatusInternalServerError {
			t.Fatalf("got status %d (%v), want 500", status, err)
		}
		if got, want := e.last(41), msg(t, "de", "telegram.apology"); got != want {
			t.Fatalf("got %q, want the apology %q", got, want)
		}
	})
}

func TestPanicRecovery(t *testing.T) {
	for _, mode := range []string{"polling", "webhook"} {
		t.Run(mode, func(t *testing.T) {
			h := &scripted{fn: func(in dialog.Input) ([]dialog.Reply, error) {
				if in.Text == "boom" {
					panic("engine bug")
				}
				return text("ok " + in.Text), nil
			}}
			e := start(t, setup{webhook: mode == "webhook", handler: h})
			alice := e.srv.Private(51, "en")
			e.turn(alice.Text("boom"))
			if got, want := e.last(51), msg(t, "en", "telegram.apology"); got != want {
				t.Fatalf("got %q, want the apology %q", got, want)
			}
			e.turn(alice.Text("still there?"))
			if got := e.last(51); got != "ok still there?" {
				t.Fatalf("after the panic: got %q, want %q", got, "ok still there?")
			}
			if got := e.bot.Stats().Panics; got != 1 {
				t.Fatalf("Panics: got %d, want 1", got)
			}
		})
	}
}

// TestPerChatOrder sends interleaved updates of several chats at once:
// each chat's inputs reach the handler, and its replies Telegram, in the
// order sent, while chats run in parallel.
func TestPerChatOrder(t *testing.T) {
	for _, mode := range []string{"polling", "webhook"} {
		t.Run(mode, func(t *testing.T) {
			var mu sync.Mutex
			running, most := 0, 0
			h := &scripted{fn: func(in dialog.Input) ([]dialog.Reply, error) {
				mu.Lock()
				running++
				most = max(most, running)
				mu.Unlock()
				time.Sleep(time.Duration(1+rand.IntN(3)) * time.Millisecond)
				mu.Lock()
				running--
				mu.Unlock()
				return text(in.Text), nil
			}}
			e := start(t, setup{webhook: mode == "webhook", handler: h})
			const chats, turns = 6, 25
			var updates []models.Update
			for i := range turns {
				for c := range chats {
					updates = append(updates, e.srv.Private(int64(600+c), "de").Text(strconv.Itoa(i)))
				}
			}
			if mode == "polling" {
				e.srv.Inject(updates...)
			} else {
				// one sender per chat, as Telegram sends one chat's updates
				var wg sync.WaitGroup
				for c := range chats {
					wg.Go(func() {
						for i := c; i < len(updates); i += chats {
							if status, err := e.srv.Post(context.Background(), updates[i]); err != nil || status != 200 {
								t.Errorf("post: %d %v", status, err)
							}
						}
					})
				}
				wg.Wait()
			}
			ctx := e.ctx()
			if _, err := e.srv.WaitCalls(ctx, "sendMessage", chats*turns); err != nil {
				t.Fatal(err)
			}
			perChat := map[int64][]string{}
			for _, in := range h.got() {
				perChat[in.Chat] = append(perChat[in.Chat], in.Text)
			}
			for c := range chats {
				chat := int64(600 + c)
				var sent []string
				for _, m := range e.srv.Messages(chat) {
					sent = append(sent, m.Text)
				}
				for i := range turns {
					if perChat[chat][i] != strconv.Itoa(i) || sent[i] != strconv.Itoa(i) {
						t.Fatalf("chat %d: handled %v, sent %v; want 0…%d in order", chat, perChat[chat], sent, turns-1)
					}
				}
			}
			if most < 2 {
				t.Errorf("at most %d chats ran at once, want them in parallel", most)
			}
		})
	}
}

func TestTyping(t *testing.T) {
	h := &scripted{fn: func(in dialog.Input) ([]dialog.Reply, error) {
		if in.Text == "slow" {
			time.Sleep(800 * time.Millisecond)
		}
		return text("done"), nil
	}}
	e := start(t, setup{handler: h, config: func(c *telegram.Config) { c.TypingAfter = 250 * time.Millisecond }})
	alice := e.srv.Private(61, "de")
	e.turn(alice.Text("fast"))
	if n := len(e.srv.Calls("sendChatAction")); n != 0 {
		t.Fatalf("fast turn: got %d chat actions, want 0", n)
	}
	e.turn(alice.Text("slow"))
	calls := e.srv.Calls("sendChatAction", "sendMessage")
	if len(calls) != 3 || calls[1].Method != "sendChatAction" || calls[1].Param("action") != "typing" {
		t.Fatalf("slow turn: got %v, want typing before the reply", methods(calls))
	}
}

func methods(calls []telegramtest.Call) []string {
	var out []string
	for _, c := range calls {
		out = append(out, c.Method)
	}
	return out
}

func TestCommands(t *testing.T) {
	e := start(t, setup{handler: &scripted{}})
	calls := e.srv.Calls("setMyCommands")
	want := map[string]string{"": "de", "de": "de", "en": "en", "uk": "uk", "ru": "ru", "tr": "tr", "ar": "ar"}
	if len(calls) != len(want) {
		t.Fatalf("got %d setMyCommands calls, want %d", len(calls), len(want))
	}
	for _, c := range calls {
		lang, ok := want[c.Param("language_code")]
		if !ok {
			t.Fatalf("unexpected language_code %q", c.Param("language_code"))
		}
		var cmds []models.BotCommand
		if err := c.Decode("commands", &cmds); err != nil {
			t.Fatal(err)
		}
		if len(cmds) == 0 {
			t.Fatal("no commands")
		}
		for _, cmd := range cmds {
			if got, want := cmd.Description, msg(t, lang, "telegram.command."+cmd.Command); got != want || strings.HasPrefix(got, "telegram.") {
				t.Fatalf("/%s in %q: got %q, want %q", cmd.Command, lang, got, want)
			}
		}
	}
}

type finder struct{}

func (finder) FindServices(_ context.Context, query, lang string, limit int) []telegram.Article {
	if !strings.Contains(query, "pass") {
		return nil
	}
	return []telegram.Article{{ID: "reisepass", Title: "Reisepass <beantragen>", Description: "Für Reisen & mehr"}}
}

func TestInlineQuery(t *testing.T) {
	e := start(t, setup{webhook: true, handler: &scripted{}, finder: finder{}})
	alice := e.srv.Private(71, "de")
	upd := alice.Inline("reisepass")
	upd.ID = 7100
	e.turn(upd)
	// Delivered again: Telegram refuses a second answer (400), and the
	// webhook still answers 200 (e.turn checks it), so that it stops.
	e.turn(upd)
	all := e.srv.Calls("answerInlineQuery")
	var calls []telegramtest.Call
	for _, c := range all {
		if c.OK() {
			calls = append(calls, c)
		}
	}
	if len(calls) != 1 || len(all) != 2 {
		t.Fatalf("answerInlineQuery: got %+v, want one successful call and one refused", all)
	}
	var results []struct {
		ID, Title   string
		ReplyMarkup struct {
			InlineKeyboard [][]struct{ Text, URL string } `json:"inline_keyboard"`
		} `json:"reply_markup"`
		Content struct {
			Text string `json:"message_text"`
		} `json:"input_message_content"`
	}
	if err := calls[0].Decode("results", &results); err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || results[0].ID != "reisepass" {
		t.Fatalf("results: got %+v", results)
	}
	r := results[0]
	if got, want := r.ReplyMarkup.InlineKeyboard[0][0].URL, "https://t.me/lotse_test_bot?start=reisepass"; got != want {
		t.Fatalf("deep link: got %q, want %q", got, want)
	}
	if got, want := r.Content.Text, "<b>Reisepass &lt;beantragen&gt;</b>\nFür Reisen &amp; mehr"; got != want {
		t.Fatalf("message text: got %q, want %q", got, want)
	}
}

func TestGroupWithoutLocationButton(t *testing.T) {
	h := &scripted{fn: func(in dialog.Input) ([]dialog.Reply, error) {
		return []dialog.Reply{{Blocks: []dialog.Block{{Text: "Wo?"}}, RequestLocation: true}}, nil
	}}
	e := start(t, setup{handler: h})
	e.turn(e.srv.Group(-500, 501, "de").Text("/place"))
	for _, c := range e.srv.Calls("sendMessage") {
		if !c.OK() || strings.Contains(c.Param("reply_markup"), "request_location") {
			t.Fatalf("sendMessage in a group: status %d, reply_markup %s; want no location button", c.Status, c.Param("reply_markup"))
		}
	}
	if got := e.last(-500); got != "Wo?" {
		t.Fatalf("got %q, want %q", got, "Wo?")
	}
}

func TestPlainRepliesJoinTheNextMessage(t *testing.T) {
	h := &scripted{fn: func(in dialog.Input) ([]dialog.Reply, error) {
		return []dialog.Reply{
			{Blocks: []dialog.Block{{Text: "note one"}}},
			{Blocks: []dialog.Block{{Text: "note two"}}},
			{Blocks: []dialog.Block{{Text: "question"}}, Menu: "m", Choices: []dialog.Choice{{Event: "a", Label: "A"}}},
			{Blocks: []dialog.Block{{Text: "closing note"}}},
		}, nil
	}}
	e := start(t, setup{handler: h})
	e.turn(e.srv.Private(96, "de").Text("x"))
	calls := e.srv.Calls("sendMessage")
	if len(calls) != 2 {
		t.Fatalf("got %d messages, want 2 (notes joined to the question, the closing note alone)", len(calls))
	}
	first := calls[0].Param("text")
	if !strings.Contains(first, "note one") || !strings.Contains(first, "note two") || !strings.Contains(first, "question") {
		t.Fatalf("first message: got %q, want both notes and the question", first)
	}
	if got := calls[1].Param("text"); !strings.Contains(got, "closing note") {
		t.Fatalf("second message: got %q, want the closing note", got)
	}
}
