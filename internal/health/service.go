package health

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/onair/onair/internal/channel"
)

// Config tunes the service.
type Config struct {
	// Node names this media node (empty on a single node).
	Node string
}

// Deps are the service's collaborators.
type Deps struct {
	Repo Repo
	Log  *slog.Logger
	Now  func() time.Time
	// EventsRecorded, when set, is told of every event once it is stored
	// (webhooks). It runs on the recording path, so it must not block.
	EventsRecorded func(ch channel.ID, id SessionID, events []Event)
}

// Service applies the session rules of spec 9.1.
type Service struct {
	cfg      Config
	repo     Repo
	log      *slog.Logger
	now      func() time.Time
	recorded func(ch channel.ID, id SessionID, events []Event)
}

// New returns the health service.
func New(cfg Config, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{cfg: cfg, repo: d.Repo, log: d.Log, now: d.Now, recorded: d.EventsRecorded}
}

// Start opens a session for a stream that began at `at`: "Session Created"
// and "Stream Start". Sessions of the channel left open (a crash, a lost
// end) are closed first, so a channel has at most one open session.
func (s *Service) Start(ctx context.Context, ch channel.ID, at time.Time, ingest IngestConfiguration) (Session, error) {
	stale, err := s.repo.OpenSessions(ctx, ch, "")
	if err != nil {
		return Session{}, fmt.Errorf("open sessions of %s: %w", ch, err)
	}
	for _, old := range stale {
		if err := s.End(ctx, old.ID, at); err != nil {
			return Session{}, err
		}
	}
	sess := Session{
		ID: NewSessionID(), ChannelID: ch, Node: s.cfg.Node, StartTime: at,
		StreamStarted: true, IsHealthy: true, Ingest: ingest,
	}
	events := []Event{
		{Name: SessionCreated, Type: TypeStateChange, Time: at},
		{Name: StreamStart, Type: TypeStateChange, Time: at},
	}
	if err := s.repo.CreateSession(ctx, sess, events); err != nil {
		return Session{}, fmt.Errorf("create session for %s: %w", ch, err)
	}
	s.notify(ch, sess.ID, events)
	s.log.Info("stream session started", "channel_id", ch, "session_id", sess.ID)
	return sess, nil
}

// End closes a session: "Stream End" then "Session Ended".
func (s *Service) End(ctx context.Context, id SessionID, at time.Time) error {
	events := []Event{
		{Name: StreamEnd, Type: TypeStateChange, Time: at},
		{Name: SessionEnded, Type: TypeStateChange, Time: at},
	}
	if err := s.repo.EndSession(ctx, id, at, events); err != nil {
		return fmt.Errorf("end session %s: %w", id, err)
	}
	if s.recorded != nil {
		if sess, err := s.repo.Session(ctx, id); err == nil {
			s.notify(sess.ChannelID, id, events)
		} else {
			s.log.Warn("ended session not found for event observers", "session_id", id, "err", err)
		}
	}
	s.log.Info("stream session ended", "session_id", id)
	return nil
}

// Starved records that media stopped arriving ("Starvation Start").
func (s *Service) Starved(ctx context.Context, id SessionID, at time.Time) error {
	return s.record(ctx, id, Event{Name: StarvationStart, Type: TypeHealthChange, Time: at})
}

// Recovered records that media flows again ("Starvation End").
func (s *Service) Recovered(ctx context.Context, id SessionID, at time.Time) error {
	return s.record(ctx, id, Event{Name: StarvationEnd, Type: TypeHealthChange, Time: at})
}

// LimitBreached records a bitrate or resolution breach (IngestBitrate or
// IngestRes).
func (s *Service) LimitBreached(ctx context.Context, id SessionID, limit string, at time.Time) error {
	if limit != IngestBitrate && limit != IngestRes {
		return fmt.Errorf("unknown limit %q", limit)
	}
	return s.record(ctx, id, Event{Name: limit, Type: TypeLimitBreach, Time: at})
}

// record appends one event and recomputes the session's flags: healthy
// unless the latest health change is a starvation start; an error once any
// limit was breached.
func (s *Service) record(ctx context.Context, id SessionID, e Event) error {
	sess, err := s.repo.Session(ctx, id)
	if err != nil {
		return fmt.Errorf("load session %s: %w", id, err)
	}
	switch e.Type {
	case TypeHealthChange:
		sess.IsHealthy = e.Name != StarvationStart
	case TypeLimitBreach:
		sess.HasErrorEvent = true
	}
	if err := s.repo.AddEvents(ctx, sess, []Event{e}); err != nil {
		return fmt.Errorf("record %q on %s: %w", e.Name, id, err)
	}
	s.notify(sess.ChannelID, id, []Event{e})
	return nil
}

// notify tells the observer of stored events.
func (s *Service) notify(ch channel.ID, id SessionID, events []Event) {
	if s.recorded != nil {
		s.recorded(ch, id, events)
	}
}

// SetIngest stores the encoder configuration once it is known.
func (s *Service) SetIngest(ctx context.Context, id SessionID, cfg IngestConfiguration) error {
	return s.repo.SetIngest(ctx, id, cfg)
}

// AddSample stores one metrics point.
func (s *Service) AddSample(ctx context.Context, id SessionID, sample Sample) error {
	return s.repo.AddSample(ctx, id, sample)
}

// Session returns one session.
func (s *Service) Session(ctx context.Context, id SessionID) (Session, error) {
	return s.repo.Session(ctx, id)
}

// Latest returns the channel's newest session; a channel is live when it
// is live (spec 3.3: the latest session only).
func (s *Service) Latest(ctx context.Context, ch channel.ID) (Session, error) {
	return s.repo.LatestSession(ctx, ch)
}

// Events returns a session's events, oldest first.
func (s *Service) Events(ctx context.Context, id SessionID) ([]Event, error) {
	return s.repo.Events(ctx, id)
}

// Samples returns a session's metric points in [from, to], oldest first.
func (s *Service) Samples(ctx context.Context, id SessionID, from, to time.Time) ([]Sample, error) {
	return s.repo.Samples(ctx, id, from, to)
}

// CloseAbandoned ends the sessions this node left open, as after a crash;
// their end is the last metrics sample (when media was last seen) or now.
func (s *Service) CloseAbandoned(ctx context.Context) (int, error) {
	open, err := s.repo.OpenSessions(ctx, "", s.cfg.Node)
	if err != nil {
		return 0, fmt.Errorf("list open sessions: %w", err)
	}
	for _, sess := range open {
		end := s.now()
		if last, err := s.repo.Samples(ctx, sess.ID, sess.StartTime, end); err == nil && len(last) > 0 {
			end = last[len(last)-1].Time
		}
		if err := s.End(ctx, sess.ID, end); err != nil {
			return 0, err
		}
	}
	if len(open) > 0 {
		s.log.Warn("closed stream sessions left open by an earlier run", "count", len(open))
	}
	return len(open), nil
}

// NewSessionID returns a new stream session id.
func NewSessionID() SessionID {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return SessionID("st-" + hex.EncodeToString(b))
}
