// Package fold turns place names and queries into comparable search keys:
// lower case ASCII letters and digits separated by single spaces, with
// German umlauts spelt either way (ä → "ae" or "a") and ß → "ss"; Cyrillic
// and Arabic letters stay (lower case, ё as е, Arabic without its marks).
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Mode says how umlauts are spelt in a key.
type Mode int

const (
	// Spelled writes ä, ö, ü as "ae", "oe", "ue".
	Spelled Mode = iota
	// Stripped writes ä, ö, ü as "a", "o", "u".
	Stripped
)

// Key folds s into a search key in the given mode. Every character that is
// not a letter or digit separates words; letters with diacritics lose them.
// "sankt" is written "st" so that both spellings meet.
func Key(s string, mode Mode) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	space := false
	emit := func(r rune) {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			emit(r)
		case r < utf8.RuneSelf:
			space = true
		case r == 'ß' || r == 'ẞ':
			emit('s')
			emit('s')
		case r == 'ä' || r == 'ö' || r == 'ü':
			emit(umlautBase(r))
			if mode == Spelled {
				emit('e')
			}
		case r == 'æ':
			emit('a')
			emit('e')
		case r == 'œ':
			emit('o')
			emit('e')
		case r == 'ø':
			emit('o')
		case r == 'ł':
			emit('l')
		case r == 'đ':
			emit('d')
		case r == 'ё':
			emit('е')
		case unicode.Is(unicode.Cyrillic, r) && unicode.IsLetter(r):
			emit(r) // й and ї are letters of their own
		case unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r):
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					emit(d) // the hamza of أ and إ dropped, as people type them
				}
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			wrote := false
			for _, d := range norm.NFD.String(string(r)) {
				if d >= 'a' && d <= 'z' || d >= '0' && d <= '9' {
					emit(d)
					wrote = true
				}
			}
			if !wrote {
				space = true
			}
		case unicode.Is(unicode.Mn, r):
			// a combining mark left over from decomposed input
		default:
			space = true
		}
	}
	return normalizeWords(b.String())
}

// umlautBase returns the vowel under an umlaut.
func umlautBase(r rune) rune {
	switch r {
	case 'ä':
		return 'a'
	case 'ö':
		return 'o'
	}
	return 'u'
}

// normalizeWords writes "sankt" as "st".
func normalizeWords(k string) string {
	if !strings.Contains(k, "sankt") {
		return k
	}
	words := strings.Fields(k)
	for i, w := range words {
		if w == "sankt" {
			words[i] = "st"
		}
	}
	return strings.Join(words, " ")
}

// connectors are the small words and abbreviations of name qualifiers
// ("a.d." for "an der", "b." for "bei") that people write either way.
var connectors = map[string]bool{
	"a": true, "am": true, "an": true, "d": true, "der": true, "den": true,
	"dem": true, "die": true, "b": true, "bei": true, "i": true, "im": true,
	"in": true, "v": true, "vor": true, "ob": true, "o": true,
}

// Compact drops connector words from a key: "neustadt a d aisch" and
// "neustadt an der aisch" both become "neustadt aisch". It returns the
// key unchanged when nothing but connectors would remain.
func Compact(k string) string {
	words := strings.Fields(k)
	out := words[:0:0]
	for i, w := range words {
		if i > 0 && connectors[w] {
			continue
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return k
	}
	return strings.Join(out, " ")
}

// designations are words of an official name that say what kind of place
// it is rather than which: "Eisenberg, Stadt", "Markt Indersdorf".
var designations = map[string]bool{
	"stadt": true, "st": true, "m": true, "markt": true, "gemeinde": true,
	"hansestadt": true, "landeshauptstadt": true, "kreisstadt": true,
	"gkst": true, "flecken": true, "marktflecken": true, "marktgemeinde": true,
	"lutherstadt": true, "kurort": true, "freie": true,
	"und": true, "universitaetsstadt": true, "universitatsstadt": true,
	"kirchspiel": true,
}

// IsDesignation reports whether every word of key k is a designation
// such as "stadt" or "freie und hansestadt".
func IsDesignation(k string) bool {
	words := strings.Fields(k)
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if !designations[w] {
			return false
		}
	}
	return true
}

// TrimDesignation removes leading and trailing designation words from key
// k ("stadt eisenberg" → "eisenberg", "markt schwaben" → "schwaben"),
// keeping at least one word. "st" is kept at the start, where it means
// Sankt.
func TrimDesignation(k string) string {
	words := strings.Fields(k)
	for len(words) > 1 && designations[words[0]] && words[0] != "st" {
		words = words[1:]
	}
	for len(words) > 1 && designations[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// NameKeys returns the distinct search keys under which an official name
// is found: the name before any comma, with and without the part in
// parentheses, the part before a slash, each with connector and
// designation words dropped, in both umlaut modes.
func NameKeys(name string) []string {
	core, _, _ := strings.Cut(name, ",")
	forms := []string{core}
	if plain := dropParens(core); plain != core {
		forms = append(forms, plain)
	}
	if before, _, ok := strings.Cut(core, "/"); ok {
		forms = append(forms, dropParens(before))
	}
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, f := range forms {
		for _, mode := range []Mode{Spelled, Stripped} {
			k := Key(f, mode)
			add(k)
			add(Compact(k))
			add(TrimDesignation(k))
			add(Compact(TrimDesignation(k)))
		}
	}
	return keys
}

// dropParens removes every part in parentheses.
func dropParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}
