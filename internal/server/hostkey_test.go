package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
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

// A read-only folder (a mounted Secret) with an ed25519 and an RSA key:
// both are used, nothing is written. It fails before several keys were
// read: only ed25519 was used, and a folder without it was written to.
func TestHostKeysReadOnlyFolder(t *testing.T) {
	dir := t.TempDir()
	ed := genKey(t, "ed25519")
	rsaKey := genKey(t, "rsa")
	os.WriteFile(filepath.Join(dir, HostKeyName), ed, 0o400)
	os.WriteFile(filepath.Join(dir, "ssh_host_rsa_key"), rsaKey, 0o400)
	os.WriteFile(filepath.Join(dir, "README"), []byte("not a key"), 0o400)
	os.Chmod(dir, 0o500)
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	keys, err := HostKeys(dir)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, k := range keys {
		types = append(types, k.PublicKey().Type())
	}
	if strings.Join(types, ",") != "ssh-ed25519,ssh-rsa" {
		t.Errorf("host keys %v, want ssh-ed25519,ssh-rsa", types)
	}
	// RSA alone (an old deployment): used as it is, no ed25519 added.
	only := t.TempDir()
	os.WriteFile(filepath.Join(only, "ssh_host_rsa_key"), rsaKey, 0o400)
	if keys, err := HostKeys(only); err != nil || len(keys) != 1 || keys[0].PublicKey().Type() != "ssh-rsa" {
		t.Errorf("RSA-only folder: %d keys, %v", len(keys), err)
	}
	if _, err := os.Stat(filepath.Join(only, HostKeyName)); err == nil {
		t.Error("an ed25519 key was written beside the RSA one")
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, HostKeyName), []byte("garbage"), 0o400)
	if _, err := HostKeys(bad); err == nil || !strings.Contains(err.Error(), filepath.Join(bad, HostKeyName)) {
		t.Errorf("unparsable key: %v, want an error naming it", err)
	}
}

// genKey returns a new private key of kind in OpenSSH PEM form.
func genKey(t *testing.T, kind string) []byte {
	t.Helper()
	var priv any
	switch kind {
	case "ed25519":
		_, k, _ := ed25519.GenerateKey(rand.Reader)
		priv = k
	case "rsa":
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		priv = k
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(block)
}
