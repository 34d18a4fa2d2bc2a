package core_test

import (
	"fmt"
	"math/rand/v2"

	"scratchnet/core"
)

// The book's simpleNet (chapter 4.4.2) with the weights it prints: the
// gradient has W's shape. The book prints loss 0.92806853 and dW
// [[0.21924763 0.14356247 -0.36281009] [0.32887144 0.21534371 -0.54421514]]:
// those are the figures of −log y without the 1e-7 guard that the book's
// own cross_entropy_error adds; with the guard, as here, they differ from
// the seventh digit on (−log(y + 1e-7) is smaller by about 1e-7 / y).
func ExampleBookSimpleNet() {
	r := core.BookSimpleNet()
	fmt.Printf("p  %.8f\n", r.P)
	fmt.Printf("loss %.8f\n", r.Loss)
	fmt.Printf("dW %.8f\n   %.8f\n", r.DW[:3], r.DW[3:])
	// Output:
	// p  [1.05414809 0.63071653 1.13280740]
	// loss 0.92806829
	// dW [0.21924757 0.14356243 -0.36281000]
	//    [0.32887136 0.21534364 -0.54421500]
}

// The book's TwoLayerNet(input_size=784, hidden_size=50, output_size=10):
// its parameters by key and shape.
func ExampleNewTwoLayerNet() {
	net := core.NewTwoLayerNet(784, 50, 10, 0.01, rand.New(rand.NewPCG(1, 1)))
	for _, p := range net.Params() {
		fmt.Printf("%s %d×%d\n", p.Key, p.Rows, p.Cols)
	}
	// Output:
	// W1 784×50
	// b1 1×50
	// W2 50×10
	// b2 1×10
}
