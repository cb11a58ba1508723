package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKeyName is the file name of the host key inside the host key folder.
const HostKeyName = "ssh_host_ed25519_key"

// EnsureHostKey returns the path of the ed25519 host key in dir, creating
// the folder and the key (mode 0600) on first start. Written here rather
// than with wish.WithHostKeyPath so that a missing or unwritable folder
// gives one clear error naming the path, and the key's mode is certain.
func EnsureHostKey(dir string) (string, error) {
	path := filepath.Join(dir, HostKeyName)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("host key %s: %w", path, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("host key folder %s: %w", dir, err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", fmt.Errorf("generate host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "sshblog host key")
	if err != nil {
		return "", fmt.Errorf("encode host key: %w", err)
	}
	// O_EXCL: two replicas starting at once on a shared volume must not
	// overwrite each other's key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return path, nil
	}
	if err != nil {
		return "", fmt.Errorf("write host key %s: %w", path, err)
	}
	if err := pem.Encode(f, block); err != nil {
		f.Close()
		os.Remove(path)
		return "", fmt.Errorf("write host key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("write host key %s: %w", path, err)
	}
	return path, nil
}
