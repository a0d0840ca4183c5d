package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/internal/gv100ad"
)

// gvLine writes a GV100AD Gemeinde line (Satzart 60) as Destatis lays it
// out: the key in the file's order Land, RB, Kreis, Gemeinde, Verband.
func gvLine(ars, name string, population int, bufa string) string {
	key := ars[:5] + ars[9:] + ars[5:9]
	s := fmt.Sprintf("60%s%s%-50s%50s%-2s%4s%11d%11d%11d%4s%-5s%5s%2s%-4s", "20251130", key, name, "", "64", "", 1000, population, 0, "", "00000", "", "", bufa)
	return s + strings.Repeat(" ", 220-len([]rune(s)))
}

// fixture is a small register: a Kreis line, which is skipped, and
// Gemeinden that exercise each rule of build.
var fixture = strings.Join([]string{
	fmt.Sprintf("40%s%s%-50s", "20251130", "16074       ", "Saale-Holzland-Kreis") + strings.Repeat(" ", 120),
	gvLine("160530000000", "Jena, Stadt", 100, "4162"),               // a whole Kreis to one office
	gvLine("160745001001", "Eins", 10, "4162"),                       // a whole Verband to one office …
	gvLine("160745001002", "Zwei", 20, "4162"),                       //
	gvLine("160745002003", "Drei", 30, "4165"),                       // … and a one-Gemeinde Verband to another, without phone
	gvLine("010020000000", "Kiel, Landeshauptstadt", 200, "2119"),    // an alias
	gvLine("010580005005", "Altenholz", 40, "9999"),                  // an alias part
	gvLine("010585890001", "Anderswo", 50, "9999"),                   // the rest of that alias
	gvLine("053150000000", "Köln, Stadt", 500, "5214"),               // a city of several offices
	gvLine("010550120012", "Eutin, Stadt", 50, "2114"),               // no office, no alias
	gvLine("064120000000", "Frankfurt am Main, Stadt", 1000, "2612"), // several entries, one office to the citizen
	gvLine("040110000000", "Bremen, Stadt", 100, "2471"),             // a special office, aliased
}, "\n")

const officesJSON = `[
 {"buFaNr": "4162", "name": "Jena", "hausanschrift": {"strasse": "Leutragraben", "hausNr": "8", "plz": "07743", "ort": "Jena"}, "tel": "0361 1"},
 {"buFaNr": "4165", "name": "Drei", "hausanschrift": {"strasse": "Weg", "hausNr": "3", "plz": "07000", "ort": "Drei"}},
 {"buFaNr": "2120", "name": "Kiel", "hausanschrift": {"strasse": "Feldstr.", "hausNr": "23", "plz": "24105", "ort": "Kiel"}, "tel": "0431 602-0", "url": "www.example.org"},
 {"buFaNr": "2128", "name": "Rendsburg", "hausanschrift": {"strasse": "Kieler Str.", "hausNr": "19", "plz": "24768", "ort": "Rendsburg"}, "tel": "04331 598-0"},
 {"buFaNr": "5214", "name": "Köln-Altstadt", "hausanschrift": {"strasse": "Am Weidenbach", "hausNr": "2", "plz": "50667", "ort": "Köln"}, "tel": "0221 1"},
 {"buFaNr": "5215", "name": "Köln-Mitte", "hausanschrift": {"strasse": "Blaubach", "hausNr": "7", "plz": "50676", "ort": "Köln"}, "tel": "0221 2"},
 {"buFaNr": "5298", "name": "Köln-Mitte", "hausanschrift": {"strasse": "Blaubach", "hausNr": "7", "plz": "50676", "ort": "Köln"}, "tel": "0221 2"},
 {"buFaNr": "5297", "name": "Köln-Altstadt", "hausanschrift": {"strasse": "Am Weidenbach", "hausNr": "2", "plz": "50676", "ort": "Köln"}, "tel": "0221 1", "fax": "0221 9"},
 {"buFaNr": "2612", "name": "Frankfurt am Main", "hausanschrift": {"strasse": "Gutleutstraße", "hausNr": "118", "plz": "60327", "ort": "Frankfurt am Main"}, "tel": "069 2545-0"},
 {"buFaNr": "2613", "name": "Frankfurt am Main", "hausanschrift": {"strasse": "Gutleutstraße ", "hausNr": " 118", "plz": "60327", "ort": "Frankfurt am Main"}, "tel": "069 2545-0"},
 {"buFaNr": "2460", "name": "Bremen", "hausanschrift": {"strasse": "Rudolf-Hilferding-Platz", "hausNr": "1", "plz": "28195", "ort": "Bremen"}, "tel": "0421 361-90909"},
 {"buFaNr": "2471", "name": "Landeshauptkasse Bremen", "hausanschrift": {"strasse": "Schillerstr.", "hausNr": "22", "plz": "28195", "ort": "Bremen"}, "tel": "0421 361-90909"},
 {"buFaNr": "5270", "name": "Köln für Groß- und Konzernbetriebsprüfung", "hausanschrift": {"strasse": "Riehler Platz", "hausNr": "2", "plz": "50823", "ort": "Köln"}, "tel": "0221 3"}
]`

func TestBuild(t *testing.T) {
	rows, err := gv100ad.Read(strings.NewReader(fixture), "fixture")
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[1].Finanzamt; got != "4162" {
		t.Fatalf("Finanzamt column of Jena: %q, want 4162", got)
	}
	var offices []office
	if err := json.Unmarshal([]byte(officesJSON), &offices); err != nil {
		t.Fatal(err)
	}
	byPostcode := map[string][]string{"50676": {"053150000000"}, "50823": {"053150000000"}, "60327": {"064120000000"}, "28195": {"040110000000"}}
	testAliases := map[string]alias{
		"2119": {To: []string{"2120"}, Why: "merged", Source: "https://example.org/kiel"},
		"2471": {To: []string{"2460"}, Why: "the city's office", Source: "https://example.org/bremen"},
		"9999": {To: []string{"2120"}, Why: "merged", Source: "https://example.org/a", Parts: []part{
			{Prefix: "010580005", Name: "Altenholz", To: []string{"2128"}, Why: "moved", Source: "https://example.org/b"},
		}},
	}
	res, err := build(offices, rows, byPostcode, testAliases)
	if err != nil {
		t.Fatal(err)
	}
	// The areas of each record; a partial one with a "*".
	areas := map[string][]string{}
	for _, r := range res.records {
		if err := r.Validate(); err != nil {
			t.Error(err)
		}
		for _, sc := range r.Competent {
			for _, a := range sc.Areas {
				if sc.Partial {
					a += "*"
				}
				areas[r.ID] = append(areas[r.ID], a)
			}
			if !slices.Equal(sc.Types, []string{"finanzamt"}) {
				t.Errorf("%s: types %v", r.ID, sc.Types)
			}
		}
	}
	want := map[string][]string{
		"finanzamt-4162": {"16053", "160745001"},
		"finanzamt-4165": {"160745002003"},
		"finanzamt-2120": {"01002", "010585890001"},
		"finanzamt-2128": {"010580005005"},
		"finanzamt-2612": {"06412"},
		"finanzamt-2460": {"04011"},
		// Köln: its offices are candidates; 5298 is 5215 again, 5297
		// differs from 5214 in its fax only.
		"finanzamt-5214": {"053150000000*"},
		"finanzamt-5215": {"053150000000*"},
		"finanzamt-5297": {"053150000000*"},
	}
	for id, w := range want {
		if !slices.Equal(areas[id], w) {
			t.Errorf("%s: areas %v, want %v", id, areas[id], w)
		}
	}
	if len(areas) != len(want) {
		t.Errorf("records %v, want only %v (none for 2114, none for 5298)", areas, want)
	}
	jena := res.records[slices.IndexFunc(res.records, func(r authorities.Record) bool { return r.ID == "finanzamt-4162" })]
	if jena.Name != "Finanzamt Jena" || jena.Visitor.Street != "Leutragraben 8" || jena.Visitor.Postcode != "07743" || jena.Phone != "0361 1" || jena.Land != "16" || !jena.Hours.IsZero() {
		t.Errorf("Jena record: %+v", jena)
	}
	kiel := res.records[slices.IndexFunc(res.records, func(r authorities.Record) bool { return r.ID == "finanzamt-2120" })]
	if kiel.Web != "http://www.example.org" {
		t.Errorf("Kiel web %q, want the scheme added", kiel.Web)
	}
	if n := strings.Join(res.notes["finanzamt-2120"], "|"); !strings.Contains(n, "2119") || !strings.Contains(n, "https://example.org/kiel") {
		t.Errorf("Kiel notes %q, want the alias and its source", n)
	}
	if n := strings.Join(res.notes["finanzamt-2128"], "|"); !strings.Contains(n, "Altenholz") || !strings.Contains(n, "https://example.org/b") {
		t.Errorf("Rendsburg notes %q, want the alias part and its source", n)
	}
	if n := strings.Join(res.notes["finanzamt-2612"], "|"); !strings.Contains(n, "2612, 2613 with the same name and contacts") {
		t.Errorf("Frankfurt notes %q, want the entries it stands for", n)
	}
	for id, dept := range map[string]string{"finanzamt-5214": "Finanzamtsnummer 5214", "finanzamt-5297": "Finanzamtsnummer 5297", "finanzamt-5215": ""} {
		r := res.records[slices.IndexFunc(res.records, func(r authorities.Record) bool { return r.ID == id })]
		if r.Department != dept {
			t.Errorf("%s: department %q, want %q (the number only where the name is not enough)", id, r.Department, dept)
		}
	}
	if n := strings.Join(res.notes["finanzamt-5214"], "|"); !strings.Contains(n, "one of the 3 citizen offices 5214, 5215, 5297") {
		t.Errorf("Köln-Altstadt notes %q, want the candidates", n)
	}
	if n := strings.Join(res.notes["finanzamt-5215"], "|"); !strings.Contains(n, "5215, 5298 with the same name and contacts") {
		t.Errorf("Köln-Mitte notes %q, want the entries it stands for", n)
	}
	logText := strings.Join(res.log, "\n")
	for _, w := range []string{
		"no office for BUFA number 2114: 50 inhabitants",
		"several offices, listed as candidates: Köln, Stadt: 5214, 5215, 5297, 5298 (500 inhabitants)",
		"2020 of 2100 inhabitants (96.2 %) have a Finanzamt record with street and phone, 500 (23.8 %) of them in a city of several offices listed as candidates",
		"30 (1.4 %) have a record without street or phone, 50 (2.4 %) no office for their BUFA number",
	} {
		if !strings.Contains(logText, w) {
			t.Errorf("log lacks %q:\n%s", w, logText)
		}
	}
}

func TestBuildRejectsBadAliases(t *testing.T) {
	var offices []office
	if err := json.Unmarshal([]byte(officesJSON), &offices); err != nil {
		t.Fatal(err)
	}
	for name, a := range map[string]map[string]alias{
		"alias of a citizen office": {"4162": {To: []string{"2120"}}},
		"alias to a missing office": {"2119": {To: []string{"0001"}}},
	} {
		if _, err := build(offices, nil, nil, a); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSpecial(t *testing.T) {
	for name, want := range map[string]bool{
		"Jena": false, "Köln-Altstadt": false, "Hamburg-Am Tierpark": false, "Eckernförde-Schleswig": false,
		"für Körperschaften I": true, "Kiel Bewertung für Grundsteuer 79": true, "München Erhebung": true,
		"Landeshauptkasse Bremen": true, "Neubrandenburg - RIA (Rentenempfänger im Ausland)": true,
		"Homburg - Außenst. St. Ingbert": true, "Stuttgart-Körpersch.": true,
	} {
		if got := special(name); got != want {
			t.Errorf("special(%q) = %v, want %v", name, got, want)
		}
	}
}
