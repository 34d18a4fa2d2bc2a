//go:build !js

// Package local gives the API handler (package api) its storage under
// `make serve`: embedded SQLite (modernc.org/sqlite, pure Go) and model
// files in a data folder, created on first run, and MNIST's test set from
// the built site's folder. The Worker has its own (D1, R2, the static
// assets); this package stays out of it, and is native only:
// modernc.org/sqlite has no js/wasm build.
package local

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"scratchnet/core"
	"scratchnet/wasm/api"
)

// Open opens (creating it if needed) the data folder dir: dir/scratchnet.db
// with the schema's migrations applied, and dir/models/ for the files.
// Close the returned DB when done.
func Open(ctx context.Context, dir string) (*sql.DB, api.Blobs, error) {
	if err := os.MkdirAll(filepath.Join(dir, "models"), 0o755); err != nil {
		return nil, nil, fmt.Errorf("data folder: %w", err)
	}
	// WAL with synchronous=FULL: a committed row survives a crash of the
	// process or the machine. busy_timeout makes writers wait their turn.
	dsn := "file:" + filepath.Join(dir, "scratchnet.db") +
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, nil, err
	}
	// One connection: SQLite has one writer at a time anyway, and this
	// keeps its locks out of the way.
	db.SetMaxOpenConns(1)
	if err := api.Migrate(ctx, db); err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, Dir(filepath.Join(dir, "models")), nil
}

// Dir is a folder of model files, one per id (api.Blobs).
type Dir string

func (d Dir) path(key string) string { return filepath.Join(string(d), key+".snet") }

// Put writes data to a temporary file, syncs it, renames it into place and
// syncs the folder, so a file under its name is always whole and durable.
func (d Dir) Put(_ context.Context, key string, data []byte) error {
	if _, err := os.Stat(d.path(key)); err == nil {
		return nil
	}
	var suffix [8]byte
	rand.Read(suffix[:])
	tmp := d.path(key) + ".tmp-" + hex.EncodeToString(suffix[:])
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, d.path(key))
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	dir, err := os.Open(string(d))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}

// Get reads the file under key.
func (d Dir) Get(_ context.Context, key string) ([]byte, bool, error) {
	data, err := os.ReadFile(d.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	return data, err == nil, err
}

// TestSet returns a loader of MNIST's test set from folder mnist (the
// site's mnist/, gzipped IDX files), decoded once and kept.
func TestSet(mnist string) func(context.Context) (*core.Dataset, error) {
	var once sync.Once
	var test *core.Dataset
	var err error
	return func(context.Context) (*core.Dataset, error) {
		once.Do(func() {
			var img, lbl []byte
			if img, err = os.ReadFile(filepath.Join(mnist, core.TestImagesFile)); err != nil {
				return
			}
			if lbl, err = os.ReadFile(filepath.Join(mnist, core.TestLabelsFile)); err != nil {
				return
			}
			test, err = core.DecodeDataset(core.TestImagesFile, img, core.TestLabelsFile, lbl)
		})
		return test, err
	}
}
