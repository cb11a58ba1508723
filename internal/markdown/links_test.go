package markdown

import (
	"reflect"
	"testing"
)

func TestLinksNumberedByFirstAppearance(t *testing.T) {
	src := []byte(`# Intro *here*

See [the docs](https://a.example/docs) and ![a picture](https://img.example/p.png),
then <https://b.example/> and www.c.example, [docs again](https://a.example/docs),
[a ref][r] and [![linked image](https://img.example/q.png)](https://d.example/).

Mail <me@example.com>.

Setext heading
--------------

[r]: https://ref.example/x "title"
`)
	doc := Parse(NewParser(Glamour), src, nil)
	got := Links(doc, src)
	want := []Link{
		{"https://a.example/docs", "the docs"},
		{"https://b.example/", "https://b.example/"},
		{"http://www.c.example", "www.c.example"},
		{"https://ref.example/x", "a ref"},
		{"https://d.example/", "linked image"},
		{"mailto:me@example.com", "me@example.com"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Links:\n got %q\nwant %q", got, want)
	}
	hs := Headings(doc, src)
	if len(hs) != 2 || hs[0] != (Heading{1, "Intro here", 2}) || hs[1].Level != 2 || hs[1].Text != "Setext heading" {
		t.Errorf("Headings: %+v", hs)
	}
}
