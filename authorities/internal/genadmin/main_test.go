package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/lotse-de/lotse/internal/gv100ad"
	"github.com/lotse-de/lotse/places"
)

// fixture reads testdata/gv100ad.txt, real lines of the register for six
// Verbände, and the gazetteer's places with those keys.
func fixture(t *testing.T) ([]gv100ad.Record, []places.Place) {
	t.Helper()
	register, err := gv100ad.ReadFile("testdata/gv100ad.txt")
	if err != nil {
		t.Fatal(err)
	}
	g, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	var all []places.Place
	for _, r := range register {
		if r.Satzart != gv100ad.SatzartGemeinde {
			continue
		}
		p, ok := g.ByARS(r.ARS())
		if !ok {
			t.Fatalf("no place %s %s in the gazetteer", r.ARS(), r.Name)
		}
		all = append(all, p)
	}
	return register, all
}

// TestAdministrations checks who administers whom: a Verbandsgemeinde
// and an Amt are one record for their members, the seat's postcode coming
// from the Gemeinde named like the seat (for Amt Eiderstedt two Gemeinden
// named Garding, with one postcode); an erfüllende Gemeinde is one record
// for the Verband, itself included; a kreisfreie Stadt and the members of
// a Verwaltungsverband in Baden-Württemberg are their own; Berlin gets
// none.
func TestAdministrations(t *testing.T) {
	register, all := fixture(t)
	admins, problems := administrations(register, all)
	if len(problems) > 0 {
		t.Errorf("problems: %q", problems)
	}
	var got []string
	for _, a := range admins {
		got = append(got, strings.Join([]string{a.id, a.name, a.postcode, a.city, strings.Join(a.areas, ",")}, "|"))
	}
	want := []string{
		"verwaltung-010545417|Amt Eiderstedt|25836|Garding|010545417",
		"verwaltung-073395002|Verbandsgemeinde Bodenheim|55294|Bodenheim|073395002",
		"verwaltung-081155001001|Aidlingen|71134|Aidlingen|081155001001",
		"verwaltung-081155001054|Grafenau|71120|Grafenau|081155001054",
		"verwaltung-160530000000|Jena, Stadt|07743|Jena|160530000000",
		"verwaltung-160625053|Heringen/Helme, Stadt (erfüllende Gemeinde)|99765|Heringen/Helme|160625053",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	people := 0
	for _, p := range all {
		if !strings.HasPrefix(p.ARS, "11") {
			people += p.Population
		}
	}
	sum := 0
	for _, a := range admins {
		sum += a.population
	}
	if sum != people {
		t.Errorf("administrations serve %d inhabitants, want %d (all but Berlin's)", sum, people)
	}
}

func TestSeatOf(t *testing.T) {
	gemeinden := map[string]gv100ad.Record{}
	add := func(ars, name, postcode string) {
		gemeinden[ars] = gv100ad.Record{Satzart: "60", Land: ars[:2], RB: ars[2:3], Kreis: ars[3:5], Vb: ars[5:9], Gemeinde: ars[9:], Name: name, Postcode: postcode}
	}
	add("130715162001", "Stavenhagen, Stadt", "17153")
	add("130715162002", "Basepohl", "17153")
	add("160745005012", "Crossen an der Elster", "07613")
	add("160745005013", "Hartmannsdorf", "07613")
	add("073325006001", "Neustadt, Stadt", "67433")
	add("073325007001", "Neustadt (Wied)", "53577")
	verband := func(key, seat string) gv100ad.Record {
		return gv100ad.Record{Satzart: "50", Land: key[:2], RB: key[2:3], Kreis: key[3:5], Vb: key[5:9], Seat: seat}
	}
	for _, tc := range []struct{ key, seat, want string }{
		{"130715162", "Reuterstadt Stavenhagen", "17153"},
		{"160745005", "Crossen", "07613"},
		{"130715162", "Nowhere", ""},
		{"073329999", "Neustadt", ""}, // two in the Kreis, with different postcodes
		{"130715162", "", ""},
	} {
		r, ok := seatOf(verband(tc.key, tc.seat), gemeinden)
		if got := r.Postcode; got != tc.want || ok != (tc.want != "") {
			t.Errorf("seat %q of %s: got %q (%v), want %q", tc.seat, tc.key, got, ok, tc.want)
		}
	}
}

func TestVerbandName(t *testing.T) {
	for _, tc := range []struct{ name, kind, want string }{
		{"Bodenheim", "Verbandsgemeinde", "Verbandsgemeinde Bodenheim"},
		{"Emmerting (VGem)", "Verwaltungsgemeinschaft", "Verwaltungsgemeinschaft Emmerting"},
		{"EG Uder", "erfüllende Gemeinde", "Erfüllende Gemeinde Uder"},
		{"Heringen/Helme, Stadt", "erfüllende Gemeinde", "Heringen/Helme, Stadt (erfüllende Gemeinde)"},
		{"Samtgemeinde Hollenstedt", "Samtgemeinde", "Samtgemeinde Hollenstedt"},
	} {
		if got := verbandName(tc.name, tc.kind); got != tc.want {
			t.Errorf("verbandName(%q, %q) = %q, want %q", tc.name, tc.kind, got, tc.want)
		}
	}
}

// TestWrite checks that a name with a tab stays in its column.
func TestWrite(t *testing.T) {
	var buf bytes.Buffer
	write(&buf, []admin{{id: "verwaltung-073395002", name: "Verbandsgemeinde\tBodenheim", postcode: "55294", city: "Bodenheim", areas: []string{"073395002"}}})
	last := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if got, want := last[len(last)-1], "verwaltung-073395002\tVerbandsgemeinde Bodenheim\t55294\tBodenheim\t073395002"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
