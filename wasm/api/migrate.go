package api

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// Migrations are the schema's numbered migrations (migrations/NNNN_*.sql),
// the same files wrangler applies to D1.
//
//go:embed migrations/*.sql
var Migrations embed.FS

// Migrate applies the migrations db has not yet recorded, in order, each in
// a transaction, and records them in d1_migrations as wrangler does. It is
// for local SQLite; on the edge, `wrangler d1 migrations apply` does this.
func Migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS d1_migrations (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		name TEXT UNIQUE,
		applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)`); err != nil {
		return fmt.Errorf("api: migrations table: %w", err)
	}
	names, err := fs.Glob(Migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, path := range names {
		name := strings.TrimPrefix(path, "migrations/")
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM d1_migrations WHERE name = ?`, name).Scan(&n); err != nil {
			return fmt.Errorf("api: %s: %w", name, err)
		}
		if n > 0 {
			continue
		}
		text, err := Migrations.ReadFile(path)
		if err != nil {
			return err
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(text)); err != nil {
			tx.Rollback()
			return fmt.Errorf("api: migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO d1_migrations (name) VALUES (?)`, name); err != nil {
			tx.Rollback()
			return fmt.Errorf("api: migration %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("api: migration %s: %w", name, err)
		}
	}
	return nil
}
