// Package card renders the authority competent for a service at a place
// as one card of titled blocks in the user's language. The conversation
// (dialog) and `lotse where` show the same card.
//
// A card shows what is known and only that. For a directory record: its
// name, addresses, phone, fax, email and web site, the office hours with
// whether it is open now, or the sentence that the hours are not known;
// how to get there, parking, and the record's source and date; an address
// without street says that the street is not known, and a record without
// street or phone keeps the Land's finder and the 115 of a derived body.
// Several equally competent records (Competence.Also) are listed one after
// the other on the same card; where they are candidates, each for a part
// of the place (Competence.Partial), the card says that Lotse cannot tell
// which one is the user's and how to find out. Of several records none of
// which has hours, the card says so once. For a body derived from the
// rules: its name, that Lotse has no contact details, where to find them,
// the Land's authority finder where one is known and the Behördennummer
// 115 where it answers.
//
// Every text is a whole sentence or line from the locales with named
// placeholders, so that a translation may order its words freely.
package card

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
)

// Texts translates message ids; *locales.Bundle is one.
type Texts interface {
	T(lang, id string, data map[string]any) string
	Count(lang, id string, n int) string
}

// Block is a paragraph with an optional title and bullet items.
type Block struct {
	Title string   `json:"title,omitempty"`
	Text  string   `json:"text,omitempty"`
	Items []string `json:"items,omitempty"`
}

// Card is the rendered authority.
type Card struct {
	Blocks []Block `json:"blocks"`
	// Venue is where the first record is, when its source gives a
	// position; nil otherwise.
	Venue *Venue `json:"venue,omitempty"`
	// Phone is the first record's phone number, "" when it has none, and
	// Name the name to show with it.
	Phone string `json:"phone,omitempty"`
	Name  string `json:"name,omitempty"`
}

// Venue is a record's position with its name and visitor address.
type Venue struct {
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
	Title   string  `json:"title"`
	Address string  `json:"address"`
}

// Input is what a card is made of.
type Input struct {
	Competence authorities.Competence
	Service    string    // the service's name in Lang
	Place      string    // the place's name
	Lang       string    // the language of the card
	Now        time.Time // the moment for "open now"
	// Date writes a record's checking date in Lang.
	Date func(catalog.Date) string
}

// Render builds the card.
func Render(tx Texts, in Input) Card {
	r := renderer{tx: tx, in: in}
	return r.card()
}

type renderer struct {
	tx Texts
	in Input
}

func (r renderer) t(id string, data map[string]any) string { return r.tx.T(r.in.Lang, id, data) }

func (r renderer) card() Card {
	c := r.in.Competence
	head := Block{Text: r.t("main.authority.intro", map[string]any{"Service": r.in.Service, "Place": r.in.Place})}
	if !c.Note.IsZero() {
		head.Items = append(head.Items, c.Note.In(r.in.Lang))
	}
	if c.Record == nil {
		return Card{Blocks: r.derived(head)}
	}
	records := append([]*authorities.Record{c.Record}, c.Also...)
	blocks := []Block{head}
	switch {
	case len(records) > 1 && c.Partial:
		blocks = append(blocks, Block{Text: r.t("main.authority.candidates", map[string]any{"Count": len(records)}), Items: nonEmpty(c.Which.In(r.in.Lang))})
	case len(records) > 1:
		blocks = append(blocks, Block{Text: r.t("main.authority.several", map[string]any{"Count": len(records)})})
	case c.Partial:
		blocks = append(blocks, Block{Text: r.t("main.authority.candidate_one", nil), Items: nonEmpty(c.Which.In(r.in.Lang))})
	}
	// Of several records none with hours, the card says so once.
	hoursOnce := len(records) > 1 && !slices.ContainsFunc(records, func(rec *authorities.Record) bool { return !rec.Hours.IsZero() })
	var sources []string
	for _, rec := range records {
		blocks = append(blocks, r.record(rec, c.Land, !hoursOnce)...)
		src := r.t("main.authority.source", map[string]any{"Source": rec.Source.Title, "Date": r.in.Date(rec.Checked)})
		if !slices.Contains(sources, src) {
			sources = append(sources, src)
		}
	}
	if hoursOnce {
		blocks = append(blocks, Block{Title: r.t("main.authority.hours", nil), Text: r.t("main.authority.hours_unknown_all", nil)})
	}
	blocks = append(blocks, r.askWhere()...)
	for _, s := range sources {
		blocks = append(blocks, Block{Text: s})
	}
	out := Card{Blocks: blocks}
	first := c.Record
	if first.Lat != 0 || first.Lon != 0 {
		out.Venue = &Venue{Lat: first.Lat, Lon: first.Lon, Title: name(first), Address: r.address(first.Visitor)}
	}
	if first.Phone != "" {
		out.Phone, out.Name = first.Phone, name(first)
	}
	return out
}

// derived is the card of a body without a record: its name, that Lotse
// has no contact details, where to find them.
func (r renderer) derived(head Block) []Block {
	c := r.in.Competence
	blocks := []Block{head,
		{Title: c.Body.In(r.in.Lang), Text: r.t("main.authority.derived", nil)},
		{Text: c.LookupHint.In(r.in.Lang)},
	}
	return append(blocks, r.askWhere()...)
}

// askWhere is where else to ask: the Land's authority finder and the
// 115, where the competence names them.
func (r renderer) askWhere() []Block {
	c := r.in.Competence
	var blocks []Block
	if c.Finder != nil {
		land := authorities.LandName(c.Land).In(r.in.Lang)
		blocks = append(blocks, Block{Text: r.t("main.authority.finder", map[string]any{"Land": land, "URL": c.Finder.URL})})
	}
	if c.Call115 {
		blocks = append(blocks, Block{Text: r.t("main.authority.call115", nil)})
	}
	return blocks
}

// nonEmpty is the one-item list of s, or nil for "".
func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// record is the contact block of one record, its hours if withHours, how
// to get there and parking.
func (r renderer) record(rec *authorities.Record, land string, withHours bool) []Block {
	contact := Block{Title: name(rec)}
	add := func(id, key, value string) {
		if value != "" {
			contact.Items = append(contact.Items, r.t(id, map[string]any{key: value}))
		}
	}
	add("main.authority.visitor", "Address", r.address(rec.Visitor))
	add("main.authority.postal", "Address", r.address(rec.Postal))
	add("main.authority.phone", "Phone", rec.Phone)
	add("main.authority.fax", "Fax", rec.Fax)
	add("main.authority.email", "Email", rec.Email)
	add("main.authority.web", "Web", rec.Web)
	blocks := []Block{contact}
	if withHours {
		blocks = append(blocks, r.hours(rec.Hours, land))
	}
	if tr := rec.Transport.In(r.in.Lang); tr != "" {
		blocks = append(blocks, Block{Title: r.t("main.authority.transport", nil), Text: tr})
	}
	if parking := r.parking(rec.Parking); len(parking) > 0 {
		blocks = append(blocks, Block{Title: r.t("main.authority.parking", nil), Items: parking})
	}
	return blocks
}

// name is a record's name with its department.
func name(rec *authorities.Record) string {
	if rec.Department == "" {
		return rec.Name
	}
	return rec.Name + " – " + rec.Department
}

// address writes an address as one line: street or PO box, postcode,
// town; without either, the town and that the street is not known.
func (r renderer) address(a *authorities.Address) string {
	if a == nil {
		return ""
	}
	first := a.Street
	if a.POBox != "" {
		first = r.t("main.authority.pobox", map[string]any{"Box": a.POBox})
	}
	town := strings.TrimSpace(a.Postcode + " " + a.City)
	switch {
	case first == "" && town == "":
		return ""
	case first == "":
		return r.t("main.authority.no_street", map[string]any{"Town": town})
	}
	return first + ", " + town
}

// hours lists the office hours by weekday and says whether the office is
// open now; where nothing is known of them, it says so.
func (r renderer) hours(h authorities.Hours, land string) Block {
	b := Block{Title: r.t("main.authority.hours", nil)}
	if h.IsZero() {
		b.Text = r.t("main.authority.hours_unknown", nil)
		return b
	}
	for _, d := range h.Days() {
		spans := d.Spans
		if d.ByAppointment {
			spans = append(spans, r.t("main.authority.by_appointment", nil))
		}
		b.Items = append(b.Items, r.t("main.authority.day_hours", map[string]any{
			"Day": r.day(d.Weekday), "Hours": strings.Join(spans, ", "),
		}))
	}
	if note := h.Note.In(r.in.Lang); note != "" {
		b.Items = append(b.Items, note)
	}
	if st := h.At(r.in.Now, land); st.Known {
		b.Text = r.status(st)
	}
	return b
}

func (r renderer) day(d time.Weekday) string { return r.t("day."+strconv.Itoa(int(d)), nil) }

// status says in words whether an office is open at the moment, and when
// it opens next.
func (r renderer) status(st authorities.Status) string {
	var now string
	switch {
	case st.Open:
		return r.t("main.authority.open_until", map[string]any{"Until": st.Until.Format("15:04")})
	case st.Holiday != "":
		now = r.t("main.authority.holiday", map[string]any{"Holiday": st.Holiday})
	case st.ByAppointment:
		now = r.t("main.authority.appointment_today", nil)
	default:
		now = r.t("main.authority.closed", nil)
	}
	if st.Next.IsZero() {
		return now
	}
	return now + " " + r.t("main.authority.opens", map[string]any{"Day": r.day(st.Next.Weekday()), "Time": st.Next.Format("15:04")})
}

// parking lists the kinds of parking, with their number and fee where
// known.
func (r renderer) parking(ps []authorities.Parking) []string {
	var items []string
	for _, p := range ps {
		id := "main.authority.parking_standard"
		if p.Kind == authorities.ParkingDisabled {
			id = "main.authority.parking_disabled"
		}
		item := r.t(id, nil) // the number is not known
		if p.Number > 0 {
			item = r.tx.Count(r.in.Lang, id+"_count", p.Number)
		}
		if p.Fee != nil {
			fee := "main.authority.free"
			if *p.Fee {
				fee = "main.authority.fee"
			}
			item = r.t("main.authority.parking_with_fee", map[string]any{"Parking": item, "Fee": r.t(fee, nil)})
		}
		items = append(items, item)
	}
	return items
}

// Text writes the card as plain text: each block's title, text and
// bulleted items, blocks separated by an empty line.
func (c Card) Text() string {
	var b strings.Builder
	for i, bl := range c.Blocks {
		if i > 0 {
			b.WriteString("\n")
		}
		for _, line := range []string{bl.Title, bl.Text} {
			if line != "" {
				b.WriteString(line + "\n")
			}
		}
		for _, it := range bl.Items {
			b.WriteString("  • " + it + "\n")
		}
	}
	return b.String()
}
