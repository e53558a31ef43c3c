package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/onair/onair/bench/internal/proc"
)

// counts is one reading of every counter.
type counts struct {
	at         time.Time
	udpDrops   int64
	loopback   int64
	videoSent  int64
	audioSent  int64
	tracks     map[*trackStat]trackCount
	spectators [][]*trackStat // each spectator's tracks at the reading
}

type trackCount struct{ packets, payload, high int64 }

func snapshot(pubs []*publisher, specs []*spectator) counts {
	c := counts{at: time.Now(), udpDrops: udpDrops(), loopback: loopbackBytes(), tracks: map[*trackStat]trackCount{}}
	for _, p := range pubs {
		c.videoSent += p.videoSent.Load()
		c.audioSent += p.audioSent.Load()
	}
	for _, s := range specs {
		s.mu.Lock()
		ts := append([]*trackStat(nil), s.tracks...)
		s.mu.Unlock()
		for _, t := range ts {
			c.tracks[t] = trackCount{t.packets.Load(), t.payload.Load(), t.high.Load()}
		}
		c.spectators = append(c.spectators, ts)
	}
	return c
}

// report prints the publishers' and spectators' key=value lines.
func report(o options, pubs []*publisher, specs []*spectator, c0, c1 counts, joinTook time.Duration, video, audio *clip, errs *proc.Counters) {
	secs := c1.at.Sub(c0.at).Seconds()
	mbps := func(bytes int64) float64 { return float64(bytes) * 8 / secs / 1e6 }
	videoSent, audioSent := mbps(c1.videoSent-c0.videoSent), mbps(c1.audioSent-c0.audioSent)
	sent := videoSent + audioSent
	perVideo := videoSent / float64(len(pubs))

	var recv, ratio []float64
	var expected, received, starved, videoTracks int64
	minTracks := -1
	var total int64
	for _, ts := range c1.spectators {
		var bytes int64
		for _, t := range ts {
			a := c0.tracks[t] // zero when the track started in the window
			if _, ok := c0.tracks[t]; !ok {
				a.high = t.first - 1
			}
			b := c1.tracks[t]
			bytes += b.payload - a.payload
			expected += b.high - a.high
			received += b.packets - a.packets
			if t.video {
				videoTracks++
				if mbps(b.payload-a.payload) < perVideo/2 {
					starved++
				}
			}
		}
		total += bytes
		recv = append(recv, mbps(bytes))
		if sent > 0 {
			ratio = append(ratio, mbps(bytes)/sent)
		}
		if minTracks < 0 || len(ts) < minTracks {
			minTracks = len(ts)
		}
	}
	lost := max(expected-received, 0)
	lostPct := 0.0
	if expected > 0 {
		lostPct = 100 * float64(lost) / float64(expected)
	}
	nerr := errs.Print()
	fmt.Printf("publishers=%d seats_refused=%d clip_video_mbps=%.2f clip_audio_kbps=%.1f video_sent_mbps=%.2f audio_sent_kbps=%.1f sent_mbps=%.2f\n",
		len(pubs), len(o.users)-len(pubs), float64(video.bytes)*8/video.length.Seconds()/1e6,
		float64(audio.bytes)*8/audio.length.Seconds()/1e3, videoSent, audioSent*1000, sent)
	fmt.Printf("spectators=%d connected=%d join_s=%.1f tracks_min=%d tracks_want=%d recv_mbps_min=%.2f recv_mbps_p50=%.2f recv_mbps_max=%.2f "+
		"recv_ratio_min=%.3f recv_ratio_p50=%.3f forwarded_mbps=%.1f packets=%d lost=%d lost_pct=%.3f udp_rcvbuf_drops=%d loopback_mbps=%.1f starved_video_tracks=%d/%d errors=%d\n",
		o.spectators, len(specs), joinTook.Seconds(), max(minTracks, 0), 2*len(pubs), pick(recv, 0), pick(recv, 0.5), pick(recv, 1),
		pick(ratio, 0), pick(ratio, 0.5), mbps(total), received, lost, lostPct, c1.udpDrops-c0.udpDrops, mbps(c1.loopback-c0.loopback), starved, videoTracks, nerr)
}

// pick is the q-quantile of v (nearest rank; 0 is the minimum, 1 the
// maximum), 0 when v is empty.
func pick(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	i := int(q*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// udpDrops reads the whole machine's UDP receive-buffer drops
// (RcvbufErrors in /proc/net/snmp): datagrams the kernel dropped because a
// socket's reader (onair's or a client's) fell behind. -1 when unknown.
func udpDrops() int64 {
	b, err := os.ReadFile("/proc/net/snmp")
	if err != nil {
		return -1
	}
	var names []string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] != "Udp:" {
			continue
		}
		if names == nil {
			names = f
			continue
		}
		for i, n := range names {
			if n == "RcvbufErrors" && i < len(f) {
				v, _ := strconv.ParseInt(f[i], 10, 64)
				return v
			}
		}
	}
	return -1
}

// loopbackBytes reads the bytes sent over the loopback interface
// (/proc/net/dev): the whole machine's, so onair's forwarding plus the
// publishers' upload plus anything else running. -1 when unknown.
func loopbackBytes() int64 {
	b, err := os.ReadFile("/proc/net/dev")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		name, rest, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || name != "lo" {
			continue
		}
		f := strings.Fields(rest)
		if len(f) < 9 {
			return -1
		}
		v, _ := strconv.ParseInt(f[8], 10, 64) // transmit bytes
		return v
	}
	return -1
}
