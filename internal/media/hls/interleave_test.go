package hls

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bluenviron/gohlslib/v2/pkg/playlist"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"
	"github.com/bluenviron/mediacommon/v2/pkg/formats/fmp4"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
)

func TestInterleaverOrder(t *testing.T) {
	t.Parallel()
	video := &stream.Track{ID: 0, Codec: &stream.H264{}}
	audio := &stream.Track{ID: 1, Codec: &stream.MPEG4Audio{}}
	v := func(ms int) *stream.Unit {
		return &stream.Unit{Track: video, DTS: time.Duration(ms) * time.Millisecond}
	}
	a := func(ms int) *stream.Unit {
		return &stream.Unit{Track: audio, DTS: time.Duration(ms) * time.Millisecond}
	}
	name := func(u *stream.Unit) string {
		kind := "a"
		if u.Track == video {
			kind = "v"
		}
		return kind + u.DTS.String()
	}
	tests := []struct {
		name   string
		tracks []*stream.Track
		in     []*stream.Unit
		held   int      // units still waiting after the last push
		out    []string // the order written, the flush at the end included
	}{
		{"video only: as it comes", []*stream.Track{video},
			[]*stream.Unit{v(0), v(33), v(66)}, 0, []string{"v0s", "v33ms", "v66ms"}},
		{"audio only: as it comes", []*stream.Track{audio},
			[]*stream.Unit{a(0), a(21), a(42)}, 0, []string{"a0s", "a21ms", "a42ms"}},
		{"video waits for audio at or past its DTS", []*stream.Track{video, audio},
			[]*stream.Unit{a(0), v(0), a(21), v(33), a(42)}, 0,
			[]string{"a0s", "v0s", "a21ms", "a42ms", "v33ms"}},
		{"video behind the audio goes at once", []*stream.Track{video, audio},
			[]*stream.Unit{a(0), a(21), a(42), v(0), v(33)}, 0,
			[]string{"a0s", "a21ms", "a42ms", "v0s", "v33ms"}},
		{"without audio, at most maxVideoHold of video waits", []*stream.Track{video, audio},
			[]*stream.Unit{v(0), v(33), v(66), v(100)}, 2,
			[]string{"v0s", "v33ms", "v66ms", "v100ms"}},
		{"a video DTS that jumps back releases what waits", []*stream.Track{video, audio},
			[]*stream.Unit{a(0), v(10), v(5)}, 1,
			[]string{"a0s", "v10ms", "v5ms"}},
		{"audio that stops: held video still leaves in order", []*stream.Track{video, audio},
			[]*stream.Unit{a(0), v(0), v(33), v(66), v(100), v(133)}, 2,
			[]string{"a0s", "v0s", "v33ms", "v66ms", "v100ms", "v133ms"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			il := newInterleaver(tc.tracks, func(u *stream.Unit) { got = append(got, name(u)) })
			for _, u := range tc.in {
				il.push(u)
			}
			if len(il.pending) != tc.held {
				t.Errorf("%d units held after the last push, want %d (written %v)", len(il.pending), tc.held, got)
			}
			il.flush()
			if !slices.Equal(got, tc.out) {
				t.Errorf("written %v, want %v", got, tc.out)
			}
		})
	}
}

// An H264 + AAC stream published in DTS order, as encoders send it: every
// audio part must hold audio up to the part boundary, which the next video
// part starts at. Without the interleaver the frame that starts just before
// the boundary lands in the next part, and hls.js stalls on the gap.
func TestAudioPartsReachTheirBoundary(t *testing.T) {
	t.Parallel()
	srv := New(Config{}, Deps{Log: slog.New(slog.DiscardHandler)})
	t.Cleanup(srv.Close)
	aac := &stream.MPEG4Audio{Config: mpeg4audio.AudioSpecificConfig{
		Type: mpeg4audio.ObjectTypeAACLC, SampleRate: 48000, ChannelCount: 2, ChannelConfig: 2}}
	st, err := stream.New(&stream.H264{SPS: testSPS, PPS: []byte{0x08}}, aac)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	live := &media.Live{ChannelID: "c1", PlaybackID: "p1", Started: time.Now(), Stream: st}
	srv.Attach(live)
	get := func(target string) []byte {
		t.Helper()
		w := serveHLS(context.Background(), srv, target)
		if w.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", target, w.Code, w.Body)
		}
		return w.Body.Bytes()
	}

	// 30 fps video with a key frame every second and AAC frames of 1024
	// samples, merged by DTS (audio first on a tie), written a second at a
	// time; the parts each second lists are read before the next.
	const seconds = 8
	tracks := st.Tracks()
	var units []*stream.Unit
	for i := range 30 * seconds {
		nal := []byte{0x41, 0x9a}
		if i%30 == 0 {
			nal[0] = 0x65
		}
		d := time.Duration(i) * time.Second / 30
		units = append(units, &stream.Unit{Track: tracks[0], PTS: d, DTS: d, Payload: [][]byte{nal}})
	}
	for i := range 48000 * seconds / 1024 {
		d := time.Duration(i) * 1024 * time.Second / 48000
		units = append(units, &stream.Unit{Track: tracks[1], PTS: d, DTS: d, Payload: [][]byte{{0x21, 0x10, 0x04}}})
	}
	slices.SortStableFunc(units, func(x, y *stream.Unit) int {
		if x.DTS != y.DTS {
			return int(x.DTS - y.DTS)
		}
		return strings.Compare(x.Track.Codec.Name(), y.Track.Codec.Name())
	})

	// Where each part's media ends, by part name without the query (so
	// audio parts pair with video ones). A video part ends where the next
	// starts: at the boundary the audio part should reach too.
	videoEnds, audioEnds := map[string]float64{}, map[string]float64{}
	collect := func(target string, scale float64, ends map[string]float64) {
		var m playlist.Media
		if err := m.Unmarshal(get(target)); err != nil {
			t.Fatal(err)
		}
		for _, p := range m.Parts {
			var ps fmp4.Parts
			if err := ps.Unmarshal(get(p.URI)); err != nil {
				t.Fatalf("%s: %v", p.URI, err)
			}
			tr := ps[0].Tracks[0]
			end := tr.BaseTime
			for _, s := range tr.Samples {
				end += uint64(s.Duration)
			}
			name := strings.SplitN(p.URI, "?", 2)[0]
			ends[name[strings.LastIndex(name, "_part"):]] = float64(end) / scale
		}
	}
	next := 0
	for sec := 1; sec <= seconds; sec++ {
		for ; next < len(units) && units[next].DTS < time.Duration(sec)*time.Second; next++ {
			units[next].NTP = live.Started.Add(units[next].DTS)
			st.Write(units[next])
		}
		if sec < 3 {
			continue // gohlslib lists nothing before its first segments
		}
		// Each second adds parts: wait until both playlists have listed at
		// least one more of the same parts. (A part one playlist listed
		// just before it left the other's listing stays unpaired.)
		want := paired(videoEnds, audioEnds) + 1
		waitFor(t, "new parts listed", func() bool {
			if w := serveHLS(context.Background(), srv, "index.m3u8"); w.Code != http.StatusOK {
				return false
			}
			collect(videoPlaylist, 90000, videoEnds)
			collect("audio2_stream.m3u8", 48000, audioEnds)
			return paired(videoEnds, audioEnds) >= want
		})
	}

	checked := 0
	for name, end := range audioEnds {
		boundary, ok := videoEnds[name]
		if !ok {
			continue
		}
		checked++
		if end < boundary {
			t.Errorf("audio %s ends at %.4f s, %.1f ms before its boundary %.4f s", name, end, (boundary-end)*1000, boundary)
		}
	}
	if checked < seconds-2 { // at least one per second waited for
		t.Fatalf("only %d parts in both playlists (audio %d, video %d)", checked, len(audioEnds), len(videoEnds))
	}
}

// paired counts the parts both maps hold.
func paired(a, b map[string]float64) int {
	n := 0
	for name := range a {
		if _, ok := b[name]; ok {
			n++
		}
	}
	return n
}
