// Package mnistdir finds the MNIST files shipped by the GoMNIST module, for
// the commands in scripts/ and for the tests.
package mnistdir
