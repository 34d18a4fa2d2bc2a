package core

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestModelRoundTrip(t *testing.T) {
	for _, c := range netCases {
		net := smallNet(c, 64, 12, 10, 81)
		cfg := BookConfig()
		cfg.Activation = c.act
		data := EncodeModel(net, ModelHeader{Config: cfg, Iterations: 123, TrainAcc: 0.9, TestAcc: 0.8})
		got, h, err := DecodeModel(data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
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

func TestDecodeModelErrors(t *testing.T) {
	net := smallNet(netCases[0], 6, 3, 2, 83)
	good := EncodeModel(net, ModelHeader{Config: BookConfig()})
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
		{"an npz", EncodeNPZ(net), "not a scratchnet model file"},
		{"version 2", append([]byte("SNETMDL2"), good[8:]...), `format version "2" is not supported`},
		{"header too long", append(append([]byte{}, good[:8]...), 0xff, 0xff, 0xff, 0x7f), "header length 2147483647 does not fit"},
		{"bad json", withHeader(strings.Replace(header, "{", "[", 1)), "header: "},
		{"unknown field", withHeader(strings.Replace(header, `{"format"`, `{"extra":1,"format"`, 1)), `header: json: unknown field "extra"`},
		{"huge hidden", withHeader(strings.Replace(header, `"hidden":3`, `"hidden":100000`, 1)), "hidden size 100000 outside [1, 4096]"},
		{"huge input", withHeader(strings.Replace(header, `"input":6`, `"input":10000000`, 1)), "input size 10000000 outside"},
		{"wrong shape", withHeader(strings.Replace(header, `"shape":[6,3]`, `"shape":[3,6]`, 1)), "parameter 1 is W1[3 6], want W1[6 3] for a 6-3-2 net"},
		{"wrong key", withHeader(strings.Replace(header, `"key":"b1"`, `"key":"B1"`, 1)), "parameter 2 is B1[3], want b1[3]"},
		{"sizes disagree with data", withHeader(strings.Replace(strings.Replace(header, `"hidden":3`, `"hidden":4`, 1), `[6,3]`, `[6,4]`, 1)), "parameter 2 is b1[3], want b1[4]"},
		{"bad activation", withHeader(strings.Replace(header, `"activation":"sigmoid"`, `"activation":"tanh"`, 1)), `activation "tanh" must be sigmoid or relu`},
		{"truncated", good[:len(good)-3], "truncated: b2 needs 16 bytes, 13 left"},
		{"trailing", append(append([]byte{}, good...), 0), "1 bytes after the last parameter"},
		{"NaN weight", nan, "W1[1] is NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := DecodeModel(tt.data)
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
	data := EncodeNPZ(net)
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
	back, err := DecodeNPZ(data)
	if err != nil {
		t.Fatal(err)
	}
	for k, p := range back.Params() {
		bitsEqual(t, "npz "+p.Key, p.W, net.Params()[k].W)
	}
	if _, err := DecodeNPZ(data[:len(data)/2]); err == nil {
		t.Error("half an archive loaded")
	}
}

func FuzzDecodeModel(f *testing.F) {
	net := smallNet(netCases[1], 6, 3, 2, 85)
	f.Add(EncodeModel(net, ModelHeader{Config: BookConfig()}))
	f.Add([]byte("SNETMDL1\x02\x00\x00\x00{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, _, err := DecodeModel(data)
		if err != nil {
			var me *ModelError
			if !errors.As(err, &me) {
				t.Fatalf("error %v is not a *ModelError", err)
			}
			return
		}
		// Whatever loads must survive a prediction.
		got.Predict(randomBatch(1, 2, got.Input, got.Output))
	})
}

func FuzzDecodeNPZ(f *testing.F) {
	f.Add(EncodeNPZ(smallNet(netCases[0], 4, 3, 2, 86)))
	f.Fuzz(func(t *testing.T, data []byte) {
		if net, err := DecodeNPZ(data); err == nil {
			net.Predict(randomBatch(1, 2, net.Input, net.Output))
		}
	})
}
