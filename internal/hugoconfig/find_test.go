package hugoconfig

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	tests := []struct {
		name        string
		files       map[string]string
		arg         string // path passed to Find, relative to the temp root
		wantRoot    string // relative to the temp root
		wantContent string // relative to the temp root
		wantFound   bool
	}{
		{
			name:        "site root",
			files:       map[string]string{"hugo.toml": "title = 'x'\n", "content/": ""},
			arg:         ".",
			wantRoot:    ".",
			wantContent: "content",
			wantFound:   true,
		},
		{
			name:        "content folder",
			files:       map[string]string{"hugo.toml": "title = 'x'\n", "content/post/a.md": "x"},
			arg:         "content",
			wantRoot:    ".",
			wantContent: "content",
			wantFound:   true,
		},
		{
			name:        "site root with a custom contentDir",
			files:       map[string]string{"hugo.yaml": "contentDir: posts\n", "posts/": ""},
			arg:         ".",
			wantRoot:    ".",
			wantContent: "posts",
			wantFound:   true,
		},
		{
			name:        "site root with only config/_default",
			files:       map[string]string{"config/_default/params.toml": "a = 1\n", "content/": ""},
			arg:         ".",
			wantRoot:    ".",
			wantContent: "content",
			wantFound:   true,
		},
		{
			name: "multilingual site root reads the default language's folder",
			files: map[string]string{
				"hugo.toml":   "defaultContentLanguage = 'zh-cn'\n[languages.en]\ncontentDir = 'content/en'\n[languages.zh-cn]\ncontentDir = 'content/zh'\n",
				"content/en/": "", "content/zh/": "",
			},
			arg:         ".",
			wantRoot:    ".",
			wantContent: "content/zh",
			wantFound:   true,
		},
		{
			name: "language content folder two levels down",
			files: map[string]string{
				"hugo.toml":   "[languages.en]\ncontentDir = 'content/en'\n[languages.fr]\ncontentDir = 'content/fr'\n",
				"content/en/": "", "content/fr/": "",
			},
			arg:         "content/fr",
			wantRoot:    ".",
			wantContent: "content/fr",
			wantFound:   true,
		},
		{
			name:        "section folder is not a content folder",
			files:       map[string]string{"hugo.toml": "title = 'x'\n", "content/post/a.md": "x"},
			arg:         "content/post",
			wantRoot:    "content/post",
			wantContent: "content/post",
		},
		{
			name:        "folder without config",
			files:       map[string]string{"notes/a.md": "x"},
			arg:         "notes",
			wantRoot:    "notes",
			wantContent: "notes",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := writeSite(t, tt.files)
			site, content, found, err := Find(filepath.Join(base, tt.arg))
			root := site.Root
			if err != nil {
				t.Fatalf("Find: %v", err)
			}
			equal(t, "found", found, tt.wantFound)
			equal(t, "root", root, filepath.Join(base, tt.wantRoot))
			equal(t, "contentDir", content, filepath.Join(base, filepath.FromSlash(tt.wantContent)))
		})
	}
}

func TestFindErrors(t *testing.T) {
	t.Run("missing content folder", func(t *testing.T) {
		base := writeSite(t, map[string]string{"hugo.toml": "title = 'x'\n"})
		site, _, found, err := Find(base)
		root := site.Root
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("Find error = %v, want a not-exist error", err)
		}
		if !found || root != base {
			t.Errorf("root, found = %q, %v; want %q, true", root, found, base)
		}
		if !strings.Contains(err.Error(), filepath.Join(base, "content")) {
			t.Errorf("error %q does not name the content folder", err)
		}
	})
	t.Run("missing path", func(t *testing.T) {
		base := t.TempDir()
		if _, _, _, err := Find(filepath.Join(base, "nope")); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("Find error = %v, want a not-exist error", err)
		}
	})
	t.Run("path is a file", func(t *testing.T) {
		base := writeSite(t, map[string]string{"hugo.toml": "title = 'x'\n"})
		if _, _, _, err := Find(filepath.Join(base, "hugo.toml")); err == nil {
			t.Fatal("Find succeeded on a file")
		}
	})
}
