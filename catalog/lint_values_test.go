package catalog_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lotse-de/lotse/catalog"
)

// valuesFixture is the good fixture with a service whose costs refer to
// {{fee}} and the value file given.
func valuesFixture(t *testing.T, costsDE, values string) fstest.MapFS {
	t.Helper()
	muster, situations := goodFixture(t)
	// the English costs: the German with its placeholders, marked
	svc := strings.Replace(string(muster), `costs: {de: "Keine.", en: "None."}`, `costs: {de: "`+costsDE+`", en: "EN `+costsDE+`"}`, 1)
	if svc == string(muster) {
		t.Fatal("fixture: muster.yaml has no costs text to replace")
	}
	return fstest.MapFS{
		"situations.yaml":      {Data: situations},
		"services/muster.yaml": {Data: []byte(svc)},
		"values/test.yaml":     {Data: []byte(values)},
	}
}

func lintOn(t *testing.T, fsys fs.FS, day string) (errs, warnings []string) {
	t.Helper()
	now, err := time.Parse(time.DateOnly, day)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range catalog.LintAt(fsys, nil, fixtureLangs, fixtureTypes, now.Add(12*time.Hour)) {
		if p.Warning {
			warnings = append(warnings, p.String())
		} else {
			errs = append(errs, p.String())
		}
	}
	return errs, warnings
}

const feeValue = `- id: fee
  what: {de: Gebühr, en: Fee}
  periods:
    - value: "12.50"
      from: 2027-01-01
      until: 2027-12-31
      source: {title: Gebührenordnung, url: "https://example.org/fee"}
      checked: 2026-11-01
`

func TestLintValues(t *testing.T) {
	errs, warnings := lintOn(t, valuesFixture(t, "{{fee}} Euro.", feeValue), "2026-12-01")
	if len(errs) != 0 || len(warnings) != 0 {
		t.Fatalf("good values in December: got errors %q and warnings %q, want none", errs, warnings)
	}

	// 60 days before the last day with no successor: a warning, not an error.
	errs, warnings = lintOn(t, valuesFixture(t, "{{fee}} Euro.", feeValue), "2027-11-15")
	if len(errs) != 0 || len(warnings) != 1 || !strings.Contains(warnings[0], "value fee runs out on 2027-12-31") {
		t.Fatalf("in November: got errors %q and warnings %q, want one warning that fee runs out", errs, warnings)
	}
	successor := feeValue + `    - value: "13"
      from: 2028-01-01
      source: {title: Gebührenordnung, url: "https://example.org/fee"}
      checked: 2026-11-01
`
	if errs, warnings = lintOn(t, valuesFixture(t, "{{fee}} Euro.", successor), "2027-11-15"); len(errs)+len(warnings) != 0 {
		t.Fatalf("with a successor: got errors %q and warnings %q, want none", errs, warnings)
	}

	for _, c := range []struct {
		name, costs, values, want string
	}{
		{"unknown reference", "{{feee}} Euro.", feeValue, "{{feee}} is not a value"},
		{"unused value", "Nichts.", feeValue, "value fee is not used"},
		{"overlap", "{{fee}} Euro.", strings.Replace(successor, "from: 2028-01-01", "from: 2027-12-01", 1), "is not after the last day 2027-12-31"},
		{"open period before another", "{{fee}} Euro.", strings.Replace(successor, "      until: 2027-12-31\n", "", 1), "has no until, so they overlap"},
		{"not a number", "{{fee}} Euro.", strings.Replace(feeValue, `"12.50"`, `"12,50"`, 1), `value "12,50": want a number`},
		{"no source address", "{{fee}} Euro.", strings.Replace(feeValue, `url: "https://example.org/fee"`, `url: ""`, 1), "want a source with a title"},
		{"until before from", "{{fee}} Euro.", strings.Replace(feeValue, "until: 2027-12-31", "until: 2026-12-31", 1), "is before from"},
		{"checked in the future", "{{fee}} Euro.", strings.Replace(feeValue, "checked: 2026-11-01", "checked: 2026-12-05", 1), "checked date 2026-12-05 is in the future"},
		{"duplicate id", "{{fee}} Euro.", feeValue + feeValue, `duplicate value id "fee"`},
	} {
		errs, _ := lintOn(t, valuesFixture(t, c.costs, c.values), "2026-12-01")
		if !strings.Contains(strings.Join(errs, "\n"), c.want) {
			t.Errorf("%s: got %q, want an error containing %q", c.name, errs, c.want)
		}
	}
}

func TestLintFindsAmountsWrittenIntoTexts(t *testing.T) {
	for _, costs := range []string{"12,50 Euro.", "Es kostet 100 €.", "50 Cent je Seite.", "1.000 Euro"} {
		errs, _ := lintOn(t, valuesFixture(t, "{{fee}} Euro. "+costs, feeValue), "2026-12-01")
		if !strings.Contains(strings.Join(errs, "\n"), "is written into the text") {
			t.Errorf("costs %q: got %q, want an error about the written amount", costs, errs)
		}
	}
	for _, costs := range []string{"Schadstoffklasse Euro 4.", "65 Prozent.", "{{fee}} oder {{fee}} Euro."} {
		if errs, warnings := lintOn(t, valuesFixture(t, "{{fee}} Euro. "+costs, feeValue), "2026-12-01"); len(errs)+len(warnings) != 0 {
			t.Errorf("costs %q: got %q and %q, want no finding", costs, errs, warnings)
		}
	}
}
