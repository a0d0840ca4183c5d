package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/lotse-de/lotse/internal/fold"
)

// successors maps each 2021 boundary (features, keys of 1 January 2021)
// to the index of its 2025 municipality (placeOf, by AGS), or -1.
//
// A boundary whose AGS is still in the 2025 register is that
// municipality. A municipality that has disappeared since (merged, or
// moved to another district and so renumbered) is mapped by the first of
// these rules that gives one answer:
//
//  1. name: a 2025 municipality of the same Land, with a key that is new
//     since 2021, has the same name (Eisenach → Eisenach, Stadt, now in
//     the Wartburgkreis; Uder; Langelsheim);
//  2. part of the name: a new 2025 municipality of the same district has
//     a word of the old name in its own (Berga/Elster and
//     Wünschendorf/Elster → Berga-Wünschendorf); else postcode: the
//     postcode of a new municipality's seat is one of the old one's
//     (Ostrau → Jahnatal);
//  3. neighbour: of the 2025 municipalities whose 2021 boundaries touch
//     the old one, take a new one of the same district whose population
//     is not yet explained by its predecessors, else one of the same
//     district whose population grew by at least half the old
//     municipality's population since the 2020 register, else one of
//     another district of the Land that grew by as much and by at least a
//     tenth (so Anrode and Rodeberg go to Dingelstädt in the Eichsfeld,
//     whose population grew by theirs),
//     else the one of the same district sharing the longest border. The
//     choices by population are made wherever they can be before one by
//     the border is, and the rule runs again until nothing changes, so
//     that a chain of merged neighbours is followed.
//
// Rule 3 guesses: a village absorbed by a neighbour is right where the
// population figures tell, but among neighbours of similar growth (and
// for the uninhabited gemeindefreie Gebiete) it takes the longest common
// border of generalised boundaries, and natural growth or a census
// correction can pass for a merger. Each mapping is logged with its rule,
// and each successor with its population balance (2025 against its 2021
// parts in 2020), where a wrong guess shows as a large gap: Menteroda →
// Nottertal-Heilinger Höhen is likely one (5,750 inhabitants against
// 7,680), Breest → Werder and Hallungen → Nazza may be.
func successors(features []feature, municipalities, register map[string]gvRecord, placeOf map[string]int, oldCodes map[string][]string) ([]int, []string) {
	var stats []string
	succ := make([]int, len(features))
	keys := make([]string, len(placeOf))
	for ags, i := range placeOf {
		keys[i] = ags
	}
	has2021 := map[string]bool{}
	for _, ft := range features {
		has2021[ft.ags] = true
	}
	deficit := make([]int, len(keys)) // 2025 population not explained by 2020 predecessors
	for i, ags := range keys {
		deficit[i] = int(municipalities[ags].population)
	}
	var gone []int
	for fi, ft := range features {
		i, ok := placeOf[ft.ags]
		if !ok {
			succ[fi] = -1
			gone = append(gone, fi)
			continue
		}
		succ[fi] = i
		deficit[i] -= int(register[ft.ags].population)
	}
	var newKeys []int
	for i, ags := range keys {
		if !has2021[ags] {
			newKeys = append(newKeys, i)
		}
	}
	assign := func(fi, i int, rule string) {
		succ[fi] = i
		deficit[i] -= int(register[features[fi].ags].population)
		stats = append(stats, fmt.Sprintf("merged since 2021: %s %q → %s %q (%s)",
			features[fi].ars, features[fi].gen, municipalities[keys[i]].ars(), municipalities[keys[i]].name, rule))
	}

	// Rules 1 and 2.
	for _, fi := range gone {
		ft := features[fi]
		name := fold.Key(coreName(ft.gen), fold.Spelled)
		var same, sameDistrict, part, code []int
		for _, i := range newKeys {
			r := municipalities[keys[i]]
			if r.land != ft.ags[:2] {
				continue
			}
			if fold.Key(coreName(r.name), fold.Spelled) == name {
				same = append(same, i)
				if keys[i][:5] == ft.ags[:5] {
					sameDistrict = append(sameDistrict, i)
				}
			}
			if keys[i][:5] == ft.ags[:5] && sharesWord(r.name, ft.gen) {
				part = append(part, i)
			}
			if keys[i][:5] == ft.ags[:5] && r.postcode != "" &&
				(r.postcode == register[ft.ags].postcode || slices.Contains(oldCodes[ft.ags], r.postcode)) {
				code = append(code, i)
			}
		}
		switch {
		case len(sameDistrict) == 1:
			assign(fi, sameDistrict[0], "same name")
		case len(same) == 1:
			assign(fi, same[0], "same name, same Land")
		case len(part) == 1:
			assign(fi, part[0], "part of the name")
		case len(code) == 1:
			assign(fi, code[0], "postcode of its seat")
		}
	}

	// Rule 3, over the shared vertices of the boundaries.
	owners := map[[2]int32][]int{}
	for fi, ft := range features {
		for _, r := range ft.rings {
			for k := 0; k+1 < len(r); k += 2 {
				v := [2]int32{r[k], r[k+1]}
				if o := owners[v]; len(o) == 0 || o[len(o)-1] != fi {
					owners[v] = append(o, fi)
				}
			}
		}
	}
	for maxRank := 2; maxRank <= 3; {
		changed := false
		for _, fi := range gone {
			if succ[fi] >= 0 {
				continue
			}
			ft := features[fi]
			border := map[int]int{} // 2025 place → shared vertices
			for _, r := range ft.rings {
				for k := 0; k+1 < len(r); k += 2 {
					for _, o := range owners[[2]int32{r[k], r[k+1]}] {
						if o != fi && succ[o] >= 0 && keys[succ[o]][:2] == ft.ags[:2] {
							border[succ[o]]++
						}
					}
				}
			}
			if len(border) == 0 {
				continue
			}
			pop := int(register[ft.ags].population)
			cands := make([]int, 0, len(border))
			for i := range border {
				cands = append(cands, i)
			}
			rank := func(i int) int {
				same := keys[i][:5] == ft.ags[:5]
				grew := deficit[i] >= 0 && deficit[i] >= pop/2
				switch {
				case same && !has2021[keys[i]] && deficit[i] > 0:
					return 0
				case same && grew:
					return 1
				case !same && grew && deficit[i] >= max(pop, int(municipalities[keys[i]].population)/10):
					return 2 // moved to another district: only where the growth cannot be natural
				case same:
					return 3
				}
				return 4
			}
			slices.SortFunc(cands, func(a, b int) int {
				return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(border[b], border[a]), cmp.Compare(a, b))
			})
			if rank(cands[0]) > maxRank {
				continue
			}
			rules := []string{"neighbour, new municipality", "neighbour whose population grew by as much",
				"neighbour in another district whose population grew by as much", "neighbour with the longest border"}
			assign(fi, cands[0], fmt.Sprintf("%s, of %d neighbours", rules[rank(cands[0])], len(cands)))
			changed = true
			if maxRank == 3 {
				break // one guess by border, then the surer rules again
			}
		}
		switch {
		case changed:
			maxRank = 2
		default:
			maxRank++
		}
	}
	// Log the population balance of every successor, to check the guesses
	// by: a successor should have about as many inhabitants in 2025 as
	// its parts had in 2020.
	merged := map[int]bool{}
	for _, fi := range gone {
		if succ[fi] >= 0 {
			merged[succ[fi]] = true
		}
	}
	for i := range keys {
		if *verbose && deficit[i] > 300 {
			stats = append(stats, fmt.Sprintf("population of %s %q not explained by its 2020 parts: %d of %d", keys[i], municipalities[keys[i]].name, deficit[i], municipalities[keys[i]].population))
		}
		if merged[i] {
			r := municipalities[keys[i]]
			stats = append(stats, fmt.Sprintf("successor %s %q: %d inhabitants in 2025, its 2021 parts had %d in 2020",
				r.ars(), r.name, r.population, int(r.population)-deficit[i]))
		}
	}
	var mapped, unmapped int
	for _, fi := range gone {
		if succ[fi] < 0 {
			unmapped++
			stats = append(stats, fmt.Sprintf("merged since 2021, no successor found: %s %q", features[fi].ars, features[fi].gen))
		} else {
			mapped++
		}
	}
	stats = append(stats, fmt.Sprintf("2021 municipalities not in the 2025 register: %d mapped to a successor, %d not", mapped, unmapped))
	return succ, stats
}

// sharesWord reports whether the names have a word of at least four
// letters in common, ignoring designations ("Stadt").
func sharesWord(a, b string) bool {
	words := func(s string) []string {
		var out []string
		for _, w := range strings.FieldsFunc(coreName(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if k := fold.Key(w, fold.Spelled); len(k) >= 4 && !slices.Contains(genericWords, k) {
				out = append(out, k)
			}
		}
		return out
	}
	wb := words(b)
	for _, w := range words(a) {
		if slices.Contains(wb, w) {
			return true
		}
	}
	return false
}

// genericWords are parts of names that say nothing of identity.
var genericWords = []string{"stadt", "markt", "gemeinde", "forst", "seite", "nord", "sued", "ost", "west", "elster", "oder", "main", "rhein", "donau", "saale"}
