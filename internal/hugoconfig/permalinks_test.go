package hugoconfig

import (
	"reflect"
	"testing"
)

// TestPermalinksSetting: [permalinks] patterns by section, with
// [permalinks.page] winning; patterns of other kinds are not read.
func TestPermalinksSetting(t *testing.T) {
	s, err := Load(writeSite(t, map[string]string{"hugo.toml": `[permalinks]
Posts = '/:year/:month/:slug/'
notes = '/n/:slug/'
[permalinks.page]
notes = '/notes/:year/:filename/'
'/docs/guides/' = '/g/:slug/'
[permalinks.section]
posts = '/articles/'
`}))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"posts": "/:year/:month/:slug/", "notes": "/notes/:year/:filename/", "docs/guides": "/g/:slug/"}
	if !reflect.DeepEqual(s.Permalinks, want) {
		t.Errorf("Permalinks = %q, want %q", s.Permalinks, want)
	}
}
