package procstat

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestParseCPU(t *testing.T) {
	// A real line from a Go server; utime=1234, stime=56.
	line := "4242 (sshblog) S 1 4242 4242 0 -1 4194560 5000 0 0 0 1234 56 0 0 20 0 9 0 100 1000000 2000 18446744073709551615 1 1 0 0 0 0 0 0 2143420159 0 0 0 17 1 0 0 0 0 0"
	tests := []struct {
		name    string
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"plain", line, 12900 * time.Millisecond, false},
		{"name with spaces and parens", strings.Replace(line, "(sshblog)", "(a) b (c))", 1), 12900 * time.Millisecond, false},
		{"no name", "4242 sshblog S 1", 0, true},
		{"short", "4242 (x) S 1 2 3", 0, true},
		{"not a number", strings.Replace(line, " 1234 ", " x ", 1), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCPU(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseCPU error = %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("parseCPU = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseRSS(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    int64
		wantErr bool
	}{
		{"found", "Name:\tx\nVmPeak:\t 900 kB\nVmRSS:\t   12345 kB\nThreads: 3\n", 12345, false},
		{"missing", "Name:\tx\nThreads: 3\n", 0, true},
		{"odd unit", "VmRSS:\t12 MB\n", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseRSS(strings.NewReader(tt.in))
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("parseRSS = %d, %v; want %d, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestSelf(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skipf("no /proc: %v", err)
	}
	kib, err := RSS(os.Getpid())
	if err != nil || kib <= 0 {
		t.Fatalf("RSS = %d, %v", kib, err)
	}
	// Burn CPU until the kernel's own account (getrusage) holds at least
	// three of /proc's 10 ms ticks, so the reading cannot stay at zero. A
	// wall-clock burn is not enough: on a loaded machine 50 ms of wall time
	// may be less than one tick of CPU.
	x := 0
	for deadline := time.Now().Add(time.Minute); selfCPU(t) < 30*time.Millisecond; x++ {
		if time.Now().After(deadline) {
			t.Skip("could not get 30 ms of CPU in a minute")
		}
		for i := 0; i < 1e5; i++ {
			x ^= i
		}
	}
	cpu, err := CPU(os.Getpid())
	if err != nil || cpu <= 0 {
		t.Fatalf("CPU = %v, %v (x=%d)", cpu, err, x)
	}
}

// selfCPU is the user and system CPU time of this process, from getrusage
// (an account independent of /proc, which CPU reads).
func selfCPU(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
