package main

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
)

func TestParseKeys(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{`\r`, "\r", false},
		{`jjj\r`, "jjj\r", false},
		{`\x1b[B`, "\x1b[B", false},
		{`say "hi"`, `say "hi"`, false},
		{``, ``, false},
		{`\q`, ``, true},
	}
	for _, tt := range tests {
		got, err := parseKeys(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("parseKeys(%q) = %q, %v; want %q (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestScrollKeyStaysInside(t *testing.T) {
	// The view must go back and forth, never further than span from the
	// top, whatever the number of keys.
	pos, maxPos := 0, 0
	for i := range 1000 {
		switch scrollKey(i, 40) {
		case 'j':
			pos++
		case 'k':
			pos--
		}
		if pos < 0 {
			t.Fatalf("key %d scrolls above the top", i)
		}
		maxPos = max(maxPos, pos)
	}
	if maxPos != 40 {
		t.Errorf("furthest position %d, want 40", maxPos)
	}
	if scrollKey(5, 0) != 'j' {
		t.Error("span 0 must still scroll")
	}
}

func TestFailuresByStage(t *testing.T) {
	errs := []error{
		&openError{stage: stageHandshake, err: errors.New("x")},
		&openError{stage: stageScreen, err: errors.New("y")},
		&openError{stage: stageHandshake, err: errors.New("z"), timedOut: true},
		errors.New("plain"),
	}
	if got := failures(errs); got != "handshake=2 other=1 screen=1 (1 past the deadline)" {
		t.Errorf("failures = %q", got)
	}
	if got := failures(nil); got != "none" {
		t.Errorf("failures(nil) = %q", got)
	}
	if n := countStage(errs, stageHandshake); n != 2 {
		t.Errorf("countStage = %d", n)
	}
	if n := countTimedOut(errs); n != 1 {
		t.Errorf("countTimedOut = %d", n)
	}
	if msg := errs[2].Error(); msg != "z (deadline passed)" {
		t.Errorf("timed-out error reads %q", msg)
	}
}

func TestPairFinish(t *testing.T) {
	parse := func(args ...string) (*pair, error) {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		p := pairFlags(fs)
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		return p, p.finish(false)
	}
	p, err := parse()
	if err != nil {
		t.Fatal(err)
	}
	if p.app.opts.keys != "\r" || p.app.opts.expectPost != defaultExpectPost || p.app.opts.expect != "q quit" {
		t.Errorf("app defaults: %+v", p.app.opts)
	}
	// The floor opens on the post: its first screen is the post's text.
	if p.floor.opts.keys != "" || p.floor.opts.expect != defaultExpectPost || p.floor.opts.expectPost != "" {
		t.Errorf("floor defaults: %+v", p.floor.opts)
	}
	if _, err := parse("--app-keys", `\z`); err == nil || !strings.Contains(err.Error(), "app-keys") {
		t.Errorf("bad keys: %v", err)
	}
	if _, err := parse("--floor", "127.0.0.1:2222"); err == nil {
		t.Error("same address for app and floor accepted")
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	p = pairFlags(fs)
	if err := p.finish(true); err == nil || !strings.Contains(err.Error(), "pid") {
		t.Errorf("missing pids: %v", err)
	}
}

// --type types a character a key, a Chinese one as its UTF-8 bytes, and
// starts over at the end.
func TestTypedKeys(t *testing.T) {
	keys := typedKeys("终a\x7f")
	var got []string
	for i := range 5 {
		got = append(got, string(keys(i)))
	}
	if want := []string{"终", "a", "\x7f", "终", "a"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("typed %q, want %q", got, want)
	}
}
