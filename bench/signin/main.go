// Command signin times sequential real sign-ins against a running server
// through the typed API client. Each sign-in verifies the password hash at
// the server's configured cost, so this is the user-visible sign-in latency.
//
//	go run ./bench/signin -url http://127.0.0.1:8080 -username alice -password 'Passw0rd!' -n 50
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/onair/onair/bench/internal/latency"
	"github.com/onair/onair/internal/apiclient"
)

func main() {
	url := flag.String("url", "", "server base URL (required)")
	username := flag.String("username", "", "user to sign in as (required)")
	password := flag.String("password", "", "that user's password (required)")
	n := flag.Int("n", 50, "number of sequential sign-ins")
	flag.Parse()
	if *url == "" || *username == "" || *password == "" || *n < 1 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	client := apiclient.New(*url)
	// One unmeasured sign-in warms the connection and the server's caches.
	if _, err := client.SignIn(ctx, *username, *password); err != nil {
		fmt.Fprintln(os.Stderr, "signin: warm-up:", err)
		os.Exit(1)
	}
	took := make([]time.Duration, 0, *n)
	for range *n {
		start := time.Now()
		if _, err := client.SignIn(ctx, *username, *password); err != nil {
			fmt.Fprintln(os.Stderr, "signin:", err)
			os.Exit(1)
		}
		took = append(took, time.Since(start))
	}
	s := latency.Summarize(took)
	fmt.Printf("count=%d p50_ms=%s p90_ms=%s max_ms=%s\n", s.Count, latency.Ms(s.P50), latency.Ms(s.P90), latency.Ms(s.Max))
}
