package dialog

import (
	"strconv"
	"strings"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/flows"
)

// authority shows the authority competent for the current service at the
// user's place: a directory record with contacts, hours and "open now", or
// the body derived from the rules with the honest note that Lotse has no
// contact details for it.
func (t *turn) authority() []Reply {
	svc, ok := t.e.cfg.Catalog.Service(t.s.Service)
	if !ok {
		return t.jump(flows.Main, "concern")
	}
	p, ok := t.e.cfg.Places.ByARS(t.s.Place)
	if !ok {
		return t.jump(flows.Main, "place")
	}
	lang := t.s.Lang
	c := t.e.cfg.Authorities.Competent(svc, p)
	r := Reply{Menu: t.menu(), Choices: []Choice{
		{Event: "service", Label: t.t("main.authority.back", map[string]any{"Service": svc.Name.In(lang)})},
		t.otherChoice(),
	}}
	head := Block{Text: t.t("main.authority.intro", map[string]any{"Service": svc.Name.In(lang), "Place": p.Name})}
	if !c.Note.IsZero() {
		head.Items = append(head.Items, c.Note.In(lang))
	}
	if c.Record == nil {
		r.Blocks = []Block{head,
			{Title: c.Body.In(lang), Text: t.t("main.authority.derived", nil)},
			{Text: c.LookupHint.In(lang)},
		}
		return []Reply{r}
	}
	rec := c.Record
	name := rec.Name
	if rec.Department != "" {
		name += " – " + rec.Department
	}
	contact := Block{Title: name}
	add := func(id, value string) {
		if value != "" {
			contact.Items = append(contact.Items, t.t(id, nil)+" "+value)
		}
	}
	add("main.authority.visitor", t.address(rec.Visitor))
	add("main.authority.postal", t.address(rec.Postal))
	add("main.authority.phone", rec.Phone)
	add("main.authority.fax", rec.Fax)
	add("main.authority.email", rec.Email)
	add("main.authority.web", rec.Web)
	r.Blocks = []Block{head, contact}
	if hours := t.hours(rec); hours.Title != "" {
		r.Blocks = append(r.Blocks, hours)
	}
	if tr := rec.Transport.In(lang); tr != "" {
		r.Blocks = append(r.Blocks, Block{Title: t.t("main.authority.transport", nil), Text: tr})
	}
	if parking := t.parking(rec.Parking); len(parking) > 0 {
		r.Blocks = append(r.Blocks, Block{Title: t.t("main.authority.parking", nil), Items: parking})
	}
	r.Blocks = append(r.Blocks, Block{Text: t.t("main.authority.source", map[string]any{"Source": rec.Source.Title, "Date": t.date(rec.Checked)})})
	if rec.Lat != 0 || rec.Lon != 0 {
		r.Venue = &Venue{Lat: rec.Lat, Lon: rec.Lon, Title: name, Address: t.address(rec.Visitor)}
	}
	if rec.Phone != "" {
		r.Contact = &Contact{Phone: rec.Phone, Name: name}
	}
	return []Reply{r}
}

func (t *turn) address(a *authorities.Address) string {
	if a == nil {
		return ""
	}
	first := a.Street
	if a.POBox != "" {
		first = t.t("main.authority.pobox", map[string]any{"Box": a.POBox})
	}
	return strings.TrimPrefix(first+", "+a.Postcode+" "+a.City, ", ")
}

// hours lists the office hours by weekday and says whether the office is
// open now.
func (t *turn) hours(rec *authorities.Record) Block {
	h := rec.Hours
	if h.IsZero() {
		return Block{}
	}
	b := Block{Title: t.t("main.authority.hours", nil)}
	for _, d := range h.Days() {
		spans := d.Spans
		if d.ByAppointment {
			spans = append(spans, t.t("main.authority.by_appointment", nil))
		}
		b.Items = append(b.Items, t.t("day."+strconv.Itoa(int(d.Weekday)), nil)+": "+strings.Join(spans, ", "))
	}
	if note := h.Note.In(t.s.Lang); note != "" {
		b.Items = append(b.Items, note)
	}
	if st := h.At(t.e.cfg.Now(), rec.Land); st.Known {
		b.Text = t.status(st)
	}
	return b
}

// status says in words whether an office is open at the moment.
func (t *turn) status(st authorities.Status) string {
	switch {
	case st.Open:
		return t.t("main.authority.open_until", map[string]any{"Until": t.lang().FormatTime(st.Until)})
	case st.Holiday != "":
		return t.t("main.authority.holiday", map[string]any{"Holiday": st.Holiday}) + t.next(st)
	case st.ByAppointment:
		return t.t("main.authority.appointment_today", nil) + t.next(st)
	default:
		return t.t("main.authority.closed", nil) + t.next(st)
	}
}

func (t *turn) next(st authorities.Status) string {
	if st.Next.IsZero() {
		return ""
	}
	return " " + t.t("main.authority.opens", map[string]any{
		"Day":  t.t("day."+strconv.Itoa(int(st.Next.Weekday())), nil),
		"Time": t.lang().FormatTime(st.Next),
	})
}

func (t *turn) parking(ps []authorities.Parking) []string {
	var items []string
	for _, p := range ps {
		id := "main.authority.parking_standard"
		if p.Kind == authorities.ParkingDisabled {
			id = "main.authority.parking_disabled"
		}
		var item string
		if p.Number > 0 {
			item = t.count(id+"_count", p.Number)
		} else {
			item = t.t(id, nil) // the number is not known
		}
		if p.Fee != nil {
			fee := "main.authority.free"
			if *p.Fee {
				fee = "main.authority.fee"
			}
			item += " (" + t.t(fee, nil) + ")"
		}
		items = append(items, item)
	}
	return items
}
