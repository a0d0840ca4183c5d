package dialog

import (
	"github.com/lotse-de/lotse/authorities/card"
)

// authority shows the authority competent for the current service at the
// user's place, as the card package renders it: the directory records with
// contacts, hours and "open now", or the body derived from the rules with
// the honest note that Lotse has no contact details for it and where to
// find them.
func (t *turn) authority() []Reply {
	svc, ok := t.e.cfg.Catalog.Service(t.s.Service)
	if !ok {
		return t.enter(entryConcern)
	}
	p, ok := t.e.cfg.Places.ByARS(t.s.Place)
	if !ok {
		return t.enter(entryPlace)
	}
	lang := t.s.Lang
	c := card.Render(t.e.cfg.Messages, card.Input{
		Competence: t.e.cfg.Authorities.Competent(svc, p),
		Service:    svc.Name.In(lang),
		Place:      p.Name,
		Lang:       lang,
		Now:        t.e.cfg.Now(),
		Date:       t.date,
	})
	r := Reply{Menu: t.menu(), Choices: []Choice{
		{Event: "service", Label: t.t("main.authority.back", map[string]any{"Service": svc.Name.In(lang)})},
		t.otherChoice(),
	}}
	for _, b := range c.Blocks {
		r.Blocks = append(r.Blocks, Block{Title: b.Title, Text: b.Text, Items: b.Items})
	}
	if v := c.Venue; v != nil {
		r.Venue = &Venue{Lat: v.Lat, Lon: v.Lon, Title: v.Title, Address: v.Address}
	}
	if c.Phone != "" {
		r.Contact = &Contact{Phone: c.Phone, Name: c.Name}
	}
	return []Reply{r}
}
