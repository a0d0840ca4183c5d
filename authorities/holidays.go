package authorities

import (
	"slices"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/de"
)

// landHolidays returns the public holidays of every Land by its key. The
// sets come from github.com/rickar/cal/v2/de with these corrections:
//
//   - Frauentag (8 March) is a holiday in Berlin since 2019 and in
//     Mecklenburg-Vorpommern since 2023 (the library has it for Berlin
//     with no start year and lacks it for Mecklenburg-Vorpommern);
//   - Berlin had one-off holidays on 8 May 2020 and 8 May 2025
//     (Tag der Befreiung);
//   - Reformationstag is a holiday in Bremen, Hamburg, Niedersachsen and
//     Schleswig-Holstein since 2018, and was one everywhere in 2017.
//
// Holidays that apply only in some municipalities of a Land (Fronleichnam in
// parts of Sachsen and Thüringen, Mariä Himmelfahrt in parts of Bayern,
// Augsburger Friedensfest) are not included.
var landHolidays = sync.OnceValue(func() map[string][]*cal.Holiday {
	since := func(h *cal.Holiday, year int) *cal.Holiday { return h.Clone(&cal.Holiday{StartYear: year}) }
	only := func(h *cal.Holiday, year int) *cal.Holiday {
		return h.Clone(&cal.Holiday{StartYear: year, EndYear: year})
	}
	frauentagBE := since(de.Frauentag, 2019)
	frauentagMV := since(de.Frauentag, 2023)
	befreiung := &cal.Holiday{Name: "Tag der Befreiung", Type: cal.ObservancePublic, Month: time.May, Day: 8, Func: cal.CalcDayOfMonth}
	reformation2018 := since(de.Reformationstag, 2018)
	reformation2017 := only(de.Reformationstag, 2017)

	replace := func(list []*cal.Holiday, old, new *cal.Holiday) []*cal.Holiday {
		out := slices.Clone(list)
		for i, h := range out {
			if h == old {
				out[i] = new
			}
		}
		return out
	}
	with := func(list []*cal.Holiday, extra ...*cal.Holiday) []*cal.Holiday {
		return append(slices.Clone(list), extra...)
	}
	hasReformation := func(list []*cal.Holiday) bool { return slices.Contains(list, de.Reformationstag) }

	m := map[string][]*cal.Holiday{
		"01": replace(de.HolidaysSH, de.Reformationstag, reformation2018),
		"02": replace(de.HolidaysHH, de.Reformationstag, reformation2018),
		"03": replace(de.HolidaysNI, de.Reformationstag, reformation2018),
		"04": replace(de.HolidaysHB, de.Reformationstag, reformation2018),
		"05": de.HolidaysNW,
		"06": de.HolidaysHE,
		"07": de.HolidaysRP,
		"08": de.HolidaysBW,
		"09": de.HolidaysBY,
		"10": de.HolidaysSL,
		"11": with(replace(de.HolidaysBE, de.Frauentag, frauentagBE), only(befreiung, 2020), only(befreiung, 2025)),
		"12": de.HolidaysBB,
		"13": with(de.HolidaysMV, frauentagMV),
		"14": de.HolidaysSN,
		"15": de.HolidaysST,
		"16": de.HolidaysTH,
		"":   de.Holidays, // unknown Land: the holidays common to all
	}
	for k, list := range m {
		if !hasReformation(list) {
			m[k] = with(list, reformation2017)
		}
	}
	return m
})

// HolidayName returns the name of the public holiday on the calendar day of
// t (as given, in t's own location) in the Land given by key or name, and
// false when it is no holiday there. An unknown Land has only the holidays
// common to all Länder.
func HolidayName(t time.Time, land string) (string, bool) {
	key, _ := LandKey(land)
	y, m, d := t.Date()
	var buf [24]holidayDate
	for _, h := range holidayDates(buf[:0], landHolidays()[key], y) {
		if h.month == m && h.day == d {
			return h.name, true
		}
	}
	return "", false
}

// holidayDate is one public holiday on one day.
type holidayDate struct {
	year  int
	month time.Month
	day   int
	name  string
}

// holidayDates appends the holidays of list in year to dst.
func holidayDates(dst []holidayDate, list []*cal.Holiday, year int) []holidayDate {
	for _, h := range list {
		act, _ := h.Calc(year)
		if act.IsZero() {
			continue
		}
		_, m, d := act.Date()
		dst = append(dst, holidayDate{year: year, month: m, day: d, name: h.Name})
	}
	return dst
}
