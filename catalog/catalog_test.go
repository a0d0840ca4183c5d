package catalog_test

import (
	"testing"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
)

// TestEmbeddedCatalogPassesLint is the gate for the content: every service
// and situation in the embedded catalog must pass Lint.
func TestEmbeddedCatalogPassesLint(t *testing.T) {
	if _, err := catalog.Load(); err != nil {
		t.Fatalf("Load: got error %v, want none", err)
	}
	types := make(map[string]bool, len(authorities.Types))
	for key := range authorities.Types {
		types[key] = true
	}
	for _, p := range catalog.Lint(types) {
		t.Error(p)
	}
}
