//go:build !race

package render

// hostileSize is the size of the hostile documents the tests build.
const hostileSize = 256 << 10
