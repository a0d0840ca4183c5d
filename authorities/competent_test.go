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

// Hand-made places with keys from the Destatis municipality register.
var (
	eisenberg   = places.Place{AGS: "16074018", ARS: "160745002018", Name: "Eisenberg, Stadt", District: "Saale-Holzland-Kreis", Land: "Thüringen"}
	crossen     = places.Place{AGS: "16074012", ARS: "160745005012", Name: "Crossen an der Elster", District: "Saale-Holzland-Kreis", Association: "Heideland-Elstertal-Schkölen", Land: "Thüringen"}
	jena        = places.Place{AGS: "16053000", ARS: "160530000000", Name: "Jena, Stadt", District: "Jena, Stadt", Land: "Thüringen"}
	kahla       = places.Place{AGS: "16074044", ARS: "160740044044", Name: "Kahla, Stadt", District: "Saale-Holzland-Kreis", Land: "Thüringen"}
	holle       = places.Place{AGS: "03254022", ARS: "032545407022", Name: "Holle", District: "Hildesheim", Land: "Niedersachsen"}
	hannover    = places.Place{AGS: "03241001", ARS: "032410001001", Name: "Hannover, Landeshauptstadt", District: "Region Hannover", Land: "Niedersachsen"}
	ahaus       = places.Place{AGS: "05554004", ARS: "055540004004", Name: "Ahaus, Stadt", District: "Borken", Land: "Nordrhein-Westfalen"}
	buechen     = places.Place{AGS: "01053020", ARS: "010535321020", Name: "Büchen", District: "Herzogtum Lauenburg", DistrictKind: "Kreis", Association: "Büchen", AssociationKind: "Amt", Land: "Schleswig-Holstein"}
	boehl       = places.Place{AGS: "07338003", ARS: "073385001003", Name: "Böhl-Iggelheim", District: "Rhein-Pfalz-Kreis", DistrictKind: "Landkreis", Association: "Dannstadt-Schauernheim", AssociationKind: "Verbandsgemeinde", Land: "Rheinland-Pfalz"}
	bwVillage   = places.Place{AGS: "08125005", ARS: "081255001005", Name: "Beispiel-Dorf", District: "Heilbronn", DistrictKind: "Landkreis", Association: "GVV Beispiel", AssociationKind: "Verwaltungsverband", Land: "Baden-Württemberg"}
	stuttgart   = places.Place{AGS: "08111000", ARS: "081110000000", Name: "Stuttgart, Landeshauptstadt", District: "Stuttgart, Landeshauptstadt", DistrictKind: "Stadtkreis", Land: "Baden-Württemberg"}
	voelklingen = places.Place{AGS: "10041519", ARS: "100410519519", Name: "Völklingen, Stadt", District: "Regionalverband Saarbrücken", DistrictKind: "Regionalverband", Land: "Saarland"}
	berlin      = places.Place{AGS: "11000000", ARS: "110000000000", Name: "Berlin, Stadt", District: "Berlin, Stadt", Land: "Berlin"}
)

func service(id, leika string, a catalog.Authority) *catalog.Service {
	return &catalog.Service{ID: id, LeiKa: leika, Authority: a}
}

var (
	sozialhilfe              = service("sozialhilfe", "", catalog.Authority{Level: catalog.LevelKreis, Type: "sozialamt"})
	anmeldung                = service("wohnsitz-anmelden", "", catalog.Authority{Level: catalog.LevelGemeinde, Type: "meldebehoerde"})
	baumfaellen              = service("baum-faellen", "", catalog.Authority{Level: catalog.LevelGemeinde, Type: "gemeindeverwaltung"})
	schwerbehindertenausweis = service("schwerbehindertenausweis", "", catalog.Authority{
		Level: catalog.LevelLand, Type: "versorgungsamt",
		Exceptions: []catalog.Exception{{Lands: []string{"05", "08"}, Level: catalog.LevelKreis, Type: "versorgungsamt",
			Note: catalog.Text{"de": "In diesem Land sind die Kreise zuständig.", "en": "In this Land the districts are responsible."}}},
	})
	kindergeld = service("kindergeld", "", catalog.Authority{Level: catalog.LevelBund, Type: "familienkasse"})
)

func load(t testing.TB) *authorities.Directory {
	t.Helper()
	d, err := authorities.Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return d
}

func TestCompetentSeedRecord(t *testing.T) {
	d := load(t)
	for _, p := range []places.Place{eisenberg, crossen, kahla} {
		c := d.Competent(sozialhilfe, p)
		if c.Derived || c.Record == nil {
			t.Fatalf("%s: got derived %q, want the seed record", p.Name, c.Body["de"])
		}
		r := c.Record
		checks := []struct{ field, got, want string }{
			{"body", c.Body["de"], "Landratsamt Saale-Holzland-Kreis – Sozialamt"},
			{"type name", c.TypeName["de"], "Sozialamt"},
			{"area", c.Area, "16074"},
			{"visitor", r.Visitor.Street + ", " + r.Visitor.Postcode + " " + r.Visitor.City, "Schulgasse 15, 07607 Eisenberg"},
			{"postal", r.Postal.POBox + ", " + r.Postal.Postcode + " " + r.Postal.City, "1310, 07602 Eisenberg"},
			{"phone", r.Phone, "036691 70-632"},
			{"fax", r.Fax, "036691 70-750"},
			{"source", r.Source.Title, "Zuständigkeitsfinder Thüringen (Linie6Plus)"},
			{"checked", r.Checked.Format("2006-01-02"), "2026-11-23"},
		}
		for _, ch := range checks {
			if ch.got != ch.want {
				t.Errorf("%s: %s: got %q, want %q", p.Name, ch.field, ch.got, ch.want)
			}
		}
		if r.Lat != 0 || r.Lon != 0 {
			t.Errorf("coordinates: got %v,%v, want none (the source gives none)", r.Lat, r.Lon)
		}
		if !c.LookupHint.IsZero() {
			t.Errorf("lookup hint: got %q, want none for a record", c.LookupHint["de"])
		}
	}
	r, _ := d.Record("lra-saale-holzland-kreis-sozialamt")
	want := []authorities.Parking{{Kind: "standard", Number: 2}, {Kind: "disabled", Number: 1}}
	if len(r.Parking) != len(want) {
		t.Fatalf("parking: got %d kinds, want %d", len(r.Parking), len(want))
	}
	for i, p := range r.Parking {
		if p.Kind != want[i].Kind || p.Number != want[i].Number || p.Fee == nil || *p.Fee {
			t.Errorf("parking %d: got %+v, want %+v without fee", i, p, want[i])
		}
	}
}

func TestCompetentDerived(t *testing.T) {
	// Names of derived bodies must not depend on which real records the
	// directory holds: a hand-checked record for one of these places would
	// otherwise hide the pattern under test.
	d, err := authorities.NewDirectory(nil)
	if err != nil {
		t.Fatalf("NewDirectory: %v", err)
	}
	tests := []struct {
		name    string
		svc     *catalog.Service
		place   places.Place
		level   catalog.Level
		de, en  string
		hintHas string // a part of the German lookup hint
		noteDE  string
	}{
		{"sozialamt outside the record's area", sozialhilfe, holle, catalog.LevelKreis,
			"Sozialamt des Landkreises Hildesheim", "social welfare office of the district of Hildesheim", "Website des Landkreises Hildesheim", ""},
		{"kreisfreie Stadt", sozialhilfe, jena, catalog.LevelKreis,
			"Sozialamt der Stadt Jena", "social welfare office of the city of Jena", "Website der Stadt Jena", ""},
		{"Region Hannover", sozialhilfe, hannover, catalog.LevelKreis,
			"Sozialamt der Region Hannover", "social welfare office of the Region Hannover", "Website der Region Hannover", ""},
		{"Kreis in NRW", sozialhilfe, ahaus, catalog.LevelKreis,
			"Sozialamt des Kreises Borken", "social welfare office of the district of Borken", "Website des Kreises Borken", ""},
		{"town", anmeldung, eisenberg, catalog.LevelGemeinde,
			"Bürgeramt (Meldebehörde) der Stadt Eisenberg", "citizens' office (registration office) of the town of Eisenberg", "Website der Stadt Eisenberg", ""},
		{"municipality in a Verwaltungsgemeinschaft", anmeldung, crossen, catalog.LevelGemeinde,
			"Bürgeramt (Meldebehörde) der für Crossen an der Elster zuständigen Verwaltung (Heideland-Elstertal-Schkölen)",
			"citizens' office (registration office) of the administration responsible for Crossen an der Elster (Heideland-Elstertal-Schkölen)", "Website der für Crossen an der Elster zuständigen Verwaltung", ""},
		{"municipality", anmeldung, holle, catalog.LevelGemeinde,
			"Bürgeramt (Meldebehörde) der Gemeinde Holle", "citizens' office (registration office) of the municipality of Holle", "Website der Gemeinde Holle", ""},
		{"administration", baumfaellen, kahla, catalog.LevelGemeinde,
			"Verwaltung der Stadt Kahla", "administration of the town of Kahla", "Kahla", ""},
		{"Berlin", anmeldung, berlin, catalog.LevelGemeinde,
			"Bürgeramt (Meldebehörde) des zuständigen Bezirksamts in Berlin", "citizens' office (registration office) of the responsible district office (Bezirksamt) in Berlin", "Bezirksamts", ""},
		{"administration of a Verwaltungsgemeinschaft", baumfaellen, crossen, catalog.LevelGemeinde,
			"für Crossen an der Elster zuständige Verwaltung (Heideland-Elstertal-Schkölen)", "administration responsible for Crossen an der Elster (Heideland-Elstertal-Schkölen)", "Website der für Crossen", ""},
		{"administration of an Amt", baumfaellen, buechen, catalog.LevelGemeinde,
			"Verwaltung des Amtes Büchen", "administration of the Amt Büchen", "Website des Amtes Büchen", ""},
		{"Amt", anmeldung, buechen, catalog.LevelGemeinde,
			"Bürgeramt (Meldebehörde) des Amtes Büchen", "citizens' office (registration office) of the Amt Büchen", "Website des Amtes Büchen", ""},
		{"Verbandsgemeinde", anmeldung, boehl, catalog.LevelGemeinde,
			"Bürgeramt (Meldebehörde) der Verbandsgemeinde Dannstadt-Schauernheim", "citizens' office (registration office) of the Verbandsgemeinde Dannstadt-Schauernheim", "Website der Verbandsgemeinde Dannstadt-Schauernheim", ""},
		{"own administration in Baden-Württemberg", anmeldung, bwVillage, catalog.LevelGemeinde,
			"Bürgeramt (Meldebehörde) der Gemeinde Beispiel-Dorf", "citizens' office (registration office) of the municipality of Beispiel-Dorf", "Website der Gemeinde Beispiel-Dorf", ""},
		{"Kreis by kind", sozialhilfe, buechen, catalog.LevelKreis,
			"Sozialamt des Kreises Herzogtum Lauenburg", "social welfare office of the district of Herzogtum Lauenburg", "Kreises Herzogtum Lauenburg", ""},
		{"Stadtkreis", sozialhilfe, stuttgart, catalog.LevelKreis,
			"Sozialamt der Stadt Stuttgart", "social welfare office of the city of Stuttgart", "Stadt Stuttgart", ""},
		{"Regionalverband", sozialhilfe, voelklingen, catalog.LevelKreis,
			"Sozialamt des Regionalverbands Saarbrücken", "social welfare office of the Regionalverband Saarbrücken", "Website des Regionalverbands Saarbrücken", ""},
		{"land level", schwerbehindertenausweis, eisenberg, catalog.LevelLand,
			"Versorgungsamt (Thüringen)", "pensions and disability office (Versorgungsamt) (Thuringia)", "Landesverwaltung (Thüringen)", ""},
		{"land exception", schwerbehindertenausweis, ahaus, catalog.LevelKreis,
			"Versorgungsamt des Kreises Borken", "pensions and disability office (Versorgungsamt) of the district of Borken", "Kreises Borken", "In diesem Land sind die Kreise zuständig."},
		{"bund", kindergeld, eisenberg, catalog.LevelBund,
			"Familienkasse", "Family Benefits Office (Familienkasse)", "Website der Behörde", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := d.Competent(tt.svc, tt.place)
			if !c.Derived || c.Record != nil {
				t.Fatalf("got record %v, want a derived body", c.Record)
			}
			if c.Level != tt.level {
				t.Errorf("level: got %q, want %q", c.Level, tt.level)
			}
			if c.Body["de"] != tt.de {
				t.Errorf("body de: got %q, want %q", c.Body["de"], tt.de)
			}
			if c.Body["en"] != tt.en {
				t.Errorf("body en: got %q, want %q", c.Body["en"], tt.en)
			}
			if !strings.Contains(c.LookupHint["de"], tt.hintHas) {
				t.Errorf("hint: got %q, want it to contain %q", c.LookupHint["de"], tt.hintHas)
			}
			if c.LookupHint["en"] == "" || !c.Call115 {
				t.Errorf("hint en %q, 115 %v: want a hint and the 115", c.LookupHint["en"], c.Call115)
			}
			if c.Note["de"] != tt.noteDE {
				t.Errorf("note: got %q, want %q", c.Note["de"], tt.noteDE)
			}
			for _, s := range []string{c.Body["de"], c.Body["en"], c.LookupHint["de"], c.LookupHint["en"]} {
				if strings.Contains(s, "{") {
					t.Errorf("unfilled placeholder in %q", s)
				}
			}
		})
	}
}

func TestCompetentLongestPrefixWins(t *testing.T) {
	fee := false
	base := authorities.Record{
		Name: "Beispielamt", Land: "16",
		Source:  catalog.Source{Title: "Test"},
		Hours:   authorities.Hours{},
		Parking: []authorities.Parking{{Kind: "standard", Number: 1, Fee: &fee}},
	}
	if err := base.Checked.UnmarshalText([]byte("2026-11-23")); err != nil {
		t.Fatal(err)
	}
	district, town, byID, land := base, base, base, base
	district.ID, district.Competent = "a-district", []authorities.Scope{{Types: []string{"sozialamt"}, Areas: []string{"16074"}}}
	town.ID, town.Competent = "b-town", []authorities.Scope{{Types: []string{"sozialamt"}, Areas: []string{"160745002018"}}}
	byID.ID, byID.Competent = "c-by-id", []authorities.Scope{{Services: []string{"sozialhilfe"}, Areas: []string{"16074"}}}
	land.ID, land.Competent = "d-land", []authorities.Scope{{Types: []string{"sozialamt"}, Areas: []string{"16"}}}
	d, err := authorities.NewDirectory([]authorities.Record{land, byID, town, district})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		place places.Place
		want  string
	}{
		{eisenberg, "b-town"},
		{kahla, "c-by-id"}, // same prefix length as a-district; a match by id wins
		{jena, "d-land"},
	}
	for _, tt := range tests {
		c := d.Competent(sozialhilfe, tt.place)
		if c.Record == nil || c.Record.ID != tt.want {
			t.Errorf("%s: got %+v, want record %s", tt.place.Name, c.Record, tt.want)
		}
	}
	if c := d.Competent(sozialhilfe, holle); !c.Derived {
		t.Errorf("Holle: got record %s, want derived", c.Record.ID)
	}
}

func TestCompetentOddInput(t *testing.T) {
	d := load(t)
	if c := d.Competent(nil, eisenberg); c.Body["de"] != "" {
		t.Errorf("nil service: got %q, want empty", c.Body["de"])
	}
	c := d.Competent(sozialhilfe, places.Place{})
	if !c.Derived || c.LookupHint.IsZero() || c.Body["de"] != "Sozialamt" {
		t.Errorf("empty place: got %+v, want the bare type with a hint", c)
	}
	c = d.Competent(anmeldung, places.Place{AGS: "16"})
	if c.Body["de"] != "Bürgeramt (Meldebehörde)" || !strings.Contains(c.LookupHint["de"], "Thüringen") {
		t.Errorf("place with only a Land: got %q / %q", c.Body["de"], c.LookupHint["de"])
	}
	c = d.Competent(service("x", "", catalog.Authority{Level: catalog.LevelKreis, Type: "no-such-type"}), holle)
	if c.Body["de"] != "zuständige Stelle des Landkreises Hildesheim" {
		t.Errorf("unknown type: got %q", c.Body["de"])
	}
}

func TestNewDirectoryRejectsBadRecords(t *testing.T) {
	good := authorities.Record{ID: "x", Name: "X", Land: "16", Source: catalog.Source{Title: "T"},
		Competent: []authorities.Scope{{Types: []string{"sozialamt"}, Areas: []string{"16074"}}}}
	_ = good.Checked.UnmarshalText([]byte("2026-11-23"))
	if _, err := authorities.NewDirectory([]authorities.Record{good}); err != nil {
		t.Fatalf("good record: %v", err)
	}
	tests := map[string]func(r *authorities.Record){
		"no name":   func(r *authorities.Record) { r.Name = "" },
		"bad land":  func(r *authorities.Record) { r.Land = "17" },
		"no source": func(r *authorities.Record) { r.Source.Title = "" },
		"bad area": func(r *authorities.Record) {
			r.Competent = []authorities.Scope{{Types: []string{"sozialamt"}, Areas: []string{"1607"}}}
		},
		"unknown type": func(r *authorities.Record) {
			r.Competent = []authorities.Scope{{Types: []string{"nope"}, Areas: []string{"16"}}}
		},
		"empty scope": func(r *authorities.Record) { r.Competent = []authorities.Scope{{Areas: []string{"16"}}} },
		"bad interval": func(r *authorities.Record) {
			r.Hours.Weekly = []authorities.Interval{{Open: authorities.NewClock(12, 0), Close: authorities.NewClock(8, 0)}}
		},
	}
	for name, breakIt := range tests {
		r := good
		breakIt(&r)
		if _, err := authorities.NewDirectory([]authorities.Record{r}); err == nil {
			t.Errorf("%s: got no error", name)
		}
	}
	if _, err := authorities.NewDirectory([]authorities.Record{good, good}); err == nil {
		t.Error("duplicate id: got no error")
	}
}

func BenchmarkCompetent(b *testing.B) {
	d := load(b)
	cases := []struct {
		svc *catalog.Service
		p   places.Place
	}{
		{sozialhilfe, eisenberg}, // record
		{sozialhilfe, holle},     // derived district
		{anmeldung, crossen},     // derived association
		{kindergeld, eisenberg},  // federal
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c := cases[i%len(cases)]
		d.Competent(c.svc, c.p)
	}
}

func TestLoadFSRejectsUnknownHoursKeys(t *testing.T) {
	texts, err := os.ReadFile("texts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rec := `id: x
name: X
land: "16"
hours:
  weekly:
    - {day: monday, open: "08:00", close: "12:00", closes: "13:00"}
competent: [{types: [sozialamt], areas: ["16"]}]
source: {title: T}
checked: 2026-11-23
`
	fsys := fstest.MapFS{"texts.yaml": {Data: texts}, "directory/x.yaml": {Data: []byte(rec)}}
	if _, err := authorities.LoadFS(fsys, locales.Translations("authorities")); err == nil || !strings.Contains(err.Error(), "closes") {
		t.Errorf("got %v, want an error naming the unknown key", err)
	}
	fsys["directory/x.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(rec, `, closes: "13:00"`, "", 1))}
	if _, err := authorities.LoadFS(fsys, locales.Translations("authorities")); err != nil {
		t.Errorf("valid record: %v", err)
	}
}

// TestCompetentAllTypes derives a body for every authority type at every
// level and checks that no placeholder or doubled space is left.
func TestCompetentAllTypes(t *testing.T) {
	d := load(t)
	levels := []catalog.Level{catalog.LevelGemeinde, catalog.LevelKreis, catalog.LevelLand, catalog.LevelBund}
	for typ := range authorities.Types {
		for _, level := range levels {
			for _, p := range []places.Place{eisenberg, crossen, jena, hannover, berlin, buechen, voelklingen} {
				c := d.Competent(service("x", "", catalog.Authority{Level: level, Type: typ}), p)
				texts := []string{c.Body["de"], c.Body["en"]}
				if c.Derived {
					texts = append(texts, c.LookupHint["de"], c.LookupHint["en"])
				}
				for _, s := range texts {
					if s == "" || strings.ContainsAny(s, "{}") || strings.Contains(s, "  ") {
						t.Errorf("%s/%s at %s: bad text %q", typ, level, p.Name, s)
					}
				}
			}
		}
	}
}

// TestCompetentNoPublicOffice: an employer or a bank is named by its kind,
// and the hint does not send the user to an office finder or to 115.
func TestCompetentNoPublicOffice(t *testing.T) {
	d := load(t)
	for _, tc := range []struct{ typ, body string }{
		{"arbeitgeber", "Ihr Arbeitgeber (keine Behörde)"},
		{"bank", "Bank oder Sparkasse"},
	} {
		svc := service("x", "", catalog.Authority{Level: catalog.LevelBund, Type: tc.typ})
		c := d.Competent(svc, eisenberg)
		if c.Body["de"] != tc.body {
			t.Errorf("%s: body %q, want %q", tc.typ, c.Body["de"], tc.body)
		}
		if !strings.Contains(c.LookupHint["de"], "keine Behörde") || strings.Contains(c.LookupHint["de"], "115") || c.LookupHint["en"] == "" {
			t.Errorf("%s: hint %q / %q, want one that says it is no public office, without 115", tc.typ, c.LookupHint["de"], c.LookupHint["en"])
		}
		if c.Call115 || c.Finder != nil {
			t.Errorf("%s: 115 %v, finder %v, want neither for a body that is no public office", tc.typ, c.Call115, c.Finder)
		}
	}
}

// TestCompetentDistrictNamesWithKind: a district whose name already says
// what it is gets no "des Kreises" or "des Landkreises" before it.
func TestCompetentDistrictNamesWithKind(t *testing.T) {
	d, err := authorities.NewDirectory(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ district, kind, land, de, en string }{
		{"Städteregion Aachen", "Kreis", "05", "Sozialamt der StädteRegion Aachen", "social welfare office of the StädteRegion Aachen"},
		{"Rhein-Kreis Neuss", "Kreis", "05", "Sozialamt des Rhein-Kreises Neuss", "social welfare office of the Rhein-Kreis Neuss"},
		{"Rhein-Sieg-Kreis", "Kreis", "05", "Sozialamt des Rhein-Sieg-Kreises", "social welfare office of the Rhein-Sieg-Kreis"},
		{"Oberbergischer Kreis", "Kreis", "05", "Sozialamt des Oberbergischen Kreises", "social welfare office of the Oberbergischer Kreis"},
		{"Rheinisch-Bergischer Kreis", "Kreis", "05", "Sozialamt des Rheinisch-Bergischen Kreises", "social welfare office of the Rheinisch-Bergischer Kreis"},
		{"Hochsauerlandkreis", "Kreis", "05", "Sozialamt des Hochsauerlandkreises", "social welfare office of the Hochsauerlandkreis"},
		{"Saale-Holzland-Kreis", "Landkreis", "16", "Sozialamt des Saale-Holzland-Kreises", "social welfare office of the Saale-Holzland-Kreis"},
		{"Eifelkreis Bitburg-Prüm", "Landkreis", "07", "Sozialamt des Eifelkreises Bitburg-Prüm", "social welfare office of the Eifelkreis Bitburg-Prüm"},
		{"Landkreis Rostock", "Landkreis", "13", "Sozialamt des Landkreises Rostock", "social welfare office of the district of Rostock"},
		{"Region Hannover", "Landkreis", "03", "Sozialamt der Region Hannover", "social welfare office of the Region Hannover"},
		{"Regionalverband Saarbrücken", "Regionalverband", "10", "Sozialamt des Regionalverbands Saarbrücken", "social welfare office of the Regionalverband Saarbrücken"},
		{"Borken", "Kreis", "05", "Sozialamt des Kreises Borken", "social welfare office of the district of Borken"},
	}
	for _, tt := range tests {
		p := places.Place{AGS: tt.land + "999001", ARS: tt.land + "9990001001", Name: "Beispiel", District: tt.district, DistrictKind: tt.kind}
		c := d.Competent(sozialhilfe, p)
		if c.Body["de"] != tt.de || c.Body["en"] != tt.en {
			t.Errorf("%s: got %q / %q, want %q / %q", tt.district, c.Body["de"], c.Body["en"], tt.de, tt.en)
		}
	}
}

// TestCompetentEveryDistrictName derives a district body for every
// district that the gazetteer knows and checks it for doubled kinds.
func TestCompetentEveryDistrictName(t *testing.T) {
	g, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	d, err := authorities.NewDirectory(nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range g.All() {
		if len(p.ARS) < 5 || seen[p.ARS[:5]] {
			continue
		}
		seen[p.ARS[:5]] = true
		c := d.Competent(sozialhilfe, p)
		de := strings.ToLower(strings.TrimPrefix(c.Body["de"], "Sozialamt "))
		for _, kind := range []string{"kreis", "region", "verband"} {
			if strings.Count(de, kind) > 1 {
				t.Errorf("%s (%s): %q names its kind twice", p.District, p.ARS[:5], c.Body["de"])
			}
		}
		if strings.ContainsAny(c.Body["de"]+c.Body["en"], "{},") || strings.Contains(c.Body["de"], "  ") {
			t.Errorf("%s: bad body %q / %q", p.District, c.Body["de"], c.Body["en"])
		}
	}
	if len(seen) < 400 {
		t.Errorf("got %d districts, want at least 400", len(seen))
	}
}

// Places in the city states, with keys from the Destatis register.
var hamburg = places.Place{AGS: "02000000", ARS: "020000000000", Name: "Hamburg, Freie und Hansestadt", District: "Hamburg, Freie und Hansestadt", Land: "Hamburg"}

func catalogService(t *testing.T, id string) *catalog.Service {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc, ok := cat.Service(id)
	if !ok {
		t.Fatalf("no service %q in the catalog", id)
	}
	return svc
}

// TestCompetentCityStates: in Berlin residence, naturalisation and vehicle
// matters go to the Land offices (LEA, LABO), and driving licences to the
// LABO's Fahrerlaubnisbehörde; in Hamburg vehicles and driving licences go
// to the Landesbetrieb Verkehr. No Bezirksamt is named for them.
func TestCompetentCityStates(t *testing.T) {
	d := load(t)
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, svc := range cat.Services() {
		for _, p := range []places.Place{berlin, hamburg} {
			c := d.Competent(&svc, p)
			land := p.AGS[:2]
			switch svc.Authority.Type {
			case "auslaenderbehoerde", "einbuergerungsbehoerde":
				if land == "11" && (c.Record == nil || c.Record.ID != "berlin-lea-auslaenderbehoerde") {
					t.Errorf("%s in Berlin: got %q, want the LEA record", svc.ID, c.Body["de"])
				}
			case "zulassungsbehoerde":
				want := map[string]string{"11": "LABO", "02": "Landesbetriebs Verkehr (LBV)"}[land]
				if !strings.Contains(c.Body["de"], want) || strings.Contains(c.Body["de"], "Bezirksamt") || c.Level != catalog.LevelLand {
					t.Errorf("%s in %s: got %q (%s), want the %s at level land", svc.ID, p.Land, c.Body["de"], c.Level, want)
				}
			case "fahrerlaubnisbehoerde":
				want := map[string]string{"11": "Fahrerlaubnisbehörde im Landesamt für Bürger- und Ordnungsangelegenheiten (LABO)", "02": "Führerscheinstelle des Landesbetriebs Verkehr (LBV)"}[land]
				if c.Body["de"] != want || c.Level != catalog.LevelLand || !c.Derived || c.Note["de"] == "" || c.Body["en"] == "" {
					t.Errorf("%s in %s: got %q (%s), want %q at level land with a note", svc.ID, p.Land, c.Body["de"], c.Level, want)
				}
			}
		}
	}
}

// TestJobcentersList checks the list of zugelassene kommunale Träger
// against the KomtrZV (104 in all, so many per Land) and the gazetteer: each
// key is a district whose name is the one in the Anlage.
func TestJobcentersList(t *testing.T) {
	l := authorities.Jobcenters
	if l.Source.URL == "" || !strings.Contains(l.Source.Title, "KomtrZV") || l.Checked.IsZero() {
		t.Errorf("source %+v, checked %v: want the KomtrZV and a date", l.Source, l.Checked)
	}
	if len(l.Traeger) != 104 {
		t.Errorf("got %d Träger, want the 104 of the KomtrZV", len(l.Traeger))
	}
	perLand := map[string]int{}
	for _, tr := range l.Traeger {
		perLand[tr.Key[:2]]++
	}
	want := map[string]int{"01": 2, "03": 16, "05": 18, "06": 16, "07": 5, "08": 11, "09": 10, "10": 3, "12": 7, "13": 1, "14": 5, "15": 6, "16": 4}
	for land, n := range want {
		if perLand[land] != n {
			t.Errorf("Land %s: got %d Träger, want %d", land, perLand[land], n)
		}
	}
	if len(perLand) != len(want) {
		t.Errorf("Länder: got %v, want %v", perLand, want)
	}
	g, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	districts := map[string]places.Place{}
	for _, p := range g.All() {
		if _, ok := districts[p.ARS[:5]]; !ok {
			districts[p.ARS[:5]] = p
		}
	}
	for _, tr := range l.Traeger {
		p, ok := districts[tr.Key]
		if !ok {
			t.Errorf("%s: key %s is no district of the gazetteer", tr.Name, tr.Key)
			continue
		}
		district, _, _ := strings.Cut(p.District, ",")
		name := strings.NewReplacer("Landeshauptstadt ", "", "Landkreis ", "", "Kreis ", "", "Stadt ", "", "a. d.", "an der").Replace(tr.Name)
		city := p.DistrictKind == "Kreisfreie Stadt" || p.DistrictKind == "Stadtkreis"
		if name != district || city != (strings.HasPrefix(tr.Name, "Stadt ") || strings.HasPrefix(tr.Name, "Landeshauptstadt ")) {
			t.Errorf("%s: key %s is %q (%s) in the gazetteer", tr.Name, tr.Key, p.District, p.DistrictKind)
		}
	}
}

// TestCompetentJobcenterKind: a derived Jobcenter says whether the district
// runs it with the Agentur für Arbeit or alone.
func TestCompetentJobcenterKind(t *testing.T) {
	d, err := authorities.NewDirectory(nil)
	if err != nil {
		t.Fatal(err)
	}
	buergergeld := service("buergergeld", "", catalog.Authority{Level: catalog.LevelKreis, Type: "jobcenter"})
	tests := []struct {
		p      places.Place
		de, en string
	}{
		{eisenberg, "Jobcenter Saale-Holzland-Kreis (gemeinsame Einrichtung von Landkreis und Agentur für Arbeit)",
			"Jobcenter Saale-Holzland-Kreis (run jointly by the district and the Employment Agency)"},
		{jena, "Jobcenter Stadt Jena (kommunaler Träger: Stadt allein, ohne Agentur für Arbeit)",
			"Jobcenter Stadt Jena (run by the city alone, without the Employment Agency)"},
		{ahaus, "Jobcenter Kreis Borken (kommunaler Träger: Kreis allein, ohne Agentur für Arbeit)",
			"Jobcenter Kreis Borken (run by the district alone, without the Employment Agency)"},
		{holle, "Jobcenter Landkreis Hildesheim (gemeinsame Einrichtung von Landkreis und Agentur für Arbeit)",
			"Jobcenter Landkreis Hildesheim (run jointly by the district and the Employment Agency)"},
		{hannover, "Jobcenter Region Hannover (gemeinsame Einrichtung von Region und Agentur für Arbeit)",
			"Jobcenter Region Hannover (run jointly by the Region and the Employment Agency)"},
		{stuttgart, "Jobcenter Stadt Stuttgart (kommunaler Träger: Stadt allein, ohne Agentur für Arbeit)",
			"Jobcenter Stadt Stuttgart (run by the city alone, without the Employment Agency)"},
		{voelklingen, "Jobcenter Regionalverband Saarbrücken (gemeinsame Einrichtung von Regionalverband und Agentur für Arbeit)",
			"Jobcenter Regionalverband Saarbrücken (run jointly by the Regionalverband and the Employment Agency)"},
	}
	for _, tt := range tests {
		c := d.Competent(buergergeld, tt.p)
		if c.Body["de"] != tt.de || c.Body["en"] != tt.en {
			t.Errorf("%s: got %q / %q, want %q / %q", tt.p.Name, c.Body["de"], c.Body["en"], tt.de, tt.en)
		}
		if c.LookupHint.IsZero() || !c.Call115 {
			t.Errorf("%s: hint %q, 115 %v", tt.p.Name, c.LookupHint["de"], c.Call115)
		}
	}
}

// TestCompetentBavarianBezirk: in Bayern the Hilfe zur Pflege lies with the
// Bezirk of the place's Regierungsbezirk (Art. 82 AGSG).
func TestCompetentBavarianBezirk(t *testing.T) {
	d := load(t)
	svc := catalogService(t, "hilfe-zur-pflege")
	g, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	seats := map[string]string{ // a city of each Regierungsbezirk
		"09162000": "Oberbayern", "09262000": "Niederbayern", "09362000": "Oberpfalz", "09461000": "Oberfranken",
		"09564000": "Mittelfranken", "09663000": "Unterfranken", "09761000": "Schwaben",
	}
	for ags, region := range seats {
		p, ok := g.ByAGS(ags)
		if !ok {
			t.Fatalf("no place %s", ags)
		}
		c := d.Competent(svc, p)
		if c.Body["de"] != "Bezirk "+region || !strings.HasPrefix(c.Body["en"], "Bezirk "+region) || c.Note["de"] == "" {
			t.Errorf("%s: got %q / %q, want Bezirk %s with a note", p.Name, c.Body["de"], c.Body["en"], region)
		}
	}
	for _, p := range g.All() {
		if strings.HasPrefix(p.ARS, "09") {
			if c := d.Competent(svc, p); !strings.HasPrefix(c.Body["de"], "Bezirk ") || strings.Contains(c.Body["de"], "{") {
				t.Fatalf("%s (%s): got %q, want a Bezirk", p.Name, p.ARS, c.Body["de"])
			}
		}
	}
	// Outside Bayern the Sozialamt of the district stays competent.
	if c := d.Competent(svc, holle); c.Body["de"] != "Sozialamt des Landkreises Hildesheim" {
		t.Errorf("Holle: got %q", c.Body["de"])
	}
}

// TestCompetentWohngeldNRW: in Nordrhein-Westfalen every town or
// municipality, also one inside a Kreis, is the Wohngeld authority.
func TestCompetentWohngeldNRW(t *testing.T) {
	d, err := authorities.NewDirectory(nil)
	if err != nil {
		t.Fatal(err)
	}
	svc := catalogService(t, "wohngeld")
	neuss := places.Place{AGS: "05162024", ARS: "051620024024", Name: "Neuss, Stadt", District: "Rhein-Kreis Neuss", DistrictKind: "Kreis", Land: "Nordrhein-Westfalen"}
	for _, tt := range []struct {
		p      places.Place
		de, en string
	}{
		{ahaus, "Wohngeldstelle der Stadt Ahaus", "housing benefit office of the town of Ahaus"},
		{neuss, "Wohngeldstelle der Stadt Neuss", "housing benefit office of the town of Neuss"},
	} {
		c := d.Competent(svc, tt.p)
		if c.Body["de"] != tt.de || c.Body["en"] != tt.en || c.Level != catalog.LevelGemeinde || !strings.Contains(c.Note["de"], "Nordrhein-Westfalen") {
			t.Errorf("%s: got %q / %q (%s), want %q / %q at level gemeinde with the NRW note", tt.p.Name, c.Body["de"], c.Body["en"], c.Level, tt.de, tt.en)
		}
	}
	// Elsewhere the rule stays with the district.
	if c := d.Competent(svc, holle); c.Body["de"] != "Wohngeldstelle des Landkreises Hildesheim" {
		t.Errorf("Holle: got %q", c.Body["de"])
	}
}

// TestSeedRecordScope: the seed record comes from the page "Sozialhilfe
// beantragen" and covers that service only; the other social services of
// the Kreis get a derived body.
func TestSeedRecordScope(t *testing.T) {
	d := load(t)
	if c := d.Competent(catalogService(t, "sozialhilfe"), eisenberg); c.Record == nil || c.Record.ID != "lra-saale-holzland-kreis-sozialamt" {
		t.Errorf("sozialhilfe: got %q, want the seed record", c.Body["de"])
	}
	for _, id := range []string{"grundsicherung", "hilfe-zur-pflege", "asylbewerberleistungen", "bildung-und-teilhabe", "sozialbestattung", "blindengeld"} {
		if c := d.Competent(catalogService(t, id), eisenberg); c.Record != nil {
			t.Errorf("%s: got record %s, want a derived body", id, c.Record.ID)
		}
	}
}

// TestCompetentElterngeldNRW: in Nordrhein-Westfalen the Kreise and
// kreisfreien Städte pay Elterngeld; the city of Neuss is served by the
// Rhein-Kreis Neuss, Bochum and Hagen by the Versorgungsamt of Dortmund.
func TestCompetentElterngeldNRW(t *testing.T) {
	d := load(t)
	svc := catalogService(t, "elterngeld")
	g, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	place := func(ags string) places.Place {
		p, ok := g.ByAGS(ags)
		if !ok {
			t.Fatalf("no place %s", ags)
		}
		return p
	}
	neuss := place("05162024")
	c := d.Competent(svc, neuss)
	if c.Record != nil || c.Body["de"] != "Elterngeldstelle des Rhein-Kreises Neuss" || c.Level != catalog.LevelKreis || !strings.Contains(c.Note["de"], "Nordrhein-Westfalen") {
		t.Errorf("Neuss: got %q (%s), note %q; want the Rhein-Kreis Neuss with the NRW note", c.Body["de"], c.Level, c.Note["de"])
	}
	for _, ags := range []string{"05911000", "05914000", "05913000"} { // Bochum, Hagen, Dortmund
		p := place(ags)
		if c := d.Competent(svc, p); c.Record == nil || c.Record.ID != "dortmund-versorgungsamt-elterngeld" {
			t.Errorf("%s: got %q, want the Dortmund record", p.Name, c.Body["de"])
		}
	}
	if c := d.Competent(svc, place("05315000")); c.Record == nil || c.Record.ID != "koeln-elterngeldstelle" {
		t.Errorf("Köln: got %q, want the Köln record", c.Body["de"])
	}
}
