package rtc

import (
	"errors"
	"strings"
	"testing"
)

const chromeLike = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n" +
	"m=audio 9 UDP/TLS/RTP/SAVPF 111 63\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\na=rtpmap:111 opus/48000/2\r\n" +
	"a=fmtp:111 minptime=10;useinbandfec=1\r\na=rtpmap:63 red/48000/2\r\n" +
	"m=video 9 UDP/TLS/RTP/SAVPF 96 102 45\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sendonly\r\na=rtpmap:96 VP8/90000\r\n" +
	"a=rtpmap:102 H264/90000\r\na=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n" +
	"a=rtpmap:45 AV1/90000\r\n"

func TestParseOffer(t *testing.T) {
	t.Parallel()
	desc, err := ParseOffer([]byte(chromeLike))
	if err != nil {
		t.Fatal(err)
	}
	audio, video := Media(desc)
	if len(audio) != 1 || len(video) != 1 {
		t.Fatalf("sections: %d audio, %d video", len(audio), len(video))
	}
	vc := Codecs(video[0])
	if len(vc) != 3 || vc[1].Name != "H264" || vc[1].Param("packetization-mode") != "1" || vc[1].Param("profile-level-id") != "42e01f" {
		t.Errorf("video codecs = %+v", vc)
	}
	ac := Codecs(audio[0])
	if len(ac) != 2 || ac[0].Name != "opus" || ac[0].ClockRate != 48000 || ac[0].Channels != 2 {
		t.Errorf("audio codecs = %+v", ac)
	}
	for name, body := range map[string]string{
		"empty":    "",
		"garbage":  "hello",
		"no media": "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n",
		"data only": "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n" +
			"m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n",
	} {
		if _, err := ParseOffer([]byte(body)); !errors.Is(err, ErrBadOffer) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := ParseOffer([]byte(strings.Repeat("x", MaxOffer+1))); !errors.Is(err, ErrTooLarge) {
		t.Errorf("large: %v", err)
	}
}

func TestIDs(t *testing.T) {
	t.Parallel()
	a, b := NewID(), NewID()
	if a == b || !IsID(a) || !IsID(b) {
		t.Errorf("ids %q %q", a, b)
	}
	for _, s := range []string{"", "xyz", strings.ToUpper(a), a + "0", a[:31] + "g"} {
		if IsID(s) {
			t.Errorf("IsID(%q)", s)
		}
	}
}

func FuzzParseOffer(f *testing.F) {
	f.Add([]byte(chromeLike))
	f.Add([]byte("v=0\r\nm=video 9 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n"))
	f.Add([]byte("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 300 x\r\na=rtpmap:300 opus/48000/2\r\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		desc, err := ParseOffer(body)
		if err != nil {
			if !errors.Is(err, ErrBadOffer) && !errors.Is(err, ErrTooLarge) {
				t.Errorf("unexpected error kind: %v", err)
			}
			return
		}
		audio, video := Media(desc)
		if len(audio)+len(video) == 0 {
			t.Error("accepted an offer without audio or video")
		}
		for _, m := range append(audio, video...) {
			for _, c := range Codecs(m) {
				_ = c.Param("packetization-mode")
			}
		}
	})
}
