package session

import (
	"errors"

	"scratchnet/core"
	"scratchnet/core/i18n"
)

// SaveModel returns the current net in core's model format, with the
// optimizer's state.
func (s *Session) SaveModel() ([]byte, error) { return s.encode(true) }

// ShareModel returns the current net in core's model format with the
// weights alone, for sharing: the settings name the optimizer, whose
// state (twice the weights' size for Adam) is left out.
func (s *Session) ShareModel() ([]byte, error) { return s.encode(false) }

// encode writes the current net, with the optimizer's state or without.
func (s *Session) encode(withState bool) ([]byte, error) {
	if s.tr == nil {
		return nil, ErrNoData
	}
	st := s.tr.State()
	h := core.ModelHeader{Config: s.cfg, Iterations: s.trained(), TrainAcc: st.TrainAcc, TestAcc: st.TestAcc}
	var opt *core.Optimizer
	if withState {
		opt = s.tr.Opt
	}
	return core.EncodeModel(s.tr.Net, h, opt), nil
}

// SaveNPZ returns the current net as a NumPy .npz archive, with the run's
// settings and trained iterations in an entry np.load passes over.
func (s *Session) SaveNPZ() ([]byte, error) {
	if s.tr == nil {
		return nil, ErrNoData
	}
	return core.EncodeNPZ(s.tr.Net, &core.NPZSettings{Config: s.cfg, Iterations: s.trained()}), nil
}

// LoadModel reads a model file (core's format, an .npz of W1, b1, W2, b2,
// or the book's pickled params dict) and continues from its weights, accepted whole or refused whole: a
// .snet's settings (and optimizer state) become the run's, and so do those
// an .npz of ours carries; an .npz from elsewhere or a pickle (the book's Python) takes
// the current settings with its hidden size and the activation that scores
// better on the first GuessImages test images (Loaded.Guess says so). The
// run starts again at iteration 0. A refused file changes nothing.
func (s *Session) LoadModel(data []byte) error {
	if s.train == nil {
		return ErrNoData
	}
	f, err := core.DecodeModelFile(data, 0, 0, s.test, GuessImages)
	if err != nil {
		return modelMessage(err)
	}
	net, opt, iterations, guess := f.Net, f.Opt, f.Iterations, f.Guess
	cfg := s.cfg // weights from elsewhere: the current settings, with their size and activation
	if f.Config != nil {
		cfg = *f.Config
	}
	cfg.Hidden, cfg.Activation = net.Hidden, net.Activation
	if net.Input != s.train.Dim || net.Output != s.train.Classes {
		return i18n.M("model.shape", "input", float64(net.Input), "hidden", float64(net.Hidden), "output", float64(net.Output))
	}
	if err := cfg.Validate(s.train.N); err != nil {
		return &ModelSettingsError{configError(err)}
	}
	tr, err := core.NewTrainer(cfg, s.train, s.test)
	if err != nil {
		return err
	}
	if err := tr.UseWeights(net, opt); err != nil {
		return err
	}
	s.cfg = cfg
	s.start(tr, nil)
	train, test := tr.FinalAccuracy()
	s.loaded = &Loaded{Iterations: iterations, TrainAcc: train, TestAcc: test, Guess: guess}
	return nil
}

// modelMessage words a file that cannot be loaded in the reader's
// language: what kind of trouble it is, or, for what is wrong inside a
// file of a known kind, the decoder's own (English) detail.
func modelMessage(err error) error {
	var me *core.ModelError
	if errors.As(err, &me) {
		switch me.Kind {
		case core.ModelUnknown:
			return i18n.M("model.unknown")
		case core.ModelShort:
			return i18n.M("model.short", "want", float64(me.Want), "got", float64(me.Got))
		case core.ModelArchive:
			return i18n.M("model.archive")
		}
	}
	return i18n.M("model.bad", "detail", err.Error())
}

// GuessImages is how many test images a net of unknown activation is
// scored on with each.
const GuessImages = 1000

// Loaded describes a network that came from a file or a link: the
// iterations its file says it was trained for (0 for an .npz, which does
// not say) and its accuracies, measured when it was loaded.
type Loaded struct {
	Iterations int     `json:"iterations"`
	TrainAcc   float64 `json:"trainAcc"`
	TestAcc    float64 `json:"testAcc"`
	// Guess, for weights that do not say their activation, is how it was
	// chosen.
	Guess *core.ActivationGuess `json:"guess,omitempty"`
}
