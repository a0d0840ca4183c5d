package authorities_test

import (
	"math"
	"testing"
	"time"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/places"
)

// TestCoverage counts inhabitants on a small directory: a district record
// with address, phone and hours, a town record with address and phone but
// no hours (which wins in its town), and a district with no record.
func TestCoverage(t *testing.T) {
	base := authorities.Record{Name: "Amt", Land: "16", Source: catalog.Source{Title: "Test"}}
	if err := base.Checked.UnmarshalText([]byte("2026-12-07")); err != nil {
		t.Fatal(err)
	}
	addr := &authorities.Address{Street: "Markt 1", Postcode: "07607", City: "Eisenberg"}
	scope := func(area string) []authorities.Scope {
		return []authorities.Scope{{Types: []string{"sozialamt"}, Areas: []string{area}}}
	}
	district, town, bare := base, base, base
	district.ID, district.Competent, district.Visitor, district.Phone = "district", scope("16074"), addr, "036691 1"
	district.Hours = authorities.Hours{Weekly: []authorities.Interval{{Day: time.Monday, Open: authorities.NewClock(8, 0), Close: authorities.NewClock(12, 0)}}}
	town.ID, town.Competent, town.Postal, town.Phone = "town", scope("160745002018"), addr, "036691 2"
	bare.ID, bare.Competent = "bare", scope("16053") // a record without contacts
	d, err := authorities.NewDirectory([]authorities.Record{district, town, bare})
	if err != nil {
		t.Fatal(err)
	}
	ps := []places.Place{
		{ARS: "160745002018", Population: 10000}, // the town record
		{ARS: "160740044044", Population: 6000},  // the district record
		{ARS: "160530000000", Population: 3000},  // a record without contacts
		{ARS: "032545407022", Population: 1000},  // nothing
		{ARS: "", Population: 0},
	}
	got := d.Coverage(sozialhilfe, ps)
	want := authorities.Coverage{Service: "sozialhilfe", Population: 20000, Record: 19000, Contact: 16000, Hours: 6000}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if s := got.Share(got.Contact); math.Abs(s-80) > 1e-9 {
		t.Errorf("share: got %v, want 80", s)
	}
	if s := (authorities.Coverage{}).Share(0); s != 0 {
		t.Errorf("share of nobody: got %v", s)
	}
}
