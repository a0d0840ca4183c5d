package dialog

import (
	"strings"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/flows"
)

// Limits of the lists the engine shows.
const (
	maxResults    = 6
	maxCandidates = 10
)

// menu identifies the question the session is at, for Reply.Menu.
func (t *turn) menu() string { return t.s.Flow + "." + t.s.State }

// render shows the question the session is at.
func (t *turn) render() []Reply {
	f, ok := t.e.cfg.Flows.Flow(t.s.Flow)
	if !ok {
		return nil
	}
	q, ok := f.Questions[t.s.State]
	if !ok {
		return nil
	}
	r := Reply{Menu: t.menu()}
	if t.s.Flow != flows.Main {
		r.Blocks = []Block{{Text: t.t(q.Text, nil)}}
		for _, a := range q.Answers {
			r.Choices = append(r.Choices, Choice{Event: a.ID, Label: t.t(f.Label(t.s.State, a), nil)})
		}
		return []Reply{r}
	}
	switch t.s.State {
	case "place":
		r.Blocks = []Block{{Text: t.t(q.Text, nil)}}
		r.RequestLocation = true
	case "place_pick":
		if t.s.Answers[keyPlaces] == "" {
			// the candidates are forgotten once a place is chosen: /back
			// asks for the place again
			t.s.State = "place"
			return t.render()
		}
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
			label := p.Name + " (" + p.District + ", " + p.Land + ")"
			if p.District == p.Name || strings.HasPrefix(p.Name, p.District) {
				label = p.Name + " (" + p.Land + ")"
			}
			r.Choices = append(r.Choices, Choice{Event: "pick:" + p.ARS, Label: label})
		}
		r.Choices = append(r.Choices, Choice{Event: "other", Label: t.t("main.place.other", nil)})
		r.RequestLocation = true
	case "concern":
		r.Blocks = []Block{{Text: t.t(q.Text, map[string]any{"Place": t.placeName()})}}
		r.Choices = t.situationChoices()
	case "situation":
		sit, ok := t.e.cfg.Catalog.Situation(t.s.Answers[keySituation])
		if !ok {
			return t.jump(flows.Main, "concern")
		}
		r.Blocks = []Block{{Title: sit.Name.In(t.s.Lang), Text: sit.Summary.In(t.s.Lang)}, {Text: t.t(q.Text, nil)}}
		for _, svc := range t.e.cfg.Catalog.InSituation(sit.ID) {
			r.Choices = append(r.Choices, t.openChoice(svc))
		}
		r.Choices = append(r.Choices, t.otherChoice())
	case "results":
		hits := t.hits()
		if len(hits) == 0 {
			r.Blocks = []Block{t.echo("main.results.none")}
			r.Choices = t.situationChoices()
			break
		}
		r.Blocks = append(t.emergencyBlocks(hits), t.echo(q.Text))
		for _, svc := range hits {
			r.Choices = append(r.Choices, t.openChoice(svc))
		}
		r.Choices = append(r.Choices, t.otherChoice())
	case "suggestions":
		return t.suggestions(q)
	case "service":
		return t.service(q)
	case "authority":
		return t.authority()
	default: // language, forget: questions with answers
		r.Blocks = []Block{{Text: t.t(q.Text, nil)}}
		for _, a := range q.Answers {
			r.Choices = append(r.Choices, Choice{Event: a.ID, Label: t.t(f.Label(t.s.State, a), nil)})
		}
	}
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
		return t.jump(flows.Main, "concern")
	}
	a, ok := f.Answer(question, answerID)
	if !ok {
		return t.jump(flows.Main, "concern")
	}
	r := Reply{Menu: t.menu()}
	b := Block{Text: t.t(q.Text, nil)}
	for _, sug := range a.Suggest {
		svc, ok := t.e.cfg.Catalog.Service(sug.Service)
		if !ok {
			continue
		}
		b.Items = append(b.Items, svc.Name.In(t.s.Lang)+": "+t.t(sug.Because, nil))
		r.Choices = append(r.Choices, t.openChoice(svc))
	}
	r.Blocks = []Block{b, {Text: t.t("main.suggestions.hint", nil)}}
	r.Choices = append(r.Choices, t.otherChoice())
	return []Reply{r}
}

// Sections of a service page, in the order they are offered.
var sections = []string{"prerequisites", "documents", "costs", "deadlines", "procedure", "forms", "sources"}

// service shows a service's summary and offers its sections.
func (t *turn) service(q *flows.Question) []Reply {
	svc, ok := t.e.cfg.Catalog.Service(t.s.Service)
	if !ok {
		return t.jump(flows.Main, "concern")
	}
	lang := t.s.Lang
	r := Reply{Menu: t.menu(), Choices: t.serviceChoices()}
	r.Blocks = []Block{
		{Title: svc.Name.In(lang), Text: t.content(svc.Summary)},
		{Text: t.content(svc.Description)},
		{Text: t.t("main.service.checked", map[string]any{"Date": t.date(svc.Checked)}) + " " + t.t(q.Text, nil)},
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
	if !ok || t.s.State != "service" {
		return t.stale()
	}
	lang := t.s.Lang
	title := t.t("main.section."+name, nil) + " – " + svc.Name.In(lang)
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
			{Title: title, Text: t.t("main.service.deadline", nil) + " " + t.content(svc.Deadline)},
			{Text: t.t("main.service.processing_time", nil) + " " + t.content(svc.ProcessingTime)},
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
			b.Text = t.t("main.service.legal_basis", nil) + " " + strings.Join(svc.LegalBasis, "; ")
		}
		for _, src := range svc.Sources {
			item := src.Title
			if src.URL != "" {
				item += " – " + src.URL
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
	return t.t(id, nil) + " " + t.t(answer, nil)
}

func (t *turn) date(d catalog.Date) string { return formatDate(d, t.s.Lang) }
