package core

import "math"

// OptimizerKind names an update rule (the book's chapter 6).
type OptimizerKind string

const (
	OptSGD      OptimizerKind = "sgd"      // W ← W − η·g
	OptMomentum OptimizerKind = "momentum" // v ← αv − η·g; W ← W + v
	OptAdaGrad  OptimizerKind = "adagrad"  // h ← h + g²; W ← W − η·g/(√h + 1e-7)
	OptRMSprop  OptimizerKind = "rmsprop"  // h ← ρh + (1 − ρ)g²; W ← W − η·g/(√h + 1e-7)
	OptAdam     OptimizerKind = "adam"     // m, v: running means of g and g²
)

// optEps is the book's 1e-7 that keeps AdaGrad's and Adam's division finite.
const optEps = 1e-7

// Optimizer owns the update of a net's parameters from their gradients,
// and the state the rule keeps between steps: Momentum's velocity v,
// AdaGrad's sum of squares h, Adam's means m and v and its step count.
// The state has the parameters' shapes, in the order of Params.
//
// Every product is rounded to float64 before it is added, so the same
// gradients give the same bits on every platform.
type Optimizer struct {
	Kind         OptimizerKind
	LearningRate float64
	Momentum     float64 // α, for OptMomentum
	Beta1, Beta2 float64 // for OptAdam
	DecayRate    float64 // ρ, for OptRMSprop

	// State holds one slice per parameter for each state array the rule
	// keeps: none for SGD, v for Momentum, h for AdaGrad, m and v for Adam.
	State [][4][]float64
	// Steps is the number of updates made (Adam's iter).
	Steps int

	b1t, b2t float64 // β₁^Steps and β₂^Steps
}

// StateNames returns the names of the rule's state arrays, as the book
// calls them.
func (k OptimizerKind) StateNames() []string {
	switch k {
	case OptMomentum:
		return []string{"v"}
	case OptAdaGrad, OptRMSprop:
		return []string{"h"}
	case OptAdam:
		return []string{"m", "v"}
	}
	return nil
}

// NewOptimizer returns the optimizer cfg names, with zero state for net.
func NewOptimizer(cfg Config, net *TwoLayerNet) *Optimizer {
	o := &Optimizer{}
	o.Tune(cfg, net)
	return o
}

// Tune takes the optimizer's settings from cfg. A new kind of rule starts
// from zero state; the same kind keeps its state, so the learning rate,
// momentum and betas can change in the middle of a run.
func (o *Optimizer) Tune(cfg Config, net *TwoLayerNet) {
	kind := cfg.Optimizer
	if kind == "" {
		kind = OptSGD
	}
	if kind != o.Kind || o.State == nil {
		o.Kind, o.Steps = kind, 0
		o.State = make([][4][]float64, len(kind.StateNames()))
		for s := range o.State {
			for k, p := range net.Params() {
				o.State[s][k] = make([]float64, len(p.W))
			}
		}
	}
	o.LearningRate, o.Momentum, o.Beta1, o.Beta2, o.DecayRate = cfg.LearningRate, cfg.Momentum, cfg.Beta1, cfg.Beta2, cfg.DecayRate
	o.SetSteps(o.Steps)
}

// SetSteps sets the number of updates made (for a restored state) and
// Adam's powers β₁ᵗ and β₂ᵗ with it, by repeated products: exact, and the
// same everywhere.
func (o *Optimizer) SetSteps(t int) {
	o.Steps, o.b1t, o.b2t = t, 1, 1
	if o.Kind != OptAdam {
		return
	}
	for range t {
		o.b1t, o.b2t = float64(o.b1t*o.Beta1), float64(o.b2t*o.Beta2)
	}
}

// Update applies one step: params[k] changes by the rule from grads[k]
// (∂L/∂θ, weight decay included). The slices must have equal lengths.
func (o *Optimizer) Update(params [4][]float64, grads [4][]float64) {
	o.Steps++
	lr := o.LearningRate
	switch o.Kind {
	case OptMomentum:
		for k, w := range params {
			v, g := o.State[0][k], grads[k]
			for i := range w {
				v[i] = float64(o.Momentum*v[i]) - float64(lr*g[i])
				w[i] += v[i]
			}
		}
	case OptAdaGrad:
		for k, w := range params {
			h, g := o.State[0][k], grads[k]
			for i := range w {
				h[i] += float64(g[i] * g[i])
				w[i] -= float64(lr*g[i]) / (math.Sqrt(h[i]) + optEps)
			}
		}
	case OptRMSprop:
		// The book's RMSprop: h forgets old gradients at the rate ρ.
		rho := o.DecayRate
		for k, w := range params {
			h, g := o.State[0][k], grads[k]
			for i := range w {
				h[i] = float64(rho*h[i]) + float64((1-rho)*float64(g[i]*g[i]))
				w[i] -= float64(lr*g[i]) / (math.Sqrt(h[i]) + optEps)
			}
		}
	case OptAdam:
		// lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)
		o.b1t, o.b2t = float64(o.b1t*o.Beta1), float64(o.b2t*o.Beta2)
		lrt := float64(lr*math.Sqrt(1-o.b2t)) / (1 - o.b1t)
		for k, w := range params {
			m, v, g := o.State[0][k], o.State[1][k], grads[k]
			for i := range w {
				m[i] += float64((1 - o.Beta1) * (g[i] - m[i]))
				v[i] += float64((1 - o.Beta2) * (float64(g[i]*g[i]) - v[i]))
				w[i] -= float64(lrt*m[i]) / (math.Sqrt(v[i]) + optEps)
			}
		}
	default:
		for k, w := range params {
			update(w, grads[k], lr, 0)
		}
	}
}

// stateLen returns the number of float64s in the state.
func (o *Optimizer) stateLen() int {
	n := 0
	for _, s := range o.State {
		for _, a := range s {
			n += len(a)
		}
	}
	return n
}

// appendState appends the state's values to dst, in order.
func (o *Optimizer) appendState(dst []float64) []float64 {
	for _, s := range o.State {
		for _, a := range s {
			dst = append(dst, a...)
		}
	}
	return dst
}

// restoreState copies values written by appendState back and returns what
// follows them.
func (o *Optimizer) restoreState(src []float64) []float64 {
	for _, s := range o.State {
		for _, a := range s {
			src = src[copy(a, src):]
		}
	}
	return src
}
