package locales_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lotse-de/lotse/locales"
)

func TestEveryIDInEveryLanguage(t *testing.T) {
	for _, p := range locales.Lint() {
		t.Error(p)
	}
}

func TestTranslate(t *testing.T) {
	b, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, want string }{
		{"de", "Wo wohnen Sie?"},
		{"en", "Where do you live?"},
		{"fr", "Wo wohnen Sie?"}, // unknown language: German
	} {
		if got := b.T(c.lang, "main.place.ask", nil); !strings.HasPrefix(got, c.want) {
			t.Errorf("T(%q, main.place.ask) = %q, want prefix %q", c.lang, got, c.want)
		}
	}
	if got := b.T("en", "main.place.unknown", map[string]any{"Query": "Atlantis"}); !strings.Contains(got, `"Atlantis"`) {
		t.Errorf("template data not filled in: %q", got)
	}
	if got := b.T("de", "no.such.id", nil); got != "no.such.id" {
		t.Errorf("missing id: got %q, want the id", got)
	}
	for _, lang := range []string{"de", "en", "fr"} {
		for _, id := range []string{"main.welcome", "main.help", "main.place.ask", "main.place.unknown"} {
			if plain, rendered := b.T(lang, id, nil), b.T(lang, id, map[string]any{}); plain != rendered {
				t.Errorf("T(%q, %q) without data = %q, rendered anew %q", lang, id, plain, rendered)
			}
		}
	}
	if !b.Has("main.welcome") || b.Has("no.such.id") {
		t.Error("Has does not tell present from missing ids")
	}
}

func TestMatch(t *testing.T) {
	b, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	for tag, want := range map[string]string{
		"": "de", "de": "de", "de-AT": "de", "en": "en", "en-US": "en", "en-GB": "en",
		"fr": "de", "uk": "de", "%%%": "de", "gsw": "de",
	} {
		if got := b.Match(tag); got != want {
			t.Errorf("Match(%q) = %q, want %q", tag, got, want)
		}
	}
}

func TestCountPlural(t *testing.T) {
	b, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"de", 1, "1 Parkplatz"},
		{"de", 2, "2 Parkplätze"},
		{"en", 1, "1 parking space"},
		{"en", 3, "3 parking spaces"},
	} {
		if got := b.Count(c.lang, "main.authority.parking_standard_count", c.n); got != c.want {
			t.Errorf("Count(%s, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

// TestLintPlaceholders: a translation whose placeholders differ from the
// German source's (a typo such as {{.Qeury}}, a missing or an extra one)
// fails lint; the same placeholders in another order pass.
func TestLintPlaceholders(t *testing.T) {
	de := `"a" = "Suche nach {{.Query}} in {{.Place}}"
"b" = { one = "{{.Count}} Platz", other = "{{.Count}} Plätze" }
"c" = "ohne"
"d" = "{{.X}}"
"telegram.command.x" = "x"
`
	en := `"a" = "In {{.Place}}, searching for {{.Qeury}}"
"b" = { one = "{{.Count}} place", other = "places" }
"c" = "with {{.Extra}}"
"d" = "{{ .X }}"
"telegram.command.x" = "x"
`
	fsys := fstest.MapFS{"languages.toml": {Data: []byte(testRegistry)}, "active.de.toml": {Data: []byte(de)}, "active.en.toml": {Data: []byte(en)}}
	var got []string
	for _, p := range locales.LintFS(fsys) {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`locales/active.en.toml:1: "a" has placeholders [Place Qeury], the German source [Place Query]`,
		`locales/active.en.toml:3: "c" has placeholders [Extra], the German source []`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("lint lacks %q; got:\n%s", want, all)
		}
	}
	if len(got) != 2 {
		t.Errorf("got %d problems, want 2 (plural forms and spacing are fine):\n%s", len(got), all)
	}
}

// testRegistry is a registry of German and English for the file systems of
// tests, with one command, x.
const testRegistry = `
[[language]]
code = "de"
name = "Deutsch"
direction = "ltr"
date = "02.01.2006"
time = "15:04"
decimal = ","
group = "."
analyzer = "german"
commands = ["x"]

[[language]]
code = "en"
name = "English"
direction = "ltr"
date = "2 January 2006"
time = "15:04"
decimal = "."
group = ","
analyzer = "english"
commands = ["x"]
`
