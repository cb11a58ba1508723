//go:build !race

package render

// TestSpecExamplesFit renders every example, and
// TestSamplesAreCleanForTheTerminal renders at these widths.
const exampleStride = 1

var sampleWidths = []int{40, 53, 80, 97, 120, 161, 200}
