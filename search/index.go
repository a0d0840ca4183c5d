package search

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/locales"

	"github.com/lotse-de/lotse/internal/textdist"
)

// Weights of the fields a word can occur in.
const (
	weightName        = 3.0
	weightSynonym     = 2.5
	weightSummary     = 1.5
	weightDescription = 0.5
	// repeatBonus is added for each further occurrence of a word in a
	// service, at most maxRepeats times.
	repeatBonus = 0.05
	maxRepeats  = 5
)

// Discounts for the weaker readings of a word.
const (
	indexPartFactor = 0.5  // a part of a compound in the catalog ("Baumfällgenehmigung" → Baum)
	queryPartFactor = 0.8  // a part of a compound in the query
	typoFactor1     = 0.8  // one typo
	typoFactor2     = 0.6  // two typos
	apartFactor     = 0.8  // part of a compound written apart ("Kinder Geld")
	umlautFactor    = 0.95 // umlauts written as plain vowels ("Behorde")
	prefixFactor    = 0.6  // the beginning of a longer word ("Schwerbi")
	langBoost       = 1.1  // a match in the language asked for
	// transliterationFactor discounts a Cyrillic word read in Latin
	// letters as a German term ("анмельдунг" as "anmeldung").
	transliterationFactor = 0.9
	// otherLangFactor discounts matches in the fields of one language when
	// the query or the word is in the other one: "Rente" occurs in German
	// text only, so its stem "rent" in English fields is a false friend.
	otherLangFactor = 0.25
	// phraseBonus is added to a service when the query contains all words
	// of one of its names or synonyms, times the share of the query's
	// words that phrase covers: "car registration" is a synonym of
	// registering a car, and only part of "transfer car registration".
	phraseBonus = 2.0
	// fullPhraseIDF is the inverse document frequency of the rarest word
	// of a phrase from which on the phrase gets the full phraseBonus.
	fullPhraseIDF = 0.5
	// coverageWeight is how much of a service's score depends on the share
	// of the query's words it matched: in "Mann gestorben Rente", the
	// survivor's pension matches two words and beats a service that
	// matches "Mann" alone a little better.
	coverageWeight = 0.5
	// minMatched is the score above which a service counts a Latin query
	// word as matched for its coverage.
	minMatched = 0.2
)

// Limits of a query.
const (
	// MinScore is the lowest score of a hit. One query word that is rare
	// in the catalog and found in the name, synonyms or summary of a
	// service reaches it; a word found only in descriptions, or a common
	// word only in a summary, does not.
	MinScore = 1.0
	// relativeFloor is the share of the best hit's score that the other
	// hits need.
	relativeFloor = 0.3
	// weakWord is the best score of a query word below which the word is
	// also read as a compound.
	weakWord = 1.0
	// maxQueryBytes is how much of a query is read.
	maxQueryBytes = 4000
	// maxQueryWords is how many distinct words of a query are used.
	maxQueryWords = 24
	// maxTypoWords is how many unknown words of a query are looked up with
	// typo tolerance, the most expensive step.
	maxTypoWords = 8
	// maxShortQuery is the most words of a query whose words found only
	// in descriptions are read as typos too.
	maxShortQuery = 3
	// minWeakTypo is the shortest such word.
	minWeakTypo = 7
	// minCompoundIndexLen is the shortest catalog word that is tried as a
	// compound when the index is built.
	minCompoundIndexLen = 9
)

// languageOf returns the analyzer of the language code, numLangs for a
// language the index does not know.
func (ix *Index) languageOf(code string) language {
	for i, c := range ix.codes {
		if c == code {
			return ix.analyzers[i]
		}
	}
	return numLangs
}

// posting is one service that contains a stem, with the stem's weight there.
type posting struct {
	doc    int32
	weight float32
}

// term is a stem of one language with the services that contain it.
type term struct {
	postings []posting
	idf      float32 // inverse document frequency, 0 … 1
	id       int32   // unique among the terms of all languages
}

// phrase is a name or synonym as the terms of its words.
type phrase struct {
	lang  language
	terms []int32 // term ids
	// rarity is the inverse document frequency of the rarest of the
	// terms over fullPhraseIDF, at most 1: a phrase of common words only
	// ("beantragen", what is left of "NE beantragen") says little.
	rarity float32
}

// docPhrase is a name or synonym of the service doc.
type docPhrase struct {
	doc int32
	phrase
}

// typoTarget is a word from a name, synonym or summary that a misspelt
// query word may have meant.
type typoTarget struct {
	word string // folded
	stem string
	lang language
	mask uint64 // textdist.Mask(word)
}

// Index is a search index over a catalog. Build it with New; it is
// read-only afterwards and safe for concurrent use.
type Index struct {
	services []*catalog.Service
	// codes are the language codes of the catalog's texts, in the
	// registry's order, and analyzers the analyzer of each.
	codes     []string
	analyzers []language
	// byScript holds each analyzer of the index once, by the script it
	// reads (otherScript: all of them), and scriptMask the same as a bit
	// per analyzer.
	byScript   [numScripts][]language
	scriptMask [numScripts]uint8
	terms      [numLangs]map[string]term
	// compoundParts holds the folded German words and stems of the catalog
	// that a compound may be made of.
	compoundParts map[string]struct{}
	// compoundPartsEN holds the folded English words of the catalog, for
	// words that people write together ("childbenefit").
	compoundPartsEN map[string]struct{}
	// typoTargets holds the words a misspelt word may have meant, by the
	// script they are written in and their length in bytes.
	typoTargets [numScripts][][]typoTarget
	// plainUmlauts holds the German typo targets with umlauts by their
	// word with the umlauts as plain vowels ("verlangern": "verlaengern").
	plainUmlauts map[string][]typoTarget
	// byWord holds the typo targets sorted by word, for the words that a
	// clipped query word ("Schwerbi") begins.
	byWord []typoTarget
	// phrasesByFirst holds the names and synonyms of the services by the
	// first of their terms: a phrase can only be in a query that matched
	// its first term.
	phrasesByFirst map[int32][]docPhrase
	stop           [numLangs]map[string]struct{}
	// surface holds the folded words of each language's fields.
	surface [numLangs]map[string]struct{}
	// stems holds, for a slow analyzer, the stems of the words of the
	// fields of every analyzer of its script, so that a query word the
	// catalog uses is not stemmed again.
	stems [numLangs]map[string]string
	// broader maps a word to broader words that the catalog uses.
	broader map[string][]string
	// irregular maps irregular verb forms to their infinitive.
	irregular map[string]string
	// triggers holds the emergency phrases of the services that are help
	// in danger, by service index.
	triggers triggerIndex
	// scratch keeps the score buffers (*[]float64, five per service) of
	// finished searches for the next.
	scratch sync.Pool
}

// Hit is a service found by a search, with its score (at least MinScore;
// higher is better).
type Hit struct {
	Service *catalog.Service
	Score   float64
}

// field is a piece of catalog text with its language and weight.
type field struct {
	text   string
	lang   language
	weight float32
}

// fieldsOf returns the fields of a service in each language of the index.
func (ix *Index) fieldsOf(s *catalog.Service) []field {
	var f []field
	// The numbers of dated values ({{id}}) do not help a search.
	for _, t := range []struct {
		text   catalog.Text
		weight float32
		values bool
	}{{s.Name, weightName, false}, {s.Summary, weightSummary, true}, {s.Description, weightDescription, true}} {
		for i, code := range ix.codes {
			text := t.text[code]
			if t.values {
				text = catalog.WithoutValues(text)
			}
			f = append(f, field{text, ix.analyzers[i], t.weight})
		}
	}
	for i, code := range ix.codes {
		for _, syn := range s.Synonyms[code] {
			f = append(f, field{syn, ix.analyzers[i], weightSynonym})
		}
	}
	return f
}

// New builds the index over all services of c, with the analyzers of the
// embedded languages (locales/languages.toml).
func New(c *catalog.Catalog) *Index {
	reg, err := locales.LoadRegistry(locales.FS())
	if err != nil {
		panic("search: the embedded languages do not load: " + err.Error()) // locales' tests load them
	}
	ix, err := NewFor(c, reg)
	if err != nil {
		panic("search: " + err.Error())
	}
	return ix
}

// NewFor builds the index over all services of c in the languages of reg,
// each read with the analyzer it names (german, english, ukrainian,
// russian, turkish, arabic). It fails on any other analyzer.
func NewFor(c *catalog.Catalog, reg *locales.Registry) (*Index, error) {
	all := c.Services()
	ix := &Index{
		services:        make([]*catalog.Service, len(all)),
		phrasesByFirst:  map[int32][]docPhrase{},
		compoundParts:   map[string]struct{}{},
		compoundPartsEN: map[string]struct{}{},
		stop:            stopWordSets(),
		broader:         broaderTermMap(),
		irregular:       irregularFormMap(),
	}
	for l := range ix.surface {
		ix.surface[l] = map[string]struct{}{}
	}
	for _, l := range reg.Languages() {
		a, ok := analyzerNamed(l.Analyzer)
		if !ok {
			return nil, fmt.Errorf("language %s: unknown search analyzer %q", l.Code, l.Analyzer)
		}
		ix.codes = append(ix.codes, l.Code)
		ix.analyzers = append(ix.analyzers, a)
		for _, sc := range []script{analyzers[a].script, otherScript} {
			if !slices.Contains(ix.byScript[sc], a) {
				ix.byScript[sc] = append(ix.byScript[sc], a)
				ix.scriptMask[sc] |= 1 << a
			}
		}
	}
	ix.scratch.New = func() any {
		buf := make([]float64, 5*len(all))
		return &buf
	}
	b := builder{
		ix:      ix,
		splits:  map[string][]string{},
		targets: map[typoTarget]struct{}{},
		phrases: make([][]phraseStems, len(all)),
	}
	for l := range b.stems {
		b.stems[l], b.postings[l] = map[string]string{}, map[string][]posting{}
	}
	docs := make([][]analysed, len(all))
	for i := range all {
		ix.services[i] = &all[i]
		docs[i] = b.analyse(&all[i])
	}
	for i, fields := range docs {
		b.weigh(i, fields)
	}
	b.finish()
	// A query's compound may be made of colloquial words whose broader
	// word the catalog uses ("Elternknete" = Eltern + Knete, read as Geld).
	for w, broader := range ix.broader {
		if _, ok := ix.compoundParts[w]; !ok && len(w) >= minPart && slices.ContainsFunc(broader, func(b string) bool {
			_, ok := ix.compoundParts[b]
			return ok
		}) {
			ix.compoundParts[w] = struct{}{}
		}
	}
	ix.triggers = newTriggerIndex(ix.services, ix.stop)
	return ix, nil
}

// builder holds the scratch state of New.
type builder struct {
	ix       *Index
	stems    [numLangs]map[string]string // word → stem, by language
	splits   map[string][]string         // German word → its compound parts
	targets  map[typoTarget]struct{}
	postings [numLangs]map[string][]posting
	phrases  [][]phraseStems // by service
}

// phraseStems is a name or synonym as the stems of its words.
type phraseStems struct {
	lang  language
	stems []string
}

// analysed is a field split into words, with their stems.
type analysed struct {
	field
	words, stems []string
}

// wordsOfScript returns the words of the fields of the index's
// analyzers of script sc.
func (b *builder) wordsOfScript(sc script) []string {
	var out []string
	for _, l := range b.ix.byScript[sc] {
		for w := range b.ix.surface[l] {
			out = append(out, w)
		}
	}
	return out
}

// stem returns the stem of w in language l, stemming each word once.
func (b *builder) stem(w string, l language) string {
	s, ok := b.stems[l][w]
	if !ok {
		s = stem(w, l)
		b.stems[l][w] = s
	}
	return s
}

// analyse splits the fields of s into words, records them as words of
// their language, and adds the German words and stems to the words that
// compounds may be made of (stems need a letter more than words: short
// stems like "den" of "denen" would split "gründen" into "grün" + "den").
func (b *builder) analyse(s *catalog.Service) []analysed {
	var out []analysed
	for _, f := range b.ix.fieldsOf(s) {
		words, _ := b.ix.words(f.text, fold(f.text), f.lang)
		a := analysed{f, words, make([]string, len(words))}
		for k, w := range words {
			a.stems[k] = b.stem(w, f.lang)
			b.ix.surface[f.lang][w] = struct{}{}
			if f.lang == langEN && len(w) >= minPart {
				b.ix.compoundPartsEN[w] = struct{}{}
			}
			if f.lang != langDE {
				continue
			}
			if len(w) >= minPart {
				b.ix.compoundParts[w] = struct{}{}
			}
			if len(a.stems[k]) > minPart {
				b.ix.compoundParts[a.stems[k]] = struct{}{}
			}
		}
		out = append(out, a)
	}
	return out
}

// weigh adds the postings of service doc: each stem with the weight of the
// weightiest field it occurs in, plus a little for each repetition. It
// splits the German compounds of names, synonyms and summaries, records
// their words as typo targets, and their names and synonyms as phrases.
func (b *builder) weigh(doc int, fields []analysed) {
	type weighed struct {
		weight  float32
		repeats int
	}
	var acc [numLangs]map[string]weighed
	for l := range acc {
		acc[l] = map[string]weighed{}
	}
	add := func(l language, s string, w float32) {
		e, ok := acc[l][s]
		if ok {
			e.repeats++
		}
		e.weight = max(e.weight, w)
		acc[l][s] = e
	}
	for _, f := range fields {
		if f.weight >= weightSynonym && len(f.words) > 0 {
			b.phrases[doc] = append(b.phrases[doc], phraseStems{lang: f.lang, stems: f.stems})
		}
		for k, w := range f.words {
			s := f.stems[k]
			add(f.lang, s, f.weight)
			if f.weight < weightSummary {
				continue
			}
			b.targets[typoTarget{word: w, stem: s, lang: f.lang, mask: textdist.Mask(w)}] = struct{}{}
			if f.lang != langDE || len(w) < minCompoundIndexLen {
				continue
			}
			parts, done := b.splits[w]
			if !done {
				parts = splitCompound(w, b.ix.compoundParts, false)
				b.splits[w] = parts
			}
			for _, p := range parts {
				add(langDE, b.stem(p, langDE), f.weight*indexPartFactor)
			}
		}
	}
	for l := range acc {
		for s, e := range acc[l] {
			w := e.weight + repeatBonus*float32(min(e.repeats, maxRepeats))
			b.postings[l][s] = append(b.postings[l][s], posting{doc: int32(doc), weight: w})
		}
	}
}

// finish computes the inverse document frequencies, numbers the terms,
// writes the phrases as term numbers and sorts the typo targets by length.
func (b *builder) finish() {
	ix := b.ix
	for l := range b.stems {
		if !analyzers[l].slow {
			continue
		}
		for _, w := range b.wordsOfScript(analyzers[l].script) {
			b.stem(w, language(l))
		}
		ix.stems[l] = b.stems[l]
	}
	n := float64(len(ix.services))
	var id int32
	for l := range b.postings {
		ix.terms[l] = make(map[string]term, len(b.postings[l]))
		for s, ps := range b.postings[l] {
			idf := math.Log(1+n/float64(len(ps))) / math.Log(1+n)
			ix.terms[l][s] = term{postings: ps, idf: float32(idf), id: id}
			id++
		}
	}
	for doc, phrases := range b.phrases {
		for _, p := range phrases {
			if len(p.stems) == 0 {
				continue
			}
			ids := make([]int32, len(p.stems))
			var rarest float32
			for k, s := range p.stems {
				t := ix.terms[p.lang][s]
				ids[k] = t.id
				rarest = max(rarest, t.idf)
			}
			ph := phrase{lang: p.lang, terms: ids, rarity: min(1, rarest/fullPhraseIDF)}
			ix.phrasesByFirst[ids[0]] = append(ix.phrasesByFirst[ids[0]], docPhrase{doc: int32(doc), phrase: ph})
		}
	}
	for t := range b.targets {
		sc := scriptOf(t.word)
		for len(ix.typoTargets[sc]) <= len(t.word) {
			ix.typoTargets[sc] = append(ix.typoTargets[sc], nil)
		}
		ix.typoTargets[sc][len(t.word)] = append(ix.typoTargets[sc][len(t.word)], t)
	}
	ix.plainUmlauts = map[string][]typoTarget{}
	for t := range b.targets {
		ix.byWord = append(ix.byWord, t)
		if p := withoutUmlauts(t.word); t.lang == langDE && p != t.word {
			ix.plainUmlauts[p] = append(ix.plainUmlauts[p], t)
		}
	}
	slices.SortFunc(ix.byWord, func(a, b typoTarget) int {
		return cmp.Or(cmp.Compare(a.word, b.word), cmp.Compare(a.lang, b.lang))
	})
	for _, byLen := range ix.typoTargets {
		for _, ts := range byLen {
			// a stable order makes results independent of map iteration
			slices.SortFunc(ts, func(a, b typoTarget) int {
				return cmp.Or(cmp.Compare(a.word, b.word), cmp.Compare(a.lang, b.lang))
			})
		}
	}
}
