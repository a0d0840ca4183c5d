package telegramtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// The Server's hot path – reading a Bot API call, checking its keyboard,
// answering with a message – is written out by hand here: in benchmarks
// the fake shares the machine with the bot it measures, and the general
// decoders (mime/multipart, encoding/json on models.Message) cost as much
// as a good part of the bot. Anything out of the ordinary takes the
// general way.

// maxBody is the largest request body the Server reads.
const maxBody = 16 << 20

// readBody reads a request body of the given length (-1: unknown).
func readBody(r io.Reader, length int64) (string, error) {
	if length > maxBody {
		return "", fmt.Errorf("request body of %d bytes is too large", length)
	}
	var b strings.Builder
	if length >= 0 {
		b.Grow(int(length))
		_, err := io.CopyN(&b, r, length)
		return b.String(), err
	}
	n, err := io.Copy(&b, io.LimitReader(r, maxBody+1))
	if err == nil && n > maxBody {
		return "", errors.New("request body is too large")
	}
	return b.String(), err
}

// parseMultipart reads the fields of a multipart/form-data body. It parses
// the plain form that Go's mime/multipart writes itself and hands anything
// else to mime/multipart.
func parseMultipart(body, boundary string) (map[string]string, error) {
	if params, ok := parseSimpleMultipart(body, boundary); ok {
		return params, nil
	}
	params := map[string]string{}
	mr := multipart.NewReader(strings.NewReader(body), boundary)
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) { // the end, or a body without parts
			return params, nil
		}
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(io.LimitReader(p, 1<<20))
		if err != nil {
			return nil, err
		}
		params[p.FormName()] = string(b)
	}
}

// parseSimpleMultipart parses parts that each have one header,
// Content-Disposition: form-data; name="<name without quotes or
// backslashes>", and reports false for any other body.
func parseSimpleMultipart(body, boundary string) (map[string]string, bool) {
	if boundary == "" {
		return nil, false
	}
	delim := "--" + boundary
	rest, ok := strings.CutPrefix(body, delim)
	if !ok {
		return nil, false
	}
	params := make(map[string]string, 8)
	for {
		if tail, end := strings.CutPrefix(rest, "--"); end {
			return params, tail == "" || tail == "\r\n"
		}
		rest, ok = strings.CutPrefix(rest, "\r\n")
		if !ok {
			return nil, false
		}
		end := strings.Index(rest, "\r\n\r\n")
		if end < 0 {
			return nil, false
		}
		name, ok := formName(rest[:end])
		if !ok {
			return nil, false
		}
		// The blank line's CRLF may also be the one before the next
		// delimiter, which makes the part empty, as mime/multipart reads it.
		body, next, ok := strings.Cut(rest[end+2:], "\r\n"+delim)
		value := strings.TrimPrefix(body, "\r\n")
		if !ok || len(value) > 1<<20 {
			return nil, false
		}
		params[name] = value
		rest = next
	}
}

// formName returns the name of a part whose only header is a plain
// Content-Disposition of form-data.
func formName(header string) (string, bool) {
	const prefix = `content-disposition: form-data; name="`
	if len(header) < len(prefix)+1 || !strings.EqualFold(header[:len(prefix)], prefix) || !strings.HasSuffix(header, `"`) {
		return "", false
	}
	name := header[len(prefix) : len(header)-1]
	if name == "" {
		return "", false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == ';' {
			return "", false
		}
	}
	return name, true
}

// keyboardButton is what the Server reads of an inline keyboard button.
type keyboardButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
	URL          string `json:"url"`
}

// sameKeyboard reports whether two inline keyboards are the same.
func sameKeyboard(a, b *models.InlineKeyboardMarkup) bool {
	if a == nil || b == nil {
		return a == b
	}
	if len(a.InlineKeyboard) != len(b.InlineKeyboard) || (a.InlineKeyboard == nil) != (b.InlineKeyboard == nil) {
		return false
	}
	for i, row := range a.InlineKeyboard {
		if len(row) != len(b.InlineKeyboard[i]) {
			return false
		}
		for j, x := range row {
			if x != b.InlineKeyboard[i][j] {
				return false
			}
		}
	}
	return true
}

// appendResult appends the answer {"ok":true,"result":…} for result.
func appendResult(dst []byte, result any) ([]byte, error) {
	dst = append(dst, `{"ok":true,"result":`...)
	switch r := result.(type) {
	case bool:
		dst = strconv.AppendBool(dst, r)
	case *models.Message:
		if !plainMessage(r) {
			b, err := json.Marshal(r)
			if err != nil {
				return nil, err
			}
			dst = append(dst, b...)
			break
		}
		dst = appendMessage(dst, r)
	default:
		b, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		dst = append(dst, b...)
	}
	return append(dst, '}'), nil
}

// plainMessage reports whether appendMessage writes m completely: a text
// message with a sender, a chat, bot command entities and an inline
// keyboard of text, callback and URL buttons – what the Server answers
// and what Chat sends.
func plainMessage(m *models.Message) bool {
	if !zeroBut(reflect.ValueOf(m).Elem(), messageFields) ||
		!zeroBut(reflect.ValueOf(&m.Chat).Elem(), chatFields) ||
		(m.From != nil && !zeroBut(reflect.ValueOf(m.From).Elem(), userFields)) {
		return false
	}
	for _, e := range m.Entities {
		if e.URL != "" || e.User != nil || e.Language != "" || e.CustomEmojiID != "" {
			return false
		}
	}
	if kb := m.ReplyMarkup; kb != nil {
		for _, row := range kb.InlineKeyboard {
			for _, b := range row {
				if b != (models.InlineKeyboardButton{Text: b.Text, URL: b.URL, CallbackData: b.CallbackData}) {
					return false
				}
			}
		}
	}
	return true
}

// The fields of a message, chat, user and update that appendMessage and
// appendUpdate leave out; they must be zero.
var (
	messageFields = otherFields(reflect.TypeFor[models.Message](), "ID", "From", "Date", "Chat", "EditDate", "Text", "Entities", "ReplyMarkup")
	chatFields    = otherFields(reflect.TypeFor[models.Chat](), "ID", "Type", "Title", "FirstName")
	userFields    = otherFields(reflect.TypeFor[models.User](), "ID", "IsBot", "FirstName", "Username", "LanguageCode")
	updateFields  = otherFields(reflect.TypeFor[models.Update](), "ID", "Message", "CallbackQuery")
)

// otherFields returns the indices of the fields of struct type t not named.
func otherFields(t reflect.Type, known ...string) []int {
	var out []int
	for i := range t.NumField() {
		if !slices.Contains(known, t.Field(i).Name) {
			out = append(out, i)
		}
	}
	return out
}

// zeroBut reports whether the fields of struct v at indices are zero.
func zeroBut(v reflect.Value, indices []int) bool {
	for _, i := range indices {
		if !v.Field(i).IsZero() {
			return false
		}
	}
	return true
}

// appendMessage writes a plain message (see plainMessage) as
// encoding/json would, but for the empty copy_text of buttons.
func appendMessage(dst []byte, m *models.Message) []byte {
	dst = append(dst, `{"message_id":`...)
	dst = strconv.AppendInt(dst, int64(m.ID), 10)
	if u := m.From; u != nil {
		dst = append(dst, `,"from":`...)
		dst = appendUser(dst, u)
	}
	dst = append(dst, `,"date":`...)
	dst = strconv.AppendInt(dst, int64(m.Date), 10)
	dst = append(dst, `,"chat":{"id":`...)
	dst = strconv.AppendInt(dst, m.Chat.ID, 10)
	dst = append(dst, `,"type":`...)
	dst = appendString(dst, string(m.Chat.Type))
	dst = appendOptional(dst, `,"title":`, m.Chat.Title)
	dst = appendOptional(dst, `,"first_name":`, m.Chat.FirstName)
	dst = append(dst, '}')
	if m.EditDate != 0 {
		dst = append(dst, `,"edit_date":`...)
		dst = strconv.AppendInt(dst, int64(m.EditDate), 10)
	}
	dst = appendOptional(dst, `,"text":`, m.Text)
	if len(m.Entities) > 0 {
		dst = append(dst, `,"entities":[`...)
		for i, e := range m.Entities {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"type":`...)
			dst = appendString(dst, string(e.Type))
			dst = append(dst, `,"offset":`...)
			dst = strconv.AppendInt(dst, int64(e.Offset), 10)
			dst = append(dst, `,"length":`...)
			dst = strconv.AppendInt(dst, int64(e.Length), 10)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if kb := m.ReplyMarkup; kb != nil {
		dst = append(dst, `,"reply_markup":{"inline_keyboard":`...)
		if kb.InlineKeyboard == nil {
			dst = append(dst, "null"...)
		} else {
			dst = append(dst, '[')
			for i, row := range kb.InlineKeyboard {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = append(dst, '[')
				for j, b := range row {
					if j > 0 {
						dst = append(dst, ',')
					}
					dst = append(dst, `{"text":`...)
					dst = appendString(dst, b.Text)
					dst = appendOptional(dst, `,"url":`, b.URL)
					dst = appendOptional(dst, `,"callback_data":`, b.CallbackData)
					dst = append(dst, '}')
				}
				dst = append(dst, ']')
			}
			dst = append(dst, ']')
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// appendUser writes a user with the fields userFields leaves out zero.
func appendUser(dst []byte, u *models.User) []byte {
	dst = append(dst, `{"id":`...)
	dst = strconv.AppendInt(dst, u.ID, 10)
	dst = append(dst, `,"is_bot":`...)
	dst = strconv.AppendBool(dst, u.IsBot)
	dst = appendOptional(dst, `,"first_name":`, u.FirstName)
	dst = appendOptional(dst, `,"username":`, u.Username)
	dst = appendOptional(dst, `,"language_code":`, u.LanguageCode)
	return append(dst, '}')
}

// appendUpdate writes the updates Chat makes for a text message or a tap
// on a button as encoding/json would; it reports false for any other.
func appendUpdate(dst []byte, u *models.Update) ([]byte, bool) {
	if !zeroBut(reflect.ValueOf(u).Elem(), updateFields) {
		return dst, false
	}
	switch {
	case u.Message != nil && u.CallbackQuery == nil:
		if !plainMessage(u.Message) {
			return dst, false
		}
		dst = append(dst, `{"update_id":`...)
		dst = strconv.AppendInt(dst, u.ID, 10)
		dst = append(dst, `,"message":`...)
		dst = appendMessage(dst, u.Message)
		return append(dst, '}'), true
	case u.CallbackQuery != nil && u.Message == nil:
		q := u.CallbackQuery
		m := q.Message.Message
		if q.Message.Type != models.MaybeInaccessibleMessageTypeMessage || m == nil || q.Message.InaccessibleMessage != nil ||
			q.InlineMessageID != "" || q.GameShortName != "" || !zeroBut(reflect.ValueOf(&q.From).Elem(), userFields) || !plainMessage(m) {
			return dst, false
		}
		dst = append(dst, `{"update_id":`...)
		dst = strconv.AppendInt(dst, u.ID, 10)
		dst = append(dst, `,"callback_query":{"id":`...)
		dst = appendString(dst, q.ID)
		dst = append(dst, `,"from":`...)
		dst = appendUser(dst, &q.From)
		dst = append(dst, `,"message":`...)
		dst = appendMessage(dst, m)
		dst = appendOptional(dst, `,"chat_instance":`, q.ChatInstance)
		dst = appendOptional(dst, `,"data":`, q.Data)
		return append(dst, '}', '}'), true
	}
	return dst, false
}

// appendOptional appends key and s as a JSON string unless s is empty, as
// encoding/json does for a string field marked omitempty.
func appendOptional(dst []byte, key, s string) []byte {
	if s == "" {
		return dst
	}
	return appendString(append(dst, key...), s)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string; invalid UTF-8 becomes U+FFFD
// as with encoding/json.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// parseInlineKeyboard reads reply_markup in the compact form that
// encoding/json writes for an inline keyboard of text, callback_data and
// url buttons, and reports false for anything else.
func parseInlineKeyboard(raw string) ([][]keyboardButton, bool) {
	rest, ok := strings.CutPrefix(raw, `{"inline_keyboard":[`)
	if !ok {
		return nil, false
	}
	rows := [][]keyboardButton{}
	for {
		if tail, end := strings.CutPrefix(rest, "]}"); end {
			return rows, tail == ""
		}
		if len(rows) > 0 {
			if rest, ok = strings.CutPrefix(rest, ","); !ok {
				return nil, false
			}
		}
		if rest, ok = strings.CutPrefix(rest, "["); !ok {
			return nil, false
		}
		row := []keyboardButton{}
		for {
			if tail, end := strings.CutPrefix(rest, "]"); end {
				rest = tail
				break
			}
			if len(row) > 0 {
				if rest, ok = strings.CutPrefix(rest, ","); !ok {
					return nil, false
				}
			}
			var b keyboardButton
			if b, rest, ok = parseButton(rest); !ok {
				return nil, false
			}
			row = append(row, b)
		}
		rows = append(rows, row)
	}
}

// parseButton reads one {"text":…,"callback_data":…,"url":…} object whose
// members are strings, each at most once, and returns the rest of s.
func parseButton(s string) (keyboardButton, string, bool) {
	var b keyboardButton
	rest, ok := strings.CutPrefix(s, "{")
	if !ok {
		return b, "", false
	}
	var seen [3]bool
	for first := true; ; first = false {
		if tail, end := strings.CutPrefix(rest, "}"); end && !first {
			return b, tail, true
		}
		if !first {
			if rest, ok = strings.CutPrefix(rest, ","); !ok {
				return b, "", false
			}
		}
		var key, value string
		if key, rest, ok = parseString(rest); !ok {
			return b, "", false
		}
		if rest, ok = strings.CutPrefix(rest, ":"); !ok {
			return b, "", false
		}
		if value, rest, ok = parseString(rest); !ok {
			return b, "", false
		}
		var i int
		switch key {
		case "text":
			b.Text, i = value, 0
		case "callback_data":
			b.CallbackData, i = value, 1
		case "url":
			b.URL, i = value, 2
		default:
			return b, "", false
		}
		if seen[i] {
			return b, "", false
		}
		seen[i] = true
	}
}

// parseString reads a JSON string at the start of s and returns its value
// and the rest of s.
func parseString(s string) (string, string, bool) {
	if len(s) == 0 || s[0] != '"' {
		return "", "", false
	}
	escaped := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			escaped = true
			i++
		case c < 0x20:
			return "", "", false
		case c == '"':
			if !escaped {
				v := s[1:i]
				if !utf8.ValidString(v) {
					return "", "", false
				}
				return v, s[i+1:], true
			}
			var v string
			if err := json.Unmarshal([]byte(s[:i+1]), &v); err != nil {
				return "", "", false
			}
			return v, s[i+1:], true
		}
	}
	return "", "", false
}
