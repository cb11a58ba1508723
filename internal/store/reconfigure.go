package store

import (
	"context"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// Reconfigure applies new site settings and parse options (the operator
// edited the configuration and sent SIGHUP) and rereads every file of the
// content folders with them, publishing a new snapshot that sessions pick
// up like any other change. The folders themselves stay: a store serves
// the folders it was made for. A file that no longer parses keeps its
// last good version, as on any reload.
func (s *Store) Reconfigure(ctx context.Context, cfg site.Config, parse page.Options) error {
	names := make(map[string]string, len(cfg.LanguageNames))
	for code, name := range cfg.LanguageNames {
		names[code] = page.Clean(name) // shown to readers, as in New
	}
	cfg.LanguageNames = names
	s.mu.Lock()
	s.opt.Site, s.opt.Parse = cfg, parse
	for _, st := range s.files {
		st.size, st.reparse = -1, true // parse again: the options may change any page
	}
	s.mu.Unlock()
	return s.Reload(ctx)
}
