package core

import (
	"fmt"
	"maps"
	"math"
	"slices"
)

// The book's computational graphs of shopping (5.1–5.4): nodes that each do
// one local calculation forward and pass a derivative back, chained.

// MulLayer is the book's multiplication node: forward x·y; backward
// multiplies the upstream derivative by the other input (the "swap"), so
// it keeps both inputs.
type MulLayer struct{ x, y float64 }

// Forward returns x·y.
func (m *MulLayer) Forward(x, y float64) float64 {
	m.x, m.y = x, y
	return x * y
}

// Backward returns dout·y and dout·x.
func (m *MulLayer) Backward(dout float64) (dx, dy float64) { return dout * m.y, dout * m.x }

// AddLayer is the book's addition node: forward x + y; backward passes the
// upstream derivative on to both inputs unchanged.
type AddLayer struct{}

// Forward returns x + y.
func (AddLayer) Forward(x, y float64) float64 { return x + y }

// Backward returns dout and dout.
func (AddLayer) Backward(dout float64) (dx, dy float64) { return dout, dout }

// GraphNode is one node of a graph as the page steps it: its operation
// ("mul" or "add"), the names of its two inputs and its output, their
// values going forward, and the derivatives coming back (∂price/∂out
// arriving, ∂price/∂in leaving).
type GraphNode struct {
	Op    string     `json:"op"`
	In    [2]string  `json:"in"`
	Out   string     `json:"out"`
	InV   [2]float64 `json:"inValues"`
	OutV  float64    `json:"outValue"`
	DOut  float64    `json:"dout"`
	DIn   [2]float64 `json:"din"`
	Order int        `json:"backwardOrder"` // 0 for the first node the backward pass reaches
}

// GraphRun is a whole graph, forward and back: its nodes in forward order,
// every value by the book's variable name (the inputs, the intermediate
// prices, price) and every derivative of price by "d" + name (dapple, …).
type GraphRun struct {
	Name     string             `json:"name"`
	Nodes    []GraphNode        `json:"nodes"`
	Forward  map[string]float64 `json:"forward"`
	Backward map[string]float64 `json:"backward"`
}

// GraphInputs are the book's input variables of each graph, with the
// book's values: 2 apples at 100, 3 oranges at 150, tax 1.1.
var GraphInputs = map[string]map[string]float64{
	"apple": {"apple": 100, "apple_num": 2, "tax": 1.1},
	"fruit": {"apple": 100, "apple_num": 2, "orange": 150, "orange_num": 3, "tax": 1.1},
}

// ShoppingGraph runs graph name ("apple" or "fruit") forward and backward
// (from ∂price/∂price = 1) as the book's buy_apple.py and
// buy_apple_orange.py do, with the book's values replaced by those in
// inputs. An unknown graph, an input the graph does not have, or a value
// that is not a finite number is an error.
func ShoppingGraph(name string, inputs map[string]float64) (GraphRun, error) {
	book, ok := GraphInputs[name]
	if !ok {
		return GraphRun{}, fmt.Errorf("graph: no graph %q (apple or fruit)", name)
	}
	v := map[string]float64{}
	for k, x := range book {
		v[k] = x
	}
	for _, k := range slices.Sorted(maps.Keys(inputs)) {
		if _, ok := book[k]; !ok {
			return GraphRun{}, fmt.Errorf("graph: the %s graph has no input %q", name, k)
		}
		if x := inputs[k]; math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e12 {
			return GraphRun{}, fmt.Errorf("graph: %s = %v is not a price, count or tax", k, x)
		}
		v[k] = inputs[k]
	}
	r := GraphRun{Name: name, Forward: v, Backward: map[string]float64{}}
	var mulApple, mulOrange, mulTax MulLayer
	var add AddLayer
	node := func(op string, a, b, out string, f func(x, y float64) float64) {
		r.Nodes = append(r.Nodes, GraphNode{Op: op, In: [2]string{a, b}, Out: out, InV: [2]float64{v[a], v[b]}})
		v[out] = f(v[a], v[b])
		r.Nodes[len(r.Nodes)-1].OutV = v[out]
	}
	back := func(i int, f func(float64) (float64, float64)) {
		n := &r.Nodes[i]
		n.DOut = r.Backward["d"+n.Out]
		n.DIn[0], n.DIn[1] = f(n.DOut)
		r.Backward["d"+n.In[0]], r.Backward["d"+n.In[1]] = n.DIn[0], n.DIn[1]
	}
	// Forward, as the book's code.
	node("mul", "apple", "apple_num", "apple_price", mulApple.Forward)
	if name == "apple" {
		node("mul", "apple_price", "tax", "price", mulTax.Forward)
		r.Backward["dprice"] = 1
		back(1, mulTax.Backward)
		back(0, mulApple.Backward)
		r.Nodes[1].Order, r.Nodes[0].Order = 0, 1
		return r, nil
	}
	node("mul", "orange", "orange_num", "orange_price", mulOrange.Forward)
	node("add", "apple_price", "orange_price", "all_price", add.Forward)
	node("mul", "all_price", "tax", "price", mulTax.Forward)
	r.Backward["dprice"] = 1
	back(3, mulTax.Backward)
	back(2, add.Backward)
	back(1, mulOrange.Backward)
	back(0, mulApple.Backward)
	for i, o := range []int{3, 2, 1, 0} {
		r.Nodes[i].Order = o
	}
	return r, nil
}
