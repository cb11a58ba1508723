package page

import (
	"strings"
	"testing"
	"time"
)

// A malformed optional date (found on real sites) must not cost the page:
// it is served with that field ignored, and the problem is reported.
func TestMalformedOptionalDateIsIgnored(t *testing.T) {
	p, err := Parse("posts/x.md", []byte(`---
title: X
date: 2023-05-01
lastmod: 2023-5-09
expiryDate: soon
---
Body.
`), Options{Location: cst})
	if err != nil {
		t.Fatalf("a malformed lastmod lost the page: %v", err)
	}
	want := time.Date(2023, 5, 1, 0, 0, 0, 0, cst)
	if !p.Lastmod.Equal(want) {
		t.Errorf("lastmod = %v, want the date it falls back to (%v)", p.Lastmod, want)
	}
	if !p.ExpiryDate.IsZero() {
		t.Errorf("a malformed expiryDate must count as unset, got %v", p.ExpiryDate)
	}
	var got []string
	for _, w := range p.Warnings {
		got = append(got, w.String())
	}
	all := strings.Join(got, "\n")
	if !strings.Contains(all, "posts/x.md:4: lastmod ignored") || !strings.Contains(all, "posts/x.md:5: expirydate ignored") || len(got) != 2 {
		t.Errorf("warnings = %q, want one for lastmod (line 4) and one for expiryDate (line 5)", got)
	}
}

// The page's own date is not optional: a malformed one is still an error.
func TestMalformedDateIsAnError(t *testing.T) {
	if _, err := Parse("posts/x.md", []byte("---\ntitle: X\ndate: 2023-5-09\n---\nBody.\n"), Options{Location: cst}); err == nil {
		t.Fatal("a malformed date was accepted")
	}
}
