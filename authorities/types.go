package authorities

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/internal/yamlfile"
)

//go:embed types.yaml
var namesFile []byte

// Types are the kinds of authority that services name in authority.type,
// with their name in both languages, as types.yaml lists them.
//
// Lands are the sixteen Länder by their two-digit key, with their names in
// both languages, as types.yaml lists them.
var Types, Lands = mustReadNames(namesFile)

// mustReadNames reads types.yaml. The file is embedded and checked by the
// tests, so a failure is a build mistake and panics at start-up.
func mustReadNames(b []byte) (types, lands map[string]catalog.Text) {
	var v struct {
		Types map[string]catalog.Text `yaml:"types"`
		Lands map[string]catalog.Text `yaml:"lands"`
	}
	if err := yamlfile.DecodeBytes(b, "types.yaml", translations(), &v); err != nil {
		panic(fmt.Sprintf("authorities: types.yaml: %v", err))
	}
	for _, m := range []map[string]catalog.Text{v.Types, v.Lands} {
		for k, n := range m {
			if !n.Complete() {
				panic(fmt.Sprintf("authorities: types.yaml: %q needs every language", k))
			}
		}
	}
	return v.Types, v.Lands
}

// LandName returns the name of the Land with the given two-digit key, or
// the zero Text for an unknown key.
func LandName(key string) catalog.Text { return Lands[key] }

// LandKey returns the two-digit key of a Land given by key ("16") or by its
// name in any language ("Thüringen", "Thuringia"), and false if it is none.
func LandKey(land string) (string, bool) {
	if _, ok := Lands[land]; ok {
		return land, true
	}
	for k, n := range Lands {
		for _, name := range n {
			if strings.EqualFold(land, name) {
				return k, true
			}
		}
	}
	return "", false
}
