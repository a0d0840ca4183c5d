package authorities_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lotse-de/lotse/authorities"
)

// seedHours loads the office hours of the seed record, the Sozialamt of the
// Landratsamt Saale-Holzland-Kreis.
func seedHours(t testing.TB) authorities.Hours {
	t.Helper()
	r, ok := load(t).Record("lra-saale-holzland-kreis-sozialamt")
	if !ok {
		t.Fatal("seed record missing")
	}
	return r.Hours
}

func berlinTime(t testing.TB, s string) time.Time {
	t.Helper()
	loc, err := authorities.Berlin()
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestHoursAt(t *testing.T) {
	h := seedHours(t)
	tests := []struct {
		name, at, land    string
		open, appointment bool
		until, next       string // Berlin time, "" for zero
		nextAppointment   string
		holiday           string
	}{
		{name: "tuesday morning", at: "2026-11-24 10:00", land: "16", open: true, until: "2026-11-24 12:00", nextAppointment: "2026-11-27 00:00"},
		{name: "tuesday lunch", at: "2026-11-24 12:30", land: "16", next: "2026-11-24 13:30", nextAppointment: "2026-11-27 00:00"},
		{name: "tuesday at closing", at: "2026-11-24 12:00", land: "16", next: "2026-11-24 13:30", nextAppointment: "2026-11-27 00:00"},
		{name: "tuesday evening", at: "2026-11-24 15:30", land: "16", next: "2026-11-26 08:30", nextAppointment: "2026-11-27 00:00"},
		{name: "wednesday", at: "2026-11-25 10:00", land: "16", next: "2026-11-26 08:30", nextAppointment: "2026-11-27 00:00"},
		{name: "thursday late", at: "2026-11-26 17:00", land: "16", open: true, until: "2026-11-26 17:30", nextAppointment: "2026-11-27 00:00"},
		{name: "monday by appointment", at: "2026-11-23 09:00", land: "16", appointment: true, next: "2026-11-24 08:30", nextAppointment: "2026-11-27 00:00"},
		{name: "friday by arrangement", at: "2026-11-27 09:00", land: "16", appointment: true, next: "2026-12-01 08:30", nextAppointment: "2026-11-30 00:00"},
		{name: "ascension day", at: "2026-05-14 10:00", land: "16", holiday: "Christi Himmelfahrt", next: "2026-05-19 08:30", nextAppointment: "2026-05-15 00:00"},
		{name: "reformation day thüringen", at: "2024-10-31 10:00", land: "Thüringen", holiday: "Reformationstag", next: "2024-11-05 08:30", nextAppointment: "2024-11-01 00:00"},
		{name: "reformation day not in bavaria, all saints is", at: "2024-10-31 10:00", land: "09", open: true, until: "2024-10-31 12:00", nextAppointment: "2024-11-04 00:00"},
		{name: "good friday skips appointment", at: "2026-04-02 18:00", land: "16", next: "2026-04-07 08:30", nextAppointment: "2026-04-10 00:00"},
		{name: "christmas", at: "2025-12-25 10:00", land: "16", holiday: "Weihnachtstag", next: "2025-12-30 08:30", nextAppointment: "2025-12-29 00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := h.At(berlinTime(t, tt.at), tt.land)
			if !got.Known {
				t.Fatal("got Known false, want true")
			}
			if got.Open != tt.open {
				t.Errorf("Open: got %v, want %v", got.Open, tt.open)
			}
			if got.ByAppointment != tt.appointment {
				t.Errorf("ByAppointment: got %v, want %v", got.ByAppointment, tt.appointment)
			}
			if got.Holiday != tt.holiday {
				t.Errorf("Holiday: got %q, want %q", got.Holiday, tt.holiday)
			}
			checkTime(t, "Until", got.Until, tt.until)
			checkTime(t, "Next", got.Next, tt.next)
			checkTime(t, "NextByAppointment", got.NextByAppointment, tt.nextAppointment)
		})
	}
}

func checkTime(t *testing.T, field string, got time.Time, want string) {
	t.Helper()
	if want == "" {
		if !got.IsZero() {
			t.Errorf("%s: got %v, want zero", field, got)
		}
		return
	}
	if w := berlinTime(t, want); !got.Equal(w) {
		t.Errorf("%s: got %v, want %v", field, got, w)
	}
}

func TestHoursAtIsInBerlinTime(t *testing.T) {
	h := seedHours(t)
	// 09:30 UTC on a Tuesday in winter is 10:30 in Berlin; in summer 11:30.
	for _, utc := range []string{"2026-11-24T09:30:00Z", "2026-07-07T09:30:00Z"} {
		at, err := time.Parse(time.RFC3339, utc)
		if err != nil {
			t.Fatal(err)
		}
		if got := h.At(at, "16"); !got.Open {
			t.Errorf("At(%s): got closed, want open", utc)
		}
	}
	// 11:30 UTC in summer is 13:30 in Berlin: open again after lunch.
	at, _ := time.Parse(time.RFC3339, "2026-07-07T11:15:00Z")
	got := h.At(at, "16")
	if got.Open {
		t.Errorf("At(13:15 Berlin): got open, want closed")
	}
	checkTime(t, "Next", got.Next, "2026-07-07 13:30")
}

func TestHoursAtUnknown(t *testing.T) {
	var h authorities.Hours
	if got := h.At(time.Now(), "16"); got.Known || got.Open {
		t.Errorf("got %+v, want unknown and closed", got)
	}
}

func TestHoursAtJoinsIntervals(t *testing.T) {
	h := authorities.Hours{Weekly: []authorities.Interval{
		{Day: time.Monday, Open: authorities.NewClock(8, 0), Close: authorities.NewClock(12, 0)},
		{Day: time.Monday, Open: authorities.NewClock(12, 0), Close: authorities.NewClock(16, 0)},
	}}
	got := h.At(berlinTime(t, "2026-11-23 11:00"), "16")
	checkTime(t, "Until", got.Until, "2026-11-23 16:00")
}

func TestHolidayName(t *testing.T) {
	tests := []struct {
		day, land, want string
	}{
		{"2026-05-14", "16", "Christi Himmelfahrt"},
		{"2025-10-31", "16", "Reformationstag"},
		{"2025-10-31", "05", ""},
		{"2017-10-31", "05", "Reformationstag"},
		{"2016-10-31", "03", ""},
		{"2018-10-31", "03", "Reformationstag"},
		{"2026-09-20", "16", "Weltkindertag"},
		{"2026-03-09", "13", ""},
		{"2023-03-08", "13", "Frauentag"},
		{"2022-03-08", "13", ""},
		{"2018-03-08", "11", ""},
		{"2019-03-08", "11", "Frauentag"},
		{"2025-05-08", "11", "Tag der Befreiung"},
		{"2026-05-08", "11", ""},
		{"2026-11-18", "14", "Buß- und Bettag"},
		{"2026-11-18", "16", ""},
		{"2026-06-04", "09", "Fronleichnam"},
		{"2026-06-04", "16", ""},
		{"2026-10-03", "", "Tag der Deutschen Einheit"},
	}
	for _, tt := range tests {
		day, err := time.Parse(time.DateOnly, tt.day)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := authorities.HolidayName(day, tt.land)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("HolidayName(%s, %q): got %q %v, want %q", tt.day, tt.land, got, ok, tt.want)
		}
	}
}

func BenchmarkHoursAt(b *testing.B) {
	h := seedHours(b)
	times := []time.Time{
		berlinTime(b, "2026-11-24 10:00"), // open
		berlinTime(b, "2026-11-25 10:00"), // closed, opens tomorrow
		berlinTime(b, "2026-05-14 10:00"), // holiday
		berlinTime(b, "2026-11-28 10:00"), // Saturday
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		h.At(times[i%len(times)], "16")
	}
}

// TestHolidayCounts checks the number of public holidays of each Land in
// 2026 (holidays that apply only in some municipalities are not counted).
func TestHolidayCounts(t *testing.T) {
	want := map[string]int{
		"01": 10, "02": 10, "03": 10, "04": 10, "05": 11, "06": 10, "07": 11, "08": 12,
		"09": 12, "10": 12, "11": 10, "12": 10, "13": 11, "14": 11, "15": 11, "16": 11,
	}
	for land, n := range want {
		got := 0
		for day := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC); day.Year() == 2026; day = day.AddDate(0, 0, 1) {
			if _, ok := authorities.HolidayName(day, land); ok {
				got++
			}
		}
		if got != n {
			t.Errorf("Land %s: got %d holidays in 2026, want %d", land, got, n)
		}
	}
}

func TestDays(t *testing.T) {
	h := authorities.Hours{
		Weekly: []authorities.Interval{
			{Day: time.Thursday, Open: 8*60 + 30, Close: 12 * 60},
			{Day: time.Tuesday, Open: 8*60 + 30, Close: 12 * 60},
			{Day: time.Tuesday, Open: 13*60 + 30, Close: 15*60 + 30},
		},
		ByAppointment: []time.Weekday{time.Friday, time.Monday},
	}
	var got []string
	for _, d := range h.Days() {
		got = append(got, fmt.Sprintf("%s %v %v", d.Weekday, d.Spans, d.ByAppointment))
	}
	want := []string{"Monday [] true", "Tuesday [08:30–12:00 13:30–15:30] false", "Thursday [08:30–12:00] false", "Friday [] true"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("Days: got %q, want %q", got, want)
	}
}
