package catalog_test

import (
	"testing"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
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
