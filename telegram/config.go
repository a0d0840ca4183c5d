package telegram

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/locales"
)

// Handler answers one input of a user; *dialog.Engine implements it. An
// error it returns is internal: the user gets an apology. With an Outbox
// the bot sets Input.Keep: the handler then saves a turn's replies in the
// chat's outbox and returns none, and the bot sends them from there; an
// update it has handled before also returns none.
type Handler interface {
	Handle(ctx context.Context, in dialog.Input) ([]dialog.Reply, error)
}

// HandlerFunc adapts a function to a Handler.
type HandlerFunc func(ctx context.Context, in dialog.Input) ([]dialog.Reply, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, in dialog.Input) ([]dialog.Reply, error) {
	return f(ctx, in)
}

// Localizer gives the text of a message id (telegram.*) in the supported
// language that best matches lang: a reply's language code, or where there
// is no reply, a tag as Telegram reports it ("en-US", "de", or empty).
type Localizer interface {
	Localize(lang, id string) string
}

// LocalizerFunc adapts a function to a Localizer.
type LocalizerFunc func(lang, id string) string

// Localize calls f.
func (f LocalizerFunc) Localize(lang, id string) string { return f(lang, id) }

// Outbox holds the replies that the Handler saved with each turn (see
// dialog.Outgoing) until they are sent; the stores implement it. One
// replica at a time sends a chat's replies: Claim waits until no other
// replica holds the chat's outbox and takes it over for
// dialog.OutboxLease; Renew extends that, Mark records how far a turn's
// replies went out, and Done removes the turns sent, returning those that
// were added meanwhile (still held) or, with keep false or none left,
// ending the claim. Claim marks the oldest turn Interrupted when the
// replica that sent before stopped without Done. Mark, Renew and Done return dialog.ErrLeaseLost when
// the claim ran out.
type Outbox interface {
	Claim(ctx context.Context, chat int64) ([]dialog.Outgoing, error)
	Mark(ctx context.Context, chat int64, out dialog.Outgoing) error
	Renew(ctx context.Context, chat int64) error
	Done(ctx context.Context, chat int64, updates []int64, keep bool) ([]dialog.Outgoing, error)
}

// Article is a service offered as an answer to an inline query.
type Article struct {
	ID          string // the service id, used as deep link /start <id>
	Title       string
	Description string
}

// ServiceFinder finds services for inline queries.
type ServiceFinder interface {
	FindServices(ctx context.Context, query, lang string, limit int) []Article
}

// Config is how a Bot talks to Telegram. Only Token is required; zero
// values take the defaults named.
type Config struct {
	Token  string
	APIURL string // default https://api.telegram.org

	// WebhookURL switches Run to webhook mode: Run calls setWebhook with it
	// and serves the handler at its path on WebhookListen. Empty: long
	// polling.
	WebhookURL    string
	WebhookListen string // default ":8080"
	// WebhookSecret is sent to setWebhook; requests must carry it in
	// X-Telegram-Bot-Api-Secret-Token. Required in webhook mode.
	WebhookSecret string

	Workers int // parallel chats, default 64

	// ChatInFlight is how many webhook updates of one chat may be queued
	// or handled at once, default 3. An update over it is answered 200 at
	// once and dropped (counted in Stats.Shed), so that one chat flooding
	// the bot holds at most that many of Telegram's connections.
	ChatInFlight int

	// Pacing of sent messages: MessagesPerSecond over all chats (default
	// 30), ChatMessagesPerSecond per chat (default 1) with bursts of
	// ChatBurst (default 3). Unpaced turns pacing off, for benchmarks
	// against a fake server.
	MessagesPerSecond     float64
	ChatMessagesPerSecond float64
	ChatBurst             int
	Unpaced               bool

	TypingAfter  time.Duration // send "typing" when a turn takes longer, default 300ms
	MaxAttempts  int           // attempts per Bot API request, default 5
	PollTimeout  time.Duration // long polling timeout, default 50s
	RetryBackoff time.Duration // first wait after a failed request, default 200ms

	// Menus are the command menus (setMyCommands), one per language; the
	// first is also the menu of clients in other languages. Each command
	// needs the message telegram.command.<name> in its language. Default:
	// the menus of locales/languages.toml (MenusOf).
	Menus []Menu
}

// Menu is the command menu of one language.
type Menu struct {
	Lang     string   // language code, as Telegram's language_code
	Commands []string // command names without the slash, in order
}

// MenusOf returns the command menus of the languages of r.
func MenusOf(r *locales.Registry) []Menu {
	var menus []Menu
	for _, l := range r.Languages() {
		menus = append(menus, Menu{Lang: l.Code, Commands: l.Commands})
	}
	return menus
}

// Deps are what a Bot works with.
type Deps struct {
	Handler  Handler       // required
	Texts    Localizer     // required
	Services ServiceFinder // optional: without it inline queries get no results
	// Outbox, optional, makes replies durable: without it a turn's replies
	// that could not be sent are lost.
	Outbox Outbox
	// Quiet, optional, reports a chat whose updates get no answer for now
	// (it is over its rate limit, see throttle.Guard.Quiet): the webhook
	// answers them 200 at once, before they queue behind the chat's
	// turns, and counts them in Stats.Shed.
	Quiet  func(chat int64) bool
	Logger *slog.Logger // default slog.Default()
	// HTTPClient talks to the Bot API; default a client with a pool sized
	// for the workers. Its timeout must exceed PollTimeout.
	HTTPClient *http.Client
}

func (c *Config) setDefaults() {
	if c.APIURL == "" {
		c.APIURL = "https://api.telegram.org"
	}
	if c.WebhookListen == "" {
		c.WebhookListen = ":8080"
	}
	if c.Workers <= 0 {
		c.Workers = 64
	}
	if c.ChatInFlight <= 0 {
		c.ChatInFlight = 3
	}
	if c.MessagesPerSecond <= 0 {
		c.MessagesPerSecond = 30
	}
	if c.ChatMessagesPerSecond <= 0 {
		c.ChatMessagesPerSecond = 1
	}
	if c.ChatBurst <= 0 {
		c.ChatBurst = 3
	}
	if c.TypingAfter <= 0 {
		c.TypingAfter = 300 * time.Millisecond
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.PollTimeout <= 0 {
		c.PollTimeout = 50 * time.Second
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = 200 * time.Millisecond
	}
	if len(c.Menus) == 0 {
		if r, err := locales.LoadRegistry(locales.FS()); err == nil { // the embedded registry, which locales' tests load
			c.Menus = MenusOf(r)
		}
	}
}
