package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/places"
)

// TestCoverageSmallDirectory: on a directory of one Gesundheitsamt record
// only that row counts inhabitants, and only those of its area.
func TestCoverageSmallDirectory(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := authorities.Record{ID: "ga", Name: "Gesundheitsamt", Land: "16", Phone: "03641 1",
		Visitor:   &authorities.Address{Street: "Lutherplatz 3", Postcode: "07743", City: "Jena"},
		Competent: []authorities.Scope{{Types: []string{"gesundheitsamt"}, Areas: []string{"16053"}}},
		Source:    catalog.Source{Title: "Test"}}
	if err := r.Checked.UnmarshalText([]byte("2026-12-07")); err != nil {
		t.Fatal(err)
	}
	d, err := authorities.NewDirectory([]authorities.Record{r})
	if err != nil {
		t.Fatal(err)
	}
	ps := []places.Place{{ARS: "160530000000", Population: 300}, {ARS: "160745052018", Population: 100}}
	rows, err := coverage(d, cat, ps)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(coverageServices) {
		t.Fatalf("got %d rows, want %d", len(rows), len(coverageServices))
	}
	for _, row := range rows {
		want := 0.0
		if row.Label == "Gesundheitsamt" {
			want = 75
		}
		if row.Population != 400 || row.RecordShare != want || row.ContactShare != want || row.HoursShare != 0 {
			t.Errorf("%s: got %+v, want %v %% with record and contact", row.Label, row, want)
		}
	}
}

// TestCmdCoverage runs the command on the embedded data: a row for every
// office, the whole population, and the Markdown table without --json.
func TestCmdCoverage(t *testing.T) {
	stdout, _, err := runCmd(t, cmdCoverage, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []coverageRow
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(coverageServices) || rows[0].Population < 80_000_000 {
		t.Fatalf("got %d rows, population %d", len(rows), rows[0].Population)
	}
	for _, r := range rows {
		if r.Hours > r.Contact || r.Contact > r.Record || r.Record > r.Population {
			t.Errorf("%s: %+v is not nested", r.Label, r.Coverage)
		}
	}
	stdout, _, err = runCmd(t, cmdCoverage)
	if err != nil || !strings.Contains(stdout, "| Gesundheitsamt (`gesundheitszeugnis`) |") {
		t.Errorf("table: %v\n%s", err, stdout)
	}
}
