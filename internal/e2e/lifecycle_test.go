package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// SIGTERM drains: every open reader sees that the blog is restarting, in
// their language, keeps reading, and is closed after --drain-timeout with
// their terminal restored; the server exits with status 0.
func TestDrainNoticeOnSIGTERM(t *testing.T) {
	needTool(t, "ssh", "tmux")
	t.Parallel()
	const drain = 3 * time.Second
	srv := startServerOn(t, t.TempDir(), contentDir(), "--drain-timeout", drain.String())
	en := newPane(t, srv.Port, 100, 30)
	zh := newPaneSSH(t, srv.Port, 100, 30, "", "-o", "SetEnv=LANG=zh_CN.UTF-8")
	waitText(t, en, "posts")
	waitText(t, zh, "篇文章")
	en.keys("Enter") // one reader is in a post
	waitText(t, en, "q/esc")

	start := time.Now()
	srv.signal(t, syscall.SIGTERM)
	waitText(t, en, "The blog is restarting: reconnect in a moment")
	waitText(t, zh, "博客正在重启，请稍后重新连接")
	before := en.capture()
	en.keys("j", "j", "j") // still reading
	waitFor(t, en, "the post to scroll while draining", func(s string) bool { return s != before }, defaultWait)

	if !srv.exited(drain + 15*time.Second) {
		t.Fatalf("server still running %v after SIGTERM with a %v drain", time.Since(start).Round(time.Second), drain)
	}
	if srv.err != nil {
		t.Errorf("server exit after the drain: %v, want status 0; log:\n%s", srv.err, srv.log.String())
	}
	if took := time.Since(start); took < drain-500*time.Millisecond {
		t.Errorf("readers were closed %v after SIGTERM, before the %v drain timeout", took, drain)
	}
	for _, p := range []*pane{en, zh} {
		waitFor(t, p, "ssh to exit", func(string) bool { dead, _ := p.dead(); return dead }, defaultWait)
		// The reader left the alternate screen: the notice, drawn there,
		// is gone from the terminal.
		if s := p.capture(); strings.Contains(s, "restarting") || strings.Contains(s, "重启") {
			t.Errorf("the reader's terminal still shows the reader after the session closed:\n%s", s)
		}
	}
	if log := srv.log.String(); !strings.Contains(log, "draining") {
		t.Errorf("the drain was not logged:\n%s", log)
	}
}

// SIGHUP rereads the configuration file and the content: a new title shows
// up in an open session, which stays open; a setting that needs a restart
// is logged as such, and a broken file changes nothing.
func TestReloadOnSIGHUP(t *testing.T) {
	needTool(t, "ssh", "tmux")
	t.Parallel()
	dir := t.TempDir()
	site := filepath.Join(dir, "content")
	if err := os.CopyFS(site, os.DirFS(contentDir())); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "sshblog.toml")
	write := func(body string) {
		if err := os.WriteFile(conf, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("title = \"Before the reload\"\n")
	srv := startServerOn(t, t.TempDir(), site, "--config", conf)
	p := newPane(t, srv.Port, 100, 30)
	waitText(t, p, "Before the reload")

	write("title = \"After the reload\"\nidle_timeout = \"5m\"\n\n[site]\ndescription = \"A description from the reload\"\n")
	srv.signal(t, syscall.SIGHUP)
	waitText(t, p, "After the reload", "A description from the reload")
	if dead, _ := p.dead(); dead {
		t.Fatal("the session ended on SIGHUP")
	}
	p.keys("Enter") // the session still works
	waitText(t, p, "q/esc")
	waitFor(t, p, "the restart warning in the log", func(string) bool {
		return strings.Contains(srv.log.String(), "need a restart") && strings.Contains(srv.log.String(), "idle-timeout")
	}, defaultWait)

	write("title = [broken\n")
	srv.signal(t, syscall.SIGHUP)
	waitFor(t, p, "the reload error in the log", func(string) bool {
		return strings.Contains(srv.log.String(), "reload: configuration not changed")
	}, defaultWait)
	if res := runSSH(t, srv.Port, "ls"); res.Code != 0 {
		t.Errorf("ls after a SIGHUP with a broken configuration: status %d, %s", res.Code, res.Stderr)
	}
	p.keys("Escape")
	waitText(t, p, "After the reload")
}
