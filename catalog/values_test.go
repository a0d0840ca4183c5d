package catalog_test

import (
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/locales"
)

var messages = sync.OnceValues(locales.Load)

// writer is what the bot writes for a dated value in lang.
func writer(t *testing.T, lang string) func(catalog.Period, bool) string {
	t.Helper()
	msgs, err := messages()
	if err != nil {
		t.Fatal(err)
	}
	return dialog.ValueWriter(msgs, lang)
}

func TestFormatNumber(t *testing.T) {
	for _, c := range []struct{ in, de, en string }{
		{"563", "563", "563"},
		{"13.90", "13,90", "13.90"},
		{"3539", "3.539", "3,539"},
		{"45934.20", "45.934,20", "45,934.20"},
		{"175000", "175.000", "175,000"},
		{"0.5", "0,5", "0.5"},
		{"abc", "abc", "abc"},
		{"1.2.3", "1.2.3", "1.2.3"},
		{"", "", ""},
	} {
		if got := catalog.FormatNumber(c.in, ",", "."); got != c.de {
			t.Errorf("FormatNumber(%q, de) = %q, want %q", c.in, got, c.de)
		}
		if got := catalog.FormatNumber(c.in, ".", ","); got != c.en {
			t.Errorf("FormatNumber(%q, en) = %q, want %q", c.in, got, c.en)
		}
	}
}

// The minimum wage changes on 1 January 2027 in Germany: the text shows
// each day's value, and the day is the German one.
func TestExpandShowsEachDaysValue(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	text := "Mindestlohn {{mindestlohn}} Euro"
	for _, tc := range []struct {
		at       time.Time
		lang     string
		want     string
		describe string
	}{
		{time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC), "de", "Mindestlohn 13,90 Euro", "31 December"},
		{time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), "de", "Mindestlohn 14,60 Euro", "00:30 on 1 January in Berlin"},
		{time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC), "en", "Mindestlohn 14.60 Euro", "1 January"},
	} {
		if got := c.Expand(text, tc.at, writer(t, tc.lang)); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.describe, got, tc.want)
		}
	}
	svc, _ := c.Service("kinderkrankengeld")
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 12, 31, 10, 0, 0, 0, time.UTC), "bis zu 15 Arbeitstage"},
		{time.Date(2027, 1, 1, 10, 0, 0, 0, time.UTC), "bis zu 10 Arbeitstage"},
	} {
		if got := c.Expand(svc.Summary["de"], tc.at, writer(t, "de")); !strings.Contains(got, tc.want) {
			t.Errorf("Kinderkrankengeld on %s: got %q, want %q", tc.at.Format(time.DateOnly), got, tc.want)
		}
	}
}

func TestExpandMarksAValueThatRanOut(t *testing.T) {
	fsys := fstest.MapFS{
		"situations.yaml":  {Data: []byte("- id: geld\n  name: {de: Geld, en: Money}\n  summary: {de: Geld, en: Money}\n")},
		"services/x.yaml":  {Data: []byte("id: x\n")},
		"values/test.yaml": {Data: []byte(valueFile)},
	}
	c, err := catalog.LoadFS(fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		day, lang, want string
	}{
		{"2026-06-01", "de", "10 und 7"},
		{"2027-03-01", "de", "10 (Stand 31.12.2026) und 7"},
		{"2027-03-01", "en", "10 (as of 31 December 2026) und 7"},
		{"2020-01-01", "de", "10 und 7"}, // before the first period: the first one
		{"2026-06-01", "de", "10 und 7"},
	} {
		day, _ := time.Parse(time.DateOnly, tc.day)
		if got := c.Expand("{{short}} und {{open}}", day.Add(12*time.Hour), writer(t, tc.lang)); got != tc.want {
			t.Errorf("%s %s: got %q, want %q", tc.day, tc.lang, got, tc.want)
		}
	}
	if got := c.Expand("{{unknown}}", time.Now(), writer(t, "de")); got != "{{unknown}}" {
		t.Errorf("unknown id: got %q, want it unchanged", got)
	}
	if got := catalog.WithoutValues("a {{short}} b"); got != "a  b" {
		t.Errorf("WithoutValues: got %q", got)
	}
}

const valueFile = `- id: short
  what: {de: Kurz, en: Short}
  periods:
    - value: "10"
      from: 2026-01-01
      until: 2026-12-31
      source: {title: T, url: "https://example.org"}
      checked: 2026-01-01
- id: open
  what: {de: Offen, en: Open}
  periods:
    - value: "7"
      from: 2026-01-01
      source: {title: T, url: "https://example.org"}
      checked: 2026-01-01
`

func TestLoadRejectsADuplicateValue(t *testing.T) {
	fsys := fstest.MapFS{
		"situations.yaml": {Data: []byte("[]\n")},
		"values/a.yaml":   {Data: []byte(valueFile)},
		"values/b.yaml":   {Data: []byte(valueFile)},
	}
	if _, err := catalog.LoadFS(fsys, nil); err == nil || !strings.Contains(err.Error(), "defined twice") {
		t.Fatalf("got %v, want an error about a value defined twice", err)
	}
}

// Every text of every service is shown without a {{reference}} left on
// 31 December 2026 and on 1 January 2027, and every value that changes
// between the two days shows each day's number.
func TestEveryTextShowsEachDaysValues(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	days := []time.Time{time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)}
	for _, svc := range c.Services() {
		texts := []catalog.Text{svc.Summary, svc.Description, svc.Costs, svc.Deadline, svc.ProcessingTime}
		var items []string
		for _, l := range []catalog.List{svc.Prerequisites, svc.Documents, svc.Procedure} {
			items = append(append(items, l["de"]...), l["en"]...)
		}
		for _, day := range days {
			for _, x := range texts {
				for lang, s := range map[string]string{"de": x["de"], "en": x["en"]} {
					if got := c.Expand(s, day, writer(t, lang)); strings.Contains(got, "{{") {
						t.Errorf("%s on %s (%s): a reference is left in %q", svc.ID, day.Format(time.DateOnly), lang, got)
					}
				}
			}
			for _, item := range items {
				if got := c.Expand(item, day, writer(t, "de")); strings.Contains(got, "{{") {
					t.Errorf("%s on %s: a reference is left in %q", svc.ID, day.Format(time.DateOnly), got)
				}
			}
		}
	}
	changed := 0
	for _, v := range c.Values() {
		before := v.On(days[0])
		after := v.On(days[1])
		if before.Value == after.Value {
			continue
		}
		changed++
		ref := "{{" + v.ID + "}}"
		for i, want := range []string{before.Value, after.Value} {
			if got := c.Expand(ref, days[i], writer(t, "en")); got != catalog.FormatNumber(want, ".", ",") {
				t.Errorf("%s on %s: got %q, want %q", v.ID, days[i].Format(time.DateOnly), got, want)
			}
		}
	}
	if changed == 0 {
		t.Error("no value changes on 1 January 2027; the minimum wage should")
	}
}
