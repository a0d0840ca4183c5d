package places

import (
	"cmp"
	"hash/maphash"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/lotse-de/lotse/internal/fold"

	"github.com/lotse-de/lotse/internal/textdist"
)

// appendNameKeys adds the search keys of an official name for place i.
func appendNameKeys(names []nameEntry, name string, i int32) []nameEntry {
	for _, k := range fold.NameKeys(name) {
		names = append(names, nameEntry{key: k, place: i})
	}
	return names
}

// Resolve finds the places a query means, best first, at most
// MaxCandidates; nil when nothing fits. A query is
//   - a postcode ("07607", or "7607" with the zero lost), giving the
//     municipalities it serves,
//   - an AGS (8 digits) or ARS (12 digits),
//   - a name ("Eisenberg", "Muenchen", "Stadt Eisenberg", "Neustadt an der
//     Aisch"), compared without case, with ä/ae, ö/oe, ü/ue, ß/ss alike,
//     designations such as ", Stadt" or "Markt" ignored and, for names of
//     five letters or more, one typo forgiven (two from nine letters on),
//   - a name with a postcode ("07607 Eisenberg") or with its district or
//     Land ("Neustadt, Coburg", "Eisenberg Thüringen").
//
// Several places of one name come largest first.
func (g *Gazetteer) Resolve(query string) []Place {
	if len(query) > maxQuery {
		query = query[:maxQuery]
	}
	query = strings.TrimSpace(query)
	if isDigits(query) {
		switch len(query) {
		case 4: // a postcode that lost its leading zero in a spreadsheet
			return g.result(g.byPopulation(g.byPostcode("0" + query)))
		case 5:
			return g.result(g.byPopulation(g.byPostcode(query)))
		case 8:
			if i, ok := g.indexAGS(query); ok {
				return g.result([]int32{i})
			}
		case 12:
			if i, ok := g.indexARS(query); ok {
				return g.result([]int32{i})
			}
		}
		return nil
	}
	if code, rest, ok := splitPostcode(query); ok {
		inCode := g.byPostcode(code)
		named := g.byName(rest)
		var both []int32
		for _, i := range named {
			if slices.Contains(inCode, i) {
				both = append(both, i)
			}
		}
		if len(both) > 0 {
			return g.result(both)
		}
		if len(inCode) > 0 {
			return g.result(g.byPopulation(inCode))
		}
		return g.result(named)
	}
	return g.result(g.byName(query))
}

// result turns place indexes into places, at most MaxCandidates.
func (g *Gazetteer) result(ids []int32) []Place {
	if len(ids) == 0 {
		return nil
	}
	ids = ids[:min(len(ids), MaxCandidates)]
	out := make([]Place, len(ids))
	for j, i := range ids {
		out[j] = g.place(i)
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// splitPostcode splits "07607 Eisenberg" or "Eisenberg 07607" into the
// postcode and the rest.
func splitPostcode(q string) (code, rest string, ok bool) {
	words := strings.Fields(q)
	if len(words) < 2 {
		return "", "", false
	}
	first, last := strings.Trim(words[0], ",;"), strings.Trim(words[len(words)-1], ",;")
	switch {
	case len(first) == 5 && isDigits(first):
		return first, strings.Join(words[1:], " "), true
	case len(last) == 5 && isDigits(last):
		return last, strings.Join(words[:len(words)-1], " "), true
	}
	return "", "", false
}

// byPopulation orders place indexes largest first, then by AGS.
func (g *Gazetteer) byPopulation(ids []int32) []int32 {
	slices.SortStableFunc(ids, g.compareSize)
	return ids
}

// compareSize orders places a and b largest first, then by AGS.
func (g *Gazetteer) compareSize(a, b int32) int {
	if c := cmp.Compare(g.places[b].Population, g.places[a].Population); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// byName finds places by name, best first.
func (g *Gazetteer) byName(query string) []int32 {
	name, qualifier, _ := strings.Cut(query, ",")
	ids := g.byNameOnly(name, true)
	if len(ids) == 0 && qualifier != "" {
		// "Frankfurt, Oder" may be meant as one name.
		ids = g.byNameOnly(query, true)
		qualifier = ""
	}
	if len(ids) == 0 && qualifier == "" {
		// "Eisenberg Thüringen": a name followed by its district or Land,
		// tried with the last one, two and three words as qualifier.
		words := strings.Fields(query)
		var first []int32
		for n := 1; n <= 3 && n < len(words); n++ {
			head := g.byNameOnly(strings.Join(words[:len(words)-n], " "), false)
			if kept := g.within(head, strings.Join(words[len(words)-n:], " ")); len(kept) > 0 {
				return kept
			}
			if first == nil {
				first = head
			}
		}
		// "Berlin Mitte", "Hamburg Rissen": a place and a part of it.
		return first
	}
	if kept := g.within(ids, qualifier); len(kept) > 0 {
		return kept
	}
	return ids
}

// within keeps the places whose district, Land or association contains
// the qualifier; it returns nil for a qualifier that says nothing.
func (g *Gazetteer) within(ids []int32, qualifier string) []int32 {
	q := fold.Key(qualifier, fold.Spelled)
	if q == "" || fold.IsDesignation(q) {
		return nil
	}
	var kept []int32
	for _, i := range ids {
		p := g.places[i]
		for _, s := range []string{p.District, p.Land, p.Association} {
			if s != "" && strings.Contains(fold.Key(s, fold.Spelled), q) {
				kept = append(kept, i)
				break
			}
		}
	}
	return kept
}

// byNameOnly finds places by a name without qualifier: exact names and
// names that start with the query's words, largest first; else villages
// and quarters of that name; else names that start with the query's
// letters; else, if typos is set, names one or two typos away.
func (g *Gazetteer) byNameOnly(name string, typos bool) []int32 {
	var keys []string
	for _, mode := range []fold.Mode{fold.Spelled, fold.Stripped} {
		k := fold.Key(name, mode)
		if k == "" || fold.IsDesignation(k) {
			continue
		}
		t := fold.TrimDesignation(k)
		for _, v := range []string{k, fold.Compact(k), t, fold.Compact(t)} {
			if !slices.Contains(keys, v) {
				keys = append(keys, v)
			}
		}
	}
	if len(keys) == 0 {
		return nil
	}
	seen := map[int32]bool{}
	var ids []int32
	add := func(i int32) {
		if !seen[i] {
			seen[i] = true
			ids = append(ids, i)
		}
	}
	// Whole words: exact names and names that go on ("Neustadt an der
	// Aisch" for "Neustadt"), then villages and quarters likewise.
	for _, list := range [][]nameEntry{g.names, g.localities} {
		for _, k := range keys {
			scanPrefix(list, k, func(key string, i int32) {
				if key == k || key[len(k)] == ' ' {
					add(i)
				}
			})
		}
		if len(ids) > 0 {
			return g.byPopulation(ids)
		}
	}
	for _, k := range keys {
		if utf8.RuneCountInString(k) < 4 {
			continue
		}
		scanPrefix(g.names, k, func(_ string, i int32) { add(i) })
	}
	if len(ids) > 0 || !typos {
		return g.byPopulation(ids)
	}
	return g.fuzzyMatch(keys)
}

// scanPrefix calls fn for every entry of sorted names whose key starts
// with prefix.
func scanPrefix(names []nameEntry, prefix string, fn func(key string, place int32)) {
	i, _ := slices.BinarySearchFunc(names, prefix, func(e nameEntry, p string) int { return strings.Compare(e.key, p) })
	for ; i < len(names) && strings.HasPrefix(names[i].key, prefix); i++ {
		fn(names[i].key, names[i].place)
	}
}

// fuzzyIndex finds name keys one edit away from a query by the symmetric
// deletion method: a key and a query within one edit share a string that
// is one of them with at most one letter deleted.
type fuzzyIndex struct {
	seed  maphash.Seed
	shift uint      // bits of a packed value that hold the entry
	keys  []int32   // first index in names of each distinct key
	masks []uint64  // letters and digits present in each distinct key
	byLen [][]int32 // indexes into keys by key length
	// packed holds, sorted, a hash of each key and of each key with one
	// byte deleted, shifted left, with the key's first index in names in
	// the low bits.
	packed []uint64
}

// minFuzzy is the shortest key that tolerates a typo.
const minFuzzy = 5

// maxIndexedFuzzy is the longest key in the one-typo index. A key one
// typo from a query shorter than 9 letters is never longer; longer keys
// are found by the two-typo scan that runs for queries of 9 letters or
// more when the index finds nothing.
const maxIndexedFuzzy = 16

func newFuzzyIndex(names []nameEntry) fuzzyIndex {
	ix := fuzzyIndex{seed: maphash.MakeSeed(), shift: uint(bits.Len(uint(len(names))))}
	for i := range names {
		if i > 0 && names[i].key == names[i-1].key {
			continue
		}
		k := names[i].key
		if len(k) >= len(ix.byLen) {
			ix.byLen = append(ix.byLen, make([][]int32, len(k)+1-len(ix.byLen))...)
		}
		ix.byLen[len(k)] = append(ix.byLen[len(k)], int32(len(ix.keys)))
		ix.keys = append(ix.keys, int32(i))
		ix.masks = append(ix.masks, textdist.Mask(k))
		if len(k) < minFuzzy-1 || len(k) > maxIndexedFuzzy {
			continue
		}
		ix.packed = append(ix.packed, maphash.String(ix.seed, k)<<ix.shift|uint64(i))
		for d := 0; d < len(k); d++ {
			ix.packed = append(ix.packed, ix.deleteHash(k, d)<<ix.shift|uint64(i))
		}
	}
	slices.Sort(ix.packed)
	return ix
}

// lookup calls fn with the first index in names of every key that has
// hash h (in its packed, shortened form).
func (ix *fuzzyIndex) lookup(h uint64, fn func(e int32)) {
	h <<= ix.shift
	j, _ := slices.BinarySearch(ix.packed, h)
	mask := uint64(1)<<ix.shift - 1
	for ; j < len(ix.packed) && ix.packed[j]&^mask == h; j++ {
		fn(int32(ix.packed[j] & mask))
	}
}

// deleteHash hashes k without its byte at d.
func (ix *fuzzyIndex) deleteHash(k string, d int) uint64 {
	var h maphash.Hash
	h.SetSeed(ix.seed)
	h.WriteString(k[:d])
	h.WriteString(k[d+1:])
	return h.Sum64()
}

// fuzzyMatch returns the places whose names are closest to one of the
// query keys: one edit for keys of five letters or more, else two edits
// for keys of nine letters or more; nearest first, then largest.
func (g *Gazetteer) fuzzyMatch(keys []string) []int32 {
	type hit struct {
		place int32
		dist  int
	}
	var hits []hit
	best := map[int32]int{}
	note := func(e int32, dist int) {
		for j := e; j < int32(len(g.names)) && g.names[j].key == g.names[e].key; j++ {
			i := g.names[j].place
			if d, ok := best[i]; !ok || dist < d {
				best[i] = dist
			}
		}
	}
	ix := &g.fuzzy
	for _, k := range keys {
		if len(k) < minFuzzy {
			continue
		}
		verify := func(e int32) {
			if d := editDistance(k, g.names[e].key, 1); d <= 1 {
				note(e, d)
			}
		}
		ix.lookup(maphash.String(ix.seed, k), verify)
		for d := 0; d < len(k); d++ {
			ix.lookup(ix.deleteHash(k, d), verify)
		}
	}
	if len(best) == 0 {
		for _, k := range keys {
			if len(k) < 9 {
				continue
			}
			mask := textdist.Mask(k)
			for n := len(k) - 2; n <= len(k)+2 && n < len(ix.byLen); n++ {
				for _, j := range ix.byLen[n] {
					if !textdist.MayBeWithin(mask, ix.masks[j], 2) {
						continue
					}
					e := ix.keys[j]
					if d := editDistance(k, g.names[e].key, 2); d <= 2 {
						note(e, d)
					}
				}
			}
		}
	}
	for i, d := range best {
		hits = append(hits, hit{i, d})
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return g.compareSize(a.place, b.place)
	})
	ids := make([]int32, len(hits))
	for j, h := range hits {
		ids[j] = h.place
	}
	return ids
}

// editDistance returns the optimal string alignment distance of a and b
// (insertions, deletions, substitutions, adjacent transpositions), or
// limit+1 when it exceeds limit.
func editDistance(a, b string, limit int) int {
	var buf [3][64]int
	if len(b)+1 > len(buf[0]) {
		return limit + 1
	}
	d := textdist.Within(a, b, limit, buf[0][:], buf[1][:], buf[2][:])
	if d < 0 {
		return limit + 1
	}
	return d
}
