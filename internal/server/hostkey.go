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

// hostKeyNames are the host key files used when present in the host key
// folder, in the order offered: OpenSSH's names, so that a folder made by
// ssh-keygen -A, or a Kubernetes Secret with those keys, works as it is.
var hostKeyNames = []string{HostKeyName, "ssh_host_ecdsa_key", "ssh_host_rsa_key"}

// HostKeys returns the host keys of dir: every key of hostKeyNames present
// (ed25519, plus ECDSA or RSA for old clients when present), read and
// never written, so a read-only folder (a mounted Secret shared by every
// replica) works. When none is present, an ed25519 key is created as by
// EnsureHostKey.
func HostKeys(dir string) ([]gossh.Signer, error) {
	var keys []gossh.Signer
	for _, name := range hostKeyNames {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("host key %s: %w", path, err)
		}
		k, err := gossh.ParsePrivateKey(b)
		if err != nil {
			return nil, fmt.Errorf("host key %s: %w", path, err)
		}
		keys = append(keys, k)
	}
	if len(keys) > 0 {
		return keys, nil
	}
	path, err := EnsureHostKey(dir)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	k, err := gossh.ParsePrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return []gossh.Signer{k}, nil
}

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
