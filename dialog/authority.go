package dialog

import (
	"github.com/lotse-de/lotse/authorities/card"
)

// authority shows the authority competent for the current service at the
// user's place, as the card package renders it: the directory records with
// contacts, hours and "open now", or the body derived from the rules with
// the honest note that Lotse has no contact details for it and where to
// find them. The card is one message; its place on a map and its phone
// number as a contact come as messages of their own only when the user
// asks for them (see venue and contact).
func (t *turn) authority() []Reply {
	svc, ok := t.e.cfg.Catalog.Service(t.s.Service)
	if !ok {
		return t.enter(entryConcern)
	}
	c, ok := t.authorityCard()
	if !ok {
		return t.enter(entryPlace)
	}
	r := Reply{Menu: t.menu()}
	if c.Venue != nil {
		r.Choices = append(r.Choices, Choice{Event: "map", Label: t.t("main.authority.map", nil)})
	}
	if c.Phone != "" {
		r.Choices = append(r.Choices, Choice{Event: "contact", Label: t.t("main.authority.contact", nil)})
	}
	r.Choices = append(r.Choices,
		Choice{Event: "service", Label: t.t("main.authority.back", map[string]any{"Service": svc.Name.In(t.s.Lang)})},
		t.otherChoice())
	for _, b := range c.Blocks {
		r.Blocks = append(r.Blocks, Block{Title: b.Title, Text: b.Text, Items: b.Items})
	}
	return []Reply{r}
}

// authorityCard renders the card of the authority competent for the
// current service at the user's place; ok is false when the service or the
// place is not known.
func (t *turn) authorityCard() (c card.Card, ok bool) {
	svc, ok := t.e.cfg.Catalog.Service(t.s.Service)
	if !ok {
		return card.Card{}, false
	}
	p, ok := t.e.cfg.Places.ByARS(t.s.Place)
	if !ok {
		return card.Card{}, false
	}
	lang := t.s.Lang
	return card.Render(t.e.cfg.Messages, card.Input{
		Competence: t.e.cfg.Authorities.Competent(svc, p),
		Service:    svc.Name.In(lang),
		Place:      p.Name,
		Lang:       lang,
		Now:        t.e.cfg.Now(),
		Date:       t.date,
	}), true
}

// showVenue answers the card's map button with the authority's place on a
// map, as the one message of the turn.
func (t *turn) showVenue(_, _ string) outcome {
	c, ok := t.authorityCard()
	if !ok || c.Venue == nil {
		return outcome{stale: true}
	}
	v := c.Venue
	return outcome{replies: []Reply{{Venue: &Venue{Lat: v.Lat, Lon: v.Lon, Title: v.Title, Address: v.Address}}}}
}

// showContact answers the card's contact button with the authority's phone
// number as a contact, as the one message of the turn.
func (t *turn) showContact(_, _ string) outcome {
	c, ok := t.authorityCard()
	if !ok || c.Phone == "" {
		return outcome{stale: true}
	}
	return outcome{replies: []Reply{{Contact: &Contact{Phone: c.Phone, Name: c.Name}}}}
}
