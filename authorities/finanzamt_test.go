package authorities_test

import (
	"strings"
	"testing"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/places"
)

// TestFinanzaemterFromBZSt checks the records that internal/genbzst writes
// from the BZSt GemFA data and the GV100AD districts, for the catalog's
// own Finanzamt services: Jena by its district, Gelsenkirchen and Kiel
// through the alias table (their GV100AD numbers 5318 and 2119 are offices
// merged since), Bremen (GV100AD names
// its Landeshauptkasse), Frankfurt am Main (six BZSt entries with the same
// name and contacts), Altenholz through an alias part (to Rendsburg, not
// Eckernförde-Schleswig), and Berlin, Hamburg and Köln not at all, since
// they have several offices and the directory shows one.
func TestFinanzaemterFromBZSt(t *testing.T) {
	d := load(t)
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	g, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"steuererklaerung", "lohnsteuer-freibetrag", "steuerklasse-wechseln"} {
		svc, ok := cat.Service(id)
		if !ok {
			t.Fatalf("no service %s", id)
		}
		if svc.Authority.Type != "finanzamt" {
			t.Fatalf("%s: authority type %q, want finanzamt", id, svc.Authority.Type)
		}
		for _, tc := range []struct{ place, record, name, street, phone string }{
			{"160530000000", "finanzamt-4162", "Finanzamt Jena", "Leutragraben 8", "0361 573626-900"},
			{"055130000000", "finanzamt-5319", "Finanzamt Gelsenkirchen", "Ludwig-Erhard-Str. 7", "0209 173-0"},
			{"010020000000", "finanzamt-2120", "Finanzamt Kiel", "Feldstr. 23", "0431 602-0"},
			{"064120000000", "finanzamt-2612", "Finanzamt Frankfurt am Main", "Gutleutstraße 118", "069 2545-0"},          // six entries, same contacts
			{"040110000000", "finanzamt-2460", "Finanzamt Bremen", "Rudolf-Hilferding-Platz 1", "0421 361-90909"},         // GV100AD: the Landeshauptkasse
			{"010580005005", "finanzamt-2128", "Finanzamt Rendsburg", "Kieler Str. 19", "04331 598-0"},                    // Altenholz
			{"010580043043", "finanzamt-2129", "Finanzamt Eckernförde-Schleswig", "Suadicanistraße 26-28", "04621 805-0"}, // Eckernförde
		} {
			p, ok := g.ByARS(tc.place)
			if !ok {
				t.Fatalf("no place %s", tc.place)
			}
			c := d.Competent(svc, p)
			if c.Record == nil || c.Record.ID != tc.record {
				t.Errorf("%s, %s: got %+v, want record %s", id, p.Name, c.Record, tc.record)
				continue
			}
			r := c.Record
			if r.Name != tc.name || r.Visitor == nil || r.Visitor.Street != tc.street || r.Phone != tc.phone {
				t.Errorf("%s, %s: got %q %+v %q, want %q, %q, %q", id, p.Name, r.Name, r.Visitor, r.Phone, tc.name, tc.street, tc.phone)
			}
			if !r.Hours.IsZero() {
				t.Errorf("%s: hours %+v, but the BZSt data has none", r.ID, r.Hours)
			}
		}
		for _, ars := range []string{"110000000000", "020000000000", "053150000000"} { // Berlin, Hamburg, Köln
			p, ok := g.ByARS(ars)
			if !ok {
				t.Fatalf("no place %s", ars)
			}
			if c := d.Competent(svc, p); c.Record != nil && strings.HasPrefix(c.Record.ID, "finanzamt-") {
				t.Errorf("%s, %s: got record %s, want none (several offices)", id, p.Name, c.Record.ID)
			}
		}
	}
}
