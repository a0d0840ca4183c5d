package search

import "math/bits"

// maxTypos is how many typos (insertions, deletions, substitutions or
// swaps of neighbours) are forgiven in a word of n bytes: none below 6,
// one up to 9, two from 10. Short words have too many neighbours.
func maxTypos(n int) int {
	switch {
	case n < 6:
		return 0
	case n < 10:
		return 1
	default:
		return 2
	}
}

// letterMask is the set of bytes in w, as bits: a–z and 0–9 each have a
// bit of their own, all other bytes share the last one.
func letterMask(w string) uint64 {
	var m uint64
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= 'a' && c <= 'z':
			m |= 1 << (c - 'a')
		case c >= '0' && c <= '9':
			m |= 1 << (26 + c - '0')
		default:
			m |= 1 << 63
		}
	}
	return m
}

// mayBeWithin reports whether words with the letter masks a and b may be
// within k typos: each typo brings in at most one letter the other word
// lacks, and drops at most one. It is a cheap test before textdist.Within.
func mayBeWithin(a, b uint64, k int) bool {
	return bits.OnesCount64(a&^b) <= k && bits.OnesCount64(b&^a) <= k
}
