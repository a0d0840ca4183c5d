package authorities

import (
	_ "embed"
	"fmt"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/internal/yamlfile"
)

//go:embed jobcenters.yaml
var jobcentersFile []byte

// KommunalerTraeger is a zugelassener kommunaler Träger of the SGB II (an
// "Optionskommune"): a Kreis or kreisfreie Stadt that runs its Jobcenter
// alone, without the Agentur für Arbeit.
type KommunalerTraeger struct {
	Key  string `yaml:"key"`  // five-digit Kreis key (ARS prefix)
	Name string `yaml:"name"` // the name in the Anlage of the KomtrZV
}

// JobcenterList is the list of zugelassene kommunale Träger with its source
// (jobcenters.yaml).
type JobcenterList struct {
	Source  catalog.Source      `yaml:"source"`
	Checked catalog.Date        `yaml:"checked"`
	Traeger []KommunalerTraeger `yaml:"traeger"`

	byKey map[string]bool
}

// Jobcenters is the embedded list of zugelassene kommunale Träger.
var Jobcenters = mustReadJobcenters(jobcentersFile)

func mustReadJobcenters(b []byte) *JobcenterList {
	l, err := parseJobcenters(b)
	if err != nil {
		panic(err)
	}
	return l
}

func parseJobcenters(b []byte) (*JobcenterList, error) {
	var l JobcenterList
	if err := yamlfile.Strict(b, &l); err != nil {
		return nil, fmt.Errorf("jobcenters.yaml: %w", err)
	}
	if l.Source.Title == "" || l.Source.URL == "" || l.Checked.IsZero() {
		return nil, fmt.Errorf("jobcenters.yaml: needs a source with title and url, and checked")
	}
	l.byKey = make(map[string]bool, len(l.Traeger))
	for _, t := range l.Traeger {
		if len(t.Key) != 5 || t.Name == "" {
			return nil, fmt.Errorf("jobcenters.yaml: %q: needs a five-digit key and a name", t.Name)
		}
		if _, ok := Lands[t.Key[:2]]; !ok {
			return nil, fmt.Errorf("jobcenters.yaml: %q: key %q names no Land", t.Name, t.Key)
		}
		if l.byKey[t.Key] {
			return nil, fmt.Errorf("jobcenters.yaml: duplicate key %q", t.Key)
		}
		l.byKey[t.Key] = true
	}
	return &l, nil
}

// Municipal reports whether the Jobcenter for the place with this ARS is
// run by a zugelassener kommunaler Träger alone.
func (l *JobcenterList) Municipal(ars string) bool {
	return len(ars) >= 5 && l.byKey[ars[:5]]
}
