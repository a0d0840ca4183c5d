package catalog

import (
	"slices"
	"strings"
)

// lintEmergency reports an emergency phrase of a service that is written
// twice, or that a shorter phrase of the same service already covers: a
// query that contains "will mich umbringen" also contains "umbring*", so
// the longer phrase adds nothing to what search finds. A generic phrase
// (IsGenericEmergency) covers nothing, since search keeps it quiet inside
// ordinary words. Phrases are compared as search folds them ("schlägt"
// is "schlaegt"). lineOf gives the line of the phrase at index i.
func (l *linter) lintEmergency(file string, lineOf func(i int) int, phrases []string) {
	words := make([][]string, len(phrases))
	for i, p := range phrases {
		words[i] = phraseWords(p)
	}
	for i, p := range phrases {
		for j, q := range phrases {
			switch {
			case i == j || len(words[i]) == 0 || len(words[j]) == 0:
				continue
			case slices.Equal(words[i], words[j]):
				if j > i {
					continue
				}
				l.add(file, lineOf(i), "emergency phrase %q is written twice", p)
			case covers(words[j], words[i]) && !IsGenericEmergency(q):
				l.add(file, lineOf(i), "emergency phrase %q adds nothing: %q already matches every query that contains it", p, q)
			default:
				continue
			}
			break
		}
	}
}

// phraseWords returns the words of an emergency phrase folded as synonyms
// are (synonymKey), its last one still ending in "*" if the phrase does.
func phraseWords(p string) []string {
	p, prefix := strings.CutSuffix(strings.TrimSpace(p), "*")
	words := strings.Fields(synonymKey(p))
	if prefix && len(words) > 0 {
		words[len(words)-1] += "*"
	}
	return words
}

// covers reports whether every query that contains the phrase long (its
// words) also contains the phrase short: short's words stand in long one
// after the other, and short's last word, if it ends in "*", begins the
// word of long it meets.
func covers(short, long []string) bool {
	last, prefix := strings.CutSuffix(short[len(short)-1], "*")
	head := short[:len(short)-1]
	for i := 0; i+len(short) <= len(long); i++ {
		w := strings.TrimSuffix(long[i+len(head)], "*")
		if !slices.Equal(long[i:i+len(head)], head) {
			continue
		}
		if w == last && !strings.HasSuffix(long[i+len(head)], "*") || prefix && strings.HasPrefix(w, last) {
			return true
		}
	}
	return false
}
