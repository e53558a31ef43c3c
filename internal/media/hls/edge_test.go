package hls

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bluenviron/gohlslib/v2/pkg/playlist"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
)

// testSPS is a baseline-profile SPS without picture order counts (DTS =
// PTS), so one-byte slices make a stream gohlslib accepts.
var testSPS = []byte{
	0x67, 0x42, 0xc0, 0x28, 0xd9, 0x00, 0x78, 0x02, 0x27, 0xe5, 0x84, 0x00, 0x00, 0x03,
	0x00, 0x04, 0x00, 0x00, 0x03, 0x00, 0xf0, 0x3c, 0x60, 0xc9, 0x20,
}

const videoPlaylist = "video1_stream.m3u8"

// testStream is a live H264 stream muxed by a Server: publish writes
// frames (30 fps, a key frame every second, so 1 s segments of about 200
// ms parts) and requests go straight to ServeHTTP.
type testStream struct {
	t       testing.TB
	srv     *Server
	live    *media.Live
	src     *countingHandler // gohlslib, as the edge sees it
	frames  int
	payload []byte // slice data after the NAL header
}

func newTestStream(t testing.TB, payload int) *testStream {
	srv := New(Config{}, Deps{Log: slog.New(slog.DiscardHandler)})
	st, err := stream.New(&stream.H264{SPS: testSPS, PPS: []byte{0x08}})
	if err != nil {
		t.Fatal(err)
	}
	ts := &testStream{t: t, srv: srv, payload: make([]byte, payload),
		live: &media.Live{ChannelID: "c1", PlaybackID: "p1", Started: time.Now(), Stream: st}}
	t.Cleanup(srv.Close)
	t.Cleanup(st.Close)
	srv.Attach(ts.live)
	e := ts.edge()
	ts.src = &countingHandler{h: e.src}
	e.src = ts.src // before the first request starts the watcher
	return ts
}

type countingHandler struct {
	h     http.Handler
	calls atomic.Int64
}

func (c *countingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.calls.Add(1)
	c.h.ServeHTTP(w, r)
}

func (ts *testStream) edge() *edge {
	m := ts.srv.lookup("p1")
	if m == nil {
		ts.t.Fatal("the stream is not muxed")
	}
	return m.edge
}

// publish writes n more frames.
func (ts *testStream) publish(n int) {
	tr := ts.live.Stream.Tracks()[0]
	for range n {
		i := ts.frames
		ts.frames++
		nal := append([]byte{0x41}, ts.payload...) // non-IDR slice
		if i%30 == 0 {
			nal[0] = 0x65 // IDR slice
		}
		d := time.Duration(i) * time.Second / 30
		ts.live.Stream.Write(&stream.Unit{Track: tr, PTS: d, DTS: d, NTP: ts.live.Started.Add(d), Payload: [][]byte{nal}})
	}
}

func (ts *testStream) get(ctx context.Context, target string) *httptest.ResponseRecorder {
	return serveHLS(ctx, ts.srv, target)
}

// serveHLS asks srv for target of the stream whose playback id is p1.
func serveHLS(ctx context.Context, srv *Server, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/hls/p1/"+target, nil).WithContext(ctx))
	return w
}

// start publishes two segments and the first frame of a third (frames 0
// to 61, key frames at 0, 30 and 60) and waits until the edge shows them:
// segments 7 and 8 complete, 9 in progress without any part yet.
func (ts *testStream) start() *playlist.Media {
	ts.t.Helper()
	ts.publish(62)
	if w := ts.get(context.Background(), "index.m3u8"); w.Code != http.StatusOK {
		ts.t.Fatalf("index.m3u8: %d %s", w.Code, w.Body)
	}
	e := ts.edge()
	waitFor(ts.t, "the edge to show segment 8", func() bool {
		pl := e.cur.Load().playlists[videoPlaylist]
		return pl != nil && pl.pos.next() == 9
	})
	m := ts.media(videoPlaylist)
	if msn, part := nextPart(m); msn != 9 || part != 0 {
		ts.t.Fatalf("edge at part %d.%d, want 9.0", msn, part)
	}
	return m
}

// media fetches and parses a media playlist.
func (ts *testStream) media(target string) *playlist.Media {
	ts.t.Helper()
	w := ts.get(context.Background(), target)
	if w.Code != http.StatusOK {
		ts.t.Fatalf("%s: %d %s", target, w.Code, w.Body)
	}
	var m playlist.Media
	if err := m.Unmarshal(w.Body.Bytes()); err != nil {
		ts.t.Fatalf("%s: %v\n%s", target, err, w.Body)
	}
	return &m
}

// nextPart is the part after the newest one m lists.
func nextPart(m *playlist.Media) (msn, part int) {
	return m.MediaSequence + len(m.Segments), len(m.Parts)
}

func blockingTarget(session string, msn, part int) string {
	return fmt.Sprintf("%s?session=%s&_HLS_msn=%d&_HLS_part=%d", videoPlaylist, session, msn, part)
}

// waitFor polls cond (a readiness condition, such as a number of waiting
// requests) for up to ten seconds.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestBlockingReloadReleasesWaitersTogether(t *testing.T) {
	t.Parallel()
	ts := newTestStream(t, 0)
	msn, part := nextPart(ts.start())
	e := ts.edge()

	const n = 300
	before := ts.src.calls.Load()
	type answer struct {
		session string
		w       *httptest.ResponseRecorder
	}
	answers := make(chan answer, n)
	for i := range n {
		go func() {
			session := "viewer" + strconv.Itoa(i)
			answers <- answer{session, ts.get(context.Background(), blockingTarget(session, msn, part))}
		}()
	}
	waitFor(t, "every request to wait", func() bool { return e.waiting.Load() == n })
	ts.publish(12) // 400 ms: the part asked for is complete
	for range n {
		a := <-answers
		w, body := a.w, a.w.Body.String()
		if w.Code != http.StatusOK {
			t.Fatalf("status %d: %s", w.Code, body)
		}
		var m playlist.Media
		if err := m.Unmarshal(w.Body.Bytes()); err != nil {
			t.Fatal(err)
		}
		if got, gotPart := nextPart(&m); got*100+gotPart <= msn*100+part {
			t.Errorf("asked for part %d.%d, got a playlist ending before it:\n%s", msn, part, body)
		}
		// Every URI but the gaps' carries the viewer's own session.
		uris := strings.Count(body, ".mp4") - strings.Count(body, "gap.mp4")
		own := strings.Count(body, ".mp4?session="+a.session+"\n") + strings.Count(body, ".mp4?session="+a.session+`"`)
		if own != uris || own < 3 || w.Header().Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Errorf("%d URIs, %d with session %s, Content-Length %s for %d bytes:\n%s",
				uris, own, a.session, w.Header().Get("Content-Length"), len(body), body)
		}
		if w.Header().Get("Cache-Control") != "no-cache" || w.Header().Get("Content-Type") != "application/vnd.apple.mpegurl" {
			t.Errorf("headers %v", w.Header())
		}
	}
	// gohlslib was asked a few times per part, not once per viewer.
	if calls := ts.src.calls.Load() - before; calls > 20 {
		t.Errorf("%d requests to gohlslib for %d viewers", calls, n)
	}
	if w := e.waiting.Load(); w != 0 {
		t.Errorf("%d requests still waiting", w)
	}
}

func TestBlockingReloadHonoursClient(t *testing.T) {
	t.Parallel()
	ts := newTestStream(t, 0)
	msn, part := nextPart(ts.start())
	e := ts.edge()

	ctx, cancel := context.WithCancel(context.Background())
	answer := make(chan *httptest.ResponseRecorder)
	go func() { answer <- ts.get(ctx, blockingTarget("gone", msn, part)) }()
	waitFor(t, "the request to wait", func() bool { return e.waiting.Load() == 1 })
	cancel()
	select {
	case w := <-answer:
		if w.Body.Len() != 0 {
			t.Errorf("answered a client that left: %d %s", w.Code, w.Body)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the request still waits after its client left")
	}
	if w := e.waiting.Load(); w != 0 {
		t.Errorf("%d requests still waiting", w)
	}
}

func TestStreamEndReleasesWaiters(t *testing.T) {
	t.Parallel()
	ts := newTestStream(t, 0)
	m := ts.start()
	msn, part := nextPart(m)
	hint := fileName(m.PreloadHint.URI)
	e := ts.edge()

	const n = 50
	answers := make(chan *httptest.ResponseRecorder, n+1)
	for i := range n {
		go func() { answers <- ts.get(context.Background(), blockingTarget("v"+strconv.Itoa(i), msn, part)) }()
	}
	go func() { answers <- ts.get(context.Background(), hint) }()
	waitFor(t, "every request to wait", func() bool { return e.waiting.Load() == n+1 })
	ts.live.Stream.Close()
	for range n + 1 {
		select {
		case w := <-answers:
			if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "ChannelNotBroadcasting") {
				t.Errorf("after the end: %d %s", w.Code, w.Body)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a request still waits after the stream ended")
		}
	}
	waitFor(t, "the muxer to close", func() bool { return e.cur.Load().ended })
	if w := ts.get(context.Background(), "index.m3u8"); w.Code != http.StatusNotFound {
		t.Errorf("index.m3u8 after the end: %d", w.Code)
	}
}

func TestEdgeServesFilesAndEvictsThem(t *testing.T) {
	t.Parallel()
	ts := newTestStream(t, 3000)
	m := ts.start()
	var first string
	for _, seg := range m.Segments {
		if len(seg.Parts) > 0 && first == "" {
			first = fileName(seg.Parts[0].URI)
		}
	}
	init := fileName(m.Map.URI)

	for _, name := range []string{first, init} {
		w := ts.get(context.Background(), name+"?session=abc")
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "video/mp4" ||
			w.Header().Get("Cache-Control") != "public, max-age=3600" ||
			w.Header().Get("Content-Length") != strconv.Itoa(w.Body.Len()) || w.Body.Len() == 0 {
			t.Fatalf("%s: %d %v", name, w.Code, w.Header())
		}
	}
	head := httptest.NewRecorder()
	ts.srv.ServeHTTP(head, httptest.NewRequest(http.MethodHead, "/hls/p1/"+first, nil))
	if head.Code != http.StatusOK || head.Body.Len() != 0 || head.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD: %d, %d bytes, %v", head.Code, head.Body.Len(), head.Header())
	}

	// Ten more segments: the first part leaves the playlist and the edge.
	e := ts.edge()
	next := func() uint64 { return e.cur.Load().playlists[videoPlaylist].pos.next() }
	for range 10 {
		n := next()
		ts.publish(30) // one more key frame: one more segment
		waitFor(t, "the next segment", func() bool { return next() > n })
	}
	snap := e.cur.Load()
	if snap.files[first] != nil {
		t.Errorf("%s is still kept", first)
	}
	if w := ts.get(context.Background(), first); w.Code != http.StatusNotFound {
		t.Errorf("expired part: %d", w.Code)
	}
	listed := map[string]bool{}
	for _, pl := range snap.playlists {
		var m playlist.Media
		if err := m.Unmarshal(pl.full.text); err != nil {
			t.Fatal(err)
		}
		listed[fileName(m.Map.URI)] = true
		for _, s := range m.Segments {
			listed[fileName(s.URI)] = !s.Gap
			for _, p := range s.Parts {
				listed[fileName(p.URI)] = true
			}
		}
		for _, p := range m.Parts {
			listed[fileName(p.URI)] = true
		}
	}
	for name := range snap.files {
		if !listed[name] {
			t.Errorf("%s is kept but not listed", name)
		}
	}
	if len(snap.files) > 7+3*5+1 {
		t.Errorf("%d files kept", len(snap.files))
	}
}

func TestPreloadHintWaitsForThePart(t *testing.T) {
	t.Parallel()
	ts := newTestStream(t, 100)
	hint := fileName(ts.start().PreloadHint.URI)
	e := ts.edge()
	answer := make(chan *httptest.ResponseRecorder)
	go func() { answer <- ts.get(context.Background(), hint+"?session=abc") }()
	waitFor(t, "the request to wait", func() bool { return e.waiting.Load() == 1 })
	ts.publish(12)
	w := <-answer
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "video/mp4" || w.Body.Len() < 100 {
		t.Errorf("preload hint: %d %v %d bytes", w.Code, w.Header(), w.Body.Len())
	}
}

func TestDeltaUpdate(t *testing.T) {
	t.Parallel()
	ts := newTestStream(t, 0)
	ts.start()
	e := ts.edge()
	answer := make(chan *httptest.ResponseRecorder)
	go func() { answer <- ts.get(context.Background(), videoPlaylist+"?_HLS_skip=YES&session=abc") }()
	waitFor(t, "the request to wait", func() bool { return e.waiting.Load() == 1 })
	ts.publish(12) // the first delta update comes with the next part
	w := <-answer
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "#EXT-X-SKIP:SKIPPED-SEGMENTS=") ||
		strings.Contains(w.Body.String(), "#EXT-X-MAP") {
		t.Errorf("delta update: %d\n%s", w.Code, w.Body)
	}
	// From then on they are answered at once.
	if w := ts.get(context.Background(), videoPlaylist+"?_HLS_skip=v2"); w.Code != http.StatusOK ||
		!strings.Contains(w.Body.String(), "#EXT-X-SKIP:") {
		t.Errorf("second delta update: %d\n%s", w.Code, w.Body)
	}
}

func TestBlockingReloadLimits(t *testing.T) {
	t.Parallel()
	ts := newTestStream(t, 0)
	m := ts.start()
	msn, _ := nextPart(m)
	tests := []struct {
		name, query string
		status      int
	}{
		{"part without msn", "_HLS_part=1", http.StatusBadRequest},
		{"bad msn", "_HLS_msn=x", http.StatusBadRequest},
		{"bad part", fmt.Sprintf("_HLS_msn=%d&_HLS_part=-1", msn), http.StatusBadRequest},
		{"two segments ahead", fmt.Sprintf("_HLS_msn=%d&_HLS_part=0", msn+2), http.StatusBadRequest},
		{"oldest listed segment", fmt.Sprintf("_HLS_msn=%d", m.MediaSequence), http.StatusBadRequest},
		{"a listed segment", fmt.Sprintf("_HLS_msn=%d", msn-1), http.StatusOK},
		{"a listed part", fmt.Sprintf("_HLS_msn=%d&_HLS_part=0", msn-1), http.StatusOK},
		{"past the last part of a segment", fmt.Sprintf("_HLS_msn=%d&_HLS_part=99", msn-2), http.StatusOK},
		{"unknown playlist", "", http.StatusNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target := videoPlaylist + "?" + tc.query
			if tc.name == "unknown playlist" {
				target = "audio9_stream.m3u8"
			}
			if w := ts.get(context.Background(), target); w.Code != tc.status {
				t.Errorf("%s: %d %s, want %d", target, w.Code, w.Body, tc.status)
			}
		})
	}
	// Nothing more is published, so the next segment never starts: a
	// request for it gives up after three target durations (1 s segments).
	t0 := time.Now()
	w := ts.get(context.Background(), blockingTarget("x", msn+1, 0))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("stalled stream: %d %v", w.Code, w.Header())
	}
	if d := time.Since(t0); d < 3*time.Second || d > 6*time.Second {
		t.Errorf("gave up after %v, want 3 s", d)
	}
}

func TestViewersCountedAcrossTheEdge(t *testing.T) {
	t.Parallel()
	ts := newTestStream(t, 0)
	ts.start() // a session from index.m3u8, then a request without one
	w := ts.get(context.Background(), "index.m3u8")
	match := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(videoPlaylist) + `\?session=([0-9a-f]{16})$`).FindStringSubmatch(w.Body.String())
	if match == nil {
		t.Fatalf("multivariant playlist lacks a session:\n%s", w.Body)
	}
	ts.media(videoPlaylist + "?session=" + match[1]) // the same viewer
	ts.media(videoPlaylist + "?session=other")
	if n := ts.srv.Viewers("p1"); n != 4 {
		t.Errorf("Viewers = %d, want 4", n)
	}
}

func TestPositionHas(t *testing.T) {
	t.Parallel()
	// Segments 3..9 listed, 10 in progress with 2 parts; 9 had 5 parts.
	p := position{seq: 3, segments: 7, lastParts: 5, parts: 2}
	tests := []struct {
		msn, part uint64
		withPart  bool
		has, out  bool
	}{
		{3, 0, false, true, true},    // the oldest listed segment: 400, like gohlslib
		{4, 0, false, true, false},   // an old segment
		{9, 0, false, true, false},   // the newest complete segment
		{10, 0, false, false, false}, // the segment in progress is not complete
		{9, 4, true, true, false},    // the last part of segment 9
		{9, 5, true, true, false},    // past it: part 0 of segment 10, which exists
		{10, 1, true, true, false},   // a part that exists
		{10, 2, true, false, false},  // the next part
		{11, 0, true, false, false},  // the first part of the next segment
		{12, 0, true, false, true},   // too far ahead
	}
	for _, tc := range tests {
		if got := p.has(tc.msn, tc.part, tc.withPart); got != tc.has {
			t.Errorf("has(%d, %d, %v) = %v", tc.msn, tc.part, tc.withPart, got)
		}
		if got := p.outside(tc.msn); got != tc.out {
			t.Errorf("outside(%d) = %v", tc.msn, got)
		}
	}
	// Right after a segment ends, the next one has no parts yet.
	p = position{seq: 3, segments: 7, lastParts: 5}
	if p.has(9, 5, true) {
		t.Error("part 0 of a segment without parts")
	}
}

func TestRendition(t *testing.T) {
	t.Parallel()
	body := "#EXTM3U\n#EXT-X-MAP:URI=\"a_init.mp4" + markQuery + "\"\na_seg1.mp4" + markQuery + "\n#EXT-X-ENDLIST\n"
	r := newRendition([]byte(body))
	for _, tc := range []struct{ session, want string }{
		{"abc", strings.ReplaceAll(body, sessionMark, "abc")},
		{"", strings.ReplaceAll(body, markQuery, "")},
	} {
		got := string(r.appendTo([]byte("x"), tc.session))
		if got != "x"+tc.want || r.size(tc.session) != len(tc.want) {
			t.Errorf("session %q: %q (size %d)", tc.session, got, r.size(tc.session))
		}
	}
}

func TestParseQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw  string
		want query
	}{
		{"", query{}},
		{"session=abc&_HLS_msn=12&_HLS_part=3", query{msn: "12", part: "3", session: "abc"}},
		{"_HLS_skip=YES&x=1&session=a%2Db&session=second", query{skip: "YES", session: "a-b"}},
		{"session=%zz&_HLS_msn", query{}},
	}
	for _, tc := range tests {
		if got := parseQuery(tc.raw); got != tc.want {
			t.Errorf("parseQuery(%q) = %+v, want %+v", tc.raw, got, tc.want)
		}
	}
}

// discardWriter is a ResponseWriter that keeps nothing, for benchmarks.
type discardWriter struct {
	h http.Header
	n int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(int)             {}
func (w *discardWriter) Write(b []byte) (int, error) { w.n += len(b); return len(b), nil }

func benchmarkServe(b *testing.B, target func(m *playlist.Media) string) {
	ts := newTestStream(b, 1500) // about 9 KB parts, as a 400 kbit/s stream
	ts.start()
	r := httptest.NewRequest(http.MethodGet, "/hls/p1/"+target(ts.media(videoPlaylist)), nil)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		ts.srv.ServeHTTP(w, r)
	}
	if w.h.Get("Content-Length") == "" {
		b.Fatalf("not answered: %v", w.h)
	}
	b.SetBytes(int64(w.n / b.N))
}

// BenchmarkServePart serves a part that exists, from the edge.
func BenchmarkServePart(b *testing.B) {
	benchmarkServe(b, func(m *playlist.Media) string {
		seg := m.Segments[len(m.Segments)-1]
		return fileName(seg.Parts[len(seg.Parts)-1].URI) + "?session=0123456789abcdef"
	})
}

// BenchmarkServeReleasedPlaylist answers a blocking reload whose part
// exists, inserting the viewer's session.
func BenchmarkServeReleasedPlaylist(b *testing.B) {
	benchmarkServe(b, func(m *playlist.Media) string {
		msn, _ := nextPart(m)
		return blockingTarget("0123456789abcdef", msn-1, 0)
	})
}

// BenchmarkGohlslibPlaylist is what the same answer costs when gohlslib
// renders it per request (as before the edge), for comparison.
func BenchmarkGohlslibPlaylist(b *testing.B) {
	benchmarkGohlslib(b, func(m *playlist.Media) string {
		msn, _ := nextPart(m)
		return blockingTarget("0123456789abcdef", msn-1, 0)
	})
}

// BenchmarkGohlslibPart is a part answered by gohlslib, for comparison.
func BenchmarkGohlslibPart(b *testing.B) {
	benchmarkGohlslib(b, func(m *playlist.Media) string {
		seg := m.Segments[len(m.Segments)-1]
		return fileName(seg.Parts[len(seg.Parts)-1].URI) + "?session=0123456789abcdef"
	})
}

func benchmarkGohlslib(b *testing.B, target func(m *playlist.Media) string) {
	ts := newTestStream(b, 1500)
	ts.start()
	r := httptest.NewRequest(http.MethodGet, "/hls/p1/"+target(ts.media(videoPlaylist)), nil)
	src := ts.src.h
	b.ReportAllocs()
	for b.Loop() {
		rec := &recorder{header: make(http.Header)}
		src.ServeHTTP(rec, r)
		if rec.status != http.StatusOK {
			b.Fatalf("status %d", rec.status)
		}
	}
}
