package overlay

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
)

// PollRecord is a stored poll. Polls are tallied by the server: one vote
// per signed-in user, whether or not the streamer's page is open (spec 7.6,
// quirk 5 fixed).
type PollRecord struct {
	ID        string
	ChannelID channel.ID
	Question  string
	Options   []string
	// Duration is in seconds; EndTime is StartTime plus Duration.
	Duration  int
	StartTime time.Time
	EndTime   time.Time
	// EndedAt is set once the poll is over: stopped, replaced, its stream
	// ended, or its time ran out and a node handled that. Zero before.
	EndedAt time.Time
}

// End is when the poll ended or will end.
func (p PollRecord) End() time.Time {
	if !p.EndedAt.IsZero() && p.EndedAt.Before(p.EndTime) {
		return p.EndedAt
	}
	return p.EndTime
}

// Ended reports whether the poll is over at now.
func (p PollRecord) Ended(now time.Time) bool { return !p.EndedAt.IsZero() || !now.Before(p.EndTime) }

// ClosesAt is when voting closes: VoteGrace before the planned end, or
// when the poll was stopped if that came first.
func (p PollRecord) ClosesAt() time.Time {
	c := p.EndTime.Add(-VoteGrace)
	if !p.EndedAt.IsZero() && p.EndedAt.Before(c) {
		return p.EndedAt
	}
	return c
}

// Vote records voter's vote for option in channel ch's running poll and
// returns the tally as the voter sees it. The channel's owner may not
// vote, nor may users banned from its chat.
func (s *Service) Vote(ctx context.Context, voter account.UserID, ch channel.ID, pollID string, option int) (Poll, error) {
	c, err := s.channels.ByID(ctx, ch)
	if err != nil {
		return Poll{}, err
	}
	if c.UserID == voter {
		return Poll{}, ErrOwnVote
	}
	banned, err := s.bans.IsBanned(ctx, ch, voter)
	if err != nil {
		return Poll{}, fmt.Errorf("ban check: %w", err)
	}
	if banned {
		return Poll{}, ErrBanned
	}
	now := s.clock()
	r, poll, showing, err := s.current(ctx, ch, now)
	if err != nil {
		return Poll{}, err
	}
	if !showing || poll == nil || r.ID != pollID {
		// Not the channel's poll now: a finished one of this channel is
		// closed, anything else does not exist.
		p, err := s.repo.Poll(ctx, pollID)
		if err == nil && p.ChannelID == ch {
			return Poll{}, ErrPollClosed
		}
		if err != nil && !errors.Is(err, ErrPollNotFound) {
			return Poll{}, err
		}
		return Poll{}, ErrPollNotFound
	}
	if !now.Before(poll.ClosesAt()) {
		return Poll{}, ErrPollClosed
	}
	if option < 0 || option >= len(poll.Options) {
		return Poll{}, ErrBadOption
	}
	// The primary key (poll, user) makes this the one vote, whichever node
	// or request gets there first.
	if err := s.repo.Vote(ctx, pollID, voter, option, now); err != nil {
		return Poll{}, err
	}
	s.sched.touch(pollID, ch)
	return s.tally(ctx, *poll, voter, now)
}

// tally is a poll's state at now; viewer's vote is included when they
// are signed in.
func (s *Service) tally(ctx context.Context, p PollRecord, viewer account.UserID, now time.Time) (Poll, error) {
	counts, err := s.repo.Counts(ctx, p.ID)
	if err != nil {
		return Poll{}, err
	}
	t := Poll{ID: p.ID, Question: p.Question, Options: make([]PollOption, len(p.Options)), Duration: p.Duration,
		StartTime: p.StartTime, EndTime: p.End(), Ended: p.Ended(now)}
	for i, o := range p.Options {
		t.Options[i] = PollOption{Option: o, Count: counts[i]}
		t.TotalVotes += counts[i]
	}
	if viewer != "" {
		option, ok, err := s.repo.VoteOf(ctx, p.ID, viewer)
		if err != nil {
			return Poll{}, err
		}
		if ok {
			t.MyVote = &option
		}
	}
	return t, nil
}

// publishTally sends a poll's current tally to the channel's viewers;
// failures are logged (the next publication, or a reload, corrects them).
func (s *Service) publishTally(ctx context.Context, ch channel.ID, pollID string) {
	now := s.clock()
	p, err := s.repo.Poll(ctx, pollID)
	if err == nil {
		var t Poll
		if t, err = s.tally(ctx, p, "", now); err == nil {
			err = s.publish(ctx, ch, PollVotesEvent{Type: TypePollVotes, ChannelID: string(ch), Poll: t, Time: now})
		}
	}
	if err != nil && ctx.Err() == nil {
		s.log.Warn("poll tally not published", "channel_id", ch, "action_id", pollID, "err", err)
	}
}

// paceTally publishes a running poll's tally for the pacer. An ended
// poll's last word was said by whatever ended it (the final tally, or
// none when it was replaced), so nothing follows it; the channel's lock
// keeps the order of this check and those publications.
func (s *Service) paceTally(ctx context.Context, ch channel.ID, id string) {
	defer s.locks.lock(string(ch))()
	p, err := s.repo.Poll(ctx, id)
	if err != nil || !p.EndedAt.IsZero() {
		return
	}
	s.publishTally(ctx, ch, id)
}

// endPoll runs when a poll's time is up: unless it already ended
// (stopped, replaced, the stream ended), the final tally goes out and
// the results stay up for ResultsFor.
func (s *Service) endPoll(ctx context.Context, ch channel.ID, id string, end time.Time) {
	defer s.locks.lock(string(ch))()
	ended, err := s.repo.EndPoll(ctx, id, end)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("poll end not recorded", "channel_id", ch, "action_id", id, "err", err)
		}
		return
	}
	if ended {
		s.publishTally(ctx, ch, id)
		s.sched.add(job{at: end.Add(ResultsFor), ch: ch, id: id, kind: jobClear})
	}
}

// clearPoll removes a poll whose results have been shown.
func (s *Service) clearPoll(ctx context.Context, ch channel.ID, id string) {
	defer s.locks.lock(string(ch))()
	if err := s.clear(ctx, ch, id); err != nil && ctx.Err() == nil && errs.KindOf(err) != errs.KindNotFound {
		s.log.Error("poll results not cleared", "channel_id", ch, "action_id", id, "err", err)
	}
}
