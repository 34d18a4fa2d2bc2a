package core

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestModelRoundTrip(t *testing.T) {
	for _, c := range netCases {
		net := smallNet(c, 64, 12, 10, 81)
		cfg := BookConfig()
		cfg.Activation = c.act
		data := EncodeModel(net, ModelHeader{Config: cfg, Iterations: 123, TrainAcc: 0.9, TestAcc: 0.8}, nil)
		m, err := DecodeModel(data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, h := m.Net, m.Header
		for k, p := range got.Params() {
			bitsEqual(t, c.name+" "+p.Key, p.W, net.Params()[k].W)
		}
		if got.Activation != c.act || got.WeightDecay != c.decay || got.DropoutRatio != c.dropout || h.Iterations != 123 || h.Config.LearningRate != 0.1 {
			t.Errorf("%s: header %+v", c.name, h)
		}
		b := randomBatch(82, 5, 64, 10)
		if a, b := net.Predict(b), got.Predict(b); !slices.Equal(a, b) {
			t.Errorf("%s: loaded net predicts differently", c.name)
		}
	}
}

// TestModelErrorKinds: what a reader is told of a file that cannot be
// loaded (the page words each kind in its language) follows what is
// wrong with it, and a file cut short says how much is missing.
func TestModelErrorKinds(t *testing.T) {
	net := smallNet(netCases[0], 6, 3, 2, 83)
	good := EncodeModel(net, ModelHeader{Config: BookConfig()}, nil)
	npz := EncodeNPZ(net, nil)
	badAct := bytes.Replace(good, []byte(`"activation":"sigmoid"`), []byte(`"activation":"sigmiod"`), 1)
	for _, tc := range []struct {
		name      string
		data      []byte
		kind      ModelErrorKind
		want, got int
	}{
		{"empty", nil, ModelUnknown, 0, 0},
		{"text", []byte("hello, I am a .npz"), ModelUnknown, 0, 0},
		{"snet cut in its body", good[:len(good)-100], ModelShort, len(good), len(good) - 100},
		{"snet cut in its header", good[:20], ModelShort, 12 + int(binary.LittleEndian.Uint32(good[8:12])), 20},
		{"snet cut in its header's length", good[:10], ModelShort, 12, 10},
		{"the magic's first seven bytes", good[:7:7], ModelUnknown, 0, 0}, // no byte beyond (it once sliced past its end)
		{"version 2", append([]byte("SNETMDL2"), good[8:]...), ModelOther, 0, 0},
		{"npz cut short", npz[:len(npz)/2], ModelArchive, 0, 0},
		{"npz of junk", []byte("PK\x03\x04junk"), ModelArchive, 0, 0},
		{"snet with a wrong activation", badAct, ModelOther, 0, 0},
	} {
		_, err := DecodeModelFile(tc.data, 0, 0, nil, 0)
		var me *ModelError
		if !errors.As(err, &me) || me.Kind != tc.kind || me.Want != tc.want || me.Got != tc.got {
			t.Errorf("%s: %#v (%v), want kind %d, %d bytes needed, %d there", tc.name, me, err, tc.kind, tc.want, tc.got)
		}
	}
}

func TestDecodeModelErrors(t *testing.T) {
	net := smallNet(netCases[0], 6, 3, 2, 83)
	good := EncodeModel(net, ModelHeader{Config: BookConfig()}, nil)
	hlen := int(binary.LittleEndian.Uint32(good[8:12]))
	header := string(good[12 : 12+hlen])
	withHeader := func(h string) []byte {
		var b bytes.Buffer
		b.WriteString(modelMagic)
		binary.Write(&b, binary.LittleEndian, uint32(len(h)))
		b.WriteString(h)
		b.Write(good[12+hlen:])
		return b.Bytes()
	}
	nan := append([]byte{}, good...)
	binary.LittleEndian.PutUint64(nan[12+hlen+8:], math.Float64bits(math.NaN()))
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, `not a scratchnet model file (it does not start with "SNETMDL1")`},
		{"an npz", EncodeNPZ(net, nil), "not a scratchnet model file"},
		{"version 2", append([]byte("SNETMDL2"), good[8:]...), `format version "2" is not supported`},
		{"header too long", append(append([]byte{}, good[:8]...), 0xff, 0xff, 0xff, 0x7f), "header length 2147483647, more than"},
		{"header cut short", good[:12+hlen/2], fmt.Sprintf("header length %d does not fit", hlen)},
		{"bad json", withHeader(strings.Replace(header, "{", "[", 1)), "header: "},
		{"unknown field", withHeader(strings.Replace(header, `{"format"`, `{"extra":1,"format"`, 1)), `header: unknown field "extra"`},
		{"huge hidden", withHeader(strings.Replace(header, `"hidden":3,"output"`, `"hidden":100000,"output"`, 1)), "hidden size 100000 outside [1, 4096]"},
		{"FORMAT for format", withHeader(strings.Replace(header, `"format"`, `"FORMAT"`, 1)), `header: unknown field "FORMAT"`},
		{"a key twice", withHeader(strings.Replace(header, `{"format":"scratchnet"`, `{"format":"scratchnet","format":"scratchnet"`, 1)), `header: the key "format" appears twice`},
		{"junk after the header", withHeader(header + `{}`), "header: something follows the JSON value"},
		{"iterations 0 in the settings", withHeader(strings.Replace(header, `"iterations":10000`, `"iterations":0`, 1)), "settings refused: iterations"},
		{"settings for another net", withHeader(strings.Replace(header, `"config":{"hidden":3`, `"config":{"hidden":50`, 1)), "the settings say sigmoid with 50 hidden units, the net is sigmoid with 3"},
		{"claims 65536-500-10", withHeader(strings.Replace(strings.Replace(strings.Replace(header, `"input":6,"hidden":3`, `"input":65536,"hidden":500`, 1), `"config":{"hidden":3`, `"config":{"hidden":500`, 1), `"params":[{"key":"W1","shape":[6,3]},{"key":"b1","shape":[3]},{"key":"W2","shape":[3,2]}`, `"params":[{"key":"W1","shape":[65536,500]},{"key":"b1","shape":[500]},{"key":"W2","shape":[500,2]}`, 1)), "the header lists 32769502 numbers (262156016 bytes) but 232 bytes follow it"},
		{"huge input", withHeader(strings.Replace(header, `"input":6`, `"input":10000000`, 1)), "input size 10000000 outside"},
		{"wrong shape", withHeader(strings.Replace(header, `"shape":[6,3]`, `"shape":[3,6]`, 1)), "parameter 1 is W1[3 6], want W1[6 3] for a 6-3-2 net"},
		{"wrong key", withHeader(strings.Replace(header, `"key":"b1"`, `"key":"B1"`, 1)), "parameter 2 is B1[3], want b1[3]"},
		{"sizes disagree with data", withHeader(strings.Replace(strings.ReplaceAll(header, `"hidden":3`, `"hidden":4`), `[6,3]`, `[6,4]`, 1)), "parameter 2 is b1[3], want b1[4]"},
		{"bad activation", withHeader(strings.Replace(header, `"activation":"sigmoid"`, `"activation":"tanh"`, 1)), `activation "tanh" must be sigmoid or relu`},
		{"truncated", good[:len(good)-3], "the header lists 29 numbers (232 bytes) but 229 bytes follow it"},
		{"trailing", append(append([]byte{}, good...), 0), "the header lists 29 numbers (232 bytes) but 233 bytes follow it"},
		{"NaN weight", nan, "W1[1] is NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			checkAllocBound(t, len(tt.data), func() { _, err = DecodeModel(tt.data) })
			var me *ModelError
			if !errors.As(err, &me) || !strings.HasPrefix(me.Msg, tt.want) {
				t.Fatalf("error %v, want a *ModelError starting %q", err, tt.want)
			}
		})
	}
}

// TestNPZ checks the archive byte by byte where NumPy is strict (magic,
// header alignment, dtype, shape) and reads it back.
func TestNPZ(t *testing.T) {
	net := smallNet(netCases[0], 784, 50, 10, 84)
	data := EncodeNPZ(net, nil)
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	wantHeaders := map[string]string{
		"W1.npy": "{'descr': '<f8', 'fortran_order': False, 'shape': (784, 50), }",
		"b1.npy": "{'descr': '<f8', 'fortran_order': False, 'shape': (50,), }",
		"W2.npy": "{'descr': '<f8', 'fortran_order': False, 'shape': (50, 10), }",
		"b2.npy": "{'descr': '<f8', 'fortran_order': False, 'shape': (10,), }",
	}
	for _, f := range z.File {
		rc, _ := f.Open()
		var raw bytes.Buffer
		raw.ReadFrom(rc)
		b := raw.Bytes()
		hl := int(binary.LittleEndian.Uint16(b[8:10]))
		if string(b[:8]) != "\x93NUMPY\x01\x00" || (10+hl)%64 != 0 || b[10+hl-1] != '\n' {
			t.Errorf("%s: bad NPY preamble % x, header length %d", f.Name, b[:10], hl)
		}
		if got := strings.TrimRight(string(b[10:10+hl]), " \n"); got != wantHeaders[f.Name] {
			t.Errorf("%s: header %q", f.Name, got)
		}
	}
	back, err := DecodeNPZ(data, 784, 10)
	if err != nil {
		t.Fatal(err)
	}
	for k, p := range back.Params() {
		bitsEqual(t, "npz "+p.Key, p.W, net.Params()[k].W)
	}
	if _, err := DecodeNPZ(data[:len(data)/2], 784, 10); err == nil {
		t.Error("half an archive loaded")
	}
}

func FuzzDecodeModel(f *testing.F) {
	net := smallNet(netCases[1], 6, 3, 2, 85)
	f.Add(EncodeModel(net, ModelHeader{Config: BookConfig()}, nil))
	adam := BookConfig()
	adam.Optimizer = OptAdam
	f.Add(EncodeModel(net, ModelHeader{Config: adam}, NewOptimizer(adam, net)))
	f.Add([]byte("SNETMDL1\x02\x00\x00\x00{}"))
	f.Add([]byte("SNETMDL"))
	f.Fuzz(func(t *testing.T, data []byte) {
		data = data[:len(data):len(data)] // no spare capacity: reading past the end panics
		var m *Model
		var err error
		checkAllocBound(t, len(data), func() { m, err = DecodeModel(data) })
		if err != nil {
			var me *ModelError
			if !errors.As(err, &me) {
				t.Fatalf("error %v is not a *ModelError", err)
			}
			return
		}
		// Whatever loads must survive a prediction.
		m.Net.Predict(randomBatch(1, 2, m.Net.Input, m.Net.Output))
	})
}

func FuzzDecodeNPZ(f *testing.F) {
	f.Add(EncodeNPZ(smallNet(netCases[0], 4, 3, 2, 86), nil))
	f.Add(npzBomb("W1.npy", 4<<20))
	for _, name := range []string{"v3.npz", "f2.npz", "f4-big-fortran.npz", "f8-deflated.npz"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "npz", name)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = data[:len(data):len(data)] // no spare capacity: reading past the end panics
		var net *TwoLayerNet
		var err error
		checkAllocBound(t, len(data), func() { net, err = DecodeNPZ(data, 0, 0) })
		if err == nil {
			net.Predict(randomBatch(1, 2, net.Input, net.Output))
		}
	})
}

// npzBomb returns a deflated archive whose first entry, name, unpacks to
// size zero bytes (after a valid W1 header claiming them, if name is
// W1.npy), plus the other three entries.
func npzBomb(name string, size int) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, _ := z.Create(name)
	if name == "W1.npy" {
		writeNPY(w, []int{784, size / 8 / 784}, nil)
		size -= 128
	}
	zero := make([]byte, 64<<10)
	for left := size; left > 0; left -= len(zero) {
		w.Write(zero[:min(left, len(zero))])
	}
	for _, k := range []string{"b1", "W2", "b2"} {
		w, _ := z.Create(k + ".npy")
		shape := map[string][]int{"b1": {50}, "W2": {50, 10}, "b2": {10}}[k]
		n := 1
		for _, d := range shape {
			n *= d
		}
		writeNPY(w, shape, make([]float64, n))
	}
	z.Close()
	return buf.Bytes()
}

// TestDecodeNPZRefusesHostileArchives: every archive that cannot be a
// 784-H-10 net is refused having allocated a small multiple of its size.
func TestDecodeNPZRefusesHostileArchives(t *testing.T) {
	net := smallNet(netCases[0], 784, 50, 10, 87)
	good := EncodeNPZ(net, nil)
	withEntries := func(names ...string) []byte {
		var buf bytes.Buffer
		z := zip.NewWriter(&buf)
		for _, n := range names {
			w, _ := z.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store})
			key := strings.TrimSuffix(n, ".npy")
			for i, p := range net.Params() {
				if p.Key == key {
					writeNPY(w, shapes(net)[i].Shape, p.W)
				}
			}
		}
		z.Close()
		return buf.Bytes()
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"a 400 MB bomb in W1", npzBomb("W1.npy", 400<<20), "W1.npy unpacks to"},
		{"a bomb under another name", npzBomb("junk.npy", 100<<20), `unexpected file "junk.npy"`},
		{"a duplicate", withEntries("W1.npy", "W1.npy", "W2.npy", "b2.npy"), "W1.npy appears twice"},
		{"five entries", withEntries("W1.npy", "b1.npy", "W2.npy", "b2.npy", "b2.npy"), "the archive holds 5 files"},
		{"a 64-input net", EncodeNPZ(smallNet(netCases[0], 64, 50, 10, 88), nil), "input size 64 outside [784, 784]"},
		{"not an archive", []byte("PK but not a zip"), "not an .npz archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			checkAllocBound(t, len(tt.data), func() { _, err = DecodeNPZ(tt.data, 784, 10) })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := DecodeNPZ(good, 784, 10); err != nil {
		t.Errorf("the good archive: %v", err)
	}
}

// TestModelFromBeforeOptimizers: a file written before the optimizer's
// settings existed loads, with SGD.
func TestModelFromBeforeOptimizers(t *testing.T) {
	net := smallNet(netCases[0], 6, 3, 2, 91)
	cfg := BookConfig()
	cfg.Hidden = 3
	data := EncodeModel(net, ModelHeader{Config: cfg}, nil)
	hl := int(binary.LittleEndian.Uint32(data[8:12]))
	header := string(data[12 : 12+hl])
	for _, k := range []string{`"optimizer":"sgd",`, `"momentum":0.9,`, `"beta1":0.9,`, `"beta2":0.999,`} {
		if !strings.Contains(header, k) {
			t.Fatalf("header %s lacks %s", header, k)
		}
		header = strings.Replace(header, k, "", 1)
	}
	old := append(append([]byte(modelMagic), binary.LittleEndian.AppendUint32(nil, uint32(len(header)))...), header...)
	old = append(old, data[12+hl:]...)
	m, err := DecodeModel(old)
	if err != nil || m.Header.Config.Optimizer != OptSGD || m.Header.Config.Momentum != 0.9 {
		t.Fatalf("an old file: %v, %+v", err, m)
	}
}

// TestModelKeepsOptimizerState: an Adam run saved and loaded continues
// with the same state, step count and settings.
func TestModelKeepsOptimizerState(t *testing.T) {
	net := smallNet(netCases[0], 6, 3, 2, 89)
	cfg := BookConfig()
	cfg.Hidden, cfg.Optimizer, cfg.LearningRate = 3, OptAdam, 0.001
	opt := NewOptimizer(cfg, net)
	g := net.Gradient(randomBatch(90, 4, 6, 2))
	for range 3 {
		opt.Update(paramSlices(net), g.Slices())
	}
	m, err := DecodeModel(EncodeModel(net, ModelHeader{Config: cfg}, opt))
	if err != nil {
		t.Fatal(err)
	}
	if m.Opt == nil || m.Opt.Kind != OptAdam || m.Opt.Steps != 3 || m.Header.Config.LearningRate != 0.001 {
		t.Fatalf("optimizer %+v", m.Opt)
	}
	bitsEqual(t, "Adam's m", m.Opt.appendState(nil), opt.appendState(nil))
	opt.Update(paramSlices(net), g.Slices())
	m.Opt.Update(paramSlices(m.Net), g.Slices())
	bitsEqual(t, "W1 after one more step", m.Net.W1, net.W1)
}

// TestModelWeightsOnly: an Adam net saved without its optimizer (a shared
// network) keeps "adam" in its settings, is a third of the size, loads
// with no optimizer state, and the same weights; steps without state are
// refused.
func TestModelWeightsOnly(t *testing.T) {
	net := smallNet(netCases[0], 6, 3, 2, 92)
	cfg := BookConfig()
	cfg.Hidden, cfg.Optimizer, cfg.LearningRate = 3, OptAdam, 0.001
	opt := NewOptimizer(cfg, net)
	full := EncodeModel(net, ModelHeader{Config: cfg}, opt)
	data := EncodeModel(net, ModelHeader{Config: cfg, OptimizerSteps: 7}, nil)
	if len(data) >= len(full) {
		t.Errorf("weights alone take %d bytes, with Adam's state %d", len(data), len(full))
	}
	m, err := DecodeModel(data)
	if err != nil {
		t.Fatal(err)
	}
	if m.Opt != nil || m.Header.Config.Optimizer != OptAdam || m.Header.OptimizerSteps != 0 {
		t.Fatalf("optimizer %+v, settings %+v", m.Opt, m.Header)
	}
	bitsEqual(t, "W1", m.Net.W1, net.W1)

	hl := int(binary.LittleEndian.Uint32(data[8:12]))
	header := strings.TrimSuffix(string(data[12:12+hl]), "}") + `,"optimizerSteps":3}`
	lying := append(append([]byte(modelMagic), binary.LittleEndian.AppendUint32(nil, uint32(len(header)))...), header...)
	lying = append(lying, data[12+hl:]...)
	if _, err := DecodeModel(lying); err == nil || !strings.Contains(err.Error(), "without the optimizer's state") {
		t.Fatalf("steps without state: %v", err)
	}
}
