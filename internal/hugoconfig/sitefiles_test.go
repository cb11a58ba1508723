package hugoconfig

import (
	"reflect"
	"testing"
)

// TestSiteFileDirs: the folders of the files a site publishes at its root,
// in the order a path is looked up: staticDir (a list: the right-most
// wins, as in Hugo's union), the theme's static/, then assetDir and the
// theme's assets/; folders that lie outside the site are left out, and
// those that do not exist too unless their place is inside the site
// ("none": it may be made while the server runs).
func TestSiteFileDirs(t *testing.T) {
	root := writeSite(t, map[string]string{
		"hugo.toml":              "theme = \"stack\"\nstaticDir = [\"static1\", \"static2\", \"../outside\", \"none\"]\nassetDir = \"res\"\n",
		"static1/":               "",
		"static2/":               "",
		"static/":                "", // not configured
		"res/":                   "",
		"themes/stack/static/":   "",
		"themes/stack/assets/":   "",
		"themes/stack/hugo.toml": "",
	})
	s, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rel(t, root, s.StaticDirs), []string{"none", "static2", "static1", "themes/stack/static"}; !reflect.DeepEqual(got, want) {
		t.Errorf("StaticDirs = %q, want %q", got, want)
	}
	if got, want := rel(t, root, s.AssetDirs), []string{"res", "themes/stack/assets"}; !reflect.DeepEqual(got, want) {
		t.Errorf("AssetDirs = %q, want %q", got, want)
	}

	def := writeSite(t, map[string]string{"hugo.toml": "title = \"x\"\n", "static/": "", "assets/": ""})
	s, err = Load(def)
	if err != nil {
		t.Fatal(err)
	}
	if got := append(rel(t, def, s.StaticDirs), rel(t, def, s.AssetDirs)...); !reflect.DeepEqual(got, []string{"static", "assets"}) {
		t.Errorf("default folders = %q, want static, assets", got)
	}
}

// TestSiteFileDirsNumberedAndPerLanguage: Hugo's staticDir0 to
// staticDir10 add to staticDir (the right-most still winning), and a
// language's own staticDir (or staticDirN) replaces the root's for that
// language. Outside multihost mode Hugo publishes every language's static
// files at the site's root, so the folders of all languages are looked
// in, the default language's first.
func TestSiteFileDirsNumberedAndPerLanguage(t *testing.T) {
	root := writeSite(t, map[string]string{
		"hugo.toml": "staticDir = [\"static1\"]\nstaticDir2 = \"s2\"\ndefaultContentLanguage = \"en\"\n" +
			"[languages.en]\nweight = 1\nstaticDir = [\"en1\"]\nstaticDir3 = \"en3\"\n" +
			"[languages.zh]\nweight = 2\nstaticDir0 = \"zh0\"\n",
		"static1/": "", "s2/": "", "en1/": "", "en3/": "", "zh0/": "", "static/": "",
	})
	s, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	// en: en1, s2, en3 (right-most first); zh: static1, zh0, s2.
	if got, want := rel(t, root, s.StaticDirs), []string{"en3", "s2", "en1", "zh0", "static1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("StaticDirs = %q, want %q", got, want)
	}
	if _, ok := s.Languages["en"].Params["staticdir3"]; ok {
		t.Errorf("staticDir3 of a language taken for a param")
	}
}
