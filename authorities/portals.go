package authorities

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/internal/yamlfile"
)

//go:embed portals.yaml
var portalsFile []byte

// Finder is a Land's own authority finder: the portal that names the
// competent office of a place with its address and hours.
type Finder struct {
	URL     string       `yaml:"url" json:"url"`
	Source  string       `yaml:"source" json:"source"` // the official page that confirms it
	Checked catalog.Date `yaml:"checked" json:"checked"`
}

// portals is portals.yaml: the Länder's finders by Land key and the Länder
// the Behördennummer 115 does not cover.
type portals struct {
	Finders    map[string]Finder `yaml:"finders"`
	Without115 []string          `yaml:"without_115"`
}

var lands = mustReadPortals(portalsFile)

// mustReadPortals reads portals.yaml. The file is embedded and checked by
// the tests, so a failure is a build mistake and panics at start-up.
func mustReadPortals(b []byte) portals {
	var p portals
	if err := yamlfile.DecodeBytes(b, "portals.yaml", translations(), &p); err != nil {
		panic(fmt.Sprintf("authorities: portals.yaml: %v", err))
	}
	for k, f := range p.Finders {
		if LandName(k).IsZero() || !strings.HasPrefix(f.URL, "https://") || f.Source == "" || f.Checked.IsZero() {
			panic(fmt.Sprintf("authorities: portals.yaml: finder %q needs a known Land, an https url, a source and a date", k))
		}
	}
	for _, k := range p.Without115 {
		if LandName(k).IsZero() {
			panic(fmt.Sprintf("authorities: portals.yaml: unknown Land %q", k))
		}
	}
	return p
}

// LandFinder returns the authority finder of the Land with the given
// two-digit key, and false where Lotse knows none.
func LandFinder(land string) (Finder, bool) {
	f, ok := lands.Finders[land]
	return f, ok
}

// askWhere says where to ask about a derived body: the Land's finder for
// the body of a Land or municipality, and whether the 115 knows it. A
// body that is no public office (an employer, a bank) has neither.
func (d *Directory) askWhere(level catalog.Level, typ, land string) (*Finder, bool) {
	if _, ok := d.texts.TypeHints[typ]; ok {
		return nil, false
	}
	if level == catalog.LevelBund {
		return nil, true
	}
	call := land != ""
	for _, k := range lands.Without115 {
		if k == land {
			call = false
		}
	}
	if f, ok := LandFinder(land); ok {
		return &f, call
	}
	return nil, call
}
