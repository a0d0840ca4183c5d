package card_test

import (
	"strings"
	"testing"
	"time"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/authorities/card"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/locales"
	"github.com/lotse-de/lotse/places"
)

func bundle(t *testing.T) *locales.Bundle {
	t.Helper()
	b, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func date(d catalog.Date) string { return d.Format(time.DateOnly) }

func record(t *testing.T, id string, hours authorities.Hours) *authorities.Record {
	t.Helper()
	r := &authorities.Record{
		ID: id, Name: "Bürgerbüro " + id, Land: "16",
		Visitor: &authorities.Address{Street: "Markt 1", Postcode: "07743", City: "Jena"},
		Phone:   "03641 49-0", Hours: hours,
		Source: catalog.Source{Title: "Stadt Jena"},
	}
	if err := r.Checked.UnmarshalText([]byte("2026-12-07")); err != nil {
		t.Fatal(err)
	}
	return r
}

// render returns the card as text in both languages.
func render(t *testing.T, c authorities.Competence, now time.Time) (de, en string) {
	t.Helper()
	b := bundle(t)
	for _, lang := range []string{"de", "en"} {
		out := card.Render(b, card.Input{Competence: c, Service: "Personalausweis", Place: "Jena", Lang: lang, Now: now, Date: date}).Text()
		for _, bad := range []string{"{{", "<no value>", "main.authority"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s card contains %q:\n%s", lang, bad, out)
			}
		}
		if lang == "de" {
			de = out
		} else {
			en = out
		}
	}
	return de, en
}

func wantAll(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("card lacks %q:\n%s", w, out)
		}
	}
}

func TestRecordWithHours(t *testing.T) {
	hours := authorities.Hours{Weekly: []authorities.Interval{{Day: time.Monday, Open: authorities.NewClock(8, 0), Close: authorities.NewClock(12, 0)}}}
	c := authorities.Competence{Record: record(t, "a", hours), Land: "16"}
	monday := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) // 10:00 in Berlin
	de, en := render(t, c, monday)
	wantAll(t, de, "Bürgerbüro a", "Besucheranschrift: Markt 1, 07743 Jena", "Telefon: 03641 49-0", "Montag: 08:00–12:00", "Jetzt geöffnet, bis 12:00 Uhr.", "Quelle: Stadt Jena, Stand 2026-12-07.")
	wantAll(t, en, "Visitor address: Markt 1, 07743 Jena", "Phone: 03641 49-0", "Monday: 08:00–12:00", "Open now, until 12:00.")
	got := card.Render(bundle(t), card.Input{Competence: c, Lang: "de", Now: monday, Date: date})
	if got.Phone != "03641 49-0" || got.Venue != nil {
		t.Errorf("phone %q, venue %v: want the record's phone and no venue without a position", got.Phone, got.Venue)
	}
}

func TestRecordWithoutHours(t *testing.T) {
	c := authorities.Competence{Record: record(t, "a", authorities.Hours{}), Land: "16"}
	de, en := render(t, c, time.Now())
	wantAll(t, de, "Öffnungszeiten nicht bekannt – bitte anrufen oder auf der Webseite nachsehen.")
	wantAll(t, en, "Opening hours not known — call or check the website.")
	if strings.Contains(de, "geöffnet") || strings.Contains(de, "geschlossen") {
		t.Errorf("a card without hours says open or closed:\n%s", de)
	}
}

func TestSeveralRecords(t *testing.T) {
	c := authorities.Competence{Record: record(t, "a", authorities.Hours{}), Also: []*authorities.Record{record(t, "b", authorities.Hours{}), record(t, "c", authorities.Hours{})}, Land: "16"}
	de, en := render(t, c, time.Now())
	wantAll(t, de, "Dafür sind 3 Stellen gleichermaßen zuständig:", "Bürgerbüro a", "Bürgerbüro b", "Bürgerbüro c")
	wantAll(t, en, "3 offices are equally in charge of this:")
	if n := strings.Count(de, "Quelle: Stadt Jena"); n != 1 {
		t.Errorf("the shared source is named %d times, want once:\n%s", n, de)
	}
}

func TestDerived(t *testing.T) {
	d, err := authorities.NewDirectory(nil)
	if err != nil {
		t.Fatal(err)
	}
	svc := &catalog.Service{ID: "x", Authority: catalog.Authority{Level: catalog.LevelKreis, Type: "sozialamt"}}
	jena := places.Place{AGS: "16053000", ARS: "160530000000", Name: "Jena, Stadt", District: "Jena, Stadt", Land: "Thüringen"}
	munich := places.Place{AGS: "09162000", ARS: "091620000000", Name: "München, Landeshauptstadt", District: "München, Landeshauptstadt", Land: "Bayern"}

	de, en := render(t, d.Competent(svc, jena), time.Now())
	wantAll(t, de, "Sozialamt der Stadt Jena", "keine Kontaktdaten", "Serviceportal des Landes Thüringen: https://buerger.thueringen.de", "Behördennummer 115")
	wantAll(t, en, "service portal of Thuringia", "115")

	de, _ = render(t, d.Competent(svc, munich), time.Now())
	wantAll(t, de, "https://www.freistaat.bayern")
	if strings.Contains(de, "115") {
		t.Errorf("a Bavarian local body with the 115:\n%s", de)
	}

	employer := &catalog.Service{ID: "y", Authority: catalog.Authority{Level: catalog.LevelBund, Type: "arbeitgeber"}}
	de, _ = render(t, d.Competent(employer, jena), time.Now())
	if strings.Contains(de, "115") || strings.Contains(de, "Serviceportal") {
		t.Errorf("an employer with the 115 or a portal:\n%s", de)
	}
}

// TestAdministrationWithoutStreet: an administration record of
// administrations.tsv knows the seat town but no street and no phone; the
// card says that the street is not known and keeps the Land's finder and
// the 115 of a derived body.
func TestAdministrationWithoutStreet(t *testing.T) {
	d, err := authorities.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := &catalog.Service{ID: "x", Authority: catalog.Authority{Level: catalog.LevelGemeinde, Type: "gemeindeverwaltung"}}
	jena := places.Place{AGS: "16053000", ARS: "160530000000", Name: "Jena, Stadt", District: "Jena, Stadt", Land: "Thüringen"}
	c := d.Competent(svc, jena)
	if c.Record == nil || c.Record.ID != "verwaltung-160530000000" {
		t.Fatalf("record %+v, want the administration of Jena", c.Record)
	}
	de, en := render(t, c, time.Now())
	wantAll(t, de, "Besucheranschrift: 07743 Jena (Straße nicht bekannt)", "Serviceportal des Landes Thüringen: https://buerger.thueringen.de", "Behördennummer 115")
	wantAll(t, en, "Visitor address: 07743 Jena (street not known)", "115")

	// A record with street and phone needs neither.
	full := authorities.Competence{Record: record(t, "a", authorities.Hours{}), Land: "16"}
	de, _ = render(t, full, time.Now())
	if strings.Contains(de, "nicht bekannt)") || strings.Contains(de, "115") || strings.Contains(de, "Serviceportal") {
		t.Errorf("a complete record with the street note, the 115 or a portal:\n%s", de)
	}
}

// TestCandidates: offices each serving a part of the place are listed as
// candidates with how to find one's own, and the unknown hours once.
func TestCandidates(t *testing.T) {
	c := authorities.Competence{
		Record: record(t, "a", authorities.Hours{}), Also: []*authorities.Record{record(t, "b", authorities.Hours{})}, Land: "16",
		Partial: true, Which: catalog.Text{"de": "Fragen Sie nach.", "en": "Ask."},
	}
	de, en := render(t, c, time.Now())
	wantAll(t, de, "Dafür kommen 2 Stellen in Frage", "das kann Lotse nicht sagen", "Fragen Sie nach.", "Bürgerbüro a", "Bürgerbüro b", "Öffnungszeiten dieser Stellen nicht bekannt")
	wantAll(t, en, "2 offices may be the one", "Lotse cannot tell", "Ask.")
	if strings.Contains(de, "gleichermaßen") {
		t.Errorf("candidates called equally in charge:\n%s", de)
	}
	if n := strings.Count(de, "Öffnungszeiten"); n != 2 { // the title and the sentence, once
		t.Errorf("hours named %d times, want one block:\n%s", n, de)
	}

	// One office that serves only a part of the place is no more certain.
	c.Also = nil
	de, en = render(t, c, time.Now())
	wantAll(t, de, "nur für einen Teil der Fälle", "das kann Lotse nicht sagen", "Fragen Sie nach.", "Bürgerbüro a")
	wantAll(t, en, "only part of the cases", "Lotse cannot tell")
}
