// Command serve serves the built playground (make serve builds it into
// out/site first) at http://127.0.0.1:8080, or $PORT.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"scratchnet/scripts/internal/site"
)

func main() {
	dir := flag.String("dir", "out/site", "the built site")
	flag.Parse()
	if _, err := os.Stat(*dir + "/index.html"); err != nil {
		log.Fatalf("serve: %s has no index.html: run make serve, which builds it", *dir)
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	addr := "127.0.0.1:" + port
	fmt.Printf("scratchnet playground: http://%s/\n", addr)
	log.Fatal(site.NewServer(addr, site.Handler(*dir)).ListenAndServe())
}
