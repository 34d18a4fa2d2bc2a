package core

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The model file format (.snet), version 1. All integers little-endian.
//
//	offset  size  content
//	0       8     magic "SNETMDL1" (the final byte is the format version)
//	8       4     uint32 n: length of the JSON header, at most 64 KiB
//	12      n     JSON header, UTF-8: see ModelHeader
//	12+n    …     the parameters in the header's order, each as rows×cols
//	              float64 (IEEE 754, little-endian), row-major
//
// The header names the book's keys (W1, b1, W2, b2) with their shapes
// (a bias has shape [cols]), the net's activation, and the hyperparameters
// the net was trained with. Nothing may follow the last parameter.
const (
	modelMagic     = "SNETMDL1"
	maxHeaderBytes = 64 << 10
	// maxModelInput bounds the input size of a loaded model (images of at
	// most 256×256); MaxHidden bounds the hidden size.
	maxModelInput  = 1 << 16
	maxModelOutput = 1024
	// maxModelParams bounds the parameter count (256 MiB of float64).
	maxModelParams = 32 << 20
)

// ModelHeader is the JSON header of a model file.
type ModelHeader struct {
	Format     string       `json:"format"` // "scratchnet"
	Input      int          `json:"input"`
	Hidden     int          `json:"hidden"`
	Output     int          `json:"output"`
	Activation Activation   `json:"activation"`
	Params     []ParamShape `json:"params"`
	// Config is the training configuration (WeightDecay and Dropout also
	// shape the net's loss and its test-time scaling).
	Config     Config  `json:"config"`
	Iterations int     `json:"iterations"`
	TrainAcc   float64 `json:"trainAcc"`
	TestAcc    float64 `json:"testAcc"`
}

// ParamShape names one stored parameter and its shape.
type ParamShape struct {
	Key   string `json:"key"`
	Shape []int  `json:"shape"`
}

// ModelError reports a model file that cannot be loaded.
type ModelError struct{ Msg string }

func (e *ModelError) Error() string { return "model: " + e.Msg }

func modelErr(format string, args ...any) error {
	return &ModelError{fmt.Sprintf(format, args...)}
}

func shapes(n *TwoLayerNet) []ParamShape {
	return []ParamShape{
		{"W1", []int{n.Input, n.Hidden}}, {"b1", []int{n.Hidden}},
		{"W2", []int{n.Hidden, n.Output}}, {"b2", []int{n.Output}},
	}
}

// EncodeModel returns net in the model format. h supplies the training
// details (Config, Iterations, accuracies); its other fields are set from
// net.
func EncodeModel(net *TwoLayerNet, h ModelHeader) []byte {
	h.Format = "scratchnet"
	h.Input, h.Hidden, h.Output, h.Activation = net.Input, net.Hidden, net.Output, net.Activation
	h.Config.WeightDecay, h.Config.Dropout = net.WeightDecay, net.DropoutRatio
	h.Params = shapes(net)
	js, err := json.Marshal(h)
	if err != nil {
		panic(err) // only plain fields: cannot fail
	}
	var b bytes.Buffer
	b.WriteString(modelMagic)
	binary.Write(&b, binary.LittleEndian, uint32(len(js)))
	b.Write(js)
	for _, p := range net.Params() {
		binary.Write(&b, binary.LittleEndian, p.W)
	}
	return b.Bytes()
}

// DecodeModel reads a model file. Anything malformed, truncated, of the
// wrong shape, too large or holding a non-finite weight is a *ModelError.
func DecodeModel(data []byte) (*TwoLayerNet, ModelHeader, error) {
	var h ModelHeader
	if len(data) < 12 || string(data[:8]) != modelMagic {
		if len(data) >= 7 && string(data[:7]) == modelMagic[:7] {
			return nil, h, modelErr("format version %q is not supported (this build reads version 1)", data[7:8])
		}
		return nil, h, modelErr("not a scratchnet model file (it does not start with %q)", modelMagic)
	}
	n := binary.LittleEndian.Uint32(data[8:12])
	if n > maxHeaderBytes || int(n) > len(data)-12 {
		return nil, h, modelErr("header length %d does not fit in the file (%d bytes)", n, len(data))
	}
	dec := json.NewDecoder(bytes.NewReader(data[12 : 12+n]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return nil, h, modelErr("header: %v", err)
	}
	if h.Format != "scratchnet" {
		return nil, h, modelErr("header format %q, want \"scratchnet\"", h.Format)
	}
	switch {
	case h.Input < 1 || h.Input > maxModelInput:
		return nil, h, modelErr("input size %d outside [1, %d]", h.Input, maxModelInput)
	case h.Hidden < 1 || h.Hidden > MaxHidden:
		return nil, h, modelErr("hidden size %d outside [1, %d]", h.Hidden, MaxHidden)
	case h.Output < 1 || h.Output > maxModelOutput:
		return nil, h, modelErr("output size %d outside [1, %d]", h.Output, maxModelOutput)
	case h.Activation != ActSigmoid && h.Activation != ActReLU:
		return nil, h, modelErr("activation %q must be sigmoid or relu", h.Activation)
	case !(h.Config.Dropout >= 0 && h.Config.Dropout < 1):
		return nil, h, modelErr("dropout %v outside [0, 1)", h.Config.Dropout)
	case !(h.Config.WeightDecay >= 0) || math.IsInf(h.Config.WeightDecay, 0):
		return nil, h, modelErr("weight decay %v must be 0 or positive", h.Config.WeightDecay)
	}
	if h.Input*h.Hidden+h.Hidden*h.Output > maxModelParams {
		return nil, h, modelErr("%d-%d-%d has more than %d parameters", h.Input, h.Hidden, h.Output, maxModelParams)
	}
	net := newEmptyNet(h.Input, h.Hidden, h.Output, h.Activation)
	net.WeightDecay, net.DropoutRatio = h.Config.WeightDecay, h.Config.Dropout
	want := shapes(net)
	if len(h.Params) != len(want) {
		return nil, h, modelErr("%d parameters listed, want W1, b1, W2, b2", len(h.Params))
	}
	body := data[12+n:]
	for i, p := range net.Params() {
		if got := h.Params[i]; got.Key != want[i].Key || !slices.Equal(got.Shape, want[i].Shape) {
			return nil, h, modelErr("parameter %d is %s%v, want %s%v for a %d-%d-%d net", i+1, got.Key, got.Shape, want[i].Key, want[i].Shape, h.Input, h.Hidden, h.Output)
		}
		if len(body) < 8*len(p.W) {
			return nil, h, modelErr("truncated: %s needs %d bytes, %d left", p.Key, 8*len(p.W), len(body))
		}
		if err := readFloats(p.Key, body[:8*len(p.W)], p.W); err != nil {
			return nil, h, err
		}
		body = body[8*len(p.W):]
	}
	if len(body) != 0 {
		return nil, h, modelErr("%d bytes after the last parameter", len(body))
	}
	return net, h, nil
}

func readFloats(key string, b []byte, dst []float64) error {
	for i := range dst {
		v := math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return modelErr("%s[%d] is %v", key, i, v)
		}
		dst[i] = v
	}
	return nil
}

// EncodeNPZ returns the parameters as a NumPy .npz archive of W1.npy,
// b1.npy, W2.npy and b2.npy (float64, C order; biases one-dimensional), so
// the book's Python code can load them:
//
//	p = np.load("model.npz"); network.params["W1"] = p["W1"]; …
func EncodeNPZ(net *TwoLayerNet) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for i, p := range net.Params() {
		w, err := z.CreateHeader(&zip.FileHeader{Name: p.Key + ".npy", Method: zip.Store})
		if err != nil {
			panic(err)
		}
		writeNPY(w, shapes(net)[i].Shape, p.W)
	}
	if err := z.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// writeNPY writes one array in NPY format version 1.0: magic, version,
// header length, a Python dict literal padded to a multiple of 64 bytes,
// then the data.
func writeNPY(w io.Writer, shape []int, data []float64) {
	dims := make([]string, len(shape))
	for i, d := range shape {
		dims[i] = strconv.Itoa(d)
	}
	tuple := strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	dict := "{'descr': '<f8', 'fortran_order': False, 'shape': (" + tuple + "), }"
	total := 10 + len(dict) + 1
	pad := (64 - total%64) % 64
	header := dict + strings.Repeat(" ", pad) + "\n"
	w.Write([]byte("\x93NUMPY\x01\x00"))
	binary.Write(w, binary.LittleEndian, uint16(len(header)))
	io.WriteString(w, header)
	binary.Write(w, binary.LittleEndian, data)
}

var npyHeader = regexp.MustCompile(`^\{'descr': '<f8', 'fortran_order': False, 'shape': \((\d+)(?:, (\d+))?,?\), \} *\n$`)

// DecodeNPZ reads an .npz holding W1, b1, W2 and b2 as float64 C-order
// arrays (what EncodeNPZ writes, and what np.savez writes from the book's
// params) into a sigmoid net; the shapes must fit together.
func DecodeNPZ(data []byte) (*TwoLayerNet, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, modelErr("not an .npz archive: %v", err)
	}
	arrays := map[string][]float64{}
	dims := map[string][]int{}
	for _, f := range z.File {
		key := strings.TrimSuffix(f.Name, ".npy")
		if key != "W1" && key != "b1" && key != "W2" && key != "b2" {
			continue
		}
		if f.UncompressedSize64 > 8*maxModelParams+1024 {
			return nil, modelErr("%s is too large (%d bytes)", f.Name, f.UncompressedSize64)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, modelErr("%s: %v", f.Name, err)
		}
		raw, err := io.ReadAll(io.LimitReader(rc, 8*maxModelParams+1024))
		rc.Close()
		if err != nil {
			return nil, modelErr("%s: %v", f.Name, err)
		}
		shape, vals, err := parseNPY(key, raw)
		if err != nil {
			return nil, err
		}
		arrays[key], dims[key] = vals, shape
	}
	for _, k := range []string{"W1", "b1", "W2", "b2"} {
		if _, ok := arrays[k]; !ok {
			return nil, modelErr("the archive has no %s.npy", k)
		}
	}
	w1, w2 := dims["W1"], dims["W2"]
	if len(w1) != 2 || len(w2) != 2 || w1[1] != w2[0] || !slices.Equal(dims["b1"], []int{w1[1]}) || !slices.Equal(dims["b2"], []int{w2[1]}) {
		return nil, modelErr("shapes W1%v b1%v W2%v b2%v do not fit together", w1, dims["b1"], w2, dims["b2"])
	}
	if w1[0] > maxModelInput || w1[1] > MaxHidden || w2[1] > maxModelOutput || w1[0] < 1 || w1[1] < 1 || w2[1] < 1 {
		return nil, modelErr("a %d-%d-%d net is outside the sizes this page handles", w1[0], w1[1], w2[1])
	}
	net := newEmptyNet(w1[0], w1[1], w2[1], ActSigmoid)
	copy(net.W1, arrays["W1"])
	copy(net.B1, arrays["b1"])
	copy(net.W2, arrays["W2"])
	copy(net.B2, arrays["b2"])
	return net, nil
}

func parseNPY(key string, raw []byte) ([]int, []float64, error) {
	if len(raw) < 10 || string(raw[:6]) != "\x93NUMPY" || raw[6] != 1 {
		return nil, nil, modelErr("%s.npy is not an NPY version 1 array", key)
	}
	hl := int(binary.LittleEndian.Uint16(raw[8:10]))
	if 10+hl > len(raw) {
		return nil, nil, modelErr("%s.npy: truncated header", key)
	}
	m := npyHeader.FindSubmatch(raw[10 : 10+hl])
	if m == nil {
		return nil, nil, modelErr("%s.npy: want a little-endian float64 ('<f8') C-order array of 1 or 2 dimensions", key)
	}
	var shape []int
	count := 1
	for _, d := range m[1:] {
		if len(d) == 0 {
			continue
		}
		v, err := strconv.Atoi(string(d))
		if err != nil || v < 1 || v > maxModelParams {
			return nil, nil, modelErr("%s.npy: bad dimension %q", key, d)
		}
		shape = append(shape, v)
		count *= v
		if count > maxModelParams {
			return nil, nil, modelErr("%s.npy is too large", key)
		}
	}
	body := raw[10+hl:]
	if len(body) != 8*count {
		return nil, nil, modelErr("%s.npy: %d data bytes for shape %v (want %d)", key, len(body), shape, 8*count)
	}
	vals := make([]float64, count)
	if err := readFloats(key, body, vals); err != nil {
		return nil, nil, err
	}
	return shape, vals, nil
}
