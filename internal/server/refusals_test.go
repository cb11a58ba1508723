package server

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// A flood of refusals takes one line at once and one summary line with
// its count, not a line each.
func TestRefusalsAreSummarised(t *testing.T) {
	logs := &lockedWriter{w: &bytes.Buffer{}}
	r := newRefusals(slog.New(slog.NewTextHandler(logs, nil)), time.Hour)
	for i := range 1000 {
		r.note("connection refused: test", "remote", fmt.Sprintf("192.0.2.%d:22", i%250))
	}
	r.note("session refused: other kind", "remote", "192.0.2.1:1")
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "remote=192.0.2.0:22") {
		t.Fatalf("1000 refusals of one kind and 1 of another: want 2 lines, the first refusal's details first:\n%s", logs.String())
	}
	r.flushAll()
	lines = strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[2], "repeated=999") || !strings.Contains(lines[2], "remote=192.0.2.249:22") {
		t.Fatalf("summary: want one line with the count (999) and the last refusal's details:\n%s", logs.String())
	}
	r.flushAll() // nothing pending: nothing written
	if n := strings.Count(logs.String(), "\n"); n != 3 {
		t.Errorf("flush without refusals wrote lines: %d lines", n)
	}
}

// The summary comes by itself when the interval ends.
func TestRefusalSummaryByTimer(t *testing.T) {
	logs := &lockedWriter{w: &bytes.Buffer{}}
	r := newRefusals(slog.New(slog.NewTextHandler(logs, nil)), 50*time.Millisecond)
	for range 5 {
		r.note("command refused: too long", "bytes", 5000)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "repeated=4") {
		if time.Now().After(deadline) {
			t.Fatalf("no summary line after the interval:\n%s", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
