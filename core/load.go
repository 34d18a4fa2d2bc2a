package core

// ModelFile is a network read from any of the files scratchnet reads: a
// .snet (DecodeModel), an .npz (DecodeNPZFile) or the book's pickled
// params (DecodePickle).
type ModelFile struct {
	Net *TwoLayerNet
	Opt *Optimizer // the optimizer's state, if the file keeps it
	// Config is the run's settings, if the file says them (a .snet, an
	// .npz of ours); nil for weights from elsewhere.
	Config     *Config
	Iterations int // how long it was trained, if the file says
	// Guess, for weights that do not say their activation, is how
	// GuessActivation chose it.
	Guess *ActivationGuess
	// Format is "snet", "npz" or "pickle".
	Format string
}

// DecodeModelFile reads data as a .snet, an .npz or a pickle, by its first
// bytes, for a net of input-H-output units (0: any), checking it as each
// decoder does. Weights that do not say their activation are scored with
// each on the first guessImages images of test (GuessActivation); with
// test nil they keep sigmoid.
func DecodeModelFile(data []byte, input, output int, test *Dataset, guessImages int) (*ModelFile, error) {
	f := &ModelFile{}
	switch {
	case len(data) >= 2 && data[0] == 0x80 && data[1] >= 2:
		net, err := DecodePickle(data, input, output)
		if err != nil {
			return nil, err
		}
		f.Net, f.Format = net, "pickle"
	case len(data) >= 2 && data[0] == 'P' && data[1] == 'K':
		net, st, err := DecodeNPZFile(data, input, output)
		if err != nil {
			return nil, err
		}
		f.Net, f.Format = net, "npz"
		if st != nil {
			f.Config, f.Iterations = &st.Config, st.Iterations
		}
	default:
		m, err := DecodeModel(data)
		if err != nil {
			return nil, err
		}
		if (input > 0 && m.Net.Input != input) || (output > 0 && m.Net.Output != output) {
			return nil, modelErr("a %d-%d-%d net, want %d inputs and %d outputs", m.Net.Input, m.Net.Hidden, m.Net.Output, input, output)
		}
		f.Net, f.Opt, f.Config, f.Iterations, f.Format = m.Net, m.Opt, &m.Header.Config, m.Header.Iterations, "snet"
	}
	if f.Config == nil && test != nil {
		g := GuessActivation(f.Net, test, guessImages)
		f.Guess = &g
	}
	return f, nil
}
