package e2e

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// samplePosts are the published sample posts (slug → title) that every
// listing must show.
var samplePosts = map[string]string{
	"winter-reading-list":         "A Winter Reading List, With Cover Art",
	"markdown-over-ssh":           "Rendering Markdown Over SSH: A Practical Walkthrough",
	"notes-from-a-quiet-terminal": "Notes From a Quiet Terminal at Dawn",
	"reading-in-the-terminal":     "在终端里读书与写作：一个慢用户的十年笔记",
	"less-for-long-books":         "用 less 读一本长书：几个顺手的小设置",
	"winter-keyboard-repair":      "冬夜修键盘记",
	"the-case-for-slow-software":  "The Case for Slow Software",
	"figures-in-the-terminal":     "Figures in the Terminal",
}

// presentedHostKey returns the host key the server offers in the SSH
// handshake.
func presentedHostKey(t *testing.T, addr string) gossh.PublicKey {
	t.Helper()
	var got gossh.PublicKey
	cfg := &gossh.ClientConfig{
		User: "anyuser",
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			got = key
			return nil
		},
		HostKeyAlgorithms: []string{gossh.KeyAlgoED25519},
		Timeout:           10 * time.Second,
	}
	c, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		t.Fatalf("ssh handshake with %s: %v", addr, err)
	}
	c.Close()
	return got
}

func TestHostKey(t *testing.T) {
	t.Parallel()
	// A folder that does not exist yet: the server must create it.
	dir := filepath.Join(t.TempDir(), "hostkeys")
	keyPath := filepath.Join(dir, "ssh_host_ed25519_key")

	first := startServer(t, dir)
	fi, err := os.Stat(keyPath)
	if err != nil {
		t.Fatalf("host key not created: %v", err)
	}
	if mode := fi.Mode(); !mode.IsRegular() || mode.Perm() != 0o600 {
		t.Errorf("host key mode = %v, want a regular file with 0600", mode)
	}
	key1, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.ParsePrivateKey(key1)
	if err != nil {
		t.Fatalf("host key file does not parse as an SSH private key: %v", err)
	}
	if typ := signer.PublicKey().Type(); typ != gossh.KeyAlgoED25519 {
		t.Errorf("host key type = %s, want %s", typ, gossh.KeyAlgoED25519)
	}
	want := signer.PublicKey().Marshal()
	if got := presentedHostKey(t, first.addr()); !bytes.Equal(got.Marshal(), want) {
		t.Errorf("first start presents host key %s, want the one in %s (%s)",
			gossh.FingerprintSHA256(got), keyPath, gossh.FingerprintSHA256(signer.PublicKey()))
	}
	first.stop(t)

	second := startServer(t, dir)
	key2, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(key1, key2) {
		t.Errorf("second start rewrote the host key file; want it reused unchanged")
	}
	if got := presentedHostKey(t, second.addr()); !bytes.Equal(got.Marshal(), want) {
		t.Errorf("second start presents host key %s, want the first start's %s",
			gossh.FingerprintSHA256(got), gossh.FingerprintSHA256(signer.PublicKey()))
	}
}

var lsLine = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}\t[^\t]+\t.+$`)

func TestCommands(t *testing.T) {
	needTool(t, "ssh")
	t.Parallel()
	srv := startServer(t, t.TempDir())

	t.Run("ls", func(t *testing.T) {
		res := runSSH(t, srv.Port, "ls")
		if res.Code != 0 || res.Stderr != "" {
			t.Fatalf("ls: exit status %d, stderr %q; want 0 and nothing", res.Code, res.Stderr)
		}
		if !strings.HasSuffix(res.Stdout, "\n") {
			t.Errorf("ls output does not end with a newline: %q", res.Stdout)
		}
		lines := strings.Split(strings.TrimSuffix(res.Stdout, "\n"), "\n")
		seen := map[string]string{}
		prev := "9999-99-99"
		tomorrow := time.Now().AddDate(0, 0, 1).UTC().Format("2006-01-02")
		for _, l := range lines {
			if !lsLine.MatchString(l) {
				t.Errorf("ls line %q does not match %s", l, lsLine)
				continue
			}
			f := strings.Split(l, "\t")
			if f[0] > prev {
				t.Errorf("ls not newest first: %s listed after %s", f[0], prev)
			}
			prev = f[0]
			seen[f[1]] = f[2]
			if strings.Contains(f[2], "Draft") {
				t.Errorf("ls lists the draft post: %q", l)
			}
			// Dates are in each post's own zone: a day of slack.
			if f[0] > tomorrow {
				t.Errorf("ls lists a post dated in the future: %q", l)
			}
		}
		for slug, title := range samplePosts {
			if got, ok := seen[slug]; !ok {
				t.Errorf("ls does not list %s (%q)", slug, title)
			} else if got != title {
				t.Errorf("ls title of %s = %q, want %q", slug, got, title)
			}
		}
		if t.Failed() {
			t.Logf("ls output:\n%s", res.Stdout)
		}
	})

	t.Run("cat", func(t *testing.T) {
		res := runSSH(t, srv.Port, "cat", "reading-in-the-terminal")
		if res.Code != 0 {
			t.Fatalf("cat: exit status %d, stderr %q", res.Code, res.Stderr)
		}
		want := readRepoFile(t, "posts/reading-in-the-terminal.md")
		if res.Stdout != want {
			t.Errorf("cat output (%d bytes) differs from the source file (%d bytes); first difference at byte %d",
				len(res.Stdout), len(want), firstDiff(res.Stdout, want))
		}
	})

	t.Run("read-width-60", func(t *testing.T) {
		res := runSSH(t, srv.Port, "read", "reading-in-the-terminal", "--width", "60")
		if res.Code != 0 {
			t.Fatalf("read: exit status %d, stderr %q", res.Code, res.Stderr)
		}
		checkPlain(t, res.Stdout, 60)
		if !strings.Contains(res.Stdout, "为什么偏偏是终端") {
			t.Errorf("read output lacks the heading 为什么偏偏是终端:\n%s", res.Stdout)
		}
		if !strings.HasPrefix(res.Stdout, samplePosts["reading-in-the-terminal"]+"\n") {
			t.Errorf("read output does not start with the post title: %q", firstLine(res.Stdout))
		}
	})

	t.Run("read-default-width", func(t *testing.T) {
		res := runSSH(t, srv.Port, "read", "markdown-over-ssh")
		if res.Code != 0 {
			t.Fatalf("read: exit status %d, stderr %q", res.Code, res.Stderr)
		}
		checkPlain(t, res.Stdout, 80)
		// Links read as text[n], listed at the end (issue 7).
		if !strings.Contains(res.Stdout, "conventions[1]") || !strings.Contains(res.Stdout, "\n  [1] https://gohugo.io/content-management/organization/\n") {
			t.Errorf("read does not number the links and list them at the end:\n%s", res.Stdout)
		}
		// In the source, the body of Split is tab-indented below its
		// unindented signature; the rendered lines must keep that step.
		sig := codeLine(t, res.Stdout, "func Split(src []byte) (")
		body := codeLine(t, res.Stdout, "rest := src[len(fence):]")
		if sig == "" || body == "" {
			return
		}
		sigIndent, bodyIndent := leading(sig), leading(body)
		if strings.Trim(bodyIndent, " ") != "" {
			t.Errorf("code line %q is indented with %q, want spaces only", body, bodyIndent)
		}
		if len(bodyIndent) <= len(sigIndent) {
			t.Errorf("code indentation lost: %q (indent %d) is not deeper than %q (indent %d)",
				body, len(bodyIndent), sig, len(sigIndent))
		}
	})

	t.Run("unknown-command", func(t *testing.T) {
		res := runSSH(t, srv.Port, "frobnicate")
		if res.Code != 1 {
			t.Errorf("exit status %d, want 1", res.Code)
		}
		if res.Stdout != "" {
			t.Errorf("stdout = %q, want nothing", res.Stdout)
		}
		if strings.Count(res.Stderr, "\n") != 1 || !strings.HasSuffix(res.Stderr, "\n") || strings.TrimSpace(res.Stderr) == "" {
			t.Errorf("stderr = %q, want exactly one non-empty line", res.Stderr)
		}
	})

	t.Run("unknown-slug", func(t *testing.T) {
		for _, cmd := range [][]string{{"cat", "no-such-post"}, {"read", "no-such-post"}} {
			res := runSSH(t, srv.Port, cmd...)
			if res.Code != 1 {
				t.Errorf("%s: exit status %d, want 1", cmd, res.Code)
			}
			if res.Stdout != "" {
				t.Errorf("%s: stdout = %q, want nothing", cmd, res.Stdout)
			}
			if strings.Count(res.Stderr, "\n") != 1 || strings.TrimSpace(res.Stderr) == "" {
				t.Errorf("%s: stderr = %q, want exactly one non-empty line", cmd, res.Stderr)
			}
		}
	})

	t.Run("help", func(t *testing.T) {
		res := runSSH(t, srv.Port, "help")
		if res.Code != 0 || res.Stderr != "" {
			t.Fatalf("help: exit status %d, stderr %q; want 0 and nothing", res.Code, res.Stderr)
		}
		for _, cmd := range []string{"ls", "cat SLUG", "read SLUG", "--width"} {
			if !strings.Contains(res.Stdout, cmd) {
				t.Errorf("help does not mention %q:\n%s", cmd, res.Stdout)
			}
		}
		if strings.ContainsRune(res.Stdout, '\x1b') {
			t.Errorf("help output contains an escape sequence: %q", res.Stdout)
		}
	})
}

// checkPlain asserts that text has no escape byte and no line wider than
// width cells.
func checkPlain(t *testing.T, text string, width int) {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.ContainsRune(l, '\x1b') {
			t.Errorf("line %d contains an escape sequence: %q", i+1, l)
		}
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d cells wide, want ≤ %d: %q", i+1, w, width, l)
		}
	}
}

// codeLine returns the output line whose text, without leading blanks,
// starts with code.
func codeLine(t *testing.T, text, code string) string {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), code) {
			return l
		}
	}
	t.Errorf("no output line starts with the code %q", code)
	return ""
}

func leading(s string) string { return s[:len(s)-len(strings.TrimLeft(s, " \t"))] }

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func firstDiff(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}
