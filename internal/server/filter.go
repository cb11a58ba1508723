package server

import "io"

// filterReader reads r through filter, which appends to out what passes
// of in and keeps its own state between calls: the input filters of a
// reader's session (pasteLimit, seqLimit) are written as such functions.
type filterReader struct {
	r       io.Reader
	filter  func(out, in []byte) []byte
	in, out []byte // what was read; what passed and was not yet read
}

func (f *filterReader) Read(p []byte) (int, error) {
	for len(f.out) == 0 {
		if cap(f.in) < len(p) {
			f.in = make([]byte, len(p))
		}
		n, err := f.r.Read(f.in[:len(p)])
		f.out = f.filter(f.out[:0], f.in[:n])
		if err != nil && len(f.out) == 0 {
			return 0, err
		}
		if err != nil {
			break // the error comes again on the next Read
		}
	}
	n := copy(p, f.out)
	f.out = f.out[n:]
	return n, nil
}
