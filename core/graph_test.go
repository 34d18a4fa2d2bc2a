package core

import (
	"fmt"
	"testing"
)

// TestShoppingGraphs: the book's figures, to the bit of its Python (the
// same float64 operations in the same order).
func TestShoppingGraphs(t *testing.T) {
	for _, c := range []struct {
		name   string
		inputs map[string]float64
		want   map[string]float64
	}{
		{"apple", nil, map[string]float64{"price": 220.00000000000003, "dapple": 2.2, "dapple_num": 110.00000000000001, "dtax": 200}},
		{"fruit", nil, map[string]float64{"price": 715.0000000000001, "dapple_num": 110.00000000000001, "dapple": 2.2,
			"dorange": 3.3000000000000003, "dorange_num": 165, "dtax": 650, "dall_price": 1.1, "dorange_price": 1.1}},
		{"apple", map[string]float64{"apple": 150, "apple_num": 4, "tax": 1}, map[string]float64{"price": 600, "dapple": 4, "dapple_num": 150, "dtax": 600}},
	} {
		r, err := ShoppingGraph(c.name, c.inputs)
		if err != nil {
			t.Fatal(err)
		}
		for k, want := range c.want {
			got, ok := r.Forward[k]
			if k[0] == 'd' {
				got, ok = r.Backward[k]
			}
			if !ok || got != want {
				t.Errorf("%s %v: %s = %v, want %v", c.name, c.inputs, k, got, want)
			}
		}
		// Each node's backward: an addition passes dout on, a
		// multiplication swaps its inputs.
		for _, n := range r.Nodes {
			want := [2]float64{n.DOut, n.DOut}
			if n.Op == "mul" {
				want = [2]float64{n.DOut * n.InV[1], n.DOut * n.InV[0]}
			}
			if n.DIn != want {
				t.Errorf("%s node %s: din %v, want %v", c.name, n.Out, n.DIn, want)
			}
		}
	}
	for _, bad := range []struct {
		name   string
		inputs map[string]float64
	}{{"pear", nil}, {"apple", map[string]float64{"orange": 1}}, {"fruit", map[string]float64{"tax": 1e300}}} {
		if _, err := ShoppingGraph(bad.name, bad.inputs); err == nil {
			t.Errorf("%s %v accepted", bad.name, bad.inputs)
		}
	}
}

// The book's apple graph (5.4.1): 2 apples at 100 yen, 10% tax.
func ExampleShoppingGraph() {
	r, _ := ShoppingGraph("apple", nil)
	fmt.Println("price:", r.Forward["price"])
	fmt.Println("dApple:", r.Backward["dapple"])
	fmt.Println("dApple_num:", r.Backward["dapple_num"])
	fmt.Println("dTax:", r.Backward["dtax"])
	// Output:
	// price: 220.00000000000003
	// dApple: 2.2
	// dApple_num: 110.00000000000001
	// dTax: 200
}
