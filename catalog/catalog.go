package catalog

import (
	"embed"
	"io/fs"

	"github.com/lotse-de/lotse/internal/yamlfile"
	"github.com/lotse-de/lotse/locales"
)

//go:embed services/*.yaml situations.yaml values/*.yaml
var content embed.FS

// Catalog holds all services and life situations. It is read-only after
// Load and safe for concurrent use.
type Catalog struct {
	services   []Service
	byID       map[string]*Service
	situations []Situation
	values     map[string]*Value // by id
}

// Load reads the embedded catalog with the translations of the embedded
// language folders (locales.Translations).
func Load() (*Catalog, error) { return LoadFS(content, translations()) }

// translations are the translations of the embedded catalog.
func translations() yamlfile.Translations { return locales.Translations("catalog") }

// LoadFS reads services/*.yaml, situations.yaml and values/*.yaml from
// fsys, with the texts of their translations in tr (nil for none). It
// fails on a file that does not parse or has unknown fields, on a
// translation with a text the file does not have, and on an id that is
// not the file's name (which also keeps ids unique); completeness is
// checked by Lint.
func LoadFS(fsys fs.FS, tr yamlfile.Translations) (*Catalog, error) {
	c := &Catalog{byID: map[string]*Service{}}
	if err := yamlfile.Decode(fsys, "situations.yaml", tr, &c.situations); err != nil {
		return nil, err
	}
	err := yamlfile.Each(fsys, "services/*.yaml", tr, func(s *Service) string { return s.ID }, func(_ string, s *Service) {
		c.services = append(c.services, *s)
	})
	if err != nil {
		return nil, err
	}
	for i := range c.services {
		c.byID[c.services[i].ID] = &c.services[i]
	}
	if c.values, err = loadValues(fsys); err != nil {
		return nil, err
	}
	return c, nil
}

// Services returns all services, ordered by id.
func (c *Catalog) Services() []Service { return c.services }

// Service returns the service with the given id.
func (c *Catalog) Service(id string) (*Service, bool) {
	s, ok := c.byID[id]
	return s, ok
}

// Situations returns the life situations in their display order.
func (c *Catalog) Situations() []Situation { return c.situations }

// Situation returns the life situation with the given id.
func (c *Catalog) Situation(id string) (*Situation, bool) {
	for i := range c.situations {
		if c.situations[i].ID == id {
			return &c.situations[i], true
		}
	}
	return nil, false
}

// InSituation returns the services of a life situation, ordered by id.
func (c *Catalog) InSituation(id string) []*Service {
	var out []*Service
	for i := range c.services {
		for _, sit := range c.services[i].Situations {
			if sit == id {
				out = append(out, &c.services[i])
				break
			}
		}
	}
	return out
}
