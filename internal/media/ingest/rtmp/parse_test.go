package rtmp

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bluenviron/gortmplib/pkg/amf0"

	"github.com/onair/onair/internal/media"
)

func TestStreamKeyFromPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		key  string
		err  error
	}{
		{"/live/sk_abc", "sk_abc", nil},
		{"live/sk_abc", "sk_abc", nil},
		{"/live//sk_abc/", "sk_abc", nil},
		{"/live/sk_abc/extra", "", errNoKey},
		{"/live/", "", errNoKey},
		{"/live", "", errNoKey},
		{"/live/sk abc", "", errNoKey},
		{"/live/sk_\u00e9", "", errNoKey},
		{"/live/" + strings.Repeat("k", maxKeyLen+1), "", errNoKey},
		{"/app/sk_abc", "", errUnknownApp},
		{"/LIVE/sk_abc", "", errUnknownApp},
		{"/", "", errUnknownApp},
		{"", "", errUnknownApp},
	}
	for _, tc := range tests {
		key, err := streamKeyFromPath(tc.path)
		if key != tc.key || err != tc.err {
			t.Errorf("streamKeyFromPath(%q) = %q, %v; want %q, %v", tc.path, key, err, tc.key, tc.err)
		}
	}
}

func TestMetadataFromAMF(t *testing.T) {
	t.Parallel()
	ffmpeg := amf0.Data{"@setDataFrame", "onMetaData", amf0.ECMAArray{
		{Key: "duration", Value: float64(0)},
		{Key: "width", Value: float64(640)},
		{Key: "height", Value: float64(360)},
		{Key: "videodatarate", Value: float64(2500)},
		{Key: "framerate", Value: float64(29.97)},
		{Key: "videocodecid", Value: float64(7)},
		{Key: "audiodatarate", Value: float64(160)},
		{Key: "audiosamplerate", Value: float64(48000)},
		{Key: "stereo", Value: true},
		{Key: "audiocodecid", Value: float64(10)},
		{Key: "encoder", Value: "Lavf59.27.100"},
	}}
	obs := amf0.Data{"onMetaData", amf0.Object{
		{Key: "width", Value: float64(1920)},
		{Key: "height", Value: float64(1080)},
		{Key: "videocodecid", Value: float64(fourCC("hvc1"))},
		{Key: "audiocodecid", Value: "Opus"},
		{Key: "audiochannels", Value: float64(6)},
		{Key: "fps", Value: float64(60)},
		{Key: "encoder", Value: " obs-output module (libobs version 30.1.2)\x00\n"},
	}}
	hostile := amf0.Data{"onMetaData", amf0.Object{
		{Key: "width", Value: float64(-1)},
		{Key: "height", Value: math.Inf(1)},
		{Key: "framerate", Value: math.NaN()},
		{Key: "videodatarate", Value: float64(1e12)},
		{Key: "audiosamplerate", Value: "48000"},
		{Key: "videocodecid", Value: float64(7.5)},
		{Key: "audiocodecid", Value: float64(-10)},
		{Key: "encoder", Value: strings.Repeat("\u00e9", 200)},
	}}
	tests := []struct {
		name string
		in   amf0.Data
		want media.Metadata
		ok   bool
	}{
		{"ffmpeg", ffmpeg, media.Metadata{Width: 640, Height: 360, FrameRate: 29.97, VideoDataRate: 2500, VideoCodec: "h264",
			AudioDataRate: 160, AudioSampleRate: 48000, AudioChannels: 2, AudioCodec: "aac", Encoder: "Lavf59.27.100"}, true},
		{"obs enhanced", obs, media.Metadata{Width: 1920, Height: 1080, FrameRate: 60, VideoCodec: "h265", AudioCodec: "opus",
			AudioChannels: 6, Encoder: "obs-output module (libobs version 30.1.2)"}, true},
		{"hostile values", hostile, media.Metadata{Encoder: strings.Repeat("\u00e9", maxTextLen/2)}, true},
		{"not metadata", amf0.Data{"onTextData", amf0.Object{}}, media.Metadata{}, false},
		{"metadata without object", amf0.Data{"onMetaData"}, media.Metadata{}, false},
		{"empty", nil, media.Metadata{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := metadataFromAMF(tc.in)
			if ok != tc.ok || got != tc.want {
				t.Errorf("metadataFromAMF = %+v, %v\nwant %+v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

// FuzzStreamKeyFromPath: whatever the path, a key that comes out is
// non-empty, bounded, printable ASCII without slashes.
func FuzzStreamKeyFromPath(f *testing.F) {
	for _, s := range []string{"/live/sk_abc", "/live//x/", "/app/k", "", "/live/\x00", "/live/a/b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		key, err := streamKeyFromPath(path)
		if err != nil {
			if key != "" {
				t.Fatalf("error %v with key %q", err, key)
			}
			return
		}
		if key == "" || len(key) > maxKeyLen || strings.ContainsAny(key, "/ ") {
			t.Fatalf("bad key %q from %q", key, path)
		}
		for _, c := range []byte(key) {
			if c < '!' || c > '~' {
				t.Fatalf("non-printable key %q from %q", key, path)
			}
		}
	})
}

// FuzzMetadataFromAMF feeds raw AMF0 data messages (as an encoder would
// send them) through the decoder and the mapping: no panics, and every
// value kept is within its bounds.
func FuzzMetadataFromAMF(f *testing.F) {
	seed, _ := amf0.Data{"@setDataFrame", "onMetaData", amf0.ECMAArray{
		{Key: "width", Value: float64(1280)}, {Key: "framerate", Value: float64(30)},
		{Key: "encoder", Value: "obs"}, {Key: "videocodecid", Value: float64(7)}, {Key: "stereo", Value: true},
	}}.Marshal()
	f.Add(seed)
	f.Add([]byte{0x02, 0x00, 0x0a, 'o', 'n', 'M', 'e', 't', 'a', 'D', 'a', 't', 'a', 0x03, 0x00, 0x00, 0x09})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := amf0.Unmarshal(b)
		if err != nil {
			return
		}
		md, _ := metadataFromAMF(d)
		if md.Width < 0 || md.Width > maxDimension || md.Height < 0 || md.Height > maxDimension ||
			md.FrameRate < 0 || md.FrameRate > maxFrameRate || md.VideoDataRate < 0 || md.VideoDataRate > maxDataRate ||
			md.AudioDataRate < 0 || md.AudioDataRate > maxDataRate || md.AudioSampleRate < 0 || md.AudioSampleRate > maxSampleRate ||
			md.AudioChannels < 0 || md.AudioChannels > maxChannels {
			t.Fatalf("out of bounds: %+v", md)
		}
		if len(md.Encoder) > maxTextLen || !utf8.ValidString(md.Encoder) {
			t.Fatalf("bad encoder text %q", md.Encoder)
		}
	})
}
