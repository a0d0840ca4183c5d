package dialog

import (
	"strings"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/flows"
	"github.com/lotse-de/lotse/locales"
)

// Limits of the lists the engine shows.
const (
	maxResults    = 6
	maxCandidates = 10
)

// menu identifies the question the session is at, for Reply.Menu.
func (t *turn) menu() string { return t.s.Flow + "." + t.s.State }

// Views of questions (flows.Question.View).
const (
	viewChoices     = "" // the question's text and its answers
	viewPlace       = "place"
	viewCandidates  = "candidates"
	viewSituations  = "situations"
	viewSituation   = "situation"
	viewResults     = "results"
	viewSuggestions = "suggestions"
	viewService     = "service"
	viewAuthority   = "authority"
	viewLanguages   = "languages"
)

// viewFunc renders question q, the one the session is at.
type viewFunc func(t *turn, q *flows.Question) []Reply

type view struct {
	render viewFunc
	spec   flows.View // the choices it offers, for lint
}

// views are the renderers flows can name.
var views = map[string]view{
	viewChoices:     {(*turn).choicesView, flows.View{Answers: true}},
	viewPlace:       {(*turn).placeView, flows.View{}},
	viewCandidates:  {(*turn).candidatesView, flows.View{Events: []string{"pick", "other"}}},
	viewSituations:  {(*turn).situationsView, flows.View{Events: []string{"situation", "guide"}}},
	viewSituation:   {(*turn).situationView, flows.View{Events: []string{"open", "other"}}},
	viewResults:     {(*turn).resultsView, flows.View{Events: []string{"open", "other", "situation", "guide"}}},
	viewSuggestions: {(*turn).suggestions, flows.View{Events: []string{"open", "other"}}},
	viewService:     {(*turn).service, flows.View{Events: []string{"section", "authority", "other"}}},
	viewAuthority:   {func(t *turn, _ *flows.Question) []Reply { return t.authority() }, flows.View{Events: []string{"map", "contact", "service", "other"}}},
	viewLanguages:   {(*turn).languagesView, flows.View{Events: []string{"choose"}}},
}

// render shows the question the session is at with its view.
func (t *turn) render() []Reply {
	m, ok := t.e.machines[t.s.Flow]
	if !ok {
		return nil
	}
	q, ok := m.flow.Questions[t.s.State]
	if !ok {
		return nil
	}
	return m.views[t.s.State](t, q)
}

// choicesView shows the question's text and its answers.
func (t *turn) choicesView(q *flows.Question) []Reply {
	f, _ := t.e.cfg.Flows.Flow(t.s.Flow)
	r := Reply{Menu: t.menu(), Blocks: []Block{{Text: t.t(q.Text, nil)}}}
	for _, a := range q.Answers {
		r.Choices = append(r.Choices, Choice{Event: a.ID, Label: t.t(f.Label(t.s.State, a), nil)})
	}
	return []Reply{r}
}

// placeView asks where the user lives, with a button to share the
// location.
func (t *turn) placeView(q *flows.Question) []Reply {
	return []Reply{{Menu: t.menu(), Blocks: []Block{{Text: t.t(q.Text, nil)}}, RequestLocation: true}}
}

// candidatesView offers the places that fit the query the user typed.
func (t *turn) candidatesView(q *flows.Question) []Reply {
	if t.s.Answers[keyPlaces] == "" {
		// the candidates are forgotten once a place is chosen: /back
		// asks for the place again
		return t.enter(entryPlace)
	}
	r := Reply{Menu: t.menu(), RequestLocation: true}
	r.Blocks = []Block{t.echo(q.Text)}
	for _, ars := range strings.Fields(t.s.Answers[keyPlaces]) {
		if ars == "+" {
			r.Blocks = append(r.Blocks, Block{Text: t.t("main.place.more", nil)})
			break
		}
		p, ok := t.e.cfg.Places.ByARS(ars)
		if !ok {
			continue
		}
		id := "main.place.candidate"
		if p.District == p.Name || strings.HasPrefix(p.Name, p.District) {
			id = "main.place.candidate_land"
		}
		label := t.t(id, map[string]any{"Name": p.Name, "District": p.District, "Land": p.Land})
		r.Choices = append(r.Choices, Choice{Event: "pick:" + p.ARS, Label: label})
	}
	r.Choices = append(r.Choices, Choice{Event: "other", Label: t.t("main.place.other", nil)})
	return []Reply{r}
}

// languagesView offers one choice per language of the registry, each
// named in its own language.
func (t *turn) languagesView(q *flows.Question) []Reply {
	r := Reply{Menu: t.menu(), Blocks: []Block{{Text: t.t(q.Text, nil)}}}
	for _, l := range t.e.cfg.Messages.Registry().Languages() {
		r.Choices = append(r.Choices, Choice{Event: "choose:" + l.Code, Label: l.Name})
	}
	return []Reply{r}
}

// situationsView asks for the concern and offers the life situations.
func (t *turn) situationsView(q *flows.Question) []Reply {
	return []Reply{{
		Menu:    t.menu(),
		Blocks:  []Block{{Text: t.t(q.Text, map[string]any{"Place": t.placeName()})}},
		Choices: t.situationChoices(),
	}}
}

// situationView shows the chosen life situation and its services.
func (t *turn) situationView(q *flows.Question) []Reply {
	sit, ok := t.e.cfg.Catalog.Situation(t.s.Answers[keySituation])
	if !ok {
		return t.enter(entryConcern)
	}
	r := Reply{Menu: t.menu()}
	r.Blocks = []Block{{Title: sit.Name.In(t.s.Lang), Text: sit.Summary.In(t.s.Lang)}, {Text: t.t(q.Text, nil)}}
	for _, svc := range t.e.cfg.Catalog.InSituation(sit.ID) {
		r.Choices = append(r.Choices, t.openChoice(svc))
	}
	r.Choices = append(r.Choices, t.otherChoice())
	return []Reply{r}
}

// resultsView shows what search found for the last query, help in danger
// first, or the life situations when it found nothing.
func (t *turn) resultsView(q *flows.Question) []Reply {
	r := Reply{Menu: t.menu()}
	hits := t.hits()
	if len(hits) == 0 {
		r.Blocks = []Block{t.echo("main.results.none")}
		r.Choices = t.situationChoices()
		return []Reply{r}
	}
	r.Blocks = append(t.emergencyBlocks(hits), t.echo(q.Text))
	for _, svc := range hits {
		r.Choices = append(r.Choices, t.openChoice(svc))
	}
	r.Choices = append(r.Choices, t.otherChoice())
	return []Reply{r}
}

// emergencyBlocks returns the help in danger that leads hits (services
// with emergency phrases, which search puts first) as blocks to show before
// the list, so the numbers are read without a tap.
func (t *turn) emergencyBlocks(hits []*catalog.Service) []Block {
	var blocks []Block
	for _, svc := range hits {
		if len(svc.Emergency) == 0 {
			break
		}
		blocks = append(blocks, Block{Title: svc.Name.In(t.s.Lang), Text: t.content(svc.Summary)})
	}
	return blocks
}

func (t *turn) placeName() string {
	if p, ok := t.e.cfg.Places.ByARS(t.s.Place); ok {
		return p.Name
	}
	return ""
}

func (t *turn) situationChoices() []Choice {
	var choices []Choice
	for _, sit := range t.e.cfg.Catalog.Situations() {
		event := "situation:" + sit.ID
		if sit.Flow != "" {
			event = "guide:" + sit.ID
		}
		choices = append(choices, Choice{Event: event, Label: sit.Name.In(t.s.Lang)})
	}
	return choices
}

func (t *turn) openChoice(svc *catalog.Service) Choice {
	return Choice{Event: "open:" + svc.ID, Label: svc.Name.In(t.s.Lang)}
}

func (t *turn) otherChoice() Choice {
	return Choice{Event: "other", Label: t.t("main.nav.other", nil)}
}

// suggestions shows the services that the answer of a guided flow
// suggested, each with its reason.
func (t *turn) suggestions(q *flows.Question) []Reply {
	flowID, rest, _ := strings.Cut(t.s.Answers[keySuggest], ".")
	question, answerID, _ := strings.Cut(rest, ".")
	f, ok := t.e.cfg.Flows.Flow(flowID)
	if !ok {
		return t.enter(entryConcern)
	}
	a, ok := f.Answer(question, answerID)
	if !ok {
		return t.enter(entryConcern)
	}
	r := Reply{Menu: t.menu()}
	b := Block{Text: t.t(q.Text, nil)}
	for _, sug := range a.Suggest {
		svc, ok := t.e.cfg.Catalog.Service(sug.Service)
		if !ok {
			continue
		}
		b.Items = append(b.Items, t.t("main.suggestions.item", map[string]any{"Service": svc.Name.In(t.s.Lang), "Because": t.t(sug.Because, nil)}))
		r.Choices = append(r.Choices, t.openChoice(svc))
	}
	r.Blocks = []Block{b, {Text: t.t("main.suggestions.hint", nil)}}
	r.Choices = append(r.Choices, t.otherChoice())
	return []Reply{r}
}

// Sections of a service page, in the order they are offered.
var sections = []string{"prerequisites", "documents", "costs", "deadlines", "procedure", "forms", "sources"}

// checked says when the facts of svc were checked and, in a translation,
// that the German text is binding.
func (t *turn) checked(svc *catalog.Service) string {
	s := t.t("main.service.checked", map[string]any{"Date": t.date(svc.Checked)})
	if t.s.Lang != catalog.SourceLang {
		s += " " + t.t("main.service.binding", nil)
	}
	return s
}

// service shows a service's summary and offers its sections.
func (t *turn) service(q *flows.Question) []Reply {
	svc, ok := t.e.cfg.Catalog.Service(t.s.Service)
	if !ok {
		return t.enter(entryConcern)
	}
	lang := t.s.Lang
	r := Reply{Menu: t.menu(), Choices: t.serviceChoices()}
	r.Blocks = []Block{
		{Title: svc.Name.In(lang), Text: t.content(svc.Summary)},
		{Text: t.content(svc.Description)},
		{Text: t.checked(svc) + " " + t.t(q.Text, nil)},
	}
	return []Reply{r}
}

func (t *turn) serviceChoices() []Choice {
	var choices []Choice
	for _, s := range sections {
		choices = append(choices, Choice{Event: "section:" + s, Label: t.t("main.section."+s, nil)})
	}
	return append(choices,
		Choice{Event: "authority", Label: t.t("main.service.authority", nil)},
		t.otherChoice())
}

// section shows one section of the current service.
func (t *turn) section(name string) []Reply {
	svc, ok := t.e.cfg.Catalog.Service(t.s.Service)
	if !ok {
		return t.stale()
	}
	lang := t.s.Lang
	title := t.t("main.section.title", map[string]any{"Section": t.t("main.section."+name, nil), "Service": svc.Name.In(lang)})
	var blocks []Block
	switch name {
	case "prerequisites":
		blocks = []Block{{Title: title, Items: t.contentList(svc.Prerequisites)}}
	case "documents":
		blocks = []Block{{Title: title, Items: t.contentList(svc.Documents)}}
	case "costs":
		blocks = []Block{{Title: title, Text: t.content(svc.Costs)}}
	case "deadlines":
		blocks = []Block{
			{Title: title, Text: t.t("main.service.deadline", map[string]any{"Text": t.content(svc.Deadline)})},
			{Text: t.t("main.service.processing_time", map[string]any{"Text": t.content(svc.ProcessingTime)})},
		}
	case "procedure":
		blocks = []Block{{Title: title, Items: t.contentList(svc.Procedure)}}
	case "forms":
		blocks = []Block{{Title: title, Items: []string{
			t.flag("main.forms.available", svc.Forms.Available),
			t.flag("main.forms.written", svc.Forms.WrittenFormRequired),
			t.flag("main.forms.informal", svc.Forms.Informal),
			t.flag("main.forms.personal", svc.Forms.PersonalAppearance),
		}}}
		if svc.Online != nil {
			blocks = append(blocks, Block{Text: t.t("main.forms.online", map[string]any{"Name": svc.Online.Name.In(lang), "URL": svc.Online.URL})})
		} else {
			blocks = append(blocks, Block{Text: t.t("main.forms.no_online", nil)})
		}
	case "sources":
		b := Block{Title: title}
		if len(svc.LegalBasis) > 0 {
			b.Text = t.t("main.service.legal_basis", map[string]any{"Laws": strings.Join(svc.LegalBasis, "; ")})
		}
		for _, src := range svc.Sources {
			item := src.Title
			if src.URL != "" {
				item = t.t("main.service.source", map[string]any{"Title": src.Title, "URL": src.URL})
			}
			b.Items = append(b.Items, item)
		}
		blocks = []Block{b, {Text: t.t("main.service.checked", map[string]any{"Date": t.date(svc.Checked)}) + " " + t.t("main.service.no_advice", nil)}}
	default:
		return t.stale()
	}
	return []Reply{{Blocks: blocks, Choices: t.serviceChoices(), Menu: t.menu()}}
}

func (t *turn) flag(id string, v *bool) string {
	answer := "main.forms.unknown"
	if v != nil && *v {
		answer = "main.forms.yes"
	} else if v != nil {
		answer = "main.forms.no"
	}
	return t.t(id, map[string]any{"Answer": t.t(answer, nil)})
}

func (t *turn) date(d catalog.Date) string { return t.lang().FormatDate(d.Time) }

// lang returns the session's language.
func (t *turn) lang() locales.Language { return t.e.cfg.Messages.Registry().Lang(t.s.Lang) }
