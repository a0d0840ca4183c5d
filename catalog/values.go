package catalog

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/lotse-de/lotse/internal/germany"
	"github.com/lotse-de/lotse/internal/yamlfile"
)

// Value is an amount or other number that changes over time (a fee, a
// benefit rate, a limit), kept once in values/*.yaml with the periods it is
// valid in. Service texts name it as {{id}}; Expand writes the number that
// is valid on the day a citizen asks.
type Value struct {
	ID      string   `yaml:"id" json:"id"`
	What    Text     `yaml:"what" json:"what"`                     // what the number is, for editors and lint output
	Note    string   `yaml:"note,omitempty" json:"note,omitempty"` // for editors, e.g. "2027 value not yet decided"
	Periods []Period `yaml:"periods" json:"periods"`               // in order, not overlapping
}

// Period is one value of a Value and the days it is valid.
type Period struct {
	Value   string `yaml:"value" json:"value"`                     // a decimal number as the law writes it: "563", "13.90"
	From    Date   `yaml:"from" json:"from"`                       // first day
	Until   *Date  `yaml:"until,omitempty" json:"until,omitempty"` // last day; nil: until a change is decided
	Source  Source `yaml:"source" json:"source"`
	Checked Date   `yaml:"checked" json:"checked"` // the day the value was last checked against the source
}

// valid reports whether the period covers day (a date at midnight UTC).
func (p Period) valid(day time.Time) bool {
	return !day.Before(p.From.Time) && (p.Until == nil || !day.After(p.Until.Time))
}

// decimalPattern is how a value is written in values/*.yaml: "563", "13.90".
var decimalPattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// valueRef is a reference to a value in a service text: {{id}}.
var valueRef = regexp.MustCompile(`\{\{([a-z0-9]+(?:-[a-z0-9]+)*)\}\}`)

// dayIn returns the calendar day of t in Germany, at midnight UTC, the form
// in which periods are compared.
func dayIn(t time.Time) time.Time {
	if loc, err := germany.Location(); err == nil {
		t = t.In(loc)
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// On returns the period valid on day or, when none is (the last period ran
// out and no successor is entered), the latest period that began before
// day; before the first period, the first.
func (v *Value) On(day time.Time) Period {
	d := dayIn(day)
	var last *Period
	for i := range v.Periods {
		p := &v.Periods[i]
		if p.valid(d) {
			return *p
		}
		if !d.Before(p.From.Time) && (last == nil || p.From.After(last.From.Time)) {
			last = p
		}
	}
	if last == nil && len(v.Periods) > 0 {
		last = &v.Periods[0]
	}
	if last == nil {
		return Period{}
	}
	return *last
}

// Expand replaces each {{id}} in text with what write makes of the period
// valid on day; ranOut says that the value's last period ended before day
// and no successor is entered, so that the caller never shows an old
// number as current. An unknown id stays as it is (lint reports it).
// Wording and number format are the caller's (they belong to a language).
func (c *Catalog) Expand(text string, day time.Time, write func(p Period, ranOut bool) string) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	d := dayIn(day)
	return valueRef.ReplaceAllStringFunc(text, func(ref string) string {
		v, ok := c.values[ref[2:len(ref)-2]]
		if !ok {
			return ref
		}
		p := v.On(d)
		return write(p, p.Until != nil && d.After(p.Until.Time))
	})
}

// WithoutValues removes the {{id}} references from text, for uses such as
// the search index where the number itself does not matter.
func WithoutValues(text string) string { return valueRef.ReplaceAllString(text, "") }

// Values returns all values, ordered by id.
func (c *Catalog) Values() []Value {
	out := make([]Value, 0, len(c.values))
	for _, v := range c.values {
		out = append(out, *v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// FormatNumber writes a decimal number ("3539", "13.90") with the decimal
// separator point and the thousands separator group of a language
// (locales.Language): "3.539" and "13,90" in German, "3,539" and "13.90"
// in English. A string that is not such a number is returned as it is.
func FormatNumber(v, point, group string) string {
	if !decimalPattern.MatchString(v) {
		return v
	}
	whole, frac, hasFrac := strings.Cut(v, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}

// loadValues reads values/*.yaml from fsys; every id must be unique.
func loadValues(fsys fs.FS) (map[string]*Value, error) {
	names, err := fs.Glob(fsys, "values/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := map[string]*Value{}
	for _, name := range names {
		var vs []Value
		if err := yamlfile.Decode(fsys, name, nil, &vs); err != nil {
			return nil, err
		}
		for i := range vs {
			if _, dup := out[vs[i].ID]; dup {
				return nil, fmt.Errorf("%s: value %q is defined twice", name, vs[i].ID)
			}
			out[vs[i].ID] = &vs[i]
		}
	}
	return out, nil
}
