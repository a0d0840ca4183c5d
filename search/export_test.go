package search

// Internals for the tests in package search_test.
var (
	Fold           = fold
	SplitCompound  = splitCompound
	WithinDistance = withinDistance
)
