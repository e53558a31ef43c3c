package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"

	"github.com/onair/onair/bench/internal/proc"
	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/apiclient"
)

// publisher is one signed-in user with a camera and a microphone track.
type publisher struct {
	name      string
	api       *apiclient.Client
	room      *lksdk.Room
	videoSent atomic.Int64 // payload bytes handed to the video track
	audioSent atomic.Int64
}

// connectPublishers signs every user in, creates the stage as the first
// and joins the others invited (with the host's invite code), then
// connects each and publishes its tracks. A user refused a seat (a
// spectator token) is counted in errs and left out.
func connectPublishers(ctx context.Context, o options, video, audio *clip, errs *proc.Counters) (string, []*publisher, error) {
	var stageID, invite string
	var pubs []*publisher
	for i, name := range o.users {
		c := apiclient.New(o.url)
		if _, err := c.SignIn(ctx, name, o.password); err != nil {
			return "", pubs, fmt.Errorf("sign in %s: %w", name, err)
		}
		var err error
		var j api.StageJoin
		if i == 0 {
			j, err = c.CreateStage(ctx)
			stageID, invite = j.StageID, j.InviteCode
		} else {
			j, err = c.JoinStage(ctx, stageID, "invited", invite)
		}
		if err != nil {
			return "", pubs, fmt.Errorf("stage token for %s: %w", name, err)
		}
		if j.ParticipantRole != "host" && j.ParticipantRole != "invited" {
			errs.Add(fmt.Sprintf("seat refused: %s got a %s token", name, j.ParticipantRole))
			continue
		}
		p := &publisher{name: name, api: c}
		pubs = append(pubs, p)
		if err := p.connect(j, video, audio); err != nil {
			return "", pubs, fmt.Errorf("publisher %s: %w", name, err)
		}
	}
	if len(pubs) == 0 {
		return "", nil, errors.New("no publisher got a seat")
	}
	return stageID, pubs, nil
}

func (p *publisher) connect(j api.StageJoin, video, audio *clip) error {
	if j.User == nil {
		return errors.New("join answer without a user token")
	}
	room, err := lksdk.ConnectToRoomWithToken(j.URL, j.User.Token, lksdk.NewRoomCallback(), lksdk.WithAutoSubscribe(false))
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	p.room = room
	vt, err := lksdk.NewLocalTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeH264, ClockRate: 90000})
	if err != nil {
		return err
	}
	vt.OnBind(func() { _ = vt.StartWrite(&looper{c: video, sent: &p.videoSent}, nil) })
	if _, err := room.LocalParticipant.PublishTrack(vt, &lksdk.TrackPublicationOptions{
		Name: "camera", Source: livekit.TrackSource_CAMERA, VideoWidth: 1280, VideoHeight: 720,
	}); err != nil {
		return fmt.Errorf("publish video: %w", err)
	}
	at, err := lksdk.NewLocalTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2})
	if err != nil {
		return err
	}
	at.OnBind(func() { _ = at.StartWrite(&audioLooper{looper{c: audio, sent: &p.audioSent}}, nil) })
	if _, err := room.LocalParticipant.PublishTrack(at, &lksdk.TrackPublicationOptions{
		Name: "microphone", Source: livekit.TrackSource_MICROPHONE,
	}); err != nil {
		return fmt.Errorf("publish audio: %w", err)
	}
	return nil
}

// trackStat counts what one spectator received on one track. The reading
// goroutine writes, snapshots read.
type trackStat struct {
	video   bool
	packets atomic.Int64
	payload atomic.Int64 // RTP payload bytes, padding left out
	high    atomic.Int64 // highest extended sequence number
	first   int64        // the first extended sequence number, set before publishing the stat
}

// spectator is one subscribe-only participant.
type spectator struct {
	room   *lksdk.Room
	mu     sync.Mutex
	tracks []*trackStat
	done   sync.WaitGroup // the readers
}

func (s *spectator) trackCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tracks)
}

// read counts the packets of one subscribed track until it ends.
func (s *spectator) read(t *webrtc.TrackRemote) {
	defer s.done.Done()
	buf := make([]byte, 1500)
	st := &trackStat{video: t.Kind() == webrtc.RTPCodecTypeVideo}
	var last uint16
	var ext int64
	for {
		n, _, err := t.Read(buf)
		if err != nil {
			return
		}
		if n < 12 {
			continue
		}
		seq := uint16(buf[2])<<8 | uint16(buf[3])
		if st.packets.Load() == 0 {
			ext = int64(seq)
			st.first = ext
			st.high.Store(ext)
			s.mu.Lock()
			s.tracks = append(s.tracks, st)
			s.mu.Unlock()
		} else {
			ext += int64(int16(seq - last))
			if ext > st.high.Load() {
				st.high.Store(ext)
			}
		}
		last = seq
		st.packets.Add(1)
		st.payload.Add(int64(payloadLen(buf[:n])))
	}
}

// payloadLen is the RTP payload length of packet p without padding.
func payloadLen(p []byte) int {
	h := 12 + 4*int(p[0]&0x0f)
	if p[0]&0x10 != 0 && len(p) >= h+4 {
		h += 4 + 4*(int(p[h+2])<<8|int(p[h+3]))
	}
	n := len(p) - h
	if p[0]&0x20 != 0 && n > 0 {
		n -= int(p[len(p)-1])
	}
	return max(n, 0)
}

// connectSpectators connects o.spectators subscribe-only participants
// spread over o.ramp and waits (at most 30 s more) until each has received
// media on every track (2 per publisher). It returns those that connected
// and how long joining took.
func connectSpectators(ctx context.Context, o options, stageID string, publishers int, errs *proc.Counters) ([]*spectator, time.Duration) {
	start := time.Now()
	anon := apiclient.New(o.url)
	specs := make([]*spectator, o.spectators)
	var wg sync.WaitGroup
	for i := range specs {
		wg.Add(1)
		go func(delay time.Duration) {
			defer wg.Done()
			if !proc.Sleep(ctx, delay) {
				return
			}
			j, err := anon.SpectateStage(ctx, stageID)
			if err != nil {
				errs.Add("spectator token: " + proc.Short(err))
				return
			}
			if j.User == nil || j.ParticipantRole != "spectator" {
				errs.Add("spectator token: role " + j.ParticipantRole)
				return
			}
			s := &spectator{}
			cb := lksdk.NewRoomCallback()
			cb.OnTrackSubscribed = func(t *webrtc.TrackRemote, _ *lksdk.RemoteTrackPublication, _ *lksdk.RemoteParticipant) {
				s.done.Add(1)
				go s.read(t)
			}
			cb.OnTrackSubscriptionFailed = func(string, *lksdk.RemoteParticipant) { errs.Add("track subscription failed") }
			cb.OnDisconnectedWithReason = func(r lksdk.DisconnectionReason) {
				if ctx.Err() == nil && !ending.Load() {
					errs.Add(fmt.Sprintf("spectator disconnected: %v", r))
				}
			}
			room, err := lksdk.ConnectToRoomWithToken(j.URL, j.User.Token, cb)
			if err != nil {
				errs.Add("spectator connect: " + proc.Short(err))
				return
			}
			s.room = room
			specs[i] = s
		}(time.Duration(i) * o.ramp / time.Duration(max(o.spectators, 1)))
	}
	wg.Wait()
	var out []*spectator
	for _, s := range specs {
		if s != nil {
			out = append(out, s)
		}
	}
	want := 2 * publishers
	joinBy := time.Now().Add(30 * time.Second)
	for ctx.Err() == nil && time.Now().Before(joinBy) {
		all := true
		for _, s := range out {
			if s.trackCount() < want {
				all = false
				break
			}
		}
		if all {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return out, time.Since(start)
}

// ending is set once the measurement is over: disconnections are expected.
var ending atomic.Bool

func closeSpectators(specs []*spectator) {
	ending.Store(true)
	var wg sync.WaitGroup
	for _, s := range specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.room.Disconnect()
			s.done.Wait()
		}()
	}
	waitBounded(&wg, 15*time.Second)
}

func closeAll(pubs []*publisher) {
	ending.Store(true)
	var wg sync.WaitGroup
	for _, p := range pubs {
		if p.room == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.room.Disconnect()
		}()
	}
	waitBounded(&wg, 15*time.Second)
}

func waitBounded(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(d): // the process exits right after; the stragglers go with it
	}
}
