//go:build race

package render

// Under the race detector TestForkWritesUpstreamBytes renders every
// sixteenth spec example and a smaller real blog post.
const (
	forkExampleStride = 16
	forkRealBlogSize  = 32 << 10
)
