package main

import (
	"os"
	"testing"
)

// TestRecords checks the fixture's entries, a trimmed copy of real ones
// (one email changed): two counters of the Bürgerbüro Orleansplatz
// become one record with the main counter's contacts; the Führerscheinstelle's
// main counter gives no phone, so the entry with the location's common
// phone stands for it; a non-public entry and a fire station are left out.
func TestRecords(t *testing.T) {
	b, err := os.ReadFile("testdata/locations.json")
	if err != nil {
		t.Fatal(err)
	}
	locs, err := parse(b)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := records(locs)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("got %d records, want 2: %+v", len(recs), recs)
	}
	bb, fs := recs[0], recs[1]
	for _, c := range []struct{ field, got, want string }{
		{"id", bb.ID, "muenchen-buergerbuero-orleansstrasse-50"},
		{"name", bb.Name, "Landeshauptstadt München, Kreisverwaltungsreferat"},
		{"department", bb.Department, "Bürgerbüro Orleansplatz"},
		{"street", bb.Visitor.Street, "Orleansstraße 50"},
		{"postcode", bb.Visitor.Postcode, "81667"},
		{"city", bb.Visitor.City, "München"},
		{"phone", bb.Phone, "089 233-96000"},
		{"email", bb.Email, "buergerbuero-orleansplatz.kvr@muenchen.de"},
		{"web", bb.Web, "https://stadt.muenchen.de/en/buergerservice/terminvereinbarung.html/#/locations/102522"},
		{"type", bb.Competent[0].Types[0], "meldebehoerde"},
		{"area", bb.Competent[0].Areas[0], "091620000000"},
		{"checked", bb.Checked.Format("2006-01-02"), checked},
		{"id", fs.ID, "muenchen-fuehrerscheinstelle-garmischer-strasse-19-21"},
		{"phone", fs.Phone, "089 233-96090"},
		{"email", fs.Email, "fuehrerscheine.kvr@muenchen.de"},
		{"type", fs.Competent[0].Types[0], "fahrerlaubnisbehoerde"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.field, c.got, c.want)
		}
	}
	if bb.Lat < 48.128 || bb.Lat > 48.129 || bb.Lon < 11.604 || bb.Lon > 11.605 {
		t.Errorf("coordinates %v, %v, want those of the data (48.1287, 11.6050)", bb.Lat, bb.Lon)
	}
	if !bb.Hours.IsZero() {
		t.Errorf("hours %+v, want none: the data gives none", bb.Hours)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Landsberger Straße 486":   "landsberger-strasse-486",
		"Garmischer Straße 19-21":  "garmischer-strasse-19-21",
		"Eichstätter Straße 2":     "eichstaetter-strasse-2",
		" Forstenrieder Allee 61a": "forstenrieder-allee-61a",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
