package main

import (
	"strings"
	"testing"
	"time"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/places"
)

// TestLintDirectory: the embedded directory names only services of the
// catalog and areas of the gazetteer, and every record has a source and a
// date; areaKeys knows the prefixes of real places only.
func TestLintDirectory(t *testing.T) {
	g, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	has := areaKeys(g)
	for _, tt := range []struct {
		area string
		want bool
	}{{"16", true}, {"160", true}, {"16074", true}, {"160745002", false}, {"160745052018", true}, {"17", false}, {"16999", false}} {
		if has(tt.area) != tt.want {
			t.Errorf("area %s: got %v, want %v", tt.area, !tt.want, tt.want)
		}
	}
	hasService := func(id string) bool { _, ok := cat.Service(id); return ok }
	if problems := authorities.Lint(hasService, has, time.Now()); len(problems) > 0 {
		t.Errorf("directory problems:\n%s", strings.Join(problems, "\n"))
	}
}
