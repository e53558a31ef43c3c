// Package overlay runs stream actions (spec 7): the quiz, poll, product,
// notice, celebration and Amazon product overlays a streamer puts over a
// live stream, polls tallied by the server, and the streamer's saved
// action forms.
//
// A channel has at most one active action, held in the database so every
// node answers the same: sending one replaces the previous (a running poll
// ends first), stopping or the stream's end clears it, and a timed action
// is over at its expiry. Whether an action is still showing is computed
// from the stored times on every read, so no timer is needed to expire
// one. Polls are the exception that needs one: when a poll's time is up
// the node that started it publishes the final tally, keeps the results up
// ResultsFor, then clears the action; reads still compute the same state
// without that timer (on another node, or before a restarted node has
// taken the polls up again from the database).
//
// Everything viewers see is published on the channel's event stream
// ("channel:<channelId>"): streamAction when an action starts or stops,
// pollVotes as votes come in (paced) and when a poll ends.
package overlay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/ids"
	"github.com/onair/onair/internal/ratelimit"
)

// Poll timing (spec 7.6).
const (
	// VoteGrace: votes count until this long before a poll's end, so the
	// last ones reach every viewer's tally before the results show.
	VoteGrace = 2 * time.Second
	// ResultsFor is how long an ended poll's results stay up.
	ResultsFor = 10 * time.Second
	// PaceVotes is the shortest gap between two tally publications of a
	// poll: a burst of votes becomes one message per gap, the latest state.
	PaceVotes = 200 * time.Millisecond
)

// Config tunes the service.
type Config struct {
	// AmazonProduct enables the amazon_product action
	// (enableAmazonProductStreamAction).
	AmazonProduct bool
	// SendRate is how many actions a channel may send per second, with a
	// burst of as many (default 10; the spec asks for at least 5).
	SendRate int
}

// Record is a channel's stored active action.
type Record struct {
	ChannelID channel.ID
	ID        string
	Name      string
	Data      json.RawMessage
	// SessionID is the live stream session it was sent in: once that
	// session is over the action is too.
	SessionID string
	StartTime time.Time
	// Expiry is zero for actions that run until stopped.
	Expiry time.Time
}

// Repo stores active actions, polls, votes and saved forms.
type Repo interface {
	// Active returns the channel's stored action (ErrNoAction when none).
	Active(ctx context.Context, ch channel.ID) (Record, error)
	// PutActive makes r the channel's action, replacing any other; poll,
	// when set, is stored with it.
	PutActive(ctx context.Context, r Record, poll *PollRecord) error
	// DeleteActive removes the channel's action if its id is id; deleted
	// says whether it did.
	DeleteActive(ctx context.Context, ch channel.ID, id string) (deleted bool, err error)

	Poll(ctx context.Context, id string) (PollRecord, error)
	// EndPoll records that a poll ended at `at` if it was still running
	// then (not ended before, end time not earlier); ended says whether
	// this call ended it.
	EndPoll(ctx context.Context, id string, at time.Time) (ended bool, err error)
	// RunningPolls returns the polls that are their channel's active
	// action, ended or not: those whose end or results may still be due.
	RunningPolls(ctx context.Context) ([]PollRecord, error)
	// Vote records user's vote: ErrAlreadyVoted when they voted already,
	// ErrPollClosed when the poll has ended.
	Vote(ctx context.Context, pollID string, user account.UserID, option int, at time.Time) error
	// Counts returns the votes per option index.
	Counts(ctx context.Context, pollID string) (map[int]int, error)
	// VoteOf returns the user's option, ok false when they did not vote.
	VoteOf(ctx context.Context, pollID string, user account.UserID) (option int, ok bool, err error)

	SaveForm(ctx context.Context, user account.UserID, name string, data json.RawMessage, at time.Time) error
	Forms(ctx context.Context, user account.UserID) (map[string]json.RawMessage, error)
}

// Channels finds channels and their owners.
type Channels interface {
	ForUser(ctx context.Context, user account.UserID) (channel.Channel, error)
	ByID(ctx context.Context, id channel.ID) (channel.Channel, error)
}

// Live tells whether a channel is live.
type Live interface {
	// LiveSession is the id of the channel's live stream session, or of its
	// stage when it is on one (onStage); "" when it is offline.
	LiveSession(ctx context.Context, ch channel.ID) (id string, onStage bool, err error)
}

// Bans tells who is banned from a channel (its chat bans).
type Bans interface {
	IsBanned(ctx context.Context, ch channel.ID, user account.UserID) (bool, error)
}

// Realtime publishes to a channel's event stream.
type Realtime interface {
	PublishChannelEvent(ctx context.Context, channelID string, event any) error
}

// Deps are the service's collaborators.
type Deps struct {
	Repo     Repo
	Channels Channels
	Live     Live
	Bans     Bans
	Realtime Realtime
	Log      *slog.Logger
	Now      func() time.Time
}

// Errors; the messages are the spec's where it has one.
var (
	ErrNotBroadcasting = errs.Conflict("ChannelNotBroadcastingException", "Unable to start stream action")
	// During a co-host session only the poll runs (spec 8.8).
	ErrStageOnlyPoll  = errs.Conflict("StageOnlyPollException", "Only the poll is available during a collaborative session")
	ErrAmazonDisabled = errs.Invalid("AmazonProductStreamActionDisabledException", "Amazon product stream actions are not enabled on this server.")
	ErrSendRate       = errs.RateLimited("StreamActionRateExceededException", "Unable to start stream action. Rate exceeded.")
	ErrNoAction       = errs.NotFound("StreamActionNotFoundException", "No stream action is active.")
	ErrPollNotFound   = errs.NotFound("PollNotFoundException", "This poll does not exist.")
	ErrPollClosed     = errs.Conflict("PollClosedException", "Voting has closed.")
	ErrAlreadyVoted   = errs.Conflict("PollAlreadyVotedException", "You have already voted.")
	ErrOwnVote        = errs.Forbidden("ForbiddenException", "You cannot vote in your own poll.")
	ErrBanned         = errs.Forbidden("ChatBannedException", "You are banned from this channel")
	ErrBadOption      = errs.Invalid("InvalidParameterException", "Choose one of the poll's options.").WithField("option", "Choose one of the poll's options.")
)

// Service implements the stream-action rules.
type Service struct {
	cfg      Config
	repo     Repo
	channels Channels
	live     Live
	bans     Bans
	rt       Realtime
	log      *slog.Logger
	now      func() time.Time
	rate     *ratelimit.Keyed
	locks    keyedMutex
	sched    *scheduler
}

// New returns the service; Run drives its poll timers and tally
// publications.
func New(cfg Config, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if cfg.SendRate <= 0 {
		cfg.SendRate = 10
	}
	return &Service{cfg: cfg, repo: d.Repo, channels: d.Channels, live: d.Live, bans: d.Bans, rt: d.Realtime,
		log: d.Log, now: d.Now, rate: ratelimit.New(cfg.SendRate), sched: newScheduler()}
}

// clock is the service's time at millisecond precision (what is stored).
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// Send starts an action on owner's channel, replacing the active one. The
// channel must be live.
func (s *Service) Send(ctx context.Context, owner account.UserID, name string, data json.RawMessage) (Action, error) {
	c, err := Validate(name, data)
	if err != nil {
		return Action{}, err
	}
	if name == AmazonProduct && !s.cfg.AmazonProduct {
		return Action{}, ErrAmazonDisabled
	}
	ch, err := s.channels.ForUser(ctx, owner)
	if errs.KindOf(err) == errs.KindNotFound {
		return Action{}, ErrNotBroadcasting // no channel yet: it cannot be live
	}
	if err != nil {
		return Action{}, err
	}
	defer s.locks.lock(string(ch.ID))()
	session, onStage, err := s.live.LiveSession(ctx, ch.ID)
	if err != nil {
		return Action{}, fmt.Errorf("live status of %s: %w", ch.ID, err)
	}
	if session == "" {
		return Action{}, ErrNotBroadcasting
	}
	if onStage && name != PollAction {
		return Action{}, ErrStageOnlyPoll
	}
	now := s.clock()
	if !s.rate.Allow(string(ch.ID), now) {
		return Action{}, ErrSendRate
	}

	// A running poll ends before anything else starts (spec 7.4); the new
	// action replaces it, so its results are not shown (no final tally).
	prev, err := s.repo.Active(ctx, ch.ID)
	switch {
	case err == nil && prev.Name == PollAction:
		if _, err := s.repo.EndPoll(ctx, prev.ID, now); err != nil {
			return Action{}, err
		}
	case err != nil && !errors.Is(err, ErrNoAction):
		return Action{}, err
	}

	r := Record{ChannelID: ch.ID, ID: ids.New(), Name: name, Data: c.Data, SessionID: session, StartTime: now}
	if c.Duration > 0 {
		r.Expiry = now.Add(c.Duration)
	}
	var poll *PollRecord
	if name == PollAction {
		poll = &PollRecord{ID: r.ID, ChannelID: ch.ID, Question: c.Question, Options: c.Options,
			Duration: int(c.Duration / time.Second), StartTime: now, EndTime: r.Expiry}
	}
	if err := s.repo.PutActive(ctx, r, poll); err != nil {
		return Action{}, err
	}
	a, err := s.view(ctx, r, poll, "", now)
	if err != nil {
		return Action{}, err
	}
	if err := s.publish(ctx, ch.ID, StreamActionEvent{Type: TypeStreamAction, ChannelID: string(ch.ID), Action: &a, Time: now}); err != nil {
		return Action{}, err
	}
	if poll != nil {
		s.sched.add(job{at: poll.EndTime, ch: ch.ID, id: poll.ID, kind: jobEndPoll})
	}
	s.log.Info("stream action started", "channel_id", ch.ID, "action", name, "action_id", r.ID)
	return a, nil
}

// Stop stops owner's active action. A running poll ends now instead: its
// final tally is published and shown for ResultsFor, then it clears.
// Stopping when nothing is active does nothing.
func (s *Service) Stop(ctx context.Context, owner account.UserID) error {
	ch, err := s.channels.ForUser(ctx, owner)
	if errs.KindOf(err) == errs.KindNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	defer s.locks.lock(string(ch.ID))()
	now := s.clock()
	r, poll, ok, err := s.current(ctx, ch.ID, now)
	if err != nil || !ok {
		return err
	}
	if poll != nil && !poll.Ended(now) {
		ended, err := s.repo.EndPoll(ctx, poll.ID, now)
		if err != nil {
			return err
		}
		if ended {
			s.publishTally(ctx, ch.ID, poll.ID)
			s.sched.add(job{at: now.Add(ResultsFor), ch: ch.ID, id: poll.ID, kind: jobClear})
			s.log.Info("poll stopped", "channel_id", ch.ID, "action_id", poll.ID)
			return nil
		}
	}
	return s.clear(ctx, ch.ID, r.ID)
}

// clear removes the channel's action if it is still id and tells viewers.
func (s *Service) clear(ctx context.Context, ch channel.ID, id string) error {
	deleted, err := s.repo.DeleteActive(ctx, ch, id)
	if err != nil || !deleted {
		return err
	}
	s.log.Info("stream action cleared", "channel_id", ch, "action_id", id)
	return s.publish(ctx, ch, StreamActionEvent{Type: TypeStreamAction, ChannelID: string(ch), Time: s.clock()})
}

// StreamEnded clears the channel's action when its stream goes offline
// (spec 7.4); a running poll ends with it.
func (s *Service) StreamEnded(ctx context.Context, ch channel.ID) {
	defer s.locks.lock(string(ch))()
	r, err := s.repo.Active(ctx, ch)
	if errors.Is(err, ErrNoAction) {
		return
	}
	if err == nil && r.Name == PollAction {
		_, err = s.repo.EndPoll(ctx, r.ID, s.clock())
	}
	if err == nil {
		err = s.clear(ctx, ch, r.ID)
	}
	if err != nil {
		s.log.Error("stream action not cleared at the stream's end", "channel_id", ch, "err", err)
	}
}

// Active is owner's active action, nil when none.
func (s *Service) Active(ctx context.Context, owner account.UserID) (*Action, error) {
	ch, err := s.channels.ForUser(ctx, owner)
	if errs.KindOf(err) == errs.KindNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.Current(ctx, ch.ID, "") // the owner never votes
}

// Current is channel ch's action as viewer sees it now (their vote
// included), nil when none is showing or the channel is offline.
func (s *Service) Current(ctx context.Context, ch channel.ID, viewer account.UserID) (*Action, error) {
	now := s.clock()
	r, poll, ok, err := s.current(ctx, ch, now)
	if err != nil || !ok {
		return nil, err
	}
	a, err := s.view(ctx, r, poll, viewer, now)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// current loads the channel's action and says whether it is showing at
// now: sent in the live session still running, not past its expiry (a
// poll: not past its results).
func (s *Service) current(ctx context.Context, ch channel.ID, now time.Time) (Record, *PollRecord, bool, error) {
	r, err := s.repo.Active(ctx, ch)
	if errors.Is(err, ErrNoAction) {
		return Record{}, nil, false, nil
	}
	if err != nil {
		return Record{}, nil, false, err
	}
	session, _, err := s.live.LiveSession(ctx, ch)
	if err != nil {
		return Record{}, nil, false, fmt.Errorf("live status of %s: %w", ch, err)
	}
	if session == "" || session != r.SessionID {
		return Record{}, nil, false, nil
	}
	if r.Name != PollAction {
		return r, nil, r.Expiry.IsZero() || now.Before(r.Expiry), nil
	}
	p, err := s.repo.Poll(ctx, r.ID)
	if err != nil {
		return Record{}, nil, false, err
	}
	return r, &p, now.Before(p.End().Add(ResultsFor)), nil
}

// view is what viewer receives of a stored action.
func (s *Service) view(ctx context.Context, r Record, poll *PollRecord, viewer account.UserID, now time.Time) (Action, error) {
	a := Action{ID: r.ID, Name: r.Name, Data: r.Data, StartTime: r.StartTime}
	if !r.Expiry.IsZero() {
		e := r.Expiry
		a.Expiry = &e
	}
	if poll != nil {
		t, err := s.tally(ctx, *poll, viewer, now)
		if err != nil {
			return Action{}, err
		}
		a.Poll, a.Expiry = &t, &t.EndTime // a poll stopped early expires then
	}
	return a, nil
}

// publish sends an event to the channel's viewers.
func (s *Service) publish(ctx context.Context, ch channel.ID, event any) error {
	if err := s.rt.PublishChannelEvent(ctx, string(ch), event); err != nil {
		return fmt.Errorf("publish stream action event: %w", err)
	}
	return nil
}
