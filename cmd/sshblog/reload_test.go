package main

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/server"
	"github.com/sshblog/sshblog/internal/store"
)

// syncBuffer is a log the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// take returns what was logged since the last call.
func (s *syncBuffer) take() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.b.String()
	s.b.Reset()
	return out
}

// A reload whose content settings cannot be read (a broken Hugo
// configuration) applies what it can and says so: the new title is
// neither shown nor reported as applied, and is once the Hugo
// configuration is fixed.
func TestReloadReportsWhatItApplied(t *testing.T) {
	dir := t.TempDir()
	siteDir := filepath.Join(dir, "site")
	write := func(rel, body string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site/hugo.toml", "title = \"Hugo title\"\n")
	write("site/content/posts/a.md", "---\ntitle: A\ndate: 2024-01-02\n---\nbody\n")
	write("sshblog.toml", "title = \"Before\"\n")
	args := []string{"--config", filepath.Join(dir, "sshblog.toml"), "--content", siteDir, "--hostkeys", filepath.Join(dir, "keys")}
	noEnv := func(string) string { return "" }
	cfg, err := config.Parse(args, noEnv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	opt, err := contentOptions(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	pool := render.NewPool(render.NewCache(1<<20), 1, render.Options{MaxPostSize: cfg.MaxPostSize})
	defer pool.Close()
	srv, err := server.New(cfg, st, pool, log)
	if err != nil {
		t.Fatal(err)
	}
	r := &reloader{args: args, getenv: noEnv, log: log, cfg: cfg, opt: opt, store: st, srv: srv}
	logs.take()

	write("sshblog.toml", "title = \"After\"\n")
	write("site/hugo.toml", "title = [\n")
	r.reload()
	got := logs.take()
	if title := st.Snapshot().Site.Title; title != "Before" {
		t.Errorf("title %q after a reload with a broken Hugo configuration, want the running one, Before", title)
	}
	if !strings.Contains(got, "reload: content settings not changed") || strings.Contains(got, "changed=title") {
		t.Errorf("a reload that could not apply the title must not report it applied:\n%s", got)
	}

	write("site/hugo.toml", "title = \"Hugo title\"\n")
	r.reload()
	got = logs.take()
	if title := st.Snapshot().Site.Title; title != "After" {
		t.Errorf("title %q after the Hugo configuration was fixed, want After", title)
	}
	if !strings.Contains(got, "changed=title") {
		t.Errorf("the reload that applied the title does not report it:\n%s", got)
	}
}
