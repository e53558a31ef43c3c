// Command hlsviewers simulates Low-Latency HLS viewers of one live stream and
// reports how fast the server answers them.
//
// Each viewer behaves like hls.js in low-latency mode: it loads the
// multivariant playlist, then loops on a blocking media-playlist reload for
// the next part (_HLS_msn/_HLS_part) and downloads that part as soon as the
// playlist lists it. Two figures come out:
//
//   - release: how long after the first viewer received the playlist
//     announcing a part every other viewer received it. The first receipt
//     stands for "the part exists", so this is the server's fan-out delay
//     for blocked requests, measured across viewers;
//   - part: the time to download a part that exists (request to last byte).
//
//	go run ./bench/hlsviewers -url http://127.0.0.1:8080/hls/<playbackId>/index.m3u8 -viewers 500 -duration 20s
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/bluenviron/gohlslib/v2/pkg/playlist"

	"github.com/onair/onair/bench/internal/latency"
)

type options struct {
	url      string
	viewers  int
	duration time.Duration
	warmup   time.Duration
	ramp     time.Duration
}

// partKey names a part: media sequence number and part index.
type partKey struct{ msn, part int }

// viewer holds one viewer's results; merged after the run.
type viewer struct {
	releases map[partKey]time.Time // when this viewer learnt of each part
	parts    []time.Duration
	errors   map[string]int
}

func main() {
	var o options
	flag.StringVar(&o.url, "url", "", "multivariant playlist URL (required)")
	flag.IntVar(&o.viewers, "viewers", 100, "concurrent viewers")
	flag.DurationVar(&o.duration, "duration", 20*time.Second, "measured duration")
	flag.DurationVar(&o.warmup, "warmup", 5*time.Second, "unmeasured time after the last viewer joined")
	flag.DurationVar(&o.ramp, "ramp", 5*time.Second, "time over which viewers join")
	flag.Parse()
	if o.url == "" || o.viewers < 1 {
		fmt.Fprintln(os.Stderr, "hlsviewers: -url and -viewers >= 1 are required")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "hlsviewers:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4 * o.viewers, MaxConnsPerHost: 0},
		Timeout: 15 * time.Second}
	start := time.Now()
	measureFrom := start.Add(o.ramp + o.warmup)
	end := measureFrom.Add(o.duration)
	ctx, cancel := context.WithDeadline(ctx, end)
	defer cancel()

	viewers := make([]*viewer, o.viewers)
	var wg sync.WaitGroup
	for i := range viewers {
		v := &viewer{releases: map[partKey]time.Time{}, errors: map[string]int{}}
		viewers[i] = v
		wg.Add(1)
		go func(delay time.Duration) {
			defer wg.Done()
			select {
			case <-time.After(delay):
			case <-ctx.Done():
				return
			}
			v.watch(ctx, client, o.url, measureFrom)
		}(time.Duration(i) * o.ramp / time.Duration(o.viewers))
	}
	wg.Wait()
	report(viewers, o)
	return nil
}

// watch plays the stream until ctx ends.
func (v *viewer) watch(ctx context.Context, c *http.Client, multivariant string, measureFrom time.Time) {
	base, _ := url.Parse(multivariant)
	body, err := get(ctx, c, base.String())
	if err != nil {
		v.fail(ctx, "multivariant", err)
		return
	}
	pl, err := playlist.Unmarshal(body)
	if err != nil {
		v.fail(ctx, "multivariant", err)
		return
	}
	media := base
	if mv, ok := pl.(*playlist.Multivariant); ok && len(mv.Variants) > 0 {
		media = base.ResolveReference(mustParse(mv.Variants[0].URI))
	}
	next := partKey{-1, -1}
	for ctx.Err() == nil {
		u := *media
		if next.msn >= 0 {
			q := u.Query()
			q.Set("_HLS_msn", strconv.Itoa(next.msn))
			q.Set("_HLS_part", strconv.Itoa(next.part))
			u.RawQuery = q.Encode()
		}
		body, err := get(ctx, c, u.String())
		received := time.Now()
		if err != nil {
			v.fail(ctx, "playlist", err)
			time.Sleep(200 * time.Millisecond) // back off, as a player would
			continue
		}
		var m playlist.Media
		if err := m.Unmarshal(body); err != nil {
			v.fail(ctx, "playlist", err)
			continue
		}
		part := lastPart(&m)
		if part == nil {
			v.fail(ctx, "playlist", errors.New("no parts listed"))
			continue
		}
		if next.msn >= 0 && received.After(measureFrom) {
			v.releases[next] = received
		}
		t0 := time.Now()
		if _, err := get(ctx, c, media.ResolveReference(mustParse(part.URI)).String()); err != nil {
			v.fail(ctx, "part", err)
		} else if t0.After(measureFrom) {
			v.parts = append(v.parts, time.Since(t0))
		}
		next = partKey{m.MediaSequence + len(m.Segments), len(m.Parts)}
	}
}

// lastPart returns the newest part the playlist lists.
func lastPart(m *playlist.Media) *playlist.MediaPart {
	if n := len(m.Parts); n > 0 {
		return m.Parts[n-1]
	}
	for i := len(m.Segments) - 1; i >= 0; i-- {
		if s := m.Segments[i]; len(s.Parts) > 0 {
			return s.Parts[len(s.Parts)-1]
		}
	}
	return nil
}

func (v *viewer) fail(ctx context.Context, what string, err error) {
	if ctx.Err() != nil {
		return // the run ended mid-request
	}
	v.errors[what+": "+err.Error()]++
}

func get(ctx context.Context, c *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	res, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", res.StatusCode)
	}
	return body, nil
}

func mustParse(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		return &url.URL{}
	}
	return u
}

func report(viewers []*viewer, o options) {
	first := map[partKey]time.Time{}
	for _, v := range viewers {
		for k, t := range v.releases {
			if f, ok := first[k]; !ok || t.Before(f) {
				first[k] = t
			}
		}
	}
	var releases, parts []time.Duration
	errs := map[string]int{}
	nerr := 0
	for _, v := range viewers {
		for k, t := range v.releases {
			releases = append(releases, t.Sub(first[k]))
		}
		parts = append(parts, v.parts...)
		for e, n := range v.errors {
			errs[e] += n
			nerr += n
		}
	}
	for e, n := range errs {
		fmt.Printf("error %dx %s\n", n, e)
	}
	r, p := latency.Summarize(releases), latency.Summarize(parts)
	fmt.Printf("viewers=%d duration=%s parts_announced=%d playlist_answers=%d part_downloads=%d errors=%d "+
		"release_p50_ms=%.2f release_p99_ms=%.2f release_max_ms=%.2f part_p50_ms=%.2f part_p99_ms=%.2f part_max_ms=%.2f\n",
		o.viewers, o.duration, len(first), len(releases), len(parts), nerr,
		ms(r.P50), ms(r.P99), ms(r.Max), ms(p.P50), ms(p.P99), ms(p.Max))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
