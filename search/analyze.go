package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/german"
	"golang.org/x/text/unicode/norm"
)

// maxWordBytes is the longest word that is analysed; longer "words" are
// noise (base64, URLs, key mashing) and are dropped.
const maxWordBytes = 40

// fold lower-cases s, writes German umlauts and ß as two letters
// (ä→ae, ö→oe, ü→ue, ß→ss) and drops other accents (é→e). Everything that
// is not a letter or digit becomes a space, except apostrophes, which are
// removed so that "can't" and "gibt's" stay one word.
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
		case r == '\'' || r == '’' || r == '`' || r == '´':
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
// the testament, not the verb). It also counts the stop words of each language that it dropped (a word that is a
// stop word in both counts for neither).
func (ix *Index) words(s, folded string) (words []string, stops [numLangs]int) {
	f := strings.Fields(folded)
	out := f[:0]
	var abbrevs map[string]bool // made when the first stop word comes
	var prev string
	for _, w := range f {
		afterDeterminer := determiners[prev]
		prev = w
		if len(w) > maxWordBytes || utf8.RuneCountInString(w) < 2 {
			continue
		}
		_, de := ix.stop[langDE][w]
		_, en := ix.stop[langEN][w]
		if (de || en) && abbrevs == nil {
			abbrevs = abbreviations(s)
		}
		switch {
		case (de || en) && (abbrevs[w] || afterDeterminer && nounStops[w]):
			out = append(out, w)
		case de && en:
		case de:
			stops[langDE]++
		case en:
			stops[langEN]++
		default:
			if inf, ok := ix.irregular[w]; ok {
				w = inf
			}
			out = append(out, w)
		}
	}
	return out, stops
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

// stemDE returns the German Snowball stem of a folded word.
func stemDE(w string) string {
	env := snowballstem.NewEnv(w)
	german.Stem(env)
	return env.Current()
}

// stemEN returns the English Snowball (Porter2) stem of a folded word.
func stemEN(w string) string {
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
}

// stem returns the stem of w in the language lang.
func stem(w string, lang language) string {
	if lang == langDE {
		return stemDE(w)
	}
	return stemEN(w)
}
