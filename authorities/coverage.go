package authorities

import (
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/places"
)

// Coverage is how many inhabitants Lotse can give a real authority for
// one service: the population of the places whose competent authority is
// a directory record, one with a visitor or postal address and a phone
// number, and one that also has office hours.
type Coverage struct {
	Service    string `json:"service"`    // the service id
	Population int    `json:"population"` // all inhabitants of the places counted
	Record     int    `json:"record"`     // with a record
	Contact    int    `json:"contact"`    // with a record with address and phone
	Hours      int    `json:"hours"`      // with address, phone and weekly or appointment hours
}

// Coverage counts, for svc, the inhabitants of ps (places.Place.Population)
// that Directory.Competent gives a record, a record with address and phone,
// and one with hours too. Of several equally competent records, and of
// candidates that each serve a part of the place (Competence.Partial), the
// best one counts: the card lists them all.
func (d *Directory) Coverage(svc *catalog.Service, ps []places.Place) Coverage {
	cov := Coverage{Service: svc.ID}
	for _, p := range ps {
		cov.Population += p.Population
		c := d.Competent(svc, p)
		if c.Record == nil {
			continue
		}
		cov.Record += p.Population
		best := 0
		for _, r := range append([]*Record{c.Record}, c.Also...) {
			best = max(best, reach(r))
		}
		if best >= 1 {
			cov.Contact += p.Population
		}
		if best >= 2 {
			cov.Hours += p.Population
		}
	}
	return cov
}

// reach is 2 for a record with address, phone and hours, 1 with address
// and phone only, else 0.
func reach(r *Record) int {
	if (r.Visitor == nil && r.Postal == nil) || r.Phone == "" {
		return 0
	}
	if len(r.Hours.Weekly) == 0 && len(r.Hours.ByAppointment) == 0 {
		return 1
	}
	return 2
}

// Share returns part as a percentage of the population, 0 for none.
func (c Coverage) Share(part int) float64 {
	if c.Population == 0 {
		return 0
	}
	return 100 * float64(part) / float64(c.Population)
}
