package main

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/sanitize/sanitizetest"
	"github.com/sshblog/sshblog/internal/server"
	"github.com/sshblog/sshblog/internal/store"
)

// What a client chooses (its user name, its command line) reaches the
// operator's terminal through the logs: in either format, no escape
// sequence or bidirectional control gets there raw, and what the client
// sent stays visible, escaped.
func TestLogsEscapeWhatClientsSend(t *testing.T) {
	const user = "reader\u202e\x1b[2J\u009b31m\xff"
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			logs := &syncBuffer{}
			log := newLogger(logs, format)
			cfg := config.Default()
			cfg.ContentDir = "../../content"
			cfg.HostKeyDir = filepath.Join(t.TempDir(), "keys")
			st, err := store.New(store.Options{Dir: cfg.ContentDir})
			if err != nil {
				t.Fatal(err)
			}
			pool := render.NewPool(render.NewCache(1<<20), 1, render.Options{MaxPostSize: cfg.MaxPostSize})
			defer pool.Close()
			srv, err := server.New(cfg, st, pool, log)
			if err != nil {
				t.Fatal(err)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			ctx, stop := context.WithCancel(context.Background())
			served := make(chan error, 1)
			go func() { served <- srv.Serve(ctx, ln) }()
			defer func() { stop(); <-served }()

			c, err := gossh.Dial("tcp", ln.Addr().String(), &gossh.ClientConfig{User: user, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			sess, err := c.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			_, _ = sess.Output("cat \u2066x\u2069\x1b]0;title\x07")
			deadline := time.Now().Add(10 * time.Second)
			got := ""
			for !strings.Contains(got, "session end") && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
				got += logs.take()
			}
			if !strings.Contains(got, "session end") {
				t.Fatalf("no session end logged:\n%q", got)
			}
			if r, bad := sanitizetest.First(got, sanitizetest.Forbidden); bad {
				t.Errorf("the %s log holds U+%04X raw:\n%q", format, r, got)
			}
			for _, escaped := range []string{`u202e`, `x1b[2J`, `u009b31m`, `xff`, `u2066x`} {
				if !strings.Contains(got, escaped) {
					t.Errorf("the %s log does not show %s of what the client sent:\n%s", format, escaped, got)
				}
			}
		})
	}
}
