package search

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/lotse-de/lotse/catalog"
)

// trigger is one emergency phrase of a service (catalog.Service.Emergency)
// as the keys of its words (triggerKey); with prefix, its last word,
// folded, also matches longer words.
type trigger struct {
	doc    int
	words  []string
	last   string // the last word, folded
	prefix bool
	// generic marks a phrase that names an emergency rather than a
	// danger (catalog.IsGenericEmergency)
	generic bool
}

// maxFill is how many filler words may stand between two words of an
// emergency phrase: "mir das Leben zu nehmen" says "das leben nehmen",
// "took a bunch of pills" says "took pills".
const maxFill = 4

// fillerAdverbs are the words besides the German and English stop words
// and numbers that may stand inside an emergency phrase (see
// triggerIndex.fillers): "schreit seit 20 Minuten um Hilfe".
const fillerAdverbs = "seit minuten stunden tagen wochen minutes hours days weeks gerade wieder nachts dauernd immer staendig oft einfach heute bald always constantly often whole bunch lot lots"

// triggerKey is how a word of an emergency phrase and a word of a query
// are compared: a Cyrillic or Arabic word by its stem, so that inflected
// and prefixed forms meet ("убить" and "убью", "سكين" and "بالسكين"), a
// Latin one as it is folded.
func triggerKey(w string) string {
	switch scriptOf(w) {
	case cyrillic:
		// the Ukrainian endings, then the Russian ones: one key for both
		// languages' forms ("покончить", "покончит")
		return stemRU(stemUK(w))
	case arabicScript:
		return stemAR(withoutProclitics(w))
	}
	return w
}

// arabicProclitics are the particles and the article written before an
// Arabic word ("بالسكين" is "with the knife"), longest first.
var arabicProclitics = []string{"وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك"}

// withoutProclitics returns the Arabic word w without the particles and
// article before it, keeping at least three letters; other words as they
// are.
func withoutProclitics(w string) string {
	if scriptOf(w) != arabicScript {
		return w
	}
	for _, p := range arabicProclitics {
		if rest, ok := strings.CutPrefix(w, p); ok && utf8.RuneCountInString(rest) >= 3 {
			return rest
		}
	}
	return w
}

// colloquialForms are spoken German spellings that messages in distress
// use, with the word an emergency phrase writes ("wacht nich auf" says
// "wacht nicht auf").
var colloquialForms = map[string]string{"nich": "nicht", "ned": "nicht", "nix": "nichts", "hab": "habe", "grad": "gerade"}

// triggerKeys returns the keys of words, each distinct word's once; a
// colloquial form (colloquialForms) has the key of its written word.
func triggerKeys(words []string) []string {
	keys := make([]string, len(words))
	var seen map[string]string
	for i, w := range words {
		if scriptOf(w) == latin {
			keys[i] = cmp.Or(colloquialForms[w], w)
			continue
		}
		if k, ok := seen[w]; ok {
			keys[i] = k
			continue
		}
		keys[i] = triggerKey(w)
		if seen == nil {
			seen = map[string]string{}
		}
		seen[w] = keys[i]
	}
	return keys
}

// triggerIndex holds the emergency phrases of the services that are help
// in danger, by their first word.
type triggerIndex struct {
	byFirst  map[string][]trigger // phrases whose first word must match whole
	byPrefix map[rune][]trigger   // one-word phrases ending in "*", by their first letter
	// fillers are the words that may stand inside a phrase: the German
	// and English stop words and fillerAdverbs; numbers may too. Any
	// other word breaks the phrase ("nicht mehr leben" is not in "nicht
	// mehr in Deutschland leben").
	fillers map[string]struct{}
	// ordinary holds the folded words of the names and synonyms of the
	// services that are no help in danger, and their first two words
	// ("emergency passport"): a query word that is one of them, or begins
	// them, does not set off a generic trigger.
	ordinary map[string]bool
}

// newTriggerIndex collects the emergency phrases of all services (by
// index); stop are the index's stop words.
func newTriggerIndex(all []*catalog.Service, stop [numLangs]map[string]struct{}) triggerIndex {
	ti := triggerIndex{byFirst: map[string][]trigger{}, byPrefix: map[rune][]trigger{}, ordinary: map[string]bool{}}
	ti.fillers = maps.Clone(stop[langDE])
	maps.Copy(ti.fillers, stop[langEN])
	for _, w := range strings.Fields(fillerAdverbs) {
		ti.fillers[w] = struct{}{}
	}
	for i, s := range all {
		if len(s.Emergency) == 0 {
			for _, phrases := range s.Synonyms {
				ti.addOrdinary(phrases...)
			}
			for _, name := range s.Name {
				ti.addOrdinary(name)
			}
		}
		for _, phrase := range s.Emergency {
			words := strings.Fields(fold(phrase))
			t := trigger{doc: i, words: triggerKeys(words), prefix: strings.HasSuffix(strings.TrimSpace(phrase), "*"), generic: catalog.IsGenericEmergency(phrase)}
			if len(words) > 0 {
				t.last = words[len(words)-1]
			}
			switch {
			case len(t.words) == 0:
			case t.prefix && len(t.words) == 1:
				r, _ := utf8.DecodeRuneInString(t.last)
				ti.byPrefix[r] = append(ti.byPrefix[r], t)
			default:
				ti.byFirst[t.words[0]] = append(ti.byFirst[t.words[0]], t)
			}
		}
	}
	return ti
}

// addOrdinary records the words of phrases, names or synonyms of a service
// that is no help in danger, and their first two words.
func (ti *triggerIndex) addOrdinary(phrases ...string) {
	for _, p := range phrases {
		words := strings.Fields(fold(p))
		for _, w := range words {
			ti.ordinary[w] = true
		}
		if len(words) >= 2 {
			ti.ordinary[words[0]+" "+words[1]] = true
		}
	}
}

// ordinaryAt reports whether the query word at start, which a generic
// trigger matched, is a word of an ordinary service's name or synonym
// longer than the trigger ("Notrufknopf" for "notruf*"), or begins one
// with the next word ("emergency passport").
func (ti *triggerIndex) ordinaryAt(t trigger, words []string, start int) bool {
	w := words[start]
	if w != t.last && ti.ordinary[w] {
		return true
	}
	return start+1 < len(words) && ti.ordinary[w+" "+words[start+1]]
}

// queryWords are a query's words as emergency phrases compare them:
// folded, and their keys (triggerKey).
type queryWords struct{ folded, keys []string }

func newQueryWords(folded string) queryWords {
	words := strings.Fields(folded)
	return queryWords{words, triggerKeys(words)}
}

// matchesWord reports whether the trigger's word k matches query word i.
func (t trigger) matchesWord(k int, q queryWords, i int) bool {
	if k == len(t.words)-1 && t.prefix {
		w := q.folded[i]
		return strings.HasPrefix(w, t.last) || strings.HasPrefix(withoutProclitics(w), t.last)
	}
	return q.keys[i] == t.words[k]
}

// matchesAt reports whether the query's words from position start on
// begin with the trigger's words, in order, with at most maxFill of
// fillers between two of them.
func (t trigger) matchesAt(q queryWords, start int, fillers map[string]struct{}) bool {
	i := start
	for k := range t.words {
		for fill := 0; ; fill++ {
			if i >= len(q.folded) {
				return false
			}
			if t.matchesWord(k, q, i) {
				break
			}
			if _, ok := fillers[q.folded[i]]; k == 0 || fill == maxFill || !ok && !isNumber(q.folded[i]) {
				return false
			}
			i++
		}
		i++
	}
	return true
}

// isNumber reports whether w is written in digits only ("seit 20 Minuten").
func isNumber(w string) bool {
	return w != "" && strings.Trim(w, "0123456789") == ""
}

// emergencies returns the indexes of the services whose emergency
// phrases the query (folded, see fold) contains, in catalog order.
func (ix *Index) emergencies(folded string) []int {
	ti := &ix.triggers
	if len(ti.byFirst) == 0 && len(ti.byPrefix) == 0 {
		return nil
	}
	q := newQueryWords(folded)
	var out []int
	add := func(t trigger, start int) {
		if !slices.Contains(out, t.doc) && t.matchesAt(q, start, ti.fillers) && !(t.generic && ti.ordinaryAt(t, q.folded, start)) {
			out = append(out, t.doc)
		}
	}
	for i, w := range q.folded {
		for _, t := range ti.byFirst[q.keys[i]] {
			add(t, i)
		}
		r, _ := utf8.DecodeRuneInString(w)
		for _, t := range ti.byPrefix[r] {
			add(t, i)
		}
		if bare := withoutProclitics(w); bare != w {
			r, _ := utf8.DecodeRuneInString(bare)
			for _, t := range ti.byPrefix[r] {
				add(t, i)
			}
		}
	}
	slices.Sort(out)
	return out
}

// putFirst moves the services docs ahead of hits, keeping the order of the
// rest and at most limit hits (all with limit <= 0). A service in docs gets
// the best score of the hits (at least MinScore).
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
