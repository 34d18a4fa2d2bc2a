package session

import (
	"fmt"
	"time"

	"scratchnet/core"
	"scratchnet/core/i18n"
)

// Session is one page's state. It is not safe for concurrent use. Its
// methods are grouped by what the page does with them: run.go the run
// and its twin, draw.go the drawn digit, gradcheck.go the gradient check,
// models.go the model files, inside.go looking inside the net.
type Session struct {
	train, test *core.Dataset
	cfg         core.Config
	tr          *core.Trainer
	// pair, when comparing gradient methods, holds tr and its twin.
	pair                       *core.Pair
	sent, sentEpochs, twinSent int           // losses and epochs already returned by Steps
	stop                       *i18n.Message // why the run stopped early, for the page
	// loaded, when the run's first weights came from a file or a link, is
	// what that network was.
	loaded *Loaded

	// run counts the runs started; deferEval says whether they leave
	// their evaluations to other sessions, scorer is this session's
	// Trainer for Measure (evaluate.go).
	run       int
	deferEval bool
	scorer    *core.Trainer
	// numJob is the numerical step BeginNumerical began, begun at numStart
	// with the run at iteration numBefore.
	numJob    *core.NumericalJob
	numStart  time.Time
	numBefore int

	gc       *core.GradCheck
	gcKey    gcKey
	bookNets map[string]*core.TwoLayerNet // the book's check nets, by activation
	bug      core.BackpropBug             // the backward-pass mistake switched on
}

// New returns a session with the book's configuration and no data.
func New() *Session { return &Session{cfg: core.BookConfig()} }

// ErrNoData is returned before Load has succeeded.
var ErrNoData = i18n.M("error.noData")

// Load decodes the four MNIST files (gzipped IDX, as GoMNIST ships them)
// and starts a run with the current configuration.
func (s *Session) Load(trainImages, trainLabels, testImages, testLabels core.SizedReaderAt) error {
	train, err := core.DecodeDatasetAt(core.TrainImagesFile, trainImages, core.TrainLabelsFile, trainLabels)
	if err != nil {
		return err
	}
	test, err := core.DecodeDatasetAt(core.TestImagesFile, testImages, core.TestLabelsFile, testLabels)
	if err != nil {
		return err
	}
	if train.Dim != test.Dim {
		return fmt.Errorf("mnist: training images are %d×%d but test images %d×%d", train.Rows, train.Cols, test.Rows, test.Cols)
	}
	s.train, s.test = train, test
	return s.reset()
}

// LoadResult is what Load read: the number of training and test images.
type LoadResult struct {
	Train int `json:"train"`
	Test  int `json:"test"`
}

// Loaded reports the dataset sizes.
func (s *Session) Loaded() LoadResult {
	if s.train == nil {
		return LoadResult{}
	}
	return LoadResult{s.train.N, s.test.N}
}

// Config returns the current configuration.
func (s *Session) Config() core.Config { return s.cfg }

// trainN is the training-set size settings are checked against: MNIST's
// until the data are loaded.
func (s *Session) trainN() int {
	if s.train != nil {
		return s.train.N
	}
	return core.MNISTTrain
}
