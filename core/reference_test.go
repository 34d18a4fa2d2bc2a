package core

// References that only the tests need: the plain versions the fast paths
// are checked against.

// referenceNumericalGradient returns ∂Loss/∂θ for b by central differences
// on every parameter (chapter 4), recomputing the whole loss each time: two full
// forward passes per parameter.
func (n *TwoLayerNet) referenceNumericalGradient(b *Batch, h float64) *Grads {
	f := func() float64 { return n.Loss(b) }
	return &Grads{
		W1: NumericalGradient(f, n.W1, h),
		B1: NumericalGradient(f, n.B1, h),
		W2: NumericalGradient(f, n.W2, h),
		B2: NumericalGradient(f, n.B2, h),
	}
}

// The product computes the numerical gradient with numericalGradient
// (numgrad.go), which recomputes only what each parameter reaches; this
// is the book's plain version, the reference it is tested against.

// decodeIDXImages reads an IDX3 image file (gzipped or raw). name is used
// in error messages. It returns the image count, rows, columns and the
// pixels, count×rows×cols bytes. Every inconsistency is an *IDXError; a
// header that claims more images than the file can hold is refused before
// anything is allocated for them.
func decodeIDXImages(name string, data []byte) (n, rows, cols int, pixels []byte, err error) {
	n, rows, cols, err = readImages(name, sized(data), func(n, rows, cols int) {
		pixels = make([]byte, 0, n*rows*cols)
	}, func(img []byte) {
		pixels = append(pixels, img...)
	})
	if err != nil {
		return 0, 0, 0, nil, err
	}
	return n, rows, cols, pixels, nil
}

// decodeIDXImages is the whole-file decoder the fuzz and table tests call;
// the product decodes images one at a time into a Dataset (readImages).
// subset returns a dataset of the images at idx, in that order (copied).
func (d *Dataset) subset(idx []int) *Dataset {
	s, _ := newEmptyDataset(len(idx), d.Rows, d.Cols, d.Classes)
	s.Labels = make([]byte, len(idx))
	for k, i := range idx {
		s.add(d.Image(i))
		s.Labels[k] = d.Labels[i]
	}
	return s
}
