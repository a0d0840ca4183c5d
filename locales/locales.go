// Package locales holds every text of Lotse's user interface in German and
// English (active.de.toml, active.en.toml, embedded) and picks a user's
// language. Message ids are flat and dotted ("main.place.ask"); both files
// have the same ids, which Lint checks.
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
)

//go:embed active.de.toml active.en.toml
var files embed.FS

// Languages are the languages Lotse speaks, the default first.
var Languages = []string{"de", "en"}

// Default is the language used when nothing else is known.
const Default = "de"

var matcher = language.NewMatcher([]language.Tag{language.German, language.English})

// Bundle translates message ids. It is safe for concurrent use.
type Bundle struct {
	localizers map[string]*i18n.Localizer
	plain      map[string]map[string]string // lang → id → text without data, rendered once; every id is a key
}

// Load reads the embedded message files.
func Load() (*Bundle, error) {
	bundle := i18n.NewBundle(language.German)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	b := &Bundle{localizers: map[string]*i18n.Localizer{}, plain: map[string]map[string]string{}}
	ids := map[string][]string{} // lang → ids in its file
	for _, lang := range Languages {
		name := "active." + lang + ".toml"
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		mf, err := bundle.ParseMessageFileBytes(data, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, m := range mf.Messages {
			ids[lang] = append(ids[lang], m.ID)
		}
		b.localizers[lang] = i18n.NewLocalizer(bundle, lang)
	}
	for _, lang := range Languages {
		b.plain[lang] = make(map[string]string, len(ids[lang]))
		for _, id := range ids[lang] {
			b.plain[lang][id] = b.localize(lang, &i18n.LocalizeConfig{MessageID: id})
		}
	}
	return b, nil
}

// T returns the message id in lang, filled with data. A missing id, which
// Lint reports, comes back as the id itself.
func (b *Bundle) T(lang, id string, data map[string]any) string {
	lang = b.supported(lang)
	if data == nil {
		if s, ok := b.plain[lang][id]; ok {
			return s
		}
	}
	return b.localize(lang, &i18n.LocalizeConfig{MessageID: id, TemplateData: data})
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

// supported returns lang if the bundle has it, else the default language.
func (b *Bundle) supported(lang string) string {
	if _, ok := b.localizers[lang]; !ok {
		return Default
	}
	return lang
}

// localize returns the message that cfg asks for in lang, or its id when
// the message is missing.
func (b *Bundle) localize(lang string, cfg *i18n.LocalizeConfig) string {
	s, err := b.localizers[lang].Localize(cfg)
	if err != nil {
		return cfg.MessageID
	}
	return s
}

// Has reports whether id exists in every language.
func (b *Bundle) Has(id string) bool {
	for _, lang := range Languages {
		if _, ok := b.plain[lang][id]; !ok {
			return false
		}
	}
	return true
}

// Match returns the supported language closest to a language tag such as
// Telegram's language_code ("en-US", "de"); Default when none is close.
func Match(tag string) string {
	if tag == "" {
		return Default
	}
	t, err := language.Parse(tag)
	if err != nil {
		return Default
	}
	_, i, conf := matcher.Match(t)
	if conf == language.No {
		return Default
	}
	return Languages[i]
}

// Problem is a defect found by Lint, at a line of a message file.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("locales/%s:%d: %s", p.File, p.Line, p.Msg) }

var keyLine = regexp.MustCompile(`^\s*"([^"]+)"\s*=`)

// Lint reports message ids that are missing in one of the languages or
// defined twice in one file, and translations whose placeholders
// ({{.Name}}) are not those of the German source.
func Lint() []Problem { return lintFS(files) }

// lintFS is Lint on the message files in fsys.
func lintFS(fsys fs.FS) []Problem {
	lines := map[string]map[string]int{} // lang → id → line
	var problems []Problem
	for _, lang := range Languages {
		name := "active." + lang + ".toml"
		data, _ := fs.ReadFile(fsys, name)
		lines[lang] = map[string]int{}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for n := 1; sc.Scan(); n++ {
			m := keyLine.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			if first, dup := lines[lang][m[1]]; dup {
				problems = append(problems, Problem{name, n, fmt.Sprintf("%q defined again (first on line %d)", m[1], first)})
			}
			lines[lang][m[1]] = n
		}
	}
	for _, lang := range Languages {
		for _, other := range Languages {
			if other == lang {
				continue
			}
			for id, n := range lines[lang] {
				if _, ok := lines[other][id]; !ok {
					problems = append(problems, Problem{"active." + lang + ".toml", n, fmt.Sprintf("%q is missing in active.%s.toml", id, other)})
				}
			}
		}
	}
	problems = append(problems, placeholderProblems(fsys, lines)...)
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
func placeholderProblems(fsys fs.FS, lines map[string]map[string]int) []Problem {
	names := map[string]map[string]string{} // lang → id → sorted placeholder names
	for _, lang := range Languages {
		data, _ := fs.ReadFile(fsys, "active."+lang+".toml")
		var msgs map[string]any
		if err := toml.Unmarshal(data, &msgs); err != nil {
			return []Problem{{"active." + lang + ".toml", 0, "does not parse: " + err.Error()}}
		}
		names[lang] = map[string]string{}
		for id, v := range msgs {
			names[lang][id] = placeholdersOf(v)
		}
	}
	var problems []Problem
	for _, lang := range Languages {
		if lang == Default {
			continue
		}
		for id, got := range names[lang] {
			want, ok := names[Default][id]
			if ok && got != want {
				problems = append(problems, Problem{"active." + lang + ".toml", lines[lang][id],
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
