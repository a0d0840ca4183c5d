package authorities_test

import (
	"strings"
	"testing"

	"github.com/lotse-de/lotse/places"
)

var frankfurt = places.Place{AGS: "06412000", ARS: "064120000000", Name: "Frankfurt am Main, Stadt", District: "Frankfurt am Main, Stadt", Land: "Hessen"}

// TestCompetentStandesamtBigCities: a birth in Frankfurt is registered by
// one of the city's two registry office districts, which one depending on
// where the child was born, so both records come back together, each with
// a note saying which births it takes; in Stuttgart the Standesamt in the
// Rathaus answers.
func TestCompetentStandesamtBigCities(t *testing.T) {
	d := load(t)
	svc := catalogService(t, "geburt-beurkunden")

	c := d.Competent(svc, frankfurt)
	if c.Record == nil {
		t.Fatalf("Frankfurt: got derived %q, want the Standesamt records", c.Body["de"])
	}
	got := []string{c.Record.ID}
	for _, o := range c.Also {
		got = append(got, o.ID)
	}
	if strings.Join(got, " ") != "frankfurt-standesamt-hoechst frankfurt-standesamt-mitte" {
		t.Errorf("Frankfurt: got records %v, want Höchst and Mitte together", got)
	}
	for _, r := range append(c.Also, c.Record) {
		if r.Visitor == nil || r.Phone == "" || !strings.Contains(r.Hours.Note["de"], "Zuständig für Geburten") {
			t.Errorf("%s: want an address, a phone and a note naming the births it registers, got %+v", r.ID, r)
		}
	}

	c = d.Competent(svc, stuttgart)
	if c.Record == nil || c.Record.ID != "stuttgart-standesamt" {
		t.Fatalf("Stuttgart: got %q, want the record stuttgart-standesamt", c.Body["de"])
	}
	if len(c.Also) != 0 || c.Record.Visitor == nil || c.Record.Visitor.Street != "Eberhardstraße 6" {
		t.Errorf("Stuttgart: got %+v (also %d), want the Standesamt at Eberhardstraße 6 alone", c.Record, len(c.Also))
	}
}
