package debughttp

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestStatsEndpoint(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + StatsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET %s: %s, %q", StatsPath, resp.Status, resp.Header.Get("Content-Type"))
	}
	var s Stats
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatalf("decode: %v", err)
	}
	// This test's own goroutine, the server's and its connection's.
	if s.Goroutines < 3 || s.HeapAlloc == 0 || s.HeapInuse < s.HeapAlloc/2 {
		t.Errorf("implausible stats %+v", s)
	}
}

func TestStatsSeeGoroutines(t *testing.T) {
	before := ReadStats().Goroutines
	stop := make(chan struct{})
	for range 50 {
		go func() { <-stop }()
	}
	during := ReadStats().Goroutines
	close(stop)
	if during < before+50 {
		t.Errorf("goroutines %d -> %d with 50 more running", before, during)
	}
}

func TestPprofServed(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine profile:") {
		t.Fatalf("goroutine profile: %s %.100q", resp.Status, body)
	}
}

func TestServeStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addr, err := Serve(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if !IsLoopback(addr) {
		t.Errorf("IsLoopback(%v) = false", addr)
	}
	resp, err := http.Get("http://" + addr.String() + StatsPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	// Closing is asynchronous; the port must stop accepting soon after
	// (the bound is generous: this checks that it stops, not how fast).
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.Dial("tcp", addr.String())
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%v still accepts connections after its context ended", addr)
}

func TestIsLoopback(t *testing.T) {
	for _, tt := range []struct {
		addr string
		want bool
	}{
		{"127.0.0.1:6060", true},
		{"[::1]:6060", true},
		{"0.0.0.0:6060", false},
		{"[::]:6060", false},
		{"192.0.2.1:6060", false},
	} {
		a, err := net.ResolveTCPAddr("tcp", tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := IsLoopback(a); got != tt.want {
			t.Errorf("IsLoopback(%s) = %v", tt.addr, got)
		}
	}
}
