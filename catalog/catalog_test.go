package catalog_test

import (
	"slices"
	"testing"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/locales"
)

// TestEmbeddedCatalogPassesLint is the gate for the content: the embedded
// catalog loads, has services and situations, and every one of them must
// pass Lint.
func TestEmbeddedCatalogPassesLint(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatalf("Load: got error %v, want none", err)
	}
	if len(c.Services()) == 0 || len(c.Situations()) == 0 {
		t.Errorf("got %d services and %d situations, want some of each", len(c.Services()), len(c.Situations()))
	}
	types := make(map[string]bool, len(authorities.Types))
	for key := range authorities.Types {
		types[key] = true
	}
	for _, p := range catalog.Lint(types) {
		if p.Warning {
			continue // lotse lint prints them; they must not fail a build on the day they appear
		}
		t.Error(p)
	}
}

// TestTranslationsAreUpToDate: every translation of a catalog text records
// the hash of its current German source (lotse lint -accept <code>).
func TestTranslationsAreUpToDate(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	units := c.Units()
	if len(units) < 2*len(c.Services()) {
		t.Fatalf("%d units for %d services: the texts are not all collected", len(units), len(c.Services()))
	}
	reg, err := locales.LoadRegistry(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range reg.Languages()[1:] {
		sums, err := locales.ReadSums(locales.FS(), l.Code)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range locales.CheckTranslations(units, l.Code, sums) {
			t.Error(p)
		}
	}
}

// TestGenericEmergencyPhrasesAreInTheCatalog: the phrases that search
// treats as generic (quiet inside an ordinary service's word) are
// emergency phrases of the catalog as written there; a phrase renamed in
// the catalog would otherwise lose that treatment without a word.
func TestGenericEmergencyPhrasesAreInTheCatalog(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	var phrases []string
	for _, s := range c.Services() {
		phrases = append(phrases, s.Emergency...)
	}
	for p := range catalog.GenericEmergency {
		if !slices.Contains(phrases, p) {
			t.Errorf("generic emergency phrase %q is no emergency phrase of the catalog", p)
		}
	}
}
