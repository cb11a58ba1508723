package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/site"
)

// A blog past CompressAbove keeps no sources of its posts in memory:
// they are read back from its spill file as they were written (cat
// prints them); an edit's new version too. A post edited into a broken
// version keeps its last good text, in the lists, shown, printed and
// found, while the problem is reported with its file and line. A blog
// under the size keeps its sources in memory.
func TestLargeBlogKeepsSourcesCompressed(t *testing.T) {
	dir := t.TempDir()
	para := variedText(1) + "我们在终端里阅读文章，慢慢地写下这些字。Reading in the terminal.\n\n" + variedText(2)
	files := map[string]string{
		"posts/a.md":       "---\ntitle: A\ndate: 2024-01-01\nsummary: 摘要\n---\n" + para,
		"posts/b/index.md": "+++\ntitle = \"B\"\ndate = 2024-02-01\n+++\n" + para + "{{< ref \"a\" >}}\n",
		// A paragraph repeated compresses 8 times or more: kept.
		"posts/c.md": "---\ntitle: C\ndate: 2024-03-01\n---\n" + strings.Repeat("我们在终端里阅读文章，慢慢地写下这些字。\n\n", 50),
	}
	for rel, src := range files {
		writeFile(t, dir, rel, src)
	}
	source := func(s *site.Snapshot, rel string) (string, bool) {
		p, ok := s.ByPath(rel)
		if !ok {
			t.Fatalf("%s not served", rel)
		}
		return p.Source(), p.Compressed()
	}

	small, err := New(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, z := source(small.Snapshot(), "posts/a.md"); z {
		t.Error("a blog of two posts keeps its sources compressed")
	}

	st, err := New(Options{Dir: dir, CompressAbove: 1000, SpillDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for rel, want := range files {
		if got, z := source(st.Snapshot(), rel); got != want || !z {
			t.Errorf("%s: compressed %v, source read back %t", rel, z, got == want)
		}
		p, _ := st.Snapshot().ByPath(rel)
		if onDisk := rel != "posts/c.md"; p.OnDisk() != onDisk {
			t.Errorf("%s: kept on disk %t, want %t", rel, p.OnDisk(), onDisk)
		}
	}
	a, _ := st.Snapshot().ByPath("posts/a.md")
	if md, _ := st.Snapshot().Markdown(a); md != para {
		t.Errorf("a.md's markdown read back %q...", md[:min(40, len(md))])
	}

	edited := "---\ntitle: A2\ndate: 2024-01-01\nsummary: 摘要\n---\n" + para + "一句新的话。\n"
	writeFile(t, dir, "posts/a.md", edited)
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, z := source(st.Snapshot(), "posts/a.md"); got != edited || !z {
		t.Errorf("edited a.md: compressed %v, source read back %t", z, got == edited)
	}

	writeFile(t, dir, "posts/a.md", "---\ntitle: A3\ndate: [broken\n---\nnew words\n")
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := st.Snapshot()
	broken, ok := s.ByPath("posts/a.md")
	if !ok || broken.Title != "A2" || len(s.Problems) != 1 {
		t.Fatalf("broken a.md: last good version listed %t, problems %v", ok, s.Problems)
	}
	if pr := s.Problems[0]; pr.Path != "posts/a.md" || pr.Line == 0 {
		t.Errorf("broken a.md reported as %s:%d: %s, want posts/a.md and a line", pr.Path, pr.Line, pr.Err)
	}
	if src, err := broken.ReadSource(); err != nil || src != edited {
		t.Errorf("broken a.md's last good source read back %t, %v", src == edited, err)
	}
	if md, key := s.Markdown(broken); md != para+"一句新的话。\n" || key != broken.Key() {
		t.Errorf("broken a.md shown as %.40q under its own key %t", md, key == broken.Key())
	}
	// Not in a.md's summary: found in the text of a's last good version,
	// b's and c's.
	if hits := s.Search("终端里阅读文章，慢慢"); hits.Len() != 3 {
		t.Errorf("a Chinese phrase finds %d posts, want a, b and c", hits.Len())
	}
	if hits := s.Search("一句新的话"); hits.Len() != 1 {
		t.Errorf("a phrase only a.md's last good version holds finds %d posts", hits.Len())
	}
}

// variedText is Chinese text that compresses about as real text does
// (under 8 times, see page.Options.Spill), the same for the same seed.
func variedText(seed uint32) string {
	const chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
	runes := []rune(chars)
	var b strings.Builder
	x := seed*2654435761 + 1
	for i := range 600 {
		x = x*1664525 + 1013904223
		b.WriteRune(runes[int(x>>8)%len(runes)])
		if i%40 == 39 {
			b.WriteString("。\n\n")
		}
	}
	return b.String()
}

// A large blog's post whose file is changed behind the store's back
// (before the watcher's reload) is served as the snapshot has it: a file
// grown to 10 MB, replaced by a link to a secret out of the blog or to a
// file of the same size elsewhere in it, or deleted, changes nothing a
// reader of the snapshot sees, and no other bytes are ever served.
func TestLargeBlogServesItsSnapshotsText(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	para := variedText(3) + strings.Repeat("我们在终端里阅读文章，慢慢地写下这些字。\n\n", 2) + variedText(4)
	a := "---\ntitle: A\ndate: 2024-01-01\nsummary: 摘要\n---\n" + para
	writeFile(t, dir, "posts/a.md", a)
	writeFile(t, dir, "posts/b.md", "---\ntitle: B\ndate: 2024-01-02\n---\nother words\n")
	// Same size as a.md, other bytes.
	twin := "---\ntitle: A\ndate: 2024-01-01\nsummary: 摘要\n---\n" + strings.Replace(para, "终端", "窗口", -1)
	writeFile(t, dir, "drafts/twin.txt", twin)
	writeFile(t, outside, "secret.md", twin)
	st, err := New(Options{Dir: dir, CompressAbove: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := st.Snapshot()
	p, ok := s.ByPath("posts/a.md")
	if !ok || !p.OnDisk() {
		t.Fatalf("a.md served %t, kept on disk %t", ok, ok && p.OnDisk())
	}
	served := func(how string) {
		t.Helper()
		src, err := p.ReadSource()
		md, key := s.Markdown(p)
		hits := s.Search("终端里阅读").Len()
		if err != nil || src != a || md != para || key != p.Key() || hits != 1 {
			t.Errorf("%s: err %v, source %t, markdown %t, key %t, %d hits", how, err, src == a, md == para, key == p.Key(), hits)
		}
		if s.Search("窗口").Len() != 0 {
			t.Errorf("%s: another file's bytes found", how)
		}
	}
	served("as loaded")

	path := filepath.Join(dir, "posts", "a.md")
	big := a + strings.Repeat("x", 10<<20)
	if err := os.WriteFile(path, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	served("grown to 10 MB")
	for _, target := range []string{filepath.Join(outside, "secret.md"), filepath.Join(dir, "drafts", "twin.txt"), "../drafts/twin.txt"} {
		os.Remove(path)
		if err := os.Symlink(target, path); err != nil {
			t.Fatal(err)
		}
		served("a link to " + target)
	}
	os.Remove(path)
	served("deleted")
}

// A git-sync swap of a large blog's folder link, the old worktree
// removed: the snapshot a reader holds serves what it was made from, a
// post the swap changed included, until the reload, which serves the new
// text; the old snapshot still serves the old.
func TestLargeBlogServesAcrossSwap(t *testing.T) {
	parent := t.TempDir()
	body := variedText(5)
	a := "---\ntitle: A\ndate: 2024-01-01\n---\n" + body
	writeFile(t, parent, "rev1/posts/a.md", a)
	writeFile(t, parent, "rev1/posts/b.md", "---\ntitle: B\ndate: 2024-01-02\n---\n"+body+"old text\n")
	link := filepath.Join(parent, "content")
	symlink(t, "rev1", link)
	st, err := New(Options{Dir: link, CompressAbove: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	old := st.Snapshot()
	pa, _ := old.ByPath("posts/a.md")
	pb, _ := old.ByPath("posts/b.md")
	if src, err := pa.ReadSource(); err != nil || src != a || !pa.OnDisk() || !pb.OnDisk() {
		t.Fatalf("a.md before the swap: %v, read back %t, on disk %t", err, src == a, pa.OnDisk())
	}

	writeFile(t, parent, "rev2/posts/a.md", a)
	writeFile(t, parent, "rev2/posts/b.md", "---\ntitle: B\ndate: 2024-01-02\n---\n"+body+"new text\n")
	swapLink(t, "rev2", link)
	if err := os.RemoveAll(filepath.Join(parent, "rev1")); err != nil {
		t.Fatal(err)
	}
	if src, err := pa.ReadSource(); err != nil || src != a {
		t.Errorf("unchanged a.md after the swap: %v, read back %t", err, src == a)
	}
	if md, _ := old.Markdown(pb); md != body+"old text\n" {
		t.Errorf("changed b.md shown by the old snapshot as %.40q", md)
	}
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	nb, _ := st.Snapshot().ByPath("posts/b.md")
	if md, _ := st.Snapshot().Markdown(nb); md != body+"new text\n" {
		t.Errorf("b.md after the reload: %.40q", md)
	}
	if md, _ := old.Markdown(pb); md != body+"old text\n" {
		t.Errorf("b.md in the old snapshot after the reload: %.40q", md)
	}
}
