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
		"fr": "de", "uk": "uk", "uk-UA": "uk", "ru": "ru", "ru-RU": "ru", "tr": "tr", "ar": "ar", "ar-SY": "ar",
		"pl": "de", "%%%": "de", "gsw": "de",
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
	// the rate limit's wait, in the languages with several plural forms
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"ru", 1, "1 секунду"}, {"ru", 3, "3 секунды"}, {"ru", 5, "5 секунд"}, {"ru", 21, "21 секунду"}, {"ru", 60, "60 секунд"},
		{"uk", 2, "2 секунди"}, {"uk", 11, "11 секунд"},
		{"ar", 2, "2 ثانيتين"}, {"ar", 5, "5 ثوانٍ"}, {"ar", 60, "60 ثانية"},
		{"de", 1, "1 Sekunde"}, {"en", 60, "60 seconds"},
	} {
		if got := b.Count(c.lang, "throttle.seconds", c.n); got != c.want {
			t.Errorf("Count(%s, throttle.seconds, %d) = %q, want %q", c.lang, c.n, got, c.want)
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
	fsys := fstest.MapFS{"languages.toml": {Data: []byte(testRegistry)}, "de/active.de.toml": {Data: []byte(de)}, "en/active.en.toml": {Data: []byte(en)}}
	var got []string
	for _, p := range locales.LintFS(fsys) {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`locales/en/active.en.toml:1: "a" has placeholders [Place Qeury], the German source [Place Query]`,
		`locales/en/active.en.toml:3: "c" has placeholders [Extra], the German source []`,
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

// TestTranslationsAreUpToDate: every translation records the hash of its
// current German source (lotse lint -accept <code> records them).
func TestTranslationsAreUpToDate(t *testing.T) {
	b, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	units, err := locales.MessageUnits(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range b.Registry().Languages()[1:] {
		sums, err := locales.ReadSums(locales.FS(), l.Code)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range locales.CheckTranslations(units, l.Code, sums) {
			t.Error(p)
		}
	}
}

// TestStaleTranslation: a change to the German source marks its
// translation stale until it is accepted again; a translation without a
// recorded source is reported too.
func TestStaleTranslation(t *testing.T) {
	fsys := fstest.MapFS{
		"languages.toml":    {Data: []byte(testRegistry)},
		"de/active.de.toml": {Data: []byte("\"a\" = \"Hallo\"\n\"b\" = { one = \"{{.Count}} Platz\", other = \"{{.Count}} Plätze\" }\n\"telegram.command.x\" = \"x\"\n")},
		"en/active.en.toml": {Data: []byte("\"a\" = \"Hello\"\n\"b\" = { one = \"{{.Count}} space\", other = \"{{.Count}} spaces\" }\n\"telegram.command.x\" = \"x\"\n")},
	}
	units, err := locales.MessageUnits(fsys)
	if err != nil {
		t.Fatal(err)
	}
	sums := locales.Accept(units, "en")
	if p := locales.CheckTranslations(units, "en", sums); len(p) != 0 {
		t.Fatalf("just accepted, got %v", p)
	}
	fsys["de/active.de.toml"] = &fstest.MapFile{Data: []byte("\"a\" = \"Guten Tag\"\n\"b\" = { one = \"{{.Count}} Platz\", other = \"{{.Count}} Parkplätze\" }\n\"telegram.command.x\" = \"x\"\n")}
	if units, err = locales.MessageUnits(fsys); err != nil {
		t.Fatal(err)
	}
	delete(sums, "locales:telegram.command.x")
	var got []string
	for _, p := range locales.CheckTranslations(units, "en", sums) {
		got = append(got, p.Msg)
	}
	want := []string{"locales:a: the en translation is stale", "locales:b: the en translation is stale", "locales:telegram.command.x: the en translation records no source"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %d problems", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d: got %q, want prefix %q", i, got[i], want[i])
		}
	}
	// the sums survive a round trip through their file
	read, err := locales.ReadSums(fstest.MapFS{"en/translations.sum": {Data: sums.Format("en")}}, "en")
	if err != nil || len(read) != len(sums) || read["locales:a"] != sums["locales:a"] {
		t.Errorf("sum file round trip: got %v, %v; want %v", read, err, sums)
	}
}

// TestRightToLeftIsolatesData checks that in Arabic an address, a phone
// number or a name put into a sentence keeps its own direction, and that
// left-to-right languages get no isolates.
func TestRightToLeftIsolatesData(t *testing.T) {
	b, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"Email": "buergerservice@jena.de"}
	ar := b.T("ar", "main.authority.email", data)
	if !strings.Contains(ar, "\u2068buergerservice@jena.de\u2069") {
		t.Errorf("ar: %q, want the address isolated", ar)
	}
	if de := b.T("de", "main.authority.email", data); strings.ContainsAny(de, "\u2068\u2069") {
		t.Errorf("de: %q has isolates", de)
	}
	if got := locales.Isolate(""); got != "" {
		t.Errorf("Isolate(\"\") = %q", got)
	}
}
