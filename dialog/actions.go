package dialog

import "github.com/lotse-de/lotse/flows"

// Entries of the main flow the engine jumps to (flows.Question.Entry).
const (
	entryLanguage    = "language"
	entryPlace       = "place"
	entryConcern     = "concern"
	entryService     = "service"
	entrySuggestions = "suggestions"
	entryResults     = "results"
	entryAuthority   = "authority"
	entryForget      = "forget"
)

// Events the engine fires for input and actions.
const (
	eventFound         = "found"          // the place input named one place
	eventAmbiguous     = "ambiguous"      // the place input named several
	eventSearch        = "search"         // the search input
	eventThenAuthority = "then_authority" // the place is known now, and the authority was asked for before
	eventNeedsPlace    = "needs_place"    // the authority was asked for, but the place is not known
)

// Inputs of questions (flows.Question.Input) and the events they fire.
const (
	inputPlace  = "place"
	inputSearch = "search"
)

// outcome is what an action did: let its event go on (the zero value),
// answer the input itself (replies), fire another event of the question
// instead, or find the input stale.
type outcome struct {
	replies []Reply
	instead string
	stale   bool
}

// actionFunc runs before the event of an answer, with the answer's id and
// the choice's argument (after the colon).
type actionFunc func(t *turn, event, arg string) outcome

type action struct {
	run  actionFunc
	spec flows.Action
}

// actions are the actions flows can name (flows.Answer.Action).
var actions = map[string]action{
	"language":  {run: (*turn).setLanguage},
	"forget":    {run: (*turn).forgetChat},
	"place":     {run: (*turn).setPlace, spec: flows.Action{Instead: []string{eventThenAuthority}}},
	"situation": {run: (*turn).setSituation},
	"guide":     {run: (*turn).enterGuided},
	"open":      {run: (*turn).openService},
	"section":   {run: (*turn).showSection},
	"authority": {run: (*turn).askAuthority, spec: flows.Action{Instead: []string{eventNeedsPlace}}},
	"venue":     {run: (*turn).showVenue},
	"contact":   {run: (*turn).showContact},
}

// Code returns what the engine knows of flows, for flows.Set.Lint.
func Code() flows.Code {
	c := flows.Code{
		Views:   map[string]flows.View{},
		Actions: map[string]flows.Action{},
		Inputs: map[string][]string{
			"":          nil,
			inputPlace:  {eventFound, eventAmbiguous},
			inputSearch: {eventSearch},
		},
		Entries: []string{entryLanguage, entryPlace, entryConcern, entryService, entrySuggestions, entryResults, entryAuthority, entryForget},
	}
	for name, v := range views {
		c.Views[name] = v.spec
	}
	for name, a := range actions {
		c.Actions[name] = a.spec
	}
	return c
}

// setLanguage sets the language whose code is the choice's argument;
// with the place known, it goes on to the concern.
func (t *turn) setLanguage(_, lang string) outcome {
	if _, ok := t.e.cfg.Messages.Registry().Get(lang); !ok {
		return outcome{stale: true}
	}
	t.s.Lang = lang
	if t.s.Place != "" {
		t.s.State = ""
		return outcome{replies: t.enter(entryConcern)}
	}
	return outcome{}
}

// forgetChat deletes the chat's data at the end of the turn.
func (t *turn) forgetChat(_, _ string) outcome {
	t.forget = true
	return outcome{replies: []Reply{t.note("main.forget.done", nil)}}
}

// setPlace sets the place of the ARS in arg and goes on to the authority
// when that was asked for before the place was known.
func (t *turn) setPlace(_, ars string) outcome {
	if _, ok := t.e.cfg.Places.ByARS(ars); !ok {
		return outcome{stale: true}
	}
	t.s.Place = ars
	delete(t.s.Answers, keyPlaces)
	if t.then() {
		return outcome{instead: eventThenAuthority}
	}
	return outcome{}
}

// then reports whether the user asked for the authority before the place
// was known, and forgets that wish.
func (t *turn) then() bool {
	if t.s.Answers[keyThen] != "authority" || t.s.Service == "" {
		return false
	}
	delete(t.s.Answers, keyThen)
	return true
}

// setSituation remembers the life situation in arg.
func (t *turn) setSituation(_, id string) outcome {
	sit, ok := t.e.cfg.Catalog.Situation(id)
	if !ok {
		return outcome{stale: true}
	}
	t.setAnswer(keySituation, sit.ID)
	return outcome{}
}

// enterGuided starts the guided flow of the life situation in arg.
func (t *turn) enterGuided(_, id string) outcome {
	sit, ok := t.e.cfg.Catalog.Situation(id)
	if !ok {
		return outcome{stale: true}
	}
	f, ok := t.e.cfg.Flows.Flow(sit.Flow)
	if !ok {
		return outcome{stale: true}
	}
	t.setAnswer(keySituation, sit.ID)
	return outcome{replies: t.jump(f.ID, f.Start)}
}

// openService opens the service in arg.
func (t *turn) openService(_, id string) outcome {
	if _, ok := t.e.cfg.Catalog.Service(id); !ok {
		return outcome{stale: true}
	}
	t.s.Service = id
	return outcome{}
}

// showSection shows the section in arg of the current service.
func (t *turn) showSection(_, name string) outcome {
	return outcome{replies: t.section(name)}
}

// askAuthority asks for the place first when it is not known.
func (t *turn) askAuthority(_, _ string) outcome {
	if t.s.Place == "" {
		t.setAnswer(keyThen, "authority")
		return outcome{instead: eventNeedsPlace}
	}
	return outcome{}
}
