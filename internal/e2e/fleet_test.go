package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	proxyproto "github.com/pires/go-proxyproto"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	gossh "golang.org/x/crypto/ssh"
)

// The addresses of the fleet test: readers connect from readerAddr,
// HAProxy (the trusted balancer) reaches the replicas from 127.0.0.1, and
// an attacker dials a replica directly from rogueAddr.
const (
	readerAddr = "127.0.0.3"
	rogueAddr  = "127.0.0.2"
)

// replica is one sshblog process of the fleet with its metrics port.
type replica struct {
	*server
	metrics int
}

// startReplica starts sshblog behind the PROXY protocol, trusting only
// 127.0.0.1, with metrics on a port of its own.
func startReplica(t *testing.T, hostkeys string) replica {
	t.Helper()
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	s := startServerOn(t, hostkeys, contentDir(),
		"--proxy-protocol", "--proxy-trusted", "127.0.0.1/32",
		"--metrics-listen", fmt.Sprintf("127.0.0.1:%d", port),
		"--drain-delay", "2s")
	return replica{server: s, metrics: port}
}

// startHAProxy runs deploy/haproxy.cfg with the replicas as its servers,
// listening on a free loopback port it returns. Only the addresses and the
// check interval differ from the file as shipped.
func startHAProxy(t *testing.T, replicas ...replica) int {
	t.Helper()
	shipped, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "haproxy.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	var cfg strings.Builder
	for _, line := range strings.Split(string(shipped), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "bind "):
			line = fmt.Sprintf("    bind 127.0.0.1:%d", port)
		case strings.HasPrefix(trimmed, "server "):
			continue
		case strings.HasPrefix(trimmed, "default-server "):
			if !strings.Contains(line, "send-proxy-v2") || !strings.Contains(line, " check ") {
				t.Fatalf("deploy/haproxy.cfg's default-server no longer sends PROXY v2 with checks: %s", line)
			}
			line = strings.NewReplacer("inter 1s", "inter 200ms", "fall 2", "fall 1", "rise 2", "rise 1").Replace(line)
		}
		cfg.WriteString(line + "\n")
	}
	for i, r := range replicas {
		fmt.Fprintf(&cfg, "    server replica%d 127.0.0.1:%d port %d\n", i+1, r.Port, r.metrics)
	}
	path := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(path, []byte(cfg.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	cmd := exec.Command("haproxy", "-db", "-f", path)
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("haproxy log:\n%s", log.String())
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			return port
		}
		select {
		case <-done:
			t.Fatalf("haproxy exited: %s", log.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("haproxy not listening after 10s: %s", log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sshVia runs ssh to the balancer from readerAddr, checking the host key
// against knownHosts (accepting it the first time when first is set).
func sshVia(t *testing.T, port int, knownHosts string, first bool, args ...string) sshResult {
	t.Helper()
	strict := "yes"
	if first {
		strict = "accept-new"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ssh", append([]string{
		"-F", "none", "-b", readerAddr, "-p", fmt.Sprint(port),
		"-o", "StrictHostKeyChecking=" + strict,
		"-o", "UserKnownHostsFile=" + knownHosts,
		"-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
		"anyuser@127.0.0.1"}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	res := sshResult{Stdout: out.String(), Stderr: errb.String()}
	if exit, ok := err.(*exec.ExitError); ok {
		res.Code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("ssh: %v", err)
	}
	return res
}

// sharedHostKeys is the fleet's host key folder, as a mounted Secret:
// one ed25519 key made beforehand, the folder read-only.
func sharedHostKeys(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "hostkeys")
	os.Mkdir(dir, 0o700)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "fleet", "-f", filepath.Join(dir, "ssh_host_ed25519_key")).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v: %s", err, out)
	}
	os.Remove(filepath.Join(dir, "ssh_host_ed25519_key.pub"))
	os.Chmod(filepath.Join(dir, "ssh_host_ed25519_key"), 0o400)
	os.Chmod(dir, 0o500)
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	return dir
}

// scrapeMetrics reads a replica's /metrics with Prometheus' text parser.
func scrapeMetrics(t *testing.T, port int) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", port))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// metricValue is the value of the series of name whose labels include
// labels (name, value, ...); -1 if there is none.
func metricValue(fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	f := fams[name]
	if f == nil {
		return -1
	}
	for _, m := range f.Metric {
		have := map[string]string{}
		for _, l := range m.Label {
			have[l.GetName()] = l.GetValue()
		}
		match := true
		for i := 0; i+1 < len(labels); i += 2 {
			match = match && have[labels[i]] == labels[i+1]
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		}
	}
	return -1
}

// waitUntil waits up to defaultWait for cond.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(defaultWait); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", defaultWait, what)
		}
	}
}

func readyz(port int) int {
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/readyz", port))
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

var sessionFromReader = regexp.MustCompile(`msg="session start" remote=` + regexp.QuoteMeta(readerAddr) + `:\d+ `)

// Two replicas behind HAProxy with PROXY protocol v2, as deploy/ runs
// them: OpenSSH through HAProxy reaches the blog on both, each logs the
// reader's own address, both present the one host key, a header from an
// untrusted address is refused, the metrics count the sessions, and a
// replica drained with SIGTERM loses no command.
func TestFleetBehindHAProxy(t *testing.T) {
	needTool(t, "ssh", "ssh-keygen", "haproxy")
	keys := sharedHostKeys(t)
	r1, r2 := startReplica(t, keys), startReplica(t, keys)
	for _, r := range []replica{r1, r2} {
		if code := readyz(r.metrics); code != 200 {
			t.Fatalf("replica on %d: /readyz %d once serving, want 200", r.Port, code)
		}
	}
	fe := startHAProxy(t, r1, r2)
	known := filepath.Join(t.TempDir(), "known_hosts")

	// Through HAProxy until both replicas have served a reader: after the
	// first connection the host key is checked strictly, so a replica
	// with another key fails the command.
	first := sshVia(t, fe, known, true, "ls")
	if first.Code != 0 || !strings.Contains(first.Stdout, "reading-in-the-terminal") {
		t.Fatalf("ls through HAProxy: status %d, stdout %q, stderr %q", first.Code, first.Stdout, first.Stderr)
	}
	posts := len(strings.Split(strings.TrimSpace(first.Stdout), "\n"))
	for i := 0; len(sessionFromReader.FindAllString(r1.log.String(), -1)) == 0 || len(sessionFromReader.FindAllString(r2.log.String(), -1)) == 0; i++ {
		if i == 20 {
			t.Fatalf("20 commands through HAProxy did not reach both replicas (logs of the reader's address: %d and %d)",
				len(sessionFromReader.FindAllString(r1.log.String(), -1)), len(sessionFromReader.FindAllString(r2.log.String(), -1)))
		}
		if res := sshVia(t, fe, known, false, "ls"); res.Code != 0 || res.Stdout != first.Stdout {
			t.Fatalf("ls %d through HAProxy (host key checked): status %d, stderr %q", i+2, res.Code, res.Stderr)
		}
	}
	if strings.Contains(r1.log.String()+r2.log.String(), `msg="session start" remote=127.0.0.1:`) {
		t.Error("a session was logged under HAProxy's address, not the reader's")
	}

	// A header from an address that is not the balancer: refused, and its
	// claimed address appears nowhere.
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(rogueAddr)}, Timeout: 5 * time.Second}
	rogue, err := d.Dial("tcp", r1.addr())
	if err != nil {
		t.Fatal(err)
	}
	defer rogue.Close()
	src := &net.TCPAddr{IP: net.ParseIP("203.0.113.50"), Port: 4444}
	if _, err := proxyproto.HeaderProxyFromAddrs(2, src, rogue.RemoteAddr()).WriteTo(rogue); err != nil {
		t.Fatal(err)
	}
	rogue.SetDeadline(time.Now().Add(10 * time.Second))
	if _, _, _, err := gossh.NewClientConn(rogue, r1.addr(), &gossh.ClientConfig{User: "x", HostKeyCallback: gossh.InsecureIgnoreHostKey()}); err == nil {
		t.Error("a PROXY header from an untrusted address was accepted")
	}
	waitUntil(t, "the untrusted header's refusal in the log", func() bool {
		return strings.Contains(r1.log.String(), "PROXY header from an untrusted address")
	})
	if strings.Contains(r1.log.String(), "203.0.113.50") {
		t.Error("the address an untrusted header claimed reached the log")
	}

	// The metrics count what the replicas did, as Prometheus reads them.
	for _, r := range []replica{r1, r2} {
		fams := scrapeMetrics(t, r.metrics)
		served := float64(strings.Count(r.log.String(), `msg="session end"`))
		if got := metricValue(fams, "sshblog_sessions_total", "kind", "command", "end", "done"); got != served || served == 0 {
			t.Errorf("replica %d: sshblog_sessions_total{command,done} = %v, its log has %v session ends", r.Port, got, served)
		}
		if got := metricValue(fams, "sshblog_posts"); got != float64(posts) {
			t.Errorf("replica %d: sshblog_posts = %v, ls lists %d", r.Port, got, posts)
		}
		if got := metricValue(fams, "sshblog_bytes_sent_total"); got < served*float64(len(first.Stdout)) {
			t.Errorf("replica %d: sshblog_bytes_sent_total = %v, want at least %v", r.Port, got, served*float64(len(first.Stdout)))
		}
		if got := metricValue(fams, "sshblog_snapshot_generation"); got < 1 {
			t.Errorf("replica %d: sshblog_snapshot_generation = %v", r.Port, got)
		}
		if metricValue(fams, "process_cpu_seconds_total") < 0 || metricValue(fams, "go_goroutines") < 0 {
			t.Errorf("replica %d: the process and Go collectors are missing", r.Port)
		}
	}
	if got := metricValue(scrapeMetrics(t, r1.metrics), "sshblog_handshake_failures_total", "reason", "untrusted_proxy_header"); got != 1 {
		t.Errorf("replica 1: untrusted PROXY headers counted %v, want 1", got)
	}

	// A reader through HAProxy, counted as a pty session by the replica
	// that holds it; that replica is the one rolled.
	needTool(t, "tmux")
	reader := newPaneSSH(t, fe, 100, 30, "", "-b", readerAddr)
	waitText(t, reader, "posts")
	gone, stays := r1, r2
	if metricValue(scrapeMetrics(t, r2.metrics), "sshblog_sessions_open", "kind", "pty") == 1 {
		gone, stays = r2, r1
	}
	if got := metricValue(scrapeMetrics(t, gone.metrics), "sshblog_sessions_open", "kind", "pty"); got != 1 {
		t.Fatalf("open reader sessions on the replica holding the reader: %v, want 1", got)
	}

	// SIGTERM to that replica: /readyz red at once while it still
	// listens; the reader sees the reconnect notice; commands through
	// HAProxy keep succeeding throughout, and it exits.
	gone.signal(t, syscall.SIGTERM)
	waitUntil(t, "the stopping replica's /readyz to turn red", func() bool { return readyz(gone.metrics) == 503 })
	if c, err := net.Dial("tcp", gone.addr()); err != nil {
		t.Errorf("the stopping replica stopped accepting before its drain delay: %v", err)
	} else {
		c.Close()
	}
	// The notice shows from the end of the delay until the drain timeout
	// closes the reader: looked for between commands.
	commands, noticed := 0, false
	for end := time.Now().Add(4 * time.Second); time.Now().Before(end) || !gone.exited(0); commands++ {
		if commands == 100 {
			t.Fatal("the stopping replica did not exit after 100 commands")
		}
		if res := sshVia(t, fe, known, false, "ls"); res.Code != 0 || res.Stdout != first.Stdout {
			t.Fatalf("command %d during the roll: status %d, stderr %q", commands+1, res.Code, res.Stderr)
		}
		noticed = noticed || strings.Contains(reader.capture(), "The blog is restarting: reconnect in a moment")
	}
	if !noticed {
		t.Error("the open reader never saw the reconnect notice")
	}
	if gone.err != nil {
		t.Errorf("the stopped replica exited with %v after SIGTERM", gone.err)
	}
	if readyz(stays.metrics) != 200 {
		t.Error("the other replica is not ready after the roll")
	}
	t.Logf("%d commands through HAProxy during and after the roll, none lost", commands)

	// The shared key folder was only read.
	entries, _ := os.ReadDir(keys)
	if len(entries) != 1 {
		t.Errorf("the read-only host key folder holds %d files after the run, want its one key", len(entries))
	}
}
