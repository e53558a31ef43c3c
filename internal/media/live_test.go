package media_test

// End-to-end tests of the media engine: the whole app in-process on
// 127.0.0.1:0, ffmpeg publishing the committed sample over RTMP, and the
// LL-HLS output read over HTTP and with gohlslib's client.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/gohlslib/v2"
	"github.com/bluenviron/gohlslib/v2/pkg/codecs"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/media"
)

// streamer signs up a user and returns its channel.
func streamer(t *testing.T, s *apptest.Server, name string) api.OwnChannel {
	t.Helper()
	ch, err := s.SignedIn(t, name).OwnChannel(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

type response struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, url string, header ...string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return response{res.StatusCode, res.Header, string(b)}
}

func playlistURL(s *apptest.Server, playbackID string) string {
	return s.URL + "/hls/" + playbackID + "/index.m3u8"
}

// waitStatus polls url until it answers status (the multivariant playlist
// answers 200 once the first segment exists).
func waitStatus(t *testing.T, url string, status int, within time.Duration) response {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		r := get(t, url)
		if r.status == status {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still answers %d (%s), want %d", url, r.status, r.body, status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func errorCode(t *testing.T, r response) string {
	t.Helper()
	var body api.ErrorBody
	if err := json.Unmarshal([]byte(r.body), &body); err != nil {
		t.Fatalf("error body %q: %v", r.body, err)
	}
	return body.Error.Code
}

// noSecrets fails if a stream key reached the logs.
func noSecrets(t *testing.T, s *apptest.Server, keys ...string) {
	t.Helper()
	logs := s.Logs.String()
	for _, k := range keys {
		if strings.Contains(logs, k) {
			t.Errorf("the logs contain a stream key")
		}
	}
}

func TestPublishRTMPPlayLLHLS(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	ch := streamer(t, s, "streamer")
	// The addresses the API hands out are the ones that work.
	if want := "rtmp://" + s.RTMPAddr() + "/live/"; ch.IngestServerURL != want {
		t.Errorf("ingestServerUrl = %q, want %q", ch.IngestServerURL, want)
	}
	if ch.PlaybackURL != playlistURL(s, ch.PlaybackID) {
		t.Errorf("playbackUrl = %q", ch.PlaybackURL)
	}
	pub := apptest.PublishTo(t, ch.IngestServerURL+ch.StreamKeyValue, apptest.PublishOptions{Loops: -1})
	start := time.Now()

	// Multivariant playlist: both codecs, the sample's resolution, not cached, CORS.
	mv := waitStatus(t, playlistURL(s, ch.PlaybackID), http.StatusOK, 30*time.Second)
	t.Logf("first playlist %v after the publisher started", time.Since(start).Round(time.Millisecond))
	mv = get(t, playlistURL(s, ch.PlaybackID), "Origin", "https://viewer.example")
	for _, want := range []string{"#EXT-X-STREAM-INF", `CODECS="avc1.4d401e,mp4a.40.2"`, "RESOLUTION=640x360", "?session="} {
		if !strings.Contains(mv.body, want) {
			t.Errorf("multivariant playlist lacks %s:\n%s", want, mv.body)
		}
	}
	if got := mv.header.Get("Cache-Control"); got != "no-cache" {
		t.Errorf("multivariant Cache-Control = %q", got)
	}
	// A BASIC channel (the default type) gets no ladder: one variant, no ffmpeg.
	if n := strings.Count(mv.body, "#EXT-X-STREAM-INF"); n != 1 || s.App.Ladder.PID(ch.PlaybackID) != 0 {
		t.Errorf("BASIC channel: %d variants, ladder process %d", n, s.App.Ladder.PID(ch.PlaybackID))
	}
	if got := mv.header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Access-Control-Allow-Origin = %q, want *", got)
	}

	// Media playlist: LL-HLS parts, preload hint, blocking reload, PROGRAM-DATE-TIME.
	videoURI := regexp.MustCompile(`(?m)^(video\S+\.m3u8\S*)$`).FindStringSubmatch(mv.body)
	if videoURI == nil {
		t.Fatalf("no video playlist in:\n%s", mv.body)
	}
	base := s.URL + "/hls/" + ch.PlaybackID + "/"
	media := get(t, base+videoURI[1])
	for _, want := range []string{"#EXT-X-PART:DURATION=", "INDEPENDENT=YES", "#EXT-X-PRELOAD-HINT:TYPE=PART",
		"#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES", "#EXT-X-PART-INF:PART-TARGET=", "#EXT-X-MAP:URI="} {
		if !strings.Contains(media.body, want) {
			t.Errorf("media playlist lacks %s:\n%s", want, media.body)
		}
	}
	if got := media.header.Get("Cache-Control"); got != "no-cache" {
		t.Errorf("media playlist Cache-Control = %q", got)
	}
	pdt := regexp.MustCompile(`#EXT-X-PROGRAM-DATE-TIME:(\S+)`).FindAllStringSubmatch(media.body, -1)
	if len(pdt) == 0 {
		t.Fatalf("no EXT-X-PROGRAM-DATE-TIME:\n%s", media.body)
	}
	last, err := time.Parse(time.RFC3339Nano, pdt[len(pdt)-1][1])
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(last); d < 0 || d > 5*time.Second {
		t.Errorf("newest PROGRAM-DATE-TIME is %v old, want a recent wall-clock time", d)
	}
	target := regexp.MustCompile(`PART-TARGET=([0-9.]+)`).FindStringSubmatch(media.body)
	if pt, _ := strconv.ParseFloat(target[1], 64); pt < 0.19 || pt > 0.3 {
		t.Errorf("PART-TARGET = %v, want about the configured 200ms", pt)
	}

	// A blocking reload for the part after the segment in progress returns
	// once that segment is complete.
	seq, _ := strconv.Atoi(regexp.MustCompile(`#EXT-X-MEDIA-SEQUENCE:(\d+)`).FindStringSubmatch(media.body)[1])
	next := seq + strings.Count(media.body, "#EXTINF:") // the segment in progress
	blockURL := base + videoURI[1] + "&_HLS_msn=" + strconv.Itoa(next+1) + "&_HLS_part=0"
	t0 := time.Now()
	blocked := get(t, blockURL)
	if blocked.status != http.StatusOK || !strings.Contains(blocked.body, "_seg"+strconv.Itoa(next)+".mp4") {
		t.Errorf("blocking reload for msn %d: %d\n%s", next+1, blocked.status, blocked.body)
	}
	t.Logf("blocking reload held %v", time.Since(t0).Round(time.Millisecond))
	if r := get(t, base+videoURI[1]+"&_HLS_msn=999999&_HLS_part=0"); r.status != http.StatusBadRequest || errorCode(t, r) != "InvalidParameterException" {
		t.Errorf("far-future msn: %d %s", r.status, r.body)
	}

	// Segments and parts are fMP4, cacheable.
	part := regexp.MustCompile(`URI="(\S+_part\d+\.mp4\S*)"`).FindStringSubmatch(media.body)
	if r := get(t, base+part[1]); r.status != http.StatusOK || r.header.Get("Content-Type") != "video/mp4" ||
		!strings.Contains(r.header.Get("Cache-Control"), "max-age") || len(r.body) == 0 {
		t.Errorf("part %s: %d %v", part[1], r.status, r.header)
	}

	// gohlslib's client decodes both tracks.
	got := readHLS(t, playlistURL(s, ch.PlaybackID), 45, 60)
	if got.width != 640 || got.height != 360 {
		t.Errorf("SPS says %dx%d, want 640x360", got.width, got.height)
	}
	if got.audioRate != 44100 || got.audioChannels != 2 {
		t.Errorf("audio config %d Hz %d ch, want 44100 Hz stereo", got.audioRate, got.audioChannels)
	}
	if got.idr == 0 {
		t.Error("no IDR access unit received")
	}
	if !got.absTime {
		t.Error("the client found no absolute time (PROGRAM-DATE-TIME)")
	}
	t.Logf("client read %d video AUs (%d IDR), %d audio AUs", got.video, got.idr, got.audio)

	if n := s.App.HLS.Viewers(ch.PlaybackID); n < 1 {
		t.Errorf("Viewers = %d while being watched", n)
	}
	if l, err := s.App.Media.ByPlaybackID(ch.PlaybackID); err != nil || l.Info.Metadata.Width != 640 ||
		l.Info.Metadata.Encoder == "" || len(l.Info.Tracks) != 2 || l.Info.Tracks[0].FrameRate != 30 {
		t.Errorf("live info = %+v, %v", l, err)
	}

	// The publisher leaves: the stream goes offline and the playlist 404s.
	pub.Stop()
	off := waitStatus(t, playlistURL(s, ch.PlaybackID), http.StatusNotFound, 10*time.Second)
	if errorCode(t, off) != "ChannelNotBroadcasting" {
		t.Errorf("offline answer: %s", off.body)
	}
	for _, line := range []string{`msg="stream started" component=media channel_id=` + ch.ChannelID + ` protocol=rtmp codecs="[h264 aac]"`,
		`msg="stream ended" component=media channel_id=` + ch.ChannelID + ` reason=ended`} {
		if !strings.Contains(s.Logs.String(), line) {
			t.Errorf("logs lack %s", line)
		}
	}
	if strings.Contains(s.Logs.String(), "component=ladder") {
		t.Error("the ladder acted on a BASIC channel")
	}
	noSecrets(t, s, ch.StreamKeyValue)
}

type hlsRead struct {
	width, height            int
	audioRate, audioChannels int
	video, idr, audio        int
	absTime                  bool
}

// readHLS plays url with gohlslib's client until it has wantVideo video and
// wantAudio audio access units, checking the units as they come.
func readHLS(t *testing.T, url string, wantVideo, wantAudio int) hlsRead {
	t.Helper()
	var (
		mu      sync.Mutex
		got     hlsRead
		lastDTS = map[*gohlslib.Track]int64{}
		done    = make(chan struct{})
		once    sync.Once
	)
	c := &gohlslib.Client{URI: url}
	c.OnDownloadPrimaryPlaylist = func(string) {}
	c.OnDownloadStreamPlaylist = func(string) {}
	c.OnDownloadSegment = func(string) {}
	c.OnDownloadPart = func(string) {}
	c.OnDecodeError = func(err error) { t.Errorf("HLS decode error: %v", err) }
	check := func(tr *gohlslib.Track, dts int64) {
		if prev, ok := lastDTS[tr]; ok && dts <= prev {
			t.Errorf("%T: DTS went from %d to %d", tr.Codec, prev, dts)
		}
		lastDTS[tr] = dts
		if _, ok := c.AbsoluteTime(tr); ok {
			got.absTime = true
		}
		if got.video >= wantVideo && got.audio >= wantAudio {
			once.Do(func() { close(done) })
		}
	}
	c.OnTracks = func(tracks []*gohlslib.Track) error {
		for _, tr := range tracks {
			switch codec := tr.Codec.(type) {
			case *codecs.H264:
				var sps h264.SPS
				if err := sps.Unmarshal(codec.SPS); err != nil {
					return err
				}
				mu.Lock()
				got.width, got.height = sps.Width(), sps.Height()
				mu.Unlock()
				c.OnDataH26x(tr, func(pts, dts int64, au [][]byte) {
					mu.Lock()
					defer mu.Unlock()
					if pts < dts {
						t.Errorf("video PTS %d before DTS %d", pts, dts)
					}
					got.video++
					if h264.IsRandomAccess(au) {
						got.idr++
					}
					check(tr, dts)
				})
			case *codecs.MPEG4Audio:
				mu.Lock()
				got.audioRate, got.audioChannels = codec.Config.SampleRate, codec.Config.ChannelCount
				mu.Unlock()
				c.OnDataMPEG4Audio(tr, func(pts int64, aus [][]byte) {
					mu.Lock()
					defer mu.Unlock()
					got.audio += len(aus)
					check(tr, pts)
				})
			default:
				t.Errorf("unexpected track %T", tr.Codec)
			}
		}
		return nil
	}
	runHLSClient(t, c, done, func() string {
		mu.Lock()
		defer mu.Unlock()
		return fmt.Sprintf("%+v", got)
	})
	mu.Lock()
	defer mu.Unlock()
	return got
}

// runHLSClient starts c and returns once done is closed (the caller got
// what it wanted), failing the test if the client stops or 30 s pass;
// report says what was read so far.
func runHLSClient(t *testing.T, c *gohlslib.Client, done <-chan struct{}, report func() string) {
	t.Helper()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	wait := make(chan error, 1)
	go func() { wait <- c.Wait2() }()
	select {
	case <-done:
	case err := <-wait:
		t.Fatalf("HLS client stopped: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatalf("HLS client read only %s", report())
	}
}

func TestWrongStreamKeyIsRefused(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	ch := streamer(t, s, "streamer")
	const wrong = "sk_thisisnotthekey"
	pub := s.Publish(t, wrong, apptest.PublishOptions{})
	if err := pub.WaitExit(t, 15*time.Second); err == nil {
		t.Fatalf("ffmpeg published with a wrong key:\n%s", pub.Output())
	}
	if !strings.Contains(pub.Output(), "invalid stream key") {
		t.Errorf("the encoder was not told why:\n%s", pub.Output())
	}
	wrongApp := apptest.PublishTo(t, "rtmp://"+s.RTMPAddr()+"/app/"+ch.StreamKeyValue, apptest.PublishOptions{})
	if err := wrongApp.WaitExit(t, 15*time.Second); err == nil {
		t.Fatalf("ffmpeg published to an unknown application:\n%s", wrongApp.Output())
	}

	if r := get(t, playlistURL(s, ch.PlaybackID)); r.status != http.StatusNotFound || errorCode(t, r) != "ChannelNotBroadcasting" {
		t.Errorf("playlist of a channel nobody publishes: %d %s", r.status, r.body)
	}
	if _, err := s.App.Media.ByChannel(media.ChannelID(ch.ChannelID)); !errors.Is(err, media.ErrNotLive) {
		t.Errorf("ByChannel = %v", err)
	}
	logs := s.Logs.String()
	if !strings.Contains(logs, `msg="publish refused: invalid stream key" component=media protocol=rtmp`) {
		t.Error("no refusal logged for the wrong key")
	}
	if !strings.Contains(logs, `msg="publish refused" component=rtmp`) || !strings.Contains(logs, "unknown RTMP application") {
		t.Error("no refusal logged for the wrong application")
	}
	noSecrets(t, s, wrong, ch.StreamKeyValue)
}

func TestSecondPublisherIsRefused(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	ch := streamer(t, s, "streamer")
	first := s.Publish(t, ch.StreamKeyValue, apptest.PublishOptions{Loops: -1})
	waitStatus(t, playlistURL(s, ch.PlaybackID), http.StatusOK, 30*time.Second)
	live, err := s.App.Media.ByChannel(media.ChannelID(ch.ChannelID))
	if err != nil {
		t.Fatal(err)
	}
	before := live.Stream.Stats().Units

	second := s.Publish(t, ch.StreamKeyValue, apptest.PublishOptions{Loops: -1})
	if err := second.WaitExit(t, 15*time.Second); err == nil {
		t.Fatalf("the second publisher was accepted:\n%s", second.Output())
	}
	if !strings.Contains(second.Output(), "channel already live") {
		t.Errorf("the second encoder was not told why:\n%s", second.Output())
	}
	select {
	case <-first.Done():
		t.Fatalf("the first publisher stopped:\n%s", first.Output())
	default:
	}
	// The first publisher's stream is still the live one and still flowing.
	now, err := s.App.Media.ByChannel(media.ChannelID(ch.ChannelID))
	if err != nil || now != live {
		t.Fatalf("live stream changed: %v", err)
	}
	if r := get(t, playlistURL(s, ch.PlaybackID)); r.status != http.StatusOK {
		t.Errorf("playlist after the refusal: %d", r.status)
	}
	if after := live.Stream.Stats().Units; after <= before {
		t.Errorf("no media since the refusal (%d units, then %d)", before, after)
	}
	if want := `msg="publish refused: channel already live" component=media channel_id=` + ch.ChannelID; !strings.Contains(s.Logs.String(), want) {
		t.Errorf("logs lack %s", want)
	}
	noSecrets(t, s, ch.StreamKeyValue)
}

func TestStreamKeyResetDisconnectsPublisher(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	c := s.SignedIn(t, "streamer")
	ch, err := c.OwnChannel(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	pub := s.Publish(t, ch.StreamKeyValue, apptest.PublishOptions{Loops: -1})
	waitStatus(t, playlistURL(s, ch.PlaybackID), http.StatusOK, 30*time.Second)

	t0 := time.Now()
	newKey, err := c.ResetStreamKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Offline as soon as the reset has answered...
	if r := get(t, playlistURL(s, ch.PlaybackID)); r.status != http.StatusNotFound {
		t.Errorf("playlist right after the reset: %d", r.status)
	}
	// ...and the encoder is disconnected at once.
	pub.WaitExit(t, 5*time.Second)
	t.Logf("encoder gone %v after the reset", time.Since(t0).Round(time.Millisecond))
	if !strings.Contains(s.Logs.String(), `msg="stream ended" component=media channel_id=`+ch.ChannelID+` reason=revoked`) {
		t.Error("no revoked stream end logged")
	}

	old := s.Publish(t, ch.StreamKeyValue, apptest.PublishOptions{})
	if err := old.WaitExit(t, 15*time.Second); err == nil || !strings.Contains(old.Output(), "invalid stream key") {
		t.Errorf("the old key still publishes (%v):\n%s", err, old.Output())
	}
	s.Publish(t, newKey, apptest.PublishOptions{Loops: -1})
	waitStatus(t, playlistURL(s, ch.PlaybackID), http.StatusOK, 30*time.Second)
	noSecrets(t, s, ch.StreamKeyValue, newKey)
}

func TestHLSErrors(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	tests := []struct {
		name, method, path string
		status             int
		code               string
	}{
		{"unknown playback id", "GET", "/hls/nosuchstream/index.m3u8", 404, "ChannelNotBroadcasting"},
		{"unknown playback id, segment", "GET", "/hls/nosuchstream/x_video1_seg1.mp4", 404, "ChannelNotBroadcasting"},
		{"no file", "GET", "/hls/nosuchstream", 404, "ResourceNotFoundException"},
		{"dot file", "GET", "/hls/nosuchstream/.index.m3u8", 404, "ResourceNotFoundException"},
		{"bad characters", "GET", "/hls/a%20b/index.m3u8", 404, "ResourceNotFoundException"},
		{"method", "POST", "/hls/nosuchstream/index.m3u8", 405, "MethodNotAllowedException"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, s.URL+tc.path, nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tc.status, body)
			}
			if got := errorCode(t, response{body: string(body)}); got != tc.code {
				t.Errorf("code %q, want %q", got, tc.code)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}
