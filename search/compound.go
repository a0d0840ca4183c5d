package search

// linkingElements are the letters German puts between the parts of a
// compound (Fugenelemente): Arbeit-s-amt, Hund-e-steuer, Kind-er-geld.
var linkingElements = [...]string{"s", "es", "n", "en", "e", "er"}

// minPart is the shortest compound part; shorter ones split too eagerly.
const minPart = 3

// maxParts bounds the number of parts a compound is split into.
const maxParts = 4

// splitCompound splits the folded German word w into two or more parts that
// the catalog uses (each part, or its stem, is in vocab), allowing a linking
// element after each part but the last. With stemLast, the last part may
// also be any word whose stem is in vocab ("…genehmigungen"). It prefers
// the split with the fewest parts and returns nil if there is none.
func splitCompound(w string, vocab map[string]struct{}, stemLast bool) []string {
	n := len(w)
	if n < 2*minPart {
		return nil
	}
	// best[j] is the fewest parts covering w[:j]; from[j] where the last of
	// them starts and partEnd[j] where it ends (before a linking element).
	best := make([]int, n+1)
	from := make([]int, n+1)
	partEnd := make([]int, n+1)
	for j := range best {
		best[j] = maxParts + 1
	}
	best[0] = 0
	known := func(s string) bool { _, ok := vocab[s]; return ok }
	for i := 0; i < n; i++ {
		if best[i] >= maxParts {
			continue
		}
		for j := i + minPart; j <= n; j++ {
			if i == 0 && j == n {
				break // the whole word is not a split
			}
			part := w[i:j]
			ok := known(part)
			if !ok && j == n && stemLast {
				ok = known(stemDE(part))
			}
			if !ok {
				continue
			}
			relax := func(end int) {
				if best[i]+1 < best[end] {
					best[end], from[end], partEnd[end] = best[i]+1, i, j
				}
			}
			relax(j)
			if j < n {
				for _, l := range linkingElements {
					if e := j + len(l); e < n && w[j:e] == l {
						relax(e)
					}
				}
			}
		}
	}
	if best[n] > maxParts || best[n] < 2 {
		return nil
	}
	parts := make([]string, best[n])
	for j, k := n, best[n]-1; j > 0; k-- {
		parts[k] = w[from[j]:partEnd[j]]
		j = from[j]
	}
	return parts
}
