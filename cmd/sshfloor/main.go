// Command sshfloor is the performance floor the blog stands on.
//
// It is the smallest wish v2 + bubbletea v2 server that does what the blog
// does structurally: accept an anonymous SSH connection, require a PTY
// (activeterm middleware), and run a bubbletea program per session through the
// wish bubbletea middleware. Its View draws a single line, "floor", in the
// alternate screen, and it quits on q or ctrl+c.
//
// With --post FILE.md it shows that post instead, the way the blog's pager
// does at its simplest: rendered once at start with glamour (dark style,
// wrapped at --width) and cut into lines once; each frame is the window's
// worth of those lines, scrolled with j/k/up/down. That is the floor a scroll
// key in the blog is compared with (sshload scroll). --viewport shows the
// post in a bubbles viewport instead, to measure what that costs.
// --fps caps bubbletea's frame rate (off by default), to measure what a
// lower one saves and costs against the plain floor.
//
// It exists only to be measured. Running cmd/sshload against both sshfloor
// and the real blog shows how much connect latency and per-session memory the
// blog adds on top of what wish, the SSH handshake and bubbletea cost anyway:
//
//	go run ./cmd/sshfloor --listen 127.0.0.1:2223 &
//	go run ./cmd/sshload connect --addr 127.0.0.1:2223 --n 50 --expect floor
//
// --debug-listen ADDR serves pprof and runtime stats like the blog's flag.
//
// Keep it minimal: anything added here raises the floor and hides the blog's
// own cost.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/activeterm"
	"charm.land/wish/v2/bubbletea"

	"github.com/sshblog/sshblog/internal/debughttp"
)

func main() {
	if err := run(); err != nil {
		log.Fatalf("sshfloor: %v", err)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:2223", "address to listen on")
	hostKeys := flag.String("hostkeys", "", "directory holding the host key (default: a fresh temporary directory)")
	postFile := flag.String("post", "", "markdown file to show, scrolling, instead of the line \"floor\"")
	width := flag.Int("width", 100, "wrap width of --post (the blog wraps at the window width, at most 100)")
	useViewport := flag.Bool("viewport", false, "show --post in a bubbles viewport instead of slicing its lines")
	fps := flag.Int("fps", 0, "bubbletea's frame rate (tea.WithFPS; 0: its default, 60), to measure what a lower one saves")
	debugListen := flag.String("debug-listen", "", "address for pprof and runtime stats, e.g. 127.0.0.1:6061 (off when empty)")
	flag.Parse()

	handler := teaHandler
	if *postFile != "" {
		body, err := renderPost(*postFile, *width)
		if err != nil {
			return err
		}
		handler = postHandler(body, *useViewport)
	}
	if *fps > 0 {
		handler = withFPS(handler, *fps)
	}
	if *debugListen != "" {
		addr, err := debughttp.Serve(context.Background(), *debugListen)
		if err != nil {
			return err
		}
		log.Printf("sshfloor: debug listener on %s", addr)
	}

	dir := *hostKeys
	if dir == "" {
		tmp, err := os.MkdirTemp("", "sshfloor-hostkeys-")
		if err != nil {
			return fmt.Errorf("create host key dir: %w", err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create host key dir %s: %w", dir, err)
	}

	// No auth handlers are set, so charm.land/ssh turns on NoClientAuth:
	// any user name is accepted with the "none" method, like the blog.
	srv, err := wish.NewServer(
		wish.WithAddress(*listen),
		wish.WithHostKeyPath(filepath.Join(dir, "ssh_host_ed25519")),
		wish.WithMiddleware(
			// Middlewares compose first to last, so the last one runs
			// first: activeterm rejects non-PTY sessions before bubbletea.
			bubbletea.Middleware(handler),
			activeterm.Middleware(),
		),
	)
	if err != nil {
		return fmt.Errorf("create server: %w", err)
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *listen, err)
	}
	log.Printf("sshfloor: listening on %s (pid %d, host keys in %s)", ln.Addr(), os.Getpid(), dir)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	sigc := make(chan os.Signal, 1)
	signal.Notify(sigc, os.Interrupt, syscall.SIGTERM)

	select {
	case err := <-errc:
		if err != nil && !errors.Is(err, ssh.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
		return nil
	case sig := <-sigc:
		log.Printf("sshfloor: %v, shutting down", sig)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// teaHandler builds the per-session bubbletea model. The middleware adds the
// input, output, environment and window size options itself.
func teaHandler(ssh.Session) (tea.Model, []tea.ProgramOption) {
	return model{}, nil
}

// withFPS makes h's programs draw at most fps frames a second.
func withFPS(h func(ssh.Session) (tea.Model, []tea.ProgramOption), fps int) func(ssh.Session) (tea.Model, []tea.ProgramOption) {
	return func(sess ssh.Session) (tea.Model, []tea.ProgramOption) {
		m, opts := h(sess)
		return m, append(opts, tea.WithFPS(fps))
	}
}

// model is the floor UI: one line, no state.
type model struct{}

// Init implements tea.Model.
func (model) Init() tea.Cmd { return nil }

// Update implements tea.Model: q and ctrl+c quit, everything else is ignored.
func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if key, ok := msg.(tea.KeyPressMsg); ok {
		switch key.String() {
		case "q", "ctrl+c":
			return m, tea.Quit
		}
	}
	return m, nil
}

// View implements tea.Model: the single line "floor" in the alt screen.
func (model) View() tea.View {
	v := tea.NewView("floor")
	v.AltScreen = true
	return v
}
