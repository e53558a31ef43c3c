// Command coldstart measures how long `onair serve` takes from exec to ready
// on a fresh data directory: until the ready file appears, and until /healthz
// answers 200. It polls every millisecond rather than sleeping in a shell, and
// stops each server (SIGTERM, then SIGKILL) before starting the next.
// Arguments after the flags are passed on to `onair serve`.
//
//	go run ./bench/coldstart -bin bin/onair -runs 10 [-- --password-hash-memory-kib 1024]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/onair/onair/bench/internal/latency"
)

func main() {
	bin := flag.String("bin", "bin/onair", "onair binary")
	runs := flag.Int("runs", 10, "number of cold starts")
	dir := flag.String("dir", "", "parent for the fresh data dirs (default: a new temp dir, removed after)")
	timeout := flag.Duration("timeout", 15*time.Second, "give up on one start after this long")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *bin, flag.Args(), *runs, *dir, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "coldstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, bin string, extra []string, runs int, parent string, timeout time.Duration) error {
	if parent == "" {
		d, err := os.MkdirTemp("", "onair-coldstart-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		parent = d
	}
	client := &http.Client{Timeout: time.Second}
	var toFile, toHealth []time.Duration
	for i := range runs {
		f, h, err := once(ctx, client, bin, extra, filepath.Join(parent, fmt.Sprintf("run%02d", i)), timeout)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		fmt.Printf("run %2d: ready_file_ms=%s healthz_ms=%s\n", i+1, latency.Ms(f), latency.Ms(h))
		toFile = append(toFile, f)
		toHealth = append(toHealth, h)
	}
	f, h := latency.Summarize(toFile), latency.Summarize(toHealth)
	fmt.Printf("runs=%d ready_file_median_ms=%s ready_file_max_ms=%s healthz_median_ms=%s healthz_max_ms=%s\n",
		runs, latency.Ms(f.P50), latency.Ms(f.Max), latency.Ms(h.P50), latency.Ms(h.Max))
	return nil
}

// once starts one server on an empty data dir and returns the time from exec
// to the ready file and to the first 200 from /healthz.
func once(ctx context.Context, client *http.Client, bin string, extra []string, dataDir string, timeout time.Duration) (toFile, toHealth time.Duration, err error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return 0, 0, err
	}
	ready := filepath.Join(dataDir, "ready")
	logFile, err := os.Create(filepath.Join(dataDir, "serve.log"))
	if err != nil {
		return 0, 0, err
	}
	defer logFile.Close()
	args := append([]string{"serve", "--data-dir", dataDir, "--http-addr", "127.0.0.1:0",
		"--rtmp-addr", "127.0.0.1:0", "--webrtc-udp-addr", "127.0.0.1:0", "--ready-file", ready}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	exited := make(chan struct{}) // closed once the process has been reaped
	var waitErr error

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	go func() { waitErr = cmd.Wait(); close(exited) }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}()

	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	var base string
	for base == "" {
		if b, err := os.ReadFile(ready); err == nil && len(b) > 0 {
			toFile = time.Since(start)
			base = strings.TrimSpace(string(b))
			break
		}
		if err := wait(ctx, tick, exited, deadline); err != nil {
			if errors.Is(err, errExited) {
				err = fmt.Errorf("%w: %v", err, waitErr)
			}
			return 0, 0, fmt.Errorf("waiting for %s: %w (log: %s)", ready, err, logFile.Name())
		}
	}
	for {
		if healthy(ctx, client, base+"/healthz") {
			return toFile, time.Since(start), nil
		}
		if err := wait(ctx, tick, exited, deadline); err != nil {
			return 0, 0, fmt.Errorf("waiting for %s/healthz: %w", base, err)
		}
	}
}

var errExited = errors.New("server exited early")

func wait(ctx context.Context, tick *time.Ticker, exited <-chan struct{}, deadline time.Time) error {
	if time.Now().After(deadline) {
		return errors.New("timed out")
	}
	select {
	case <-tick.C:
		return nil
	case <-exited:
		return errExited
	case <-ctx.Done():
		return ctx.Err()
	}
}

func healthy(ctx context.Context, c *http.Client, url string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
