package core

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
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
	// Config is the training configuration, accepted whole or not at all:
	// its hidden size and activation are the net's, and its weight decay
	// and dropout shape the net's loss and test-time scaling.
	Config     Config  `json:"config"`
	Iterations int     `json:"iterations"`
	TrainAcc   float64 `json:"trainAcc"`
	TestAcc    float64 `json:"testAcc"`
	// OptimizerSteps is the optimizer's update count; its state arrays
	// follow the parameters, listed in Params as "m:W1" etc. (the book's
	// names: Momentum's v, AdaGrad's h, Adam's m and v).
	OptimizerSteps int `json:"optimizerSteps,omitempty"`
}

// ParamShape names one stored parameter and its shape.
type ParamShape struct {
	Key   string `json:"key"`
	Shape []int  `json:"shape"`
}

// ModelError reports a model file that cannot be loaded: Msg says why,
// in English, and Kind what a reader can be told in their own language.
type ModelError struct {
	Msg  string
	Kind ModelErrorKind
	// For ModelShort: the bytes the file's own header promises, and those
	// there are.
	Want, Got int
}

// ModelErrorKind sorts model files that cannot be loaded by what a reader
// can do about them.
type ModelErrorKind int

const (
	// ModelOther is a file of a known kind that is wrong inside: a shape,
	// a setting, a value (Msg says which).
	ModelOther ModelErrorKind = iota
	// ModelUnknown is not a .snet, an .npz or a pickle at all.
	ModelUnknown
	// ModelShort ends before what it says it holds: a download or a copy
	// cut short.
	ModelShort
	// ModelArchive is an .npz whose zip archive cannot be read (damaged or
	// cut short).
	ModelArchive
)

func (e *ModelError) Error() string { return "model: " + e.Msg }

func modelErr(format string, args ...any) error {
	return &ModelError{Msg: fmt.Sprintf(format, args...)}
}

// shortErr is a ModelShort error: the file needs want bytes and has got.
func shortErr(want, got int, format string, args ...any) error {
	return &ModelError{Msg: fmt.Sprintf(format, args...), Kind: ModelShort, Want: want, Got: got}
}

func shapes(n *TwoLayerNet) []ParamShape {
	return []ParamShape{
		{"W1", []int{n.Input, n.Hidden}}, {"b1", []int{n.Hidden}},
		{"W2", []int{n.Hidden, n.Output}}, {"b2", []int{n.Output}},
	}
}

// fileShapes returns the arrays a file holds for net and an optimizer of
// kind: the parameters, then each state array per parameter.
func fileShapes(n *TwoLayerNet, kind OptimizerKind) []ParamShape {
	ps := shapes(n)
	for _, name := range kind.StateNames() {
		for _, p := range shapes(n) {
			ps = append(ps, ParamShape{name + ":" + p.Key, p.Shape})
		}
	}
	return ps
}

// Model is a decoded model file.
type Model struct {
	Net    *TwoLayerNet
	Header ModelHeader
	// Opt is the optimizer with its saved state (its settings from
	// Header.Config); nil for SGD, which has none, and for a file of the
	// weights alone.
	Opt *Optimizer
}

// EncodeModel returns net in the model format, with opt's state if opt is
// not nil. h supplies the training details (Config, Iterations,
// accuracies); the net's shape and settings are written from net, and
// Config.Hidden, Activation, WeightDecay and Dropout are set to the net's.
//
// With opt nil the file holds the weights alone (W1, b1, W2, b2: what a
// shared network needs, a third of an Adam file) and Config.Optimizer
// stays as h gives it (SGD if empty): the optimizer the net was trained
// with, whose state was left out.
func EncodeModel(net *TwoLayerNet, h ModelHeader, opt *Optimizer) []byte {
	h.Format = modelFormat
	h.Input, h.Hidden, h.Output, h.Activation = net.Input, net.Hidden, net.Output, net.Activation
	h.Config.Hidden, h.Config.Activation = net.Hidden, net.Activation
	h.Config.WeightDecay, h.Config.Dropout = net.WeightDecay, net.DropoutRatio
	h.Params, h.OptimizerSteps = shapes(net), 0
	if h.Config.Optimizer == "" {
		h.Config.Optimizer = OptSGD
	}
	if opt != nil {
		h.Config.Optimizer, h.OptimizerSteps = opt.Kind, opt.Steps
		h.Params = fileShapes(net, opt.Kind)
	}
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
	if opt != nil {
		binary.Write(&b, binary.LittleEndian, opt.appendState(nil))
	}
	return b.Bytes()
}

// DecodeModel reads a model file: the weights with the optimizer's state,
// or the weights alone (then Opt is nil). Anything malformed, truncated, of
// the wrong shape, too large, holding a non-finite weight or a refused
// setting is a *ModelError. The sizes the header claims are checked against the
// bytes present before anything is allocated for them.
func DecodeModel(data []byte) (*Model, error) {
	var h ModelHeader
	switch {
	case len(data) >= 8 && string(data[:7]) == modelMagic[:7] && data[7] != modelMagic[7]:
		return nil, modelErr("format version %q is not supported (this build reads version 1)", data[7:8])
	case !bytes.HasPrefix(data, []byte(modelMagic)):
		return nil, &ModelError{Msg: fmt.Sprintf("not a scratchnet model file (it does not start with %q)", modelMagic), Kind: ModelUnknown}
	case len(data) < 12:
		return nil, shortErr(12, len(data), "%d bytes: the header's length does not fit", len(data))
	}
	n := binary.LittleEndian.Uint32(data[8:12])
	if n > maxHeaderBytes {
		return nil, modelErr("header length %d, more than %d", n, maxHeaderBytes)
	}
	if int(n) > len(data)-12 {
		return nil, shortErr(12+int(n), len(data), "header length %d does not fit in the file (%d bytes)", n, len(data))
	}
	// Settings a file does not name (those added since it was written:
	// the optimizer's) keep the book's values.
	h.Config = BookConfig()
	if err := DecodeJSONStrict(data[12:12+n], &h); err != nil {
		return nil, modelErr("header: %v", err)
	}
	if h.Format != modelFormat {
		return nil, modelErr("header format %q, want \"scratchnet\"", h.Format)
	}
	switch {
	case h.Input < 1 || h.Input > maxModelInput:
		return nil, modelErr("input size %d outside [1, %d]", h.Input, maxModelInput)
	case h.Hidden < 1 || h.Hidden > MaxHidden:
		return nil, modelErr("hidden size %d outside [1, %d]", h.Hidden, MaxHidden)
	case h.Output < 1 || h.Output > maxModelOutput:
		return nil, modelErr("output size %d outside [1, %d]", h.Output, maxModelOutput)
	case h.Activation != ActSigmoid && h.Activation != ActReLU:
		return nil, modelErr("activation %q must be sigmoid or relu", h.Activation)
	case h.Config.Hidden != h.Hidden || h.Config.Activation != h.Activation:
		return nil, modelErr("the settings say %s with %d hidden units, the net is %s with %d", h.Config.Activation, h.Config.Hidden, h.Activation, h.Hidden)
	case h.Iterations < 0 || h.OptimizerSteps < 0:
		return nil, modelErr("negative iteration count")
	}
	if err := h.Config.Validate(maxIDXItems); err != nil {
		return nil, modelErr("settings refused: %v", err)
	}
	want := fileShapes(&TwoLayerNet{Input: h.Input, Hidden: h.Hidden, Output: h.Output}, h.Config.Optimizer)
	withState := true
	if len(h.Params) == 4 && len(want) > 4 {
		// The weights alone (a shared network): the optimizer's state
		// starts afresh if training goes on.
		want, withState = want[:4], false
		if h.OptimizerSteps != 0 {
			return nil, modelErr("optimizer steps %d without the optimizer's state", h.OptimizerSteps)
		}
	}
	if len(h.Params) != len(want) {
		return nil, modelErr("%d arrays listed, want %d: W1, b1, W2, b2 and the %s optimizer's state", len(h.Params), len(want), h.Config.Optimizer)
	}
	count := 0
	for i, w := range want {
		if got := h.Params[i]; got.Key != w.Key || !slices.Equal(got.Shape, w.Shape) {
			return nil, modelErr("parameter %d is %s%v, want %s%v for a %d-%d-%d net", i+1, got.Key, got.Shape, w.Key, w.Shape, h.Input, h.Hidden, h.Output)
		}
		size := 1
		for _, d := range w.Shape {
			size *= d
		}
		count += size
	}
	body := data[12+n:]
	if len(body) < 8*count {
		return nil, shortErr(12+int(n)+8*count, len(data), "the header lists %d numbers (%d bytes) but %d bytes follow it", count, 8*count, len(body))
	}
	if len(body) != 8*count {
		return nil, modelErr("the header lists %d numbers (%d bytes) but %d bytes follow it", count, 8*count, len(body))
	}
	net := newEmptyNet(h.Input, h.Hidden, h.Output, h.Activation)
	net.WeightDecay, net.DropoutRatio = h.Config.WeightDecay, h.Config.Dropout
	for _, p := range net.Params() {
		if err := readFloats(p.Key, body[:8*len(p.W)], p.W); err != nil {
			return nil, err
		}
		body = body[8*len(p.W):]
	}
	m := &Model{Net: net, Header: h}
	if withState && len(h.Config.Optimizer.StateNames()) > 0 {
		m.Opt = NewOptimizer(h.Config, net)
		for s, name := range h.Config.Optimizer.StateNames() {
			for k, p := range net.Params() {
				if err := readFloats(name+":"+p.Key, body[:8*len(p.W)], m.Opt.State[s][k]); err != nil {
					return nil, err
				}
				body = body[8*len(p.W):]
			}
		}
		m.Opt.SetSteps(h.OptimizerSteps)
	}
	return m, nil
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
//
// settings, if not nil, is written as a last entry, NPZSettingsFile, which
// np.load and the book's p["W1"] pass over: what the net needs besides its
// weights to be evaluated (its activation) and trained on.
func EncodeNPZ(net *TwoLayerNet, settings *NPZSettings) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for i, p := range net.Params() {
		w, err := z.CreateHeader(&zip.FileHeader{Name: p.Key + ".npy", Method: zip.Store})
		if err != nil {
			panic(err)
		}
		writeNPY(w, shapes(net)[i].Shape, p.W)
	}
	if settings != nil {
		s := *settings
		s.Format = modelFormat
		s.Config.Hidden, s.Config.Activation = net.Hidden, net.Activation
		w, err := z.CreateHeader(&zip.FileHeader{Name: NPZSettingsFile, Method: zip.Store})
		if err != nil {
			panic(err)
		}
		if err := json.NewEncoder(w).Encode(s); err != nil {
			panic(err)
		}
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

// modelFormat is the format field of a model file's header and of an
// .npz's settings.
const modelFormat = "scratchnet"

// NPZSettingsFile is the entry of an .npz that holds its NPZSettings.
const NPZSettingsFile = "scratchnet.json"

// NPZSettings is what an .npz scratchnet writes says besides the weights:
// the settings of the run (the activation above all: an .npz from
// elsewhere does not say it) and how long it was trained.
type NPZSettings struct {
	Format     string `json:"format"` // "scratchnet"
	Config     Config `json:"config"`
	Iterations int    `json:"iterations"`
}

// DecodeNPZ reads an .npz holding exactly W1.npy, b1.npy, W2.npy and
// b2.npy as float64 C-order arrays (what EncodeNPZ writes, and what
// np.savez writes from the book's params) into a sigmoid net of
// input-H-output units (input or output 0: any within the format's
// limits). It stops at the first entry that cannot be one of those arrays:
// another name, a repeated one, a shape that does not fit the others, a
// size the zip directory states wrongly, or one that unpacks to more than
// maxGzipRatio times its packed size (a zip bomb; real weights barely
// compress). So it allocates at most about that ratio times len(data).
func DecodeNPZ(data []byte, input, output int) (*TwoLayerNet, error) {
	net, _, err := DecodeNPZFile(data, input, output)
	return net, err
}

// DecodeNPZFile is DecodeNPZ that also reads the archive's settings, if it
// has them (NPZSettingsFile, at most maxNPZSettings bytes, decoded
// strictly; settings absent from it keep BookConfig's values), or returns
// nil settings. The settings' hidden size must be the net's; their
// activation becomes the net's.
func DecodeNPZFile(data []byte, input, output int) (*TwoLayerNet, *NPZSettings, error) {
	net, settings, err := decodeNPZ(data, input, output)
	if err != nil {
		return nil, nil, err
	}
	if settings != nil {
		if settings.Config.Hidden != net.Hidden {
			return nil, nil, modelErr("%s says %d hidden units, the arrays have %d", NPZSettingsFile, settings.Config.Hidden, net.Hidden)
		}
		net.Activation = settings.Config.Activation
	}
	return net, settings, nil
}

// maxNPZSettings bounds the settings entry of an .npz.
const maxNPZSettings = 64 << 10

func decodeNPZ(data []byte, input, output int) (*TwoLayerNet, *NPZSettings, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, &ModelError{Msg: fmt.Sprintf("not an .npz archive: %v", err), Kind: ModelArchive}
	}
	files := z.File
	var settings *NPZSettings
	for i, f := range files {
		if f.Name != NPZSettingsFile {
			continue
		}
		if settings, err = readNPZSettings(f); err != nil {
			return nil, nil, err
		}
		files = slices.Delete(slices.Clone(files), i, i+1)
		break
	}
	if len(files) != 4 {
		return nil, nil, modelErr("the archive holds %d files, want W1.npy, b1.npy, W2.npy and b2.npy (and perhaps %s)", len(files), NPZSettingsFile)
	}
	// The sizes allowed: exactly input and output when given, else any up
	// to the format's limits.
	allowed := func(want, limit int) (lo, hi int) {
		if want > 0 {
			return want, want
		}
		return 1, limit
	}
	minIn, maxIn := allowed(input, maxModelInput)
	minOut, maxOut := allowed(output, maxModelOutput)
	// dims are what the arrays read so far fix: input, hidden, output.
	dims := map[string]int{}
	fix := func(name string, v, lo, hi int) error {
		if v < lo || v > hi {
			return modelErr("%s size %d outside [%d, %d]", name, v, lo, hi)
		}
		if d, ok := dims[name]; ok && d != v {
			return modelErr("%s size %d here but %d in another array", name, v, d)
		}
		dims[name] = v
		return nil
	}
	arrays := map[string][]float64{}
	for _, f := range files {
		key, ok := strings.CutSuffix(f.Name, ".npy")
		if !ok || (key != "W1" && key != "b1" && key != "W2" && key != "b2") {
			return nil, nil, modelErr("unexpected file %q in the archive (want W1.npy, b1.npy, W2.npy, b2.npy)", f.Name)
		}
		if _, dup := arrays[key]; dup {
			return nil, nil, modelErr("%s appears twice in the archive", f.Name)
		}
		if f.UncompressedSize64 > maxGzipRatio*f.CompressedSize64+64<<10 {
			return nil, nil, modelErr("%s unpacks to %d bytes from %d: more than %d times, refused as a zip bomb", f.Name, f.UncompressedSize64, f.CompressedSize64, maxGzipRatio)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, nil, modelErr("%s: %v", f.Name, err)
		}
		vals, err := readNPY(key, rc, f.UncompressedSize64, func(shape []int) error {
			switch {
			case key == "W1" && len(shape) == 2:
				if err := fix("input", shape[0], minIn, maxIn); err != nil {
					return err
				}
				return fix("hidden", shape[1], 1, MaxHidden)
			case key == "W2" && len(shape) == 2:
				if err := fix("hidden", shape[0], 1, MaxHidden); err != nil {
					return err
				}
				return fix("output", shape[1], minOut, maxOut)
			case key == "b1" && len(shape) == 1:
				return fix("hidden", shape[0], 1, MaxHidden)
			case key == "b2" && len(shape) == 1:
				return fix("output", shape[0], minOut, maxOut)
			}
			return modelErr("%s.npy has shape %v: W1 and W2 have 2 dimensions, b1 and b2 one", key, shape)
		})
		rc.Close()
		if err != nil {
			return nil, nil, err
		}
		arrays[key] = vals
	}
	net := newEmptyNet(dims["input"], dims["hidden"], dims["output"], ActSigmoid)
	net.W1, net.B1, net.W2, net.B2 = arrays["W1"], arrays["b1"], arrays["W2"], arrays["b2"]
	return net, settings, nil
}

// readNPZSettings reads an .npz's settings entry.
func readNPZSettings(f *zip.File) (*NPZSettings, error) {
	if f.UncompressedSize64 > maxNPZSettings {
		return nil, modelErr("%s: %d bytes, more than %d", f.Name, f.UncompressedSize64, maxNPZSettings)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, modelErr("%s: %v", f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxNPZSettings+1))
	if err != nil || len(b) > maxNPZSettings {
		return nil, modelErr("%s: unreadable or too long (%v)", f.Name, err)
	}
	st := &NPZSettings{Config: BookConfig()}
	if err := DecodeJSONStrict(b, st); err != nil {
		return nil, modelErr("%s: %v", f.Name, err)
	}
	if st.Format != modelFormat {
		return nil, modelErr("%s: format %q, want %q", f.Name, st.Format, modelFormat)
	}
	if st.Iterations < 0 {
		return nil, modelErr("%s: %d iterations", f.Name, st.Iterations)
	}
	return st, nil
}
