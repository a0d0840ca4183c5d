// Package textdist measures how far apart two words are, for the typo
// tolerance of place names and of search.
package textdist

import "math/bits"

// Within returns the optimal string alignment distance between a
// and b (Levenshtein plus swaps of neighbouring letters), or -1 if it is
// more than k. It compares bytes, which is exact for folded Latin text; it
// stops as soon as no alignment can stay within k. prev, cur and prev2 are
// scratch rows of at least len(b)+1 ints.
func Within(a, b string, k int, prev2, prev, cur []int) int {
	if d := len(a) - len(b); d > k || -d > k {
		return -1
	}
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > k {
			return -1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if d := prev[len(b)]; d <= k {
		return d
	}
	return -1
}

// Mask is the set of bytes in w, as bits: a–z and 0–9 each have a
// bit of their own, all other bytes share the last one.
func Mask(w string) uint64 {
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

// MayBeWithin reports whether words with the letter masks a and b may be
// within k typos: each typo brings in at most one letter the other word
// lacks, and drops at most one. It is a cheap test before Within.
func MayBeWithin(a, b uint64, k int) bool {
	return bits.OnesCount64(a&^b) <= k && bits.OnesCount64(b&^a) <= k
}
