package hls

import (
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func TestViewersCountsDistinctSessionsInWindow(t *testing.T) {
	t.Parallel()
	v := viewers{streams: make(map[string]*sessions)}
	t0 := time.Unix(1000, 0)
	v.seen("p1", "s:a", t0)
	v.seen("p1", "s:a", t0.Add(time.Second)) // same session again
	v.seen("p1", "s:b", t0.Add(2*time.Second))
	v.seen("p2", "s:a", t0)
	if n := v.count("p1", t0.Add(3*time.Second)); n != 2 {
		t.Errorf("count = %d, want 2", n)
	}
	// a was last seen at t0+1s, b at t0+2s: 10s later only b remains.
	if n := v.count("p1", t0.Add(11500*time.Millisecond)); n != 1 {
		t.Errorf("count after a's window = %d, want 1", n)
	}
	if n := v.count("p1", t0.Add(time.Minute)); n != 0 {
		t.Errorf("count after everyone left = %d", n)
	}
	v.forget("p2")
	if n := v.count("p2", t0); n != 0 {
		t.Errorf("forgotten stream counts %d", n)
	}
	if n := v.count("never", t0); n != 0 {
		t.Errorf("unknown stream counts %d", n)
	}
}

func TestViewersAreBounded(t *testing.T) {
	t.Parallel()
	v := viewers{streams: make(map[string]*sessions)}
	t0 := time.Unix(1000, 0)
	for i := range maxSessions + 10 {
		v.seen("p", "s:"+strconv.Itoa(i), t0)
	}
	if n := v.count("p", t0); n != maxSessions {
		t.Errorf("count = %d, want the cap %d", n, maxSessions)
	}
	// Once the old sessions expire, new ones count again.
	v.seen("p", "s:new", t0.Add(viewWindow+time.Second))
	if n := v.count("p", t0.Add(viewWindow+time.Second)); n != 1 {
		t.Errorf("count after expiry = %d, want 1", n)
	}
}

func TestViewerKey(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest("GET", "/hls/p/video1_stream.m3u8?session=abc123", nil)
	if k := viewerKey(validSession(parseQuery(r.URL.RawQuery).session), r); k != "s:abc123" {
		t.Errorf("with session: %q", k)
	}
	r = httptest.NewRequest("GET", "/hls/p/video1_stream.m3u8?session=bad%20id", nil)
	r.RemoteAddr = "192.0.2.7:41000"
	r.Header.Set("User-Agent", "player/1")
	if k := viewerKey(validSession(parseQuery(r.URL.RawQuery).session), r); k != "a:192.0.2.7|player/1" {
		t.Errorf("fallback: %q", k)
	}
	if id := newSession(); len(id) != 16 || validSession(id) != id || id == newSession() {
		t.Errorf("newSession: %q", id)
	}
}

func TestSplitPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path, pid, rendition, file string
		ok                         bool
	}{
		{"/hls/abc/index.m3u8", "abc", "", "index.m3u8", true},
		{"/hls/abc/1f2e_video1_part12.mp4", "abc", "", "1f2e_video1_part12.mp4", true},
		{"/hls/abc/480p/video1_stream.m3u8", "abc", "480p", "video1_stream.m3u8", true},
		{"/hls/abc/", "", "", "", false},
		{"/hls/abc", "", "", "", false},
		{"/hls//index.m3u8", "", "", "", false},
		{"/hls/abc/def/ghi/index.m3u8", "", "", "", false},
		{"/hls/abc/480p/", "", "", "", false},
		{"/hls/abc//index.m3u8", "", "", "", false},
		{"/hls/abc/../index.m3u8", "", "", "", false},
		{"/hls/abc/a-very-long-rendition-name/index.m3u8", "", "", "", false},
		{"/hls/abc/..", "", "", "", false},
		{"/hls/a b/index.m3u8", "", "", "", false},
		{"/other/abc/index.m3u8", "", "", "", false},
	}
	for _, tc := range tests {
		pid, rendition, file, ok := splitPath(tc.path)
		if pid != tc.pid || rendition != tc.rendition || file != tc.file || ok != tc.ok {
			t.Errorf("splitPath(%q) = %q, %q, %q, %v", tc.path, pid, rendition, file, ok)
		}
	}
}

func TestTicks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d    time.Duration
		rate int
		want int64
	}{
		{time.Second, 90000, 90000},
		{33 * time.Millisecond, 90000, 2970},
		{-1500 * time.Millisecond, 48000, -72000},
		{1000 * time.Hour, 90000, 1000 * 3600 * 90000}, // would overflow d*rate
		{23*time.Millisecond + 220*time.Microsecond, 44100, 1024},
	}
	for _, tc := range tests {
		if got := ticks(tc.d, tc.rate); got != tc.want {
			t.Errorf("ticks(%v, %d) = %d, want %d", tc.d, tc.rate, got, tc.want)
		}
	}
}
