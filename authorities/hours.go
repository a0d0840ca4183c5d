package authorities

import (
	"slices"
	"time"

	"github.com/lotse-de/lotse/internal/germany"
)

// berlin is the time zone of all office hours.
var berlin = germany.Location

// Berlin returns the Europe/Berlin time zone, in which all office hours are
// kept. It returns ErrUnknownTimeZone if the zone cannot be loaded.
func Berlin() (*time.Location, error) {
	loc, err := berlin()
	if err != nil {
		return nil, ErrUnknownTimeZone
	}
	return loc, nil
}

// searchDays is how far ahead At looks for the next opening.
const searchDays = 28

// Status is whether an office is open at a moment, and when it opens next.
// All times are in Europe/Berlin.
type Status struct {
	// Known is false when the hours hold neither regular intervals nor
	// appointment days: then nothing else in the Status means anything.
	Known bool `json:"known"`
	// Open is true during a regular opening interval.
	Open bool `json:"open"`
	// Until is the closing time when Open.
	Until time.Time `json:"until,omitzero"`
	// ByAppointment is true when the day is open by appointment only (or
	// also by appointment) and no holiday.
	ByAppointment bool `json:"by_appointment"`
	// Holiday is the name of the public holiday the office is closed for
	// today, if any.
	Holiday string `json:"holiday,omitempty"`
	// Next is the start of the next regular opening when not Open; zero if
	// there is none within four weeks.
	Next time.Time `json:"next,omitzero"`
	// NextByAppointment is the start of the next day after today that is
	// open by appointment; zero if there is none within four weeks.
	NextByAppointment time.Time `json:"next_by_appointment,omitzero"`
}

// At returns the status of the office hours at t, computed in
// Europe/Berlin with the public holidays of the Land given by key ("16")
// or name ("Thüringen"). On a public holiday the office counts as closed.
func (h Hours) At(t time.Time, land string) Status {
	loc, err := berlin()
	if err != nil || (len(h.Weekly) == 0 && len(h.ByAppointment) == 0) {
		return Status{}
	}
	key, _ := LandKey(land)
	holidays := landHolidays()[key]
	now := t.In(loc)
	y, m, d := now.Date()
	minute := Clock(now.Hour()*60 + now.Minute())
	at := func(offset int, c Clock) time.Time {
		return time.Date(y, m, d+offset, c.Hour(), c.Minute(), 0, 0, loc)
	}
	weekday := func(offset int) time.Weekday { return time.Weekday((int(now.Weekday()) + offset) % 7) }
	// The holidays of this year and the next, computed once.
	var buf [48]holidayDate
	dates := holidayDates(buf[:0], holidays, y)
	dates = holidayDates(dates, holidays, y+1)
	holiday := func(offset int) (string, bool) {
		dy, dm, dd := time.Date(y, m, d+offset, 12, 0, 0, 0, loc).Date()
		for _, h := range dates {
			if h.year == dy && h.month == dm && h.day == dd {
				return h.name, true
			}
		}
		return "", false
	}

	s := Status{Known: true}
	if name, ok := holiday(0); ok {
		s.Holiday = name
	} else {
		s.ByAppointment = slices.Contains(h.ByAppointment, weekday(0))
		if closeAt, ok := h.openAt(weekday(0), minute); ok {
			s.Open, s.Until = true, at(0, closeAt)
		}
	}
	if !s.Open {
		for off := 0; off <= searchDays; off++ {
			if off == 0 && s.Holiday != "" {
				continue
			}
			if _, hol := holiday(off); hol && off > 0 {
				continue
			}
			after := Clock(-1)
			if off == 0 {
				after = minute
			}
			if c, ok := h.firstOpening(weekday(off), after); ok {
				s.Next = at(off, c)
				break
			}
		}
	}
	for off := 1; off <= searchDays && len(h.ByAppointment) > 0; off++ {
		if _, hol := holiday(off); hol {
			continue
		}
		if slices.Contains(h.ByAppointment, weekday(off)) {
			s.NextByAppointment = at(off, 0)
			break
		}
	}
	return s
}

// openAt reports whether an interval on day covers minute, and returns its
// closing time, following intervals that start where the last one ends.
func (h Hours) openAt(day time.Weekday, minute Clock) (Clock, bool) {
	closeAt, open := Clock(0), false
	for _, iv := range h.Weekly {
		if iv.Day == day && iv.Open <= minute && minute < iv.Close && iv.Close > closeAt {
			closeAt, open = iv.Close, true
		}
	}
	for extended := open; extended; {
		extended = false
		for _, iv := range h.Weekly {
			if iv.Day == day && iv.Open <= closeAt && iv.Close > closeAt {
				closeAt, extended = iv.Close, true
			}
		}
	}
	return closeAt, open
}

// firstOpening returns the earliest opening on day that starts after the
// given minute.
func (h Hours) firstOpening(day time.Weekday, after Clock) (Clock, bool) {
	first, found := Clock(0), false
	for _, iv := range h.Weekly {
		if iv.Day == day && iv.Open > after && (!found || iv.Open < first) {
			first, found = iv.Open, true
		}
	}
	return first, found
}
