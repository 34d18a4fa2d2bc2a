package core

import "errors"

// Limits that keep a run within what a page can hold.
const (
	MaxHidden     = 4096
	MaxIterations = 10_000_000
	// MaxSeed is the largest seed JavaScript's numbers hold exactly.
	MaxSeed = 1<<53 - 1
	// MaxRunBytes bounds the memory one run may need for its network, its
	// mini-batch's activations and its optimizer (RunBytes): the page's
	// module also holds MNIST (about 32 MB) and WebAssembly memory never
	// shrinks.
	MaxRunBytes = 128 << 20
	// MaxNumericalWork bounds the images one numerical-gradient step scores
	// again (NumericalWork): the book's 784-50-10 with a batch of 100
	// needs 1.6·10⁶, about 0.2 s natively and 0.5 s in a page; the limit is
	// about 10 s a step in a page.
	MaxNumericalWork = 3e7
)

// GradientMethod names how the trainer computes ∂L/∂θ.
type GradientMethod string

const (
	GradBackprop  GradientMethod = "backprop"  // chapter 5: backpropagation
	GradNumerical GradientMethod = "numerical" // chapter 4: central differences, very slow
)

// Config holds a training run's hyperparameters. The JSON names are those
// of Schema, the page's URL and saved models.
type Config struct {
	Hidden        int           `json:"hidden"`
	Activation    Activation    `json:"activation"`
	Optimizer     OptimizerKind `json:"optimizer"`
	LearningRate  float64       `json:"learningRate"`
	BatchSize     int           `json:"batchSize"`
	Iterations    int           `json:"iterations"`
	Momentum      float64       `json:"momentum"`  // for OptMomentum
	Beta1         float64       `json:"beta1"`     // for OptAdam
	Beta2         float64       `json:"beta2"`     // for OptAdam
	DecayRate     float64       `json:"decayRate"` // for OptRMSprop
	Init          Init          `json:"init"`
	WeightInitStd float64       `json:"weightInitStd"` // for Init "std"
	Seed          uint64        `json:"seed"`
	WeightDecay   float64       `json:"weightDecay"` // λ ≥ 0
	Dropout       float64       `json:"dropout"`     // in [0, 1)
	// Patience > 0 stops training after that many epochs without a lower
	// validation loss and restores the weights that had the lowest. It
	// needs Validation > 0. (The loss, not the accuracy: at the start of
	// the book's run the accuracy stays at 0.1 for several epochs while the
	// loss already falls.)
	Patience int `json:"patience"`
	// Validation is the share of the training images held out (chosen by
	// the seed) to decide early stopping; they are not trained on.
	Validation float64 `json:"validation"`
	// TrainSize > 0 keeps only the first TrainSize training images (the
	// book's chapter 6 overfits on 300).
	TrainSize int `json:"trainSize"`
	// Shuffle draws mini-batches from a fresh permutation each epoch
	// instead of with replacement (the book's np.random.choice).
	Shuffle  bool           `json:"shuffle"`
	Gradient GradientMethod `json:"gradient"`
}

// BookConfig returns chapter 4's run: 784-50-10 sigmoid, weight_init_std
// 0.01, SGD with learning rate 0.1, batch 100, 10,000 iterations: every
// setting at its Schema default.
func BookConfig() Config {
	var c Config
	for _, s := range Schema {
		s.set(&c, s.Default)
	}
	return c
}

// MNIST's sizes: the settings' bounds, the run-size estimates, the
// model files and the API's checks all assume them.
const (
	MNISTRows    = 28
	MNISTCols    = 28
	MNISTInput   = MNISTRows * MNISTCols // pixels of an image
	MNISTClasses = 10
	MNISTTrain   = 60000 // training images
	MNISTTest    = 10000 // test images
	// mnistMeanInk is the mean number of non-zero pixels of an MNIST image.
	mnistMeanInk = 150
)

// RunBytes estimates the memory a run of c needs beyond the data: the
// mini-batch's activations and their gradients (about 5·N·H + 4·N·O
// float64s) and the copies of the parameters (the net, the copy kept in
// case the loss diverges, the best net for early stopping, the gradients
// and the optimizer's state and its copy).
func (c Config) RunBytes() float64 {
	N, H, I, O := float64(c.BatchSize), float64(c.Hidden), float64(MNISTInput), float64(MNISTClasses)
	P := I*H + H + H*O + O
	copies := 3.0 // net, snapshot, gradients
	if c.Patience > 0 {
		copies++
	}
	copies += 2 * float64(len(c.Optimizer.StateNames()))
	return 8 * (5*N*H + 4*N*O + copies*P)
}

// NumericalWork estimates the images one numerical-gradient step scores
// again: for each parameter and each sign of h, every image the parameter
// reaches (W1[p][j]: the images whose pixel p is inked; the others: all).
func (c Config) NumericalWork() float64 {
	N, H, O := float64(c.BatchSize), float64(c.Hidden), float64(MNISTClasses)
	return 2 * N * (mnistMeanInk*H + H + H*O + O)
}

// Validate checks c for a training set of trainN images and returns every
// refused setting, joined (each a *FieldError), or nil.
func (c Config) Validate(trainN int) error {
	var errs []error
	bad := func(fe *FieldError) { errs = append(errs, fe) }
	for _, s := range Schema {
		if _, fe := s.check(s.Get(&c)); fe != nil {
			bad(fe)
		}
	}
	if c.Patience > 0 && c.Validation == 0 {
		bad(&FieldError{Field: "validation", Rule: RuleNeeds, Value: c.Validation, Other: "patience"})
	}
	if c.Gradient == GradNumerical && c.Dropout != 0 {
		bad(&FieldError{Field: "dropout", Rule: RuleConflict, Value: c.Dropout, Other: "gradient"})
	}
	n := trainN
	if c.TrainSize > trainN {
		bad(&FieldError{Field: "trainSize", Rule: RuleRange, Value: float64(c.TrainSize), Min: 0, Max: float64(trainN)})
	} else if c.TrainSize > 0 {
		n = c.TrainSize
	}
	if c.Validation > 0 && c.Validation < 1 {
		v := int(float64(n) * c.Validation)
		if v < 1 || n-v < 1 {
			bad(&FieldError{Field: "validation", Rule: RuleNoData, Value: c.Validation, Max: float64(n)})
		}
		n -= v
	}
	if c.BatchSize > n && c.BatchSize >= 1 {
		bad(&FieldError{Field: "batchSize", Rule: RuleRange, Value: float64(c.BatchSize), Min: 1, Max: float64(n)})
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	// Sizes are valid one by one: now what they need together.
	if b := c.RunBytes(); b > MaxRunBytes {
		field := "batchSize"
		if c.BatchSize*10 < c.Hidden {
			field = "hidden"
		}
		bad(&FieldError{Field: field, Rule: RuleMemory, Value: b, Max: MaxRunBytes})
	}
	if c.Gradient == GradNumerical {
		if w := c.NumericalWork(); w > MaxNumericalWork {
			bad(&FieldError{Field: "gradient", Rule: RuleWork, Value: w, Max: MaxNumericalWork})
		}
	}
	return errors.Join(errs...)
}
