package search

// For the benchmarks, in package search_test: they parse pages, and
// package page imports search.
var (
	Scan  = scan
	IsCJK = isCJK
)
