package telegramtest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/lotse-de/lotse/telegram/telegramtest"
)

func TestAnswerDecodesAsEncodingJSONWrites(t *testing.T) {
	bot := &models.User{ID: telegramtest.BotID, IsBot: true, FirstName: "Lotse", Username: "lotse_test_bot"}
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
		{{Text: "Ja \"gern\"", CallbackData: "m:yes"}},
		{{Text: "Karte", URL: "https://t.me/x?start=a&b=<c>"}, {Text: "ö\u2028", CallbackData: "m:\\x"}},
	}}
	for _, m := range []*models.Message{
		{ID: 1, From: bot, Date: 1763900000, Chat: models.Chat{ID: 42, Type: models.ChatTypePrivate}, Text: "Hallo"},
		{ID: 2, From: bot, Date: 1763900000, Chat: models.Chat{ID: -100, Type: models.ChatTypeSupergroup}, Text: "a\"b\\c\nd\te\r\x01\x1f<>&", ReplyMarkup: kb},
		{ID: 3, Date: 5, EditDate: 7, Chat: models.Chat{ID: 42, Type: models.ChatTypePrivate}, Text: "Grüße 👋 \xff\xfe kaputt", ReplyMarkup: &models.InlineKeyboardMarkup{}},
		{ID: 4, From: bot, Chat: models.Chat{ID: 42, Type: models.ChatTypePrivate}, Venue: &models.Venue{Title: "Amt", Address: "Weg 1"}},
	} {
		got, err := telegramtest.AppendResult(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(map[string]any{"ok": true, "result": m})
		if err != nil {
			t.Fatal(err)
		}
		wantSameDecoded[struct {
			OK     bool           `json:"ok"`
			Result models.Message `json:"result"`
		}](t, fmt.Sprintf("message %d", m.ID), got, want)
	}
	got, _ := telegramtest.AppendResult(nil, true)
	if string(got) != `{"ok":true,"result":true}` {
		t.Errorf("true: got %s", got)
	}
}

// form writes fields as Go's mime/multipart writer does, the way
// go-telegram/bot sends every call.
func form(t testing.TB, fields [][2]string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range fields {
		fw, err := w.CreateFormField(f[0])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, f[1])
	}
	w.Close()
	return buf.Bytes(), w.Boundary()
}

// standard parses a multipart body with mime/multipart.
func standard(body []byte, boundary string) (map[string]string, error) {
	out := map[string]string{}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(p)
		if err != nil {
			return nil, err
		}
		out[p.FormName()] = string(b)
	}
}

func TestMultipartAsMimeMultipartReadsIt(t *testing.T) {
	for i, fields := range [][][2]string{
		{{"chat_id", "42"}, {"text", "Hallo <b>Welt</b>"}, {"parse_mode", "HTML"}},
		{{"text", ""}, {"reply_markup", `{"inline_keyboard":[[{"text":"a","callback_data":"m:a"}]]}`}},
		{{"text", "line\r\n--not the boundary\r\n\r\nmore"}},
		{{"we\"ird", "name with a quote"}, {"back\\slash", "x"}},
		{},
	} {
		body, boundary := form(t, fields)
		want, err := standard(body, boundary)
		if err != nil {
			t.Fatal(err)
		}
		got, err := telegramtest.ParseMultipartForTest(string(body), boundary)
		if err != nil {
			t.Fatalf("form %d: %v", i, err)
		}
		if !maps.Equal(got, want) {
			t.Errorf("form %d: got %q, want %q", i, got, want)
		}
	}
	if _, ok := telegramtest.ParseSimpleMultipart(string(must(form(t, [][2]string{{"a", "b"}}))), "other"); ok {
		t.Error("a body with another boundary was taken as simple")
	}
}

func must(b []byte, _ string) []byte { return b }

// FuzzMultipart: whatever the hand-written parser accepts, mime/multipart
// reads the same way; nothing panics.
func FuzzMultipart(f *testing.F) {
	body, boundary := form(f, [][2]string{{"chat_id", "42"}, {"text", "Hallo"}})
	f.Add(body, boundary)
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--b--\r\n"), "b")
	f.Add([]byte("--b\r\ncontent-disposition: form-data; name=\"x\"\r\n\r\n\r\n--b--"), "b")
	f.Add([]byte("--b--"), "b")
	f.Fuzz(func(t *testing.T, body []byte, boundary string) {
		got, ok := telegramtest.ParseSimpleMultipart(string(body), boundary)
		if !ok {
			return
		}
		want, err := standard(body, boundary)
		if err != nil {
			t.Fatalf("simple parse took %q (boundary %q) as %q, mime/multipart fails: %v", body, boundary, got, err)
		}
		if !maps.Equal(got, want) {
			t.Fatalf("body %q (boundary %q): got %q, mime/multipart reads %q", body, boundary, got, want)
		}
	})
}

// standardKeyboard reads an inline keyboard with encoding/json.
func standardKeyboard(raw string) ([][][3]string, error) {
	var markup struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
			URL          string `json:"url"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(raw), &markup); err != nil {
		return nil, err
	}
	out := make([][][3]string, len(markup.InlineKeyboard))
	for i, row := range markup.InlineKeyboard {
		out[i] = make([][3]string, len(row))
		for j, b := range row {
			out[i][j] = [3]string{b.Text, b.CallbackData, b.URL}
		}
	}
	return out, nil
}

func TestInlineKeyboardAsEncodingJSONReadsIt(t *testing.T) {
	type button struct {
		Text         string `json:"text"`
		CallbackData string `json:"callback_data,omitempty"`
		URL          string `json:"url,omitempty"`
	}
	for i, rows := range [][][]button{
		{{{Text: "Ja", CallbackData: "m:yes"}}, {{Text: "Nein", CallbackData: "m:no"}}},
		{{{Text: "Öffnen <b>&\"x\"\\ \u2028", URL: "https://t.me/bot?start=a&b"}, {Text: "😀", CallbackData: "a:b:c"}}},
		{},
		{{}},
	} {
		raw, err := json.Marshal(map[string]any{"inline_keyboard": rows})
		if err != nil {
			t.Fatal(err)
		}
		got, ok := telegramtest.ParseInlineKeyboard(string(raw))
		if !ok {
			t.Fatalf("keyboard %d: %s not read", i, raw)
		}
		want, _ := standardKeyboard(string(raw))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("keyboard %d: got %q, want %q", i, got, want)
		}
	}
	for _, raw := range []string{`{"keyboard":[[{"text":"x","request_location":true}]]}`, `{"inline_keyboard":[[{"text":"x","copy_text":{"text":""}}]]}`, `{"inline_keyboard":[]} `} {
		if _, ok := telegramtest.ParseInlineKeyboard(raw); ok {
			t.Errorf("%s: read, want it left to encoding/json", raw)
		}
	}
}

// FuzzInlineKeyboard: whatever the hand-written reader accepts,
// encoding/json reads the same way.
func FuzzInlineKeyboard(f *testing.F) {
	f.Add(`{"inline_keyboard":[[{"text":"Ja","callback_data":"m:yes"}],[{"text":"Karte","url":"https://x"}]]}`)
	f.Add(`{"inline_keyboard":[[{"text":"\u003cb\u003e \"q\" \\","callback_data":"a"}]]}`)
	f.Add(`{"inline_keyboard":[]}`)
	f.Fuzz(func(t *testing.T, raw string) {
		got, ok := telegramtest.ParseInlineKeyboard(raw)
		if !ok {
			return
		}
		want, err := standardKeyboard(raw)
		if err != nil {
			t.Fatalf("%q read as %q, encoding/json fails: %v", raw, got, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: got %q, encoding/json reads %q", raw, got, want)
		}
	})
}

func TestUpdateDecodesAsEncodingJSONWrites(t *testing.T) {
	srv := telegramtest.NewServer()
	defer srv.Close()
	alice := srv.Private(42, "de")
	group := srv.Group(-100, 7, "en-US")
	recorded := srv.Private(43, "")
	resp, err := http.PostForm(srv.URL()+"/bot"+srv.Token()+"/sendMessage", url.Values{
		"chat_id": {"43"}, "text": {"<b>Frage</b> ö"}, "parse_mode": {"HTML"},
		"reply_markup": {`{"inline_keyboard":[[{"text":"Ja","callback_data":"m:yes"}],[{"text":"Web","url":"https://example.org"}]]}`},
	})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("sendMessage: status %d", resp.StatusCode)
	}
	for _, c := range []struct {
		name  string
		upd   models.Update
		plain bool
	}{
		{"text", alice.Text("Hallo \"Welt\" <3"), true},
		{"command", alice.Text("/start sozialhilfe"), true},
		{"group", group.Text("@lotse_test_bot Wohngeld"), true},
		{"tap on an unknown message", alice.Callback(99, "m:yes"), true},
		{"tap on a recorded message", recorded.Callback(1, "m:yes"), true},
		{"reply", alice.Reply(3, "ja"), false},
		{"location", alice.Location(50.9, 11.6), false},
		{"sticker", alice.Sticker(), false},
		{"inline", alice.Inline("Pass"), false},
	} {
		c.upd.ID = 1234
		got, ok := telegramtest.AppendUpdate(nil, &c.upd)
		if ok != c.plain {
			t.Errorf("%s: written by hand %v, want %v", c.name, ok, c.plain)
		}
		if !ok {
			continue
		}
		want, err := json.Marshal(c.upd)
		if err != nil {
			t.Fatal(err)
		}
		wantSameDecoded[models.Update](t, c.name, got, want)
	}
}

// wantSameDecoded fails unless got and want decode into equal values of T.
func wantSameDecoded[T any](t *testing.T, what string, got, want []byte) {
	t.Helper()
	var a, b T
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatalf("%s: %s is not JSON: %v", what, got, err)
	}
	if err := json.Unmarshal(want, &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("%s: got %s, want what decodes as %s", what, got, want)
	}
}
