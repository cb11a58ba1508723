//go:build linux

package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// direntsBuf is the size of a worker's buffer for folder entries: a
// folder of 50,000 posts is listed in about 50 calls.
const direntsBuf = 32 << 10

// readDirents calls fn with each entry of the open folder fd but . and
// .., with its type if the file system gave it (known). The standard
// library lists an open folder only as an *os.File (an fcntl more per
// folder, an allocation per entry): at 16,700 folders a swap, the entries
// are read here from getdents64 directly.
func readDirents(fd int, buf []byte, fn func(name []byte, typ fs.FileMode, known bool)) error {
	for {
		n, err := unix.Getdents(fd, buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return fmt.Errorf("list folder: %w", err)
		}
		if n <= 0 {
			return nil
		}
		b := buf[:n]
		for len(b) > 0 {
			// struct linux_dirent64: ino u64, off s64, reclen u16,
			// type u8, name NUL-terminated.
			if len(b) < 19 {
				return errors.New("list folder: short entry")
			}
			reclen := int(binary.NativeEndian.Uint16(b[16:18]))
			if reclen < 19 || reclen > len(b) {
				return errors.New("list folder: bad entry length")
			}
			ino, dtype, name := binary.NativeEndian.Uint64(b[0:8]), b[18], b[19:reclen]
			b = b[reclen:]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if ino == 0 || len(name) == 0 || string(name) == "." || string(name) == ".." {
				continue
			}
			typ, known := direntType(dtype)
			fn(name, typ, known)
		}
	}
}

// direntType is the file type of a getdents64 d_type.
func direntType(t uint8) (fs.FileMode, bool) {
	switch t {
	case unix.DT_REG:
		return 0, true
	case unix.DT_DIR:
		return fs.ModeDir, true
	case unix.DT_LNK:
		return fs.ModeSymlink, true
	case unix.DT_FIFO:
		return fs.ModeNamedPipe, true
	case unix.DT_SOCK:
		return fs.ModeSocket, true
	case unix.DT_CHR:
		return fs.ModeDevice | fs.ModeCharDevice, true
	case unix.DT_BLK:
		return fs.ModeDevice, true
	}
	return 0, false
}

// modeType is the file type of a stat's mode.
func modeType(m uint32) fs.FileMode {
	switch m & unix.S_IFMT {
	case unix.S_IFREG:
		return 0
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFLNK:
		return fs.ModeSymlink
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	}
	return fs.ModeDevice
}

// dirent is an fs.DirEntry of the fast scan, for guard.other.
type dirent struct {
	name, abs string
	typ       fs.FileMode
}

func (e dirent) Name() string               { return e.name }
func (e dirent) IsDir() bool                { return e.typ.IsDir() }
func (e dirent) Type() fs.FileMode          { return e.typ }
func (e dirent) Info() (fs.FileInfo, error) { return os.Lstat(e.abs) }
