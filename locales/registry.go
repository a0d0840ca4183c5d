package locales

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/lotse-de/lotse/internal/yamlfile"
	"golang.org/x/text/language"
)

// Source is the code of the source language: every text is written in
// German first; the other languages' texts are translations of it.
const Source = yamlfile.SourceLang

// Language is one language Lotse speaks, as languages.toml describes it.
type Language struct {
	Code      string   `toml:"code"`      // BCP 47 tag, the key of the language's texts
	Name      string   `toml:"name"`      // the language's own name ("Deutsch")
	Plural    string   `toml:"plural"`    // the language whose CLDR plural rules apply; empty: Code
	Direction string   `toml:"direction"` // "ltr" or "rtl"
	Date      string   `toml:"date"`      // Go layout of a day ("02.01.2006")
	Time      string   `toml:"time"`      // Go layout of a time of day ("15:04")
	Decimal   string   `toml:"decimal"`   // decimal separator
	Group     string   `toml:"group"`     // thousands separator
	Analyzer  string   `toml:"analyzer"`  // search analyzer by name (see search)
	Commands  []string `toml:"commands"`  // Telegram command menu, in order
}

// FormatDate writes a day as the language writes it.
func (l Language) FormatDate(t time.Time) string { return t.Format(l.Date) }

// FormatTime writes a time of day as the language writes it.
func (l Language) FormatTime(t time.Time) string { return t.Format(l.Time) }

// Registry is the list of languages Lotse speaks, the source first. It is
// read-only after LoadRegistry and safe for concurrent use.
type Registry struct {
	langs   []Language
	byCode  map[string]int
	matcher language.Matcher
}

// registryFile is the name of the registry in a locales file system.
const registryFile = "languages.toml"

// LoadRegistry reads languages.toml from fsys. It fails on a file that
// does not parse, has unknown keys or describes a language incompletely,
// and when the source language is not the first.
func LoadRegistry(fsys fs.FS) (*Registry, error) {
	data, err := fs.ReadFile(fsys, registryFile)
	if err != nil {
		return nil, err
	}
	var file struct {
		Language []Language `toml:"language"`
	}
	md, err := toml.Decode(string(data), &file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", registryFile, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, fmt.Errorf("%s: unknown key %s", registryFile, keys[0])
	}
	if len(file.Language) == 0 || file.Language[0].Code != Source {
		return nil, fmt.Errorf("%s: the first language must be the source, %q", registryFile, Source)
	}
	r := &Registry{byCode: map[string]int{}}
	tags := make([]language.Tag, 0, len(file.Language))
	for i, l := range file.Language {
		if err := l.check(); err != nil {
			return nil, fmt.Errorf("%s: language %d (%q): %w", registryFile, i+1, l.Code, err)
		}
		if _, dup := r.byCode[l.Code]; dup {
			return nil, fmt.Errorf("%s: language %q listed twice", registryFile, l.Code)
		}
		if l.Plural == "" {
			l.Plural = l.Code
		}
		r.byCode[l.Code] = len(r.langs)
		r.langs = append(r.langs, l)
		tags = append(tags, language.Make(l.Code))
	}
	r.matcher = language.NewMatcher(tags)
	return r, nil
}

// check reports what is missing or wrong in an entry of the registry.
func (l Language) check() error {
	switch {
	case l.Code == "" || l.Name == "":
		return errors.New("code and name are required")
	case l.Direction != "ltr" && l.Direction != "rtl":
		return fmt.Errorf("direction %q is neither ltr nor rtl", l.Direction)
	case l.Date == "" || l.Time == "" || l.Decimal == "" || l.Group == "":
		return errors.New("date, time, decimal and group are required")
	case l.Analyzer == "":
		return errors.New("analyzer is required")
	case len(l.Commands) == 0:
		return errors.New("commands are required")
	}
	if _, err := language.Parse(l.Code); err != nil {
		return fmt.Errorf("code: %w", err)
	}
	return nil
}

// Languages returns the languages, the source first.
func (r *Registry) Languages() []Language { return r.langs }

// Codes returns the codes of the languages, the source first.
func (r *Registry) Codes() []string {
	out := make([]string, len(r.langs))
	for i, l := range r.langs {
		out[i] = l.Code
	}
	return out
}

// Get returns the language with the given code.
func (r *Registry) Get(code string) (Language, bool) {
	i, ok := r.byCode[code]
	if !ok {
		return Language{}, false
	}
	return r.langs[i], true
}

// Lang returns the language with the given code, or the source language
// when there is none.
func (r *Registry) Lang(code string) Language {
	if l, ok := r.Get(code); ok {
		return l
	}
	return r.langs[0]
}

// Match returns the code of the language closest to a language tag such
// as Telegram's language_code ("en-US", "de"); the source language when
// none is close.
func (r *Registry) Match(tag string) string {
	if tag == "" {
		return Source
	}
	t, err := language.Parse(tag)
	if err != nil {
		return Source
	}
	_, i, conf := r.matcher.Match(t)
	if conf == language.No {
		return Source
	}
	return r.langs[i].Code
}
