//go:build !race

package render

// TestForkWritesUpstreamBytes renders every spec example and the 256 KB
// real blog post.
const (
	forkExampleStride = 1
	forkRealBlogSize  = 256 << 10
)
