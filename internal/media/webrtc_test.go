package media_test

// End-to-end tests of WebRTC ingest (WHIP) and playback (WHEP): the whole
// app in-process, pion clients on loopback sending the committed samples in
// real time, and LL-HLS read back with gohlslib's client.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/gohlslib/v2"
	"github.com/bluenviron/gohlslib/v2/pkg/codecs"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"

	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/rtc/rtctest"
)

// waitLive waits until the channel has a live stream and returns it.
func waitLive(t *testing.T, s *apptest.Server, channelID string, d time.Duration) *media.Live {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		l, err := s.App.Media.ByChannel(media.ChannelID(channelID))
		if err == nil {
			return l
		}
		if time.Now().After(deadline) {
			t.Fatalf("channel not live after %v", d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitLog waits for a log line (logged after the fact it reports).
func waitLog(t *testing.T, s *apptest.Server, sub string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(s.Logs.String(), sub) {
		if time.Now().After(deadline) {
			t.Fatalf("logs lack %s", sub)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func within(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestPublishWHIPPlayHLSAndWHEP(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	ch := streamer(t, s, "streamer")

	start := time.Now()
	pub, err := s.PublishWHIP(t, ch.StreamKeyValue)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pub.Location, s.URL+"/whip/") || strings.Contains(pub.Location, ch.StreamKeyValue) {
		t.Errorf("Location = %q", pub.Location)
	}
	live := waitLive(t, s, ch.ChannelID, 10*time.Second)
	t.Logf("WHIP live %v after the offer was sent", time.Since(start).Round(time.Millisecond))
	if live.Info.Protocol != "whip" || len(live.Info.Tracks) != 2 || live.Info.Tracks[0].Codec != "h264" ||
		live.Info.Tracks[0].Width != 640 || live.Info.Tracks[1].Codec != "opus" {
		t.Errorf("live info = %+v", live.Info)
	}

	// LL-HLS carries both tracks.
	waitStatus(t, playlistURL(s, ch.PlaybackID), http.StatusOK, 20*time.Second)
	got := readHLSOpus(t, playlistURL(s, ch.PlaybackID), 30, 50)
	if got.width != 640 || got.height != 360 || got.idr == 0 {
		t.Errorf("HLS video %dx%d, %d IDR", got.width, got.height, got.idr)
	}
	t.Logf("HLS client read %d video AUs (%d IDR), %d Opus packets", got.video, got.idr, got.audio)

	// WHEP plays it back: a key frame first, then Opus.
	t0 := time.Now()
	player, err := s.PlayWHEP(t, ch.PlaybackID)
	if err != nil {
		t.Fatal(err)
	}
	st, ok := player.WaitFor(within(t, 15*time.Second), func(st rtctest.PlayStats) bool {
		return st.VideoFrames >= 30 && st.AudioPackets >= 50
	})
	if !ok {
		t.Fatalf("WHEP player got %+v", st)
	}
	t.Logf("WHEP first video frame %v, first audio %v after the offer (%v to play 30 frames)",
		st.FirstVideo.Round(time.Millisecond), st.FirstAudio.Round(time.Millisecond), time.Since(t0).Round(time.Millisecond))
	if !st.FirstIsKey || st.Width != 640 || st.Height != 360 || st.VideoCodec != "video/H264" || st.AudioCodec != "audio/opus" {
		t.Errorf("WHEP stats = %+v", st)
	}
	// The server asked for key frames: at the start and for the viewer.
	if n := pub.KeyFrameRequests(); n < 2 {
		t.Errorf("%d key frame requests reached the publisher, want at least 2", n)
	}
	if n := s.App.WHEP.Viewers(ch.PlaybackID); n != 1 {
		t.Errorf("WHEP viewers = %d, want 1", n)
	}
	if err := player.Close(context.Background()); err != nil {
		t.Errorf("WHEP DELETE: %v", err)
	}
	if n := s.App.WHEP.Viewers(ch.PlaybackID); n != 0 {
		t.Errorf("WHEP viewers after DELETE = %d", n)
	}

	// A second viewer is ended by the publisher's DELETE.
	viewer, err := s.PlayWHEP(t, ch.PlaybackID)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-viewer.Connected():
	case <-viewer.Ended():
		t.Fatal("the second viewer's connection ended before it was up")
	case <-time.After(20 * time.Second):
		t.Fatal("the second viewer did not connect within 20 s")
	}
	if err := pub.Close(context.Background()); err != nil {
		t.Errorf("WHIP DELETE: %v", err)
	}
	if _, err := s.App.Media.ByChannel(media.ChannelID(ch.ChannelID)); !errors.Is(err, media.ErrNotLive) {
		t.Errorf("still live after DELETE answered: %v", err)
	}
	select {
	case <-viewer.Ended():
	case <-time.After(8 * time.Second): // DTLS close, else ICE timeout
		t.Error("the WHEP viewer was not disconnected when the stream ended")
	}
	if r := get(t, playlistURL(s, ch.PlaybackID)); r.status != http.StatusNotFound {
		t.Errorf("playlist after DELETE: %d", r.status)
	}
	for _, line := range []string{`msg="whip publish live" component=whip channel_id=` + ch.ChannelID,
		`msg="whip publish ended" component=whip channel_id=` + ch.ChannelID,
		`msg="whep viewer left" component=whep channel_id=` + ch.ChannelID} {
		waitLog(t, s, line)
	}
	noSecrets(t, s, ch.StreamKeyValue)
}

type hlsOpusRead struct {
	width, height     int
	video, idr, audio int
}

// readHLSOpus plays url with gohlslib's client until it has wantVideo H264
// and wantAudio Opus units.
func readHLSOpus(t *testing.T, url string, wantVideo, wantAudio int) hlsOpusRead {
	t.Helper()
	var (
		mu   sync.Mutex
		got  hlsOpusRead
		done = make(chan struct{})
		once sync.Once
	)
	c := &gohlslib.Client{URI: url}
	c.OnDownloadPrimaryPlaylist = func(string) {}
	c.OnDownloadStreamPlaylist = func(string) {}
	c.OnDownloadSegment = func(string) {}
	c.OnDownloadPart = func(string) {}
	c.OnDecodeError = func(err error) { t.Errorf("HLS decode error: %v", err) }
	check := func() {
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
				c.OnDataH26x(tr, func(_, _ int64, au [][]byte) {
					mu.Lock()
					defer mu.Unlock()
					got.video++
					if h264.IsRandomAccess(au) {
						got.idr++
					}
					check()
				})
			case *codecs.Opus:
				c.OnDataOpus(tr, func(_ int64, packets [][]byte) {
					mu.Lock()
					defer mu.Unlock()
					got.audio += len(packets)
					check()
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

func TestWHEPPlaysRTMPWithTranscodedAudio(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	ch := streamer(t, s, "streamer")
	// WebRTC cannot show B-frames (TestWHEPRefusesBFrames): the sample
	// without them.
	nobf := filepath.Join(filepath.Dir(apptest.SampleFLV(t)), "sample-nobf.flv")
	s.Publish(t, ch.StreamKeyValue, apptest.PublishOptions{Loops: -1, File: nobf})
	waitLive(t, s, ch.ChannelID, 20*time.Second)

	player, err := s.PlayWHEP(t, ch.PlaybackID)
	if err != nil {
		t.Fatal(err)
	}
	st, ok := player.WaitFor(within(t, 20*time.Second), func(st rtctest.PlayStats) bool {
		return st.VideoFrames >= 30 && st.AudioDuration >= time.Second
	})
	if !ok {
		t.Fatalf("WHEP player got %+v", st)
	}
	t.Logf("WHEP from RTMP: first video frame %v, first (transcoded) audio %v after the offer",
		st.FirstVideo.Round(time.Millisecond), st.FirstAudio.Round(time.Millisecond))
	if !st.FirstIsKey || st.Width != 640 || st.AudioCodec != "audio/opus" {
		t.Errorf("WHEP stats = %+v", st)
	}
	// A second viewer shares the running transcoder.
	second, err := s.PlayWHEP(t, ch.PlaybackID)
	if err != nil {
		t.Fatal(err)
	}
	if st, ok := second.WaitFor(within(t, 10*time.Second), func(st rtctest.PlayStats) bool { return st.AudioPackets >= 25 }); !ok {
		t.Errorf("second viewer got %+v", st)
	}
	if n := strings.Count(s.Logs.String(), `audio="opus (from aac)"`); n != 2 {
		t.Errorf("%d viewers logged transcoded audio, want 2", n)
	}
}

func TestWHEPRefusesBFrames(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	ch := streamer(t, s, "bframes")
	s.Publish(t, ch.StreamKeyValue, apptest.PublishOptions{Loops: -1}) // x264 with 2 B-frames
	waitLive(t, s, ch.ChannelID, 20*time.Second)
	_, err := s.PlayWHEP(t, ch.PlaybackID)
	var he *rtctest.HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusUnprocessableEntity || he.Code != "WebRTCUnsupportedStreamException" ||
		!strings.Contains(he.Body, "set B-frames to 0") {
		t.Errorf("WHEP of a stream with B-frames: %v", err)
	}
}

func TestSecondPublisherIsRefusedAcrossProtocols(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})

	// RTMP live: WHIP is refused.
	rtmpCh := streamer(t, s, "rtmpfirst")
	s.Publish(t, rtmpCh.StreamKeyValue, apptest.PublishOptions{Loops: -1})
	waitLive(t, s, rtmpCh.ChannelID, 20*time.Second)
	_, err := s.PublishWHIP(t, rtmpCh.StreamKeyValue)
	var he *rtctest.HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusConflict || he.Code != "ChannelAlreadyLiveException" ||
		!strings.Contains(he.Body, "Your channel is already live") {
		t.Errorf("WHIP while RTMP is live: %v", err)
	}

	// WHIP live: RTMP and a second WHIP are refused.
	whipCh := streamer(t, s, "whipfirst")
	if _, err := s.PublishWHIP(t, whipCh.StreamKeyValue); err != nil {
		t.Fatal(err)
	}
	live := waitLive(t, s, whipCh.ChannelID, 10*time.Second)
	second := s.Publish(t, whipCh.StreamKeyValue, apptest.PublishOptions{Loops: -1})
	if err := second.WaitExit(t, 15*time.Second); err == nil || !strings.Contains(second.Output(), "channel already live") {
		t.Errorf("RTMP while WHIP is live (%v):\n%s", err, second.Output())
	}
	if _, err := s.PublishWHIP(t, whipCh.StreamKeyValue); rtctest.StatusOf(err) != http.StatusConflict {
		t.Errorf("second WHIP: %v", err)
	}
	if now, err := s.App.Media.ByChannel(media.ChannelID(whipCh.ChannelID)); err != nil || now != live {
		t.Errorf("the first WHIP publication was replaced: %v", err)
	}
	noSecrets(t, s, rtmpCh.StreamKeyValue, whipCh.StreamKeyValue)
}

func TestStreamKeyResetDisconnectsWHIP(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	c := s.SignedIn(t, "streamer")
	ch, err := c.OwnChannel(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	pub, err := s.PublishWHIP(t, ch.StreamKeyValue)
	if err != nil {
		t.Fatal(err)
	}
	waitLive(t, s, ch.ChannelID, 10*time.Second)
	t0 := time.Now()
	newKey, err := c.ResetStreamKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Media.ByChannel(media.ChannelID(ch.ChannelID)); !errors.Is(err, media.ErrNotLive) {
		t.Errorf("still live right after the reset: %v", err)
	}
	select {
	case <-pub.Ended():
		t.Logf("WHIP publisher disconnected %v after the reset", time.Since(t0).Round(time.Millisecond))
	case <-time.After(3 * time.Second):
		t.Fatal("the WHIP publisher is still connected after the reset")
	}
	waitLog(t, s, `msg="whip publish ended" component=whip channel_id=`+ch.ChannelID)
	if !strings.Contains(s.Logs.String(), `reason="stream key revoked"`) {
		t.Error("no revoked WHIP end logged")
	}
	if _, err := s.PublishWHIP(t, ch.StreamKeyValue); rtctest.StatusOf(err) != http.StatusUnauthorized {
		t.Errorf("old key: %v", err)
	}
	if _, err := s.PublishWHIP(t, newKey); err != nil {
		t.Errorf("new key: %v", err)
	}
	waitLive(t, s, ch.ChannelID, 10*time.Second)
	noSecrets(t, s, ch.StreamKeyValue, newKey)
}

// TestWebRTCHTTPErrors drives the signalling endpoints' refusals.
func TestWebRTCHTTPErrors(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	ch := streamer(t, s, "streamer")
	const offer = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:96 VP8/90000\r\na=sendonly\r\n"
	tests := []struct {
		name, method, path, contentType, auth, body string
		status                                      int
		code                                        string
	}{
		{"whip without key", "POST", "/whip", "application/sdp", "", offer, 401, "UnauthorizedException"},
		{"whip basic auth", "POST", "/whip", "application/sdp", "Basic abc", offer, 401, "UnauthorizedException"},
		{"whip wrong content type", "POST", "/whip", "application/json", "Bearer " + ch.StreamKeyValue, "{}", 415, "UnsupportedMediaTypeException"},
		{"whip not sdp", "POST", "/whip", "application/sdp", "Bearer " + ch.StreamKeyValue, "hello", 400, "InvalidParameterException"},
		{"whip too large", "POST", "/whip/any", "application/sdp", "Bearer " + ch.StreamKeyValue, strings.Repeat("a=x\r\n", 20000), 413, "InvalidParameterException"},
		{"whip key in path", "POST", "/whip/" + ch.StreamKeyValue, "text/plain", "Bearer " + ch.StreamKeyValue, offer, 415, "UnsupportedMediaTypeException"},
		{"whip vp8 only", "POST", "/whip", "application/sdp", "Bearer " + ch.StreamKeyValue, offer, 400, "InvalidParameterException"},
		{"whip wrong key", "POST", "/whip", "application/sdp", "Bearer sk_wrong", strings.Replace(offer, "VP8", "VP9", 1), 401, "UnauthorizedException"},
		{"whip delete unknown", "DELETE", "/whip/0123456789abcdef0123456789abcdef", "", "Bearer " + ch.StreamKeyValue, "", 404, "ResourceNotFoundException"},
		{"whip patch unknown", "PATCH", "/whip/0123456789abcdef0123456789abcdef", "application/trickle-ice-sdpfrag", "", "", 404, "ResourceNotFoundException"},
		{"whip get", "GET", "/whip", "", "", "", 405, "MethodNotAllowedException"},
		{"whep offline", "POST", "/whep/" + ch.PlaybackID, "application/sdp", "", offer, 404, "ChannelNotBroadcasting"},
		{"whep unknown", "POST", "/whep/nosuchstream", "application/sdp", "", offer, 404, "ChannelNotBroadcasting"},
		{"whep wrong content type", "POST", "/whep/" + ch.PlaybackID, "text/plain", "", offer, 415, "UnsupportedMediaTypeException"},
		{"whep bad path", "POST", "/whep/a%20b", "application/sdp", "", offer, 404, "ResourceNotFoundException"},
		{"whep delete unknown", "DELETE", "/whep/" + ch.PlaybackID + "/0123456789abcdef0123456789abcdef", "", "", "", 404, "ResourceNotFoundException"},
		{"whep get", "GET", "/whep/" + ch.PlaybackID, "", "", "", 405, "MethodNotAllowedException"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, s.URL+tc.path, strings.NewReader(tc.body))
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
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
		})
	}

	// OPTIONS, and CORS preflight from a browser page elsewhere.
	req, _ := http.NewRequest(http.MethodOptions, s.URL+"/whip", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent || res.Header.Get("Accept-Post") != "application/sdp" {
		t.Errorf("OPTIONS /whip: %d %v", res.StatusCode, res.Header)
	}
	req, _ = http.NewRequest(http.MethodOptions, s.URL+"/whep/"+ch.PlaybackID, nil)
	req.Header.Set("Origin", "https://player.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent || res.Header.Get("Access-Control-Allow-Origin") != "*" ||
		res.Header.Get("Accept-Post") != "application/sdp" ||
		!strings.Contains(res.Header.Get("Access-Control-Expose-Headers"), "Location") ||
		!strings.Contains(res.Header.Get("Access-Control-Expose-Headers"), "ETag") {
		t.Errorf("preflight: %d %v", res.StatusCode, res.Header)
	}
	noSecrets(t, s, ch.StreamKeyValue)
}
