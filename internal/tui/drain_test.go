package tui

import (
	"strings"
	"testing"
)

// When the server drains, the reader sees one line saying so in their
// language, on the list and in the pager, over help and other notices,
// and can go on reading.
func TestDrainNotice(t *testing.T) {
	snap := sampleSnapshot(t)
	for _, c := range []struct{ lang, want string }{
		{"en_US.UTF-8", "The blog is restarting: reconnect in a moment"},
		{"zh_CN.UTF-8", "博客正在重启，请稍后重新连接"},
	} {
		m := New(snap, renders(t), Options{Environ: []string{"LANG=" + c.lang}, Width: 100, Height: 30})
		send(m, press("?"))
		send(m, DrainMsg{})
		if got := plain(m); strings.Count(got, c.want) != 1 {
			t.Errorf("%s list after DrainMsg: want the notice once on screen:\n%s", c.lang, got)
		}
		send(m, SnapshotMsg{Snap: snap}) // its own notice must not hide the drain's
		send(m, press("enter"))
		send(m, press("j"))
		got := plain(m)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s pager while draining: no notice:\n%s", c.lang, got)
		}
		if !strings.Contains(got, snap.Posts[0].Title) {
			t.Errorf("%s: the post did not open while draining:\n%s", c.lang, got)
		}
		assertFits(t, m)
	}
}
