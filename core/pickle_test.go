package core

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPickleAsReadersWriteIt: the book's params dict pickled with
// protocols 2 to 5, by NumPy 1.x and 2.x, in float16, float32 big-endian
// Fortran order and as an OrderedDict (testdata/pkl/make.py), decodes to
// the same float64 values; the rest is refused by name.
func TestPickleAsReadersWriteIt(t *testing.T) {
	want := fixtureWeights()
	decodeFixtures(t, "pkl", []fixture{
		{"params-p2.pkl", ""}, {"params-p3.pkl", ""}, {"params-p4.pkl", ""}, {"params-p5.pkl", ""},
		{"params-numpy2-p2.pkl", ""}, {"params-numpy2-p5.pkl", ""},
		{"params-f4-fortran.pkl", ""}, {"params-f2.pkl", ""}, {"params-ordereddict.pkl", ""},
		{"evil.pkl", "refuses the global posix.system"},
		{"list.pkl", "opcode EMPTY_LIST is not read"},
		{"int.pkl", "holds integers"},
		{"extra-key.pkl", `unexpected key "W3"`},
	}, func(data []byte) (*TwoLayerNet, error) { return DecodePickle(data, 784, 10) }, want)
}

// TestPickleLies: lengths that the file does not hold are refused before
// anything is made of them.
func TestPickleLies(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"BINBYTES8 of an exabyte", []byte("\x80\x04\x8e\xff\xff\xff\xff\xff\xff\xff\x0f."), "remain"},
		{"a huge frame", []byte("\x80\x05\x95\xff\xff\xff\xff\xff\xff\xff\x7f}."), "a frame of"},
		{"BINUNICODE past the end", []byte("\x80\x02X\xff\xff\xff\x7fab"), "remain"},
		{"no STOP", []byte("\x80\x02}"), "ends before STOP"},
		{"protocol 0", []byte("(dp0\n."), "opcode"},
		{"protocol 9", []byte("\x80\x09}."), "protocol 9"},
		{"a bare string", []byte("\x80\x04\x8c\x02hi."), "holds a string"},
		{"junk after STOP", []byte("\x80\x04}.x"), "after STOP"},
		{"an empty stack", []byte("\x80\x04R."), "stack is empty"},
	} {
		var err error
		checkAllocBound(t, len(c.data), func() { _, err = DecodePickle(c.data, 784, 10) })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func FuzzDecodePickle(f *testing.F) {
	for _, name := range []string{"params-p2.pkl", "params-p5.pkl", "params-numpy2-p2.pkl", "evil.pkl"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "pkl", name)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = data[:len(data):len(data)] // no spare capacity: reading past the end panics
		var net *TwoLayerNet
		var err error
		checkAllocBound(t, len(data), func() { net, err = DecodePickle(data, 0, 0) })
		if err == nil {
			net.Predict(randomBatch(1, 2, net.Input, net.Output))
		}
	})
}

func TestDecodeModelFile(t *testing.T) {
	net := smallNet(netCases[0], 784, 2, 10, 91)
	pkl, err := os.ReadFile(filepath.Join("testdata", "pkl", "params-p4.pkl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		data   []byte
		format string
		says   bool
	}{
		{EncodeModel(net, ModelHeader{Config: BookConfig()}, nil), "snet", true},
		{EncodeNPZ(net, &NPZSettings{Config: BookConfig()}), "npz", true},
		{EncodeNPZ(net, nil), "npz", false},
		{pkl, "pickle", false},
	} {
		f, err := DecodeModelFile(c.data, 784, 10, nil, 0)
		if err != nil || f.Format != c.format || (f.Config != nil) != c.says || f.Net.Hidden != 2 {
			t.Errorf("%s: %+v, %v", c.format, f, err)
		}
	}
	if _, err := DecodeModelFile(EncodeModel(smallNet(netCases[0], 64, 2, 10, 92), ModelHeader{Config: BookConfig()}, nil), 784, 10, nil, 0); err == nil {
		t.Error("a 64-input .snet accepted for 784 inputs")
	}
}
