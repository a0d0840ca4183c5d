package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxWordBytes is the longest word that is analysed; longer "words" are
// noise (base64, URLs, key mashing) and are dropped.
const maxWordBytes = 40

// fold lower-cases s, writes German umlauts and ß as two letters
// (ä→ae, ö→oe, ü→ue, ß→ss) and drops other accents (é→e, ş→s) and the
// vowel marks and hamza of Arabic; the Turkish dotless ı becomes i, the
// Russian ё becomes е, the Ukrainian ґ becomes г and the Arabic alef
// maqsura (ى) ya (ي), as people often type them;
// other Cyrillic letters (й, ї) stay as they are,
// Arabic-Indic digits become 0-9. Everything that is not a letter or
// digit becomes a space, except apostrophes, which are removed so that
// "can't", "gibt's" and "сім'я" stay one word.
func fold(s string) string {
	if !isPlainASCII(s) && strings.ContainsFunc(s, isCombiningMark) {
		s = norm.NFC.String(s) // "a" + U+0308 → "ä"
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '\'' || r == '’' || r == '`' || r == '´' || r == 'ʼ':
			// dropped: "can't" → "cant"
		case r < utf8.RuneSelf:
			b.WriteByte(' ')
		case r == 'ä':
			b.WriteString("ae")
		case r == 'ö':
			b.WriteString("oe")
		case r == 'ü':
			b.WriteString("ue")
		case r == 'ß' || r == 'ẞ':
			b.WriteString("ss")
		case r == 'ı':
			b.WriteByte('i')
		case r == 'ё':
			b.WriteString("е")
		case r == 'ґ':
			b.WriteString("г") // often typed as г
		case r == 'ى':
			b.WriteString("ي") // alef maqsura, often typed as ya
		case r >= 0x0400 && r <= 0x04FF && unicode.IsLetter(r):
			b.WriteRune(r) // й and ї are letters of their own
		case r >= '٠' && r <= '٩':
			b.WriteByte(byte('0' + r - '٠'))
		case r == 'ـ':
			// Arabic tatweel, a stretch of the line: dropped
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			writeWithoutMarks(&b, r)
		case unicode.Is(unicode.Mn, r):
			// a lone combining mark: dropped
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// writeWithoutMarks writes r without its combining marks (é → e).
func writeWithoutMarks(b *strings.Builder, r rune) {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	d := norm.NFD.Properties(buf[:n]).Decomposition()
	if d == nil {
		b.WriteRune(r)
		return
	}
	for len(d) > 0 {
		m, size := utf8.DecodeRune(d)
		if !unicode.Is(unicode.Mn, m) {
			b.WriteRune(m)
		}
		d = d[size:]
	}
}

// hasInnerCapital reports whether s has a capital letter right after a
// small one.
func hasInnerCapital(s string) bool {
	lower := false
	for _, r := range s {
		upper := unicode.IsUpper(r)
		if lower && upper {
			return true
		}
		lower = unicode.IsLower(r)
	}
	return false
}

// isCombiningMark reports whether r is a combining mark (Unicode Mn).
func isCombiningMark(r rune) bool { return unicode.Is(unicode.Mn, r) }

// isPlainASCII reports whether s has only ASCII bytes.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// words splits s, folded as fold(s), into words, dropping stop words, words of a
// single letter and words longer than maxWordBytes, and writing irregular
// verb forms as their infinitive. A stop word written with a capital inside
// ("BuT" for Bildung und Teilhabe) is an abbreviation and kept, and so is
// a stop word after a determiner, where it is a noun ("a will", "my will":
// the testament, not the verb). A two-faced word (twoFaced: "bin", "kind")
// is dropped where it is a function word: in a field of the language lang
// it is one in, and in a query (lang numLangs) whose stop words are all of
// that language. It also counts the stop words of each language that it
// dropped (a word that is a stop word in several counts for none).
func (ix *Index) words(s, folded string, lang language) (words []string, stops [numLangs]int) {
	f := strings.Fields(folded)
	out := f[:0]
	var abbrevs map[string]bool // made when the first stop word comes
	var prev string
	var twoFacedAt []int // indexes in out of the two-faced words a query keeps for now
	for i, w := range f {
		afterDeterminer := determiners[prev]
		prev = w
		if len(w) > maxWordBytes || utf8.RuneCountInString(w) < 2 {
			continue
		}
		if i+1 < len(f) && verbBefore[w][f[i+1]] {
			continue // "krieg ich": a verb that says nothing, not the war
		}
		stopIn, stopLang := 0, numLangs
		for l := range ix.stop {
			if _, ok := ix.stop[l][w]; ok {
				stopIn, stopLang = stopIn+1, language(l)
			}
		}
		if stopIn > 0 && abbrevs == nil {
			abbrevs = abbreviations(s)
		}
		if fn, ok := twoFaced[w]; ok && fn == lang {
			stops[fn]++
			continue
		} else if ok && lang == numLangs {
			twoFacedAt = append(twoFacedAt, len(out))
		}
		switch {
		case stopIn > 0 && (abbrevs[w] || afterDeterminer && nounStops[w]):
			out = append(out, w)
		case stopIn > 1:
		case stopIn == 1:
			stops[stopLang]++
		default:
			if inf, ok := ix.irregular[w]; ok {
				w = inf
			}
			out = append(out, w)
		}
	}
	if len(twoFacedAt) > 0 {
		out = dropFunctionWords(out, twoFacedAt, &stops)
	}
	return out, stops
}

// dropFunctionWords removes from a query's words those at the indexes at,
// which are two-faced, that are function words in the one language of all
// the query's other stop words ("bin" in "ich bin umgezogen", "kind" in
// "what kind of visa"), and counts them as its stop words.
func dropFunctionWords(words []string, at []int, stops *[numLangs]int) []string {
	lang := numLangs
	for l, n := range stops {
		if n == 0 {
			continue
		}
		if lang != numLangs {
			return words // stop words of two languages tell nothing
		}
		lang = language(l)
	}
	if lang == numLangs {
		return words
	}
	out := words[:0]
	for i, w := range words {
		if len(at) > 0 && at[0] == i {
			at = at[1:]
			if twoFaced[w] == lang {
				stops[lang]++
				continue
			}
		}
		out = append(out, w)
	}
	return out
}

// verbBefore maps colloquial verb forms that are also nouns to the words
// after which they are the verb, and as such stop words: "wann krieg ich
// den Führerschein wieder" is not about a war.
var verbBefore = map[string]map[string]bool{
	"krieg": {"ich": true, "man": true, "du": true, "keinen": true, "keine": true, "kein": true, "keenen": true, "keen": true, "nen": true},
}

// determiners are the English words after which a stop word of nounStops
// is a noun.
var determiners = map[string]bool{"a": true, "my": true, "the": true, "your": true, "his": true, "her": true, "our": true, "their": true, "living": true}

// nounStops are the stop words that are also nouns citizens ask about.
var nounStops = map[string]bool{"will": true}

// abbreviations returns the folded words of s that have a capital letter
// after a small one ("BuT", "eAT"): abbreviations, not words.
func abbreviations(s string) map[string]bool {
	m := map[string]bool{}
	if !hasInnerCapital(s) {
		return m
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if hasInnerCapital(w) {
			m[strings.TrimSpace(fold(w))] = true
		}
	}
	return m
}

// stem returns the stem of w in the language lang.
func stem(w string, lang language) string { return analyzers[lang].stem(w) }
