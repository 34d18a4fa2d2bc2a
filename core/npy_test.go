package core

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fixtureWeights are the values of the 784-2-10 net of testdata/npz and
// testdata/pkl, W1, b1, W2, b2 in a row (their make.py writes them).
func fixtureWeights() []float64 {
	w := make([]float64, 784*2+2+2*10+10)
	for k := range w {
		w[k] = float64((k*7)%65-32) / 256
	}
	return w
}

// TestNPZAsNumPyWritesThem: the same 784-2-10 net written every way
// NumPy writes an .npz (testdata/npz/make.py) decodes to the same float64
// values: NPY versions 1.0, 2.0 and 3.0, C and Fortran order, half, single
// and double precision, either byte order, stored or deflated. Long
// double, integers and complex numbers are refused, each by name.
func TestNPZAsNumPyWritesThem(t *testing.T) {
	want := fixtureWeights()
	decodeFixtures(t, "npz", []fixture{
		{"f8.npz", ""}, {"f8-deflated.npz", ""}, {"v2.npz", ""}, {"v3.npz", ""},
		{"fortran.npz", ""}, {"fc-transposed.npz", ""}, {"f4.npz", ""}, {"f2.npz", ""},
		{"f8-big.npz", ""}, {"f4-big-fortran.npz", ""},
		{"longdouble.npz", "is long double"}, {"int.npz", "holds integers"}, {"complex.npz", "holds complex numbers"},
	}, func(data []byte) (*TwoLayerNet, error) { return DecodeNPZ(data, 784, 10) }, want)
}

// fixture is a file of testdata/DIR and, if it is refused, words the
// refusal must hold.
type fixture struct{ file, refused string }

// decodeFixtures decodes each fixture within the allocation bound:
// refused ones must say why, the others must be the 784-2-10 net with the
// values want.
func decodeFixtures(t *testing.T, dir string, cases []fixture, decode func([]byte) (*TwoLayerNet, error), want []float64) {
	t.Helper()
	for _, c := range cases {
		data, err := os.ReadFile(filepath.Join("testdata", dir, c.file))
		if err != nil {
			t.Fatal(err)
		}
		var net *TwoLayerNet
		checkAllocBound(t, len(data), func() { net, err = decode(data) })
		if c.refused != "" {
			if err == nil || !strings.Contains(err.Error(), c.refused) {
				t.Errorf("%s: %v, want a refusal saying %q", c.file, err, c.refused)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		if got := slices.Concat(net.W1, net.B1, net.W2, net.B2); net.Hidden != 2 || !slices.Equal(got, want) {
			t.Errorf("%s: hidden %d, values differ from the float64 file's", c.file, net.Hidden)
		}
	}
}

func TestParseNPYHeader(t *testing.T) {
	for _, c := range []struct {
		h       string
		fortran bool
		shape   []int
		size    int
		bad     string
	}{
		{"{'descr': '<f8', 'fortran_order': False, 'shape': (784, 50), }", false, []int{784, 50}, 8, ""},
		{`{"shape":(10,),"descr":">f4","fortran_order":True}`, true, []int{10}, 4, ""},
		{"{'descr':'<f2','fortran_order':False,'shape':(3, 2)}   \n", false, []int{3, 2}, 2, ""},
		{"{'descr': '<f8', 'fortran_order': False}", false, nil, 0, "lacks"},
		{"{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", false, nil, 0, "twice"},
		{"{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,)}", false, nil, 0, "structured"},
		{"{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,)}", false, nil, 0, "neither True nor False"},
		{"{'descr': '<f8', 'fortran_order': False, 'shape': (0,)}", false, nil, 0, "bad dimension"},
		{"{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", false, nil, 0, "unknown key"},
		{"{'descr': 'O', 'fortran_order': False, 'shape': (1,)}", false, nil, 0, "not a NumPy"},
		{"{'descr': '<i4', 'fortran_order': False, 'shape': (1,)} junk", false, nil, 0, "integers"},
		{"{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} junk", false, nil, 0, "after the dict"},
	} {
		h, err := parseNPYHeader(c.h)
		switch {
		case c.bad != "" && (err == nil || !strings.Contains(err.Error(), c.bad)):
			t.Errorf("%q: %v, want an error with %q", c.h, err, c.bad)
		case c.bad == "" && (err != nil || h.fortran != c.fortran || !slices.Equal(h.shape, c.shape) || h.descr.size != c.size):
			t.Errorf("%q: %+v, %v", c.h, h, err)
		}
	}
}

func TestHalfToFloat64(t *testing.T) {
	for _, c := range []struct {
		bits uint16
		want float64
	}{{0x3c00, 1}, {0xc000, -2}, {0x3555, 0.333251953125}, {0x0001, 5.960464477539063e-08}, {0x7bff, 65504}, {0x0000, 0}} {
		if got := halfToFloat64(c.bits); got != c.want {
			t.Errorf("%#04x: %v, want %v", c.bits, got, c.want)
		}
	}
}

// TestNPZSettings: an .npz of ours says its settings in an entry np.load
// passes over; they come back whole, and a file that lies is refused.
func TestNPZSettings(t *testing.T) {
	net := smallNet(netCases[0], 784, 6, 10, 90)
	net.Activation = ActReLU
	cfg := BookConfig()
	cfg.Optimizer, cfg.LearningRate = OptAdam, 0.001
	data := EncodeNPZ(net, &NPZSettings{Config: cfg, Iterations: 1234})
	got, st, err := DecodeNPZFile(data, 784, 10)
	if err != nil || st == nil || got.Activation != ActReLU || st.Iterations != 1234 || st.Config.Optimizer != OptAdam || st.Config.Hidden != 6 || st.Config.Activation != ActReLU {
		t.Fatalf("settings %+v, activation %s, %v", st, got.Activation, err)
	}
	if _, st, err := DecodeNPZFile(EncodeNPZ(net, nil), 784, 10); err != nil || st != nil {
		t.Errorf("an .npz without settings: %+v, %v", st, err)
	}
	for _, c := range []struct{ name, json, want string }{
		{"wrong hidden size", `{"format":"scratchnet","config":{"hidden":7},"iterations":0}`, "says 7 hidden units"},
		{"another format", `{"format":"keras","config":{},"iterations":0}`, "format"},
		{"an unknown key", `{"format":"scratchnet","config":{},"iterations":0,"x":1}`, "scratchnet.json"},
		{"negative iterations", `{"format":"scratchnet","config":{"hidden":6},"iterations":-5}`, "-5 iterations"},
	} {
		bad := npzWith(t, net, NPZSettingsFile, []byte(c.json))
		if _, _, err := DecodeNPZFile(bad, 784, 10); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if _, _, err := DecodeNPZFile(npzWith(t, net, "notes.txt", []byte("hi")), 784, 10); err == nil {
		t.Error("an .npz with another entry was accepted")
	}
}

// npzWith is EncodeNPZ's archive of net with one more entry.
func npzWith(t *testing.T, net *TwoLayerNet, name string, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	src, err := zip.NewReader(bytes.NewReader(EncodeNPZ(net, nil)), int64(len(EncodeNPZ(net, nil))))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range src.File {
		if err := z.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, _ := z.Create(name)
	w.Write(b)
	z.Close()
	return buf.Bytes()
}
