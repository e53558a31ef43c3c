package health

import (
	"math"
	"time"
)

// Sample periods: live data is sampled every 5 s and averaged into coarser
// periods as it ages (spec 9.2).
const (
	Period5s  = 5 * time.Second
	Period1m  = time.Minute
	Period5m  = 5 * time.Minute
	Period1h  = time.Hour
	day       = 24 * time.Hour
	tier1m    = 3 * time.Hour // older than this: 60 s
	tier5m    = 15 * day      // older than this: 300 s
	tier1h    = 63 * day      // older than this: 3600 s
	liveSpan  = 3 * time.Hour // a live session's window reaches back this far
	liveDelay = 30 * time.Second
)

// PeriodFor is the chart period for a window starting at windowStart, by its
// age at now: > 63 days 3600 s, > 15 days 300 s, > 3 hours 60 s, else 5 s.
func PeriodFor(windowStart, now time.Time) time.Duration {
	switch age := now.Sub(windowStart); {
	case age > tier1h:
		return Period1h
	case age > tier5m:
		return Period5m
	case age > tier1m:
		return Period1m
	default:
		return Period5s
	}
}

// Window is the time range and resolution of a session's metrics. Point i
// covers [Start + i*Period, Start + (i+1)*Period); End is Start +
// Points*Period.
type Window struct {
	Start, End time.Time
	Period     time.Duration
	Points     int
}

// WindowFor is the metrics window of a session read at now (spec 9.2). An
// open session's window starts at max(start, now - 3 h) and ends at now; its
// last round(30 s / period) points, not yet complete, are left out. The
// start is aligned down to the period, or up when aligning down would make
// the window old enough for a coarser period; the end is aligned up.
func WindowFor(s Session, now time.Time) Window {
	start, end := s.StartTime, s.EndTime
	open := end.IsZero()
	if open {
		end = now
		if earliest := now.Add(-liveSpan); start.Before(earliest) {
			start = earliest
		}
	}
	p := PeriodFor(start, now)
	aligned := alignDown(start, p)
	if PeriodFor(aligned, now) != p {
		aligned = alignUp(start, p)
	}
	n := 0
	if alignedEnd := alignUp(end, p); alignedEnd.After(aligned) {
		n = int(alignedEnd.Sub(aligned) / p)
	}
	if open {
		n -= int(math.Round(float64(liveDelay) / float64(p)))
		n = max(n, 0)
	}
	return Window{Start: aligned, End: aligned.Add(time.Duration(n) * p), Period: p, Points: n}
}

// alignDown rounds t down to a multiple of p since the Unix epoch.
func alignDown(t time.Time, p time.Duration) time.Time {
	ms, pm := t.UnixMilli(), p.Milliseconds()
	return time.UnixMilli(ms - mod(ms, pm)).UTC()
}

// alignUp rounds t up to a multiple of p since the Unix epoch.
func alignUp(t time.Time, p time.Duration) time.Time {
	d := alignDown(t, p)
	if d.UnixMilli() == t.UnixMilli() {
		return d
	}
	return d.Add(p)
}

func mod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}
