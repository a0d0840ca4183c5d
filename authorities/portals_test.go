package authorities_test

import (
	"strings"
	"testing"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/places"
)

// TestCompetentEquallyCompetent: records with the same area and the same
// kind of match are all competent; the first by id is Record, the others
// Also. A longer prefix or a better kind of match still wins alone.
func TestCompetentEquallyCompetent(t *testing.T) {
	base := authorities.Record{Name: "Bürgerbüro", Land: "16", Source: catalog.Source{Title: "Test"}}
	if err := base.Checked.UnmarshalText([]byte("2026-12-07")); err != nil {
		t.Fatal(err)
	}
	scope := func(areas ...string) []authorities.Scope {
		return []authorities.Scope{{Types: []string{"meldebehoerde"}, Areas: areas}}
	}
	north, south, west, other := base, base, base, base
	north.ID, north.Competent = "b-north", scope("16074")
	south.ID, south.Competent = "a-south", scope("16074", "16053")
	west.ID, west.Competent = "c-west", scope("16074")
	other.ID, other.Competent = "d-other", scope("16")
	d, err := authorities.NewDirectory([]authorities.Record{north, south, west, other})
	if err != nil {
		t.Fatal(err)
	}
	c := d.Competent(anmeldung, eisenberg)
	var ids []string
	for _, r := range c.Also {
		ids = append(ids, r.ID)
	}
	if c.Record == nil || c.Record.ID != "a-south" || strings.Join(ids, ",") != "b-north,c-west" {
		t.Errorf("Eisenberg: got %v and %v, want a-south and b-north,c-west", c.Record, ids)
	}
	if c := d.Competent(anmeldung, jena); c.Record == nil || c.Record.ID != "a-south" || len(c.Also) != 0 {
		t.Errorf("Jena: got %v and %d others, want a-south alone", c.Record, len(c.Also))
	}
	// A match by service id beats the three matches by type.
	byID := base
	byID.ID, byID.Competent = "z-by-id", []authorities.Scope{{Services: []string{anmeldung.ID}, Areas: []string{"16074"}}}
	d, err = authorities.NewDirectory([]authorities.Record{north, south, west, byID})
	if err != nil {
		t.Fatal(err)
	}
	if c := d.Competent(anmeldung, eisenberg); c.Record == nil || c.Record.ID != "z-by-id" || len(c.Also) != 0 {
		t.Errorf("by id: got %v and %d others, want z-by-id alone", c.Record, len(c.Also))
	}
}

// TestCompetentWhereToAsk: a derived body names the Land's finder where
// portals.yaml has one, and the 115 where the Land takes part; a federal
// body the 115 everywhere, Bayern's local bodies not.
func TestCompetentWhereToAsk(t *testing.T) {
	d, err := authorities.NewDirectory(nil)
	if err != nil {
		t.Fatal(err)
	}
	munich := places.Place{AGS: "09162000", ARS: "091620000000", Name: "München, Landeshauptstadt", District: "München, Landeshauptstadt", Land: "Bayern"}
	tests := []struct {
		name    string
		svc     *catalog.Service
		p       places.Place
		finder  string
		call115 bool
	}{
		{"Thüringen", sozialhilfe, jena, "https://buerger.thueringen.de", true},
		{"Nordrhein-Westfalen, no finder confirmed", sozialhilfe, ahaus, "", true},
		{"Bayern, outside the 115", anmeldung, munich, "https://www.freistaat.bayern", false},
		{"federal body in Bayern", kindergeld, munich, "", true},
		{"Land body", schwerbehindertenausweis, eisenberg, "https://buerger.thueringen.de", true},
	}
	for _, tt := range tests {
		c := d.Competent(tt.svc, tt.p)
		got := ""
		if c.Finder != nil {
			got = c.Finder.URL
		}
		if got != tt.finder || c.Call115 != tt.call115 {
			t.Errorf("%s: finder %q, 115 %v; want %q, %v", tt.name, got, c.Call115, tt.finder, tt.call115)
		}
	}
	if c := load(t).Competent(sozialhilfe, eisenberg); c.Record == nil || c.Finder != nil || c.Call115 {
		t.Errorf("record: finder %v, 115 %v, want neither", c.Finder, c.Call115)
	}
}

// TestLandFinders: every finder is an https link with a source and a date,
// and no Land has a second one.
func TestLandFinders(t *testing.T) {
	n := 0
	for k := range authorities.Lands {
		f, ok := authorities.LandFinder(k)
		if !ok {
			continue
		}
		n++
		if !strings.HasPrefix(f.URL, "https://") || !strings.HasPrefix(f.Source, "https://") || f.Checked.IsZero() {
			t.Errorf("%s: %+v", k, f)
		}
	}
	if _, ok := authorities.LandFinder("17"); ok || n == 0 {
		t.Errorf("got a finder for Land 17 or no finder at all (%d)", n)
	}
}
