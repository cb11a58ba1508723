package hugoconfig

import (
	"reflect"
	"testing"
)

// TestSiteFileDirs: the folders of the files a site publishes at its root,
// in the order a path is looked up: staticDir (a list: the right-most
// wins, as in Hugo's union), the theme's static/, then assetDir and the
// theme's assets/; folders that do not exist or lie outside the site are
// left out.
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
	if got, want := rel(t, root, s.StaticDirs), []string{"static2", "static1", "themes/stack/static"}; !reflect.DeepEqual(got, want) {
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
