//go:build !js

// Command serve serves the built playground (make serve builds it into
// out/site first) at http://127.0.0.1:8080, or $PORT, with the shared
// models and board API (package api) at /api/ over embedded SQLite: the
// data folder (-data, ./data by default) is created on first run, its
// schema migrated at start-up, and kept across restarts.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"scratchnet/scripts/internal/site"
	"scratchnet/wasm/api"
	"scratchnet/wasm/api/local"
)

func main() {
	dir := flag.String("dir", "out/site", "the built site")
	data := flag.String("data", "data", "the data folder: the database and the shared models")
	limit := flag.Int("post-limit", api.DefaultPostLimit, "POSTs (shares and publications) per client (an IPv4 address or an IPv6 /64) per 10 minutes")
	var proxies []netip.Prefix
	flag.Func("trusted-proxy", "a reverse proxy's address or CIDR (repeatable) whose X-Forwarded-For is believed", func(s string) error {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return err
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		proxies = append(proxies, p)
		return nil
	})
	var origins []string
	flag.Func("origin", "the site's public origin behind a proxy, https://your.site (repeatable)", func(s string) error {
		if err := http.NewCrossOriginProtection().AddTrustedOrigin(s); err != nil {
			return err
		}
		origins = append(origins, s)
		return nil
	})
	flag.Parse()
	if _, err := os.Stat(*dir + "/index.html"); err != nil {
		log.Fatalf("serve: %s has no index.html: run make serve, which builds it", *dir)
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, blobs, err := local.Open(ctx, *data)
	if err != nil {
		log.Fatalf("serve: %v", err)
	}
	defer db.Close()
	h := api.New(api.Config{DB: db, Blobs: blobs, TestSet: local.TestSet(filepath.Join(*dir, "mnist")), PostLimit: *limit,
		TrustedProxies: proxies, Origins: origins})
	addr := "127.0.0.1:" + port
	srv := site.NewServer(addr, site.WithAPI(site.Handler(*dir), h))
	fmt.Printf("scratchnet playground: http://%s/ (shared models and board in %s)\n", addr, *data)
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
