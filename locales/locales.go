// Package locales holds the languages Lotse speaks and every text of its
// user interface, and picks a user's language.
//
// The languages are data: languages.toml lists them (code, own name,
// plural rules, text direction, date and time format, number separators,
// search analyzer, Telegram command menu), German first as the source.
// Each language has a folder <code>/ (embedded) with all of its texts:
// its message file active.<code>.toml, the translations of the catalog
// and the authorities' texts (<code>/catalog/..., <code>/authorities/...,
// overlays of the data files of the same name, see Translations) and the
// hashes of the German sources its translations were made from
// (<code>/translations.sum, see CheckTranslations), so that a changed
// source marks them stale. Message ids are flat and dotted
// ("main.place.ask"); every message file has the same ids, with the
// placeholders ({{.Name}}) of the German source, which Lint checks.
package locales

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/lotse-de/lotse/internal/yamlfile"
)

//go:embed languages.toml */*
var files embed.FS

// FS returns the embedded locale files: languages.toml and the language
// folders.
func FS() fs.FS { return files }

// Translations returns the translations of the data folder dir of the
// repository ("catalog", "authorities") that the embedded language
// folders hold: for each language of the registry but the source, the
// files under <code>/<dir>.
func Translations(dir string) yamlfile.Translations {
	reg, err := LoadRegistry(files)
	if err != nil {
		return nil // Lint reports the registry
	}
	tr := yamlfile.Translations{}
	for _, code := range reg.Codes()[1:] {
		sub, err := fs.Sub(files, code+"/"+dir)
		if err == nil {
			tr[code] = sub
		}
	}
	return tr
}

// Bundle translates message ids. It is safe for concurrent use.
type Bundle struct {
	reg        *Registry
	localizers map[string]*i18n.Localizer
	plain      map[string]map[string]string // lang → id → text without data, rendered once; every id is a key
	names      map[string][]string          // id → the placeholders of its German source
	rtl        map[string]bool              // the languages written right to left
}

// Load reads the embedded languages and message files.
func Load() (*Bundle, error) { return LoadFS(files) }

// LoadFS reads languages.toml and the message file <code>/active.<code>.toml of
// each language from fsys.
func LoadFS(fsys fs.FS) (*Bundle, error) {
	reg, err := LoadRegistry(fsys)
	if err != nil {
		return nil, err
	}
	b := &Bundle{reg: reg, localizers: map[string]*i18n.Localizer{}, plain: map[string]map[string]string{}, names: map[string][]string{}, rtl: map[string]bool{}}
	ids := map[string][]string{} // lang → ids in its file
	for _, l := range reg.Languages() {
		b.rtl[l.Code] = l.Direction == "rtl"
		name := messageFile(l.Code)
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		// One bundle per language: its plural rules are those of l.Plural,
		// which a pseudo-locale borrows from a real language.
		tag := language.Make(l.Plural)
		bundle := i18n.NewBundle(tag)
		msgs, err := bundle.ParseMessageBytes(tag, data, toml.Unmarshal)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, m := range msgs {
			ids[l.Code] = append(ids[l.Code], m.ID)
			if l.Code == Source {
				b.names[m.ID] = strings.Fields(placeholdersOf(map[string]any{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other}))
			}
		}
		b.localizers[l.Code] = i18n.NewLocalizer(bundle, tag.String())
	}
	for _, l := range reg.Languages() {
		b.plain[l.Code] = make(map[string]string, len(ids[l.Code]))
		for _, id := range ids[l.Code] {
			b.plain[l.Code][id] = b.localize(l.Code, &i18n.LocalizeConfig{MessageID: id})
		}
	}
	return b, nil
}

// messageFile is the name of the message file of a language.
func messageFile(code string) string { return code + "/active." + code + ".toml" }

// Registry returns the languages of the bundle.
func (b *Bundle) Registry() *Registry { return b.reg }

// Match returns the code of the bundle's language closest to a language
// tag such as Telegram's language_code; see Registry.Match.
func (b *Bundle) Match(tag string) string { return b.reg.Match(tag) }

// T returns the message id in lang, filled with data. A message missing
// in lang comes in the source language; a missing id, which Lint reports,
// comes back as the id itself. In a right-to-left language each string of
// data is isolated (Isolate), so that a German address, a phone number or
// an office's name keeps its own direction inside the sentence.
func (b *Bundle) T(lang, id string, data map[string]any) string {
	lang = b.supported(lang)
	if data == nil {
		if s, ok := b.plain[lang][id]; ok {
			return s
		}
	}
	if len(data) > 0 && b.rtl[lang] {
		isolated := make(map[string]any, len(data))
		for k, v := range data {
			if s, ok := v.(string); ok {
				v = Isolate(s)
			}
			isolated[k] = v
		}
		data = isolated
	}
	return b.localize(lang, &i18n.LocalizeConfig{MessageID: id, TemplateData: data})
}

// Isolate wraps s in the Unicode isolates FIRST STRONG ISOLATE and POP
// DIRECTIONAL ISOLATE (U+2068, U+2069): inside a right-to-left sentence,
// s is laid out in the direction of its own first letter, and the
// sentence's punctuation and numbers around it stay where they belong
// ("الهاتف: 03641 49-0" keeps the number whole). An empty s stays empty.
func Isolate(s string) string {
	if s == "" {
		return s
	}
	return "\u2068" + s + "\u2069"
}

// Count returns the plural form of message id in lang for count, with
// count as {{.Count}} in the text.
func (b *Bundle) Count(lang, id string, count int) string {
	return b.localize(b.supported(lang), &i18n.LocalizeConfig{
		MessageID:    id,
		PluralCount:  count,
		TemplateData: map[string]any{"Count": count},
	})
}

// supported returns lang if the bundle has it, else the source language.
func (b *Bundle) supported(lang string) string {
	if _, ok := b.localizers[lang]; !ok {
		return Source
	}
	return lang
}

// localize returns the message that cfg asks for in lang, else in the
// source language, else its id.
func (b *Bundle) localize(lang string, cfg *i18n.LocalizeConfig) string {
	s, err := b.localizers[lang].Localize(cfg)
	if err == nil {
		return s
	}
	if lang != Source {
		return b.localize(Source, cfg)
	}
	return cfg.MessageID
}

// Placeholders returns the names of the placeholders ({{.Name}}) of
// message id in the German source, sorted; a call of T must give them all,
// or the text shows "<no value>".
func (b *Bundle) Placeholders(id string) []string { return b.names[id] }

// Has reports whether id exists in every language.
func (b *Bundle) Has(id string) bool {
	for _, l := range b.reg.Languages() {
		if _, ok := b.plain[l.Code][id]; !ok {
			return false
		}
	}
	return true
}

// Problem is a defect found by Lint, at a line of a message file.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("locales/%s:%d: %s", p.File, p.Line, p.Msg) }

// keyLine matches the line that defines a message: "id" = … or, for a
// message written as a table, ["id"].
var keyLine = regexp.MustCompile(`^\s*(?:"([^"]+)"\s*=|\[\s*"([^"]+)"\s*\]\s*$)`)

// Lint reports a registry that does not load, message ids that are
// missing in one of the languages or defined twice in one file, commands
// of a language's menu without their message, and translations whose
// placeholders ({{.Name}}) are not those of the German source.
func Lint() []Problem { return LintFS(files) }

// LintFS is Lint on the registry and message files in fsys.
func LintFS(fsys fs.FS) []Problem {
	reg, err := LoadRegistry(fsys)
	if err != nil {
		return []Problem{{registryFile, 0, err.Error()}}
	}
	langs := reg.Codes()
	lines := map[string]map[string]int{} // lang → id → line
	var problems []Problem
	for _, lang := range langs {
		name := messageFile(lang)
		data, _ := fs.ReadFile(fsys, name)
		lines[lang] = map[string]int{}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for n := 1; sc.Scan(); n++ {
			m := keyLine.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			m[1] += m[2]
			if first, dup := lines[lang][m[1]]; dup {
				problems = append(problems, Problem{name, n, fmt.Sprintf("%q defined again (first on line %d)", m[1], first)})
			}
			lines[lang][m[1]] = n
		}
	}
	for _, lang := range langs {
		for _, other := range langs {
			if other == lang {
				continue
			}
			for id, n := range lines[lang] {
				if _, ok := lines[other][id]; !ok {
					problems = append(problems, Problem{messageFile(lang), n, fmt.Sprintf("%q is missing in %s", id, messageFile(other))})
				}
			}
		}
	}
	for _, l := range reg.Languages() {
		for _, name := range l.Commands {
			if _, ok := lines[l.Code]["telegram.command."+name]; !ok {
				problems = append(problems, Problem{registryFile, 0, fmt.Sprintf("%s: command %q has no message telegram.command.%s in %s", l.Code, name, name, messageFile(l.Code))})
			}
		}
	}
	problems = append(problems, placeholderProblems(fsys, langs, lines)...)
	sort.Slice(problems, func(i, j int) bool {
		if problems[i].File != problems[j].File {
			return problems[i].File < problems[j].File
		}
		return problems[i].Line < problems[j].Line
	})
	return problems
}

var placeholder = regexp.MustCompile(`{{\s*\.([A-Za-z0-9_]+)\s*}}`)

// placeholderProblems compares the placeholders of each message with those
// of its German source; lines gives the line of each id by language.
func placeholderProblems(fsys fs.FS, langs []string, lines map[string]map[string]int) []Problem {
	names := map[string]map[string]string{} // lang → id → sorted placeholder names
	for _, lang := range langs {
		data, _ := fs.ReadFile(fsys, messageFile(lang))
		var msgs map[string]any
		if err := toml.Unmarshal(data, &msgs); err != nil {
			return []Problem{{messageFile(lang), 0, "does not parse: " + err.Error()}}
		}
		names[lang] = map[string]string{}
		for id, v := range msgs {
			names[lang][id] = placeholdersOf(v)
		}
	}
	var problems []Problem
	for _, lang := range langs {
		if lang == Source {
			continue
		}
		for id, got := range names[lang] {
			want, ok := names[Source][id]
			if ok && got != want {
				problems = append(problems, Problem{messageFile(lang), lines[lang][id],
					fmt.Sprintf("%q has placeholders [%s], the German source [%s]", id, got, want)})
			}
		}
	}
	return problems
}

// placeholdersOf returns the names of the placeholders in a message (a
// string, or a table of plural forms), sorted and joined by spaces.
func placeholdersOf(v any) string {
	set := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			for _, m := range placeholder.FindAllStringSubmatch(v, -1) {
				set[m[1]] = true
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}
