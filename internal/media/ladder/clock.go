package ladder

import (
	"sync"
	"time"
)

// tsMask keeps the 33 bits of an MPEG-TS time.
const tsMask = 1<<33 - 1

// clockSize is how many source frames clock remembers: many seconds of
// video, far more than ffmpeg holds.
const clockSize = 1024

// clock maps ffmpeg's output back to the source. Every frame is written to
// ffmpeg at an MPEG-TS time derived from its source DTS/PTS, and ffmpeg
// keeps the times of the frames it makes from them, so each output frame's
// time names the source frame it came from: clock remembers that frame's
// presentation time and wall-clock time (NTP), which the rendition frame
// takes over. Renditions thus share the source's clock and its
// PROGRAM-DATE-TIMEs.
type clock struct {
	mu     sync.Mutex
	origin time.Duration // the source time written as MPEG-TS time 0
	marks  map[int64]mark
	ring   [clockSize]int64 // keys of marks in arrival order, to forget the oldest
	n      int
	last   mark
}

type mark struct {
	ts  int64 // MPEG-TS time, 33 bits
	pts time.Duration
	ntp time.Time
}

// start sets the source time written as MPEG-TS time 0.
func (c *clock) start(origin time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.origin = origin
	c.marks = make(map[int64]mark, clockSize)
}

// add remembers a source frame and returns the MPEG-TS times to write it
// at.
func (c *clock) add(pts, dts time.Duration, ntp time.Time) (int64, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	tsPTS, tsDTS := toTicks(pts-c.origin)&tsMask, toTicks(dts-c.origin)&tsMask
	i := c.n % clockSize
	if c.n >= clockSize {
		delete(c.marks, c.ring[i])
	}
	c.ring[i] = tsPTS
	c.n++
	m := mark{ts: tsPTS, pts: pts, ntp: ntp}
	c.marks[tsPTS] = m
	c.last = m
	return tsPTS, tsDTS
}

// at returns the source times of an output frame written by ffmpeg at
// MPEG-TS times pts and dts. A frame clock does not know (it should not
// happen) is placed relative to the newest source frame.
func (c *clock) at(pts, dts int64) (time.Duration, time.Duration, time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.marks[pts&tsMask]
	if !ok {
		d := fromTicks(delta(pts, c.last.ts))
		m = mark{pts: c.last.pts + d, ntp: c.last.ntp.Add(d)}
	}
	return m.pts, m.pts - fromTicks(delta(pts, dts)), m.ntp
}

// delta is a - b for 33-bit times that may have wrapped.
func delta(a, b int64) int64 {
	d := (a - b) & tsMask
	if d > tsMask/2 {
		d -= tsMask + 1
	}
	return d
}

// toTicks converts d to the 90 kHz MPEG-TS clock without overflowing.
func toTicks(d time.Duration) int64 {
	return int64(d/time.Second)*90000 + int64(d%time.Second)*90000/int64(time.Second)
}

// fromTicks converts 90 kHz ticks to a duration.
func fromTicks(t int64) time.Duration {
	return time.Duration(t/90000)*time.Second + time.Duration(t%90000)*time.Second/90000
}
