package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func TestEnsureHostKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	path, err := EnsureHostKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key mode = %v, want 0600", fi.Mode().Perm())
	}
	first, _ := os.ReadFile(path)
	signer, err := gossh.ParsePrivateKey(first)
	if err != nil || signer.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Fatalf("key is not a usable ed25519 key: %v", err)
	}
	if _, err := EnsureHostKey(dir); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(path)
	if string(first) != string(second) {
		t.Error("second start replaced the host key")
	}
}

func TestEnsureHostKeyUnwritable(t *testing.T) {
	if os.Geteuid() == 0 {
		// root writes anywhere; use a path under a regular file instead.
		f := filepath.Join(t.TempDir(), "file")
		os.WriteFile(f, nil, 0o600)
		_, err := EnsureHostKey(filepath.Join(f, "keys"))
		if err == nil || !strings.Contains(err.Error(), f) || strings.Contains(err.Error(), "\n") {
			t.Errorf("error = %v, want one line naming %s", err, f)
		}
		return
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	_, err := EnsureHostKey(filepath.Join(dir, "keys"))
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("error = %v, want one naming %s", err, dir)
	}
}
