//go:build race

package render

// exampleStride: under the race detector, which makes rendering about
// ten times slower, TestSpecExamplesFit renders every eighth example.
const exampleStride = 8
