//go:build race

package render

// hostileSize is the size of the hostile documents the tests build: the
// race detector makes rendering about ten times slower.
const hostileSize = 64 << 10
