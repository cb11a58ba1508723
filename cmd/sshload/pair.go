package main

import (
	"errors"
	"flag"
	"fmt"
)

// pair is the app and the floor as the post-reading commands (scroll, soak,
// rounds) see them: each opens a post, the app from its list by typing
// keys, the floor (sshfloor --post) showing it straight away.
type pair struct {
	app, floor target
	appKeys    string // raw flag values, unescaped by finish
	floorKeys  string
	expectPost string
	shared     *sessionOpts
}

// pairFlags registers the flags shared by scroll, soak and rounds.
func pairFlags(fs *flag.FlagSet) *pair {
	p := &pair{app: target{name: "app"}, floor: target{name: "floor"}}
	p.shared = termFlags(fs)
	fs.StringVar(&p.app.opts.addr, "app", "127.0.0.1:2222", "address of the app server")
	fs.IntVar(&p.app.pid, "app-pid", 0, "process id of the app server, for its CPU time and RSS from /proc")
	fs.StringVar(&p.app.opts.expect, "app-expect", "q quit", "visible text that shows the app's list is drawn (the footer's key hints: the post count there gives way to update notices)")
	fs.StringVar(&p.appKeys, "app-keys", `\r`, "keys that open the post from the app's list, Go escapes (\\r is Enter; jjj\\r opens the fourth post)")
	fs.StringVar(&p.floor.opts.addr, "floor", "127.0.0.1:2223", "address of the floor server (sshfloor --post FILE)")
	fs.IntVar(&p.floor.pid, "floor-pid", 0, "process id of the floor server")
	fs.StringVar(&p.floor.opts.expect, "floor-expect", "", "visible text that shows the floor is drawn (default: --expect-post, as the floor opens on the post)")
	fs.StringVar(&p.floorKeys, "floor-keys", "", "keys that open the post on the floor (none: sshfloor --post shows it at once)")
	fs.StringVar(&p.expectPost, "expect-post", defaultExpectPost, "visible text that shows the post is open (default: a heading of the post `sshload site` writes)")
	return p
}

// finish checks the flags after parsing and fills in each target's options.
// needPID requires both process ids.
func (p *pair) finish(needPID bool) error {
	for _, t := range []struct {
		t    *target
		keys string
	}{{&p.app, p.appKeys}, {&p.floor, p.floorKeys}} {
		keys, err := parseKeys(t.keys)
		if err != nil {
			return fmt.Errorf("--%s-keys: %w", t.t.name, err)
		}
		o := &t.t.opts
		o.width, o.height, o.timeout = p.shared.width, p.shared.height, p.shared.timeout
		o.keys = keys
		if keys != "" {
			o.expectPost = p.expectPost
		} else if o.expect == "" {
			o.expect = p.expectPost
		}
		if o.keys != "" && o.expectPost == "" {
			return fmt.Errorf("--%s-keys needs --expect-post", t.t.name)
		}
		if len(o.expectPost) > maxExpect {
			return fmt.Errorf("--expect-post is longer than %d bytes", maxExpect)
		}
		if err := checkOpts(o); err != nil {
			return fmt.Errorf("%s: %w", t.t.name, err)
		}
		if needPID && t.t.pid <= 0 {
			return fmt.Errorf("--%s-pid is required", t.t.name)
		}
	}
	if p.app.opts.addr == p.floor.opts.addr {
		return errors.New("--app and --floor are the same address")
	}
	return nil
}

// targets returns the app and the floor, in that order.
func (p *pair) targets() []*target { return []*target{&p.app, &p.floor} }
