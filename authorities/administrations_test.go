package authorities_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/locales"
	"github.com/lotse-de/lotse/places"
)

// TestAdministrationsFromGV100AD checks the administrations that
// internal/genadmin writes: a member of a Verbandsgemeinde, and the seat
// that bears the Verband's name (Bodenheim), get the Verbandsgemeinde with
// the seat's postcode; a member of a Thüringen Verwaltungsgemeinschaft
// gets it with the postcode of its seat; an Amt member its Amt; Berlin
// stays derived (Bezirksämter); no record gives a street.
func TestAdministrationsFromGV100AD(t *testing.T) {
	d := load(t)
	g, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	beglaubigung := service("beglaubigung", "", catalog.Authority{Level: catalog.LevelGemeinde, Type: "gemeindeverwaltung"})
	for _, tc := range []struct{ ars, name, postcode, city string }{
		{"073395002006", "Verbandsgemeinde Bodenheim", "55294", "Bodenheim"},                         // Bodenheim, the seat
		{"073395002039", "Verbandsgemeinde Bodenheim", "55294", "Bodenheim"},                         // Nackenheim, a member with a postcode of its own
		{"160745005012", "Verwaltungsgemeinschaft Heideland-Elstertal-Schkölen", "07613", "Crossen"}, // Crossen an der Elster
		{"010585803001", "Amt Achterwehr", "24239", "Achterwehr"},                                    // Achterwehr, the seat
		{"160530000000", "Jena, Stadt", "07743", "Jena"},
	} {
		p, ok := g.ByARS(tc.ars)
		if !ok {
			t.Fatalf("no place %s", tc.ars)
		}
		c := d.Competent(beglaubigung, p)
		if c.Record == nil {
			t.Errorf("%s: derived %q, want the record of %s", p.Name, c.Body["de"], tc.name)
			continue
		}
		r := c.Record
		if r.Name != tc.name || r.Visitor == nil || r.Visitor.Postcode != tc.postcode || r.Visitor.City != tc.city {
			t.Errorf("%s: got %s %+v, want %s, %s %s", p.Name, r.Name, r.Visitor, tc.name, tc.postcode, tc.city)
		}
		if r.Visitor != nil && r.Visitor.Street != "" {
			t.Errorf("%s: street %q, but the register names none", p.Name, r.Visitor.Street)
		}
		if !strings.Contains(r.Source.Title, "Destatis") || r.Checked.IsZero() {
			t.Errorf("%s: source %q checked %v, want Destatis and a date", p.Name, r.Source.Title, r.Checked)
		}
	}
	if c := d.Competent(beglaubigung, berlin); c.Record != nil {
		t.Errorf("Berlin: got record %s, want the derived Bezirksamt", c.Record.ID)
	}
	// The administration answers only for its own type.
	if c := d.Competent(anmeldung, boehl); c.Record != nil && strings.HasPrefix(c.Record.ID, "verwaltung-") {
		t.Errorf("wohnsitz-anmelden in Böhl-Iggelheim: got %s, want no administration record", c.Record.ID)
	}
}

func TestLoadFSAdministrations(t *testing.T) {
	texts, err := os.ReadFile("texts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const head = "# source: Test register\n# checked: 2026-12-07\n"
	for _, tc := range []struct {
		name, file string
		ok         bool
	}{
		{"good", head + "verwaltung-073395002\tVerbandsgemeinde Bodenheim\t55294\tBodenheim\t073395002\n", true},
		{"four fields", head + "verwaltung-073395002\tVerbandsgemeinde Bodenheim\t55294\tBodenheim\n", false},
		{"no source", "# checked: 2026-12-07\nx\tX\t55294\tBodenheim\t073395002\n", false},
		{"bad date", "# source: T\n# checked: 7.12.2026\n", false},
		{"bad area", head + "x\tX\t55294\tBodenheim\t0733\n", false},
		{"no name", head + "x\t\t55294\tBodenheim\t073395002\n", false},
	} {
		fsys := fstest.MapFS{
			"texts.yaml":          {Data: texts},
			"administrations.tsv": {Data: []byte(tc.file)},
		}
		d, err := authorities.LoadFS(fsys, locales.Translations("authorities"))
		if (err == nil) != tc.ok {
			t.Errorf("%s: got error %v, want ok %v", tc.name, err, tc.ok)
			continue
		}
		if !tc.ok {
			continue
		}
		r, ok := d.Record("verwaltung-073395002")
		if !ok || r.Land != "07" || r.Visitor.Postcode != "55294" || r.Competent[0].Types[0] != "gemeindeverwaltung" || r.Source.Title != "Test register" {
			t.Errorf("%s: got %+v", tc.name, r)
		}
	}
}
