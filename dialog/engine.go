package dialog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/flows"
	"github.com/lotse-de/lotse/locales"
	"github.com/lotse-de/lotse/places"
)

// Catalog is what the engine reads of the service catalog.
type Catalog interface {
	Service(id string) (*catalog.Service, bool)
	Situations() []catalog.Situation
	Situation(id string) (*catalog.Situation, bool)
	InSituation(id string) []*catalog.Service
	// Expand writes the dated values ({{id}}) in a service text as valid
	// on day (see catalog.Value).
	Expand(text string, day time.Time, write func(p catalog.Period, ranOut bool) string) string
}

// Places resolves where a user lives.
type Places interface {
	Resolve(query string) []places.Place
	Locate(lat, lon float64) (places.Place, bool)
	ByARS(ars string) (places.Place, bool)
}

// Authorities tells who is competent for a service at a place.
type Authorities interface {
	Competent(svc *catalog.Service, p places.Place) authorities.Competence
}

// Messages translates message ids of the user interface.
type Messages interface {
	T(lang, id string, data map[string]any) string
	// Count returns the plural form of id for count ("1 Parkplatz",
	// "2 Parkplätze").
	Count(lang, id string, count int) string
	// Registry returns the languages the messages are in.
	Registry() *locales.Registry
}

// SearchFunc returns the services that fit a free-text query, best first.
type SearchFunc func(query, lang string) []*catalog.Service

// Config is what an Engine is built from. Store, Flows, Catalog, Places,
// Authorities, Search and Messages are required.
type Config struct {
	Store       Store
	Flows       *flows.Set
	Catalog     Catalog
	Places      Places
	Authorities Authorities
	Search      SearchFunc
	Messages    Messages
	Lang        func(hint string) string // matches a channel's language hint to a language code; default Messages.Registry().Match
	Now         func() time.Time         // default time.Now
	Log         *slog.Logger             // default slog.Default()
}

// Engine runs conversations. It is safe for concurrent use; turns of one
// chat that race are serialized by the store's compare-and-set.
type Engine struct {
	cfg      Config
	main     *flows.Flow
	machines map[string]*machine // by flow id
}

// MaxText is the longest text, in characters, that the engine reads.
const MaxText = 500

// maxAttempts is how often a turn is retried after a version conflict.
const maxAttempts = 8

// NewEngine returns an Engine, or an error naming a missing part.
func NewEngine(cfg Config) (*Engine, error) {
	switch {
	case cfg.Store == nil:
		return nil, errors.New("dialog: no store")
	case cfg.Flows == nil:
		return nil, errors.New("dialog: no flows")
	case cfg.Catalog == nil:
		return nil, errors.New("dialog: no catalog")
	case cfg.Places == nil:
		return nil, errors.New("dialog: no places")
	case cfg.Authorities == nil:
		return nil, errors.New("dialog: no authorities")
	case cfg.Search == nil:
		return nil, errors.New("dialog: no search")
	case cfg.Messages == nil:
		return nil, errors.New("dialog: no messages")
	}
	if cfg.Lang == nil {
		cfg.Lang = cfg.Messages.Registry().Match
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	main, ok := cfg.Flows.Flow(flows.Main)
	if !ok {
		return nil, errors.New("dialog: no main flow")
	}
	if problems := cfg.Flows.LintCode(Code()); len(problems) > 0 {
		return nil, fmt.Errorf("dialog: %s (and %d more problems)", problems[0], len(problems)-1)
	}
	e := &Engine{cfg: cfg, main: main, machines: map[string]*machine{}}
	for _, id := range cfg.Flows.IDs() {
		f, _ := cfg.Flows.Flow(id)
		m, err := newMachine(f)
		if err != nil {
			return nil, err
		}
		e.machines[id] = m
	}
	return e, nil
}

// Handle runs one turn: it loads the chat's session, applies the input and
// saves the session. A turn whose session changed meanwhile is run again
// on the new state. An update id already handled returns no replies; one
// older than the last handled but not handled itself (it arrived late) is
// handled. With in.Keep the replies are saved with the session in the
// chat's outbox and none are returned (see Input.Keep); replies that are
// not kept (an apology, the answer to /forget, whose Delete empties the
// outbox) are returned as usual.
//
// When the store fails, Handle returns an apology to send and the error to
// log; the session is then unchanged, so the input can be delivered again.
func (e *Engine) Handle(ctx context.Context, in Input) ([]Reply, error) {
	for range maxAttempts {
		s, err := e.load(ctx, in)
		if err != nil {
			return e.apology(in), err
		}
		if s.Handled(in.UpdateID) {
			return nil, nil
		}
		t := &turn{e: e, ctx: ctx, s: &s, in: in}
		replies := t.run()
		for i := range replies {
			replies[i].Lang = s.Lang
		}
		if t.forget {
			// Delete only on account of the current session: a store that
			// serves sessions from a cache learns on Save that another
			// replica has changed it. The turn left the session as it was
			// loaded, so if Delete then fails, the input can come again.
			if err := e.cfg.Store.Save(ctx, &s); errors.Is(err, ErrConflict) {
				continue
			} else if err != nil {
				return e.apology(in), fmt.Errorf("forget chat %d: %w", in.Chat, err)
			}
			if err := e.cfg.Store.Delete(ctx, in.Chat); err != nil {
				return e.apology(in), fmt.Errorf("forget chat %d: %w", in.Chat, err)
			}
			return replies, nil
		}
		s.MarkHandled(in.UpdateID)
		s.Updated = e.cfg.Now().UTC().Truncate(time.Second)
		keep := in.Keep && in.UpdateID != 0
		if keep {
			// Kept replies leave out the user's own words they show
			// back: the outbox may hold them for a day (Block.Redacted).
			s.Outgoing = &Outgoing{Update: in.UpdateID, Replies: Redact(replies)}
		}
		err = e.cfg.Store.Save(ctx, &s)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return e.apology(in), fmt.Errorf("save chat %d: %w", in.Chat, err)
		}
		if keep {
			return nil, nil
		}
		return replies, nil
	}
	return e.apology(in), fmt.Errorf("chat %d: %w %d times", in.Chat, ErrConflict, maxAttempts)
}

// load returns the chat's session, or a new one in the user's language.
func (e *Engine) load(ctx context.Context, in Input) (Session, error) {
	s, err := e.cfg.Store.Load(ctx, in.Chat)
	if errors.Is(err, ErrNotFound) {
		return Session{Chat: in.Chat, Lang: e.cfg.Lang(in.LangHint)}, nil
	}
	if err != nil {
		return Session{}, fmt.Errorf("load chat %d: %w", in.Chat, err)
	}
	if !e.valid(&s) {
		// A session from an older version of the flows: keep the language
		// and the place, start the conversation again.
		e.cfg.Log.WarnContext(ctx, "session state unknown, restarting", slog.String("flow", s.Flow), slog.String("state", s.State))
		s = Session{Chat: s.Chat, Version: s.Version, Lang: s.Lang, Place: s.Place, LastUpdate: s.LastUpdate, Recent: s.Recent}
	}
	return s, nil
}

// valid reports whether a stored session fits the current flows and data.
func (e *Engine) valid(s *Session) bool {
	if _, ok := e.cfg.Messages.Registry().Get(s.Lang); !ok {
		return false
	}
	if s.State != "" {
		f, ok := e.cfg.Flows.Flow(s.Flow)
		if !ok {
			return false
		}
		if _, ok := f.Questions[s.State]; !ok {
			return false
		}
	}
	if s.Place != "" {
		if _, ok := e.cfg.Places.ByARS(s.Place); !ok {
			return false
		}
	}
	if s.Service != "" {
		if _, ok := e.cfg.Catalog.Service(s.Service); !ok {
			return false
		}
	}
	return true
}

// apology is the reply when a turn failed for reasons of ours.
func (e *Engine) apology(in Input) []Reply {
	lang := e.cfg.Lang(in.LangHint)
	return []Reply{{Lang: lang, Blocks: []Block{{Text: e.cfg.Messages.T(lang, "error.internal", nil)}}}}
}

// Apology returns the apology for a failed turn in the language of hint,
// for adapters that fail before they reach the engine.
func (e *Engine) Apology(hint string) []Reply { return e.apology(Input{LangHint: hint}) }
