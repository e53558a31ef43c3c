package stream_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"

	"github.com/onair/onair/internal/media/stream"
)

var (
	idr    = []byte{0x65, 0x88, 0x84} // H264 IDR slice
	nonIDR = []byte{0x41, 0x9a, 0x02} // H264 non-IDR slice
	aacAU  = []byte{0x21, 0x10, 0x04}
)

func newAV(t *testing.T) (*stream.Stream, *stream.Track, *stream.Track) {
	t.Helper()
	s, err := stream.New(&stream.H264{SPS: []byte{0x67}, PPS: []byte{0x68}},
		&stream.MPEG4Audio{Config: mpeg4audio.AudioSpecificConfig{Type: mpeg4audio.ObjectTypeAACLC, SampleRate: 48000, ChannelCount: 2}})
	if err != nil {
		t.Fatal(err)
	}
	tr := s.Tracks()
	return s, tr[0], tr[1]
}

func unit(tr *stream.Track, i int, payload ...[]byte) *stream.Unit {
	pts := time.Duration(i) * 10 * time.Millisecond
	return &stream.Unit{Track: tr, PTS: pts, DTS: pts, NTP: time.Unix(0, 0).Add(pts), Payload: payload}
}

// drain reads everything queued without blocking.
func drain(r *stream.Reader) []*stream.Unit {
	var out []*stream.Unit
	for {
		select {
		case u, ok := <-r.Units():
			if !ok {
				return out
			}
			out = append(out, u)
		default:
			return out
		}
	}
}

func TestFanOutKeepsOrderForEveryReader(t *testing.T) {
	t.Parallel()
	s, video, audio := newAV(t)
	r1, _ := s.AddReader("one", 64)
	r2, _ := s.AddReader("two", 64)
	s.Write(unit(video, 0, idr))
	for i := 1; i < 10; i++ {
		s.Write(unit(audio, i, aacAU))
		s.Write(unit(video, i, nonIDR))
	}
	for _, r := range []*stream.Reader{r1, r2} {
		got := drain(r)
		if len(got) != 19 {
			t.Fatalf("%s got %d units, want 19", r.Name(), len(got))
		}
		if !got[0].Key || got[1].Track != audio || got[2].Key {
			t.Errorf("%s: key flags/order wrong: %+v %+v %+v", r.Name(), got[0], got[1], got[2])
		}
		if r.Dropped() != 0 {
			t.Errorf("%s dropped %d", r.Name(), r.Dropped())
		}
	}
	// The key frame went out with the track's SPS and PPS (1 byte each) in band.
	if st := s.Stats(); st.Units != 19 || st.Bytes != 19*3+2 || st.Readers != 2 {
		t.Errorf("stats = %+v", st)
	}
}

// TestSlowReaderDropsAndCountsWhilePublisherNeverBlocks: a reader that never
// reads fills its queue; the writer keeps going and the other reader gets
// everything.
func TestSlowReaderDropsAndCountsWhilePublisherNeverBlocks(t *testing.T) {
	t.Parallel()
	s, _, audio := newAV(t)
	slow, _ := s.AddReader("slow", 4)
	fast, _ := s.AddReader("fast", 1)

	const n = 1000
	var got int
	consumed := make(chan struct{})
	go func() {
		defer close(consumed)
		for range fast.Units() {
			got++
		}
	}()
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		for i := range n {
			s.Write(unit(audio, i, aacAU))
		}
	}()
	select {
	case <-wrote:
	case <-time.After(10 * time.Second):
		t.Fatal("the publisher blocked on a slow reader")
	}
	s.Close()
	<-consumed

	if d := slow.Dropped(); d != n-4 {
		t.Errorf("slow reader dropped %d, want %d", d, n-4)
	}
	if q := len(drain(slow)); q != 4 {
		t.Errorf("slow reader kept %d, want its 4 queued units", q)
	}
	if uint64(got)+fast.Dropped() != n {
		t.Errorf("fast reader: %d delivered + %d dropped != %d", got, fast.Dropped(), n)
	}
}

func TestVideoLossSkipsToNextKeyFrame(t *testing.T) {
	t.Parallel()
	s, video, audio := newAV(t)
	r, _ := s.AddReader("r", 2)
	s.Write(unit(video, 0, idr))    // queued
	s.Write(unit(video, 1, nonIDR)) // queued (full)
	s.Write(unit(video, 2, nonIDR)) // dropped: lost
	drain(r)
	s.Write(unit(video, 3, nonIDR)) // skipped: depends on the lost frame
	s.Write(unit(audio, 3, aacAU))  // audio is unaffected
	s.Write(unit(video, 4, idr))    // resumes
	got := drain(r)
	if len(got) != 2 || got[0].Track != audio || !got[1].Key {
		t.Fatalf("after loss got %d units: %+v", len(got), got)
	}
	if r.Dropped() != 2 {
		t.Errorf("dropped = %d, want 2 (the lost frame and the one skipped)", r.Dropped())
	}
}

func TestLateReaderStartsAtKeyFrame(t *testing.T) {
	t.Parallel()
	s, video, _ := newAV(t)
	s.Write(unit(video, 0, idr))
	r, _ := s.AddReader("late", 8)
	s.Write(unit(video, 1, nonIDR))
	s.Write(unit(video, 2, idr))
	s.Write(unit(video, 3, nonIDR))
	got := drain(r)
	if len(got) != 2 || !got[0].Key || got[0].PTS != 20*time.Millisecond {
		t.Fatalf("late reader got %+v", got)
	}
	if r.Dropped() != 0 {
		t.Errorf("waiting for the first key frame counted as drops: %d", r.Dropped())
	}
}

func TestWriteSanitisesInput(t *testing.T) {
	t.Parallel()
	s, video, _ := newAV(t)
	other, _, _ := newAV(t)
	r, _ := s.AddReader("r", 8)
	s.Write(unit(video, 0, nil, idr, []byte{}))
	s.Write(unit(video, 1, []byte{}))                         // nothing left
	s.Write(unit(other.Tracks()[0], 2, idr))                  // foreign track
	s.Write(&stream.Unit{Track: nil, Payload: [][]byte{idr}}) // no track
	got := drain(r)
	if len(got) != 1 || len(got[0].Payload) != 3 || got[0].Payload[2][0] != 0x65 {
		t.Fatalf("got %+v", got)
	}
}

// TestParameterSetsTravelWithKeyFrames: out-of-band parameter sets (and
// in-band updates) are put in front of every key frame that lacks them.
func TestParameterSetsTravelWithKeyFrames(t *testing.T) {
	t.Parallel()
	sps1, pps1 := []byte{0x67, 1}, []byte{0x68, 1}
	sps2, pps2 := []byte{0x67, 2}, []byte{0x68, 2}
	aud := []byte{0x09, 0xf0}
	s, _ := stream.New(&stream.H264{SPS: sps1, PPS: pps1})
	v := s.Tracks()[0]
	r, _ := s.AddReader("r", 16)
	s.Write(unit(v, 0, idr))
	s.Write(unit(v, 1, nonIDR))
	s.Write(unit(v, 2, sps2, pps2)) // a configuration update alone: absorbed
	s.Write(unit(v, 3, aud, idr))
	s.Write(unit(v, 4, sps1, pps1, idr)) // already complete
	got := drain(r)
	want := [][][]byte{{sps1, pps1, idr}, {nonIDR}, {aud, sps2, pps2, idr}, {sps1, pps1, idr}}
	if len(got) != len(want) {
		t.Fatalf("got %d units, want %d", len(got), len(want))
	}
	for i, u := range got {
		if fmt.Sprint(u.Payload) != fmt.Sprint(want[i]) {
			t.Errorf("unit %d payload = %v, want %v", i, u.Payload, want[i])
		}
	}

	vps, hsps, hpps := []byte{0x40, 1}, []byte{0x42, 1}, []byte{0x44, 1}
	hidr := []byte{0x26, 1} // IDR_W_RADL
	h, _ := stream.New(&stream.H265{VPS: vps, SPS: hsps, PPS: hpps})
	hr, _ := h.AddReader("r", 4)
	h.Write(unit(h.Tracks()[0], 0, hidr))
	if got := drain(hr); len(got) != 1 || fmt.Sprint(got[0].Payload) != fmt.Sprint([][]byte{vps, hsps, hpps, hidr}) {
		t.Errorf("H265 key frame = %+v", got)
	}
}

func TestCloseEndsReaders(t *testing.T) {
	t.Parallel()
	s, _, audio := newAV(t)
	r, _ := s.AddReader("r", 8)
	gone, _ := s.AddReader("gone", 8)
	gone.Close()
	gone.Close()
	s.Write(unit(audio, 0, aacAU))
	s.Close()
	s.Close()
	s.Write(unit(audio, 1, aacAU)) // ignored
	var n int
	for range r.Units() { // ends: the channel is closed after the queued unit
		n++
	}
	if n != 1 {
		t.Errorf("delivered %d after close, want the 1 queued", n)
	}
	if _, ok := <-gone.Units(); ok {
		t.Error("closed reader still delivers")
	}
	select {
	case <-s.Done():
	default:
		t.Error("Done not closed")
	}
	if _, err := s.AddReader("late", 1); !errors.Is(err, stream.ErrClosed) {
		t.Errorf("AddReader after Close = %v", err)
	}
	if _, err := stream.New(); err == nil {
		t.Error("a stream without tracks was accepted")
	}
}

// TestConcurrentUse exercises writer, readers joining and leaving, and Close
// together under the race detector.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	s, video, audio := newAV(t)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 2000 {
			p := nonIDR
			if i%30 == 0 {
				p = idr
			}
			s.Write(unit(video, i, p))
			s.Write(unit(audio, i, aacAU))
		}
		s.Close()
	})
	for range 4 {
		wg.Go(func() {
			for {
				r, err := s.AddReader("churn", 16)
				if err != nil {
					return
				}
				for range 10 {
					if _, ok := <-r.Units(); !ok {
						return
					}
				}
				r.Close()
			}
		})
	}
	wg.Wait()
}
