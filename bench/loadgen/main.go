// Command loadgen sends GET requests at a constant arrival rate (open loop)
// and reports latency percentiles.
//
// Each request has a scheduled send time, start + i/rate, fixed before the
// run. Latency is measured from that scheduled time, not from when a worker
// got round to sending, so a stalled server (or a saturated worker pool) shows
// up as latency instead of silently lowering the offered rate (coordinated
// omission). Requests scheduled during -warmup are sent but not counted.
// -header (repeatable) adds a request header, e.g. a session cookie for a
// signed-in endpoint.
//
//	go run ./bench/loadgen -url http://127.0.0.1:8080 -path /api/v1/channels/alice -rate 1000 -duration 20s -warmup 3s
//	go run ./bench/loadgen -url http://127.0.0.1:8080 -path /api/v1/channel/followingList -header "Cookie: onair_session=$TOKEN"
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/onair/onair/bench/internal/latency"
	"github.com/onair/onair/bench/internal/proc"
)

type options struct {
	url      string
	path     string
	rate     float64
	duration time.Duration
	warmup   time.Duration
	workers  int
	timeout  time.Duration
	header   headers
}

// headers collects repeated -header "Name: value" flags.
type headers http.Header

func (h headers) String() string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k) // names only: values may be credentials
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

func (h headers) Set(v string) error {
	name, value, ok := strings.Cut(v, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return fmt.Errorf("header %q: want \"Name: value\"", v)
	}
	http.Header(h).Add(name, strings.TrimSpace(value))
	return nil
}

// worker holds one worker's results; merged after the run so the hot path
// takes no lock.
type worker struct {
	latencies []time.Duration // measured requests only, from scheduled time
	lags      []time.Duration // scheduled time -> actual send, measured only
	errors    map[string]int
	lastDone  time.Time
}

func main() {
	o := options{header: headers{}}
	flag.StringVar(&o.url, "url", "", "base URL, e.g. http://127.0.0.1:8080 (required)")
	flag.StringVar(&o.path, "path", "/healthz", "request path")
	flag.Float64Var(&o.rate, "rate", 100, "arrival rate in requests per second")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "measured duration")
	flag.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured warm-up before the measured duration")
	flag.IntVar(&o.workers, "workers", 64, "maximum concurrent requests")
	flag.DurationVar(&o.timeout, "timeout", 5*time.Second, "per-request timeout")
	flag.Var(o.header, "header", "request header \"Name: value\" (repeatable), e.g. \"Cookie: onair_session=...\"")
	flag.Parse()
	if err := validate(o); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func validate(o options) error {
	switch {
	case o.url == "":
		return errors.New("-url is required")
	case o.rate <= 0:
		return errors.New("-rate must be positive")
	case o.duration <= 0 || o.warmup < 0:
		return errors.New("-duration must be positive and -warmup not negative")
	case o.workers < 1:
		return errors.New("-workers must be at least 1")
	}
	return nil
}

func run(ctx context.Context, o options) error {
	target := strings.TrimRight(o.url, "/") + o.path
	tr := &http.Transport{
		MaxIdleConns:        o.workers,
		MaxIdleConnsPerHost: o.workers,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: o.timeout}

	// Fail fast on a wrong URL instead of reporting 100% errors.
	if err := get(ctx, client, target, o.header); err != nil {
		return fmt.Errorf("probe %s: %w", target, err)
	}

	total := int(o.rate * (o.warmup + o.duration).Seconds())
	start := time.Now().Add(10 * time.Millisecond)
	measureFrom := start.Add(o.warmup)
	scheduled := func(i int) time.Time {
		return start.Add(time.Duration(float64(i) * float64(time.Second) / o.rate))
	}

	jobs := make(chan time.Time, o.workers)
	workers := make([]*worker, o.workers)
	var wg sync.WaitGroup
	for i := range workers {
		w := &worker{errors: map[string]int{}}
		workers[i] = w
		wg.Go(func() {
			for at := range jobs {
				sent := time.Now()
				err := get(ctx, client, target, o.header)
				done := time.Now()
				if at.Before(measureFrom) {
					continue
				}
				w.lags = append(w.lags, sent.Sub(at))
				w.latencies = append(w.latencies, done.Sub(at))
				w.lastDone = done
				if err != nil {
					k := errorKind(err)
					if _, seen := w.errors[k]; !seen && len(w.errors) >= 20 {
						k = "other"
					}
					w.errors[k]++
				}
			}
		})
	}

	// Schedule. If the pool stays full past the end of the run plus one
	// timeout, give up and count what was never sent as errors.
	giveUp := time.NewTimer(time.Until(start.Add(o.warmup + o.duration + o.timeout)))
	defer giveUp.Stop()
	unsent := 0
schedule:
	for i := range total {
		at := scheduled(i)
		if d := time.Until(at); d > 0 && !proc.Sleep(ctx, d) {
			break schedule
		}
		select {
		case jobs <- at:
		case <-giveUp.C:
			for j := i; j < total; j++ {
				if !scheduled(j).Before(measureFrom) {
					unsent++
				}
			}
			break schedule
		case <-ctx.Done():
			break schedule
		}
	}
	close(jobs)
	wg.Wait()

	var lat, lags []time.Duration
	errs := map[string]int{}
	var lastDone time.Time
	for _, w := range workers {
		lat = append(lat, w.latencies...)
		lags = append(lags, w.lags...)
		for k, n := range w.errors {
			errs[k] += n
		}
		if w.lastDone.After(lastDone) {
			lastDone = w.lastDone
		}
	}
	if unsent > 0 {
		errs["not sent (worker pool full)"] += unsent
	}
	nerr := 0
	for _, n := range errs {
		nerr += n
	}
	achieved := 0.0
	if el := lastDone.Sub(measureFrom).Seconds(); el > 0 {
		achieved = float64(len(lat)) / el
	}
	s := latency.Summarize(lat)
	l := latency.Summarize(lags)
	fmt.Printf("target=%s offered=%g/s duration=%s warmup=%s workers=%d headers=%s\n", target, o.rate, o.duration, o.warmup, o.workers, o.header)
	fmt.Printf("count=%d errors=%d achieved=%.1f/s p50_ms=%s p90_ms=%s p99_ms=%s p99.9_ms=%s max_ms=%s send_lag_p50_ms=%s send_lag_p99_ms=%s send_lag_max_ms=%s\n",
		s.Count+unsent, nerr, achieved, latency.Ms(s.P50), latency.Ms(s.P90), latency.Ms(s.P99), latency.Ms(s.P999), latency.Ms(s.Max),
		latency.Ms(l.P50), latency.Ms(l.P99), latency.Ms(l.Max))
	kinds := make([]string, 0, len(errs))
	for k := range errs {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Printf("error: %s x%d\n", k, errs[k])
	}
	return ctx.Err()
}

// statusError is a non-2xx answer.
type statusError int

func (e statusError) Error() string { return fmt.Sprintf("status %d", int(e)) }

func get(ctx context.Context, c *http.Client, url string, h headers) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// Drain so the connection goes back to the pool.
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return statusError(resp.StatusCode)
	}
	return nil
}

// errorKind groups errors for the report without printing every message.
func errorKind(err error) string {
	var se statusError
	switch {
	case errors.As(err, &se):
		return se.Error()
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Client.Timeout"):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	default:
		return "other: " + err.Error()
	}
}
