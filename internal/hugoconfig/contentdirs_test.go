package hugoconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A content folder the configuration names must lie inside the site root,
// links resolved: a configuration that arrives with a pull request cannot
// make the server read and serve another folder. Folders inside the root
// may be named any way Hugo allows, absolute ones too.
func TestContentDirsStayInTheSite(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte("---\ntitle: secret\n---\n"), 0o644)
	for _, tt := range []struct {
		name    string
		config  string // hugo.toml; ROOT is replaced by the site root
		link    string // content is a link to this, if set (OUTSIDE: outside)
		wantKey string // the key the error names; "" for no error
		wantDir string // the folder it names
	}{
		{"the default", "title = 'x'\n", "", "", ""},
		{"language folders", "[languages.en]\ncontentDir = 'content/en'\n[languages.zh]\ncontentDir = 'content/zh'\n", "", "", ""},
		{"an absolute folder inside", "contentDir = 'ROOT/src/content'\n", "", "", ""},
		{"a link inside", "title = 'x'\n", "src/content", "", ""},
		{"languages.en.contentDir ../..", "[languages.en]\ncontentDir = '../..'\n", "", "languages.en.contentDir", "../.."},
		{"languages.fr.contentDir /", "[languages.en]\n[languages.fr]\ncontentDir = '/'\n", "", "languages.fr.contentDir", "/"},
		{"contentDir /", "contentDir = '/'\n", "", "contentDir", "/"},
		{"contentDir outside", "contentDir = '" + outside + "'\n", "", "contentDir", outside},
		{"contentDir the root", "contentDir = '.'\n", "", "contentDir", "."},
		{"contentDir a link out", "title = 'x'\n", "OUTSIDE", "contentDir", "content"},
		{"contentDir through a link out", "contentDir = 'content/posts'\n", "OUTSIDE", "contentDir", "content/posts"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := writeSite(t, map[string]string{"src/content/": "", "content/en/": "", "content/zh/": ""})
			if tt.link != "" {
				os.RemoveAll(filepath.Join(root, "content"))
				target := filepath.Join(root, tt.link)
				if tt.link == "OUTSIDE" {
					target = outside
				}
				if err := os.Symlink(target, filepath.Join(root, "content")); err != nil {
					t.Fatal(err)
				}
			}
			os.WriteFile(filepath.Join(root, "hugo.toml"), []byte(strings.ReplaceAll(tt.config, "ROOT", root)), 0o644)
			_, err := Load(root)
			if tt.wantKey == "" {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Load accepted %s", tt.name)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.wantKey+" = \""+tt.wantDir+"\"") || !strings.Contains(msg, "inside the site root") {
				t.Errorf("error %q, want one naming %s = %q and saying it must lie inside the site root", msg, tt.wantKey, tt.wantDir)
			}
			// Find, which the server calls, refuses it alike.
			if _, _, _, err := Find(root); err == nil || !strings.Contains(err.Error(), tt.wantKey) {
				t.Errorf("Find: %v, want the error", err)
			}
		})
	}
}
