package core

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// The book saves parameters with Python's pickle (save_params in chapters 7
// and 8 writes params.pkl, a dict of NumPy arrays), and readers pickle
// their TwoLayerNet's params the same way. DecodePickle reads such a file
// without executing anything: it runs the pickle machine over a few
// opcodes and builds only dicts, strings, numbers, tuples and NumPy arrays
// of floats, as NumPy 1.x and 2.x pickle them with protocols 2 to 5. A
// global other than the few that rebuild an array, a dtype or a dict is
// refused by name, and so is any opcode outside that set. Every length in
// the stream is checked against the bytes that remain before anything is
// made of it; strings and bytes are slices of the input.
//
// gopickle (github.com/nlpodyssey/gopickle) was tried first: its reader
// allocates the length a BINBYTES8 or FRAME opcode claims before reading
// it, so a 20-byte file can ask for exabytes; the bound every decoder here
// keeps cannot be put around it.

// pickleGlobals are the globals a pickled NumPy array may name, by module
// and name: NumPy 1.x's numpy.core, NumPy 2.x's numpy._core.
var pickleGlobals = map[string]string{
	"numpy.core.multiarray _reconstruct":  "reconstruct",
	"numpy._core.multiarray _reconstruct": "reconstruct",
	"numpy.core.numeric _frombuffer":      "frombuffer",
	"numpy._core.numeric _frombuffer":     "frombuffer",
	"numpy ndarray":                       "ndarray",
	"numpy dtype":                         "dtype",
	"_codecs encode":                      "encode",
	"collections OrderedDict":             "dict",
}

type (
	pyGlobal string // one of pickleGlobals' values
	pyDict   struct {
		keys []string
		vals map[string]any
	}
	pyDType struct {
		kind  string // "f8", as dtype's first argument
		order byte   // '<', '>', '|' or '=' from its state
	}
	pyArray struct {
		shape   []int
		dtype   *pyDType
		fortran bool
		data    []byte
	}
)

// unpickler is the pickle machine's state.
type unpickler struct {
	data  []byte
	at    int
	stack []any
	marks []int
	memo  map[int]any
}

func pickleErr(format string, args ...any) error {
	return modelErr("pickle: "+format, args...)
}

// take returns the next n bytes of the stream, refusing a length the
// stream does not hold.
func (u *unpickler) take(n uint64) ([]byte, error) {
	if n > uint64(len(u.data)-u.at) {
		return nil, pickleErr("at byte %d a length of %d, but %d bytes remain", u.at, n, len(u.data)-u.at)
	}
	b := u.data[u.at : u.at+int(n)]
	u.at += int(n)
	return b, nil
}

func (u *unpickler) uint(n int) (uint64, error) {
	b, err := u.take(uint64(n))
	if err != nil {
		return 0, err
	}
	var buf [8]byte
	copy(buf[:], b)
	return binary.LittleEndian.Uint64(buf[:]), nil
}

// counted reads a length of n bytes, then that many bytes.
func (u *unpickler) counted(n int) ([]byte, error) {
	l, err := u.uint(n)
	if err != nil {
		return nil, err
	}
	return u.take(l)
}

func (u *unpickler) push(v any) { u.stack = append(u.stack, v) }

func (u *unpickler) pop() (any, error) {
	if len(u.stack) == 0 || (len(u.marks) > 0 && len(u.stack) == u.marks[len(u.marks)-1]) {
		return nil, pickleErr("the stack is empty at byte %d", u.at)
	}
	v := u.stack[len(u.stack)-1]
	u.stack = u.stack[:len(u.stack)-1]
	return v, nil
}

// popMark returns the items pushed since the last MARK.
func (u *unpickler) popMark() ([]any, error) {
	if len(u.marks) == 0 {
		return nil, pickleErr("no MARK before byte %d", u.at)
	}
	m := u.marks[len(u.marks)-1]
	u.marks = u.marks[:len(u.marks)-1]
	items := append([]any(nil), u.stack[m:]...)
	u.stack = u.stack[:m]
	return items, nil
}

// DecodePickle reads a pickled dict of NumPy float arrays W1, b1, W2 and b2
// (the book's params, protocols 2 to 5) into a sigmoid net of
// input-H-output units (input or output 0: any within the format's
// limits), with the same checks as DecodeNPZ's. Anything else — another
// key, another kind of value, a global or opcode that is not a NumPy
// array's — is refused by name.
func DecodePickle(data []byte, input, output int) (*TwoLayerNet, error) {
	u := &unpickler{data: data, memo: map[int]any{}}
	v, err := u.run()
	if err != nil {
		return nil, err
	}
	d, ok := v.(*pyDict)
	if !ok {
		return nil, pickleErr("the file holds %s, want a dict of W1, b1, W2 and b2", pyKind(v))
	}
	arrays := map[string]*pyArray{}
	for _, k := range d.keys {
		a, ok := d.vals[k].(*pyArray)
		switch {
		case k != "W1" && k != "b1" && k != "W2" && k != "b2":
			return nil, pickleErr("unexpected key %q (want W1, b1, W2, b2)", k)
		case !ok:
			return nil, pickleErr("%s is %s, not a NumPy array", k, pyKind(d.vals[k]))
		}
		arrays[k] = a
	}
	if len(arrays) != 4 {
		return nil, pickleErr("the dict has %d of W1, b1, W2 and b2", len(arrays))
	}
	vals := map[string][]float64{}
	for k, a := range arrays {
		if vals[k], err = a.float64s(k); err != nil {
			return nil, err
		}
	}
	W1, W2 := arrays["W1"].shape, arrays["W2"].shape
	b1, b2 := arrays["b1"].shape, arrays["b2"].shape
	if len(W1) != 2 || len(W2) != 2 || len(b1) != 1 || len(b2) != 1 {
		return nil, pickleErr("shapes W1 %v, b1 %v, W2 %v, b2 %v: W1 and W2 have 2 dimensions, b1 and b2 one", W1, b1, W2, b2)
	}
	in, hidden, out := W1[0], W1[1], W2[1]
	switch {
	case input > 0 && in != input, in < 1 || in > maxModelInput:
		return nil, pickleErr("W1 has %d inputs", in)
	case output > 0 && out != output, out < 1 || out > maxModelOutput:
		return nil, pickleErr("W2 has %d outputs", out)
	case hidden > MaxHidden || W2[0] != hidden || b1[0] != hidden || b2[0] != out:
		return nil, pickleErr("shapes W1 %v, b1 %v, W2 %v, b2 %v do not fit one net", W1, b1, W2, b2)
	}
	net := newEmptyNet(in, hidden, out, ActSigmoid)
	net.W1, net.B1, net.W2, net.B2 = vals["W1"], vals["b1"], vals["W2"], vals["b2"]
	return net, nil
}

// float64s returns a's values widened to float64 in C order.
func (a *pyArray) float64s(key string) ([]float64, error) {
	if a.dtype == nil || a.shape == nil {
		return nil, pickleErr("%s is an array that was never filled", key)
	}
	order := a.dtype.order
	if order == '=' || order == 0 {
		order = '<'
	}
	t, err := parseDescr(string(order) + a.dtype.kind)
	if err != nil {
		return nil, pickleErr("%s: %v", key, err)
	}
	count := 1
	for _, d := range a.shape {
		if d < 1 || count*d > maxModelParams {
			return nil, pickleErr("%s: shape %v", key, a.shape)
		}
		count *= d
	}
	if len(a.data) != count*t.size {
		return nil, pickleErr("%s: shape %v of %s needs %d bytes, the file has %d", key, a.shape, a.dtype.kind, count*t.size, len(a.data))
	}
	vals := make([]float64, count)
	t.float64s(a.data, vals)
	return rowMajor(key, vals, a.shape, a.fortran)
}

// pyKind names a value for a message.
func pyKind(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case string:
		return "a string"
	case []byte:
		return "bytes"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a bool"
	case []any:
		return "a tuple or list"
	case *pyDict:
		return "a dict"
	case *pyArray:
		return "an array"
	case *pyDType:
		return "a dtype"
	case pyGlobal:
		return "the global " + string(v)
	}
	return fmt.Sprintf("%T", v)
}

// pickleOps names the opcodes read; any other is refused by its name in
// pickleNames, or its byte.
var pickleNames = map[byte]string{
	'c': "GLOBAL", 'i': "INST", 'o': "OBJ", 'P': "PERSID", 'Q': "BINPERSID", 0x81: "NEWOBJ", 0x92: "NEWOBJ_EX",
	0x82: "EXT1", 0x83: "EXT2", 0x84: "EXT4", 'S': "STRING", 'V': "UNICODE", 'I': "INT", 'L': "LONG", 'F': "FLOAT",
	'p': "PUT", 'g': "GET", 0x97: "NEXT_BUFFER", 0x98: "READONLY_BUFFER", 0x8f: "EMPTY_SET", 0x90: "ADDITEMS", 0x91: "FROZENSET",
	'a': "APPEND", 'e': "APPENDS", 'l': "LIST", ']': "EMPTY_LIST",
}

func (u *unpickler) run() (any, error) {
	for u.at < len(u.data) {
		op := u.data[u.at]
		u.at++
		if err := u.step(op); err != nil {
			if err == errStop {
				if len(u.stack) != 1 || len(u.marks) != 0 {
					return nil, pickleErr("STOP with %d values on the stack", len(u.stack))
				}
				if u.at != len(u.data) {
					return nil, pickleErr("%d bytes after STOP", len(u.data)-u.at)
				}
				return u.stack[0], nil
			}
			return nil, err
		}
	}
	return nil, pickleErr("the file ends before STOP")
}

var errStop = fmt.Errorf("STOP")

func (u *unpickler) step(op byte) error {
	switch op {
	case 0x80: // PROTO
		b, err := u.take(1)
		if err != nil {
			return err
		}
		if b[0] < 2 || b[0] > 5 {
			return pickleErr("protocol %d (2 to 5 are read)", b[0])
		}
	case 0x95: // FRAME: a length, then opcodes as usual
		n, err := u.uint(8)
		if err != nil {
			return err
		}
		if n > uint64(len(u.data)-u.at) {
			return pickleErr("a frame of %d bytes, but %d remain", n, len(u.data)-u.at)
		}
	case '.':
		return errStop
	case '(':
		u.marks = append(u.marks, len(u.stack))
	case '}':
		u.push(&pyDict{vals: map[string]any{}})
	case ')':
		u.push([]any{})
	case 'N':
		u.push(nil)
	case 0x88, 0x89: // NEWTRUE, NEWFALSE
		u.push(op == 0x88)
	case 'K', 'M', 'J': // BININT1, BININT2, BININT
		n := map[byte]int{'K': 1, 'M': 2, 'J': 4}[op]
		v, err := u.uint(n)
		if err != nil {
			return err
		}
		if op == 'J' {
			u.push(int64(int32(v)))
		} else {
			u.push(int64(v))
		}
	case 0x8a: // LONG1
		n, err := u.uint(1)
		if err != nil {
			return err
		}
		if n > 8 {
			return pickleErr("an integer of %d bytes", n)
		}
		v, err := u.uint(int(n))
		if err != nil {
			return err
		}
		if n > 0 && n < 8 && v&(1<<(8*n-1)) != 0 {
			v |= ^uint64(0) << (8 * n) // sign-extend
		}
		u.push(int64(v))
	case 'G': // BINFLOAT, big-endian
		b, err := u.take(8)
		if err != nil {
			return err
		}
		u.push(math.Float64frombits(binary.BigEndian.Uint64(b)))
	case 'X', 0x8c, 0x8d, 'T', 'U': // BINUNICODE, SHORT_BINUNICODE, BINUNICODE8, BINSTRING, SHORT_BINSTRING
		b, err := u.counted(map[byte]int{'X': 4, 0x8c: 1, 0x8d: 8, 'T': 4, 'U': 1}[op])
		if err != nil {
			return err
		}
		if !utf8.Valid(b) {
			return pickleErr("a string that is not UTF-8 at byte %d", u.at)
		}
		u.push(string(b))
	case 'C', 'B', 0x8e, 0x96: // SHORT_BINBYTES, BINBYTES, BINBYTES8, BYTEARRAY8
		b, err := u.counted(map[byte]int{'C': 1, 'B': 4, 0x8e: 8, 0x96: 8}[op])
		if err != nil {
			return err
		}
		u.push(b)
	case 0x85, 0x86, 0x87: // TUPLE1, TUPLE2, TUPLE3
		n := int(op - 0x84)
		if len(u.stack) < n || (len(u.marks) > 0 && len(u.stack)-n < u.marks[len(u.marks)-1]) {
			return pickleErr("TUPLE%d with fewer values on the stack", n)
		}
		t := append([]any(nil), u.stack[len(u.stack)-n:]...)
		u.stack = u.stack[:len(u.stack)-n]
		u.push(t)
	case 't':
		items, err := u.popMark()
		if err != nil {
			return err
		}
		u.push(items)
	case 'q', 'r', 0x94: // BINPUT, LONG_BINPUT, MEMOIZE
		if len(u.stack) == 0 {
			return pickleErr("nothing to memoize at byte %d", u.at)
		}
		i := len(u.memo)
		if op != 0x94 {
			v, err := u.uint(map[byte]int{'q': 1, 'r': 4}[op])
			if err != nil {
				return err
			}
			i = int(v)
		}
		u.memo[i] = u.stack[len(u.stack)-1]
	case 'h', 'j': // BINGET, LONG_BINGET
		v, err := u.uint(map[byte]int{'h': 1, 'j': 4}[op])
		if err != nil {
			return err
		}
		m, ok := u.memo[int(v)]
		if !ok {
			return pickleErr("memo %d was never stored", v)
		}
		u.push(m)
	case '0': // POP
		_, err := u.pop()
		return err
	case '1': // POP_MARK
		_, err := u.popMark()
		return err
	case '2': // DUP
		if len(u.stack) == 0 {
			return pickleErr("DUP on an empty stack")
		}
		u.push(u.stack[len(u.stack)-1])
	case 0x93: // STACK_GLOBAL
		name, err := u.pop()
		if err != nil {
			return err
		}
		module, err := u.pop()
		if err != nil {
			return err
		}
		ms, ok1 := module.(string)
		ns, ok2 := name.(string)
		if !ok1 || !ok2 {
			return pickleErr("STACK_GLOBAL of %s and %s", pyKind(module), pyKind(name))
		}
		return u.global(ms, ns)
	case 'c': // GLOBAL: module and name as lines
		line := func() (string, error) {
			end := strings.IndexByte(string(u.data[u.at:min(len(u.data), u.at+256)]), '\n')
			if end < 0 {
				return "", pickleErr("GLOBAL without its line at byte %d", u.at)
			}
			s := string(u.data[u.at : u.at+end])
			u.at += end + 1
			return s, nil
		}
		m, err := line()
		if err != nil {
			return err
		}
		n, err := line()
		if err != nil {
			return err
		}
		return u.global(m, n)
	case 's', 'u': // SETITEM, SETITEMS
		var items []any
		if op == 's' {
			if len(u.stack) < 2 {
				return pickleErr("SETITEM on a short stack")
			}
			items = append([]any(nil), u.stack[len(u.stack)-2:]...)
			u.stack = u.stack[:len(u.stack)-2]
		} else {
			var err error
			if items, err = u.popMark(); err != nil {
				return err
			}
		}
		if len(items)%2 != 0 || len(u.stack) == 0 {
			return pickleErr("SETITEMS with an odd number of values")
		}
		d, ok := u.stack[len(u.stack)-1].(*pyDict)
		if !ok {
			return pickleErr("SETITEM on %s", pyKind(u.stack[len(u.stack)-1]))
		}
		for i := 0; i < len(items); i += 2 {
			k, ok := items[i].(string)
			if !ok {
				return pickleErr("a dict key that is %s", pyKind(items[i]))
			}
			if _, dup := d.vals[k]; !dup {
				d.keys = append(d.keys, k)
			}
			d.vals[k] = items[i+1]
		}
	case 'R': // REDUCE
		args, err := u.pop()
		if err != nil {
			return err
		}
		f, err := u.pop()
		if err != nil {
			return err
		}
		v, err := reduce(f, args)
		if err != nil {
			return err
		}
		u.push(v)
	case 'b': // BUILD
		state, err := u.pop()
		if err != nil {
			return err
		}
		if len(u.stack) == 0 {
			return pickleErr("BUILD on an empty stack")
		}
		return build(u.stack[len(u.stack)-1], state)
	default:
		if name, ok := pickleNames[op]; ok {
			return pickleErr("opcode %s is not read", name)
		}
		return pickleErr("opcode %#02x at byte %d is not read", op, u.at-1)
	}
	return nil
}

// global pushes the global module.name if it is one a NumPy array needs.
func (u *unpickler) global(module, name string) error {
	g, ok := pickleGlobals[module+" "+name]
	if !ok {
		return pickleErr("refuses the global %s.%s (only NumPy arrays, dtypes and dicts are read)", module, name)
	}
	u.push(pyGlobal(g))
	return nil
}

// reduce calls one of the allowed globals.
func reduce(f, args any) (any, error) {
	g, ok := f.(pyGlobal)
	a, ok2 := args.([]any)
	if !ok || !ok2 {
		return nil, pickleErr("REDUCE of %s with %s", pyKind(f), pyKind(args))
	}
	switch g {
	case "encode": // _codecs.encode(str, "latin1"): protocol 2's bytes
		if len(a) != 2 || a[1] != "latin1" {
			return nil, pickleErr("_codecs.encode with other than (str, 'latin1')")
		}
		s, ok := a[0].(string)
		if !ok {
			return nil, pickleErr("_codecs.encode of %s", pyKind(a[0]))
		}
		b := make([]byte, 0, len(s))
		for _, r := range s {
			if r > 0xff {
				return nil, pickleErr("_codecs.encode: %q is not latin-1", r)
			}
			b = append(b, byte(r))
		}
		return b, nil
	case "dict":
		if len(a) != 0 {
			return nil, pickleErr("OrderedDict with arguments")
		}
		return &pyDict{vals: map[string]any{}}, nil
	case "reconstruct": // _reconstruct(ndarray, (0,), b'b'): an empty array BUILD fills
		if len(a) != 3 || a[0] != pyGlobal("ndarray") {
			return nil, pickleErr("_reconstruct of other than an ndarray")
		}
		return &pyArray{}, nil
	case "dtype": // dtype('f8', False, True)
		if len(a) < 1 {
			return nil, pickleErr("dtype without a type")
		}
		k, ok := a[0].(string)
		if !ok || len(k) > 8 {
			return nil, pickleErr("dtype of %s", pyKind(a[0]))
		}
		return &pyDType{kind: k}, nil
	case "frombuffer": // _frombuffer(buffer, dtype, shape, order): protocol 5
		if len(a) != 4 {
			return nil, pickleErr("_frombuffer with %d arguments", len(a))
		}
		buf, ok1 := a[0].([]byte)
		dt, ok2 := a[1].(*pyDType)
		order, ok3 := a[3].(string)
		shape, err := pyShape(a[2])
		if !ok1 || !ok2 || !ok3 || err != nil || (order != "C" && order != "F") {
			return nil, pickleErr("_frombuffer of %s, %s, %s, %s", pyKind(a[0]), pyKind(a[1]), pyKind(a[2]), pyKind(a[3]))
		}
		return &pyArray{shape: shape, dtype: dt, fortran: order == "F", data: buf}, nil
	}
	return nil, pickleErr("REDUCE of %s", g)
}

// build sets an array's or a dtype's state.
func build(obj, state any) error {
	s, ok := state.([]any)
	if !ok {
		return pickleErr("BUILD with %s", pyKind(state))
	}
	switch o := obj.(type) {
	case *pyDType: // (3, '<', None, None, None, -1, -1, 0)
		if len(s) < 2 {
			return pickleErr("a dtype's state of %d values", len(s))
		}
		bo, ok := s[1].(string)
		if !ok || len(bo) != 1 || !strings.Contains("<>|=", bo) {
			return pickleErr("a dtype's byte order %v", s[1])
		}
		if len(s) > 2 && s[2] != nil {
			return pickleErr("a structured dtype is not read")
		}
		o.order = bo[0]
		return nil
	case *pyArray: // (1, shape, dtype, is_fortran, data)
		if len(s) != 5 {
			return pickleErr("an array's state of %d values", len(s))
		}
		shape, err := pyShape(s[1])
		if err != nil {
			return err
		}
		dt, ok1 := s[2].(*pyDType)
		fortran, ok2 := s[3].(bool)
		data, ok3 := s[4].([]byte)
		if !ok1 || !ok2 || !ok3 {
			return pickleErr("an array's state of %s, %s, %s (an array of Python objects is not read)", pyKind(s[2]), pyKind(s[3]), pyKind(s[4]))
		}
		o.shape, o.dtype, o.fortran, o.data = shape, dt, fortran, data
		return nil
	}
	return pickleErr("BUILD of %s", pyKind(obj))
}

// pyShape reads a shape tuple of whole numbers.
func pyShape(v any) ([]int, error) {
	t, ok := v.([]any)
	if !ok || len(t) == 0 || len(t) > 2 {
		return nil, pickleErr("a shape that is %s of %d dimensions", pyKind(v), len(t))
	}
	shape := make([]int, len(t))
	for i, d := range t {
		n, ok := d.(int64)
		if !ok || n < 1 || n > maxModelParams {
			return nil, pickleErr("a shape's dimension %v", d)
		}
		shape[i] = int(n)
	}
	return shape, nil
}
