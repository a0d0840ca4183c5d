package telegram

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/lotse-de/lotse/dialog"
)

// Message ids of the texts this package shows itself.
const (
	msgApology        = "telegram.apology"
	msgButtonInvalid  = "telegram.button_invalid"
	msgUnsupported    = "telegram.unsupported"
	msgLocationButton = "telegram.location_button"
	msgLocationPrompt = "telegram.location_prompt"
	msgInlineOpen     = "telegram.inline_open"
	msgCommandPrefix  = "telegram.command."
)

// maxContactName is the longest first name a contact card keeps.
const maxContactName = 64

// inlineResults is the most services offered for one inline query.
const inlineResults = 10

var (
	commandName = regexp.MustCompile(`^[A-Za-z0-9_]{1,32}$`)
	deepLinkArg = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
)

func (b *Bot) onMessage(ctx context.Context, sh *shard, upd *models.Update) error {
	msg := upd.Message
	chat := msg.Chat.ID
	lang := ""
	if msg.From != nil {
		if msg.From.IsBot {
			return nil
		}
		lang = msg.From.LanguageCode
	}
	in, verdict := b.messageInput(msg)
	switch verdict {
	case inputIgnore:
		return nil
	case inputUnsupported:
		return b.sendText(ctx, sh.chat(chat), chat, html.EscapeString(b.texts.Localize(lang, msgUnsupported)), nil)
	}
	in.Chat = chat
	in.UpdateID = upd.ID
	in.LangHint = lang
	return b.turn(ctx, sh, chat, in, 0, lang)
}

type inputVerdict int

const (
	inputOK inputVerdict = iota
	inputIgnore
	inputUnsupported
)

// messageInput turns a message into an Input. In groups only commands,
// mentions of the bot and replies to it count.
func (b *Bot) messageInput(msg *models.Message) (dialog.Input, inputVerdict) {
	group := msg.Chat.Type == models.ChatTypeGroup || msg.Chat.Type == models.ChatTypeSupergroup
	if msg.Chat.Type == models.ChatTypeChannel {
		return dialog.Input{}, inputIgnore
	}
	if msg.Location != nil {
		if group && !b.repliesToBot(msg) {
			return dialog.Input{}, inputIgnore
		}
		return dialog.Input{Kind: dialog.KindLocation, Lat: msg.Location.Latitude, Lon: msg.Location.Longitude}, inputOK
	}
	text := strings.TrimSpace(msg.Text)
	if text == "" {
		if group {
			return dialog.Input{}, inputIgnore
		}
		return dialog.Input{}, inputUnsupported
	}
	if strings.HasPrefix(text, "/") {
		name, target, arg := splitCommand(text)
		if commandName.MatchString(name) {
			if target != "" && !strings.EqualFold(target, b.me.Username) {
				return dialog.Input{}, inputIgnore
			}
			return dialog.Input{Kind: dialog.KindCommand, Command: strings.ToLower(name), Text: arg}, inputOK
		}
	}
	if group {
		stripped, mentioned := stripMention(text, b.me.Username)
		if !mentioned && !b.repliesToBot(msg) {
			return dialog.Input{}, inputIgnore
		}
		text = stripped
		if text == "" {
			return dialog.Input{Kind: dialog.KindCommand, Command: "start"}, inputOK
		}
	}
	return dialog.Input{Kind: dialog.KindText, Text: text}, inputOK
}

// splitCommand splits "/name@target arg" into its parts.
func splitCommand(text string) (name, target, arg string) {
	head, arg, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		arg = head[i+1:] + " " + arg
		head = head[:i]
	}
	name, target, _ = strings.Cut(head, "@")
	return name, target, strings.TrimSpace(arg)
}

// stripMention removes "@username" (any case) from text and reports
// whether it was there.
func stripMention(text, username string) (string, bool) {
	if username == "" {
		return text, false
	}
	for i := 0; i+len(username) < len(text); i++ {
		if text[i] != '@' || !strings.EqualFold(text[i+1:i+1+len(username)], username) {
			continue
		}
		end := i + 1 + len(username)
		if end < len(text) && isNameByte(text[end]) {
			continue
		}
		if i > 0 && isNameByte(text[i-1]) {
			continue
		}
		return strings.Join(strings.Fields(text[:i]+" "+text[end:]), " "), true
	}
	return text, false
}

func isNameByte(c byte) bool {
	return c == '_' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func (b *Bot) repliesToBot(msg *models.Message) bool {
	r := msg.ReplyToMessage
	return r != nil && r.From != nil && r.From.ID == b.me.ID
}

// onCallback runs the turn of a tapped button and answers its callback
// query; hook is set for an update delivered by webhook.
func (b *Bot) onCallback(ctx context.Context, sh *shard, upd *models.Update, hook *webhookCall) error {
	cq := upd.CallbackQuery
	lang := cq.From.LanguageCode
	var chat int64
	var messageID int
	if m := cq.Message.Message; m != nil {
		chat, messageID = m.Chat.ID, m.ID
	} else if m := cq.Message.InaccessibleMessage; m != nil {
		chat = m.Chat.ID
	}
	menu, event, err := ParseCallbackData(cq.Data)
	if err != nil || chat == 0 {
		b.log.InfoContext(ctx, "telegram: callback data refused", "update_id", upd.ID, "bytes", len(cq.Data))
		return b.answerCallbackNow(ctx, hook, cq.ID, b.texts.Localize(lang, msgButtonInvalid))
	}
	// Stop the button's spinner: by long polling at once, alongside the
	// turn; by webhook in the webhook answer, unless the turn takes long
	// enough for the spinner to be noticed.
	var delay time.Duration
	if hook != nil {
		delay = b.cfg.TypingAfter
	}
	stop := b.answerAfter(ctx, upd.ID, cq.ID, delay)
	defer func() {
		if !stop() {
			b.stopSpinner(ctx, hook, upd.ID, cq.ID)
		}
	}()
	in := dialog.Input{
		Chat:     chat,
		UpdateID: upd.ID,
		Kind:     dialog.KindChoice,
		Choice:   event,
		Menu:     menu,
		LangHint: lang,
	}
	return b.turn(ctx, sh, chat, in, messageID, lang)
}

// answerAfter answers the callback query id by a request of its own once
// the turn has taken delay. The returned stop cancels an answer not yet
// begun, waits for one in flight, and reports whether it was made.
func (b *Bot) answerAfter(ctx context.Context, updateID int64, id string, delay time.Duration) (stop func() (answered bool)) {
	done := make(chan struct{})
	t := time.AfterFunc(delay, func() {
		defer close(done)
		b.stopSpinner(ctx, nil, updateID, id)
	})
	return func() bool {
		if t.Stop() {
			return false
		}
		<-done
		return true
	}
}

// answerCallbackNow answers the callback query id with text: in the
// webhook answer when hook is set, else by a request of its own.
func (b *Bot) answerCallbackNow(ctx context.Context, hook *webhookCall, id, text string) error {
	if hook != nil {
		hook.answer = &callbackAnswer{Method: "answerCallbackQuery", CallbackQueryID: id, Text: text}
		return nil
	}
	return b.answerCallback(ctx, id, text)
}

// stopSpinner answers the callback query id without a text (see
// answerCallbackNow) and logs a failure.
func (b *Bot) stopSpinner(ctx context.Context, hook *webhookCall, updateID int64, id string) {
	if err := b.answerCallbackNow(ctx, hook, id, ""); err != nil {
		b.log.WarnContext(ctx, "telegram: callback query not answered", "update_id", updateID, "error", b.redact(err))
	}
}

func (b *Bot) answerCallback(ctx context.Context, id, text string) error {
	return b.call(ctx, nil, callFree, "answerCallbackQuery", func(ctx context.Context) error {
		_, err := b.api.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: id, Text: text})
		return err
	})
}

func (b *Bot) onInlineQuery(ctx context.Context, upd *models.Update) error {
	q := upd.InlineQuery
	lang := q.From.LanguageCode
	results := []models.InlineQueryResult{}
	if query := strings.TrimSpace(q.Query); b.services != nil && query != "" {
		for _, a := range b.services.FindServices(ctx, query, lang, inlineResults) {
			if a.ID == "" || len(a.ID) > 64 || a.Title == "" {
				continue
			}
			text := "<b>" + html.EscapeString(a.Title) + "</b>"
			if a.Description != "" {
				text += "\n" + html.EscapeString(a.Description)
			}
			article := &models.InlineQueryResultArticle{
				ID:          a.ID,
				Title:       a.Title,
				Description: a.Description,
				InputMessageContent: &models.InputTextMessageContent{
					MessageText: text,
					ParseMode:   models.ParseModeHTML,
				},
			}
			if deepLinkArg.MatchString(a.ID) && b.me.Username != "" {
				article.ReplyMarkup = &inlineMarkup{InlineKeyboard: [][]inlineButton{{{
					Text: b.texts.Localize(lang, msgInlineOpen),
					URL:  "https://t.me/" + b.me.Username + "?start=" + a.ID,
				}}}}
			}
			results = append(results, article)
		}
	}
	err := b.call(ctx, nil, callFree, "answerInlineQuery", func(ctx context.Context) error {
		_, err := b.api.AnswerInlineQuery(ctx, &bot.AnswerInlineQueryParams{
			InlineQueryID: q.ID,
			Results:       results,
			CacheTime:     300,
		})
		return err
	})
	if refused(err) {
		// An inline query delivered again after it was answered (or too
		// late) is refused: it needs no answer any more.
		b.log.InfoContext(ctx, "telegram: inline query answer refused", "update_id", upd.ID, "error", b.redact(err))
		return nil
	}
	return err
}

// turn hands one input to the handler and delivers its replies; editID is
// the message whose button was tapped, edited in place by the first reply.
// With an outbox the handler keeps the replies of a turn in the chat's
// outbox, and they are sent from there (see sendOutbox).
func (b *Bot) turn(ctx context.Context, sh *shard, chat int64, in dialog.Input, editID int, lang string) error {
	st := sh.chat(chat)
	in.Keep = b.outbox != nil && in.UpdateID != 0
	stopTyping := b.typingAfter(ctx, chat)
	replies, err := b.handler.Handle(ctx, in)
	stopTyping()
	if err != nil {
		// The handler failed and kept the session as it was: tell the user
		// (with its own apology, or ours) and report the failure so that a
		// webhook update is delivered again.
		if ctx.Err() != nil {
			return err
		}
		b.log.ErrorContext(ctx, "telegram: handler failed", "update_id", in.UpdateID, "kind", in.Kind.String(), "error", err)
		var sendErr error
		switch {
		case sh.apologized.has(in.UpdateID):
			// Telegram delivers the update again during an outage: the
			// user has had one apology for it, more would only be noise.
		case len(replies) > 0:
			sendErr = b.deliver(ctx, st, chat, in.UpdateID, replies, 0, lang)
		default:
			sendErr = b.sendApology(ctx, st, chat, lang)
		}
		if sendErr == nil {
			sh.apologized.add(in.UpdateID)
		}
		return errors.Join(fmt.Errorf("handle update %d: %w", in.UpdateID, err), sendErr)
	}
	if len(replies) > 0 || !in.Keep {
		// Replies that were not kept: a note of the rate limit, the answer
		// to /forget, or no outbox at all.
		return b.deliver(ctx, st, chat, in.UpdateID, replies, editID, lang)
	}
	return b.sendOutbox(ctx, st, chat, in.UpdateID, editID, lang)
}

// sendOutbox sends what the chat's outbox holds, oldest turn first: the
// turn just saved, and the turns of earlier updates whose replica died or
// failed before it sent them all. It holds the outbox's claim, renewed
// while it sends, so that no other replica sends the same replies; the
// turn of updateID edits editID. Each turn is removed from the outbox as
// soon as its last message went out, so that only the oldest turn can be
// half sent. A turn whose messages did not all go out stays in the
// outbox, marked with how far it went, and the error makes Telegram
// deliver the update again.
//
// A message whose outcome is unknown (the connection broke after the
// request went out, or the replica sending it was killed: Telegram may
// have sent it) is marked as tried and sent once more at the redelivery;
// when that outcome is unknown again it is dropped and logged. A
// duplicate is better than a lost answer, but never twice in a row.
func (b *Bot) sendOutbox(ctx context.Context, st *chatState, chat, updateID int64, editID int, lang string) error {
	turns, err := b.outbox.Claim(ctx, chat)
	if err != nil || len(turns) == 0 {
		return err
	}
	sctx, stop := b.holdClaim(ctx, chat)
	defer stop()
	for len(turns) > 0 {
		o := turns[0]
		edit := 0
		if o.Update == updateID {
			edit = editID
		}
		if err := b.sendTurn(sctx, st, chat, o, edit, lang); err != nil {
			if _, derr := b.outbox.Done(context.WithoutCancel(ctx), chat, nil, false); derr != nil {
				b.log.WarnContext(ctx, "telegram: outbox not released", "update_id", updateID, "error", derr)
			}
			return err
		}
		turns, err = b.outbox.Done(context.WithoutCancel(ctx), chat, []int64{o.Update}, true)
		if err != nil {
			return fmt.Errorf("outbox of update %d: %w", updateID, err)
		}
	}
	return nil
}

// holdClaim renews the claim on chat's outbox every third of
// dialog.OutboxLease until stop is called; when the claim is lost, the
// returned context ends, so that sending stops.
func (b *Bot) holdClaim(ctx context.Context, chat int64) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	var mu sync.Mutex
	stopped := false
	var t *time.Timer
	mu.Lock() // t is set before the timer may use it
	defer mu.Unlock()
	t = time.AfterFunc(dialog.OutboxLease/3, func() {
		err := b.outbox.Renew(ctx, chat)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case stopped:
		case errors.Is(err, dialog.ErrLeaseLost):
			b.log.WarnContext(ctx, "telegram: outbox claim lost while sending")
			cancel()
		default:
			if err != nil {
				b.log.WarnContext(ctx, "telegram: outbox claim not renewed", "error", err)
			}
			t.Reset(dialog.OutboxLease / 3)
		}
	})
	return ctx, func() {
		mu.Lock()
		stopped = true
		mu.Unlock()
		t.Stop()
		cancel()
	}
}

// sendTurn sends the messages of o from o.Sent on, marking its progress
// in the outbox after each message that others follow (see sendOutbox).
// Replies the Bot API refuses for good are dropped (see refused).
func (b *Bot) sendTurn(ctx context.Context, st *chatState, chat int64, o dialog.Outgoing, editID int, lang string) error {
	msgs := b.messages(ctx, st.keyboard, chat, o.Replies, editID, lang)
	if o.Interrupted && o.Sent < len(msgs) {
		// The replica before stopped while it sent message o.Sent (or
		// just before): its outcome is unknown.
		if o.Tried {
			b.stats.unknownTwice.Add(1)
			b.log.WarnContext(ctx, "telegram: message dropped, its outcome was unknown twice (the replica sending it stopped)", "update_id", o.Update)
			o.Sent, o.Tried = o.Sent+1, false
		} else {
			o.Tried = true
		}
		if err := b.outbox.Mark(ctx, chat, o); err != nil {
			return err
		}
	}
	for i := o.Sent; i < len(msgs); i++ {
		err := b.send(ctx, st, chat, msgs[i])
		switch {
		case err == nil:
			if o.Tried {
				b.stats.resent.Add(1)
			}
		case refused(err):
			b.dropRefused(ctx, o.Update, err)
			return nil
		case unknownOutcome(err) && o.Tried:
			b.stats.unknownTwice.Add(1)
			b.log.WarnContext(ctx, "telegram: message dropped, its outcome was unknown twice", "update_id", o.Update, "error", b.redact(err))
		case unknownOutcome(err):
			o.Sent, o.Tried = i, true
			if merr := b.outbox.Mark(context.WithoutCancel(ctx), chat, o); merr != nil {
				err = errors.Join(err, merr)
			}
			return err
		default:
			return err
		}
		o.Sent, o.Tried = i+1, false
		if o.Sent < len(msgs) {
			if err := b.outbox.Mark(ctx, chat, o); err != nil {
				return err
			}
		}
	}
	return nil
}

// deliver sends replies that are not kept in an outbox.
func (b *Bot) deliver(ctx context.Context, st *chatState, chat, updateID int64, replies []dialog.Reply, editID int, lang string) error {
	for _, m := range b.messages(ctx, st.keyboard, chat, replies, editID, lang) {
		if err := b.send(ctx, st, chat, m); err != nil {
			if refused(err) {
				b.dropRefused(ctx, updateID, err)
				return nil
			}
			return err
		}
	}
	return nil
}

// dropRefused logs the replies of a turn that the Bot API refused for
// good. Sending again would get the same answer on every redelivery,
// forever. Lotse sends only in answer to an update of the chat, so after
// "bot was blocked by the user" nothing more goes to the chat until the
// user writes again.
func (b *Bot) dropRefused(ctx context.Context, updateID int64, err error) {
	b.stats.refused.Add(1)
	b.log.WarnContext(ctx, "telegram: replies dropped, the Bot API refused them", "update_id", updateID, "error", b.redact(err))
}

// refused reports whether err is an answer of the Bot API that no repeat
// can change: 403 (the user blocked the bot, the bot left the group) or
// 400 (chat not found, message is too long, a request Telegram rejects).
func refused(err error) bool {
	return errors.Is(err, bot.ErrorForbidden) || errors.Is(err, bot.ErrorBadRequest)
}

// typingAfter shows "typing" in chat when the turn takes longer than
// Config.TypingAfter. The returned stop waits for a chat action in flight,
// so that it never arrives after the reply.
func (b *Bot) typingAfter(ctx context.Context, chat int64) (stop func()) {
	done := make(chan struct{})
	t := time.AfterFunc(b.cfg.TypingAfter, func() {
		defer close(done)
		actx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		_, err := b.api.SendChatAction(actx, &bot.SendChatActionParams{ChatID: chat, Action: models.ChatActionTyping})
		if err != nil {
			b.log.DebugContext(ctx, "telegram: chat action not sent", "error", b.redact(err))
		}
	})
	return func() {
		if !t.Stop() {
			<-done
		}
	}
}

func (b *Bot) sendApology(ctx context.Context, st *chatState, chat int64, lang string) error {
	return b.sendText(ctx, st, chat, html.EscapeString(b.texts.Localize(lang, msgApology)), nil)
}

// joinPlain puts a reply that is only text (a note such as "that menu is
// out of date") into the message of the reply after it, so that one turn
// shows as one message where it can.
func joinPlain(replies []dialog.Reply) []dialog.Reply {
	out := make([]dialog.Reply, 0, len(replies))
	var pending []dialog.Block
	lang := ""
	for _, r := range replies {
		if len(r.Choices) == 0 && r.Venue == nil && r.Contact == nil && !r.RequestLocation {
			pending = append(pending, r.Blocks...)
			lang = r.Lang
			continue
		}
		if len(pending) > 0 {
			r.Blocks = append(pending, r.Blocks...)
			pending = nil
		}
		out = append(out, r)
	}
	if len(pending) > 0 {
		out = append(out, dialog.Reply{Lang: lang, Blocks: pending})
	}
	return out
}

// message is one Bot API request that delivers (part of) a reply: a
// text, sent or edited in place, a venue or a contact.
type message struct {
	text    string
	markup  models.ReplyMarkup
	edit    int // the message whose text this replaces, 0: a new message
	venue   *dialog.Venue
	contact *dialog.Contact
	// keyboard tells what the message does to the chat's reply keyboard:
	// showKeyboard or removeKeyboard, else 0.
	keyboard int
}

const (
	showKeyboard = 1 + iota
	removeKeyboard
)

// messages cuts replies into the messages that deliver them. The first
// text replaces the message editID when it is set; a shown location
// keyboard (keyboard) is removed with the first message that can carry the
// removal. How many messages the replies make does not depend on keyboard
// or editID, so that a turn's progress (dialog.Outgoing.Sent) counts the
// same on every replica. The bot's own texts are in each reply's language,
// else in hint, the client's.
func (b *Bot) messages(ctx context.Context, keyboard bool, chat int64, replies []dialog.Reply, editID int, hint string) []message {
	replies = joinPlain(replies)
	requestsLocation := false
	for _, r := range replies {
		requestsLocation = requestsLocation || r.RequestLocation
	}
	remove := keyboard && !requestsLocation
	private := chat > 0 // location buttons work in private chats only
	var out []message
	for _, r := range replies {
		lang := cmp.Or(r.Lang, hint)
		r.RequestLocation = r.RequestLocation && private
		chunks := FormatBlocks(r.Blocks, MaxMessageLength)
		var inline models.ReplyMarkup
		if len(r.Choices) > 0 {
			if kb := b.inlineKeyboard(ctx, r.Menu, r.Choices); kb != nil {
				inline = kb
			}
		}
		locationSent := false
		for j, text := range chunks {
			last := j == len(chunks)-1
			m := message{text: text}
			switch {
			case last && inline != nil:
				m.markup = inline
			case last && r.RequestLocation:
				m.markup = b.locationKeyboard(lang)
				m.keyboard = showKeyboard
				locationSent = true
			case remove:
				m.markup = &models.ReplyKeyboardRemove{RemoveKeyboard: true}
			}
			if editID != 0 {
				id := editID
				editID = 0
				switch m.markup.(type) {
				case *models.ReplyKeyboardMarkup:
					// an edit cannot bring a reply keyboard: send anew
				case *models.ReplyKeyboardRemove:
					// nor remove one: edit, and remove it with a later message
					out = append(out, message{text: text, edit: id})
					continue
				default:
					m.edit = id
					out = append(out, m)
					continue
				}
			}
			if _, isRemoval := m.markup.(*models.ReplyKeyboardRemove); isRemoval {
				remove = false
				m.keyboard = removeKeyboard
			}
			out = append(out, m)
		}
		editID = 0
		if r.RequestLocation && !locationSent && inline == nil {
			// A message cannot carry an inline keyboard and a location
			// button at once. A reply with choices (the places that fit
			// a name) comes after the place question, whose message
			// brought the location button, and the chat shows it still
			// (requestsLocation keeps it): no message of its own for it.
			text := html.EscapeString(b.texts.Localize(lang, msgLocationPrompt))
			out = append(out, message{text: text, markup: b.locationKeyboard(lang), keyboard: showKeyboard})
		}
		if v := r.Venue; v != nil {
			out = append(out, message{venue: v})
		}
		if c := r.Contact; c != nil && strings.TrimSpace(c.Phone) != "" {
			out = append(out, message{contact: c})
		}
	}
	return out
}

// send sends one message and notes what it did to the reply keyboard.
func (b *Bot) send(ctx context.Context, st *chatState, chat int64, m message) error {
	var err error
	switch {
	case m.venue != nil:
		err = b.sendVenue(ctx, st, chat, m.venue)
	case m.contact != nil:
		err = b.sendContact(ctx, st, chat, m.contact)
	case m.edit != 0:
		err = b.editText(ctx, st, chat, m.edit, m.text, m.markup)
	default:
		err = b.sendText(ctx, st, chat, m.text, m.markup)
	}
	if err == nil && m.keyboard != 0 {
		st.keyboard = m.keyboard == showKeyboard
	}
	return err
}

// inlineKeyboard has one row per choice. A choice whose callback data
// would be too long is left out and logged: a button that cannot work is
// worse than none.
func (b *Bot) inlineKeyboard(ctx context.Context, menu string, choices []dialog.Choice) *inlineMarkup {
	rows := make([][]inlineButton, 0, len(choices))
	for _, c := range choices {
		data, err := FormatCallbackData(menu, c.Event)
		if err != nil {
			b.log.ErrorContext(ctx, "telegram: choice left out", "error", err)
			continue
		}
		label := strings.TrimSpace(c.Label)
		if label == "" {
			label = c.Event
		}
		rows = append(rows, []inlineButton{{Text: label, CallbackData: data}})
	}
	if len(rows) == 0 {
		return nil
	}
	return &inlineMarkup{InlineKeyboard: rows}
}

// inlineMarkup is an inline keyboard as the Bot API takes it. It replaces
// models.InlineKeyboardMarkup, whose buttons always carry an empty
// "copy_text" object that Telegram may refuse (BUTTON_COPY_TEXT_INVALID).
type inlineMarkup struct {
	InlineKeyboard [][]inlineButton `json:"inline_keyboard"`
}

type inlineButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
	URL          string `json:"url,omitempty"`
}

func (b *Bot) locationKeyboard(lang string) *models.ReplyKeyboardMarkup {
	return &models.ReplyKeyboardMarkup{
		Keyboard:        [][]models.KeyboardButton{{{Text: b.texts.Localize(lang, msgLocationButton), RequestLocation: true}}},
		ResizeKeyboard:  true,
		OneTimeKeyboard: true,
	}
}

var noPreview = &models.LinkPreviewOptions{IsDisabled: bot.True()}

func (b *Bot) sendText(ctx context.Context, st *chatState, chat int64, text string, markup models.ReplyMarkup) error {
	return b.call(ctx, st, callMessage, "sendMessage", func(ctx context.Context) error {
		return b.post(ctx, "sendMessage", &textParams{
			ChatID:             chat,
			Text:               text,
			ParseMode:          models.ParseModeHTML,
			LinkPreviewOptions: noPreview,
			ReplyMarkup:        markup,
		})
	})
}

// editText replaces the text and inline keyboard of a message; when the
// message cannot be edited (too old, gone) it sends a new one.
func (b *Bot) editText(ctx context.Context, st *chatState, chat int64, id int, text string, markup models.ReplyMarkup) error {
	err := b.call(ctx, st, callEdit, "editMessageText", func(ctx context.Context) error {
		return b.post(ctx, "editMessageText", &textParams{
			ChatID:             chat,
			MessageID:          id,
			Text:               text,
			ParseMode:          models.ParseModeHTML,
			LinkPreviewOptions: noPreview,
			ReplyMarkup:        markup,
		})
	})
	if err == nil {
		return nil
	}
	if errors.Is(err, bot.ErrorBadRequest) {
		if strings.Contains(err.Error(), "message is not modified") {
			return nil
		}
		return b.sendText(ctx, st, chat, text, markup)
	}
	return err
}

func (b *Bot) sendVenue(ctx context.Context, st *chatState, chat int64, v *dialog.Venue) error {
	title, address := strings.TrimSpace(v.Title), strings.TrimSpace(v.Address)
	if title == "" {
		title = address
	}
	if address == "" {
		address = title
	}
	if title == "" {
		return nil
	}
	return b.call(ctx, st, callMessage, "sendVenue", func(ctx context.Context) error {
		_, err := b.api.SendVenue(resultUnused(ctx), &bot.SendVenueParams{ChatID: chat, Latitude: v.Lat, Longitude: v.Lon, Title: title, Address: address})
		return err
	})
}

func (b *Bot) sendContact(ctx context.Context, st *chatState, chat int64, c *dialog.Contact) error {
	name := strings.TrimSpace(c.Name)
	if name == "" {
		name = c.Phone
	}
	if r := []rune(name); len(r) > maxContactName {
		name = strings.TrimSpace(string(r[:maxContactName-1])) + "…"
	}
	return b.call(ctx, st, callMessage, "sendContact", func(ctx context.Context) error {
		_, err := b.api.SendContact(resultUnused(ctx), &bot.SendContactParams{ChatID: chat, PhoneNumber: c.Phone, FirstName: name})
		return err
	})
}

// setCommands sets the command menu of every language (language_code
// scoped) and the first one as the default. Failures are logged.
func (b *Bot) setCommands(ctx context.Context) {
	set := func(m Menu, code string) {
		cmds := make([]models.BotCommand, 0, len(m.Commands))
		for _, name := range m.Commands {
			cmds = append(cmds, models.BotCommand{Command: name, Description: b.texts.Localize(m.Lang, msgCommandPrefix+name)})
		}
		err := b.call(ctx, nil, callFree, "setMyCommands", func(ctx context.Context) error {
			_, err := b.api.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds, LanguageCode: code})
			return err
		})
		if err != nil {
			b.log.WarnContext(ctx, "telegram: commands not set", "lang", code, "error", b.redact(err))
		}
	}
	if len(b.cfg.Menus) == 0 {
		return
	}
	set(b.cfg.Menus[0], "")
	for _, m := range b.cfg.Menus {
		set(m, m.Lang)
	}
}
