// Command hlsviewers simulates Low-Latency HLS viewers of one live stream and
// reports how fast the server answers them.
//
// Each viewer behaves like hls.js in low-latency mode: it loads the
// multivariant playlist, then loops on a blocking media-playlist reload for
// the next part (_HLS_msn/_HLS_part) and downloads that part as soon as the
// playlist lists it, one request at a time on its own keep-alive connection.
// Two figures come out:
//
//   - release: how long after the first viewer received the playlist
//     announcing a part every other viewer received it. The first receipt
//     stands for "the part exists", so this is the server's fan-out delay
//     for blocked requests, measured across viewers;
//   - part: the time to download a part that exists (request to last byte).
//
// Both include the generator's own scheduling delay, so the generator is
// kept lean (see conn.go) and its CPU should be measured alongside. Usage:
//
//	go run ./bench/hlsviewers -url http://127.0.0.1:8080/hls/<playbackId>/index.m3u8 -viewers 500 -duration 20s
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bluenviron/gohlslib/v2/pkg/playlist"

	"github.com/onair/onair/bench/internal/latency"
	"github.com/onair/onair/bench/internal/proc"
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
	base, err := url.Parse(o.url)
	if err != nil || base.Host == "" || base.Scheme != "http" {
		return fmt.Errorf("-url must be an http:// URL: %q", o.url)
	}
	addr := base.Host
	if base.Port() == "" {
		addr = net.JoinHostPort(base.Hostname(), "80")
	}
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
			if !proc.Sleep(ctx, delay) {
				return
			}
			c := newConn(ctx, addr, base.Host, 15*time.Second)
			defer c.release()
			v.watch(ctx, c, base, measureFrom)
		}(time.Duration(i) * o.ramp / time.Duration(o.viewers))
	}
	wg.Wait()
	report(viewers, o)
	return nil
}

// watch plays the stream until ctx ends.
func (v *viewer) watch(ctx context.Context, c *conn, base *url.URL, measureFrom time.Time) {
	body, err := c.get(ctx, base.RequestURI())
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
	if media.Host != base.Host {
		v.fail(ctx, "multivariant", errors.New("media playlist on another host"))
		return
	}
	mediaURI := media.RequestURI()
	sep := "?"
	if media.RawQuery != "" {
		sep = "&"
	}
	var (
		next   = partKey{-1, -1}
		target []byte // the request target, reused
		part   []byte // the newest part's URI, reused
	)
	for ctx.Err() == nil {
		target = append(target[:0], mediaURI...)
		if next.msn >= 0 {
			target = append(target, sep+"_HLS_msn="...)
			target = strconv.AppendInt(target, int64(next.msn), 10)
			target = append(target, "&_HLS_part="...)
			target = strconv.AppendInt(target, int64(next.part), 10)
		}
		body, err := c.get(ctx, string(target))
		received := time.Now()
		if err != nil {
			v.fail(ctx, "playlist", err)
			time.Sleep(200 * time.Millisecond) // back off, as a player would
			continue
		}
		m, err := scanMedia(body)
		if err != nil {
			v.fail(ctx, "playlist", err)
			continue
		}
		if m.lastPart == nil {
			v.fail(ctx, "playlist", errors.New("no parts listed"))
			continue
		}
		if next.msn >= 0 && received.After(measureFrom) {
			v.releases[next] = received
		}
		part = resolve(part[:0], media, m.lastPart)
		next = m.next
		t0 := time.Now()
		if _, err := c.get(ctx, string(part)); err != nil {
			v.fail(ctx, "part", err)
		} else if t0.After(measureFrom) {
			v.parts = append(v.parts, time.Since(t0))
		}
	}
}

// mediaScan is what a viewer needs from a media playlist.
type mediaScan struct {
	next     partKey // the part after the newest one
	lastPart []byte  // the newest part's URI, pointing into the playlist
}

// scanMedia reads a media playlist just far enough for a viewer: the media
// sequence number, the segments, the parts after the last segment and the
// newest part's URI. (Parsing the whole playlist cost the generator more
// CPU than the server spent answering it.)
func scanMedia(b []byte) (mediaScan, error) {
	var (
		m        mediaScan
		seq      int
		segments int
		parts    int
	)
	if !bytes.HasPrefix(b, []byte("#EXTM3U")) {
		return m, errors.New("not a playlist")
	}
	for len(b) > 0 {
		var line []byte
		line, b, _ = bytes.Cut(b, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		switch {
		case bytes.HasPrefix(line, []byte("#EXT-X-MEDIA-SEQUENCE:")):
			n, err := strconv.Atoi(string(line[len("#EXT-X-MEDIA-SEQUENCE:"):]))
			if err != nil {
				return m, fmt.Errorf("bad media sequence %q", line)
			}
			seq = n
		case bytes.HasPrefix(line, []byte("#EXTINF:")):
			segments++
			parts = 0
		case bytes.HasPrefix(line, []byte("#EXT-X-PART:")):
			parts++
			_, uri, _ := bytes.Cut(line, []byte(`URI="`))
			uri, _, ok := bytes.Cut(uri, []byte(`"`))
			if !ok || len(uri) == 0 {
				return m, fmt.Errorf("part without URI %q", line)
			}
			m.lastPart = uri
		}
	}
	m.next = partKey{seq + segments, parts}
	return m, nil
}

// resolve appends the request target of uri, relative to the media
// playlist's URL, to dst.
func resolve(dst []byte, media *url.URL, uri []byte) []byte {
	if bytes.Contains(uri, []byte("://")) || bytes.HasPrefix(uri, []byte("/")) {
		return append(dst, media.ResolveReference(mustParse(string(uri))).RequestURI()...)
	}
	dir := media.EscapedPath()
	dir = dir[:strings.LastIndexByte(dir, '/')+1]
	dst = append(dst, dir...)
	return append(dst, uri...)
}

func (v *viewer) fail(ctx context.Context, what string, err error) {
	if ctx.Err() != nil {
		return // the run ended mid-request
	}
	v.errors[what+": "+err.Error()]++
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
