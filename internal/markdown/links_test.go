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

func TestLinksSkipImagesAndAltTextLinks(t *testing.T) {
	src := []byte(`Read [the guide](https://example.com/guide) and [维基](https://zh.wikipedia.org/wiki/中文).

![a picture](https://example.com/pic.png) is not a link, nor is [this one](https://example.com/in-alt)
inside ![alt [x](https://example.com/alt-link)](y.png).

Again [the same guide](https://example.com/guide), [nowhere](), a [reference][ref], <https://example.org/auto>,
<me@example.com>, and a bare www.example.net/page.

> - nested [deep](https://example.com/deep)

[ref]: https://example.com/ref "Title"
`)
	doc := Parse(NewParser(Glamour), src, nil)
	got := Links(doc, src)
	want := []Link{
		{URL: "https://example.com/guide", Text: "the guide"},
		{URL: "https://zh.wikipedia.org/wiki/中文", Text: "维基"},
		{URL: "https://example.com/in-alt", Text: "this one"},
		{URL: "https://example.com/ref", Text: "reference"},
		{URL: "https://example.org/auto", Text: "https://example.org/auto"},
		{URL: "mailto:me@example.com", Text: "me@example.com"},
		{URL: "http://www.example.net/page", Text: "www.example.net/page"},
		{URL: "https://example.com/deep", Text: "deep"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Links:\n got %q\nwant %q", got, want)
	}
}
