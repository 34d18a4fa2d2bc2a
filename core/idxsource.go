package core

import (
	"bytes"
	"fmt"
	"io"
)

// SizedReaderAt is a file's bytes, read where they lie: a *bytes.Reader,
// an *io.SectionReader or an *os.File's section, or (in the page) a
// JavaScript Uint8Array that the decoders read a window at a time, so the
// whole file is never copied into Go's memory.
type SizedReaderAt interface {
	io.ReaderAt
	// Size is the file's length in bytes.
	Size() int64
}

// windowSize is how much of a SizedReaderAt a window holds at a time.
const windowSize = 64 << 10

// window reads a SizedReaderAt from its start through a buffer of
// windowSize bytes, with bytes.Reader's Read, ReadByte, Len, Size and
// ReadAt: compress/flate, given an io.ByteReader, reads no byte past a
// gzip member's end, so gzipEnd finds what follows it where it starts.
type window struct {
	src  SizedReaderAt
	size int64
	off  int64  // the offset of buf[0] in src
	buf  []byte // src[off : off+len(buf)]
	i    int    // the next byte is buf[i]
	mem  []byte // buf's storage
}

func newWindow(src SizedReaderAt) *window {
	size := max(src.Size(), 0)
	return &window{src: src, size: size, mem: make([]byte, min(size, windowSize))}
}

// fill moves the window on to the next byte; io.EOF at the end.
func (w *window) fill() error {
	w.off += int64(w.i)
	w.i = 0
	n := min(int64(len(w.mem)), w.size-w.off)
	if n <= 0 {
		w.buf = w.buf[:0]
		return io.EOF
	}
	got, err := w.src.ReadAt(w.mem[:n], w.off)
	w.buf = w.mem[:got]
	if got == 0 {
		if err == nil || err == io.EOF {
			err = fmt.Errorf("the file ends at byte %d of the %d it claims", w.off, w.size)
		}
		return err
	}
	return nil
}

func (w *window) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if w.i == len(w.buf) {
		if err := w.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(p, w.buf[w.i:])
	w.i += n
	return n, nil
}

func (w *window) ReadByte() (byte, error) {
	if w.i == len(w.buf) {
		if err := w.fill(); err != nil {
			return 0, err
		}
	}
	b := w.buf[w.i]
	w.i++
	return b, nil
}

// Len is how many bytes are left to read.
func (w *window) Len() int { return int(w.size - w.off - int64(w.i)) }

// Size is the file's length.
func (w *window) Size() int64 { return w.size }

// ReadAt reads the file at off, wherever the window is.
func (w *window) ReadAt(p []byte, off int64) (int, error) { return w.src.ReadAt(p, off) }

// sized wraps data as a SizedReaderAt.
func sized(data []byte) SizedReaderAt { return bytes.NewReader(data) }
