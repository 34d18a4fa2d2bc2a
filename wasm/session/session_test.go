package session

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"scratchnet/core"
	"scratchnet/core/i18n"
	"scratchnet/core/mnistdir"
)

var (
	filesOnce sync.Once
	files     [4][]byte
	filesErr  error
)

// mnistFiles reads the four MNIST files as the page fetches them.
func mnistFiles(t *testing.T) [4][]byte {
	t.Helper()
	dir := mnistdir.ForTest(t)
	filesOnce.Do(func() {
		for i, name := range []string{core.TrainImagesFile, core.TrainLabelsFile, core.TestImagesFile, core.TestLabelsFile} {
			if files[i], filesErr = os.ReadFile(filepath.Join(dir, name)); filesErr != nil {
				return
			}
		}
	})
	if filesErr != nil {
		t.Fatal(filesErr)
	}
	return files
}

// readers gives Load four files' bytes.
func readers(a, b, c, d []byte) (_, _, _, _ core.SizedReaderAt) {
	return bytes.NewReader(a), bytes.NewReader(b), bytes.NewReader(c), bytes.NewReader(d)
}

func loaded(t *testing.T) *Session {
	f := mnistFiles(t)
	s := New()
	if err := s.Load(readers(f[0], f[1], f[2], f[3])); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLoadRefusesCorruptData(t *testing.T) {
	f := mnistFiles(t)
	s := New()
	err := s.Load(readers(f[0][:len(f[0])/3], f[1], f[2], f[3]))
	if err == nil || !strings.Contains(err.Error(), "train-images-idx3-ubyte.gz: truncated") {
		t.Fatalf("error %v", err)
	}
	if _, err := s.Steps(1); !errors.Is(err, ErrNoData) {
		t.Errorf("Steps after a failed load: %v", err)
	}
	if err := s.Load(readers(f[0], f[2], f[2], f[3])); err == nil || !strings.Contains(err.Error(), "train-labels-idx1-ubyte.gz: magic number") {
		t.Errorf("image file given as labels: %v", err)
	}
}

func TestConfigureNamesFields(t *testing.T) {
	s := loaded(t)
	tests := []struct {
		json, field, msg string
	}{
		{`{"learningRate": -1}`, "learningRate", "Learning rate must be greater than 0 (got −1)."},
		{`{"batchSize": 0}`, "batchSize", "Batch size must be a whole number from 1 to 60,000 (got 0)."},
		{`{"dropout": 1.5}`, "dropout", "Dropout ratio must be at least 0 and less than 1 (got 1.5)."},
		{`{"seed": -3}`, "seed", "Seed must be a whole number from 0 to 9,007,199,254,740,991 (got −3)."},
		{`{"learningRate": null}`, "learningRate", "Learning rate must be a number (got nothing)."},
		{`{"hidden": "fifty"}`, "hidden", "Hidden units must be a whole number (got \"fifty\")."},
		{`{"speed": 3}`, "speed", "There is no setting called \"speed\"."},
		{`{"hidden": 4096, "batchSize": 60000}`, "batchSize", ""},
		{`[1]`, "config", ""},
	}
	s.Steps(3)
	for _, tt := range tests {
		// CheckConfig refuses what Configure refuses, and leaves the run be.
		err := s.CheckConfig([]byte(tt.json))
		ce, ok := err.(*ConfigError)
		if !ok || ce.Fields[tt.field] == "" || (tt.msg != "" && ce.Fields[tt.field] != tt.msg) {
			t.Errorf("CheckConfig(%s): %v, want field %s: %q", tt.json, err, tt.field, tt.msg)
		}
		err = s.Configure([]byte(tt.json))
		ce, ok = err.(*ConfigError)
		if !ok || ce.Fields[tt.field] == "" || (tt.msg != "" && ce.Fields[tt.field] != tt.msg) {
			t.Errorf("Configure(%s): %v, want field %s: %q", tt.json, err, tt.field, tt.msg)
		}
	}
	if err := s.CheckConfig([]byte(`{"batchSize": 50}`)); err != nil {
		t.Errorf("CheckConfig of a good batch size: %v", err)
	}
	if st := s.State(); st.Iteration != 3 || st.Config.BatchSize != 100 {
		t.Errorf("after the checks the run is at iteration %d with batches of %d, want 3 and 100", st.Iteration, st.Config.BatchSize)
	}
	if s.Config() != core.BookConfig() {
		t.Error("a refused configuration changed the session's")
	}
	// A refused setting is not kept: the next call merges into the
	// configuration that runs.
	if err := s.Configure([]byte(`{"batchSize": 1e20}`)); err == nil {
		t.Fatal("batch 1e20 accepted")
	}
	if err := s.Configure([]byte(`{"learningRate": 0.2}`)); err != nil {
		t.Fatalf("learning rate 0.2 after a refused batch size: %v", err)
	}
	if err := s.Configure([]byte(`{"hidden": 20, "activation": "relu", "seed": 9}`)); err != nil {
		t.Fatal(err)
	}
	if c := s.Config(); c.Hidden != 20 || c.Activation != core.ActReLU || c.LearningRate != 0.2 {
		t.Errorf("config %+v", c)
	}
}

func TestTuneKeepsTheRun(t *testing.T) {
	s := loaded(t)
	if _, err := s.Steps(50); err != nil {
		t.Fatal(err)
	}
	if err := s.Tune([]byte(`{"optimizer": "adam", "learningRate": 0.001}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.Tune([]byte(`{"hidden": 20}`)); err == nil || !strings.Contains(err.Error(), "Hidden units cannot change during a run") {
		t.Errorf("tuning the hidden size: %v", err)
	}
	st, err := s.Steps(50)
	if err != nil {
		t.Fatal(err)
	}
	if st.Iteration != 100 || len(st.Tunes) != 1 || st.Tunes[0] != 50 || st.Config.Optimizer != core.OptAdam {
		t.Errorf("after tuning: iteration %d, tunes %v, optimizer %s", st.Iteration, st.Tunes, st.Config.Optimizer)
	}
}

func TestStepsReportProgress(t *testing.T) {
	s := loaded(t)
	var losses []float64
	var epochs []core.EpochStat
	for range 12 {
		st, err := s.Steps(100)
		if err != nil {
			t.Fatal(err)
		}
		if st.FirstLoss != len(losses)+1 {
			t.Fatalf("FirstLoss %d after %d losses", st.FirstLoss, len(losses))
		}
		losses = append(losses, st.Losses...)
		epochs = append(epochs, st.Epochs...)
	}
	if len(losses) != 1200 || len(epochs) != 2 || epochs[1].Iteration != 601 {
		t.Fatalf("%d losses, epochs %+v", len(losses), epochs)
	}
	// The last evaluation is epoch 1's, after iteration 601 (about 0.78).
	if st := s.State(); st.Iteration != 1200 || st.TestAcc < 0.7 {
		t.Errorf("state %+v", st.State)
	}
}

func TestDivergenceIsExplained(t *testing.T) {
	s := loaded(t)
	if err := s.Configure([]byte(`{"activation": "relu", "learningRate": 1e200}`)); err != nil {
		t.Fatal(err)
	}
	st, err := s.Steps(50)
	if err != nil {
		t.Fatal(err)
	}
	if st.Stop != core.StopDiverged || !strings.Contains(st.Message, "try a smaller learning rate") {
		t.Errorf("state %+v", st)
	}
	// The weights kept are finite but huge: a prediction says so rather
	// than returning NaN probabilities.
	if _, err := s.Predict(s.test.Image(0)); !errors.Is(err, ErrNaNOutput) {
		t.Errorf("prediction with diverged weights: %v", err)
	}
}

func TestPredictAndDraw(t *testing.T) {
	s := loaded(t)
	if _, err := s.Steps(600); err != nil {
		t.Fatal(err)
	}
	img := s.test.Image(0) // a 7
	p, err := s.Predict(img)
	if err != nil || p.Digit != 7 || len(p.Probs) != 10 {
		t.Fatalf("Predict: %+v, %v", p, err)
	}
	if _, err := s.Predict(img[:100]); err == nil || err.Error() != "predict wants 784 pixels (28×28), got 100." {
		t.Errorf("short image: %v", err)
	}
	for _, bad := range []float64{math.NaN(), -1, 1000, 0.5} {
		v := make([]float64, 784)
		v[9] = bad
		if _, err := PixelsFromNumbers(v); err == nil || !strings.HasPrefix(err.Error(), "Pixel 9 is ") {
			t.Errorf("pixel %v: %v", bad, err)
		}
	}
	if _, err := s.DrawnStrokes(nil); !errors.Is(err, ErrEmptyCanvas) {
		t.Errorf("no strokes: %v", err)
	}
	// Test image 0, a 7, traced as pen paths: its top bar and its stem.
	seven := []float64{70, 80, 210, 80, math.NaN(), math.NaN(), 210, 80, 120, 230, math.NaN(), math.NaN()}
	d, err := s.DrawnStrokes(seven)
	if err != nil || d.Digit != 7 || len(d.Input) != 784 || len(d.Explanation.Hidden) != s.cfg.Hidden {
		t.Errorf("drawn 7: digit %d, %v", d.Digit, err)
	}
	v, err := s.TestImageView(0)
	if err != nil || v.Label != 7 || v.Digit != 7 || len(v.Input) != 784 {
		t.Errorf("test image 0: %+v, %v", v, err)
	}
	if _, err := s.TestImageView(10000); !messageKey(err, "pick.range") {
		t.Errorf("test image 10000: %v", err)
	}
}

func TestGradCheck(t *testing.T) {
	s := loaded(t)
	st, err := s.GradCheckStep(GradStepOptions{Key: "W2", Row: 3, Col: 4})
	if err != nil || st.RelErr > 1e-6 || st.Key != "W2" {
		t.Fatalf("step %+v, %v", st, err)
	}
	next, _ := s.GradCheckStep(GradStepOptions{Next: true})
	if next.Key != "W2" || next.Row != 3 || next.Col != 5 {
		t.Errorf("next after W2[3][4] is %s[%d][%d]", next.Key, next.Row, next.Col)
	}
	// A place outside a parameter, or no parameter, is refused in the
	// reader's words, by Check and by the plot against h alike.
	for _, o := range []GradStepOptions{{Key: "W1", Row: 784}, {Key: "W1", Col: 50}, {Key: "b1", Row: 1}, {Key: "W2", Row: -3}, {Key: "W1", Row: 1.5}} {
		if _, err := s.GradCheckStep(o); !messageKey(err, "gradcheck.place") {
			t.Errorf("%s[%v][%v]: %v", o.Key, o.Row, o.Col, err)
		}
		if _, err := s.GradCheckSweep(o); !messageKey(err, "gradcheck.place") {
			t.Errorf("sweep %s[%v][%v]: %v", o.Key, o.Row, o.Col, err)
		}
	}
	if _, err := s.GradCheckStep(GradStepOptions{Key: "W1", Row: 1.5}); err == nil || err.Error() != "W1 has 784 rows and 50 columns, numbered from 0: there is no row 1.5, column 0." {
		t.Errorf("W1[1.5][0]: %v", err)
	}
	if _, err := s.GradCheckStep(GradStepOptions{Key: "W3"}); !messageKey(err, "gradcheck.key") {
		t.Errorf("W3: %v", err)
	}
	for _, h := range []float64{-1, 0} {
		if _, err := s.GradCheckStep(GradStepOptions{Key: "W1", H: &h}); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("h must be greater than 0 and less than 1, e.g. 1e-4, the book's (got %v)", h)) {
			t.Errorf("h = %v: %v", h, err)
		}
	}
	var calls int
	r, err := s.GradCheckAll("", nil, func(done, total int) { calls++ })
	if err != nil || len(r.Diffs) != 4 || calls == 0 || len(r.W1Diff) != 784*50 || !strings.HasPrefix(r.Text, "W1:") {
		t.Fatalf("check all: %+v calls %d, %v", r.Diffs, calls, err)
	}
	for _, d := range r.Diffs {
		if d.Diff > 1e-9 {
			t.Errorf("%s:%v", d.Key, d.Diff)
		}
	}
	sn := core.BookSimpleNet()
	if sn.DW[0] < 0.2192 || sn.DW[0] > 0.2193 {
		t.Errorf("simpleNet dW %v", sn.DW)
	}
}

func TestModelRoundTrip(t *testing.T) {
	s := loaded(t)
	if _, err := s.Steps(300); err != nil {
		t.Fatal(err)
	}
	img := s.test.Image(3)
	before, _ := s.Predict(img)
	for _, save := range []func() ([]byte, error){s.SaveModel, s.ShareModel, s.SaveNPZ} {
		data, err := save()
		if err != nil {
			t.Fatal(err)
		}
		other := loaded(t)
		if err := other.LoadModel(data); err != nil {
			t.Fatal(err)
		}
		after, _ := other.Predict(img)
		for k := range before.Probs {
			if before.Probs[k] != after.Probs[k] {
				t.Fatalf("loaded model's probabilities %v, saved model's %v", after.Probs, before.Probs)
			}
		}
	}
	good, err := s.SaveModel()
	if err != nil {
		t.Fatal(err)
	}
	npz, err := s.SaveNPZ()
	if err != nil {
		t.Fatal(err)
	}
	// Each in the reader's words: no decoder's English unless the file
	// is of a known kind and wrong inside.
	for _, bad := range []struct {
		name string
		data []byte
		key  string
	}{
		{"nothing", nil, "model.unknown"},
		{"text", []byte("hello"), "model.unknown"},
		{"a .snet cut short", good[:len(good)/2], "model.short"},
		{"an .npz cut short", npz[:len(npz)/2], "model.archive"},
		{"junk after PK", []byte("PK\x03\x04junk"), "model.archive"},
		{"a .snet with a number too many", append(append([]byte{}, good...), make([]byte, 8)...), "model.bad"},
	} {
		if err := s.LoadModel(bad.data); !messageKey(err, bad.key) {
			t.Errorf("LoadModel(%s): %v, want %s", bad.name, err, bad.key)
		}
	}
	var m i18n.Message
	if err := s.LoadModel(good[:len(good)-8]); !errors.As(err, &m) || m.Args["want"] != float64(len(good)) || m.Args["got"] != float64(len(good)-8) {
		t.Errorf("a .snet 8 bytes short: %#v", err)
	}
	// A file whose settings are refused is refused whole.
	cfg := s.Config()
	cfg.Iterations = 0
	bad := core.EncodeModel(s.tr.Net, core.ModelHeader{Config: cfg}, nil)
	if err := s.LoadModel(bad); err == nil || !strings.Contains(err.Error(), "settings refused") {
		t.Errorf("a model with iterations 0: %v", err)
	}
	after, _ := s.Predict(img)
	if after.Digit != before.Digit || s.Config() != cfg0(s) {
		t.Error("a refused model changed the net or the settings")
	}
	// A model trained with dropout and weight decay brings them along,
	// and the state says so.
	withReg := s.tr.Net.Clone()
	withReg.DropoutRatio, withReg.WeightDecay = 0.5, 0.3
	other := loaded(t)
	if err := other.LoadModel(core.EncodeModel(withReg, core.ModelHeader{Config: s.Config()}, nil)); err != nil {
		t.Fatal(err)
	}
	if c := other.State().Config; c.Dropout != 0.5 || c.WeightDecay != 0.3 || other.tr.Net.DropoutRatio != 0.5 || other.tr.Net.WeightDecay != 0.3 {
		t.Errorf("loaded settings %+v, net dropout %v decay %v", c, other.tr.Net.DropoutRatio, other.tr.Net.WeightDecay)
	}
}

func cfg0(s *Session) core.Config { return s.cfg }

// TestShareModel: an Adam run's shared file names Adam but holds the
// weights alone; loaded, it continues with Adam and fresh state.
func TestShareModel(t *testing.T) {
	s := loaded(t)
	if err := s.Configure([]byte(`{"optimizer": "adam", "learningRate": 0.001}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Steps(20); err != nil {
		t.Fatal(err)
	}
	full, _ := s.SaveModel()
	shared, err := s.ShareModel()
	if err != nil || 3*len(shared) > len(full)+3*2048 {
		t.Fatalf("shared %d bytes, saved %d: %v", len(shared), len(full), err)
	}
	other := loaded(t)
	if err := other.LoadModel(shared); err != nil {
		t.Fatal(err)
	}
	if c := other.Config(); c.Optimizer != core.OptAdam || c.LearningRate != 0.001 || other.tr.Opt.Steps != 0 {
		t.Errorf("loaded %+v, steps %d", c, other.tr.Opt.Steps)
	}
}

// TestCompareGradients: the twin with the numerical gradient starts from
// the same weights and draws the same mini-batches, so its losses follow
// the run's (backpropagation) to the numerical gradient's accuracy.
func TestCompareGradients(t *testing.T) {
	s := loaded(t)
	if err := s.Configure([]byte(`{"hidden": 10, "batchSize": 20}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.Compare(); err != nil {
		t.Fatal(err)
	}
	st, err := s.Steps(5)
	if err != nil {
		t.Fatal(err)
	}
	if st.Twin == nil || st.Twin.Gradient != core.GradNumerical || len(st.Twin.Losses) != 5 || st.Twin.FirstLoss != 1 || st.Twin.StepMillis <= 0 || st.Twin.RunMillis <= 0 {
		t.Fatalf("twin %+v", st.Twin)
	}
	if st.Twin.Losses[0] != st.Losses[0] {
		t.Errorf("first losses %v and %v: the twins start apart", st.Losses[0], st.Twin.Losses[0])
	}
	for i := range 5 {
		if d := math.Abs(st.Twin.Losses[i] - st.Losses[i]); d > 1e-8 {
			t.Errorf("iteration %d: backprop %v, numerical %v", i+1, st.Losses[i], st.Twin.Losses[i])
		}
	}
	// Dropout cannot be differentiated numerically: the comparison is
	// refused in words.
	if err := s.Configure([]byte(`{"dropout": 0.2}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.Compare(); err == nil || !strings.Contains(err.Error(), "Dropout cannot be used with the numerical gradient") {
		t.Errorf("comparing with dropout: %v", err)
	}
}

// messageKey reports whether err is an i18n.Message with the key.
func messageKey(err error, key string) bool {
	var m i18n.Message
	return errors.As(err, &m) && m.Key == key
}

// TestLoadedNetSaysWhatItIs: a network loaded from a file is not a fresh
// one: the state says how long it was trained and what it scores (before
// any step of the new run), a shared file of it says so too, and a new
// run forgets it.
func TestLoadedNetSaysWhatItIs(t *testing.T) {
	s := loaded(t)
	if _, err := s.Steps(300); err != nil {
		t.Fatal(err)
	}
	want := s.tr.Net.Accuracy(s.test)
	shared, err := s.ShareModel()
	if err != nil {
		t.Fatal(err)
	}
	friend := loaded(t)
	if err := friend.LoadModel(shared); err != nil {
		t.Fatal(err)
	}
	st := friend.State()
	if st.Loaded == nil || st.Loaded.Iterations != 300 || st.Trained != 300 || st.Iteration != 0 || st.TestAcc != want || st.Loaded.TestAcc != want {
		t.Fatalf("after loading a net trained 300 iterations that scores %v: %+v, loaded %+v", want, st, st.Loaded)
	}
	if _, err := friend.Steps(10); err != nil {
		t.Fatal(err)
	}
	again, err := friend.ShareModel()
	if err != nil {
		t.Fatal(err)
	}
	m, err := core.DecodeModel(again)
	if err != nil || m.Header.Iterations != 310 || friend.State().Trained != 310 {
		t.Errorf("shared again after 10 more iterations: the file says %d, the state %d (%v)", m.Header.Iterations, friend.State().Trained, err)
	}
	npz, _ := s.SaveNPZ()
	if err := friend.LoadModel(npz); err != nil || friend.State().Loaded == nil || friend.State().Loaded.Iterations != 300 {
		t.Errorf("our .npz (which says how long it was trained): %+v, %v", friend.State().Loaded, err)
	}
	if err := friend.LoadModel(core.EncodeNPZ(s.tr.Net, nil)); err != nil || friend.State().Loaded == nil || friend.State().Loaded.Iterations != 0 {
		t.Errorf("an .npz from elsewhere (which does not say how long it was trained): %+v, %v", friend.State().Loaded, err)
	}
	if err := friend.Configure([]byte(`{}`)); err != nil || friend.State().Loaded != nil || friend.State().Trained != 0 {
		t.Errorf("a new run still says it was loaded: %+v", friend.State())
	}
}
