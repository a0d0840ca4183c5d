package authorities_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lotse-de/lotse/authorities"
)

func iv(day time.Weekday, open, close string) authorities.Interval {
	o, _ := authorities.ParseClock(open)
	c, _ := authorities.ParseClock(close)
	return authorities.Interval{Day: day, Open: o, Close: c}
}

func TestParseHoursText(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		weekly      []authorities.Interval
		appointment []time.Weekday
		note        string
	}{
		{
			name: "seed page",
			text: "Montag nach Vereinbarung\nDienstag 8.30-12.00 13.30-15.30\nDonnerstag 8.30-12.00 13.30-17.30\nFreitag nach vorheriger Absprache\n\nTermine sind bei Bedarf auch außerhalb der genannten Sprechzeiten möglich.",
			weekly: []authorities.Interval{
				iv(time.Tuesday, "8:30", "12:00"), iv(time.Tuesday, "13:30", "15:30"),
				iv(time.Thursday, "8:30", "12:00"), iv(time.Thursday, "13:30", "17:30"),
			},
			appointment: []time.Weekday{time.Monday, time.Friday},
			note:        "Termine sind bei Bedarf auch außerhalb der genannten Sprechzeiten möglich.",
		},
		{
			name: "range and list",
			text: "Mo.–Fr. 08:00 bis 12:00 Uhr, Di und Do 14-18 Uhr",
			weekly: []authorities.Interval{
				iv(time.Monday, "8:00", "12:00"), iv(time.Tuesday, "8:00", "12:00"), iv(time.Tuesday, "14:00", "18:00"),
				iv(time.Wednesday, "8:00", "12:00"), iv(time.Thursday, "8:00", "12:00"), iv(time.Thursday, "14:00", "18:00"),
				iv(time.Friday, "8:00", "12:00"),
			},
		},
		{
			name: "words for range, continuation line",
			text: "Montag bis Mittwoch:\n9 - 12 Uhr",
			weekly: []authorities.Interval{
				iv(time.Monday, "9:00", "12:00"), iv(time.Tuesday, "9:00", "12:00"), iv(time.Wednesday, "9:00", "12:00"),
			},
		},
		{
			name:   "html",
			text:   "<p>Mo&nbsp;&ndash;&nbsp;Do: 7:30&ndash;15:30 Uhr<br/>Mittwoch geschlossen</p>",
			weekly: []authorities.Interval{iv(time.Monday, "7:30", "15:30"), iv(time.Tuesday, "7:30", "15:30"), iv(time.Wednesday, "7:30", "15:30"), iv(time.Thursday, "7:30", "15:30")},
		},
		{
			name: "appointment only",
			text: "Termine nur nach Vereinbarung",
			note: "Termine nur nach Vereinbarung",
		},
		{
			name:   "dates are not times",
			text:   "Mo 8-12\nAm 24.12. und 31.12. geschlossen",
			weekly: []authorities.Interval{iv(time.Monday, "8:00", "12:00")},
			note:   "Am 24.12. und 31.12. geschlossen",
		},
		{
			name: "backwards interval is not read",
			text: "Mo 12-8",
			note: "Mo 12-8",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := authorities.ParseHoursText(tt.text)
			if !slices.Equal(got.Weekly, tt.weekly) {
				t.Errorf("weekly: got %v, want %v", got.Weekly, tt.weekly)
			}
			if !slices.Equal(got.ByAppointment, tt.appointment) {
				t.Errorf("by appointment: got %v, want %v", got.ByAppointment, tt.appointment)
			}
			if got.Note["de"] != tt.note {
				t.Errorf("note: got %q, want %q", got.Note["de"], tt.note)
			}
		})
	}
}

func TestParseClock(t *testing.T) {
	good := map[string]int{"08:30": 510, "8:30": 510, "8.30": 510, "8": 480, "24:00": 1440, "0:00": 0}
	for in, want := range good {
		got, err := authorities.ParseClock(in)
		if err != nil || int(got) != want {
			t.Errorf("ParseClock(%q): got %d, %v, want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "25:00", "24:01", "8:6", "8:60", "x", "123", "-1:00", "8:300"} {
		if _, err := authorities.ParseClock(in); err == nil {
			t.Errorf("ParseClock(%q): got no error", in)
		}
	}
}

func FuzzParseHoursText(f *testing.F) {
	for _, s := range []string{
		"Montag nach Vereinbarung\nDienstag 8.30-12.00 13.30-15.30",
		"Mo.–Fr. 08:00 bis 12:00 Uhr, Do 14-18 Uhr",
		"<p>Sa - Mo 9-10</p>&lt;br&gt;",
		"Montag bis\n- 8 - - 9 bis bis 10",
		"24:00-24:00 So-So",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := authorities.ParseHoursText(s)
		for _, iv := range h.Weekly {
			if iv.Open < 0 || iv.Close > 24*60 || iv.Open >= iv.Close || iv.Day < time.Sunday || iv.Day > time.Saturday {
				t.Fatalf("bad interval %+v from %q", iv, s)
			}
		}
		if len(h.Note["de"]) > len(s)+1 && !strings.Contains(s, "&") && !strings.Contains(s, "<") {
			t.Fatalf("note longer than the input: %q from %q", h.Note["de"], s)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"08:30", "8.30", "24:00", "9", "", "99:99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := authorities.ParseClock(s)
		if err != nil {
			return
		}
		if c < 0 || c > 24*60 {
			t.Fatalf("ParseClock(%q) = %d, out of range", s, c)
		}
		back, err := authorities.ParseClock(c.String())
		if err != nil || back != c {
			t.Fatalf("round trip of %q: got %d, %v, want %d", s, back, err, c)
		}
	})
}
