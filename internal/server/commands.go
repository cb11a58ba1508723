package server

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sshblog/sshblog/internal/limits"
	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/textwrap"
)

// commandHelp is printed by `ssh HOST help`.
const commandHelp = `Commands (ssh -p PORT HOST COMMAND):
  ls                      list posts, newest first: DATE<TAB>SLUG<TAB>TITLE
  cat SLUG                print a post's source file as written
  read SLUG [--width N] [--ambiguous wide]
                          print a post rendered as plain text (default width 80;
                          --ambiguous wide: for terminals that draw “” — … two cells wide)
  search QUERY            posts and pages that match, best first, as ls prints them
  tags [NAME]             tags: NAME<TAB>COUNT, most used first; with NAME, its posts
  categories [NAME]       categories, the same way
  archive [YYYY[-MM]]     months: YYYY-MM<TAB>COUNT, each followed by its posts
  feed [--all]            Atom feed of the newest 20 posts (--all: every post), full text
  stats                   posts and words, per language and per year (tab-separated)
  problems                list files that failed to load or lay out: PATH:LINE: REASON
  help                    show this help
Without a command and with a terminal, the interactive reader starts.
`

// RunCommand runs one plain-text command for a session without a PTY and
// returns the exit status. Output never contains escape codes: post text is
// sanitised at load and rendered with the plain style. Rendering goes
// through the shared pool and stops when ctx (the session's) ends.
func RunCommand(ctx context.Context, args []string, snap *site.Snapshot, pool *render.Pool, stdout, stderr io.Writer) int {
	return runCommand(ctx, args, snap, pool, nil, nil, stdout, stderr)
}

// runCommand is RunCommand with the server's parse slots (limits.Slots):
// `feed` renders a post only while it holds one, so however many feeds
// run at once, the server parses a few posts at a time outside the render
// pool, and readers keep their share of the CPU. wholeFeeds bounds the
// `feed --all` running at once: each renders every post of the site, so
// a few clients asking for it in a loop would otherwise keep every parse
// slot (every core) busy for good.
func runCommand(ctx context.Context, args []string, snap *site.Snapshot, pool *render.Pool, slots, wholeFeeds limits.Slots, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		args = []string{"ls"}
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "sshblog: "+format+"\n", a...)
		return 1
	}
	// done reports a command's error; a write error means the client is
	// gone, and a session's end is not worth a line either.
	done := func(err error) int {
		if err == nil {
			return 0
		}
		if ctx.Err() != nil {
			return 1
		}
		return fail("%s: %v", args[0], err)
	}
	lookup := func(rest []string) (*page.Page, int) {
		if len(rest) != 1 {
			return nil, fail("%s needs exactly one SLUG (try: ls)", args[0])
		}
		p, ok := snap.Lookup(rest[0])
		if !ok {
			return nil, fail("no post with slug %q (try: ls)", rest[0])
		}
		return p, 0
	}
	switch args[0] {
	case "ls", "list":
		if len(args) > 1 {
			return fail("ls takes no arguments")
		}
		return done(writePosts(ctx, stdout, snap.Posts))
	case "cat":
		p, code := lookup(args[1:])
		if p == nil {
			return code
		}
		src, err := p.ReadSource()
		if err != nil {
			return fail("cat: %v", err)
		}
		io.WriteString(stdout, src)
		if !strings.HasSuffix(src, "\n") {
			io.WriteString(stdout, "\n")
		}
		return 0
	case "read":
		fs := flag.NewFlagSet("read", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		width := fs.Int("width", 80, "wrap width")
		ambiguous := fs.String("ambiguous", "narrow", "width of “” — … : narrow or wide")
		slugs, err := parseInterspersed(fs, args[1:])
		if err != nil {
			return fail("read: %v", err)
		}
		if *width < render.MinWidth || *width > render.MaxWidth {
			return fail("read: --width must be between %d and %d", render.MinWidth, render.MaxWidth)
		}
		amb, ok := textwrap.ParseAmbiguous(*ambiguous)
		if !ok {
			return fail("read: --ambiguous must be narrow or wide")
		}
		p, code := lookup(slugs)
		if p == nil {
			return code
		}
		md, key := snap.Markdown(p)
		r, err := pool.Render(ctx, render.Request{Path: p.Path, Key: key, Markdown: md, Width: *width, Style: render.Plain.WithAmbiguous(amb), Base: snap.Permalink(p),
			Features: render.Features{Lang: p.Lang, Emoji: snap.Site.EnableEmoji, Dialect: snap.Site.Dialect}})
		if err != nil {
			return fail("read %s: %v", p.Slug, err)
		}
		if r.Notice != render.LaidOut {
			// The text is still printed: scripts get the words.
			fmt.Fprintf(stderr, "sshblog: read %s: %s\n", p.Slug, r.Reason)
		}
		fmt.Fprintf(stdout, "%s\n%s\n\n%s\n", textwrap.WrapMode(p.Title, *width, amb), textwrap.WrapMode(plainMeta(p), *width, amb), r)
		return 0
	case "search":
		return done(runSearch(ctx, args[1:], snap, stdout))
	case "tags", "categories":
		return done(runTerms(ctx, args[0], args[1:], snap, stdout))
	case "archive", "archives":
		return done(runArchive(ctx, args[1:], snap, stdout))
	case "feed":
		return done(runFeed(ctx, args[1:], snap, pool.MaxPostSize(), slots, wholeFeeds, stdout))
	case "stats":
		if len(args) > 1 {
			return fail("stats takes no arguments")
		}
		return done(runStats(snap, stdout))
	case "problems":
		probs := append(append([]page.Problem(nil), snap.Problems...), renderProblems(snap, pool)...)
		for _, p := range probs {
			fmt.Fprintln(stdout, p.String())
		}
		fmt.Fprintf(stderr, "%d problem(s)\n", len(probs))
		return 0
	case "help", "--help", "-h":
		io.WriteString(stdout, commandHelp)
		return 0
	}
	return fail("unknown command %q (try: help)", args[0])
}

// renderProblems are the published pages shown as plain text: over the
// maximum post size, or, for the version now published, whose layout
// failed.
func renderProblems(snap *site.Snapshot, pool *render.Pool) []page.Problem {
	var out []page.Problem
	for _, list := range [][]*page.Page{snap.Posts, snap.Pages} {
		for _, p := range list {
			if n := snap.MarkdownLen(p); n > pool.MaxPostSize() {
				out = append(out, page.Problem{Path: p.Path, Err: fmt.Sprintf("larger than --max-post-size (%d KB > %d KB): shown as plain text", n>>10, pool.MaxPostSize()>>10)})
			}
		}
	}
	for _, pr := range pool.Problems() {
		if p, ok := snap.ByPath(pr.Path); ok {
			if _, key := snap.Markdown(p); key == pr.Key {
				out = append(out, page.Problem{Path: pr.Path, Err: pr.Reason + ": shown as plain text"})
			}
		}
	}
	return out
}

// parseInterspersed parses flags that may come before or after positional
// arguments ("read SLUG --width 60" and "read --width 60 SLUG").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func dateOf(p *page.Page) string {
	if p.Date.IsZero() {
		return "----------"
	}
	return p.Date.Format("2006-01-02")
}

func plainMeta(p *page.Page) string {
	var parts []string // a page without a date shows none (ls keeps its column)
	if !p.Date.IsZero() {
		parts = append(parts, dateOf(p))
	}
	parts = append(parts, fmt.Sprintf("%d min read", max(1, p.ReadingTime)))
	if len(p.Tags) > 0 {
		parts = append(parts, "#"+strings.Join(p.Tags, " #"))
	}
	return strings.Join(parts, " · ")
}
