// Command book trains the book's two-layer network on MNIST natively and
// prints one line per epoch, as chapter 4's train_neuralnet.py does.
//
//	go run ./scripts/book [-relu] [-learningRate 0.1] [-batchSize 100] [-iterations 10000] [-optimizer adam] [-csv DIR] …
//	go run ./scripts/book -model params.pkl
//
// Every setting of core.Schema is a flag of the same name (-h lists them).
// -model evaluates a saved network instead (a .snet, an .npz, or the
// book's pickled params), saying how its activation was chosen when the
// file does not say it.
//
// The MNIST files come from -mnist, default the GoMNIST module's data folder.
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"scratchnet/core"
	"scratchnet/core/mnistdir"
	"scratchnet/wasm/session"
)

func main() {
	cfg := core.BookConfig()
	addFlags(flag.CommandLine, &cfg)
	relu := flag.Bool("relu", false, "chapter 5's net: the same as -activation relu")
	csvDir := flag.String("csv", "", "write loss.csv and accuracy.csv into this folder")
	mnist := flag.String("mnist", "", "folder with the four MNIST .gz files (default: the GoMNIST module's)")
	model := flag.String("model", "", "evaluate this saved network (.snet, .npz, or the book's params.pkl) instead of training")
	flag.Parse()
	if *relu {
		cfg.Activation = core.ActReLU
	}
	var err error
	if *model != "" {
		err = evaluate(*model, *mnist)
	} else {
		err = run(cfg, *mnist, *csvDir)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "book:", err)
		os.Exit(1)
	}
}

// loadMNIST reads MNIST from the folder mnist (empty: GoMNIST's).
func loadMNIST(mnist string) (train, test *core.Dataset, err error) {
	dir, err := mnistdir.Find(mnist)
	if err != nil {
		return nil, nil, err
	}
	return core.LoadMNIST(dir)
}

func run(cfg core.Config, mnist, csvDir string) error {
	train, test, err := loadMNIST(mnist)
	if err != nil {
		return err
	}
	t, err := core.NewTrainer(cfg, train, test)
	if fes := core.FieldErrors(err); len(fes) > 0 {
		msgs := make([]string, len(fes))
		for i, fe := range fes {
			msgs[i] = session.Describe(fe).Error()
		}
		return errors.New(strings.Join(msgs, "\n"))
	}
	if err != nil {
		return err
	}
	fmt.Printf("seed %d  %s 784-%d-10  %s lr %g  batch %d  iterations %d  (%d per epoch)\n",
		cfg.Seed, cfg.Activation, cfg.Hidden, cfg.Optimizer, cfg.LearningRate, cfg.BatchSize, cfg.Iterations, t.IterPerEpoch)
	start := time.Now()
	shown := 0
	var runErr error
	for t.Stop == core.StopNone {
		if err := t.Step(); err != nil {
			runErr = err
			break
		}
		if cfg.Gradient == core.GradNumerical {
			fmt.Printf("iteration %d  loss %.4f  %d loss evaluations in %.2f s\n", t.Iteration, t.Losses[len(t.Losses)-1], t.StepEvals, t.StepTime.Seconds())
		}
		for ; shown < len(t.Epochs); shown++ {
			e := t.Epochs[shown]
			line := fmt.Sprintf("epoch %d  train acc %.4f  test acc %.4f", e.Epoch, e.TrainAcc, e.TestAcc)
			if cfg.Validation > 0 {
				line += fmt.Sprintf("  val acc %.4f  val loss %.4f", e.ValAcc, e.ValLoss)
			}
			fmt.Println(line)
		}
	}
	if t.Stop == core.StopEarly {
		fmt.Printf("early stop: no lower validation loss for %d epochs; restored epoch %d's weights\n", cfg.Patience, t.BestEpoch)
	}
	tr, te := t.FinalAccuracy()
	fmt.Printf("final  train acc %.4f  test acc %.4f  (%.1f s)\n", tr, te, time.Since(start).Seconds())
	if csvDir != "" {
		if err := writeCSV(csvDir, t); err != nil {
			return err
		}
	}
	if runErr != nil {
		return session.DescribeStop(runErr, cfg)
	}
	return nil
}

func writeCSV(dir string, t *core.Trainer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	write := func(name string, header []string, rows [][]string) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		w := csv.NewWriter(f)
		w.Write(header)
		w.WriteAll(rows)
		if err := w.Error(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	var loss [][]string
	for i, l := range t.Losses {
		loss = append(loss, []string{strconv.Itoa(i + 1), strconv.FormatFloat(l, 'g', -1, 64)})
	}
	var acc [][]string
	for _, e := range t.Epochs {
		acc = append(acc, []string{strconv.Itoa(e.Epoch), strconv.Itoa(e.Iteration),
			strconv.FormatFloat(e.TrainAcc, 'f', 4, 64), strconv.FormatFloat(e.TestAcc, 'f', 4, 64)})
	}
	if err := write("loss.csv", []string{"iteration", "loss"}, loss); err != nil {
		return err
	}
	return write("accuracy.csv", []string{"epoch", "iteration", "train_acc", "test_acc"}, acc)
}

// evaluate loads a saved network and prints its accuracies.
func evaluate(file, mnist string) error {
	train, test, err := loadMNIST(mnist)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	f, err := core.DecodeModelFile(data, train.Dim, train.Classes, test, session.GuessImages)
	if err != nil {
		return fmt.Errorf("%s: %v", file, err)
	}
	n := f.Net
	fmt.Printf("%s: a %s file, %d-%d-%d %s", file, f.Format, n.Input, n.Hidden, n.Output, n.Activation)
	if f.Iterations > 0 {
		fmt.Printf(", trained %d iterations", f.Iterations)
	}
	fmt.Println()
	if g := f.Guess; g != nil {
		fmt.Printf("the file does not say its activation: on %d test images relu scores %.4f, sigmoid %.4f, so %s\n",
			g.Images, g.Accuracy[core.ActReLU], g.Accuracy[core.ActSigmoid], g.Activation)
	}
	fmt.Printf("train acc %.4f  test acc %.4f\n", n.Accuracy(train), n.Accuracy(test))
	return nil
}
