package hls

import (
	"time"

	"github.com/onair/onair/internal/media/stream"
)

// maxVideoHold is how much video (by DTS) waits for audio that is late or
// missing (a muted WebRTC microphone may send nothing) before it is written
// anyway: two AAC or Opus frames and a little more. maxVideoHeld bounds the
// units waiting whatever their timestamps say (a DTS that jumps back).
const (
	maxVideoHold = 50 * time.Millisecond
	maxVideoHeld = 16
)

// interleaver orders units for gohlslib so that every audio part reaches
// the end the playlist lists for it.
//
// gohlslib writes a sample only when the next sample of its track arrives
// (it needs the duration), and cuts a part when a video sample crosses the
// part boundary. So the audio frame that starts just before the boundary
// is still waiting for its successor when the video sample cuts the part,
// and lands in the next part: audio parts end up to a frame (21 ms of AAC
// at 48 kHz) short of their listed end. hls.js then finds the part at its
// audio buffer's end already loaded and waits for the next full segment
// while the audio runs dry (docs/benchmarks.md, "Why audio streams
// stalled"). Holding each video unit
// until an audio unit at or past its DTS has been written lets that frame
// into its part first. With an encoder that interleaves by DTS, as ffmpeg
// and OBS do, the video waits well under a millisecond.
type interleaver struct {
	hasAudio  bool
	audioDTS  time.Duration // DTS of the newest audio unit written
	haveAudio bool          // an audio unit has been written
	pending   []*stream.Unit
	write     func(*stream.Unit)
}

func newInterleaver(tracks []*stream.Track, write func(*stream.Unit)) *interleaver {
	il := &interleaver{write: write}
	for _, t := range tracks {
		if !t.Codec.IsVideo() {
			il.hasAudio = true
		}
	}
	return il
}

// push takes the next unit in arrival order.
func (il *interleaver) push(u *stream.Unit) {
	if !il.hasAudio {
		il.write(u)
		return
	}
	if !u.Track.Codec.IsVideo() {
		il.write(u)
		il.audioDTS, il.haveAudio = u.DTS, true
	} else {
		il.pending = append(il.pending, u)
	}
	for len(il.pending) > 0 {
		v := il.pending[0]
		audioCaughtUp := il.haveAudio && il.audioDTS >= v.DTS
		span := il.pending[len(il.pending)-1].DTS - v.DTS
		heldTooLong := span >= maxVideoHold || span < 0 || len(il.pending) > maxVideoHeld
		if !audioCaughtUp && !heldTooLong {
			break
		}
		il.pending[0] = nil
		il.pending = il.pending[1:]
		il.write(v)
	}
}

// flush writes the video still waiting (the stream ended).
func (il *interleaver) flush() {
	for _, v := range il.pending {
		il.write(v)
	}
	il.pending = nil
}
