package tui

import (
	"fmt"
	"os"
	"path"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/textwrap"
)

// featured is the index of the featured image among a pager's pictures.
const featured = -1

// pictures are the images of the post on screen that the pager draws:
// its bundle's raster images (and its featured image above the text),
// drawn by the render pool for the reader's colour profile and laid into
// the render's lines above their figure lines, which stay as captions.
// Images the site publishes at its root ("/images/a.png": its static/ or
// assets/ folders) are drawn too, read through the store's confined
// access to those folders. Images elsewhere (other sites, a path Hugo
// would not find) keep their figure line only: the server reads nothing
// but the post's bundle and the site's own files, and fetches nothing.
type pictures struct {
	open      func(name string) (*os.File, error) // a bundle file, through the store
	openSite  func(name string) (*os.File, error) // a file at the site's root, through the store; nil if none
	files     func() uint64                       // the version of the files drawn: they change without a new snapshot
	resources []string                            // the bundle's files
	folder    string                              // the bundle's path, for problems
	version   string                              // the snapshot: files may change with it
	image     string                              // the front matter's featured image
	base      string                              // the post's permalink, for figure lines

	text    []string        // the render's lines, without pictures
	figures []render.Figure // of the render
	// headings are the render's lines its headings start on (rowOf
	// places them below the pictures).
	headings []int
	drawn    map[int][]string // by figure index (featured: -1)
}

// pictureMargin is the margin a picture is drawn with (the document's):
// a figure indented deeper has its picture moved right by the difference.
const pictureMargin = 2

// maxPictures bounds the pictures drawn in one post: a post that names
// its one bundle image ten thousand times gets pictures for the first
// ones and figure lines for the rest, not ten thousand requests and a
// pager of 200,000 picture lines.
const maxPictures = 64

// pictureMsg says a picture asked for is drawn (or could not be).
type pictureMsg struct {
	want   string // the render it belongs to (pagerView.want)
	index  int
	ticket *render.Ticket
}

// picturesMsg asks for the pictures of a render shown at once (cached):
// the model knows the colour profile.
type picturesMsg struct {
	want string
	r    *render.Rendered
}

func wantPictures(want string, r *render.Rendered) tea.Cmd {
	if r == nil {
		return nil
	}
	return func() tea.Msg { return picturesMsg{want: want, r: r} }
}

func newPictures(p *page.Page, snap *site.Snapshot) pictures {
	return pictures{
		open:      func(name string) (*os.File, error) { return snap.OpenResource(p, name) },
		openSite:  siteOpener(snap),
		files:     snap.FilesVersion,
		resources: snap.Resources(p),
		folder:    path.Dir(p.Path),
		version:   fmt.Sprintf("%s@%d", p.Key(), snap.Built.UnixNano()),
		image:     p.Image,
		base:      snap.Permalink(p),
	}
}

// raster reports file names of the images a picture can be drawn of.
func raster(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp":
		return true
	}
	return false
}

// bundled returns the bundle file src names, if it is an image there.
func (ps *pictures) bundled(src string) (string, bool) {
	name, ok := render.Bundled(src)
	if !ok || !raster(name) || !slices.Contains(ps.resources, name) {
		return "", false
	}
	return name, true
}

// featuredImage is the file drawn above the post, as Stack draws its
// article header: the front matter's image (in the bundle, or at the
// site's root: "/img/cover.jpg"), else the bundle's file Hugo themes take
// for a cover ("*feature*", "*cover*", "*thumbnail*"). Names at the
// site's root start with "/".
func (ps *pictures) featuredImage() (string, bool) {
	if ps.image != "" {
		if name, ok := ps.bundled(ps.image); ok {
			return name, true
		}
		return ps.atRoot(ps.image)
	}
	for _, want := range []string{"feature", "cover", "thumbnail"} {
		for _, r := range ps.resources {
			if raster(r) && strings.Contains(strings.ToLower(path.Base(r)), want) {
				return r, true
			}
		}
	}
	return "", false
}

// requestPictures asks for the pictures of the render shown, for the
// reader's colour profile: none for a terminal without colours, a post
// shown as plain text, or one without bundle images.
func (p *pagerView) requestPictures(renders *render.Client, profile colorprofile.Profile, r *render.Rendered) tea.Cmd {
	ps := &p.pics
	if profile < colorprofile.ANSI || r.Notice != render.LaidOut || ps.open == nil {
		return nil
	}
	tw, _ := column(p.width)
	var cmds []tea.Cmd
	open, openSite := ps.open, ps.openSite // read on a worker: not through p, which the update loop changes
	ask := func(index int, name string, indent int) {
		if len(cmds) >= maxPictures {
			return
		}
		width := tw
		if indent > 0 {
			// Under a list item's text: narrower by the deeper indent.
			width -= indent - pictureMargin
		}
		if width < render.MinWidth {
			// No room beside the indent in a narrow window: the pool
			// would draw it render.MinWidth wide anyway, and compose's
			// padding would push it past the window's edge. The figure
			// line stays.
			return
		}
		where, opener := path.Join(ps.folder, name), func() (*os.File, error) { return open(name) }
		if strings.HasPrefix(name, "/") { // a file at the site's root
			where, opener = name, func() (*os.File, error) { return openSite(name[1:]) }
		}
		t := renders.Picture(render.PictureRequest{
			Path: where,
			// An image written in place makes no new snapshot but a new
			// version of the files.
			Key:     fmt.Sprintf("%s|%d|%s", ps.version, ps.files(), name),
			Open:    opener,
			Width:   width,
			Profile: profile,
			// "▀" is of ambiguous width: a terminal that draws it two
			// cells wide gets pictures of coloured spaces.
			AmbiguousWide: p.amb == textwrap.Wide,
		})
		want := p.want
		cmds = append(cmds, func() tea.Msg {
			<-t.Done()
			return pictureMsg{want: want, index: index, ticket: t}
		})
	}
	if name, ok := ps.featuredImage(); ok {
		ask(featured, name, 0)
	}
	for i, f := range ps.figures {
		if f.Element != "image" {
			continue
		}
		if name, ok := ps.bundled(f.Src); ok {
			ask(i, name, f.Indent)
		} else if name, ok := ps.atRoot(f.Src); ok {
			ask(i, name, f.Indent)
		}
	}
	return tea.Batch(cmds...)
}

// reset starts over with a new render: no pictures yet.
func (ps *pictures) reset(r *render.Rendered) {
	ps.text, ps.figures, ps.headings, ps.drawn = r.Lines, r.Figures, r.Headings, nil
}

// textLines are the render's lines without the pictures: what the
// outline's rows count.
func (p *pagerView) textLines() []string {
	if p.pics.text != nil {
		return p.pics.text
	}
	return p.lines
}

// rowOf is where line i of the render is in the lines shown, below the
// pictures drawn above it.
func (p *pagerView) rowOf(i int) int {
	ps := &p.pics
	row := i
	if pic, ok := ps.drawn[featured]; ok {
		row += len(pic) + 1
	}
	for j, f := range ps.figures {
		if f.Line > i {
			break
		}
		row += len(ps.drawn[j])
	}
	return row
}

// rowsOf is rowOf for sorted lines, appended to out: one pass over the
// figures for all of them.
func (p *pagerView) rowsOf(lines []int, out []int) []int {
	ps := &p.pics
	offset, j := 0, 0
	if pic, ok := ps.drawn[featured]; ok {
		offset += len(pic) + 1
	}
	for _, i := range lines {
		for ; j < len(ps.figures) && ps.figures[j].Line <= i; j++ {
			offset += len(ps.drawn[j])
		}
		out = append(out, i+offset)
	}
	return out
}

// pictureDrawn lays a drawn picture into the text, keeping the reader's
// place: lines added above the screen move it down with them.
func (p *pagerView) pictureDrawn(msg pictureMsg) {
	if msg.want != p.want || !p.ready {
		return
	}
	r, err := msg.ticket.Result()
	if err != nil || r.Notice != render.LaidOut || len(r.Lines) == 0 {
		return // the figure line stays, alone
	}
	ps := &p.pics
	if ps.drawn == nil {
		ps.drawn = map[int][]string{}
	}
	if _, ok := ps.drawn[msg.index]; ok {
		return
	}
	above := p.y >= len(p.lines) || msg.index == featured || msg.index < len(ps.figures) && p.rowOf(ps.figures[msg.index].Line) <= p.y
	ps.drawn[msg.index] = r.Lines
	added := len(r.Lines)
	if msg.index == featured {
		added++ // and a blank line under it
	}
	p.lines = ps.compose()
	if above && p.y > 0 {
		p.y += added
	}
	p.setY(p.y)
	p.moveFind() // the search's matches moved down with the text
}

// compose is the render's lines with the pictures drawn so far: the
// featured image first, each other picture above its figure line.
func (ps *pictures) compose() []string {
	n := len(ps.text)
	for _, pic := range ps.drawn {
		n += len(pic) + 1
	}
	out := make([]string, 0, n)
	if pic, ok := ps.drawn[featured]; ok {
		out = append(out, pic...)
		out = append(out, "")
	}
	next := 0
	for i, f := range ps.figures {
		pic, ok := ps.drawn[i]
		if !ok || f.Line < next || f.Line >= len(ps.text) {
			continue
		}
		out = append(out, ps.text[next:f.Line]...)
		if f.Indent > pictureMargin {
			pad := strings.Repeat(" ", f.Indent-pictureMargin)
			for _, l := range pic {
				out = append(out, pad+l)
			}
		} else {
			out = append(out, pic...)
		}
		next = f.Line
	}
	return append(out, ps.text[next:]...)
}
