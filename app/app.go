// Package app wires Lotse's engine from its embedded parts — flows,
// locales, catalog, search index, gazetteer and authority directory — on a
// given store. The command, the console tests and the Telegram tests build
// the same engine through it.
package app

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/flows"
	"github.com/lotse-de/lotse/locales"
	"github.com/lotse-de/lotse/places"
	"github.com/lotse-de/lotse/search"
)

// Parts are the loaded, read-only data behind an engine. They are safe to
// share between engines and goroutines.
type Parts struct {
	Flows       *flows.Set
	Messages    *locales.Bundle
	Catalog     *catalog.Catalog
	Index       *search.Index
	Places      *places.Gazetteer
	Authorities *authorities.Directory
}

// Load loads all embedded data.
func Load() (*Parts, error) {
	var p Parts
	var err error
	if p.Flows, err = flows.Load(); err != nil {
		return nil, fmt.Errorf("flows: %w", err)
	}
	if p.Messages, err = locales.Load(); err != nil {
		return nil, fmt.Errorf("locales: %w", err)
	}
	if p.Catalog, err = catalog.Load(); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if p.Index, err = search.NewFor(p.Catalog, p.Messages.Registry()); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if p.Places, err = places.Load(); err != nil {
		return nil, fmt.Errorf("places: %w", err)
	}
	if p.Authorities, err = authorities.Load(); err != nil {
		return nil, fmt.Errorf("authorities: %w", err)
	}
	return &p, nil
}

// SearchLimit is how many search results the engine considers.
const SearchLimit = 8

// Options adjust an engine for tests and operators.
type Options struct {
	Now func() time.Time // default time.Now
	Log *slog.Logger     // default slog.Default()
}

// Engine returns an engine on store.
func (p *Parts) Engine(store dialog.Store, opts Options) (*dialog.Engine, error) {
	return dialog.NewEngine(dialog.Config{
		Store:       store,
		Flows:       p.Flows,
		Catalog:     p.Catalog,
		Places:      p.Places,
		Authorities: p.Authorities,
		Search:      p.search,
		Messages:    p.Messages,
		Lang:        p.Messages.Match,
		Now:         opts.Now,
		Log:         opts.Log,
	})
}

func (p *Parts) search(query, lang string) []*catalog.Service {
	hits := p.Index.Search(query, lang, SearchLimit)
	out := make([]*catalog.Service, len(hits))
	for i, h := range hits {
		out[i] = h.Service
	}
	return out
}
