package catalog_test

import (
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lotse-de/lotse/catalog"
)

// fixtureTypes are the authority types the lint fixtures may name.
var fixtureTypes = map[string]bool{"sozialamt": true, "jobcenter": true}

// fixtureLangs are the languages of the fixtures' texts.
var fixtureLangs = []string{"de", "en"}

// lintStrings lints fsys and returns the problems as strings.
func lintStrings(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	var out []string
	for _, p := range catalog.LintFS(fsys, nil, fixtureLangs, fixtureTypes) {
		out = append(out, p.String())
	}
	return out
}

func TestLintFSGoodFixture(t *testing.T) {
	if got := lintStrings(t, os.DirFS("testdata/good")); len(got) != 0 {
		t.Errorf("got problems in the good fixture:\n%s\nwant none", strings.Join(got, "\n"))
	}
}

func TestLintFSBadFixture(t *testing.T) {
	got := lintStrings(t, os.DirFS("testdata/bad"))
	tests := []struct {
		kind string
		want string
	}{
		{"unknown field", `services/unknown-field.yaml:8: does not load: field colour not found in type catalog.Service`},
		{"not YAML", `services/not-yaml.yaml:1: not valid YAML: did not find expected ',' or ']'`},
		{"id not the file name", `services/wrong-id.yaml:1: id "other-id" does not match the file name "wrong-id"`},
		{"id not lowercase", `services/Upper_Case.yaml:1: id "Upper_Case": use lowercase ASCII letters and digits, words joined by "-"`},
		{"id too long", fmt.Sprintf(`services/an-id-that-is-far-too-long-for-telegram-menus.yaml:1: id "an-id-that-is-far-too-long-for-telegram-menus" is 45 characters long, at most %d allowed`, catalog.MaxIDLength)},
		{"duplicate id", `services/muster.yaml:1: duplicate id "muster", also in services/duplicate-id.yaml`},
		{"language missing", `services/missing-english.yaml:4: summary: en text missing`},
		{"field missing (de)", `services/missing-costs.yaml:1: costs: de text missing`},
		{"field missing (en)", `services/missing-costs.yaml:1: costs: en text missing`},
		{"lists of unequal length", `services/unequal-lists.yaml:6: prerequisites: 2 items in de, 1 in en`},
		{"empty list", `services/empty-procedure.yaml:11: procedure: empty`},
		{"no sources", `services/no-sources.yaml:22: no sources`},
		{"source without title", `services/source-without-title.yaml:23: sources[0] has no title`},
		{"unknown level", `services/bad-level.yaml:16: authority.level "bezirk": want gemeinde, kreis, land or bund`},
		{"unknown type", `services/bad-type.yaml:17: authority.type "zauberamt" is not a known authority type`},
		{"unknown Land", `services/bad-land.yaml:19: authority.exceptions[0]: unknown Land key "17", want "01" … "16"`},
		{"unknown situation", `services/unknown-situation.yaml:14: unknown situation "urlaub"`},
		{"checked in the future", `services/future-checked.yaml:25: checked date 2999-01-01 is in the future`},
		{"checked missing", `services/no-checked.yaml:1: checked date missing`},
		{"synonym of another service", `services/shared-synonym.yaml:3: synonym "  VORLAGE " is also used by muster`},
		{"emergency phrase covered by a prefix phrase", `services/emergency-repeats.yaml:26: emergency phrase "will mich umbringen" adds nothing: "umbring*" already matches every query that contains it`},
		{"emergency phrase written twice", `services/emergency-repeats.yaml:28: emergency phrase "Schlaegt  mich" is written twice`},
		{"emergency word covered by its prefix form", `services/emergency-repeats.yaml:30: emergency phrase "gewalt" adds nothing: "gewalt*" already matches every query that contains it`},
		{"emergency prefix covered by a shorter prefix", `services/emergency-repeats.yaml:31: emergency phrase "gewalttat*" adds nothing: "gewalt*" already matches every query that contains it`},
		{"emergency word covered by a later prefix form", `services/emergency-repeats.yaml:34: emergency phrase "angst" adds nothing: "angst*" already matches every query that contains it`},
		{"synonym written twice", `services/repeated-synonym.yaml:3: de synonym "vorlage  Repeated-Synonym" is written twice`},
		{"duplicate situation", `situations.yaml:7: duplicate situation id "geld"`},
		{"situation language missing", `situations.yaml:8: name: en text missing`},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			if !slices.Contains(got, tt.want) {
				t.Errorf("got problems:\n%s\nwant among them: %s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
	// The fixture files besides the listed problems are fine, so nothing else
	// may be reported.
	want := make([]string, 0, len(tests)+1)
	for _, tt := range tests {
		want = append(want, tt.want)
	}
	want = append(want, `services/duplicate-id.yaml:1: id "muster" does not match the file name "duplicate-id"`)
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("got unexpected problem %s", g)
		}
	}
}

func TestLintFSMissingFiles(t *testing.T) {
	msgs := lintStrings(t, fstest.MapFS{})
	want := []string{"services:0: no service files", "situations.yaml:0: cannot read: open situations.yaml: file does not exist"}
	if !slices.Equal(msgs, want) {
		t.Errorf("got %q, want %q", msgs, want)
	}
}

func TestProblemString(t *testing.T) {
	p := catalog.Problem{File: "services/x.yaml", Line: 7, Msg: "costs: en text missing"}
	if got, want := p.String(), "services/x.yaml:7: costs: en text missing"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// FuzzLintFS checks that no service file, however broken, makes the lint
// panic.
func FuzzLintFS(f *testing.F) {
	for _, name := range []string{"testdata/good/services/muster.yaml", "testdata/bad/services/not-yaml.yaml", "testdata/bad/services/bad-land.yaml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("- a\n- b\n"))
	f.Add([]byte("authority: {exceptions: [{lands: [1, x]}]}\nsources: [{}, 3]\n"))
	situations, err := os.ReadFile("testdata/good/situations.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fsys := fstest.MapFS{
			"situations.yaml":      {Data: situations},
			"services/x.yaml":      {Data: b},
			"situations2.yaml":     {Data: b},
			"services/muster.yaml": {Data: b},
		}
		for _, p := range catalog.LintFS(fsys, nil, fixtureLangs, fixtureTypes) {
			if p.File == "" || p.Msg == "" {
				t.Errorf("got problem %+v, want file and message", p)
			}
		}
	})
}

// BenchmarkLintFS measures one lint run over the bad fixture (20 service
// files and the situations).
func BenchmarkLintFS(b *testing.B) {
	fsys := os.DirFS("testdata/bad")
	for b.Loop() {
		catalog.LintFS(fsys, nil, fixtureLangs, fixtureTypes)
	}
}

// TestSynonymsCollideAsSearchSeesThem: spellings that search folds into one
// word (ß and ss, accents, case) count as the same synonym.
func TestSynonymsCollideAsSearchSeesThem(t *testing.T) {
	muster, situations := goodFixture(t)
	second := strings.Replace(string(muster), "id: muster", "id: zweites", 1)
	second = strings.Replace(second, `["Vorlage"]`, `["VORLÂGE"]`, 1)
	second = strings.Replace(second, `["template"]`, `["Straße"]`, 1)
	first := strings.Replace(string(muster), `["template"]`, `["strasse"]`, 1)
	fsys := fstest.MapFS{
		"situations.yaml":       {Data: situations},
		"services/muster.yaml":  {Data: []byte(first)},
		"services/zweites.yaml": {Data: []byte(second)},
	}
	got := strings.Join(lintStrings(t, fsys), "\n")
	for _, want := range []string{`synonym "VORLÂGE" is also used by muster`, `synonym "Straße" is also used by muster`} {
		if !strings.Contains(got, want) {
			t.Errorf("lint lacks %q; got:\n%s", want, got)
		}
	}
}

// goodFixture returns the service and the situations of the good fixture.
func goodFixture(t *testing.T) (muster, situations []byte) {
	t.Helper()
	good := os.DirFS("testdata/good")
	muster, err := fs.ReadFile(good, "services/muster.yaml")
	if err != nil {
		t.Fatal(err)
	}
	situations, err = fs.ReadFile(good, "situations.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return muster, situations
}

// TestLintFSTranslations lints the good fixture with a Ukrainian
// translation that has each kind of translator's mistake.
func TestLintFSTranslations(t *testing.T) {
	muster, err := os.ReadFile("testdata/good/services/muster.yaml")
	if err != nil {
		t.Fatal(err)
	}
	situations, err := os.ReadFile("testdata/good/situations.yaml")
	if err != nil {
		t.Fatal(err)
	}
	long := "Der Antrag muss schriftlich beim Amt gestellt werden."
	src := strings.Replace(string(muster), `costs: {de: "Keine.", en: "None."}`, `costs: {de: "`+long+` {{fee}}", en: "The application must be made in writing. {{fee}}"}`, 1)
	fsys := fstest.MapFS{
		"services/muster.yaml": {Data: []byte(src)},
		"situations.yaml":      {Data: situations},
		"values/test.yaml":     {Data: []byte("- id: fee\n  what: {de: Gebühr}\n  periods:\n    - value: \"5\"\n      from: 2026-01-01\n      source: {title: Gebührenordnung, url: \"https://example.org/fee\"}\n      checked: 2026-11-01\n")},
	}
	uk := fstest.MapFS{
		"services/muster.yaml": {Data: []byte(`name: "Зразок"
summary: "Коротко."
description: "Довго."
prerequisites: ["а"]
documents: ["Посвідчення"]
costs: "` + long + ` {{fee}}"
deadline: "Немає."
processing_time: "Одразу {{feee}}."
`)},
		"services/gone.yaml": {Data: []byte(`name: "Немає"`)},
	}
	var got []string
	for _, p := range catalog.LintFS(fsys, map[string]fs.FS{"uk": uk}, []string{"de", "en", "uk"}, fixtureTypes) {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"procedure: uk list missing",                                                  // a missing text
		"prerequisites: 2 items in de, 1 in uk",                                       // unequal item counts
		"costs: the uk text is the German one",                                        // German left untranslated
		"processing_time: the uk text has the placeholders [{{feee}}], the German []", // a placeholder that differs
		"locales/uk/services/gone.yaml:0: a translation of a file the catalog does not have",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing problem %q in:\n%s", want, all)
		}
	}
	uk["services/muster.yaml"] = &fstest.MapFile{Data: []byte("url: \"https://example.org\"\n")}
	got = nil
	for _, p := range catalog.LintFS(fsys, map[string]fs.FS{"uk": uk}, []string{"de", "en", "uk"}, fixtureTypes) {
		got = append(got, p.String())
	}
	if all := strings.Join(got, "\n"); !strings.Contains(all, "uk translation of services/muster.yaml") || !strings.Contains(all, "the source has no such field") {
		t.Errorf("an extra key: got\n%s\nwant it reported", all)
	}
}
