package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	sshblog "github.com/sshblog/sshblog/internal/server"
)

// Only the blog is served, through the real server and OpenSSH: the
// content folder is a repository root holding the host key folder, with
// links to the host key and to /etc/passwd. No command prints them; the
// links are reported by `problems`.
func TestOnlyTheBlogIsServed(t *testing.T) {
	needTool(t, "ssh")
	t.Parallel()
	root := t.TempDir()
	keys := filepath.Join(root, "hostkeys")
	keyPath, err := sshblog.EnsureHostKey(keys)
	if err != nil {
		t.Fatal(err)
	}
	write := func(rel, body string) {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("posts/hello.md", "---\ntitle: Hello\ndate: 2024-01-01\n---\nhello\n")
	write("hostkeys/index.md", "---\ntitle: Keys\ndate: 2024-01-02\n---\nkeys\n")
	links := map[string]string{"posts/key.md": "../hostkeys/" + sshblog.HostKeyName}
	if _, err := os.Stat("/etc/passwd"); err == nil {
		links["posts/passwd.md"] = "/etc/passwd"
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	key, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	keyLine := strings.Split(string(key), "\n")[3] // base64 of the key itself
	srv := startServerOn(t, keys, root)

	check := func(args []string, res sshResult) {
		t.Helper()
		for _, out := range []string{res.Stdout, res.Stderr} {
			for _, leak := range []string{"PRIVATE KEY", keyLine, "root:"} {
				if strings.Contains(out, leak) {
					t.Errorf("ssh %s prints %q:\n%s", strings.Join(args, " "), leak, out)
				}
			}
		}
	}
	for _, slug := range []string{"key", "passwd", "hostkeys", "keys"} {
		args := []string{"cat", slug}
		res := runSSH(t, srv.Port, args...)
		check(args, res)
		if res.Code == 0 {
			t.Errorf("cat %s: exit status 0, want 1 (no such post):\n%s", slug, res.Stdout)
		}
	}
	ls := runSSH(t, srv.Port, "ls")
	check([]string{"ls"}, ls)
	if got := strings.TrimSpace(ls.Stdout); !strings.HasSuffix(got, "\thello\tHello") || strings.Count(got, "\n") != 0 {
		t.Errorf("ls = %q, want the hello post only", got)
	}
	problems := runSSH(t, srv.Port, "problems")
	check([]string{"problems"}, problems)
	for link := range links {
		if !strings.Contains(problems.Stdout, link+": not served") {
			t.Errorf("problems does not report %s:\n%s", link, problems.Stdout)
		}
	}
	if strings.Contains(problems.Stdout, "hostkeys/") {
		t.Errorf("problems names files of the host key folder:\n%s", problems.Stdout)
	}
}
