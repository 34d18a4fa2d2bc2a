package core

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// NumPy's .npy format (numpy.lib.format): the magic "\x93NUMPY", a major
// and minor version, the header's length (2 bytes little-endian in
// version 1.0, 4 in 2.0 and 3.0), the header — a Python dict literal with
// 'descr', 'fortran_order' and 'shape', ASCII in 1.0 and 2.0, UTF-8 in
// 3.0 — then the data. readNPY accepts every floating-point array NumPy
// writes that float64 holds exactly: half, single and double precision
// ('f2', 'f4', 'f8'), little- or big-endian, in C or Fortran order, each
// value widened to float64 exactly. It refuses long double ('f16', 'f12',
// 'g': x86's 80-bit extended precision, which float64 cannot hold without
// rounding), complex numbers, integers and objects, by name.

// maxNPYHeader bounds an NPY header's length (NumPy writes 128 bytes or so).
const maxNPYHeader = 4096

// npyType is an array's element type: its width in bytes and byte order.
type npyType struct {
	size int
	big  bool
}

// parseDescr reads a dtype string: '<f8', '>f4', '|f2' …
func parseDescr(d string) (npyType, error) {
	if len(d) < 3 {
		return npyType{}, fmt.Errorf("dtype %q is not a NumPy array protocol type string", d)
	}
	order, kind, width := d[0], d[1], d[2:]
	var t npyType
	switch order {
	case '<', '|':
	case '>':
		t.big = true
	default:
		return npyType{}, fmt.Errorf("dtype %q: byte order %q (NumPy writes < or >)", d, order)
	}
	n, err := strconv.Atoi(width)
	switch {
	case kind == 'f' && err == nil && (n == 2 || n == 4 || n == 8):
		t.size = n
		return t, nil
	case kind == 'f' && err == nil && (n == 10 || n == 12 || n == 16):
		return npyType{}, fmt.Errorf("dtype %q is long double (x86's 80-bit extended precision): float64 cannot hold it exactly; save the array as float64", d)
	case kind == 'c':
		return npyType{}, fmt.Errorf("dtype %q holds complex numbers, not weights", d)
	case kind == 'i' || kind == 'u' || kind == 'b':
		return npyType{}, fmt.Errorf("dtype %q holds integers or booleans, not weights", d)
	case kind == 'O':
		return npyType{}, fmt.Errorf("dtype %q holds Python objects, which are not read", d)
	}
	return npyType{}, fmt.Errorf("dtype %q is not a floating-point type (f2, f4 or f8)", d)
}

// float64s widens n elements of type t in b to dst, exactly.
func (t npyType) float64s(b []byte, dst []float64) {
	var order binary.ByteOrder = binary.LittleEndian
	if t.big {
		order = binary.BigEndian
	}
	for i := range dst {
		switch t.size {
		case 8:
			dst[i] = math.Float64frombits(order.Uint64(b[8*i:]))
		case 4:
			dst[i] = float64(math.Float32frombits(order.Uint32(b[4*i:])))
		case 2:
			dst[i] = halfToFloat64(order.Uint16(b[2*i:]))
		}
	}
}

// halfToFloat64 widens an IEEE 754 half-precision number exactly.
func halfToFloat64(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp, frac := int(h>>10&0x1f), float64(h&0x3ff)
	switch exp {
	case 0: // zero and subnormals: frac·2⁻²⁴
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return sign * math.Inf(1)
	}
	return sign * math.Ldexp(1024+frac, exp-25)
}

// npyHeader is an .npy header's dict.
type npyHeader struct {
	descr   npyType
	fortran bool
	shape   []int
}

// parseNPYHeader reads the header's Python dict literal: the keys 'descr',
// 'fortran_order' and 'shape', once each, in any order, with any spacing
// and either quote, a trailing comma allowed.
func parseNPYHeader(h string) (npyHeader, error) {
	p := &pyLit{s: strings.TrimRight(h, " \t\r\n\x00")}
	var out npyHeader
	seen := map[string]bool{}
	if !p.eat('{') {
		return out, fmt.Errorf("header %q is not a dict", h)
	}
	for !p.eat('}') {
		key, err := p.str()
		if err != nil {
			return out, err
		}
		if seen[key] {
			return out, fmt.Errorf("header names %q twice", key)
		}
		seen[key] = true
		if !p.eat(':') {
			return out, fmt.Errorf("header: no ':' after %q", key)
		}
		switch key {
		case "descr":
			d, err := p.str()
			if err != nil {
				return out, fmt.Errorf("descr: %v (a structured dtype is not read)", err)
			}
			if out.descr, err = parseDescr(d); err != nil {
				return out, err
			}
		case "fortran_order":
			switch {
			case p.word("True"):
				out.fortran = true
			case p.word("False"):
			default:
				return out, fmt.Errorf("fortran_order is neither True nor False")
			}
		case "shape":
			if out.shape, err = p.intTuple(); err != nil {
				return out, err
			}
		default:
			return out, fmt.Errorf("header has an unknown key %q", key)
		}
		if !p.eat(',') && !p.peek('}') {
			return out, fmt.Errorf("header: no ',' after %q's value", key)
		}
	}
	if p.rest() != "" {
		return out, fmt.Errorf("header: %q after the dict", p.rest())
	}
	if len(seen) != 3 {
		return out, fmt.Errorf("header lacks descr, fortran_order or shape")
	}
	return out, nil
}

// pyLit reads the few Python literals an .npy header holds.
type pyLit struct {
	s string
	i int
}

func (p *pyLit) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *pyLit) peek(c byte) bool { p.space(); return p.i < len(p.s) && p.s[p.i] == c }

func (p *pyLit) eat(c byte) bool {
	if p.peek(c) {
		p.i++
		return true
	}
	return false
}

func (p *pyLit) rest() string { p.space(); return p.s[p.i:] }

func (p *pyLit) word(w string) bool {
	p.space()
	if strings.HasPrefix(p.s[p.i:], w) {
		p.i += len(w)
		return true
	}
	return false
}

// str reads a quoted string without escapes ('<f8', "shape").
func (p *pyLit) str() (string, error) {
	p.space()
	if p.i >= len(p.s) || (p.s[p.i] != '\'' && p.s[p.i] != '"') {
		return "", fmt.Errorf("header: a string expected at %q", p.s[p.i:])
	}
	q := p.s[p.i]
	end := strings.IndexByte(p.s[p.i+1:], q)
	if end < 0 || strings.IndexByte(p.s[p.i+1:p.i+1+end], '\\') >= 0 {
		return "", fmt.Errorf("header: a string at %q is not closed or has escapes", p.s[p.i:])
	}
	v := p.s[p.i+1 : p.i+1+end]
	p.i += end + 2
	return v, nil
}

// intTuple reads a tuple of whole numbers: (784, 50), (10,), ().
func (p *pyLit) intTuple() ([]int, error) {
	if !p.eat('(') {
		return nil, fmt.Errorf("shape is not a tuple")
	}
	var dims []int
	for !p.eat(')') {
		p.space()
		j := p.i
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		v, err := strconv.Atoi(p.s[p.i:j])
		if err != nil || v < 1 || v > maxModelParams {
			return nil, fmt.Errorf("shape: bad dimension %q", p.s[p.i:j])
		}
		p.i = j
		dims = append(dims, v)
		if !p.eat(',') && !p.peek(')') {
			return nil, fmt.Errorf("shape: no ',' after a dimension")
		}
	}
	return dims, nil
}

// readNPY reads one .npy array of declared total size from r, calls
// accept with its shape before allocating it, checks that the data fill
// exactly the declared size, and returns the values as float64 in C
// (row-major) order, transposed from Fortran order if the file says so.
func readNPY(key string, r io.Reader, size uint64, accept func(shape []int) error) ([]float64, error) {
	var pre [12]byte
	if _, err := io.ReadFull(r, pre[:8]); err != nil || string(pre[:6]) != "\x93NUMPY" {
		return nil, modelErr("%s.npy is not an NPY array", key)
	}
	prefix, hl := 10, 0
	switch major, minor := pre[6], pre[7]; {
	case major == 1 && minor == 0:
		if _, err := io.ReadFull(r, pre[8:10]); err != nil {
			return nil, modelErr("%s.npy: truncated header", key)
		}
		hl = int(binary.LittleEndian.Uint16(pre[8:10]))
	case (major == 2 || major == 3) && minor == 0:
		if _, err := io.ReadFull(r, pre[8:12]); err != nil {
			return nil, modelErr("%s.npy: truncated header", key)
		}
		prefix, hl = 12, int(min(binary.LittleEndian.Uint32(pre[8:12]), maxNPYHeader+1))
	default:
		return nil, modelErr("%s.npy is NPY version %d.%d (1.0, 2.0 and 3.0 are read)", key, major, minor)
	}
	if hl > maxNPYHeader || uint64(prefix+hl) > size {
		return nil, modelErr("%s.npy: header of %d bytes", key, hl)
	}
	raw := make([]byte, hl)
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, modelErr("%s.npy: truncated header", key)
	}
	h, err := parseNPYHeader(string(raw))
	if err != nil {
		return nil, modelErr("%s.npy: %v", key, err)
	}
	if len(h.shape) == 0 || len(h.shape) > 2 {
		return nil, modelErr("%s.npy has shape %v: W1 and W2 have 2 dimensions, b1 and b2 one", key, h.shape)
	}
	count := 1
	for _, d := range h.shape {
		count *= d
		if count > maxModelParams {
			return nil, modelErr("%s.npy: shape %v is more than %d values", key, h.shape, maxModelParams)
		}
	}
	if err := accept(h.shape); err != nil {
		return nil, err
	}
	w := uint64(h.descr.size)
	if uint64(prefix+hl)+w*uint64(count) != size {
		return nil, modelErr("%s.npy: shape %v needs %d data bytes, the archive says %d", key, h.shape, w*uint64(count), size-uint64(prefix+hl))
	}
	vals := make([]float64, count)
	var buf [8 << 10]byte
	per := len(buf) / h.descr.size
	for at := 0; at < count; {
		k := min(per, count-at)
		if _, err := io.ReadFull(r, buf[:k*h.descr.size]); err != nil {
			return nil, modelErr("%s.npy: truncated data (%v)", key, unexpected(err))
		}
		h.descr.float64s(buf[:k*h.descr.size], vals[at:at+k])
		at += k
	}
	// Reading to the end makes archive/zip check the entry's CRC-32.
	if n, err := r.Read(buf[:1]); n != 0 || (err != nil && err != io.EOF) {
		return nil, modelErr("%s.npy: data after the array or a bad checksum (%v)", key, err)
	}
	return rowMajor(key, vals, h.shape, h.fortran)
}

// rowMajor checks that an array's values are finite numbers and returns
// them in C (row-major) order, transposed if they are in Fortran order.
func rowMajor(key string, vals []float64, shape []int, fortran bool) ([]float64, error) {
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, modelErr("%s[%d] is %v", key, i, v)
		}
	}
	if !fortran || len(shape) != 2 {
		return vals, nil
	}
	rows, cols := shape[0], shape[1]
	c := make([]float64, len(vals))
	for j := range cols {
		for i := range rows {
			c[i*cols+j] = vals[j*rows+i]
		}
	}
	return c, nil
}
