package authorities_test

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/places"
	"go.yaml.in/yaml/v3"
)

func importFile(t *testing.T, name string) []authorities.Record {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := authorities.ImportXZuFi(f)
	if err != nil {
		t.Fatalf("ImportXZuFi(%s): %v", name, err)
	}
	return recs
}

func TestImportXZuFiSchreibe(t *testing.T) {
	recs := importFile(t, "testdata/xzufi-sample-schreibe.xml")
	if len(recs) != 1 {
		t.Fatalf("got %d records, want 1", len(recs))
	}
	r := recs[0]
	checks := []struct{ field, got, want string }{
		{"id", r.ID, "xzufi-s99999-oe-4711"},
		{"name", r.Name, "Landratsamt Beispielkreis (Beispiel)"},
		{"visitor", r.Visitor.Street + ", " + r.Visitor.Postcode + " " + r.Visitor.City, "Musterweg 1, 00000 Beispielstadt"},
		{"postal", r.Postal.POBox + ", " + r.Postal.Postcode + " " + r.Postal.City, "99 99, 00001 Beispielstadt"},
		{"phone", r.Phone, "0000 000-100"},
		{"fax", r.Fax, "0000 000-199"},
		{"email", r.Email, "sozialamt@example.org"},
		{"web", r.Web, "https://www.example.org/beispielkreis"},
		{"land", r.Land, "16"},
		{"source", r.Source.Title, "Beispiel-Redaktionssystem (Testdaten)"},
		{"checked", r.Checked.Format(time.DateOnly), "2026-11-20"},
		{"note", r.Hours.Note["de"], "Termine sind auch außerhalb der Sprechzeiten möglich."},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.field, c.got, c.want)
		}
	}
	if len(r.Hours.Weekly) != 4 || !slices.Equal(r.Hours.ByAppointment, []time.Weekday{time.Monday, time.Friday}) {
		t.Errorf("hours: got %+v, want 4 intervals and Monday, Friday by appointment", r.Hours)
	}
	var leika []string
	for _, s := range r.Competent {
		leika = append(leika, s.LeiKa...)
		if !slices.Equal(s.Areas, []string{"16999"}) {
			t.Errorf("areas: got %v, want [16999]", s.Areas)
		}
	}
	if !slices.Equal(leika, []string{"99000000000001", "99000000000002"}) {
		t.Errorf("leika: got %v", leika)
	}

	// The imported record serves a service by its LeiKa key.
	d, err := authorities.NewDirectory(recs)
	if err != nil {
		t.Fatal(err)
	}
	svc := &catalog.Service{ID: "beispiel", LeiKa: "99000000000002", Authority: catalog.Authority{Level: catalog.LevelKreis, Type: "sozialamt"}}
	p := places.Place{AGS: "16999001", ARS: "169990001001", Name: "Beispielort", District: "Beispielkreis", Land: "Thüringen"}
	if c := d.Competent(svc, p); c.Record == nil || c.Record.ID != r.ID {
		t.Errorf("Competent: got %+v, want the imported record", c)
	}
}

func TestImportXZuFiAntwort(t *testing.T) {
	recs := importFile(t, "testdata/xzufi-sample-antwort.xml")
	if len(recs) != 1 {
		t.Fatalf("got %d records, want 1 (the office without competence is skipped)", len(recs))
	}
	r := recs[0]
	if r.Visitor == nil || r.Visitor.Street != "Am Beispielplatz 2a" || r.Postal == nil || r.Postal.POBox != "12" {
		t.Errorf("addresses: got %+v / %+v", r.Visitor, r.Postal)
	}
	if r.Phone != "0000 0000000" || r.Web != "https://buergerbuero.example.org/" {
		t.Errorf("contacts: got phone %q web %q", r.Phone, r.Web)
	}
	if r.Land != "09" || len(r.Competent) != 1 || !slices.Equal(r.Competent[0].Areas, []string{"099995001001", "099995001002"}) {
		t.Errorf("competence: got land %q %+v", r.Land, r.Competent)
	}
	if got := r.Checked.Format(time.DateOnly); got != "2026-10-01" {
		t.Errorf("checked: got %s, want 2026-10-01", got)
	}
	// Mo–Fr 8–12 and Thursday 14–18; the line about 24 December is kept as a note.
	if len(r.Hours.Weekly) != 6 {
		t.Errorf("weekly: got %v, want 6 intervals", r.Hours.Weekly)
	}
	if !strings.Contains(r.Hours.Note["de"], "24.12.") {
		t.Errorf("note: got %q, want the line about 24.12.", r.Hours.Note["de"])
	}
}

func TestImportXZuFiRoundTripsThroughYAML(t *testing.T) {
	recs := importFile(t, "testdata/xzufi-sample-schreibe.xml")
	b, err := yaml.Marshal(recs[0])
	if err != nil {
		t.Fatal(err)
	}
	var back authorities.Record
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&back); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	if err := back.Validate(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Hours.Weekly, recs[0].Hours.Weekly) || back.Phone != recs[0].Phone {
		t.Errorf("round trip: got %+v, want %+v", back, recs[0])
	}
}

func TestImportXZuFiLatin1(t *testing.T) {
	msg := "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n" +
		`<x:m xmlns:x="http://xoev.de/schemata/xzufi/2_2_0"><x:nachrichtenkopf><x:erstelltDatumZeit>2026-01-02T10:00:00Z</x:erstelltDatumZeit></x:nachrichtenkopf>` +
		"<x:organisationseinheit><x:id>7</x:id><x:name><x:name languageCode=\"de\">B\xfcrgerb\xfcro (Beispiel)</x:name></x:name>" +
		`<x:zustaendigkeit><x:leistungID>99000000000001</x:leistungID><x:gebietID>160000000000</x:gebietID></x:zustaendigkeit></x:organisationseinheit></x:m>`
	recs, err := authorities.ImportXZuFi(strings.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Name != "Bürgerbüro (Beispiel)" || recs[0].Competent[0].Areas[0] != "16" || recs[0].Source.Title != "XZuFi" {
		t.Errorf("got %+v", recs)
	}
}

func TestImportXZuFiRejects(t *testing.T) {
	tests := map[string]string{
		"empty":      "",
		"not xml":    "hello",
		"not xzufi":  `<a xmlns="urn:other"><organisationseinheit/></a>`,
		"no units":   `<x:m xmlns:x="http://xoev.de/schemata/xzufi/2_2_0"><x:schreibe/></x:m>`,
		"broken":     `<x:m xmlns:x="http://xoev.de/schemata/xzufi/2_2_0"><x:organisationseinheit>`,
		"bad entity": `<x:m xmlns:x="http://xoev.de/schemata/xzufi/2_2_0">&foo;</x:m>`,
	}
	for name, in := range tests {
		if _, err := authorities.ImportXZuFi(strings.NewReader(in)); !errors.Is(err, authorities.ErrInvalidXZuFi) {
			t.Errorf("%s: got %v, want ErrInvalidXZuFi", name, err)
		}
	}
}

func FuzzImportXZuFi(f *testing.F) {
	for _, name := range []string{"testdata/xzufi-sample-schreibe.xml", "testdata/xzufi-sample-antwort.xml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<x:m xmlns:x="http://xoev.de/schemata/xzufi/2_2_0"><x:organisationseinheit><x:id>1</x:id><x:name><x:name>A</x:name></x:name><x:zustaendigkeit><x:leistungID>99000000000001</x:leistungID><x:gebietID>16</x:gebietID></x:zustaendigkeit></x:organisationseinheit></x:m>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := authorities.ImportXZuFi(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, r := range recs {
			if err := r.Validate(); err != nil {
				t.Fatalf("invalid record out of the import: %v", err)
			}
		}
	})
}
