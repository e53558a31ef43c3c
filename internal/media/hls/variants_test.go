package hls

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bluenviron/gohlslib/v2/pkg/playlist"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
)

// publishTo writes frames from to from+n-1 of a 30 fps stream with a key
// frame every second, like testStream.publish.
func publishTo(s *stream.Stream, started time.Time, from, n int) {
	tr := s.Tracks()[0]
	for i := from; i < from+n; i++ {
		nal := []byte{0x41} // non-IDR slice
		if i%30 == 0 {
			nal[0] = 0x65 // IDR slice
		}
		d := time.Duration(i) * time.Second / 30
		s.Write(&stream.Unit{Track: tr, PTS: d, DTS: d, NTP: started.Add(d), Payload: [][]byte{nal}})
	}
}

func TestRenditionsAreListedThenDropped(t *testing.T) {
	t.Parallel()
	ts := newTestStream(t, 0)
	rs, err := stream.New(&stream.H264{SPS: testSPS, PPS: []byte{0x08}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rs.Close)
	ts.srv.AttachRendition(ts.live, &media.Rendition{Name: "160p", Width: 284, Height: 160, Bitrate: 250_000, Stream: rs})
	// A rendition of a stream that is not muxed, or with a name unfit for
	// a URL, is ignored.
	stray, _ := stream.New(&stream.H264{SPS: testSPS, PPS: []byte{0x08}})
	defer stray.Close()
	ts.srv.AttachRendition(&media.Live{PlaybackID: "p2", Stream: stray}, &media.Rendition{Name: "160p", Stream: stray})
	ts.srv.AttachRendition(ts.live, &media.Rendition{Name: "../x", Stream: stray})
	if n := stray.Stats().Readers; n != 0 {
		t.Errorf("stray renditions muxed (%d readers)", n)
	}

	publishTo(rs, ts.live.Started, 0, 62)
	ts.start() // the stream's frames 0 to 61 too

	w := ts.get(context.Background(), "index.m3u8?session=abc")
	var mv playlist.Multivariant
	if err := mv.Unmarshal(w.Body.Bytes()); err != nil || w.Code != http.StatusOK {
		t.Fatalf("index: %d %v\n%s", w.Code, err, w.Body)
	}
	body := w.Body.String()
	if len(mv.Variants) != 2 || mv.Variants[0].URI != videoPlaylist+"?session=abc" ||
		mv.Variants[1].URI != "160p/"+videoPlaylist+"?session=abc" || mv.Variants[1].Bandwidth <= 0 ||
		!strings.Contains(body, `p (source)"`) || !strings.Contains(body, `NAME="160p"`) {
		t.Fatalf("multivariant playlist with a rendition:\n%s", body)
	}
	if w.Header().Get("Content-Length") != "" && w.Header().Get("Content-Length") != strconv.Itoa(len(body)) {
		t.Errorf("Content-Length %s for %d bytes", w.Header().Get("Content-Length"), len(body))
	}
	rend := ts.media("160p/" + videoPlaylist + "?session=abc")
	if rend.Map == nil || len(rend.Segments) == 0 {
		t.Fatalf("rendition playlist %+v", rend)
	}
	if w := ts.get(context.Background(), "160p/"+fileName(rend.Map.URI)); w.Code != http.StatusOK || w.Body.Len() == 0 {
		t.Errorf("rendition init: %d", w.Code)
	}
	if w := ts.get(context.Background(), "480p/"+videoPlaylist); w.Code != http.StatusNotFound ||
		!strings.Contains(w.Body.String(), "ResourceNotFoundException") {
		t.Errorf("unknown rendition: %d %s", w.Code, w.Body)
	}

	// The rendition stops (its transcoder died): it leaves the multivariant
	// playlist and its files answer 404, while the stream plays on.
	rs.Close()
	waitFor(t, "the rendition to be dropped", func() bool {
		w := ts.get(context.Background(), "index.m3u8")
		return w.Code == http.StatusOK && strings.Count(w.Body.String(), "#EXT-X-STREAM-INF") == 1 &&
			!strings.Contains(w.Body.String(), "160p")
	})
	if w := ts.get(context.Background(), "160p/"+videoPlaylist); w.Code != http.StatusNotFound {
		t.Errorf("dropped rendition: %d", w.Code)
	}
	if w := ts.get(context.Background(), videoPlaylist); w.Code != http.StatusOK {
		t.Errorf("the stream after its rendition stopped: %d", w.Code)
	}
}

func TestNameVariants(t *testing.T) {
	t.Parallel()
	in := "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS=\"avc1.64001f\"\na.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2,CODECS=\"avc1.64001f\"\nb/a.m3u8\n"
	got, err := nameVariants([]byte(in), []string{"720p (source)", "480p"})
	want := "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS=\"avc1.64001f\",NAME=\"720p (source)\"\na.m3u8\n" +
		"#EXT-X-STREAM-INF:BANDWIDTH=2,CODECS=\"avc1.64001f\",NAME=\"480p\"\nb/a.m3u8\n"
	if err != nil || string(got) != want {
		t.Errorf("nameVariants = %q, %v", got, err)
	}
	if _, err := nameVariants([]byte(in), []string{"one"}); err == nil {
		t.Error("more variants than names accepted")
	}
	if _, err := nameVariants([]byte(in), []string{"one", "two", "three"}); err == nil {
		t.Error("fewer variants than names accepted")
	}
	for res, want := range map[string]string{"1280x720": "720p (source)", "1080x1920": "1080p (source)", "": "source", "x": "source"} {
		if got := sourceName(res); got != want {
			t.Errorf("sourceName(%q) = %q, want %q", res, got, want)
		}
	}
}
