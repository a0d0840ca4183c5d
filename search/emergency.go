package search

import (
	"slices"
	"strings"

	"github.com/lotse-de/lotse/catalog"
)

// trigger is one emergency phrase of a service (catalog.Service.Emergency)
// as folded words; a word with prefix set also matches longer words.
type trigger struct {
	words  []string
	prefix []bool
}

// emergencyTriggers returns, for each service of all (by index) that is
// help in danger, its trigger phrases.
func emergencyTriggers(all []*catalog.Service) map[int][]trigger {
	m := map[int][]trigger{}
	for i, s := range all {
		for _, phrase := range s.Emergency {
			var t trigger
			for _, w := range strings.Fields(fold(phrase)) {
				// fold turned a trailing "*" into a space; read it from the phrase
				t.words = append(t.words, w)
				t.prefix = append(t.prefix, false)
			}
			if len(t.words) == 0 {
				continue
			}
			t.prefix[len(t.prefix)-1] = strings.HasSuffix(strings.TrimSpace(phrase), "*")
			m[i] = append(m[i], t)
		}
	}
	return m
}

// matches reports whether the folded words of a query contain the
// trigger's words one after the other.
func (t trigger) matches(words []string) bool {
	for start := 0; start+len(t.words) <= len(words); start++ {
		ok := true
		for k, w := range t.words {
			q := words[start+k]
			if q != w && !(t.prefix[k] && strings.HasPrefix(q, w)) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// emergencies returns the indexes of the services whose emergency
// triggers the query matches, in catalog order.
func (ix *Index) emergencies(query string) []int {
	if len(ix.triggers) == 0 {
		return nil
	}
	words := strings.Fields(fold(query))
	var out []int
	for i, ts := range ix.triggers {
		if slices.ContainsFunc(ts, func(t trigger) bool { return t.matches(words) }) {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// putFirst moves the services docs ahead of hits, keeping the order of the
// rest and at most limit hits (all with limit <= 0). A service in docs that
// the ranking did not find gets the best score of the hits (or MinScore).
func (ix *Index) putFirst(hits []Hit, docs []int, limit int) []Hit {
	if len(docs) == 0 {
		return hits
	}
	best := MinScore
	if len(hits) > 0 {
		best = max(best, hits[0].Score)
	}
	first := make([]Hit, 0, len(docs)+len(hits))
	for _, d := range docs {
		first = append(first, Hit{Service: ix.services[d], Score: best})
	}
	for _, h := range hits {
		if !slices.ContainsFunc(first, func(f Hit) bool { return f.Service == h.Service }) {
			first = append(first, h)
		}
	}
	if limit > 0 && len(first) > limit {
		first = first[:limit]
	}
	return first
}
