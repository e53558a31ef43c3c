package httpapi

import (
	"net/http"
	"time"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/health"
)

// listStreamSessions pages through the signed-in user's stream sessions.
func (s *Server) listStreamSessions(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	ch, err := s.ch.Ensure(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	page, err := s.health.List(r.Context(), ch.ID, r.URL.Query().Get("nextToken"))
	if err != nil {
		return nil, err
	}
	out := api.StreamSessionList{StreamSessions: make([]api.StreamSessionSummary, len(page.Sessions))}
	for i, sess := range page.Sessions {
		out.StreamSessions[i] = api.StreamSessionSummary{StreamID: string(sess.ID), StartTime: sess.StartTime,
			EndTime: optionalTime(sess.EndTime), HasErrorEvent: sess.HasErrorEvent, IsHealthy: sess.IsHealthy, IsLive: sess.IsLive()}
	}
	if page.NextToken != "" {
		out.NextToken = &page.NextToken
	}
	return out, nil
}

// getStreamSession answers one of the signed-in user's sessions with its
// metrics; another user's session is not found, like a missing one, so
// ids cannot be probed.
func (s *Server) getStreamSession(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	ch, err := s.ch.Ensure(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	d, err := s.health.Detail(r.Context(), health.SessionID(r.PathValue("streamId")))
	if err != nil {
		return nil, err
	}
	if d.Session.ChannelID != ch.ID {
		return nil, health.ErrSessionNotFound
	}
	sess, in := d.Session, d.Session.Ingest
	out := api.StreamSession{
		StreamID: string(sess.ID), StartTime: sess.StartTime, EndTime: optionalTime(sess.EndTime),
		IsLive: sess.IsLive(), IsHealthy: sess.IsHealthy, HasErrorEvent: sess.HasErrorEvent,
		TruncatedEvents: make([]api.StreamEvent, len(d.Events)),
		IngestConfiguration: api.IngestConfiguration{
			Audio: api.IngestAudio{Codec: in.Audio.Codec, Channels: in.Audio.Channels, SampleRate: in.Audio.SampleRate, TargetBitrate: in.Audio.TargetBitrate},
			Video: api.IngestVideo{AVCProfile: in.Video.AVCProfile, AVCLevel: in.Video.AVCLevel, Codec: in.Video.Codec, Encoder: in.Video.Encoder,
				TargetBitrate: in.Video.TargetBitrate, TargetFramerate: in.Video.TargetFramerate, VideoWidth: in.Video.Width, VideoHeight: in.Video.Height},
		},
		Metrics: make([]api.StreamMetric, len(d.Series)),
	}
	for i, e := range d.Events {
		out.TruncatedEvents[i] = api.StreamEvent{Name: e.Name, Type: e.Type, EventTime: e.Time}
	}
	for i, m := range d.Series {
		out.Metrics[i] = api.StreamMetric{Label: m.Label, Data: m.Data, Period: int(d.Window.Period / time.Second),
			AlignedStartTime: d.Window.Start, AlignedEndTime: d.Window.End, Average: m.Average}
	}
	return out, nil
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
