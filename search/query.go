package search

import (
	"cmp"
	"slices"
	"strings"

	"github.com/lotse-de/lotse/internal/textdist"
)

// Search returns the services that fit query, best first, at most limit of
// them (all with limit <= 0). Words are matched in German and English
// whatever lang is; matches in lang ("de" or "en") count a little more.
// A query that matches nothing well enough yields no hits. Services that
// are help in danger come first when the query contains one of their
// emergency phrases.
func (ix *Index) Search(query, lang string, limit int) []Hit {
	query = truncate(query, maxQueryBytes)
	folded := fold(query)
	first := ix.emergencies(folded)
	return ix.putFirst(ix.rank(query, folded, lang, limit), first, limit)
}

// rank scores the services for query (folded: fold(query)) and returns
// the best limit of them.
func (ix *Index) rank(query, folded, lang string, limit int) []Hit {
	words, stops := ix.words(query, folded, numLangs)
	words = distinct(words, maxQueryWords)
	if len(words) == 0 || len(ix.services) == 0 {
		return nil
	}
	q := ix.newQuery(lang, stops)
	defer ix.scratch.Put(q.buf)
	q.origins = origins(folded, ix.broader)
	q.short = len(words) <= maxShortQuery
	typoBudget := maxTypoWords
	// two words in a row may be a German compound written apart
	// ("Schwerbehinderten Ausweis", "Kinder Geld")
	var apart [2]string // w joined with the word before and after it
	var buf [2 * maxWordBytes]byte
	for i, w := range words {
		apart[0], apart[1] = apart[1], ""
		if i+1 < len(words) && scriptOf(w) == latin {
			j := append(append(buf[:0], w...), words[i+1]...)
			if _, ok := ix.surface[langDE][string(j)]; ok {
				apart[1] = string(j)
			}
		}
		q.read(w, apart, &typoBudget)
	}
	q.weighCoverage(max(1, q.meaningful))
	q.addPhraseBonus(len(words))
	return q.hits(limit)
}

// newQuery returns the state of a search in language lang for a query
// with the given numbers of stop words in each language. Its scratch space
// comes from ix.scratch; put q.buf back when the search is done.
func (ix *Index) newQuery(lang string, stops [numLangs]int) *queryState {
	n := len(ix.services)
	pooled := ix.scratch.Get().(*[]float64)
	buf := *pooled
	clear(buf)
	q := &queryState{
		ix:        ix,
		buf:       pooled,
		asked:     ix.languageOf(lang),
		scores:    buf[:n:n],
		word:      buf[n : 2*n : 2*n],
		parts:     buf[2*n : 3*n : 3*n],
		part:      buf[3*n : 4*n : 4*n],
		matched:   buf[4*n:],
		queryLang: numLangs,
	}
	for l, n := range stops {
		if n == 0 {
			continue
		}
		if q.queryLang != numLangs {
			q.queryLang = numLangs // stop words of two languages tell nothing
			break
		}
		q.queryLang = language(l)
	}
	return q
}

// read adds the best reading of the query word w to each service's score:
// as it is, as a compound, as a typo (while *typoBudget lasts), as part of
// a compound written apart (apart: w joined with the word before or after
// it, if the catalog uses that word) or through a broader word.
func (q *queryState) read(w string, apart [2]string, typoBudget *int) {
	q.other = q.otherLanguages(w)
	clear(q.word)
	known := q.exact(q.word, w, 1)
	weak := !known || slices.Max(q.word) < weakWord
	if weak {
		// unknown, or only in descriptions: maybe a compound of words
		// the names use
		q.compound(w, known)
	}
	// a short query's Latin word found only in descriptions may be a typo
	// too ("frauenhaeus" stems as "Frauenhäuser"); in a long query such
	// words are many and mostly meant
	weakTypo := known && weak && q.short && len(w) >= minWeakTypo && scriptOf(w) == latin
	if (!known || weakTypo) && *typoBudget > 0 && maxTypos(len(w)) > 0 {
		*typoBudget--
		q.typos(w)
	}
	if weak {
		// maybe a word with umlauts written as plain vowels
		// ("verlangern" is no "verlangen" but "verlängern")
		for _, t := range q.ix.plainUmlauts[w] {
			q.term(q.word, t.lang, t.stem, umlautFactor)
		}
	}
	if !known && len(w) >= minPrefix && scriptOf(w) == latin {
		q.prefixes(w)
	}
	if lw := latinOf(w); !known && lw != "" {
		// maybe a German term written in Cyrillic ("анмельдунг")
		q.other = q.otherLanguages(lw)
		if !q.exact(q.word, lw, transliterationFactor) && *typoBudget > 0 && maxTypos(len(lw)) > 0 {
			*typoBudget--
			q.typos(lw)
		}
	}
	for _, j := range apart {
		if j != "" {
			q.exact(q.word, j, apartFactor)
		}
	}
	for _, b := range q.ix.broader[w] {
		if o, ok := originWords[b]; ok && slices.Contains(q.origins, w) {
			b = o // "aus Syrien": not abroad but from abroad
		}
		q.exact(q.word, b, thesaurusFactor)
	}
	// a Latin word found only in a description, where it is common,
	// does not count as matched ("Termin" in the description of the
	// marriage is no reason to prefer it for "Termin zum Anmelden")
	least := 0.0
	if scriptOf(w) == latin {
		least = minMatched
	}
	best := 0.0
	for i, v := range q.word {
		q.scores[i] += v
		if v > least {
			q.matched[i]++
		}
		best = max(best, v)
	}
	if best >= weakWord {
		q.meaningful++
	}
}

// hits returns the services that scored at least MinScore and
// relativeFloor of the best score, best first, at most limit of them.
func (q *queryState) hits(limit int) []Hit {
	floor := max(MinScore, relativeFloor*slices.Max(q.scores))
	var hits []Hit
	for i, s := range q.scores {
		if s >= floor {
			hits = append(hits, Hit{Service: q.ix.services[i], Score: s})
		}
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Service.ID, b.Service.ID))
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// truncate cuts s to at most n bytes, dropping a rune cut in half.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// queryState holds the scratch space of one search.
type queryState struct {
	ix     *Index
	buf    *[]float64 // holds scores, word, parts, part and matched
	asked  language   // the language asked for, or numLangs
	scores []float64  // per service: the sum over the query words so far
	word   []float64  // per service: the best reading of the current word
	parts  []float64  // per service: the sum over the parts of a compound
	part   []float64  // per service: the current part of a compound
	// matched counts per service the query words it matched.
	matched []float64
	found   []int32 // the ids of the terms that the query matched
	// short marks a query of at most maxShortQuery words.
	short bool
	// origins holds the query's words for countries that come after
	// "aus" or "from": where someone or something comes from.
	origins []string
	// meaningful counts the query words that some service matched at
	// least weakWord: the words that the coverage of a service is
	// measured against ("Spanien" in "ich ziehe nach Spanien" is not).
	meaningful int
	// queryLang is the language the query is in, as far as its stop words
	// tell, else numLangs; other holds the languages the current word is
	// not in (a bit per language).
	queryLang language
	other     uint8
}

// otherLanguages returns the languages that the query word w is not in:
// those of w's script but the one the query's stop words are in, else
// those of w's script whose fields lack w when others' have it, else none.
// Only languages of one script have false friends: a German word in an
// Arabic or Ukrainian sentence is meant as the German word.
func (q *queryState) otherLanguages(w string) uint8 {
	sc := scriptOf(w)
	if q.queryLang != numLangs && analyzers[q.queryLang].script == sc {
		return q.ix.scriptMask[sc] &^ (1 << q.queryLang)
	}
	if sc == otherScript {
		return 0 // no language's words: none is told apart
	}
	var have, lack uint8
	for _, l := range q.ix.byScript[sc] {
		if _, ok := q.ix.surface[l][w]; ok {
			have |= 1 << l
		} else {
			lack |= 1 << l
		}
	}
	if have == 0 {
		return 0
	}
	return lack
}

// exact raises buf[doc] to the score of the word w (stemmed as each
// language of its script stems it) in each service, times factor, and
// reports whether w is in the index in a language it is not discounted
// in: a German typo that happens to be a Turkish search word
// ("elterngelt") in a German sentence is still read as a typo.
func (q *queryState) exact(buf []float64, w string, factor float64) bool {
	known := false
	for _, l := range q.ix.byScript[scriptOf(w)] {
		s, ok := q.ix.stems[l][w]
		if !ok {
			s = analyzers[l].stem(w)
		}
		if q.term(buf, l, s, factor) && q.other&(1<<l) == 0 {
			known = true
		}
	}
	return known
}

// term raises buf[doc] to the score of stem s of language l in each
// service, times factor, and reports whether s is in the index.
func (q *queryState) term(buf []float64, l language, s string, factor float64) bool {
	t, ok := q.ix.terms[l][s]
	if !ok {
		return false
	}
	if !slices.Contains(q.found, t.id) {
		q.found = append(q.found, t.id)
	}
	if l == q.asked {
		factor *= langBoost
	}
	if q.other&(1<<l) != 0 {
		factor *= otherLangFactor
	}
	f := float64(t.idf) * factor
	for _, p := range t.postings {
		buf[p.doc] = max(buf[p.doc], float64(p.weight)*f)
	}
	return true
}

// compound reads w as a German compound, else, if the index does not know
// w, as English words written together ("childbenefit"): it sums the scores of its parts
// and raises q.word to that sum where it is higher.
func (q *queryState) compound(w string, known bool) {
	parts := splitCompound(w, q.ix.compoundParts, true)
	if parts == nil && !known {
		parts = splitCompound(w, q.ix.compoundPartsEN, false)
	}
	if parts == nil {
		return
	}
	clear(q.parts)
	for _, p := range parts {
		clear(q.part)
		q.exact(q.part, p, queryPartFactor) // stems, so an inflected last part ("…genehmigungen") counts too
		for _, b := range q.ix.broader[p] {
			q.exact(q.part, b, queryPartFactor*thesaurusFactor)
		}
		for i, v := range q.part {
			q.parts[i] += v
		}
	}
	for i, v := range q.parts {
		q.word[i] = max(q.word[i], v)
	}
}

// typos reads w as a misspelling of words of the names, synonyms and
// summaries: it raises q.word to the scores of the closest of them.
func (q *queryState) typos(w string) {
	k := maxTypos(len(w))
	var rows [3][maxWordBytes + 3]int
	mask := textdist.Mask(w)
	best := k + 1
	var found []typoTarget
	// (only words of w's script can be within a few typos of it)
	byLen := q.ix.typoTargets[scriptOf(w)]
	for n := max(0, len(w)-k); n <= len(w)+k && n < len(byLen); n++ {
		for _, t := range byLen[n] {
			if q.other&(1<<t.lang) != 0 || !textdist.MayBeWithin(mask, t.mask, min(k, best)) {
				// (a word of a language the query is not in is no
				// reading of a typo in it)
				continue
			}
			d := textdist.Within(w, t.word, min(k, best), rows[0][:], rows[1][:], rows[2][:])
			switch {
			case d < 0 || d > best:
			case d < best:
				best, found = d, append(found[:0], t)
			default:
				found = append(found, t)
			}
		}
	}
	factor := typoFactor1
	if best == 2 {
		factor = typoFactor2
	}
	plain := ""
	for _, t := range found {
		f := factor
		if t.lang == langDE && strings.Contains(t.word, "e") {
			if plain == "" {
				plain = withoutUmlauts(w)
			}
			if plain == withoutUmlauts(t.word) {
				f = umlautFactor // "verlangern" for "verlängern": no typo
			}
		}
		q.term(q.word, t.lang, t.stem, f)
	}
}

// Limits of reading a query word as the beginning of longer words.
const (
	minPrefix = 5 // the shortest clipped word
	// maxPrefixWords is how many words a clipped word may begin; one
	// that begins more says too little.
	maxPrefixWords = 12
)

// prefixes reads w as the clipped beginning of longer words of the
// names, synonyms and summaries ("Schwerbi" for "Schwerbehinderung"): it
// raises q.word to their scores, unless w begins too many of them.
func (q *queryState) prefixes(w string) {
	ts := q.ix.byWord
	from, _ := slices.BinarySearchFunc(ts, w, func(t typoTarget, w string) int { return cmp.Compare(t.word, w) })
	to, words := from, 0
	for ; to < len(ts) && strings.HasPrefix(ts[to].word, w); to++ {
		if to == from || ts[to].word != ts[to-1].word {
			words++
			if words > maxPrefixWords {
				return
			}
		}
	}
	for _, t := range ts[from:to] {
		if len(t.word) >= len(w)+2 && q.other&(1<<t.lang) == 0 {
			q.term(q.word, t.lang, t.stem, prefixFactor)
		}
	}
}

// withoutUmlauts returns the folded word w with the umlauts written
// as plain vowels, as people without a German keyboard type them (ae → a,
// oe → o, ue → u).
func withoutUmlauts(w string) string {
	if !strings.Contains(w, "e") {
		return w
	}
	return umlautPlain.Replace(w)
}

var umlautPlain = strings.NewReplacer("ae", "a", "oe", "o", "ue", "u")

// weighCoverage scales each score by the share of the n meaningful query
// words the service matched: from 1-coverageWeight for none to 1 for all.
func (q *queryState) weighCoverage(n int) {
	for i, m := range q.matched {
		q.scores[i] *= 1 - coverageWeight + coverageWeight*min(1, m/float64(n))
	}
}

// addPhraseBonus adds phraseBonus to each service with a name or synonym
// whose words the query all contains, times the share of the query's
// words (of n) that the longest such phrase covers.
func (q *queryState) addPhraseBonus(n int) {
	longest := q.part // scratch: the longest phrase found, per service
	clear(longest)
	for _, first := range q.found {
		for _, p := range q.ix.phrasesByFirst[first] {
			if q.scores[p.doc] == 0 || len(p.terms) > n || float64(len(p.terms))*float64(p.rarity) <= longest[p.doc] {
				continue
			}
			if q.queryLang != numLangs && p.lang != q.queryLang && analyzers[p.lang].script == analyzers[q.queryLang].script {
				continue
			}
			if q.containsAll(p.terms) {
				longest[p.doc] = float64(len(p.terms)) * float64(p.rarity)
			}
		}
	}
	for i, l := range longest {
		if l > 0 {
			q.scores[i] += phraseBonus * l / float64(n)
		}
	}
}

// containsAll reports whether the query matched all terms.
func (q *queryState) containsAll(terms []int32) bool {
	for _, k := range terms {
		if !slices.Contains(q.found, k) {
			return false
		}
	}
	return true
}

// distinct returns the first limit distinct words of words, reusing its
// backing array.
func distinct(words []string, limit int) []string {
	out := words[:0]
	for _, w := range words {
		if len(out) == limit {
			break
		}
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}
