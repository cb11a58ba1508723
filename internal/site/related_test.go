package site

import (
	"testing"

	"github.com/sshblog/sshblog/internal/page"
)

func TestRelatedSharesTermsAsHugoDefaults(t *testing.T) {
	s := build(t, Config{}, page.Options{}, map[string]string{
		"posts/new.md":   "---\ntitle: New\ndate: 2024-06-01\ntags: [go, ssh]\ncategories: [tech]\n---\n",
		"posts/two.md":   "---\ntitle: Two\ndate: 2023-01-01\ntags: [go, ssh]\n---\n",
		"posts/cat.md":   "---\ntitle: Cat\ndate: 2022-01-01\ncategories: [tech]\n---\n",
		"posts/year.md":  "---\ntitle: Year\ndate: 2024-02-01\ntags: [go]\n---\n",
		"posts/alone.md": "---\ntitle: Alone\ndate: 2024-03-01\ntags: [cooking]\n---\n",
		"posts/newer.md": "---\ntitle: Newer\ndate: 2025-01-01\ntags: [go, ssh]\ncategories: [tech]\n---\n",
	})
	p, _ := s.Lookup("new")
	// Two shares two tags (160); Year one tag and the year (90); Cat a
	// category (80); Alone only the year (10, under the threshold);
	// Newer is newer (includeNewer = false).
	if got := titles(s.Related(p, 5)); got != "Two,Year,Cat" {
		t.Errorf("related = %s, want Two,Year,Cat", got)
	}
	if got := titles(s.Related(p, 2)); got != "Two,Year" {
		t.Errorf("related, 2 = %s", got)
	}
	old, _ := s.Lookup("cat")
	if got := titles(s.Related(old, 5)); got != "" {
		t.Errorf("related of the oldest = %s, want none", got)
	}
}
