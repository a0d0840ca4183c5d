package authorities_test

import (
	"strings"
	"testing"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/places"
)

// TestCompetentTies checks that records which tie (same area, same kind
// of match) all come back, the lowest id as Record, and that a record
// with a longer area or a better kind of match stands alone.
func TestCompetentTies(t *testing.T) {
	base := authorities.Record{Name: "Beispielamt", Land: "16", Source: catalog.Source{Title: "Test"}}
	if err := base.Checked.UnmarshalText([]byte("2026-12-07")); err != nil {
		t.Fatal(err)
	}
	rec := func(id string, s authorities.Scope) authorities.Record {
		r := base
		r.ID, r.Competent = id, []authorities.Scope{s}
		return r
	}
	d, err := authorities.NewDirectory([]authorities.Record{
		rec("c-office", authorities.Scope{Types: []string{"sozialamt"}, Areas: []string{"16074"}}),
		rec("a-office", authorities.Scope{Types: []string{"sozialamt"}, Areas: []string{"16074"}}),
		rec("b-office", authorities.Scope{Types: []string{"sozialamt", "jugendamt"}, Areas: []string{"16074", "16053"}}),
		rec("d-town", authorities.Scope{Types: []string{"sozialamt"}, Areas: []string{"160740044044"}}),
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(c authorities.Competence) string {
		if c.Record == nil {
			return ""
		}
		out := []string{c.Record.ID}
		for _, o := range c.Also {
			out = append(out, o.ID)
		}
		return strings.Join(out, " ")
	}
	jugendhilfe := service("jugendhilfe", "", catalog.Authority{Level: catalog.LevelKreis, Type: "jugendamt"})
	for _, tc := range []struct {
		svc   *catalog.Service
		place places.Place
		want  string
	}{
		{sozialhilfe, eisenberg, "a-office b-office c-office"},
		{sozialhilfe, kahla, "d-town"}, // the longer area wins alone
		{jugendhilfe, eisenberg, "b-office"},
		{jugendhilfe, jena, "b-office"},
	} {
		if got := ids(d.Competent(tc.svc, tc.place)); got != tc.want {
			t.Errorf("%s at %s: got %q, want %q", tc.svc.ID, tc.place.Name, got, tc.want)
		}
	}
}

// TestMuenchenFromEappointment checks the records that internal/genmuenchen
// writes from the city's appointment locations: a Bürgerbüro for the
// Personalausweis, with the other Bürgerbüros as equally competent, and
// the Kfz-Zulassungsstelle for registering a car.
func TestMuenchenFromEappointment(t *testing.T) {
	d := load(t)
	g, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	found := g.Resolve("80331")
	if len(found) != 1 || found[0].ARS != "091620000000" {
		t.Fatalf("80331: got %+v, want München", found)
	}
	muenchen := found[0]
	personalausweis := service("personalausweis", "", catalog.Authority{Level: catalog.LevelGemeinde, Type: "meldebehoerde"})
	c := d.Competent(personalausweis, muenchen)
	if c.Record == nil {
		t.Fatalf("personalausweis in München: derived %q, want a Bürgerbüro record", c.Body["de"])
	}
	all := append([]*authorities.Record{c.Record}, c.Also...)
	if len(all) < 5 {
		t.Errorf("got %d Bürgerbüros, want all of them (at least 5)", len(all))
	}
	for _, r := range all {
		if !strings.HasPrefix(r.Department, "Bürgerbüro ") || r.Visitor == nil || r.Visitor.Street == "" ||
			r.Visitor.City != "München" || r.Phone == "" || r.Land != "09" {
			t.Errorf("record %s: %+v, want a Bürgerbüro in München with street and phone", r.ID, r)
		}
	}
	zulassung := service("fahrzeug-zulassen", "", catalog.Authority{Level: catalog.LevelKreis, Type: "zulassungsbehoerde"})
	c = d.Competent(zulassung, muenchen)
	if c.Record == nil || c.Record.Visitor == nil || c.Record.Visitor.Street != "Eichstätter Straße 2" || len(c.Also) != 0 {
		t.Errorf("fahrzeug-zulassen in München: got %+v, also %d, want the Kfz-Zulassungsstelle alone", c.Record, len(c.Also))
	}
}

// TestCompetentPartial checks that records with a partial scope come back
// together as candidates with how to find one's own, and that a record
// competent for the whole area beats them.
func TestCompetentPartial(t *testing.T) {
	base := authorities.Record{Name: "Finanzamt", Land: "16", Source: catalog.Source{Title: "Test"}}
	if err := base.Checked.UnmarshalText([]byte("2026-12-07")); err != nil {
		t.Fatal(err)
	}
	rec := func(id string, s authorities.Scope) authorities.Record {
		r := base
		r.ID, r.Competent = id, []authorities.Scope{s}
		return r
	}
	part := func(areas ...string) authorities.Scope {
		return authorities.Scope{Types: []string{"finanzamt"}, Areas: areas, Partial: true}
	}
	steuer := service("steuer", "", catalog.Authority{Level: catalog.LevelLand, Type: "finanzamt"})
	d, err := authorities.NewDirectory([]authorities.Record{rec("fa-nord", part("16074")), rec("fa-sued", part("16074"))})
	if err != nil {
		t.Fatal(err)
	}
	c := d.Competent(steuer, eisenberg)
	if c.Record == nil || c.Record.ID != "fa-nord" || len(c.Also) != 1 || !c.Partial || !strings.Contains(c.Which["de"], "Steuerbescheid") {
		t.Errorf("got %+v, want fa-nord and fa-sued as candidates with the Finanzamt's hint", c)
	}
	d, err = authorities.NewDirectory([]authorities.Record{
		rec("fa-nord", part("16074")),
		rec("fa-whole", authorities.Scope{Types: []string{"finanzamt"}, Areas: []string{"16074"}}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := d.Competent(steuer, eisenberg); c.Record == nil || c.Record.ID != "fa-whole" || len(c.Also) != 0 || c.Partial {
		t.Errorf("got %+v, want fa-whole alone", c)
	}
}
