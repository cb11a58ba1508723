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

// TestPermalinksSameKeyTwice: two keys naming one section ("posts" and
// "/posts/") give the same pattern at every load, not whichever the map
// of the configuration yields last: the key as written without slashes.
func TestPermalinksSameKeyTwice(t *testing.T) {
	root := writeSite(t, map[string]string{"hugo.toml": `[permalinks]
'/posts/' = '/a/:slug/'
posts = '/b/:slug/'
'posts/' = '/c/:slug/'
`})
	for range 20 {
		s, err := Load(root)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Permalinks["posts"]; got != "/b/:slug/" {
			t.Fatalf("posts = %q, want %q", got, "/b/:slug/")
		}
	}
}
