package server

import (
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process has used so far (server and client
// alike: the client's share is small next to what these benchmarks show).
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLongCommand times a 100 KB command line (one word) from the exec
// request to the exit status, and the CPU time it costs.
//
//	go test -run xxx -bench LongCommand -benchtime 3x ./internal/server/
func BenchmarkLongCommand(b *testing.B) {
	addr, _ := startServer(b, nil)
	c := dial(b, addr)
	cmd := "cat " + strings.Repeat("a", 100_000)
	cpu := cpuTime(b)
	for b.Loop() {
		sess, err := c.NewSession()
		if err != nil {
			b.Fatal(err)
		}
		_ = sess.Run(cmd) // exits 1 either way: no such post, or refused
	}
	b.ReportMetric(float64(cpuTime(b)-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkFloodReader times `ls` from 127.0.0.2 while 1,100 connections
// from 127.0.0.1 sit silent, from the first dial until the list arrives,
// retrying refused connections for up to 30 s.
//
//	go test -run xxx -bench FloodReader -benchtime 3x ./internal/server/
func BenchmarkFloodReader(b *testing.B) {
	addr, _ := startServer(b, nil)
	silentFlood(b, addr, floodSize)
	var refused int
	for b.Loop() {
		deadline := time.Now().Add(30 * time.Second)
		for {
			out, err := lsFrom("127.0.0.2", addr)
			if err == nil && strings.Contains(out, "reading-in-the-terminal") {
				break
			}
			refused++
			if time.Now().After(deadline) {
				b.Fatalf("no list within 30 s: %v", err)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	b.ReportMetric(float64(refused)/float64(b.N), "refusals/op")
}

// BenchmarkEnvFlood sends 10,000 env requests of 32 KB values on one
// session (start of a PTY session, as a reader's client would) and reports
// the live heap they leave while the session stays open.
//
//	go test -run xxx -bench EnvFlood -benchtime 1x ./internal/server/
func BenchmarkEnvFlood(b *testing.B) {
	addr, _ := startServer(b, nil)
	c := dial(b, addr)
	value := strings.Repeat("x", 32<<10)
	var grown float64
	for b.Loop() {
		before := liveHeap()
		sess, err := c.NewSession()
		if err != nil {
			b.Fatal(err)
		}
		for range 10_000 {
			_ = sess.Setenv("LC_ALL", value) // refused or not, the flood goes on
		}
		grown += float64(liveHeap()-before) / (1 << 20)
		sess.Close()
	}
	b.ReportMetric(grown/float64(b.N), "heap-MB/op")
}

// liveHeap is the heap in use after a collection.
func liveHeap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
