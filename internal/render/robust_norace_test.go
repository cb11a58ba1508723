//go:build !race

package render

// exampleStride: TestSpecExamplesFit renders every example.
const exampleStride = 1
