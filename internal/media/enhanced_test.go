package media_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/gohlslib/v2"
	"github.com/bluenviron/gohlslib/v2/pkg/codecs"
	"github.com/bluenviron/gortmplib"
	rtmpcodecs "github.com/bluenviron/gortmplib/pkg/codecs"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/av1"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h265"

	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/media"
)

// TestEnhancedRTMP publishes H265 and AV1 the way OBS 30+ does (enhanced
// RTMP, which ffmpeg 5.1 cannot send) with gortmplib's client, and plays
// them back over LL-HLS with gohlslib's client.
func TestEnhancedRTMP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		codecs string // in the multivariant playlist
		frames func(t *testing.T) [][][]byte
		track  func(first [][]byte) *gortmplib.Track
		write  func(w *gortmplib.Writer, tr *gortmplib.Track, pts time.Duration, frame [][]byte) error
		key    func(frame [][]byte) bool
	}{
		{
			name: "h265", codecs: `CODECS="hvc1.`,
			frames: func(t *testing.T) [][][]byte { return h265AccessUnits(t, "testdata/sample.h265") },
			track: func(first [][]byte) *gortmplib.Track {
				c := &rtmpcodecs.H265{}
				for _, n := range first {
					switch h265.NALUType((n[0] >> 1) & 0x3f) {
					case h265.NALUType_VPS_NUT:
						c.VPS = n
					case h265.NALUType_SPS_NUT:
						c.SPS = n
					case h265.NALUType_PPS_NUT:
						c.PPS = n
					}
				}
				return &gortmplib.Track{Codec: c}
			},
			write: func(w *gortmplib.Writer, tr *gortmplib.Track, pts time.Duration, au [][]byte) error {
				return w.WriteH265(tr, pts, pts, au)
			},
			key: h265.IsRandomAccess,
		},
		{
			name: "av1", codecs: `CODECS="av01.`,
			frames: func(t *testing.T) [][][]byte { return av1TemporalUnits(t, "testdata/sample.obu") },
			track:  func([][]byte) *gortmplib.Track { return &gortmplib.Track{Codec: &rtmpcodecs.AV1{}} },
			write: func(w *gortmplib.Writer, tr *gortmplib.Track, pts time.Duration, tu [][]byte) error {
				return w.WriteAV1(tr, pts, tu)
			},
			key: av1.IsRandomAccess2,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, apptest.Options{})
			ch := streamer(t, s, "streamer")
			frames := tc.frames(t)

			u, _ := url.Parse(s.RTMPURL(ch.StreamKeyValue))
			c := &gortmplib.Client{URL: u, Publish: true}
			if err := c.Initialize(context.Background()); err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			track := tc.track(frames[0])
			w := &gortmplib.Writer{Conn: c, Tracks: []*gortmplib.Track{track}}
			if err := w.Initialize(); err != nil {
				t.Fatal(err)
			}
			// Like an encoder: a burst (the server's track detection reads
			// two seconds), then real time until the test ends.
			stop, written := make(chan struct{}), make(chan error, 1)
			go func() {
				tick := time.NewTicker(time.Second / 30)
				defer tick.Stop()
				for i := 0; ; i++ {
					if err := tc.write(w, track, time.Duration(i)*time.Second/30, frames[i%len(frames)]); err != nil {
						written <- err
						return
					}
					if i < 75 {
						continue
					}
					select {
					case <-tick.C:
					case <-stop:
						written <- nil
						return
					}
				}
			}()
			defer func() {
				close(stop)
				if err := <-written; err != nil {
					t.Errorf("publishing: %v", err)
				}
			}()

			mv := waitStatus(t, playlistURL(s, ch.PlaybackID), http.StatusOK, 30*time.Second)
			if !strings.Contains(mv.body, tc.codecs) || !strings.Contains(mv.body, "RESOLUTION=320x") {
				t.Errorf("multivariant playlist:\n%s", mv.body)
			}
			l, err := s.App.Media.ByChannel(media.ChannelID(ch.ChannelID))
			if err != nil || len(l.Info.Tracks) != 1 || l.Info.Tracks[0].Codec != tc.name {
				t.Fatalf("live = %+v, %v", l, err)
			}
			// gohlslib's client picks variants by codec string and knows no
			// av01, so it is given the media playlist itself.
			media := regexp.MustCompile(`(?m)^(video\S+\.m3u8\S*)$`).FindString(mv.body)
			if n, keys := readVideoHLS(t, s.URL+"/hls/"+ch.PlaybackID+"/"+media, tc.key, 45); keys == 0 {
				t.Errorf("%d frames but no key frame over HLS", n)
			}
		})
	}
}

// readVideoHLS plays url with gohlslib's client until it has want frames of
// its single video track, including a key frame.
func readVideoHLS(t *testing.T, url string, isKey func([][]byte) bool, want int) (n, keys int) {
	t.Helper()
	var (
		mu       sync.Mutex
		enough   = make(chan struct{})
		once     sync.Once
		client   = &gohlslib.Client{URI: url}
		nothing  = func(string) {}
		failures = make(chan error, 1)
	)
	client.OnDownloadPrimaryPlaylist, client.OnDownloadStreamPlaylist = nothing, nothing
	client.OnDownloadSegment, client.OnDownloadPart = nothing, nothing
	client.OnDecodeError = func(err error) { t.Errorf("HLS decode error: %v", err) }
	count := func(frame [][]byte) {
		mu.Lock()
		defer mu.Unlock()
		n++
		if isKey(frame) {
			keys++
		}
		if n >= want && keys > 0 {
			once.Do(func() { close(enough) })
		}
	}
	client.OnTracks = func(tracks []*gohlslib.Track) error {
		if len(tracks) != 1 {
			return fmt.Errorf("%d tracks, want 1", len(tracks))
		}
		switch tracks[0].Codec.(type) {
		case *codecs.H265:
			client.OnDataH26x(tracks[0], func(_, _ int64, au [][]byte) { count(au) })
		case *codecs.AV1:
			client.OnDataAV1(tracks[0], func(_ int64, tu [][]byte) { count(tu) })
		default:
			return fmt.Errorf("unexpected codec %T", tracks[0].Codec)
		}
		return nil
	}
	if err := client.Start(); err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	go func() { failures <- client.Wait2() }()
	select {
	case <-enough:
	case err := <-failures:
		t.Fatalf("HLS client: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("too few frames over HLS")
	}
	mu.Lock()
	defer mu.Unlock()
	return n, keys
}

// h265AccessUnits splits an Annex-B H265 file (one slice per picture) into
// access units.
func h265AccessUnits(t *testing.T, path string) [][][]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var aus [][][]byte
	var pending [][]byte
	for _, n := range bytes.Split(b, []byte{0, 0, 1}) {
		// A NAL unit never ends in a zero byte: trailing zeros belong to
		// the next four-byte start code.
		if n = bytes.TrimRight(n, "\x00"); len(n) == 0 {
			continue
		}
		typ := h265.NALUType((n[0] >> 1) & 0x3f)
		if typ >= h265.NALUType_VPS_NUT {
			if typ != h265.NALUType_SUFFIX_SEI_NUT {
				pending = append(pending, n)
			}
			continue
		}
		aus = append(aus, append(pending, n))
		pending = nil
	}
	if len(aus) != 60 {
		t.Fatalf("%s has %d access units, want 60", path, len(aus))
	}
	return aus
}

// av1TemporalUnits splits a low-overhead AV1 bitstream (ffmpeg -f obu) into
// temporal units, leaving out the temporal delimiters.
func av1TemporalUnits(t *testing.T, path string) [][][]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var obus av1.Bitstream
	if err := obus.Unmarshal(b); err != nil {
		t.Fatal(err)
	}
	var tus [][][]byte
	for _, o := range obus {
		if av1.OBUType((o[0]>>3)&0xf) == av1.OBUTypeTemporalDelimiter {
			tus = append(tus, nil)
			continue
		}
		if len(tus) == 0 {
			t.Fatalf("%s does not start with a temporal delimiter", path)
		}
		tus[len(tus)-1] = append(tus[len(tus)-1], o)
	}
	if len(tus) != 60 {
		t.Fatalf("%s has %d temporal units, want 60", path, len(tus))
	}
	return tus
}
