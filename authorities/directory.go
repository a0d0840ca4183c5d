package authorities

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/internal/yamlfile"
	"github.com/lotse-de/lotse/locales"
)

//go:generate go run ./internal/genmuenchen
//go:generate go run ./internal/genadmin
//go:generate go run ./internal/genrki
//go:generate go run ./internal/genbzst

//go:embed directory/*.yaml texts.yaml administrations.tsv
var content embed.FS

// Directory holds the real authority records and the patterns for derived
// bodies. It is read-only after Load and safe for concurrent use.
type Directory struct {
	byID  map[string]*Record
	texts *texts

	// Indexes from what a scope matches to the scopes that match it.
	byService map[string][]scopeRef
	byType    map[string][]scopeRef
	byLeiKa   map[string][]scopeRef
}

// scopeRef is one area of one scope of one record.
type scopeRef struct {
	record  *Record
	area    string
	partial bool // the scope is Partial
}

// Load reads the embedded directory with the translations of its texts
// in the embedded language folders (locales.Translations).
func Load() (*Directory, error) { return LoadFS(content, translations()) }

// translations are the translations of the embedded authority texts.
func translations() yamlfile.Translations { return locales.Translations("authorities") }

// LoadFS reads texts.yaml and directory/*.yaml from fsys, with the texts
// of their translations in tr (nil for none), one record per
// file named after its id, and the administrations of the Gemeinden from
// administrations.tsv where fsys has it. It fails on a file that does not
// parse or has unknown fields, on an invalid record (ErrInvalidRecord) and
// on a duplicate id.
func LoadFS(fsys fs.FS, tr yamlfile.Translations) (*Directory, error) {
	t, err := readTexts(fsys, tr)
	if err != nil {
		return nil, err
	}
	var records []Record
	err = yamlfile.Each(fsys, "directory/*.yaml", tr, func(r *Record) string { return r.ID }, func(_ string, r *Record) {
		records = append(records, *r)
	})
	if err != nil {
		return nil, err
	}
	admins, err := readAdministrations(fsys)
	if err != nil {
		return nil, err
	}
	return newDirectory(append(records, admins...), t)
}

// NewDirectory builds a directory from records, with the embedded name
// patterns. Records are validated as Load does.
func NewDirectory(records []Record) (*Directory, error) {
	t, err := readTexts(content, translations())
	if err != nil {
		return nil, err
	}
	records = slices.Clone(records)
	slices.SortStableFunc(records, func(a, b Record) int { return strings.Compare(a.ID, b.ID) })
	return newDirectory(records, t)
}

// readTexts reads and checks texts.yaml from fsys.
func readTexts(fsys fs.FS, tr yamlfile.Translations) (*texts, error) {
	b, err := fs.ReadFile(fsys, "texts.yaml")
	if err != nil {
		return nil, fmt.Errorf("load authority texts: %w", err)
	}
	return parseTexts(b, tr)
}

func newDirectory(records []Record, t *texts) (*Directory, error) {
	d := &Directory{
		byID:      make(map[string]*Record, len(records)),
		texts:     t,
		byService: map[string][]scopeRef{},
		byType:    map[string][]scopeRef{},
		byLeiKa:   map[string][]scopeRef{},
	}
	for i := range records {
		r := &records[i]
		if err := r.Validate(); err != nil {
			return nil, err
		}
		if _, dup := d.byID[r.ID]; dup {
			return nil, fmt.Errorf("%w: duplicate id %q", ErrInvalidRecord, r.ID)
		}
		d.byID[r.ID] = r
		for _, s := range r.Competent {
			for _, a := range s.Areas {
				ref := scopeRef{record: r, area: a, partial: s.Partial}
				for _, k := range s.Services {
					d.byService[k] = append(d.byService[k], ref)
				}
				for _, k := range s.Types {
					d.byType[k] = append(d.byType[k], ref)
				}
				for _, k := range s.LeiKa {
					d.byLeiKa[k] = append(d.byLeiKa[k], ref)
				}
			}
		}
	}
	return d, nil
}

// Record returns the record with the given id.
func (d *Directory) Record(id string) (*Record, bool) {
	r, ok := d.byID[id]
	return r, ok
}

// Units returns every text of the authorities' data files (texts.yaml,
// types.yaml and the records of the directory) as translatable units (see
// locales.CheckTranslations), keyed "authorities:<file>:<YAML path>".
func (d *Directory) Units() []locales.Unit {
	units := catalog.UnitsOf("authorities:texts.yaml:", d.texts)
	units = append(units, catalog.UnitsOf("authorities:types.yaml:types.", Types)...)
	units = append(units, catalog.UnitsOf("authorities:types.yaml:lands.", Lands)...)
	ids := slices.Sorted(maps.Keys(d.byID))
	for _, id := range ids {
		units = append(units, catalog.UnitsOf("authorities:directory/"+id+".yaml:", d.byID[id])...)
	}
	return units
}
