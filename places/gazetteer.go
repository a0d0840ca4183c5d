package places

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/lotse-de/lotse/places/internal/gazfile"
)

//go:generate go run ./internal/gen -out gazetteer.bin.gz

// gazetteerFile is the generated gazetteer; see internal/gen.
//
//go:embed gazetteer.bin.gz
var gazetteerFile []byte

// MaxCandidates bounds the number of places Resolve returns.
const MaxCandidates = 20

// maxQuery bounds the bytes of a query that Resolve looks at.
const maxQuery = 200

// ErrData reports that the embedded gazetteer cannot be read.
var ErrData = errors.New("places: embedded gazetteer unreadable")

// Gazetteer finds German municipalities by name, postcode, official key
// or point. It is read-only after Load and safe for concurrent use.
type Gazetteer struct {
	places     []Place     // sorted by AGS
	former     []formerAGS // sorted by AGS
	names      []nameEntry // sorted by key, then place
	localities []nameEntry // names of villages and quarters, sorted likewise
	postcodes  []postcodeEntry
	fuzzy      fuzzyIndex
	grid       grid
	shapes     []shape // parallel to places
}

type formerAGS struct {
	ags   string
	place int32
}

type nameEntry struct {
	key   string
	place int32
}

type postcodeEntry struct {
	code  uint32
	place int32
}

// Load reads the embedded gazetteer. Call it once and share the result.
func Load() (*Gazetteer, error) {
	f, err := gazfile.Read(bytes.NewReader(gazetteerFile))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrData, err)
	}
	return build(f)
}

func build(f *gazfile.File) (*Gazetteer, error) {
	g := &Gazetteer{places: make([]Place, len(f.Places)), shapes: make([]shape, len(f.Places))}
	lands := map[string]string{}
	for _, a := range f.Lands {
		lands[a.Key] = a.Name
	}
	districts := map[string]gazfile.Area{}
	for _, a := range f.Districts {
		districts[a.Key] = a
	}
	// All postcodes share one backing string.
	var codes []byte
	for _, r := range f.Places {
		for _, c := range r.Postcodes {
			if c > 99999 {
				return nil, fmt.Errorf("%w: postcode %d", ErrData, c)
			}
			codes = append(codes, byte('0'+c/10000), byte('0'+c/1000%10), byte('0'+c/100%10), byte('0'+c/10%10), byte('0'+c%10))
		}
	}
	all := string(codes)
	offset := 0
	g.postcodes = make([]postcodeEntry, 0, len(codes)/5)
	names := make([]nameEntry, 0, 4*len(f.Places))
	for i, r := range f.Places {
		ags := r.ARS[:5] + r.ARS[9:]
		d, ok := districts[ags[:5]]
		if !ok {
			return nil, fmt.Errorf("%w: %s has no district", ErrData, ags)
		}
		p := Place{
			AGS: ags, ARS: r.ARS, Name: r.Name,
			District: d.Name, DistrictKind: d.Kind, Land: lands[ags[:2]],
			Population: int(r.Population), Unincorporated: r.Unincorporated,
			Lat: float64(r.Lat) / gazfile.Scale, Lon: float64(r.Lon) / gazfile.Scale,
			Postcodes: make([]string, len(r.Postcodes)),
		}
		if r.Association >= 0 {
			a := f.Associations[r.Association]
			p.Association, p.AssociationKind = a.Name, a.Kind
		}
		for j, c := range r.Postcodes {
			p.Postcodes[j] = all[offset : offset+5]
			offset += 5
			g.postcodes = append(g.postcodes, postcodeEntry{code: c, place: int32(i)})
		}
		if i > 0 && g.places[i-1].AGS >= ags {
			return nil, fmt.Errorf("%w: places not sorted at %s", ErrData, ags)
		}
		g.places[i] = p
		names = appendNameKeys(names, r.Name, int32(i))
		for _, a := range r.Aliases {
			names = appendNameKeys(names, a, int32(i))
		}
		for _, l := range r.Localities {
			g.localities = appendNameKeys(g.localities, l, int32(i))
		}
		g.shapes[i] = newShape(r.Rings)
	}
	for _, fm := range f.Former {
		g.former = append(g.former, formerAGS{ags: fm.AGS, place: int32(fm.Successor)})
		names = appendNameKeys(names, fm.Name, int32(fm.Successor))
	}
	slices.SortFunc(g.former, func(a, b formerAGS) int { return strings.Compare(a.ags, b.ags) })
	slices.SortFunc(g.postcodes, func(a, b postcodeEntry) int {
		if a.code != b.code {
			return int(a.code) - int(b.code)
		}
		return int(a.place) - int(b.place)
	})
	g.names = sortNames(names)
	g.localities = sortNames(g.localities)
	g.fuzzy = newFuzzyIndex(g.names)
	g.grid = newGrid(g.shapes)
	return g, nil
}

// sortNames sorts name entries by key, then place, without duplicates.
func sortNames(names []nameEntry) []nameEntry {
	slices.SortFunc(names, func(a, b nameEntry) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return int(a.place) - int(b.place)
	})
	return slices.Compact(names)
}

// All returns every place, in AGS order.
func (g *Gazetteer) All() []Place {
	out := make([]Place, len(g.places))
	for i := range g.places {
		out[i] = g.place(int32(i))
	}
	return out
}

// place returns a copy of place i that the caller may change.
func (g *Gazetteer) place(i int32) Place {
	p := g.places[i]
	p.Postcodes = slices.Clone(p.Postcodes)
	return p
}

// ByAGS returns the place with the eight-digit Amtlicher
// Gemeindeschlüssel. The key of a municipality that has merged since the
// register's date gives the municipality it merged into.
func (g *Gazetteer) ByAGS(ags string) (Place, bool) {
	if i, ok := g.indexAGS(ags); ok {
		return g.place(i), true
	}
	return Place{}, false
}

// ByARS returns the place with the twelve-digit Amtlicher
// Regionalschlüssel.
func (g *Gazetteer) ByARS(ars string) (Place, bool) {
	if i, ok := g.indexARS(ars); ok {
		return g.place(i), true
	}
	return Place{}, false
}

func (g *Gazetteer) indexAGS(ags string) (int32, bool) {
	if len(ags) != 8 {
		return 0, false
	}
	if i, ok := slices.BinarySearchFunc(g.places, ags, func(p Place, k string) int { return strings.Compare(p.AGS, k) }); ok {
		return int32(i), true
	}
	if i, ok := slices.BinarySearchFunc(g.former, ags, func(f formerAGS, k string) int { return strings.Compare(f.ags, k) }); ok {
		return g.former[i].place, true
	}
	return 0, false
}

func (g *Gazetteer) indexARS(ars string) (int32, bool) {
	if len(ars) != 12 {
		return 0, false
	}
	i, ok := slices.BinarySearchFunc(g.places, ars[:5]+ars[9:], func(p Place, k string) int { return strings.Compare(p.AGS, k) })
	if !ok || g.places[i].ARS != ars {
		return 0, false
	}
	return int32(i), true
}

// byPostcode returns the places of a five-digit postcode.
func (g *Gazetteer) byPostcode(code string) []int32 {
	n, err := strconv.ParseUint(code, 10, 32)
	if err != nil || len(code) != 5 {
		return nil
	}
	c := uint32(n)
	i, _ := slices.BinarySearchFunc(g.postcodes, c, func(e postcodeEntry, c uint32) int { return int(e.code) - int(c) })
	var out []int32
	for ; i < len(g.postcodes) && g.postcodes[i].code == c; i++ {
		out = append(out, g.postcodes[i].place)
	}
	return out
}
