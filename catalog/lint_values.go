package catalog

import (
	"cmp"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// ExpiryWarning is how long before a value runs out without a successor
// lint starts to warn.
const ExpiryWarning = 60 * 24 * time.Hour

// bareAmount is an amount of money written into a text instead of taken
// from values/: "563 Euro", "18,36 €", "13.90 euros", "50 Cent".
var bareAmount = regexp.MustCompile(`\d(?:[\d.,]*\d)?\s*(?:Euro\b|euros?\b|EUR\b|€|Cent\b|cents?\b)`)

// lintValues checks values/*.yaml: ids, what in both languages, periods
// with a number, a first day, a last day not before it, no overlap, a
// source and a checked date. It fills l.values for the service checks and
// warns about a value whose current period ends within ExpiryWarning of
// today without a successor.
func (l *linter) lintValues(fsys fs.FS) {
	names, err := fs.Glob(fsys, "values/*.yaml")
	if err != nil {
		l.add("values", 0, "cannot list the value files: %v", err)
	}
	sort.Strings(names)
	today, _ := time.Parse(time.DateOnly, l.today)
	for _, name := range names {
		var vs []Value
		root := l.parse(fsys, name, &vs, yaml.SequenceNode, "want a list of values")
		if root == nil {
			continue
		}
		for i := range vs {
			v := &vs[i]
			item := cmp.Or(itemAt(root, i), root)
			at := func(keys ...string) int { return lineOf(item, keys...) }
			switch {
			case v.ID == "":
				l.add(name, at("id"), "value without id")
				continue
			case !idPattern.MatchString(v.ID):
				l.add(name, at("id"), "value id %q: use lowercase ASCII letters and digits, words joined by \"-\"", v.ID)
			case l.values[v.ID] != "":
				l.add(name, at("id"), "duplicate value id %q, also in %s", v.ID, l.values[v.ID])
				continue
			}
			l.values[v.ID] = name
			// what describes the value for the catalog's authors, who
			// read German; the bot never shows it
			if strings.TrimSpace(v.What[SourceLang]) == "" {
				l.add(name, at("what"), "what: %s text missing", SourceLang)
			}
			l.periods(name, item, v, today)
		}
	}
}

func (l *linter) periods(name string, item *yaml.Node, v *Value, today time.Time) {
	if len(v.Periods) == 0 {
		l.add(name, lineOf(item, "periods"), "value %s: no periods", v.ID)
		return
	}
	seq := nodeAt(item, "periods")
	for i, p := range v.Periods {
		pi := cmp.Or(itemAt(seq, i), item)
		at := func(key string) int { return lineOf(pi, key) }
		where := fmt.Sprintf("value %s, period %d", v.ID, i+1)
		if !decimalPattern.MatchString(p.Value) {
			l.add(name, at("value"), "%s: value %q: want a number like 563 or 13.90", where, p.Value)
		}
		if p.From.IsZero() {
			l.add(name, at("from"), "%s: from missing", where)
		}
		if p.Until != nil && p.Until.Before(p.From.Time) {
			l.add(name, at("until"), "%s: until %s is before from %s", where, p.Until.Format(time.DateOnly), p.From.Format(time.DateOnly))
		}
		if i > 0 {
			prev := v.Periods[i-1]
			switch {
			case prev.Until == nil:
				l.add(name, at("from"), "%s: the period before has no until, so they overlap", where)
			case !p.From.After(prev.Until.Time):
				l.add(name, at("from"), "%s: from %s is not after the last day %s of the period before", where, p.From.Format(time.DateOnly), prev.Until.Format(time.DateOnly))
			}
		}
		if strings.TrimSpace(p.Source.Title) == "" || !strings.HasPrefix(p.Source.URL, "https://") {
			l.add(name, at("source"), "%s: want a source with a title and an https:// address", where)
		}
		switch {
		case p.Checked.IsZero():
			l.add(name, at("checked"), "%s: checked date missing", where)
		case p.Checked.Format(time.DateOnly) > l.today:
			l.add(name, at("checked"), "%s: checked date %s is in the future", where, p.Checked.Format(time.DateOnly))
		}
	}
	last := v.Periods[len(v.Periods)-1]
	if last.Until != nil && !today.IsZero() && last.Until.Sub(today) < ExpiryWarning {
		l.warn(name, lineOf(cmp.Or(itemAt(seq, len(v.Periods)-1), item), "until"),
			"value %s runs out on %s and has no successor: enter the next value or say in the text that it is not yet decided", v.ID, last.Until.Format(time.DateOnly))
	}
}

// amounts reports references to unknown values and amounts of money that
// are written into a text instead of referring to values/.
func (l *linter) amounts(file string, line int, key, text string) {
	for _, m := range valueRef.FindAllStringSubmatch(text, -1) {
		if l.values[m[1]] == "" {
			l.add(file, line, "%s: {{%s}} is not a value in values/", key, m[1])
			continue
		}
		l.used[m[1]] = true
	}
	if m := bareAmount.FindString(text); m != "" {
		l.add(file, line, "%s: the amount %q is written into the text; put it in values/ and write {{id}}", key, m)
	}
}

// unusedValues reports values that no text refers to.
func (l *linter) unusedValues() {
	for id, file := range l.values {
		if !l.used[id] {
			l.add(file, 0, "value %s is not used by any text", id)
		}
	}
}
