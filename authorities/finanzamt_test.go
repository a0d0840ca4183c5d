package authorities_test

import (
	"strings"
	"testing"

	"github.com/lotse-de/lotse/authorities"
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
// Eckernförde-Schleswig), each as the one competent office; and Berlin,
// Hamburg, Köln and München as the list of their offices, candidates of
// which the data does not say which serves whom, Hamburg-Nord and -Ost
// once each though the BZSt file has them twice.
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
			if len(c.Also) > 0 || c.Partial {
				t.Errorf("%s, %s: also %d records, partial %v; want the one office", id, p.Name, len(c.Also), c.Partial)
			}
		}
		for _, tc := range []struct {
			ars   string
			count int
			has   []string // names among the candidates
		}{
			{"110000000000", 17, []string{"Finanzamt Charlottenburg", "Finanzamt Treptow-Köpenick"}},
			{"020000000000", 10, []string{"Finanzamt Hamburg-Nord", "Finanzamt Hamburg-Ost", "Finanzamt Hamburg-Altona"}},
			{"053150000000", 7, []string{"Finanzamt Köln-Altstadt", "Finanzamt Köln-Porz"}},
			// five offices "Gewinneinkünfte", four "Überschusseinkünfte", told apart by their tax numbers
			{"091620000000", 10, []string{"Finanzamt München Gewinneinkünfte – Steuernummer 144/…", "Finanzamt München Überschusseinkünfte – Steuernummer 185/…", "Finanzamt München Überschusseinkünfte u. Beschränkt Steuerpfl."}},
		} {
			p, ok := g.ByARS(tc.ars)
			if !ok {
				t.Fatalf("no place %s", tc.ars)
			}
			c := d.Competent(svc, p)
			if c.Record == nil || !c.Partial || c.Which.IsZero() {
				t.Errorf("%s, %s: record %v, partial %v, which %q; want candidates and how to find one's own", id, p.Name, c.Record, c.Partial, c.Which["de"])
				continue
			}
			names := map[string]int{}
			for _, r := range append([]*authorities.Record{c.Record}, c.Also...) {
				if !strings.HasPrefix(r.ID, "finanzamt-") || r.Visitor == nil || r.Visitor.Street == "" || r.Phone == "" {
					t.Errorf("%s, %s: candidate %+v, want a Finanzamt with street and phone", id, p.Name, r)
				}
				names[strings.TrimSuffix(r.Name+" – "+r.Department, " – ")]++
			}
			if n := 1 + len(c.Also); n != tc.count {
				t.Errorf("%s, %s: %d candidates %v, want %d", id, p.Name, n, names, tc.count)
			}
			if len(names) != tc.count {
				t.Errorf("%s, %s: candidates %v, want each told apart by its name", id, p.Name, names)
			}
			for _, name := range tc.has {
				if names[name] != 1 {
					t.Errorf("%s, %s: %q %d times among %v, want once", id, p.Name, name, names[name], names)
				}
			}
		}
	}
}
