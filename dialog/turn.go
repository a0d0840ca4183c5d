package dialog

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/flows"
	"github.com/lotse-de/lotse/places"
)

// Session answer keys the main flow uses.
const (
	keyPlaces    = "pc"   // the places that matched the user's words: official keys, "+" when there were more
	keyHits      = "h"    // the services that the last search found: their ids
	keySituation = "sit"  // the chosen life situation
	keySuggest   = "s"    // the answer of a guided flow that suggested services: flow.question.answer
	keyThen      = "then" // what to show once the place is known
)

// turn is one input applied to one session.
type turn struct {
	e      *Engine
	ctx    context.Context
	s      *Session
	in     Input
	forget bool // delete the chat's data instead of saving the session
	// words are the user's words of this turn that its replies show back
	// ("nothing found for …"). They are never saved: the session keeps
	// what they found, and a reply shown again later does not repeat them.
	words string

	out     []Reply // what the callbacks of the event fired last answered
	instead string  // the event an action fires instead of its own
}

func (t *turn) t(id string, data map[string]any) string {
	return t.e.cfg.Messages.T(t.s.Lang, id, data)
}

// content and contentList give a catalog text or list in the session's
// language, with its dated values as valid today.
func (t *turn) content(x catalog.Text) string { return t.expand(x.In(t.s.Lang)) }

func (t *turn) contentList(x catalog.List) []string {
	items := x.In(t.s.Lang)
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = t.expand(item)
	}
	return out
}

func (t *turn) expand(text string) string {
	return t.e.cfg.Catalog.Expand(text, t.e.cfg.Now(), ValueWriter(t.e.cfg.Messages, t.s.Lang))
}

func (t *turn) note(id string, data map[string]any) Reply {
	return Reply{Blocks: []Block{{Text: t.t(id, data)}}}
}

// echo is the text of message id with the turn's words as its Query; its
// Redacted text leaves them out (see Block.Redacted).
func (t *turn) echo(id string) Block {
	plain := t.t(id, map[string]any{"Query": ""})
	if t.words == "" {
		return Block{Text: plain}
	}
	return Block{Text: t.t(id, map[string]any{"Query": t.words}), Redacted: plain}
}

func (t *turn) run() []Reply {
	t.dropSavedWords()
	if t.in.Kind == KindCommand {
		return t.command(strings.ToLower(t.in.Command), strings.TrimSpace(t.in.Text))
	}
	if t.s.State == "" {
		// A new chat that did not start with /start: greet it first.
		return t.start("")
	}
	switch t.in.Kind {
	case KindLocation:
		return t.location()
	case KindChoice:
		return t.choice(t.in.Choice, t.in.Menu)
	default:
		return t.text(t.in.Text)
	}
}

func (t *turn) command(cmd, arg string) []Reply {
	if t.s.State == "" && cmd != "start" && cmd != "language" {
		return t.start("")
	}
	switch cmd {
	case "start":
		return t.start(arg)
	case "help":
		return append([]Reply{t.note("main.help", nil)}, t.render()...)
	case "about":
		return append([]Reply{t.note("main.about", nil)}, t.render()...)
	case "language":
		return t.enter(entryLanguage)
	case "place":
		return t.enter(entryPlace)
	case "back":
		return t.back()
	case "restart":
		t.s.Service = ""
		t.s.Answers = nil
		t.s.Back = nil
		if t.s.Place == "" {
			return t.enter(entryPlace)
		}
		return t.enter(entryConcern)
	case "forget":
		return t.enter(entryForget)
	default:
		return append([]Reply{t.note("main.unknown_command", nil)}, t.render()...)
	}
}

// start greets and begins the conversation, or opens a service for a deep
// link "/start <service id>".
func (t *turn) start(arg string) []Reply {
	t.s.Flow, t.s.State, t.s.Back, t.s.Answers = flows.Main, "", nil, nil
	if svc, ok := t.e.cfg.Catalog.Service(arg); ok {
		t.s.Service = svc.ID
		return t.enter(entryService)
	}
	t.s.Service = ""
	welcome := t.note("main.welcome", nil)
	if t.s.Place == "" {
		return append([]Reply{welcome}, t.enter(entryPlace)...)
	}
	return append([]Reply{welcome}, t.enter(entryConcern)...)
}

// jump goes to a question directly, remembering where the user was.
func (t *turn) jump(flow, state string) []Reply {
	t.move(flow, state)
	return t.render()
}

// enter jumps to the main flow's question with the entry name.
func (t *turn) enter(entry string) []Reply {
	t.moveTo(entry)
	return t.render()
}

// moveTo moves to the main flow's question with the entry name.
func (t *turn) moveTo(entry string) {
	q, _ := t.e.main.Entry(entry) // NewEngine checked that it exists
	t.move(flows.Main, q)
}

// question returns the question the session is at.
func (t *turn) question() *flows.Question {
	if f, ok := t.e.cfg.Flows.Flow(t.s.Flow); ok {
		return f.Questions[t.s.State]
	}
	return nil
}

// transient reports whether /back skips the question the session is at.
func (t *turn) transient() bool {
	q := t.question()
	return q != nil && q.Transient
}

// move sets the session to a question and pushes the previous one on the
// back-stack, unless that one is transient.
func (t *turn) move(flow, state string) {
	if t.s.State != "" && (t.s.Flow != flow || t.s.State != state) && !t.transient() {
		t.s.Back = append(t.s.Back, Step{Flow: t.s.Flow, State: t.s.State})
		if len(t.s.Back) > MaxBack {
			t.s.Back = t.s.Back[len(t.s.Back)-MaxBack:]
		}
	}
	t.s.Flow, t.s.State = flow, state
}

func (t *turn) back() []Reply {
	if len(t.s.Back) == 0 {
		return append([]Reply{t.note("main.back.none", nil)}, t.render()...)
	}
	prev := t.s.Back[len(t.s.Back)-1]
	t.s.Back = t.s.Back[:len(t.s.Back)-1]
	t.s.Flow, t.s.State = prev.Flow, prev.State
	return t.render()
}

// stale answers a choice that does not fit the current question.
func (t *turn) stale() []Reply {
	return append([]Reply{t.note("main.stale", nil)}, t.render()...)
}

func (t *turn) choice(choice, menu string) []Reply {
	if menu != "" && menu != t.menu() {
		return t.stale()
	}
	event, arg, _ := strings.Cut(choice, ":")
	f, _ := t.e.cfg.Flows.Flow(t.s.Flow)
	if _, ok := f.Answer(t.s.State, event); !ok {
		return t.stale()
	}
	return t.fire(event, arg)
}

func (t *turn) setAnswer(key, value string) {
	if t.s.Answers == nil {
		t.s.Answers = map[string]string{}
	}
	t.s.Answers[key] = value
}

func (t *turn) text(text string) []Reply {
	text = strings.TrimSpace(text)
	if !hasLetterOrDigit(text) {
		return append([]Reply{t.note("main.empty", nil)}, t.render()...)
	}
	if utf8.RuneCountInString(text) > MaxText {
		return append([]Reply{t.note("main.too_long", map[string]any{"Max": MaxText})}, t.render()...)
	}
	// A few words say what a search or place needs.
	text = clip(text, maxQuery)
	if c, ok := t.matchChoice(text); ok {
		return t.choice(c.Event, "")
	}
	input := t.question().Input
	if input != inputSearch && t.emergency(text) {
		// help in danger comes before any other question
		t.search(text)
		return t.enter(entryResults)
	}
	switch input {
	case inputPlace:
		return t.place(text)
	case inputSearch:
		t.search(text)
		return t.fire(eventSearch, "")
	default:
		return append([]Reply{t.note("main.choose", nil)}, t.render()...)
	}
}

// search looks text up and keeps the ids of the services found (those the
// results show), not the words.
func (t *turn) search(text string) {
	t.words = text
	var ids []string
	for i, svc := range t.e.cfg.Search(text, t.s.Lang) {
		if i == maxResults {
			break
		}
		ids = append(ids, svc.ID)
	}
	t.keep(keyHits, ids)
}

// hits are the services of the last search.
func (t *turn) hits() []*catalog.Service {
	var out []*catalog.Service
	for _, id := range strings.Fields(t.s.Answers[keyHits]) {
		if svc, ok := t.e.cfg.Catalog.Service(id); ok {
			out = append(out, svc)
		}
	}
	return out
}

// keep sets the answer key to the items of list joined by spaces, or
// removes it when list is empty.
func (t *turn) keep(key string, list []string) {
	if len(list) == 0 {
		delete(t.s.Answers, key)
		return
	}
	t.setAnswer(key, strings.Join(list, " "))
}

// emergency reports whether search puts help in danger first for text.
func (t *turn) emergency(text string) bool {
	return len(t.emergencyBlocks(t.e.cfg.Search(text, t.s.Lang))) > 0
}

// matchChoice finds the choice of the current question whose label the
// user typed.
func (t *turn) matchChoice(text string) (Choice, bool) {
	for _, r := range t.render() {
		for _, c := range r.Choices {
			if strings.EqualFold(strings.TrimSpace(c.Label), text) {
				return c, true
			}
		}
	}
	return Choice{}, false
}

func (t *turn) place(query string) []Reply {
	candidates := t.e.cfg.Places.Resolve(query)
	t.words = query
	switch len(candidates) {
	case 0:
		return append([]Reply{{Blocks: []Block{t.echo("main.place.unknown")}}}, t.render()...)
	case 1:
		return t.placeFound(candidates[0])
	default:
		t.keepPlaces(candidates)
		return t.fire(eventAmbiguous, "")
	}
}

// placeFound sets the place the user named and goes on (see setPlace).
func (t *turn) placeFound(p places.Place) []Reply { return t.fire(eventFound, p.ARS) }

func (t *turn) location() []Reply {
	p, ok := t.e.cfg.Places.Locate(t.in.Lat, t.in.Lon)
	if !ok {
		return append([]Reply{t.note("main.place.outside", nil)}, t.render()...)
	}
	q := t.question()
	switch {
	case t.s.Flow == flows.Main && q.Input == inputPlace:
		return t.placeFound(p)
	case t.s.Service != "" && t.s.Flow == flows.Main && (q.View == viewService || q.View == viewAuthority):
		t.s.Place = p.ARS
		return t.enter(entryAuthority)
	default:
		t.s.Place = p.ARS
		return append([]Reply{t.note("main.place.set", map[string]any{"Place": p.Name})}, t.render()...)
	}
}

// dropSavedWords turns the user's words that sessions saved before
// 2026-12-07 kept ("q": the last search, "pq": a place with several
// matches) into what they found. Such sessions expire by 2026-12-21
// (DefaultTTL); then this can go.
func (t *turn) dropSavedWords() {
	if q, ok := t.s.Answers["q"]; ok {
		delete(t.s.Answers, "q")
		t.search(q)
		t.words = ""
	}
	if pq, ok := t.s.Answers["pq"]; ok {
		delete(t.s.Answers, "pq")
		t.keepPlaces(t.e.cfg.Places.Resolve(pq))
	}
}

// keepPlaces keeps the official keys of the first candidates for a place,
// and "+" when there are more.
func (t *turn) keepPlaces(candidates []places.Place) {
	var keys []string
	for i, p := range candidates {
		if i == maxCandidates {
			keys = append(keys, "+")
			break
		}
		keys = append(keys, p.ARS)
	}
	t.keep(keyPlaces, keys)
}

// maxQuery is the most characters of a query that are looked up.
const maxQuery = 100

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
