package authorities

import (
	"cmp"
	"slices"
	"strings"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/places"
)

// Competence is the authority competent for one service at one place:
// either a real record of the directory or a body derived from the rules.
type Competence struct {
	Level    catalog.Level `json:"level"`
	Type     string        `json:"type"`      // authority type key
	TypeName catalog.Text  `json:"type_name"` // e.g. "Sozialamt"
	Body     catalog.Text  `json:"body"`      // e.g. "Sozialamt des Landkreises Saale-Holzland-Kreis"
	Derived  bool          `json:"derived"`   // true when no record was found and Body comes from the rules
	Record   *Record       `json:"record,omitempty"`
	// Also are the other records as competent as Record: the same area
	// and the same kind of match, such as the several Bürgerbüros of a
	// city or the two sites of a Kfz-Zulassung. Sorted by id.
	Also []*Record `json:"also,omitempty"`
	// Partial says that Record and Also are candidates rather than equals:
	// each serves a part of the area (by street or by kind of case) and
	// the data does not say which one serves the user. Which then says
	// how to find out.
	Partial bool         `json:"partial,omitempty"`
	Which   catalog.Text `json:"which,omitzero"`
	Area    string       `json:"area,omitempty"` // the ARS prefix the record is competent for
	Land    string       `json:"land"`           // two-digit Land key of the place, for holidays
	Note    catalog.Text `json:"note,omitzero"`  // the service's note on competence, if any
	// LookupHint says, for a derived body, that Lotse has no contact
	// details and where to find them.
	LookupHint catalog.Text `json:"lookup_hint,omitzero"`
	// Finder is, for a derived body of a Land or a municipality, the
	// Land's own authority finder, where one is known (portals.yaml); also
	// for a record without street or phone, such as an administration
	// known only by its seat.
	Finder *Finder `json:"finder,omitempty"`
	// Call115 says, for a derived body or a record without street or
	// phone, that the Behördennummer 115 can tell where it is: the Land
	// takes part in the 115, or the body is a federal one.
	Call115 bool `json:"call_115,omitempty"`
}

// Competent returns the authority competent for svc at place p. It applies
// the level and type that the service names, with its exceptions for the
// place's Land; then it looks for a directory record whose scope covers the
// service (by id, LeiKa key or type) and the place (the longest ARS prefix
// wins). Without a record it derives the body from the level: the
// municipality (or its Gemeindeverband), the district or district-free
// city, the Land or the federal authority. It never invents contact
// details: a derived Competence carries a LookupHint instead.
func (d *Directory) Competent(svc *catalog.Service, p places.Place) Competence {
	if svc == nil {
		return Competence{}
	}
	land := landKeyOf(p)
	level, typ, note := svc.Authority.Level, svc.Authority.Type, svc.Authority.Note
	for _, ex := range svc.Authority.Exceptions {
		if slices.Contains(ex.Lands, land) {
			if ex.Level != "" {
				level = ex.Level
			}
			if ex.Type != "" {
				typ = ex.Type
			}
			if !ex.Note.IsZero() {
				note = ex.Note
			}
			break
		}
	}
	c := Competence{Level: level, Type: typ, TypeName: Types[typ], Land: land, Note: note}
	if refs := d.find(svc, typ, p.ARS); len(refs) > 0 {
		ref := refs[0]
		c.Record = ref.record
		for _, r := range refs[1:] {
			c.Also = append(c.Also, r.record)
		}
		c.Area = ref.area
		c.Body = d.recordBody(ref.record)
		if ref.record.Land != "" {
			c.Land = ref.record.Land
		}
		if ref.partial {
			c.Partial, c.Which = true, d.texts.which(typ)
		}
		if !slices.ContainsFunc(refs, func(r scopeRef) bool { return reachable(r.record) }) {
			c.Finder, c.Call115 = d.askWhere(level, typ, c.Land)
		}
		return c
	}
	c.Derived = true
	c.Body, c.LookupHint = d.derive(level, typ, p, land)
	c.Finder, c.Call115 = d.askWhere(level, typ, land)
	return c
}

// find returns the scopes with the longest area prefix of ars that cover
// the service by id, by LeiKa key or by type, the best first. On equal
// length a match by id beats one by LeiKa key, which beats one by type,
// and a full scope beats a partial one of the same kind; then the lower
// record id comes first. The scopes after the first are those of other
// records as good as it: the same area length and kind of match.
func (d *Directory) find(svc *catalog.Service, typ, ars string) []scopeRef {
	var best []scopeRef
	bestLen, bestRank := -1, -1
	consider := func(refs []scopeRef, kind int) {
		for _, ref := range refs {
			if !strings.HasPrefix(ars, ref.area) {
				continue
			}
			rank := 2 * kind
			if !ref.partial {
				rank++
			}
			switch n := len(ref.area); {
			case n > bestLen, n == bestLen && rank > bestRank:
				best, bestLen, bestRank = []scopeRef{ref}, n, rank
			case n == bestLen && rank == bestRank:
				if !slices.ContainsFunc(best, func(b scopeRef) bool { return b.record == ref.record }) {
					best = append(best, ref)
				}
			}
		}
	}
	if ars == "" {
		return nil
	}
	consider(d.byService[svc.ID], 3)
	if svc.LeiKa != "" {
		consider(d.byLeiKa[svc.LeiKa], 2)
	}
	if typ != "" {
		consider(d.byType[typ], 1)
	}
	slices.SortFunc(best, func(a, b scopeRef) int { return strings.Compare(a.record.ID, b.record.ID) })
	return best
}

// reachable reports whether a record has a street address or PO box and
// a phone number: enough to find and call the office.
func reachable(r *Record) bool {
	has := func(a *Address) bool { return a != nil && (a.Street != "" || a.POBox != "") }
	return (has(r.Visitor) || has(r.Postal)) && r.Phone != ""
}

// recordBody names a record: its name, and its department where it has one.
func (d *Directory) recordBody(r *Record) catalog.Text {
	if r.Department == "" {
		return same(r.Name)
	}
	return fill(d.texts.Bodies[bodyRecord], map[string]catalog.Text{
		"name": same(r.Name), "department": same(r.Department),
	})
}

// derive names the competent body from the rules and says where to look up
// its contact details.
func (d *Directory) derive(level catalog.Level, typ string, p places.Place, land string) (body, hint catalog.Text) {
	t := d.texts
	typeName, ok := Types[typ]
	if !ok {
		typeName = t.Bodies[bodyUnknownType]
	}
	landName := LandName(land)
	if landName.IsZero() {
		landName = same(p.Land)
	}
	values := map[string]catalog.Text{"type": typeName, "land": landName}
	if h, ok := t.TypeHints[typ]; ok {
		// An employer, a bank, an insurer: named by its kind alone, with a
		// hint of its own, since no office finder and no 115 knows it.
		return fill(t.Bodies[bodyBund], values), fill(h, values)
	}

	switch level {
	case catalog.LevelBund:
		return fill(t.Bodies[bodyBund], values), fill(t.Hints[hintBund], values)
	case catalog.LevelLand:
		if name, ok := t.landBody(typ, land); ok {
			if len(p.ARS) >= 3 {
				if r, ok := t.Regions[p.ARS[:3]]; ok {
					values["region"] = r
				}
			}
			if body := fill(name, values); filled(body) {
				return body, fill(t.Hints[hintLand], values)
			}
		}
		return fill(t.Bodies[bodyLand], values), fill(t.Hints[hintLand], values)
	}

	if strings.TrimSpace(p.Name) == "" && strings.TrimSpace(p.District) == "" {
		// No place to name the body after: just the type, and the most
		// local hint that the Land allows.
		hint = fill(t.Hints[hintBund], values)
		if land != "" {
			hint = fill(t.Hints[hintLand], values)
		}
		return fill(t.Bodies[bodyBund], values), hint
	}

	var owner catalog.Text
	administration := t.Bodies[bodyAdministration]
	switch {
	case slices.Contains(t.BezirkLands, land):
		owner = fill(t.Owners[ownerBezirksamt], values)
	case level == catalog.LevelKreis && t.isDistrictFreeCity(p):
		name, _ := splitDesignation(cmp.Or(p.District, p.Name))
		owner = fill(t.Owners[ownerKreisfreieStadt], map[string]catalog.Text{"name": same(name)})
	case level == catalog.LevelKreis:
		key, name := t.districtOwner(p.District, p.DistrictKind, land)
		owner = fill(t.Owners[key], map[string]catalog.Text{"name": name})
	case p.Association != "" && !slices.Contains(t.OwnAdminLands, land):
		name, _ := splitDesignation(p.Name)
		key, ok := t.AssociationKinds[p.AssociationKind]
		if !ok {
			key, administration = ownerAssociation, t.Bodies[bodyAdminAssoc]
		}
		names := map[string]catalog.Text{"name": same(name), "association": same(p.Association)}
		owner = fill(t.Owners[key], names)
		administration = fill(administration, names)
	default:
		name, designation := splitDesignation(p.Name)
		owner = fill(t.Owners[t.municipalityOwner(designation)], map[string]catalog.Text{"name": same(name)})
	}
	values["owner"] = owner
	if typ == "jobcenter" && level == catalog.LevelKreis && !slices.Contains(t.BezirkLands, land) {
		city := t.isDistrictFreeCity(p)
		if b, ok := t.jobcenterBody(cmp.Or(p.District, p.Name), p.DistrictKind, land, city, Jobcenters.Municipal(p.ARS)); ok {
			return b, fill(t.Hints[hintLocal], values)
		}
	}
	pattern := t.Bodies[bodyDerived]
	if typ == "gemeindeverwaltung" {
		pattern = administration
	}
	return fill(pattern, values), fill(t.Hints[hintLocal], values)
}

// isDistrictFreeCity reports whether p is a kreisfreie Stadt: a
// municipality that is its own district, as its kind of district says or,
// where that is unknown, as its key says (the district plus "000").
func (t *texts) isDistrictFreeCity(p places.Place) bool {
	if p.DistrictKind != "" {
		return t.DistrictKinds[p.DistrictKind] == ownerKreisfreieStadt
	}
	return len(p.AGS) == 8 && strings.HasSuffix(p.AGS, "000")
}

// landKeyOf returns the two-digit Land key of p from its AGS, ARS or Land
// name, or "" when none says.
func landKeyOf(p places.Place) string {
	for _, k := range []string{p.AGS, p.ARS} {
		if len(k) >= 2 {
			if _, ok := Lands[k[:2]]; ok {
				return k[:2]
			}
		}
	}
	key, _ := LandKey(p.Land)
	return key
}
