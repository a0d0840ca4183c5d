package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// Token is the bot token the Server accepts unless WithToken says otherwise.
const Token = "123456:TEST-token"

// BotID is the user id of the fake bot.
const BotID = 4242

// Call is one Bot API request the Server answered.
type Call struct {
	Method string
	Params map[string]string // form fields as sent; JSON-valued fields are JSON text
	Status int               // the HTTP status answered
	Chat   int64             // chat_id, when the request had one
	At     time.Time
	// InWebhookAnswer is set for a call the bot made in its answer to a
	// webhook request rather than by a request of its own.
	InWebhookAnswer bool
	// Cut is set for a call that was carried out but whose answer was
	// never written: the connection was closed instead (see Server.Cut).
	Cut bool
}

// Param returns a parameter of c.
func (c Call) Param(name string) string { return c.Params[name] }

// Decode decodes the JSON-valued parameter name (reply_markup, results,
// commands) into v.
func (c Call) Decode(name string, v any) error {
	s, ok := c.Params[name]
	if !ok {
		return fmt.Errorf("%s: no parameter %q", c.Method, name)
	}
	return json.Unmarshal([]byte(s), v)
}

// OK reports whether the call was answered with success.
func (c Call) OK() bool { return c.Status == http.StatusOK }

// Failure is an error answer the Server gives instead of handling a call.
type Failure struct {
	Status      int    // 429, 500, 502 …
	RetryAfter  int    // seconds, for 429
	Description string // default from the status
}

// Option configures a Server.
type Option func(*Server)

// WithToken makes the Server accept another token.
func WithToken(token string) Option { return func(s *Server) { s.token = token } }

// WithoutRecording keeps no calls and no messages, for long benchmarks;
// OnCall still sees every call.
func WithoutRecording() Option { return func(s *Server) { s.record = false } }

// OnCall has fn called with every call the Server answered, after it was
// recorded. fn must be quick and safe for concurrent use.
func OnCall(fn func(Call)) Option { return func(s *Server) { s.onCall = fn } }

// WithMaxPoll bounds how long getUpdates waits for updates (default 2 s,
// whatever timeout the bot asks for), so that tests end quickly.
func WithMaxPoll(d time.Duration) Option { return func(s *Server) { s.maxPoll = d } }

// WithListener serves on ln instead of a fresh port on 127.0.0.1, so that
// a bot in another process can be pointed at a known address.
func WithListener(ln net.Listener) Option { return func(s *Server) { s.listener = ln } }

// Server is a fake Telegram Bot API. It is safe for concurrent use.
type Server struct {
	listener net.Listener
	token    string
	record   bool
	onCall   func(Call)
	maxPoll  time.Duration
	http     *httptest.Server
	hooks    webhookConns

	mu        sync.Mutex
	changed   chan struct{} // closed and replaced on every change
	calls     []Call
	pending   []models.Update
	nextID    int64
	webhook   string
	target    *webhookTarget // the webhook's address, nil unless an http:// URL
	secret    string
	chats     map[int64]*chatLog
	callbacks map[string]bool // callback query id → answered
	inline    map[string]bool // inline query id → answered
	failures  map[string][]Failure
	cuts      map[string]int
	nextQuery int64
}

type chatLog struct {
	nextMessage int
	messages    []*models.Message // the bot's messages, edits applied
	byID        map[int]*models.Message
}

// NewServer starts a Server; Close it when done.
func NewServer(opts ...Option) *Server {
	s := &Server{
		token:     Token,
		record:    true,
		maxPoll:   2 * time.Second,
		changed:   make(chan struct{}),
		chats:     map[int64]*chatLog{},
		callbacks: map[string]bool{},
		inline:    map[string]bool{},
		failures:  map[string][]Failure{},
		cuts:      map[string]int{},
	}
	for _, o := range opts {
		o(s)
	}
	s.http = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	if s.listener != nil {
		s.http.Listener.Close()
		s.http.Listener = s.listener
	}
	s.http.Start()
	return s
}

// URL is the server URL to pass to bot.WithServerURL.
func (s *Server) URL() string { return s.http.URL }

// Token is the token the Server accepts.
func (s *Server) Token() string { return s.token }

// Close stops the server.
func (s *Server) Close() {
	s.http.CloseClientConnections()
	s.http.Close()
	s.hooks.close()
}

// Fail makes the next calls of method answer the failures, one each, in
// order, before calls are handled normally again.
func (s *Server) Fail(method string, failures ...Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[method] = append(s.failures[method], failures...)
}

// Cut makes the next n calls of method be carried out as usual (a message
// is sent) and then answered by closing the connection without a word, as
// when the network fails after Telegram accepted a request: the bot cannot
// know whether the call took place. Calls answered by Fail's failures do
// not count.
func (s *Server) Cut(method string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cuts[method] += n
}

// Calls returns the calls recorded so far, of the given methods or of all.
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return filterCalls(s.calls, methods)
}

func filterCalls(calls []Call, methods []string) []Call {
	var out []Call
	for _, c := range calls {
		if len(methods) == 0 || slices.Contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// Wait blocks until done reports true for the calls recorded, or ctx ends.
func (s *Server) Wait(ctx context.Context, done func(calls []Call) bool) error {
	for {
		s.mu.Lock()
		ok := done(s.calls)
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("telegramtest: wait: %w", ctx.Err())
		case <-ch:
		}
	}
}

// WaitCalls waits until n successful calls of method were recorded and
// returns them all.
func (s *Server) WaitCalls(ctx context.Context, method string, n int) ([]Call, error) {
	var got []Call
	err := s.Wait(ctx, func(calls []Call) bool {
		got = got[:0]
		for _, c := range calls {
			if c.Method == method && c.OK() {
				got = append(got, c)
			}
		}
		return len(got) >= n
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %d of %d %s calls", err, len(got), n, method)
	}
	return append([]Call(nil), got...), nil
}

// Webhook returns the URL and secret the bot registered, empty without.
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook, s.secret
}

// Unanswered returns the ids of the callback queries (made by Chat.Callback)
// that the bot has not answered yet, sorted.
func (s *Server) Unanswered() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id, answered := range s.callbacks {
		if !answered {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// Messages returns the bot's messages in chat, oldest first, with edits
// applied.
func (s *Server) Messages(chat int64) []models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chat]
	if c == nil {
		return nil
	}
	out := make([]models.Message, len(c.messages))
	for i, m := range c.messages {
		out[i] = *m
	}
	return out
}

// Inject queues updates for getUpdates, giving each an update id when it
// has none, and returns them with their ids.
func (s *Server) Inject(updates ...models.Update) []models.Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range updates {
		s.assignID(&updates[i])
		s.pending = append(s.pending, updates[i])
	}
	s.notify()
	return updates
}

func (s *Server) assignID(u *models.Update) {
	if u.ID == 0 {
		s.nextID++
		u.ID = s.nextID
	} else if u.ID > s.nextID {
		s.nextID = u.ID
	}
}

func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// apiError is an error answer of the Bot API.
type apiError struct {
	status      int
	description string
	retryAfter  int
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, description: "Bad Request: " + fmt.Sprintf(format, args...)}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 {
		writeError(w, &apiError{status: http.StatusNotFound, description: "Not Found"})
		return
	}
	if token != s.token {
		writeError(w, &apiError{status: http.StatusUnauthorized, description: "Unauthorized"})
		return
	}
	params, err := readParams(r)
	if err != nil {
		writeError(w, badRequest("%v", err))
		return
	}
	result, apiErr, cut := s.invoke(r.Context(), Call{Method: method, Params: params})
	if cut {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	writeResult(w, result)
}

// invoke answers call, records it and shows it to OnCall; cut reports
// that its answer is to be cut off (see Cut).
func (s *Server) invoke(ctx context.Context, call Call) (result any, apiErr *apiError, cut bool) {
	method, params := call.Method, call.Params
	call.At = time.Now()
	if id, err := strconv.ParseInt(params["chat_id"], 10, 64); err == nil {
		call.Chat = id
	}

	// check texts and keyboards before taking the lock, so that chats do
	// not wait for each other's parsing
	var pre checked
	if method == "sendMessage" || method == "editMessageText" {
		pre = check(params)
	}

	s.mu.Lock()
	if f := s.failures[method]; len(f) > 0 {
		s.failures[method] = f[1:]
		apiErr = &apiError{status: f[0].Status, description: f[0].Description, retryAfter: f[0].RetryAfter}
		if apiErr.description == "" {
			apiErr.description = http.StatusText(f[0].Status)
		}
	} else if method == "getUpdates" {
		s.mu.Unlock()
		result, apiErr = s.getUpdates(ctx, params)
		s.mu.Lock()
	} else {
		result, apiErr = s.handle(method, params, pre)
	}
	call.Status = http.StatusOK
	if apiErr != nil {
		call.Status = apiErr.status
	} else if s.cuts[method] > 0 {
		s.cuts[method]--
		call.Cut, cut = true, true
	}
	if s.record && method != "getUpdates" {
		s.calls = append(s.calls, call)
		s.notify()
	}
	s.mu.Unlock()
	if s.onCall != nil && method != "getUpdates" {
		s.onCall(call)
	}
	return result, apiErr, cut
}

func writeResult(w http.ResponseWriter, result any) {
	b, err := appendResult(make([]byte, 0, 1024), result)
	if err != nil {
		writeError(w, &apiError{status: http.StatusInternalServerError, description: err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

func writeError(w http.ResponseWriter, e *apiError) {
	body := map[string]any{"ok": false, "error_code": e.status, "description": e.description}
	if e.retryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": e.retryAfter}
	}
	b, _ := json.Marshal(body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.status)
	_, _ = w.Write(b)
}

// readParams reads a multipart, urlencoded or JSON request body into
// string fields, as the Bot API accepts all three.
func readParams(r *http.Request) (map[string]string, error) {
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		body, err := readBody(r.Body, r.ContentLength)
		if err != nil {
			return nil, err
		}
		return parseMultipart(body, ctParams["boundary"])
	case "application/json":
		return jsonParams(r.Body)
	default:
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		params := make(map[string]string, len(r.Form))
		for k, v := range r.Form {
			params[k] = v[0]
		}
		return params, nil
	}
}

// jsonParams reads a JSON object into string fields: strings as they
// are, other values as JSON text.
func jsonParams(r io.Reader) (map[string]string, error) {
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(r).Decode(&raw); err != nil && err != io.EOF {
		return nil, err
	}
	params := make(map[string]string, len(raw))
	for k, v := range raw {
		var str string
		if json.Unmarshal(v, &str) == nil {
			params[k] = str
		} else {
			params[k] = string(v)
		}
	}
	return params, nil
}

func (s *Server) getUpdates(ctx context.Context, params map[string]string) (any, *apiError) {
	offset, _ := strconv.ParseInt(params["offset"], 10, 64)
	limit, _ := strconv.Atoi(params["limit"])
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(params["timeout"])
	wait := min(time.Duration(timeout)*time.Second, s.maxPoll)
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if s.webhook != "" {
			s.mu.Unlock()
			return nil, &apiError{status: http.StatusConflict, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
		}
		kept := s.pending[:0]
		for _, u := range s.pending {
			if u.ID >= offset {
				kept = append(kept, u)
			}
		}
		s.pending = kept
		if len(s.pending) > 0 {
			out := append([]models.Update(nil), s.pending[:min(limit, len(s.pending))]...)
			s.mu.Unlock()
			return out, nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return []models.Update{}, nil
		case <-deadline.C:
			return []models.Update{}, nil
		case <-ch:
		}
	}
}

var commandPattern = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// handle answers every method but getUpdates; s.mu is held.
func (s *Server) handle(method string, p map[string]string, pre checked) (any, *apiError) {
	switch method {
	case "getMe":
		return botUser(), nil
	case "setWebhook":
		u, err := url.Parse(p["url"])
		if p["url"] != "" && (err != nil || u.Host == "") {
			return nil, badRequest("invalid webhook URL specified")
		}
		s.webhook, s.secret, s.target = p["url"], p["secret_token"], newWebhookTarget(u)
		return true, nil
	case "deleteWebhook":
		s.webhook, s.secret, s.target = "", "", nil
		return true, nil
	case "sendMessage":
		return s.sendMessage(p, pre)
	case "editMessageText":
		return s.editMessageText(p, pre)
	case "answerCallbackQuery":
		id := p["callback_query_id"]
		answered, known := s.callbacks[id]
		if !known || answered {
			return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
		}
		if len(p["text"]) > 200 {
			return nil, badRequest("MESSAGE_TOO_LONG")
		}
		s.callbacks[id] = true
		return true, nil
	case "sendVenue":
		chat, e := chatID(p)
		if e != nil {
			return nil, e
		}
		lat, err1 := strconv.ParseFloat(p["latitude"], 64)
		lon, err2 := strconv.ParseFloat(p["longitude"], 64)
		if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			return nil, badRequest("wrong latitude or longitude")
		}
		if p["title"] == "" || p["address"] == "" {
			return nil, badRequest("title and address must be non-empty")
		}
		m := s.newMessage(chat)
		m.Venue = &models.Venue{Location: models.Location{Latitude: lat, Longitude: lon}, Title: p["title"], Address: p["address"]}
		m.Location = &m.Venue.Location
		out := *m
		return &out, nil
	case "sendContact":
		chat, e := chatID(p)
		if e != nil {
			return nil, e
		}
		if p["phone_number"] == "" || p["first_name"] == "" {
			return nil, badRequest("phone number and first name must be non-empty")
		}
		m := s.newMessage(chat)
		m.Contact = &models.Contact{PhoneNumber: p["phone_number"], FirstName: p["first_name"]}
		out := *m
		return &out, nil
	case "sendChatAction":
		if _, e := chatID(p); e != nil {
			return nil, e
		}
		if p["action"] == "" {
			return nil, badRequest("wrong parameter action in request")
		}
		return true, nil
	case "setMyCommands":
		var cmds []models.BotCommand
		if err := json.Unmarshal([]byte(p["commands"]), &cmds); err != nil {
			return nil, badRequest("can't parse commands JSON object")
		}
		for _, c := range cmds {
			if !commandPattern.MatchString(c.Command) {
				return nil, badRequest("BOT_COMMAND_INVALID")
			}
			if n := TextLength(c.Description); n < 1 || n > 256 {
				return nil, badRequest("command description must be 1-256 characters")
			}
		}
		return true, nil
	case "answerInlineQuery":
		id := p["inline_query_id"]
		answered, known := s.inline[id]
		if !known || answered {
			return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
		}
		var results []map[string]any
		if err := json.Unmarshal([]byte(p["results"]), &results); err != nil {
			return nil, badRequest("can't parse inline query results JSON")
		}
		if len(results) > 50 {
			return nil, badRequest("RESULTS_TOO_MUCH")
		}
		for _, r := range results {
			if id, _ := r["id"].(string); id == "" || len(id) > 64 {
				return nil, badRequest("RESULT_ID_INVALID")
			}
			if content, ok := r["input_message_content"].(map[string]any); ok && content["parse_mode"] == "HTML" {
				text, _ := content["message_text"].(string)
				if _, err := ParseHTML(text); err != nil {
					return nil, badRequest("%v", err)
				}
			}
		}
		s.inline[id] = true
		return true, nil
	}
	return nil, &apiError{status: http.StatusNotFound, description: "Not Found: method not found"}
}

func chatID(p map[string]string) (int64, *apiError) {
	id, err := strconv.ParseInt(p["chat_id"], 10, 64)
	if err != nil || id == 0 {
		return 0, badRequest("chat not found")
	}
	return id, nil
}

func (s *Server) chat(id int64) *chatLog {
	c := s.chats[id]
	if c == nil {
		c = &chatLog{byID: map[int]*models.Message{}}
		s.chats[id] = c
	}
	return c
}

// newMessage makes a message of the bot in chat and keeps it when
// recording.
func (s *Server) newMessage(chat int64) *models.Message {
	c := s.chat(chat)
	c.nextMessage++
	m := &models.Message{
		ID:   c.nextMessage,
		From: new(botUser()),
		Date: int(time.Now().Unix()),
		Chat: models.Chat{ID: chat, Type: chatType(chat)},
	}
	if s.record {
		c.messages = append(c.messages, m)
		c.byID[m.ID] = m
	}
	return m
}

// botUser is the fake bot as getMe reports it.
func botUser() models.User {
	return models.User{ID: BotID, IsBot: true, FirstName: "Lotse", Username: "lotse_test_bot"}
}

func chatType(id int64) models.ChatType {
	if id < 0 {
		return models.ChatTypeSupergroup
	}
	return models.ChatTypePrivate
}

// text checks a message text as Telegram does and returns it as shown.
func text(p map[string]string) (string, *apiError) {
	t := p["text"]
	if p["parse_mode"] == "HTML" {
		plain, err := ParseHTML(t)
		if err != nil {
			return "", badRequest("%v", err)
		}
		t = plain
	}
	if strings.TrimSpace(t) == "" {
		return "", badRequest("message text is empty")
	}
	if TextLength(t) > 4096 {
		return "", badRequest("message is too long")
	}
	return t, nil
}

// inlineMarkup checks reply_markup; it returns the inline keyboard, if
// that is what it is.
func inlineMarkup(p map[string]string) (*models.InlineKeyboardMarkup, *apiError) {
	raw, ok := p["reply_markup"]
	if !ok || raw == "" {
		return nil, nil
	}
	if strings.Contains(raw, `"copy_text":{"text":""}`) {
		return nil, badRequest("BUTTON_COPY_TEXT_INVALID")
	}
	var markup struct {
		InlineKeyboard *[][]keyboardButton        `json:"inline_keyboard"`
		Keyboard       *[][]models.KeyboardButton `json:"keyboard"`
		RemoveKeyboard bool                       `json:"remove_keyboard"`
	}
	if rows, ok := parseInlineKeyboard(raw); ok {
		markup.InlineKeyboard = &rows
	} else if err := json.Unmarshal([]byte(raw), &markup); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	switch {
	case markup.InlineKeyboard != nil:
		for _, row := range *markup.InlineKeyboard {
			for _, b := range row {
				switch {
				case b.Text == "":
					return nil, badRequest("text buttons are unallowed in the inline keyboard")
				case b.CallbackData == "" && b.URL == "":
					return nil, badRequest("can't parse inline keyboard button: a button needs callback data or a URL")
				case len(b.CallbackData) > 64:
					return nil, badRequest("BUTTON_DATA_INVALID")
				}
			}
		}
		rows := make([][]models.InlineKeyboardButton, len(*markup.InlineKeyboard))
		for i, row := range *markup.InlineKeyboard {
			rows[i] = make([]models.InlineKeyboardButton, len(row))
			for j, b := range row {
				rows[i][j] = models.InlineKeyboardButton{Text: b.Text, CallbackData: b.CallbackData, URL: b.URL}
			}
		}
		return &models.InlineKeyboardMarkup{InlineKeyboard: rows}, nil
	case markup.Keyboard != nil:
		if len(*markup.Keyboard) == 0 {
			return nil, badRequest("keyboard must be non-empty")
		}
		for _, row := range *markup.Keyboard {
			for _, b := range row {
				if b.Text == "" {
					return nil, badRequest("text buttons are unallowed in the keyboard")
				}
			}
		}
	case !markup.RemoveKeyboard:
		return nil, badRequest("unsupported reply markup")
	}
	return nil, nil
}

// checked is a message text and keyboard as Telegram would take them.
type checked struct {
	text string
	kb   *models.InlineKeyboardMarkup
	err  *apiError
}

func check(p map[string]string) checked {
	t, e := text(p)
	if e != nil {
		return checked{err: e}
	}
	kb, e := inlineMarkup(p)
	if e != nil {
		return checked{err: e}
	}
	return checked{text: t, kb: kb}
}

func (s *Server) sendMessage(p map[string]string, pre checked) (any, *apiError) {
	chat, e := chatID(p)
	if e != nil {
		return nil, e
	}
	if chat < 0 && strings.Contains(p["reply_markup"], `"request_location":true`) {
		return nil, badRequest("KEYBOARD_BUTTON_REQUEST_LOCATION is available in private chats only")
	}
	if pre.err != nil {
		return nil, pre.err
	}
	m := s.newMessage(chat)
	m.Text = pre.text
	m.ReplyMarkup = pre.kb
	out := *m
	return &out, nil
}

func (s *Server) editMessageText(p map[string]string, pre checked) (any, *apiError) {
	chat, e := chatID(p)
	if e != nil {
		return nil, e
	}
	id, _ := strconv.Atoi(p["message_id"])
	if pre.err != nil {
		return nil, pre.err
	}
	m := s.chat(chat).byID[id]
	if m == nil {
		if !s.record {
			m = &models.Message{ID: id, Chat: models.Chat{ID: chat, Type: chatType(chat)}}
		} else {
			return nil, badRequest("message to edit not found")
		}
	}
	if m.Text == pre.text && sameKeyboard(m.ReplyMarkup, pre.kb) {
		return nil, badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	m.Text = pre.text
	m.ReplyMarkup = pre.kb
	m.EditDate = int(time.Now().Unix())
	out := *m
	return &out, nil
}
