package stage

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/sfu"
)

// Run checks stages every SweepInterval until ctx ends: a stage whose host
// has been away for HostGoneAfter ends (spec 8.3, without the original's
// per-event delayed jobs: the check survives restarts), unused seats are
// forgotten, and rooms left without a stage (a deleted account, a crash
// between the two deletions) are closed.
func (s *Service) Run(ctx context.Context) error {
	t := time.NewTicker(s.cfg.SweepInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			s.Sweep(ctx)
		}
	}
}

// Sweep runs one check.
func (s *Service) Sweep(ctx context.Context) {
	now := s.Now().UTC()
	stages, err := s.Repo.Stages(ctx)
	if err != nil {
		s.Log.Warn("stage sweep: list stages", "err", err)
		return
	}
	live := make(map[string]bool, len(stages))
	for _, st := range stages {
		live[string(st.ID)] = true
		present, err := s.Participants(ctx, st.ID)
		if err != nil {
			s.Log.Warn("stage sweep: participants", "stage_id", st.ID, "err", err)
			continue
		}
		s.closeRemoved(ctx, st, present)
		if hostConnected(present, st.ChannelID) {
			if err := s.Repo.SetHostSeen(ctx, st.ID, now); err != nil {
				s.Log.Warn("stage sweep: host seen", "stage_id", st.ID, "err", err)
			}
			continue
		}
		if cutoff := now.Add(-s.cfg.HostGoneAfter); !st.HostSeenAt.After(cutoff) {
			if _, err := s.end(ctx, st, cutoff.Add(time.Millisecond), "host gone"); err != nil {
				s.Log.Warn("stage sweep: end", "stage_id", st.ID, "err", err)
			}
		}
	}
	if err := s.Repo.DeleteSeatsBefore(ctx, now.Add(-s.cfg.SeatHold)); err != nil {
		s.Log.Warn("stage sweep: seats", "err", err)
	}
	rooms, err := s.SFU.Rooms(ctx)
	if err != nil {
		s.Log.Warn("stage sweep: rooms", "err", err)
		return
	}
	for _, room := range rooms {
		if strings.HasPrefix(room, stagePrefix) && !live[room] {
			// Listed before the stages? Look again before closing it.
			if _, err := s.Repo.StageByID(ctx, ID(room)); !errors.Is(err, ErrNotFound) {
				continue
			}
			s.Log.Info("stage room without a stage closed", "stage_id", room)
			if err := s.SFU.DeleteRoom(ctx, room); err != nil {
				s.Log.Warn("stage sweep: delete room", "stage_id", room, "err", err)
			}
		}
	}
}

// closeRemoved disconnects anyone the host removed who came back with a
// token issued before the removal (LiveKit honours a token until it
// expires).
func (s *Service) closeRemoved(ctx context.Context, st Stage, present []sfu.Participant) {
	if len(present) == 0 {
		return
	}
	removed, err := s.Repo.Removed(ctx, st.ID)
	if err != nil || len(removed) == 0 {
		if err != nil {
			s.Log.Warn("stage sweep: removals", "stage_id", st.ID, "err", err)
		}
		return
	}
	for _, p := range present {
		if p.Publisher && slices.Contains(removed, account.UserID(p.Attributes[AttrUserID])) {
			s.Log.Info("removed participant came back; closing", "stage_id", st.ID, "user_id", p.Attributes[AttrUserID])
			if err := s.SFU.RemoveParticipant(ctx, string(st.ID), p.Identity); err != nil {
				s.Log.Warn("stage sweep: remove", "stage_id", st.ID, "err", err)
			}
		}
	}
}
