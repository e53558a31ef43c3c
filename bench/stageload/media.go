package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/livekit/server-sdk-go/v2/pkg/oggreader"
	"github.com/pion/webrtc/v4/pkg/media"
	"github.com/pion/webrtc/v4/pkg/media/h264reader"
)

// clip is a media file read once into memory: the samples every publisher
// loops over (shared, read-only), and its length.
type clip struct {
	samples []media.Sample
	bytes   int64
	length  time.Duration
}

// readH264 splits an Annex B H.264 file into NAL units. Each coded slice
// is one frame of frameDuration (the file must have one slice per frame:
// x264 without sliced threads); parameter sets and SEI go out with no
// duration, right before their frame.
func readH264(path string, frameDuration time.Duration) (*clip, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r, err := h264reader.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c := &clip{}
	sawIDR := false
	for {
		nal, err := r.NextNAL()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		s := media.Sample{Data: nal.Data}
		switch nal.UnitType {
		case h264reader.NalUnitTypeCodedSliceIdr:
			sawIDR = true
			s.Duration = frameDuration
		case h264reader.NalUnitTypeCodedSliceNonIdr:
			s.Duration = frameDuration
		case h264reader.NalUnitTypeSEI, h264reader.NalUnitTypeAUD:
			continue
		}
		c.samples = append(c.samples, s)
		c.bytes += int64(len(nal.Data))
		c.length += s.Duration
	}
	if !sawIDR || c.length == 0 {
		return nil, fmt.Errorf("%s: no IDR frame: not an Annex B H.264 stream", path)
	}
	return c, nil
}

// readOpus reads the Opus packets of an Ogg file (the SDK's reader skips
// the OpusHead and OpusTags headers and splits pages into packets).
func readOpus(path string) (*clip, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, _, err := oggreader.NewOggReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c := &clip{}
	for {
		p, err := r.ReadPacket()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		d, err := oggreader.ParsePacketDuration(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		c.samples = append(c.samples, media.Sample{Data: p, Duration: d})
		c.bytes += int64(len(p))
		c.length += d
	}
	if len(c.samples) == 0 {
		return nil, fmt.Errorf("%s: no Opus packets", path)
	}
	return c, nil
}

// looper plays a clip in a loop to one track (lksdk.SampleProvider) and
// counts the bytes it hands out. lksdk paces the samples by their
// duration.
type looper struct {
	c    *clip
	next int
	sent *atomic.Int64
}

func (l *looper) NextSample(ctx context.Context) (media.Sample, error) {
	if err := ctx.Err(); err != nil {
		return media.Sample{}, io.EOF
	}
	s := l.c.samples[l.next]
	l.next = (l.next + 1) % len(l.c.samples)
	l.sent.Add(int64(len(s.Data)))
	return s, nil
}

func (l *looper) OnBind() error   { return nil }
func (l *looper) OnUnbind() error { return nil }
func (l *looper) Close() error    { return nil }

// audioLooper is a looper that reports an audio level (lksdk sends it in
// the audio level extension): 30 dBov below full scale, a quiet voice.
type audioLooper struct{ looper }

func (l *audioLooper) CurrentAudioLevel() uint8 { return 30 }
