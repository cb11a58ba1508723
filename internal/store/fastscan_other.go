//go:build !linux

package store

import "context"

// scanFast is walk where the fast rescan of fastscan.go (getdents64 and
// raw openat, Linux system calls) is not built: a swap is rescanned by
// the ordinary walk, which keeps the same pages, only slower.
func (s *Store) scanFast(ctx context.Context, g *guard, root string, seenFiles map[string]bool, seenOthers map[string]string) (bool, error) {
	return s.walk(ctx, g, root, seenFiles, seenOthers)
}
