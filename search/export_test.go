package search

// Internals for the tests in package search_test.
var (
	Fold          = fold
	SplitCompound = splitCompound
	TriggerKey    = triggerKey
)

// Words returns the words of s as the index sees them.
func (ix *Index) Words(s string) []string {
	w, _ := ix.words(s, fold(s), numLangs)
	return w
}
