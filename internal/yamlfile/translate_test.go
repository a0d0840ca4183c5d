package yamlfile

import (
	"strings"
	"testing"
	"testing/fstest"
)

type text map[string]string

type service struct {
	ID         string              `yaml:"id"`
	Name       text                `yaml:"name"`
	Steps      map[string][]string `yaml:"steps"`
	URL        string              `yaml:"url"`
	Exceptions []struct {
		Lands []string `yaml:"lands"`
		Note  text     `yaml:"note"`
	} `yaml:"exceptions"`
	Items []struct {
		ID   string `yaml:"id"`
		Name text   `yaml:"name"`
	} `yaml:"items"`
}

const source = `id: x
name: {de: "Wohngeld", en: "Housing benefit"}
steps:
  de: ["Antrag stellen", "Warten"]
url: "https://example.org"
exceptions:
  - lands: ["05"]
  - lands: ["09"]
    note: {de: "In Bayern anders."}
items:
  - id: a
    name: {de: "Eins"}
  - id: b
    name: {de: "Zwei"}
`

func TestTranslationsAddTexts(t *testing.T) {
	tr := Translations{"uk": fstest.MapFS{"x.yaml": {Data: []byte(`name: "Житлова допомога (Wohngeld)"
steps: ["Подати заяву", "Чекати"]
exceptions:
  - {}
  - note: "У Баварії інакше."
items:
  - id: b
    name: "Два"
`)}}}
	var s service
	if err := DecodeBytes([]byte(source), "x.yaml", tr, &s); err != nil {
		t.Fatal(err)
	}
	if s.Name["uk"] != "Житлова допомога (Wohngeld)" || s.Name["en"] != "Housing benefit" || s.Name["de"] != "Wohngeld" {
		t.Errorf("name = %v", s.Name)
	}
	if got := s.Steps["uk"]; len(got) != 2 || got[1] != "Чекати" {
		t.Errorf("steps = %v", s.Steps)
	}
	if s.Exceptions[1].Note["uk"] != "У Баварії інакше." || s.Exceptions[0].Note != nil {
		t.Errorf("exceptions = %+v", s.Exceptions)
	}
	if s.Items[1].Name["uk"] != "Два" || s.Items[0].Name["uk"] != "" {
		t.Errorf("items = %+v", s.Items)
	}
	if s.URL != "https://example.org" {
		t.Errorf("url = %q", s.URL)
	}
}

func TestTranslationsFailOnWhatTheSourceLacks(t *testing.T) {
	for overlay, want := range map[string]string{
		`nmae: "x"`:                      "line 1: nmae: the source has no such field",
		`url: "https://example.org/uk"`:  "url: not a text of the source",
		`name: ["a", "b"]` + "\nid: y":   "id: not a text of the source",
		"items:\n  - id: c\n    name: x": `the source has no item with id "c"`,
		"exceptions: [{}, {}, {}]":       "the source has 2 items",
		"name: {de: x}":                  "name: want a text or a list of texts",
	} {
		var s service
		err := DecodeBytes([]byte(source), "x.yaml", Translations{"uk": fstest.MapFS{"x.yaml": {Data: []byte(overlay)}}}, &s)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "uk translation of x.yaml") {
			t.Errorf("overlay %q: got %v, want an error containing %q", overlay, err, want)
		}
	}
}

func TestOrphans(t *testing.T) {
	fsys := fstest.MapFS{"services/a.yaml": {Data: []byte("id: a")}}
	tr := Translations{"uk": fstest.MapFS{"services/a.yaml": {}, "services/b.yaml": {}}}
	got, err := Orphans(fsys, "services/*.yaml", tr)
	if err != nil || len(got) != 1 || got[0] != "uk/services/b.yaml" {
		t.Errorf("Orphans = %v, %v; want [uk/services/b.yaml]", got, err)
	}
}
