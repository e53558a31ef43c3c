package rtmp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"syscall"
	"time"

	"github.com/bluenviron/gortmplib"
	"github.com/bluenviron/gortmplib/pkg/amf0"
	"github.com/bluenviron/gortmplib/pkg/codecs"
	"github.com/bluenviron/gortmplib/pkg/message"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
)

// Reasons a publication ends, as reported to the registry (and its events).
var (
	errShutdown = errors.New("server shutting down")
	errTimeout  = errors.New("publisher timed out")
	errLost     = errors.New("connection lost")
	errProtocol = errors.New("protocol error")
)

// serveConn runs the RTMP handshake and, for a publisher with a valid key,
// the publication.
func (s *Server) serveConn(ctx context.Context, nc net.Conn, log *slog.Logger) error {
	_ = nc.SetDeadline(time.Now().Add(s.cfg.Timeout))
	sc := &gortmplib.ServerConn{RW: nc}
	if err := sc.Initialize(); err != nil {
		return fmt.Errorf("rtmp handshake: %w", err)
	}
	if err := sc.AcceptConn(); err != nil {
		return fmt.Errorf("rtmp connect: %w", err)
	}
	if !sc.Publish {
		log.Info("play refused: RTMP playback is not offered")
		_ = sc.RejectAction()
		return errors.New("play refused")
	}
	key, err := streamKeyFromPath(sc.URL.Path)
	if err != nil {
		log.Warn("publish refused", "reason", err.Error())
		refuse(sc, "NetStream.Publish.BadName", err.Error())
		return err
	}
	pub, err := s.admit.Admit(ctx, media.AdmitRequest{StreamKey: key, Protocol: "rtmp", RemoteAddr: nc.RemoteAddr().String()})
	switch {
	case errors.Is(err, media.ErrUnknownKey): // logged by the registry
		refuse(sc, "NetStream.Publish.Unauthorized", "invalid stream key")
		return err
	case errors.Is(err, media.ErrAlreadyLive): // logged by the registry
		refuse(sc, "NetStream.Publish.BadName", "channel already live")
		return err
	case err != nil:
		log.Error("publish admission failed", "err", err)
		refuse(sc, "NetStream.Publish.Failed", "internal error")
		return err
	}
	log = log.With("channel_id", pub.ChannelID())
	reason := errProtocol // should publish panic, the channel is still freed
	defer func() { pub.Close(reason) }()
	err = s.publish(pub, sc, nc, log)
	reason = endReason(ctx, pub.Context(), err)
	why := "ended"
	if reason != nil {
		why = reason.Error()
	}
	log.Info("rtmp publish ended", "reason", why, "err", err)
	return err
}

// endReason classifies how a publication ended; nil means the publisher
// left normally.
func endReason(ctx, pubCtx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return errShutdown
	case errors.Is(context.Cause(pubCtx), media.ErrRevoked):
		return media.ErrRevoked
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
		return nil
	case errors.Is(err, os.ErrDeadlineExceeded):
		return errTimeout
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return errLost
	default:
		return errProtocol
	}
}

// refuse answers the publish command with an error status; the encoder
// shows description.
func refuse(sc *gortmplib.ServerConn, code, description string) {
	_ = sc.Write(&message.CommandAMF0{
		ChunkStreamID:   5,
		MessageStreamID: 0x1000000, // stream 1, as gortmplib addresses it
		Name:            "onStatus",
		Arguments: []any{nil, amf0.Object{
			{Key: "level", Value: "error"},
			{Key: "code", Value: code},
			{Key: "description", Value: description},
		}},
	})
}

// publish reads the tracks, goes live and copies media until the
// connection ends. Revoking the publisher closes the connection.
func (s *Server) publish(pub *media.Publisher, sc *gortmplib.ServerConn, nc net.Conn, log *slog.Logger) error {
	stop := context.AfterFunc(pub.Context(), func() { nc.Close() })
	defer stop()
	if err := sc.AcceptAction(); err != nil {
		return fmt.Errorf("accept publish: %w", err)
	}
	c := &conn{ServerConn: sc, nc: nc, timeout: s.cfg.Timeout, now: s.now}
	r := &gortmplib.Reader{Conn: c}
	// Initialize reads (and then replays) up to two seconds of media to find
	// the tracks.
	if err := r.Initialize(); err != nil {
		return fmt.Errorf("read tracks: %w", err)
	}
	var (
		cs               []stream.Codec
		binds            []func(*stream.Stream, *stream.Track)
		hasVideo, hasAud bool
	)
	for _, t := range r.Tracks() {
		video := t.Codec.IsVideo()
		if (video && hasVideo) || (!video && hasAud) {
			ignore(r, t)
			log.Info("track ignored: one video and one audio track are kept", "codec", fmt.Sprintf("%T", t.Codec))
			continue
		}
		codec, bind := c.track(r, t)
		if codec == nil {
			ignore(r, t)
			log.Info("track ignored: codec not supported", "codec", fmt.Sprintf("%T", t.Codec))
			continue
		}
		hasVideo, hasAud = hasVideo || video, hasAud || !video
		cs, binds = append(cs, codec), append(binds, bind)
	}
	if len(cs) == 0 {
		return errors.New("no supported track")
	}
	st, err := pub.Start(cs, c.md)
	if err != nil {
		return fmt.Errorf("go live: %w", err)
	}
	for i, bind := range binds {
		bind(st, st.Tracks()[i])
	}
	for {
		if err := r.Read(); err != nil {
			return err
		}
	}
}

// conn is the connection as gortmplib.Reader sees it: it renews the deadline
// before every message, ends the publication on deleteStream, keeps the
// latest onMetaData and remembers when the newest media message arrived, to
// date units.
type conn struct {
	*gortmplib.ServerConn
	nc      net.Conn
	timeout time.Duration
	now     func() time.Time

	md       media.Metadata
	lastDTS  time.Duration
	lastWall time.Time
}

func (c *conn) Read() (message.Message, error) {
	_ = c.nc.SetDeadline(time.Now().Add(c.timeout))
	msg, err := c.ServerConn.Read()
	if err != nil {
		return nil, err
	}
	switch m := msg.(type) {
	case *message.CommandAMF0:
		// An encoder that stops streaming but keeps the connection (or
		// closes it late) is offline now, not after the read timeout.
		if m.Name == "deleteStream" || m.Name == "closeStream" {
			return nil, io.EOF
		}
	case *message.DataAMF0:
		if md, ok := metadataFromAMF(m.Payload); ok {
			c.md = md
		}
	case *message.Video:
		c.received(m.DTS)
	case *message.Audio:
		c.received(m.DTS)
	case *message.VideoExCodedFrames:
		c.received(m.DTS)
	case *message.VideoExFramesX:
		c.received(m.DTS)
	case *message.AudioExCodedFrames:
		c.received(m.DTS)
	}
	return msg, nil
}

func (c *conn) received(dts time.Duration) { c.lastDTS, c.lastWall = dts, c.now() }

// wallTime estimates when the unit with this DTS arrived: the newest
// message's arrival, less how far the unit trails it. Units replayed after
// track detection thus keep their real arrival times.
func (c *conn) wallTime(dts time.Duration) time.Time {
	if behind := c.lastDTS - dts; behind > 0 && behind < 10*time.Second {
		return c.lastWall.Add(-behind)
	}
	return c.lastWall
}

func (c *conn) unit(tr *stream.Track, pts, dts time.Duration, payload [][]byte) *stream.Unit {
	return &stream.Unit{Track: tr, PTS: pts, DTS: dts, NTP: c.wallTime(dts), Payload: payload}
}

// track maps a gortmplib track to a stream codec and returns the function
// that, once the stream exists, routes the track's data into it. It
// returns nil for codecs Onair does not carry.
func (c *conn) track(r *gortmplib.Reader, t *gortmplib.Track) (stream.Codec, func(*stream.Stream, *stream.Track)) {
	switch tc := t.Codec.(type) {
	case *codecs.H264:
		return &stream.H264{SPS: tc.SPS, PPS: tc.PPS}, func(st *stream.Stream, tr *stream.Track) {
			r.OnDataH264(t, func(pts, dts time.Duration, au [][]byte) { st.Write(c.unit(tr, pts, dts, au)) })
		}
	case *codecs.H265:
		return &stream.H265{VPS: tc.VPS, SPS: tc.SPS, PPS: tc.PPS}, func(st *stream.Stream, tr *stream.Track) {
			r.OnDataH265(t, func(pts, dts time.Duration, au [][]byte) { st.Write(c.unit(tr, pts, dts, au)) })
		}
	case *codecs.AV1:
		return &stream.AV1{}, func(st *stream.Stream, tr *stream.Track) {
			r.OnDataAV1(t, func(pts time.Duration, tu [][]byte) { st.Write(c.unit(tr, pts, pts, tu)) })
		}
	case *codecs.VP9:
		return &stream.VP9{}, func(st *stream.Stream, tr *stream.Track) {
			r.OnDataVP9(t, func(pts time.Duration, frame []byte) { st.Write(c.unit(tr, pts, pts, [][]byte{frame})) })
		}
	case *codecs.MPEG4Audio:
		if tc.Config == nil {
			return nil, nil
		}
		return &stream.MPEG4Audio{Config: *tc.Config}, func(st *stream.Stream, tr *stream.Track) {
			r.OnDataMPEG4Audio(t, func(pts time.Duration, au []byte) { st.Write(c.unit(tr, pts, pts, [][]byte{au})) })
		}
	case *codecs.Opus:
		channels := 2
		if tc.IDHeader != nil && tc.IDHeader.ChannelCount > 0 {
			channels = int(tc.IDHeader.ChannelCount)
		}
		return &stream.Opus{ChannelCount: channels}, func(st *stream.Stream, tr *stream.Track) {
			r.OnDataOpus(t, func(pts time.Duration, pkt []byte) { st.Write(c.unit(tr, pts, pts, [][]byte{pkt})) })
		}
	}
	return nil, nil
}

// ignore registers a no-op callback: gortmplib needs one for every track.
func ignore(r *gortmplib.Reader, t *gortmplib.Track) {
	h26x := func(time.Duration, time.Duration, [][]byte) {}
	frame := func(time.Duration, []byte) {}
	switch t.Codec.(type) {
	case *codecs.H264:
		r.OnDataH264(t, h26x)
	case *codecs.H265:
		r.OnDataH265(t, h26x)
	case *codecs.AV1:
		r.OnDataAV1(t, func(time.Duration, [][]byte) {})
	case *codecs.VP9:
		r.OnDataVP9(t, frame)
	case *codecs.MPEG4Audio:
		r.OnDataMPEG4Audio(t, frame)
	case *codecs.Opus:
		r.OnDataOpus(t, frame)
	case *codecs.FLAC:
		r.OnDataFLAC(t, frame)
	case *codecs.MPEG1Audio:
		r.OnDataMPEG1Audio(t, frame)
	case *codecs.AC3:
		r.OnDataAC3(t, frame)
	case *codecs.G711:
		r.OnDataG711(t, frame)
	case *codecs.LPCM:
		r.OnDataLPCM(t, frame)
	}
}
