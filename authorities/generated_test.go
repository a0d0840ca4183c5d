package authorities_test

import (
	"strings"
	"testing"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/places"
)

// TestGesundheitsaemterFromRKI checks the records that internal/genrki
// writes from the RKI data: routed by the Kreis key of the office's code,
// by postcodes where a Landkreis serves the city inside it, and not at all
// where a city's Bezirke share it (Berlin), so that the card stays derived.
func TestGesundheitsaemterFromRKI(t *testing.T) {
	d := load(t)
	g, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := service("gesundheitszeugnis", "", catalog.Authority{Level: catalog.LevelKreis, Type: "gesundheitsamt"})
	for _, tc := range []struct{ place, record, street string }{
		{"160530000000", "gesundheitsamt-1-16-0-53", "Lutherplatz 3"},    // Jena
		{"082120000000", "gesundheitsamt-1-08-2-15", "Kriegsstraße 100"}, // Karlsruhe city, served by the Landkreis
	} {
		p, ok := g.ByARS(tc.place)
		if !ok {
			t.Fatalf("no place %s", tc.place)
		}
		c := d.Competent(svc, p)
		if c.Record == nil || c.Record.ID != tc.record {
			t.Errorf("%s: got %+v, want record %s", p.Name, c.Record, tc.record)
			continue
		}
		if tc.street != "" && (c.Record.Visitor == nil || c.Record.Visitor.Street != tc.street) {
			t.Errorf("%s: visitor %+v, want street %q", p.Name, c.Record.Visitor, tc.street)
		}
	}
	// Berlin's postcodes are split between its Bezirke: all of their
	// offices are listed as candidates, none as the one.
	if c := d.Competent(svc, berlin); c.Record == nil || !c.Partial || len(c.Also) < 11 {
		t.Errorf("Berlin: got %+v, partial %v, %d others; want the Bezirke's offices as candidates", c.Record, c.Partial, len(c.Also))
	}
	n := 0
	for _, p := range g.All() {
		c := d.Competent(svc, p)
		if c.Record == nil || !strings.HasPrefix(c.Record.ID, "gesundheitsamt-") {
			continue
		}
		n++
		r := c.Record
		// A few RKI entries give no phone (Leverkusen, Bochum, …): the
		// card then shows the address alone. Every entry has an address.
		if r.Visitor == nil && r.Postal == nil {
			t.Errorf("%s: record %s without an address", p.Name, r.ID)
		}
	}
	if n < 10000 {
		t.Errorf("%d municipalities reach a Gesundheitsamt record, want most of the 10,949", n)
	}
}
