package content

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a Store.
type Options struct {
	// Dir is the content folder.
	Dir string
	// Title overrides the site title from the content folder.
	Title string
	// Parse controls how each file is read.
	Parse ParseOptions
	// Logger receives problems and reload notices.
	Logger *slog.Logger
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Store owns the current Snapshot and rebuilds it when files change.
// Snapshot is safe for concurrent use; Reload is serialised internally.
type Store struct {
	opt  Options
	snap atomic.Pointer[Snapshot]

	mu    sync.Mutex            // guards files during Reload
	files map[string]*fileState // by relative path
}

type fileState struct {
	size    int64
	modTime time.Time
	good    *Post    // last version that parsed
	problem *Problem // current error, if the file on disk does not parse
}

// NewStore loads the folder once and returns a store serving it. A folder
// that cannot be read at all is an error; files that fail to parse are not.
func NewStore(opt Options) (*Store, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if fi, err := os.Stat(opt.Dir); err != nil {
		return nil, fmt.Errorf("content folder: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("content folder %s: not a directory", opt.Dir)
	}
	s := &Store{opt: opt, files: map[string]*fileState{}}
	if err := s.Reload(context.Background()); err != nil {
		return nil, err
	}
	return s, nil
}

// Snapshot returns the current snapshot. It never returns nil.
func (s *Store) Snapshot() *Snapshot { return s.snap.Load() }

// Reload rescans the folder, re-parses files whose size or modification time
// changed, and publishes a new snapshot. A file that no longer parses keeps
// its last good version and is listed in Problems.
func (s *Store) Reload(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	seen := map[string]bool{}
	err := filepath.WalkDir(s.opt.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == s.opt.Dir {
				return err
			}
			s.opt.Logger.Warn("content walk", "path", p, "err", err)
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		name := d.Name()
		if d.IsDir() {
			if p != s.opt.Dir && (strings.HasPrefix(name, ".") && name != "..data") {
				return filepath.SkipDir
			}
			return nil
		}
		if !isContentFile(name) {
			return nil
		}
		rel, _ := filepath.Rel(s.opt.Dir, p)
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		s.refresh(p, rel)
		return nil
	})
	if err != nil {
		return fmt.Errorf("scan %s: %w", s.opt.Dir, err)
	}
	for rel := range s.files {
		if !seen[rel] {
			delete(s.files, rel)
		}
	}
	s.publish()
	return nil
}

// refresh re-parses one file if it changed since the last scan.
func (s *Store) refresh(abs, rel string) {
	fi, err := os.Stat(abs)
	if err != nil {
		return
	}
	st := s.files[rel]
	if st != nil && st.size == fi.Size() && st.modTime.Equal(fi.ModTime()) {
		return
	}
	if st == nil {
		st = &fileState{}
		s.files[rel] = st
	}
	st.size, st.modTime = fi.Size(), fi.ModTime()
	src, err := os.ReadFile(abs)
	if err == nil {
		var p *Post
		p, err = Parse(rel, src, s.opt.Parse)
		if err == nil {
			st.good, st.problem = p, nil
			return
		}
	}
	prob := Problem{Path: rel, Err: err.Error()}
	var pe *ParseError
	if errors.As(err, &pe) {
		prob.Line, prob.Err = pe.Line, pe.Err.Error()
		if sub, ok := pe.Err.(*SyntaxError); ok {
			prob.Err = fmt.Sprintf("%s front matter: %s", sub.Format, sub.Msg)
		}
	}
	st.problem = &prob
	s.opt.Logger.Warn("content file skipped", "path", rel, "line", prob.Line, "err", prob.Err, "serving_last_good", st.good != nil)
}

// publish builds a snapshot from the current file states.
func (s *Store) publish() {
	var posts []*Post
	var problems []Problem
	site := Site{Title: "sshblog"}
	for rel, st := range s.files {
		if st.problem != nil {
			problems = append(problems, *st.problem)
		}
		if st.good == nil {
			continue
		}
		if rel == "_index.md" || rel == "_index.markdown" {
			if st.good.Title != "" && st.good.Title != "_index" {
				site.Title = st.good.Title
			}
			site.Description = st.good.Description
		}
		posts = append(posts, st.good)
	}
	if s.opt.Title != "" {
		site.Title = s.opt.Title
	}
	s.snap.Store(NewSnapshot(site, posts, problems, s.opt.Now()))
}

func isContentFile(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return (ext == ".md" || ext == ".markdown") && !strings.HasPrefix(name, ".")
}
