//go:build !js

// Package browser starts Debian's headless Chromium for the browser tests
// and benchmarks, with the flags this machine needs (no network access
// beyond loopback, a fresh profile) and a loopback server for the site.
package browser
