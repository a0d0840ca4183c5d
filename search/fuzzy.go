package search

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
