package server

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	gossh "golang.org/x/crypto/ssh"
)

// Limits on what a client may ask of one session. Requests pass through
// filterRequests before the SSH library sees them, so that nothing the
// library would store or parse without bound reaches it.
const (
	// MaxCommandBytes bounds an exec request's command line. Longer ones
	// are refused before anything parses them: the library splits command
	// lines into words in time quadratic in a word's length (100 KB took
	// 2.6 s, and it was split three times).
	MaxCommandBytes = 4096
	// MaxEnvPerSession bounds the env requests a session accepts: the
	// library keeps every one (10,000 of them cost 450 MB).
	MaxEnvPerSession = 32
	maxEnvName       = 64
	maxEnvValue      = 256
	// maxPtyRequest bounds a pty-req (terminal name, sizes, modes: OpenSSH
	// sends about 300 bytes); the library keeps it for the session.
	maxPtyRequest = 4096
	// loggedCommandBytes is how much of a command line is logged, and
	// loggedUserBytes how much of a user name.
	loggedCommandBytes = 128
	loggedUserBytes    = 64
)

// filterRequests passes from in to out the requests of one session that
// the server serves, checked and bounded, and answers every other itself:
// signals, breaks, agent and X11 forwarding, subsystems have no use here.
// It closes out when in is closed (the client closed the session);
// closeConn closes the session's connection.
// Passing requests one at a time on an unbuffered channel keeps the SSH
// library's flow control: a client that floods requests waits for the
// server instead of filling its memory.
func (s *Server) filterRequests(ch gossh.Channel, remote string, closeConn func(), in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	// A session has the unused timeout to ask for a shell or a command:
	// until it does, nothing reads its input.
	unstarted := time.AfterFunc(s.unusedTimeout, func() {
		s.refusals.notice("session closed: no shell or command", "remote", remote, "after", s.unusedTimeout.String())
		_ = ch.Close()
	})
	defer unstarted.Stop()
	envs := 0
	started, pty := false, false
	for req := range in {
		ok := true
		switch req.Type {
		case "env":
			switch {
			case started || !allowedEnv(req.Payload):
				ok = false
			case envs >= MaxEnvPerSession:
				ok = false
				s.refusals.note("env request refused: too many on one session", "remote", remote, "limit", MaxEnvPerSession)
			default:
				envs++
			}
		case "pty-req":
			ok = !started && len(req.Payload) <= maxPtyRequest
			pty = pty || ok
		case "window-change":
		case "shell", "exec":
			// The library would refuse a second one too; once the
			// unused timeout has closed the session, there is none.
			ok = !started && unstarted.Stop()
			started = true
			if ok && req.Type == "exec" && len(req.Payload) > 4+MaxCommandBytes {
				s.refuseCommand(ch, req, remote, closeConn, pty)
				continue
			}
		default:
			ok = false
		}
		if !ok {
			_ = req.Reply(false, nil)
			continue
		}
		out <- req
	}
}

// refuseCommand answers an over-long exec request with a one-line error on
// stderr and exit status 1, without parsing it, and logs its beginning.
// The line goes through the stall guard: a client may open its session
// with no window, and the write would wait for as long as the connection
// lasts.
func (s *Server) refuseCommand(ch gossh.Channel, req *gossh.Request, remote string, closeConn func(), pty bool) {
	n := len(req.Payload) - 4 // the string's length prefix
	s.refusals.note("command refused: too long", "remote", remote, "bytes", n, "command", truncate(string(req.Payload[4:4+loggedCommandBytes+1]), loggedCommandBytes))
	_ = req.Reply(true, nil)
	msg := fmt.Sprintf("sshblog: command line too long (%d bytes, at most %d)\n", n, MaxCommandBytes)
	if pty {
		msg = strings.ReplaceAll(msg, "\n", "\r\n")
	}
	_, _ = s.guardConn(remote, closeConn, ch.Stderr()).Write([]byte(msg))
	_, _ = ch.SendRequest("exit-status", false, gossh.Marshal(struct{ Status uint32 }{1}))
	_ = ch.Close()
}

// allowedEnv reports whether an env request sets a variable the reader
// uses (locale, terminal type, colour preference) to a plausible value.
// Anything else could only reach code that reads the environment for
// other purposes (ultraviolet's UV_DEBUG names a file to write, say).
func allowedEnv(payload []byte) bool {
	if len(payload) > 8+maxEnvName+maxEnvValue {
		return false
	}
	var kv struct{ Name, Value string }
	if gossh.Unmarshal(payload, &kv) != nil || len(kv.Name) > maxEnvName || len(kv.Value) > maxEnvValue {
		return false
	}
	for _, r := range kv.Value {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return false
		}
	}
	switch kv.Name {
	case "LANG", "TERM", "COLORTERM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE":
		return true
	}
	rest, ok := strings.CutPrefix(kv.Name, "LC_")
	return ok && rest != "" && strings.Trim(rest, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == ""
}

// truncate cuts s to at most n bytes for a log line, between characters,
// marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
