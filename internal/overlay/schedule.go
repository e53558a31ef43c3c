package overlay

import (
	"context"
	"sync"
	"time"

	"github.com/onair/onair/internal/channel"
)

// The node's poll work: ending polls it started (or found running when it
// started) when their time is up, clearing their results afterwards, and
// publishing tallies at most every PaceVotes. One goroutine (Run) does it
// all, so publications of one poll never overtake each other on this node.

type jobKind int

const (
	jobEndPoll jobKind = iota // the poll's time is up
	jobClear                  // its results have been shown
)

type job struct {
	at   time.Time // on the service's clock
	ch   channel.ID
	id   string
	kind jobKind
}

// pace is one poll's tally publications: last is when the previous one
// went out (wall clock: this only spaces messages), dirty whether votes
// came since.
type pace struct {
	ch    channel.ID
	last  time.Time
	dirty bool
}

type scheduler struct {
	mu    sync.Mutex
	jobs  []job
	paced map[string]*pace
	wake  chan struct{}
}

func newScheduler() *scheduler {
	return &scheduler{paced: map[string]*pace{}, wake: make(chan struct{}, 1)}
}

// clockCheck bounds how long Run sleeps while jobs are pending: jobs are
// due on the service's clock, which need not be the wall clock (tests
// move it forward).
const clockCheck = 250 * time.Millisecond

func (sc *scheduler) add(j job) {
	sc.mu.Lock()
	sc.jobs = append(sc.jobs, j)
	sc.mu.Unlock()
	sc.poke()
}

// touch notes a new vote: the poll's tally is due for publication.
func (sc *scheduler) touch(pollID string, ch channel.ID) {
	sc.mu.Lock()
	p := sc.paced[pollID]
	if p == nil {
		p = &pace{ch: ch}
		sc.paced[pollID] = p
	}
	p.dirty = true
	sc.mu.Unlock()
	sc.poke()
}

func (sc *scheduler) poke() {
	select {
	case sc.wake <- struct{}{}:
	default:
	}
}

type flush struct {
	ch channel.ID
	id string
}

// due takes the jobs due at now and the tallies due at wall, and says how
// long to sleep before looking again.
func (sc *scheduler) due(now, wall time.Time) (jobs []job, tallies []flush, sleep time.Duration) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sleep = time.Hour // until poked
	keep := sc.jobs[:0]
	for _, j := range sc.jobs {
		if !j.at.After(now) {
			jobs = append(jobs, j)
			continue
		}
		keep = append(keep, j)
		sleep = min(sleep, j.at.Sub(now), clockCheck)
	}
	clear(sc.jobs[len(keep):])
	sc.jobs = keep
	for id, p := range sc.paced {
		wait := PaceVotes - wall.Sub(p.last)
		switch {
		case p.dirty && wait <= 0:
			p.dirty, p.last = false, wall
			tallies = append(tallies, flush{ch: p.ch, id: id})
			sleep = min(sleep, PaceVotes) // to forget it when quiet
		case p.dirty:
			sleep = min(sleep, wait)
		case wait <= 0:
			delete(sc.paced, id) // quiet for a while: the next vote goes out at once
		default:
			sleep = min(sleep, wait)
		}
	}
	return jobs, tallies, max(sleep, 0)
}

// Run ends polls and publishes tallies until ctx ends. Work still pending
// then is dropped: the next start takes it up again from the database
// (resume), and reads compute every poll's state from the stored times
// meanwhile.
func (s *Service) Run(ctx context.Context) error {
	s.resume(ctx)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for ctx.Err() == nil {
		jobs, tallies, sleep := s.sched.due(s.now(), time.Now())
		for _, j := range jobs {
			switch j.kind {
			case jobEndPoll:
				s.endPoll(ctx, j.ch, j.id, j.at)
			case jobClear:
				s.clearPoll(ctx, j.ch, j.id)
			}
		}
		for _, f := range tallies {
			s.paceTally(ctx, f.ch, f.id)
		}
		if len(jobs) > 0 || len(tallies) > 0 {
			continue // the work took time; look again before sleeping
		}
		timer.Reset(sleep)
		select {
		case <-ctx.Done():
			return nil
		case <-s.sched.wake:
		case <-timer.C:
		}
	}
	return nil
}

// resume schedules the work of the polls that are active actions, which a
// stopped or crashed node took with it: the end of a running poll, the
// clearing of an ended one's results. Times already past run at once.
//
// Every node does this when it starts, while the node that sent a poll has
// its own jobs for it: duplicates are harmless. EndPoll ends a poll once
// (a conditional UPDATE on ended_at IS NULL), and only the call that ended
// it publishes the final tally and schedules the clearing; clear deletes
// the action only while it is still that poll, and only the call that
// deleted it tells viewers.
func (s *Service) resume(ctx context.Context) {
	polls, err := s.repo.RunningPolls(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("running polls not resumed", "err", err)
		}
		return
	}
	for _, p := range polls {
		j := job{at: p.EndTime, ch: p.ChannelID, id: p.ID, kind: jobEndPoll}
		if !p.EndedAt.IsZero() {
			j.at, j.kind = p.End().Add(ResultsFor), jobClear
		}
		s.sched.add(j)
	}
	if len(polls) > 0 {
		s.log.Info("running polls resumed", "polls", len(polls))
	}
}
