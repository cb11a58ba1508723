package tui

import (
	"net/url"
	"os"
	"path"
	"strings"

	"github.com/sshblog/sshblog/internal/site"
)

// siteOpener opens the files snap's site publishes at its root, or is nil
// when it has none (no Hugo site, no static/ or assets/ folder).
func siteOpener(snap *site.Snapshot) func(name string) (*os.File, error) {
	if !snap.HasSiteFiles() {
		return nil
	}
	return snap.OpenSiteFile
}

// atRoot returns the path ("/images/a.png") of the raster image src names
// from the site's root, as Hugo publishes its static/ (and assets/) files,
// and false for anything else: a path relative to the post (only a bundle
// has files there), another site, inline data. Whether the file is there
// is known only when it is opened: a picture that is not keeps its figure
// line.
func (ps *pictures) atRoot(src string) (string, bool) {
	if ps.openSite == nil {
		return "", false
	}
	u, err := url.Parse(strings.TrimSpace(src))
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "", false
	}
	name := path.Clean(u.Path)
	if name == "/" || !raster(name) {
		return "", false
	}
	return name, true
}
