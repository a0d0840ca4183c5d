package catalog

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/lotse-de/lotse/internal/fold"
	"github.com/lotse-de/lotse/internal/yamlfile"
	"github.com/lotse-de/lotse/locales"
)

// registryLangs returns the codes of the languages every text needs: those
// of the embedded registry (locales/languages.toml), the source first.
var registryLangs = sync.OnceValue(func() []string {
	reg, err := locales.LoadRegistry(locales.FS())
	if err != nil {
		return []string{SourceLang} // locales' own lint reports the registry
	}
	return reg.Codes()
})

// Problem is one thing wrong in a catalog file, found by Lint.
type Problem struct {
	File string // path inside the catalog, e.g. "services/wohngeld.yaml"
	Line int    // 1-based line, 0 when the whole file is meant
	Msg  string // what is wrong

	// Warning marks a problem that does not fail lint, such as a value
	// that runs out soon.
	Warning bool
}

// String formats the problem as "file:line: what is wrong", with
// "warning: " before the message of a warning.
func (p Problem) String() string {
	if p.Warning {
		return fmt.Sprintf("%s:%d: warning: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
}

// MaxIDLength is the longest allowed service id; with a menu and an event
// it still fits in Telegram's 64 bytes of callback data.
const MaxIDLength = 40

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	leikaPattern = regexp.MustCompile(`^[0-9]{14}$`)
	lineInError  = regexp.MustCompile(`line (\d+)`)
)

// Lint checks the embedded catalog with its translations; see LintFS.
func Lint(authorityTypes map[string]bool) []Problem {
	return LintFS(content, translations(), Languages(), authorityTypes)
}

// LintFS checks services/*.yaml, situations.yaml and values/*.yaml in fsys,
// with their translations in tr, for completeness and consistency: unknown
// fields, ids, every language of langs (the source first) in every text
// and no other, translations with a text the file lacks or without a file,
// translated lists as long as the German one, translations that left the
// German text or changed its placeholders, sources, authority
// level and type (authorityTypes holds the known type keys), Land keys,
// situations, the checked date, duplicate ids, synonyms shared by two
// services, the dated values and that texts take every amount from them
// (see lintValues). It returns the problems ordered by file and line; none means
// the catalog is fine.
func LintFS(fsys fs.FS, tr yamlfile.Translations, langs []string, authorityTypes map[string]bool) []Problem {
	return lintAt(fsys, tr, langs, authorityTypes, time.Now())
}

// lintAt is LintFS on the given day, which decides the checked dates in
// the future and the values that run out soon.
func lintAt(fsys fs.FS, tr yamlfile.Translations, langs []string, authorityTypes map[string]bool, now time.Time) []Problem {
	l := linter{
		tr:             tr,
		authorityTypes: authorityTypes,
		situations:     map[string]bool{},
		ids:            map[string]string{},
		synonyms:       map[string]string{},
		values:         map[string]string{},
		used:           map[string]bool{},
		today:          dayIn(now).Format(time.DateOnly),
		langs:          langs,
	}
	l.lintValues(fsys)
	l.lintSituations(fsys, "situations.yaml")
	names, err := fs.Glob(fsys, "services/*.yaml")
	if err != nil {
		l.add("services", 0, "cannot list the service files: %v", err)
	}
	if len(names) == 0 && err == nil {
		l.add("services", 0, "no service files")
	}
	sort.Strings(names)
	for _, name := range names {
		l.lintService(fsys, name)
	}
	l.unusedValues()
	for _, pattern := range []string{"*.yaml", "*/*.yaml"} {
		orphans, err := yamlfile.Orphans(fsys, pattern, tr)
		if err != nil {
			l.add("locales", 0, "cannot list the translations: %v", err)
		}
		for _, o := range orphans {
			l.add("locales/"+o, 0, "a translation of a file the catalog does not have")
		}
	}
	sort.SliceStable(l.problems, func(i, j int) bool {
		a, b := l.problems[i], l.problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return l.problems
}

// linter collects problems while it walks the catalog.
type linter struct {
	tr             yamlfile.Translations // the catalog's translations
	authorityTypes map[string]bool
	situations     map[string]bool   // known situation ids
	ids            map[string]string // service id -> file
	synonyms       map[string]string // folded synonym -> service id
	values         map[string]string // value id -> file
	used           map[string]bool   // value ids referred to by a text
	today          string            // 2006-01-02, in Germany
	langs          []string          // the languages every text needs, the source first
	problems       []Problem
}

func (l *linter) add(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (l *linter) warn(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// parse reads a YAML file into its node tree and into v (unknown fields
// are reported). It returns the document's root node, or nil when the file
// cannot be used at all or its root is not of the kind wanted, which want
// then describes.
func (l *linter) parse(fsys fs.FS, name string, v any, kind yaml.Kind, want string) *yaml.Node {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		l.add(name, 0, "cannot read: %v", err)
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		l.add(name, errorLine(err.Error()), "not valid YAML: %s", trimYAMLPrefix(err.Error()))
		return nil
	}
	if len(doc.Content) == 0 {
		l.add(name, 0, "empty file")
		return nil
	}
	if err := yamlfile.Strict(b, v); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			l.add(name, errorLine(err.Error()), "does not load: %s", trimYAMLPrefix(err.Error()))
			return nil
		}
		// A TypeError leaves the rest decoded; report each part and go on.
		for _, msg := range te.Errors {
			l.add(name, errorLine(msg), "does not load: %s", trimYAMLPrefix(msg))
		}
	}
	if len(l.tr) > 0 {
		if err := yamlfile.Translate(&doc, name, l.tr); err != nil {
			l.add(name, 0, "%v", err)
		} else if err := doc.Decode(v); err != nil {
			l.add(name, errorLine(err.Error()), "does not load with its translations: %s", trimYAMLPrefix(err.Error()))
		}
	}
	root := doc.Content[0]
	if root.Kind != kind {
		l.add(name, root.Line, "%s", want)
		return nil
	}
	return root
}

func (l *linter) lintSituations(fsys fs.FS, name string) {
	var sits []Situation
	root := l.parse(fsys, name, &sits, yaml.SequenceNode, "want a list of situations")
	if root == nil {
		return
	}
	for i, s := range sits {
		item := cmp.Or(itemAt(root, i), root)
		at := func(keys ...string) int { return lineOf(item, keys...) }
		switch {
		case s.ID == "":
			l.add(name, at("id"), "situation without id")
		case l.situations[s.ID]:
			l.add(name, at("id"), "duplicate situation id %q", s.ID)
		}
		if s.ID != "" {
			l.situations[s.ID] = true
		}
		l.text(name, item, "name", s.Name)
		l.text(name, item, "summary", s.Summary)
	}
}

func (l *linter) lintService(fsys fs.FS, name string) {
	var s Service
	root := l.parse(fsys, name, &s, yaml.MappingNode, "want a mapping with the fields of a service")
	if root == nil {
		return
	}
	at := func(keys ...string) int { return lineOf(root, keys...) }

	// id
	want := strings.TrimSuffix(path.Base(name), ".yaml")
	switch {
	case s.ID == "":
		l.add(name, at("id"), "id missing")
	case s.ID != want:
		l.add(name, at("id"), "id %q does not match the file name %q", s.ID, want)
	}
	if s.ID != "" {
		if !idPattern.MatchString(s.ID) {
			l.add(name, at("id"), "id %q: use lowercase ASCII letters and digits, words joined by \"-\"", s.ID)
		}
		if len(s.ID) > MaxIDLength {
			l.add(name, at("id"), "id %q is %d characters long, at most %d allowed", s.ID, len(s.ID), MaxIDLength)
		}
		if first, dup := l.ids[s.ID]; dup {
			l.add(name, at("id"), "duplicate id %q, also in %s", s.ID, first)
		} else {
			l.ids[s.ID] = name
		}
	}
	if s.LeiKa != "" && !leikaPattern.MatchString(s.LeiKa) {
		l.add(name, at("leika"), "leika %q: want 14 digits", s.LeiKa)
	}

	// texts and lists
	l.text(name, root, "name", s.Name)
	l.text(name, root, "summary", s.Summary)
	l.text(name, root, "description", s.Description)
	l.text(name, root, "costs", s.Costs)
	l.text(name, root, "deadline", s.Deadline)
	l.text(name, root, "processing_time", s.ProcessingTime)
	l.list(name, root, "prerequisites", s.Prerequisites)
	l.list(name, root, "documents", s.Documents)
	l.list(name, root, "procedure", s.Procedure)
	if s.Online != nil {
		l.text(name, root, "online.name", s.Online.Name)
		if !strings.HasPrefix(s.Online.URL, "https://") {
			l.add(name, at("online", "url"), "online.url %q: want an https:// address", s.Online.URL)
		}
	}

	// synonyms written twice, or shared with another service
	if s.ID != "" {
		seen := map[string]bool{}
		for _, lang := range l.langs {
			inLang := map[string]bool{}
			for _, syn := range s.Synonyms[lang] {
				key := synonymKey(syn)
				if key == "" {
					l.add(name, at("synonyms"), "empty synonym")
					continue
				}
				if inLang[key] {
					l.add(name, at("synonyms"), "%s synonym %q is written twice", lang, syn)
				}
				inLang[key] = true
				if seen[key] {
					continue
				}
				seen[key] = true
				if other, taken := l.synonyms[key]; taken && other != s.ID {
					l.add(name, at("synonyms"), "synonym %q is also used by %s", syn, other)
					continue
				}
				l.synonyms[key] = s.ID
			}
		}
	}

	emergency := nodeAt(root, "emergency")
	l.lintEmergency(name, func(i int) int {
		if item := itemAt(emergency, i); item != nil {
			return item.Line
		}
		return at("emergency")
	}, s.Emergency)

	// situations
	if len(s.Situations) == 0 {
		l.add(name, at("situations"), "no situations")
	}
	for _, sit := range s.Situations {
		if !l.situations[sit] {
			l.add(name, at("situations"), "unknown situation %q", sit)
		}
	}

	// authority
	l.authority(name, at("authority", "level"), at("authority", "type"), "authority", s.Authority.Level, s.Authority.Type)
	exceptions := nodeAt(root, "authority", "exceptions")
	for i, e := range s.Authority.Exceptions {
		item := itemAt(exceptions, i)
		where := fmt.Sprintf("authority.exceptions[%d]", i)
		line := at("authority", "exceptions")
		if item != nil {
			line = item.Line
		}
		if len(e.Lands) == 0 {
			l.add(name, line, "%s: no lands", where)
		}
		for _, land := range e.Lands {
			if !validLand(land) {
				l.add(name, lineOf(item, "lands"), "%s: unknown Land key %q, want \"01\" … \"16\"", where, land)
			}
		}
		l.authority(name, lineOf(item, "level"), lineOf(item, "type"), where, e.Level, e.Type)
	}

	// sources and date
	if len(s.Sources) == 0 {
		l.add(name, at("sources"), "no sources")
	}
	sources := nodeAt(root, "sources")
	for i, src := range s.Sources {
		if strings.TrimSpace(src.Title) == "" {
			line := at("sources")
			if item := itemAt(sources, i); item != nil {
				line = item.Line
			}
			l.add(name, line, "sources[%d] has no title", i)
		}
	}
	switch {
	case s.Checked.IsZero():
		l.add(name, at("checked"), "checked date missing")
	case s.Checked.Format(time.DateOnly) > l.today:
		l.add(name, at("checked"), "checked date %s is in the future", s.Checked.Format(time.DateOnly))
	}
}

// text reports a missing language of the text at key (dotted for nested
// keys) and a language that the registry does not know.
func (l *linter) text(file string, parent *yaml.Node, key string, t Text) {
	keys := strings.Split(key, ".")
	for _, lang := range l.langs {
		line := lineOf(parent, append(keys, lang)...)
		if strings.TrimSpace(t[lang]) == "" {
			l.add(file, line, "%s: %s text missing", key, lang)
		}
		l.amounts(file, line, key, t[lang])
		l.translation(file, line, key, lang, t[SourceLang], t[lang])
	}
	l.unknownLangs(file, parent, keys, maps.Keys(t))
}

// unknownLangs reports the languages of a text or list at keys that the
// registry does not know.
func (l *linter) unknownLangs(file string, parent *yaml.Node, keys []string, langs iter.Seq[string]) {
	for _, lang := range slices.Sorted(langs) {
		if !slices.Contains(l.langs, lang) {
			l.add(file, lineOf(parent, append(keys, lang)...), "%s: language %q is not in locales/languages.toml", strings.Join(keys, "."), lang)
		}
	}
}

// list reports an empty list, empty items and lists of unequal length.
func (l *linter) list(file string, parent *yaml.Node, key string, list List) {
	line := lineOf(parent, key)
	l.unknownLangs(file, parent, []string{key}, maps.Keys(list))
	empty := true
	for _, lang := range l.langs {
		empty = empty && len(list[lang]) == 0
	}
	if empty {
		l.add(file, line, "%s: empty", key)
		return
	}
	source := list[SourceLang]
	for _, lang := range l.langs {
		switch {
		case len(list[lang]) == 0:
			l.add(file, lineOf(parent, key, lang), "%s: %s list missing", key, lang)
			continue
		case len(list[lang]) != len(source) && len(source) > 0:
			l.add(file, line, "%s: %d items in %s, %d in %s", key, len(source), SourceLang, len(list[lang]), lang)
		}
		for i, item := range list[lang] {
			line := lineOf(parent, key, lang)
			if strings.TrimSpace(item) == "" {
				l.add(file, line, "%s.%s[%d] is empty", key, lang, i)
			}
			l.amounts(file, line, key, item)
			if i < len(source) {
				l.translation(file, line, fmt.Sprintf("%s[%d]", key, i), lang, source[i], item)
			}
		}
	}
}

// untranslatedLength is the length from which a translation that is the
// German text word for word is taken for German left untranslated; a
// shorter one may be a name ("Jobcenter", "BAföG").
const untranslatedLength = 30

// placeholderPattern matches the placeholders of a catalog text: a dated
// value {{id}}.
var placeholderPattern = regexp.MustCompile(`\{\{[^{}]*\}\}`)

// translation reports a translation into lang that is the German text
// source left as it was, or whose placeholders differ from the German.
func (l *linter) translation(file string, line int, key, lang, source, text string) {
	if lang == SourceLang || text == "" {
		return
	}
	if text == source && len(source) >= untranslatedLength {
		l.add(file, line, "%s: the %s text is the German one; translate it", key, lang)
	}
	if a, b := placeholders(source), placeholders(text); !slices.Equal(a, b) {
		l.add(file, line, "%s: the %s text has the placeholders %v, the German %v", key, lang, b, a)
	}
}

// placeholders returns the placeholders of s, sorted.
func placeholders(s string) []string {
	p := placeholderPattern.FindAllString(s, -1)
	slices.Sort(p)
	return p
}

// synonymKey returns the key under which two synonyms collide: for Latin
// script the folded key of search ("Straße" and "Strasse" collide), for
// others the lower-case words.
func synonymKey(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) }) < 0 {
		return fold.Key(s, fold.Spelled)
	}
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// authority reports an unknown level or type.
func (l *linter) authority(file string, levelLine, typeLine int, where string, level Level, typ string) {
	switch level {
	case LevelGemeinde, LevelKreis, LevelLand, LevelBund:
	case "":
		l.add(file, levelLine, "%s.level missing", where)
	default:
		l.add(file, levelLine, "%s.level %q: want gemeinde, kreis, land or bund", where, level)
	}
	switch {
	case typ == "":
		l.add(file, typeLine, "%s.type missing", where)
	case !l.authorityTypes[typ]:
		l.add(file, typeLine, "%s.type %q is not a known authority type", where, typ)
	}
}

// validLand reports whether key is a two-digit Land key "01" … "16".
func validLand(key string) bool {
	if len(key) != 2 {
		return false
	}
	n, err := strconv.Atoi(key)
	return err == nil && n >= 1 && n <= 16
}

// nodeAt follows keys through nested mappings and returns the value node,
// or nil when a key is missing.
func nodeAt(n *yaml.Node, keys ...string) *yaml.Node {
	for _, key := range keys {
		_, n = yamlfile.Entry(n, key)
	}
	return n
}

// lineOf returns the line of the deepest of keys that exists below n: the
// line of the key itself, or n's line when not even the first key exists.
func lineOf(n *yaml.Node, keys ...string) int {
	if n == nil {
		return 0
	}
	line := n.Line
	for _, key := range keys {
		k, v := yamlfile.Entry(n, key)
		if k == nil {
			break
		}
		line, n = k.Line, v
	}
	return line
}

// itemAt returns the i-th node of the sequence seq, or nil when there is
// none.
func itemAt(seq *yaml.Node, i int) *yaml.Node {
	if seq == nil || i >= len(seq.Content) {
		return nil
	}
	return seq.Content[i]
}

// errorLine picks the line number out of a YAML error message, 0 if none.
func errorLine(msg string) int {
	m := lineInError.FindStringSubmatch(msg)
	if m == nil {
		return 0
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return 0
	}
	return n
}

// trimYAMLPrefix drops the "yaml:" and "line N:" parts of a YAML error
// message, since the Problem carries the line itself.
func trimYAMLPrefix(msg string) string {
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	if loc := lineInError.FindStringIndex(msg); loc != nil && loc[0] == 0 {
		msg = strings.TrimPrefix(msg[loc[1]:], ": ")
	}
	return msg
}
