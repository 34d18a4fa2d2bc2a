package core

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWindowReadsAsBytesReader: a window gives the bytes, Len and end
// that a bytes.Reader gives, for reads of every size across its edges.
func TestWindowReadsAsBytesReader(t *testing.T) {
	for _, size := range []int{0, 1, windowSize - 1, windowSize, windowSize + 1, 2*windowSize + 7} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i*7 + i/251)
		}
		w, want := newWindow(bytes.NewReader(data)), bytes.NewReader(data)
		for k := 0; ; k++ {
			if w.Len() != want.Len() {
				t.Fatalf("size %d, read %d: Len %d, want %d", size, k, w.Len(), want.Len())
			}
			if k%3 == 0 {
				b, err := w.ReadByte()
				wb, werr := want.ReadByte()
				if b != wb || err != werr {
					t.Fatalf("size %d, read %d: ReadByte %d, %v; want %d, %v", size, k, b, err, wb, werr)
				}
				if err != nil {
					break
				}
				continue
			}
			p, wp := make([]byte, 1+k*k*37%(windowSize+3)), make([]byte, 1+k*k*37%(windowSize+3))
			n, err := io.ReadFull(w, p)
			wn, werr := io.ReadFull(want, wp)
			if n != wn || err != werr || !bytes.Equal(p[:n], wp[:wn]) {
				t.Fatalf("size %d, read %d: %d bytes, %v; want %d, %v", size, k, n, err, wn, werr)
			}
			if err != nil {
				break
			}
		}
	}
}

// short claims a Size larger than the bytes it holds.
type short struct{ *bytes.Reader }

func (s short) Size() int64 { return 2 * s.Reader.Size() }

// TestDecodeDatasetAtReadsWhereFilesLie: MNIST's test files read from
// their open files decode as from their bytes; a file shorter than its
// Size claims is refused as truncated.
func TestDecodeDatasetAtReadsWhereFilesLie(t *testing.T) {
	dir := mnistDir(t)
	open := func(name string) (*os.File, []byte) {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return f, b
	}
	fi, imgs := open(TestImagesFile)
	fl, lbls := open(TestLabelsFile)
	want, err := DecodeDataset(TestImagesFile, imgs, TestLabelsFile, lbls)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeDatasetAt(TestImagesFile, io.NewSectionReader(fi, 0, int64(len(imgs))), TestLabelsFile, io.NewSectionReader(fl, 0, int64(len(lbls))))
	if err != nil {
		t.Fatal(err)
	}
	if got.N != want.N || !bytes.Equal(got.Labels, want.Labels) || !bytes.Equal(got.gaps, want.gaps) || !bytes.Equal(got.nzVal, want.nzVal) {
		t.Error("MNIST read from its files decodes to other data than from its bytes")
	}
	for _, raw := range []bool{false, true} {
		data := imgs
		if raw {
			_, _, _, px, err := decodeIDXImages("raw", imgs)
			if err != nil {
				t.Fatal(err)
			}
			data = idx(0x803, []uint32{uint32(want.N), 28, 28}, px)
		}
		_, err = DecodeDatasetAt(TestImagesFile, short{bytes.NewReader(data)}, TestLabelsFile, sized(lbls))
		var ie *IDXError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), "ends at byte") {
			t.Errorf("raw %v: a file half as long as its Size says: %v", raw, err)
		}
	}
}
