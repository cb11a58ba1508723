//go:build race

package render

// Under the race detector, which makes rendering about ten times
// slower, TestSpecExamplesFit renders every eighth example and
// TestSamplesAreCleanForTheTerminal three widths.
const exampleStride = 8

var sampleWidths = []int{40, 80, 200}
