package authorities

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lotse-de/lotse/catalog"
	"go.yaml.in/yaml/v3"
)

// Record is a real authority as kept in authorities/directory/*.yaml.
// Every field comes from a source; unknown fields stay empty.
type Record struct {
	ID         string         `yaml:"id" json:"id"`
	Name       string         `yaml:"name" json:"name"`                                 // e.g. "Landratsamt Saale-Holzland-Kreis"
	Department string         `yaml:"department,omitempty" json:"department,omitempty"` // e.g. "Sozialamt"
	Visitor    *Address       `yaml:"visitor,omitempty" json:"visitor,omitempty"`
	Postal     *Address       `yaml:"postal,omitempty" json:"postal,omitempty"` // may be a PO box
	Phone      string         `yaml:"phone,omitempty" json:"phone,omitempty"`
	Fax        string         `yaml:"fax,omitempty" json:"fax,omitempty"`
	Email      string         `yaml:"email,omitempty" json:"email,omitempty"`
	Web        string         `yaml:"web,omitempty" json:"web,omitempty"`
	Lat        float64        `yaml:"lat,omitempty" json:"lat,omitempty"` // only when a source gives it
	Lon        float64        `yaml:"lon,omitempty" json:"lon,omitempty"`
	Hours      Hours          `yaml:"hours" json:"hours"`
	Transport  catalog.Text   `yaml:"transport,omitempty" json:"transport,omitzero"`
	Parking    []Parking      `yaml:"parking,omitempty" json:"parking,omitempty"`
	Land       string         `yaml:"land" json:"land"`           // two-digit Land key, for public holidays
	Competent  []Scope        `yaml:"competent" json:"competent"` // what it is competent for, where
	Source     catalog.Source `yaml:"source" json:"source"`
	Checked    catalog.Date   `yaml:"checked" json:"checked"`
}

// Address is a postal or visitor address. POBox is set for a Postfach.
type Address struct {
	Street   string `yaml:"street,omitempty" json:"street,omitempty"`
	POBox    string `yaml:"pobox,omitempty" json:"pobox,omitempty"`
	Postcode string `yaml:"postcode" json:"postcode"`
	City     string `yaml:"city" json:"city"`
}

// Parking is a kind of parking near an authority.
type Parking struct {
	Kind   string `yaml:"kind" json:"kind"`     // "standard" or "disabled"
	Number int    `yaml:"number" json:"number"` // 0 when unknown
	Fee    *bool  `yaml:"fee" json:"fee"`       // nil when unknown
}

// The parking kinds.
const (
	ParkingStandard = "standard"
	ParkingDisabled = "disabled"
)

// Scope says that a record is competent for some services in some areas.
// A scope matches a service by id, by authority type or by LeiKa key.
type Scope struct {
	Services []string `yaml:"services,omitempty" json:"services,omitempty"` // service ids
	Types    []string `yaml:"types,omitempty" json:"types,omitempty"`       // authority type keys
	LeiKa    []string `yaml:"leika,omitempty" json:"leika,omitempty"`       // LeiKa keys, as XZuFi links them
	Areas    []string `yaml:"areas" json:"areas"`                           // ARS prefixes: "16074" a district, a full ARS a municipality
	// Partial says that the record serves only a part of each area, by
	// street or by kind of case, and that the data does not say which
	// part: Lotse lists it with the other records of the area as the
	// candidates, one of which is competent. A scope that is not partial
	// wins over partial ones of the same area.
	Partial bool `yaml:"partial,omitempty" json:"partial,omitempty"`
}

// Hours are office hours as data, in Europe/Berlin time.
type Hours struct {
	Weekly        []Interval     `yaml:"weekly,omitempty" json:"weekly,omitempty"`                 // regular opening intervals
	ByAppointment []time.Weekday `yaml:"by_appointment,omitempty" json:"by_appointment,omitempty"` // days open by appointment only
	Note          catalog.Text   `yaml:"note,omitempty" json:"note,omitzero"`
}

// IsZero reports whether nothing is known about the hours.
func (h Hours) IsZero() bool {
	return len(h.Weekly) == 0 && len(h.ByAppointment) == 0 && h.Note.IsZero()
}

// Interval is an opening interval on one weekday, in Europe/Berlin time.
type Interval struct {
	Day   time.Weekday `yaml:"day" json:"day"`
	Open  Clock        `yaml:"open" json:"open"`
	Close Clock        `yaml:"close" json:"close"`
}

// Clock is a time of day in minutes after midnight, written "08:30".
// 24:00 is allowed as a closing time.
type Clock int

// NewClock returns the clock for hour and minute.
func NewClock(hour, minute int) Clock { return Clock(hour*60 + minute) }

// Hour returns the hour of the clock.
func (c Clock) Hour() int { return int(c) / 60 }

// Minute returns the minute within the hour.
func (c Clock) Minute() int { return int(c) % 60 }

// String writes the clock as "08:30".
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.Hour(), c.Minute()) }

// MarshalText writes the clock as "08:30".
func (c Clock) MarshalText() ([]byte, error) {
	if c < 0 || c > 24*60 {
		return nil, fmt.Errorf("%w: %d minutes", ErrInvalidClock, int(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText reads a clock written "08:30", "8:30" or "8.30".
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// ParseClock reads a time of day written "08:30", "8:30", "8.30" or "8".
// It returns ErrInvalidClock for anything else; 24:00 is allowed.
func ParseClock(s string) (Clock, error) {
	s = strings.TrimSpace(s)
	hs, ms, found := strings.Cut(s, ":")
	if !found {
		hs, ms, found = strings.Cut(s, ".")
	}
	if !found {
		ms = "0"
	}
	if len(hs) == 0 || len(hs) > 2 || len(ms) == 0 || len(ms) > 2 || (found && len(ms) != 2) {
		return 0, fmt.Errorf("%w: %q", ErrInvalidClock, s)
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("%w: %q", ErrInvalidClock, s)
	}
	return NewClock(h, m), nil
}

// weekdayKeys are the weekday names used in the data files.
var weekdayKeys = [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// WeekdayKey returns the lower-case English name of d as the data files write it.
func WeekdayKey(d time.Weekday) string {
	if d < 0 || int(d) >= len(weekdayKeys) {
		return ""
	}
	return weekdayKeys[d]
}

// ParseWeekdayKey reads a weekday written as in the data files ("monday").
func ParseWeekdayKey(s string) (time.Weekday, error) {
	for i, k := range weekdayKeys {
		if strings.EqualFold(s, k) {
			return time.Weekday(i), nil
		}
	}
	return 0, fmt.Errorf("%w: %q", ErrInvalidWeekday, s)
}

// intervalData is how an Interval is written in YAML and JSON.
type intervalData struct {
	Day   string `yaml:"day" json:"day"`
	Open  Clock  `yaml:"open" json:"open"`
	Close Clock  `yaml:"close" json:"close"`
}

func (iv Interval) data() intervalData {
	return intervalData{Day: WeekdayKey(iv.Day), Open: iv.Open, Close: iv.Close}
}

func (iv *Interval) fromData(d intervalData) error {
	day, err := ParseWeekdayKey(d.Day)
	if err != nil {
		return err
	}
	*iv = Interval{Day: day, Open: d.Open, Close: d.Close}
	return nil
}

// MarshalYAML writes the day by name.
func (iv Interval) MarshalYAML() (any, error) { return iv.data(), nil }

// UnmarshalYAML reads the day by name. Unknown keys are an error.
func (iv *Interval) UnmarshalYAML(n *yaml.Node) error {
	if err := knownKeys(n, "day", "open", "close"); err != nil {
		return err
	}
	var d intervalData
	if err := n.Decode(&d); err != nil {
		return err
	}
	return iv.fromData(d)
}

// MarshalJSON writes the day by name.
func (iv Interval) MarshalJSON() ([]byte, error) { return json.Marshal(iv.data()) }

// UnmarshalJSON reads the day by name.
func (iv *Interval) UnmarshalJSON(b []byte) error {
	var d intervalData
	if err := json.Unmarshal(b, &d); err != nil {
		return err
	}
	return iv.fromData(d)
}

// hoursData is how Hours are written in YAML and JSON.
type hoursData struct {
	Weekly        []Interval   `yaml:"weekly,omitempty" json:"weekly,omitempty"`
	ByAppointment []string     `yaml:"by_appointment,omitempty" json:"by_appointment,omitempty"`
	Note          catalog.Text `yaml:"note,omitempty" json:"note,omitzero"`
}

func (h Hours) data() hoursData {
	d := hoursData{Weekly: h.Weekly, Note: h.Note}
	for _, w := range h.ByAppointment {
		d.ByAppointment = append(d.ByAppointment, WeekdayKey(w))
	}
	return d
}

func (h *Hours) fromData(d hoursData) error {
	out := Hours{Weekly: d.Weekly, Note: d.Note}
	for _, s := range d.ByAppointment {
		w, err := ParseWeekdayKey(s)
		if err != nil {
			return err
		}
		out.ByAppointment = append(out.ByAppointment, w)
	}
	*h = out
	return nil
}

// MarshalYAML writes the appointment days by name.
func (h Hours) MarshalYAML() (any, error) { return h.data(), nil }

// UnmarshalYAML reads the appointment days by name. Unknown keys are an
// error.
func (h *Hours) UnmarshalYAML(n *yaml.Node) error {
	if err := knownKeys(n, "weekly", "by_appointment", "note"); err != nil {
		return err
	}
	var d hoursData
	if err := n.Decode(&d); err != nil {
		return err
	}
	return h.fromData(d)
}

// knownKeys fails on a mapping key not in allowed. A custom UnmarshalYAML
// decodes with a fresh decoder that would silently skip unknown keys.
func knownKeys(n *yaml.Node, allowed ...string) error {
	if n.Kind != yaml.MappingNode {
		return nil // Decode reports the type error
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i].Value; !slices.Contains(allowed, k) {
			return fmt.Errorf("line %d: field %s not found", n.Content[i].Line, k)
		}
	}
	return nil
}

// MarshalJSON writes the appointment days by name.
func (h Hours) MarshalJSON() ([]byte, error) { return json.Marshal(h.data()) }

// UnmarshalJSON reads the appointment days by name.
func (h *Hours) UnmarshalJSON(b []byte) error {
	var d hoursData
	if err := json.Unmarshal(b, &d); err != nil {
		return err
	}
	return h.fromData(d)
}

// Validate checks that a record is complete enough to be shown: an id, a
// name, a Land, at least one scope with areas, a source and a date, and
// office hours whose intervals make sense. It returns an error wrapping
// ErrInvalidRecord.
func (r *Record) Validate() error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: record %q: %s", ErrInvalidRecord, r.ID, fmt.Sprintf(format, args...))
	}
	switch {
	case r.ID == "":
		return fail("no id")
	case r.Name == "":
		return fail("no name")
	case LandName(r.Land).IsZero():
		return fail("unknown Land key %q", r.Land)
	case r.Source.Title == "":
		return fail("no source")
	case r.Checked.IsZero():
		return fail("no date checked")
	case len(r.Competent) == 0:
		return fail("no scope")
	}
	for i, s := range r.Competent {
		if len(s.Services)+len(s.Types)+len(s.LeiKa) == 0 {
			return fail("scope %d names no service, type or LeiKa key", i)
		}
		if len(s.Areas) == 0 {
			return fail("scope %d names no area", i)
		}
		for _, a := range s.Areas {
			if !validAreaPrefix(a) {
				return fail("scope %d: area %q is not an ARS prefix", i, a)
			}
		}
		for _, t := range s.Types {
			if _, ok := Types[t]; !ok {
				return fail("scope %d: unknown authority type %q", i, t)
			}
		}
	}
	for _, iv := range r.Hours.Weekly {
		if iv.Open < 0 || iv.Close > 24*60 || iv.Open >= iv.Close {
			return fail("interval %s %s-%s", WeekdayKey(iv.Day), iv.Open, iv.Close)
		}
	}
	for _, p := range r.Parking {
		if p.Kind != ParkingStandard && p.Kind != ParkingDisabled {
			return fail("parking kind %q", p.Kind)
		}
	}
	return nil
}

// validAreaPrefix reports whether s is an ARS prefix at one of its
// structural boundaries: Land (2), Regierungsbezirk (3), Kreis (5),
// Gemeindeverband (9) or Gemeinde (12).
func validAreaPrefix(s string) bool {
	switch len(s) {
	case 2, 3, 5, 9, 12:
		return allDigits(s)
	}
	return false
}

// allDigits reports whether s consists of ASCII digits only.
func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Day is what Hours say of one weekday.
type Day struct {
	Weekday       time.Weekday
	Spans         []string // opening intervals, "08:30–12:00"
	ByAppointment bool
}

// Days returns the weekdays, Monday first, on which the office is open or
// open by appointment, with their intervals.
func (h Hours) Days() []Day {
	var days []Day
	for i := range 7 {
		d := Day{Weekday: time.Weekday((i + 1) % 7)}
		for _, iv := range h.Weekly {
			if iv.Day == d.Weekday {
				d.Spans = append(d.Spans, iv.Open.String()+"–"+iv.Close.String())
			}
		}
		d.ByAppointment = slices.Contains(h.ByAppointment, d.Weekday)
		if len(d.Spans) > 0 || d.ByAppointment {
			days = append(days, d)
		}
	}
	return days
}
