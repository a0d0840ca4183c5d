package search

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/arabic"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/turkish"
)

// language is the analyzer of a catalog field: the stemmer and stop
// words its words are read with. A language of the registry
// (locales/languages.toml) names its analyzer; several languages may share
// one.
type language uint8

const (
	langDE language = iota // German
	langEN                 // English
	langUK                 // Ukrainian
	langRU                 // Russian
	langTR                 // Turkish
	langAR                 // Arabic
	numLangs
)

// script is the writing system of a folded word.
type script uint8

const (
	latin script = iota
	cyrillic
	arabicScript
	otherScript // any other: read by every analyzer
	numScripts
)

// scriptOf returns the script of the folded word w, by its first letter.
func scriptOf(w string) script {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case r < utf8.RuneSelf:
		return latin
	case r >= 0x0400 && r <= 0x04FF:
		return cyrillic
	case r >= 0x0600 && r <= 0x06FF:
		return arabicScript
	}
	return otherScript
}

// analyzer is how the words of one language are read.
type analyzer struct {
	name   string // as locales/languages.toml names it
	script script
	stem   func(folded string) string
	stops  string // stop words, folded, separated by white space
	// slow marks a stemmer slow enough that the index keeps its stems of
	// the catalog's words for the queries (Snowball's Turkish stemmer
	// takes about ten times as long as the others).
	slow bool
}

// analyzers holds the analyzers by language.
var analyzers = [numLangs]analyzer{
	langDE: {"german", latin, stemDE, stopWordsDE, false},
	langEN: {"english", latin, stemEN, stopWordsEN, false},
	langUK: {"ukrainian", cyrillic, stemUK, stopWordsUK, false},
	langRU: {"russian", cyrillic, stemRU, stopWordsRU, false},
	langTR: {"turkish", latin, stemTR, stopWordsTR, true},
	langAR: {"arabic", arabicScript, stemAR, stopWordsAR, false},
}

// analyzerNamed returns the analyzer the registry calls name.
func analyzerNamed(name string) (language, bool) {
	for l, a := range analyzers {
		if a.name == name {
			return language(l), true
		}
	}
	return numLangs, false
}

// snowball runs a Snowball stemmer on w.
func snowball(w string, stem func(*snowballstem.Env) bool) string {
	env := snowballstem.NewEnv(w)
	stem(env)
	return env.Current()
}

// stemDE returns the German Snowball stem of a folded word.
func stemDE(w string) string { return snowball(w, german.Stem) }

// stemEN returns the English Snowball (Porter2) stem of a folded word.
func stemEN(w string) string { return snowball(w, english.Stem) }

// stemRU returns the Russian Snowball stem of a folded word.
func stemRU(w string) string { return snowball(w, russian.Stem) }

// stemAR returns the Arabic Snowball stem of a folded word (fold has
// already dropped the vowel marks and the hamza above and below alef). A
// final ha (ه) is read as the ta marbuta (ة) people often type it for.
func stemAR(w string) string {
	if s, ok := strings.CutSuffix(w, "ه"); ok {
		w = s + "ة"
	}
	return snowball(w, arabic.Stem)
}

// turkishLetters gives back the Turkish ö and ü that fold wrote as "oe"
// and "ue" (native Turkish words have no such vowel pairs), so that the
// Snowball stemmer's vowel harmony sees them.
var turkishLetters = strings.NewReplacer("oe", "ö", "ue", "ü")

// turkishASCII writes a stem without Turkish letters, as people often
// type it on a German keyboard: "sürücü" and "surucu" meet.
var turkishASCII = strings.NewReplacer("ö", "o", "ü", "u")

// stemTR returns the Turkish Snowball stem of a folded word, without
// Turkish letters. fold has already written ç, ş, ğ and ı as c, s, g and
// i, so the stemmer sees a word as it is often typed. The possessive
// "-sı/-si/-su/-sü" after a vowel ("belgesi", "parası"), which the
// Snowball stemmer leaves half ("belges"), is cut first.
func stemTR(w string) string {
	w = turkishLetters.Replace(w)
	if r := []rune(w); len(r) >= 5 && r[len(r)-2] == 's' && isTurkishVowel(r[len(r)-1]) && isTurkishVowel(r[len(r)-3]) && r[len(r)-1] != 'a' && r[len(r)-1] != 'e' {
		w = string(r[:len(r)-2])
	}
	return turkishASCII.Replace(snowball(w, turkish.Stem))
}

// isTurkishVowel reports whether r is a vowel as stemTR sees it.
func isTurkishVowel(r rune) bool { return strings.ContainsRune("aeiouöü", r) }

// ukrainianEndings are the inflectional endings of Ukrainian nouns,
// adjectives and verbs, by their length in letters (no derivational
// suffixes such as "-ення": "посвідчення" and "посвідченням" must meet). Snowball has no
// Ukrainian stemmer, and the well-kept Ukrainian analyzers (LanguageTool's
// morfologik dictionary, used by Lucene) carry a dictionary of some
// hundred megabytes; a light stemmer that strips one ending is what a
// search over two hundred service texts needs, with typo tolerance for
// the rest.
var ukrainianEndings = func() [][]string {
	byLen := make([][]string, 6)
	for _, e := range strings.Fields(`
		ами ями ові еві єві ого ього ому ьому ими іми ій ий их іх ої ою ею єю ую юю ів їв ям ях ах ом ем єм ей
		ати ити іти ути ють уть ать ять ить іть ете єте емо ємо имо імо ала ало али ила ило или іла іло іли
		а я і ї и у ю е є о ь`) {
		n := utf8.RuneCountInString(e)
		byLen[n] = append(byLen[n], e)
	}
	return byLen
}()

// minUkrainianStem is the fewest letters a Ukrainian stem keeps.
const minUkrainianStem = 3

// stemUK strips the reflexive "ся"/"сь" and then the longest inflectional
// ending of a Ukrainian word that leaves at least minUkrainianStem letters.
func stemUK(w string) string {
	n := utf8.RuneCountInString(w)
	for _, refl := range []string{"ся", "сь"} {
		if strings.HasSuffix(w, refl) && n-2 >= minUkrainianStem+1 {
			w, n = strings.TrimSuffix(w, refl), n-2
			break
		}
	}
	for k := len(ukrainianEndings) - 1; k > 0; k-- {
		if n-k < minUkrainianStem {
			continue
		}
		for _, e := range ukrainianEndings[k] {
			if strings.HasSuffix(w, e) {
				return strings.TrimSuffix(w, e)
			}
		}
	}
	return w
}

// germanSpelling writes Cyrillic letters as German spells their sounds,
// for the German terms people write in Cyrillic ("анмельдунг",
// "киндергельд", "штандесамт").
var germanSpelling = strings.NewReplacer(
	"шт", "st", "шп", "sp", "ей", "ei", "ай", "ai", "ой", "eu", "ий", "i",
	"а", "a", "б", "b", "в", "w", "г", "g", "ґ", "g", "д", "d", "е", "e",
	"є", "je", "ж", "sch", "з", "s", "и", "i", "і", "i", "ї", "ji", "й", "j",
	"к", "k", "л", "l", "м", "m", "н", "n", "о", "o", "п", "p", "р", "r",
	"с", "s", "т", "t", "у", "u", "ф", "f", "х", "ch", "ц", "z", "ч", "tsch",
	"ш", "sch", "щ", "schtsch", "ъ", "", "ы", "y", "ь", "", "э", "e",
	"ю", "ue", "я", "ja",
)

// latinOf returns the Cyrillic folded word w as German would spell it,
// or "" when w has letters that are not Cyrillic.
func latinOf(w string) string {
	for _, r := range w {
		if r < 0x0400 || r > 0x04FF {
			return ""
		}
	}
	return germanSpelling.Replace(w)
}
