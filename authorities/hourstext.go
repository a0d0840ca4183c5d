package authorities

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lotse-de/lotse/catalog"
)

// maxHoursText bounds the text ParseHoursText reads; longer text is cut.
const maxHoursText = 16 << 10

// ParseHoursText reads office hours written in German, one or more days
// with their times per line, as authority pages and XZuFi messages give
// them:
//
//	Montag nach Vereinbarung
//	Dienstag 8.30-12.00 13.30-15.30
//	Mo.–Fr. 08:00 bis 12:00 Uhr, Do 14–18 Uhr
//	Freitag nach vorheriger Absprache
//
// Days may be written in full or abbreviated, as ranges ("Mo–Fr", "Montag
// bis Freitag") or lists ("Mo, Di und Do"); "nach Vereinbarung", "nach
// Absprache" and "nur mit Termin" make the days appointment days. A line
// that it cannot read completely is kept word for word in Note (in German), so that
// nothing the source says is lost; a line it cannot read at all is only
// kept there. HTML markup is removed first. Bad input never panics.
func ParseHoursText(text string) Hours {
	if len(text) > maxHoursText {
		text = text[:maxHoursText]
	}
	text = strings.ToValidUTF8(text, "")
	text = plainText(text)

	var h Hours
	var notes []string
	var last []time.Weekday // the days of the last group, for continuation lines
	for _, line := range strings.Split(text, "\n") {
		line = clean(line)
		if line == "" {
			continue
		}
		res := parseHoursLine(line, last)
		h.Weekly = append(h.Weekly, res.intervals...)
		for _, d := range res.appointment {
			if !slices.Contains(h.ByAppointment, d) {
				h.ByAppointment = append(h.ByAppointment, d)
			}
		}
		if res.lastDays != nil {
			last = res.lastDays
		}
		if !res.complete {
			notes = append(notes, line)
		}
	}
	slices.SortStableFunc(h.Weekly, func(a, b Interval) int {
		if a.Day != b.Day {
			return int(a.Day) - int(b.Day)
		}
		return int(a.Open) - int(b.Open)
	})
	h.Weekly = slices.Compact(h.Weekly)
	slices.Sort(h.ByAppointment)
	if len(notes) > 0 {
		h.Note = catalog.Text{catalog.SourceLang: strings.Join(notes, "\n")}
	}
	return h
}

var (
	markupBreak = regexp.MustCompile(`(?i)<\s*(br|/p|/li|/div|/tr|/h[1-6])\b[^>]*>`)
	markupTag   = regexp.MustCompile(`<[^>]*>`)
)

// plainText turns HTML (possibly escaped) into plain lines.
func plainText(s string) string {
	if strings.Contains(s, "&lt;") {
		s = html.UnescapeString(s)
	}
	s = markupBreak.ReplaceAllString(s, "\n")
	s = markupTag.ReplaceAllString(s, " ")
	s = html.UnescapeString(s)
	return strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u00a0", " ").Replace(s)
}

// dayWords maps German day names and abbreviations to weekdays.
var dayWords = map[string]time.Weekday{
	"mo": time.Monday, "montag": time.Monday, "montags": time.Monday,
	"di": time.Tuesday, "dienstag": time.Tuesday, "dienstags": time.Tuesday,
	"mi": time.Wednesday, "mittwoch": time.Wednesday, "mittwochs": time.Wednesday,
	"do": time.Thursday, "donnerstag": time.Thursday, "donnerstags": time.Thursday,
	"fr": time.Friday, "freitag": time.Friday, "freitags": time.Friday,
	"sa": time.Saturday, "samstag": time.Saturday, "samstags": time.Saturday, "sonnabend": time.Saturday,
	"so": time.Sunday, "sonntag": time.Sunday, "sonntags": time.Sunday,
}

// appointmentWords mark a group of days as open by appointment.
var appointmentWords = map[string]bool{
	"vereinbarung": true, "terminvereinbarung": true, "absprache": true,
	"terminabsprache": true, "termin": true, "termine": true, "terminen": true,
}

// fillerWords carry no meaning of their own here.
var fillerWords = map[string]bool{
	"uhr": true, "und": true, "von": true, "nach": true, "vorheriger": true,
	"telefonischer": true, "nur": true, "mit": true, "sowie": true, "ab": true,
	"bis": true, "jeweils": true, "vorherige": true,
}

type lineResult struct {
	intervals   []Interval
	appointment []time.Weekday
	lastDays    []time.Weekday // nil when the line names no days
	complete    bool           // every word was understood and something was read
}

type hoursToken struct {
	kind byte // 'w' word, 'c' clock, '-' range, ',' separator
	text string
	clk  Clock
}

// parseHoursLine reads one line; prev are the days of the previous line,
// for a line that only continues it with more times.
func parseHoursLine(line string, prev []time.Weekday) lineResult {
	toks := tokenizeHours(line)
	var res lineResult
	complete := true
	var days []time.Weekday
	var group groupState
	flush := func() {
		if len(group.days) == 0 {
			return
		}
		for _, d := range group.days {
			for _, iv := range group.times {
				res.intervals = append(res.intervals, Interval{Day: d, Open: iv[0], Close: iv[1]})
			}
			if group.appointment {
				res.appointment = append(res.appointment, d)
			}
		}
		group = groupState{}
	}
	understood := false
	for i := 0; i < len(toks); i++ {
		tk := toks[i]
		switch tk.kind {
		case 'w':
			if d, ok := dayWords[tk.text]; ok {
				if len(group.times) > 0 || group.appointment || group.closed {
					flush()
					days = nil
				}
				// "Mo - Fr" or "Montag bis Freitag": a range from the last day.
				if i >= 2 && (toks[i-1].kind == '-' || toks[i-1].text == "bis") && toks[i-2].kind == 'w' {
					if from, ok := dayWords[toks[i-2].text]; ok && len(group.days) > 0 {
						group.days = group.days[:len(group.days)-1]
						group.days = append(group.days, dayRange(from, d)...)
						days = group.days
						understood = true
						continue
					}
				}
				group.days = append(group.days, d)
				days = group.days
				understood = true
				continue
			}
			switch {
			case appointmentWords[tk.text]:
				group.appointment, understood = true, true
			case tk.text == "geschlossen":
				group.closed, understood = true, true
			case fillerWords[tk.text]:
			default:
				complete = false
			}
		case 'c':
			// a clock must start a range: clock (-|bis) clock
			j := i + 1
			if j < len(toks) && (toks[j].kind == '-' || toks[j].text == "bis") {
				j++
			} else {
				complete = false
				continue
			}
			if j < len(toks) && toks[j].kind == 'c' && tk.clk < toks[j].clk {
				if len(group.days) == 0 && len(prev) > 0 && len(res.intervals) == 0 && days == nil {
					group.days = slices.Clone(prev) // a continuation line
				}
				if len(group.days) == 0 {
					complete = false
				} else {
					group.times = append(group.times, [2]Clock{tk.clk, toks[j].clk})
					understood = true
				}
				i = j
			} else {
				complete = false
			}
		case '?':
			complete = false
		}
	}
	flush()
	if days != nil {
		res.lastDays = days
	}
	res.complete = complete && understood && (len(res.intervals) > 0 || len(res.appointment) > 0 || days != nil)
	return res
}

type groupState struct {
	days        []time.Weekday
	times       [][2]Clock
	appointment bool
	closed      bool
}

// dayRange returns the days from one to another, inclusive, wrapping over
// the week's end ("Sa–Mo").
func dayRange(from, to time.Weekday) []time.Weekday {
	out := []time.Weekday{from}
	for d := from; d != to && len(out) < 7; {
		d = (d + 1) % 7
		out = append(out, d)
	}
	return out
}

// tokenizeHours splits a line into words (lower case, trailing dots
// dropped), clocks, range dashes and separators.
func tokenizeHours(line string) []hoursToken {
	var toks []hoursToken
	s := strings.ToLower(line)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '-' || r == '–' || r == '—' || r == '‐' || r == '−':
			toks = append(toks, hoursToken{kind: '-'})
			i += size
		case r == ',' || r == ';' || r == '/' || r == '&' || r == ':' || r == '(' || r == ')':
			toks = append(toks, hoursToken{kind: ','})
			i += size
		case r >= '0' && r <= '9':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ':' || s[j] == '.') {
				j++
			}
			word := strings.TrimRight(s[i:j], ".:")
			if c, err := ParseClock(word); err == nil {
				toks = append(toks, hoursToken{kind: 'c', text: word, clk: c})
			} else {
				toks = append(toks, hoursToken{kind: '?', text: word})
			}
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += n
			}
			toks = append(toks, hoursToken{kind: 'w', text: s[i:j]})
			i = j
			if i < len(s) && s[i] == '.' {
				i++ // "Mo." is "mo"
			}
		default:
			toks = append(toks, hoursToken{kind: '?', text: string(r)})
			i += size
		}
	}
	return toks
}
