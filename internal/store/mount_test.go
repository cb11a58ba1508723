package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// A site whose languages keep their content in folders of their own
// (languages.<code>.contentDir): files in a language's folder have that
// language, files at the same place in two folders are translations, and
// folders that belong to no language are neither read nor watched.
func TestLanguageFolders(t *testing.T) {
	siteDir := t.TempDir()
	files := map[string]string{
		"content/zh/_index.md":                  "---\ndescription: 中文站点简介\n---\n",
		"content/zh/posts/_index.md":            "---\ntitle: 文章\n---\n",
		"content/zh/posts/hello.md":             post("你好", "2024-03-01"),
		"content/zh/posts/bundle/index.md":      post("捆绑", "2024-02-01"),
		"content/zh/posts/bundle/cover.png":     "png",
		"content/en/posts/hello.md":             post("Hello", "2024-03-01"),
		"content/en/posts/only-english.md":      post("Only English", "2024-01-01"),
		"content/en/posts/broken.md":            "---\ntitle: [unclosed\n---\n",
		"content/en/posts/bundle/index.md":      post("Bundle", "2024-02-01"),
		"content/scratch/not-a-language.md":     post("Scratch", "2024-05-01"),
		"content/zh/posts/suffixed.en.md":       post("Suffixed", "2024-01-02"),
		"themes/stack/exampleSite/content/x.md": post("Theme", "2024-05-01"),
	}
	for rel, body := range files {
		writeFile(t, siteDir, rel, body)
	}
	st, err := New(Options{
		Mounts: []Mount{
			{Dir: filepath.Join(siteDir, "content/zh"), Lang: "zh"},
			{Dir: filepath.Join(siteDir, "content/en"), Lang: "en"},
		},
		Site:  site.Config{Language: "zh"},
		Parse: page.Options{DefaultLanguage: "zh", Languages: map[string]bool{"zh": true, "en": true}, HasCJKLanguage: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	snap := st.Snapshot()
	if got := titles(snap); got != "你好,捆绑" {
		t.Fatalf("list = %q, want the default language's posts only: 你好,捆绑", got)
	}
	if snap.Site.Description != "中文站点简介" {
		t.Errorf("site description = %q, want the one from the default language's _index.md", snap.Site.Description)
	}
	if sec := snap.Sections["posts"]; sec.Title != "文章" {
		t.Errorf("section posts = %+v, want the title from content/zh/posts/_index.md", sec)
	}
	hello, _ := snap.Lookup("hello")
	var langs []string
	for _, tr := range snap.Translations(hello) {
		langs = append(langs, tr.Lang+":"+tr.Title)
	}
	if got := strings.Join(langs, ","); got != "en:Hello" {
		t.Errorf("translations of hello = %q, want en:Hello", got)
	}
	if p, ok := snap.Lookup("en/only-english"); !ok || p.Path != "en/posts/only-english.md" {
		t.Errorf("en/only-english = %v %v, want the English-only page at its folder's path", p, ok)
	}
	if p, ok := snap.Lookup("en/suffixed"); !ok || p.Lang != "en" {
		t.Errorf("a language suffix inside another language's folder should win: %v %v", p, ok)
	}
	bundle, _ := snap.Lookup("bundle")
	if res := snap.Resources(bundle); len(res) != 1 || res[0] != "cover.png" {
		t.Errorf("resources of the zh bundle = %v, want [cover.png]", res)
	}
	if len(snap.Problems) != 1 || snap.Problems[0].Path != "en/posts/broken.md" || snap.Problems[0].Line == 0 {
		t.Errorf("problems = %v, want one for en/posts/broken.md with a line", snap.Problems)
	}
	for _, p := range snap.Posts {
		if strings.Contains(p.Path, "scratch") || strings.Contains(p.Path, "themes") {
			t.Errorf("read %s, which is in no language's folder", p.Path)
		}
	}
	if _, ok := snap.Lookup("scratch/not-a-language"); ok {
		t.Error("a folder beside the language folders was read")
	}
}

// Edits in any language folder reach readers; files beside them do not.
func TestWatchLanguageFolders(t *testing.T) {
	siteDir := t.TempDir()
	writeFile(t, siteDir, "content/zh/posts/a.md", post("甲", "2024-03-01"))
	writeFile(t, siteDir, "content/en/posts/a.md", post("A", "2024-03-01"))
	st, err := New(Options{
		Mounts: []Mount{
			{Dir: filepath.Join(siteDir, "content/zh"), Lang: "zh"},
			{Dir: filepath.Join(siteDir, "content/en"), Lang: "en"},
			{Dir: filepath.Join(siteDir, "content/fr"), Lang: "fr"}, // created later
		},
		Site:  site.Config{Language: "zh"},
		Parse: page.Options{DefaultLanguage: "zh", Languages: map[string]bool{"zh": true, "en": true, "fr": true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	startWatch(t, st)

	writeFile(t, siteDir, "content/en/posts/b.md", post("B", "2024-04-01"))
	eventually(t, st, "new English page", func(s *site.Snapshot) bool { _, ok := s.Lookup("en/b"); return ok })
	writeFile(t, siteDir, "content/zh/posts/b.md", post("乙", "2024-04-01"))
	eventually(t, st, "its Chinese translation", hasTitles("乙,甲"))
	writeFile(t, siteDir, "content/fr/posts/a.md", post("Un", "2024-03-01"))
	eventually(t, st, "a language folder created after start", func(s *site.Snapshot) bool {
		a, _ := s.Lookup("a")
		return len(s.Translations(a)) == 2
	})
	// A file outside every language folder is not read. The page after it
	// marks when its event has been handled (events of the fr folder may
	// still be flushing, so the snapshot itself is no witness).
	writeFile(t, siteDir, "content/notes/c.md", post("C", "2024-05-01"))
	writeFile(t, siteDir, "content/en/posts/mark.md", post("Mark", "2024-06-01"))
	eventually(t, st, "the page written after it", func(s *site.Snapshot) bool { _, ok := s.Lookup("en/mark"); return ok })
	for _, p := range st.Snapshot().Posts {
		if p.Title == "C" {
			t.Errorf("a file outside every language folder was published: %s", p.Path)
		}
	}
}

// A language folder that is a symbolic link (translations kept in another
// repository) is read and watched like any other.
func TestSymlinkedLanguageFolder(t *testing.T) {
	siteDir, elsewhere := t.TempDir(), t.TempDir()
	writeFile(t, siteDir, "content/zh/posts/a.md", post("甲", "2024-03-01"))
	writeFile(t, elsewhere, "en/posts/a.md", post("A", "2024-03-01"))
	if err := os.Symlink(filepath.Join(elsewhere, "en"), filepath.Join(siteDir, "content/en")); err != nil {
		t.Fatal(err)
	}
	st, err := New(Options{
		Mounts: []Mount{
			{Dir: filepath.Join(siteDir, "content/zh"), Lang: "zh"},
			{Dir: filepath.Join(siteDir, "content/en"), Lang: "en"},
		},
		Site:  site.Config{Language: "zh"},
		Parse: page.Options{DefaultLanguage: "zh", Languages: map[string]bool{"zh": true, "en": true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := st.Snapshot().Lookup("en/a"); !ok {
		t.Fatalf("the symlinked English folder was not read; problems %v", st.Snapshot().Problems)
	}
	startWatch(t, st)
	writeFile(t, elsewhere, "en/posts/b.md", post("B", "2024-04-01"))
	eventually(t, st, "a new page in the symlinked folder", func(s *site.Snapshot) bool { _, ok := s.Lookup("en/b"); return ok })
}
