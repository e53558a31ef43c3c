package apptest

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/onair/onair/internal/rtc/rtctest"
)

// sample returns the path of a committed media sample (see
// internal/media/testdata/README.md).
func sample(t testing.TB, name string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(file), "..", "media", "testdata", name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("test sample: %v", err)
	}
	return p
}

// SampleH264 is 4 s of Annex-B H264 640x360 30 fps (constrained baseline,
// a key frame every second) for WHIP.
func SampleH264(t testing.TB) string { return sample(t, "sample.h264") }

// SampleOgg is 4 s of Opus stereo, one packet per Ogg page, for WHIP.
func SampleOgg(t testing.TB) string { return sample(t, "sample.ogg") }

// WHIPURL is the WHIP endpoint.
func (s *Server) WHIPURL() string { return s.URL + "/whip" }

// WHEPURL is the WHEP endpoint of a playback id.
func (s *Server) WHEPURL(playbackID string) string { return s.URL + "/whep/" + playbackID }

// PublishWHIP publishes the H264 and Opus samples, looped, over WHIP with
// streamKey; the publication is aborted when the test ends. Refusals are
// returned as *rtctest.HTTPError.
func (s *Server) PublishWHIP(t testing.TB, streamKey string) (*rtctest.Publisher, error) {
	t.Helper()
	p, err := rtctest.Publish(context.Background(), rtctest.PublishOptions{URL: s.WHIPURL(), Key: streamKey,
		H264: SampleH264(t), Ogg: SampleOgg(t), Loop: true})
	if err != nil {
		return nil, err
	}
	t.Cleanup(p.Abort)
	return p, nil
}

// PlayWHEP starts a WHEP session for playbackID; it is aborted when the
// test ends.
func (s *Server) PlayWHEP(t testing.TB, playbackID string) (*rtctest.Player, error) {
	t.Helper()
	p, err := rtctest.Play(context.Background(), s.WHEPURL(playbackID), nil)
	if err != nil {
		return nil, err
	}
	t.Cleanup(p.Abort)
	return p, nil
}
