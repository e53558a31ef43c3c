package channel

import (
	"context"
	"fmt"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/errs"
)

// Card is a channel as the directory and following lists show it.
type Card struct {
	ChannelID ID
	UserID    account.UserID
	Username  string
	Avatar    string
	Color     string
	// Assets are the owner's uploaded images by kind (file keys).
	Assets Assets
	// LiveSince is when the channel's live stream started; zero when offline.
	LiveSince time.Time
	// StageID is the channel's co-host session, "" when it has none; a
	// channel on a stage counts as live in the lists (spec 10).
	StageID string
}

// IsLive reports whether the card's channel is streaming.
func (c Card) IsLive() bool { return !c.LiveSince.IsZero() }

// Limits of the lists (spec 10).
const (
	// MaxFollowing caps the following list: live channels first, then
	// offline ones by follow recency.
	MaxFollowing = 50
	// MaxLive caps the directory's live list.
	MaxLive = 50
)

var (
	errFollowSelf    = errs.Invalid("UnexpectedException", "You cannot follow your own channel.")
	errFollowMissing = errs.Invalid("BadRequestException", "Name the channel to follow: followedUsername is required.").
				WithField("followedUsername", "This field is required.")
)

// Follow adds username's channel to the user's following list. Following
// twice is not an error; added says whether this call followed it.
func (s *Service) Follow(ctx context.Context, user account.UserID, username string) (added bool, err error) {
	target, err := s.followTarget(ctx, user, username)
	if err != nil {
		return false, err
	}
	added, err = s.repo.Follow(ctx, user, target.ChannelID, s.now())
	if err != nil {
		return false, fmt.Errorf("follow %s: %w", target.ChannelID, err)
	}
	s.lists.invalidate(followingKey(user))
	return added, nil
}

// Unfollow removes username's channel from the user's following list.
func (s *Service) Unfollow(ctx context.Context, user account.UserID, username string) error {
	target, err := s.followTarget(ctx, user, username)
	if err != nil {
		return err
	}
	if err := s.repo.Unfollow(ctx, user, target.ChannelID); err != nil {
		return fmt.Errorf("unfollow %s: %w", target.ChannelID, err)
	}
	s.lists.invalidate(followingKey(user))
	return nil
}

func (s *Service) followTarget(ctx context.Context, user account.UserID, username string) (Profile, error) {
	if username == "" {
		return Profile{}, errFollowMissing
	}
	target, err := s.Profile(ctx, username)
	if err != nil {
		return Profile{}, err
	}
	if target.UserID == user {
		return Profile{}, errFollowSelf
	}
	return target, nil
}

// IsFollowing reports whether the user follows the channel.
func (s *Service) IsFollowing(ctx context.Context, user account.UserID, ch ID) (bool, error) {
	return s.repo.IsFollowing(ctx, user, ch)
}

// Following is the user's following list (spec 3.2): followed live channels
// newest start first, then offline ones most recently followed first, at
// most MaxFollowing in all. The answer is reused for up to ListCacheTTL (see
// there) unless the user follows or unfollows, or LiveChanged; callers must
// not modify it.
func (s *Service) Following(ctx context.Context, user account.UserID) ([]Card, error) {
	return s.lists.get(ctx, s.now, followingKey(user), func(ctx context.Context) ([]Card, error) {
		return s.loadFollowing(ctx, user)
	})
}

func (s *Service) loadFollowing(ctx context.Context, user account.UserID) ([]Card, error) {
	live, err := s.repo.FollowedLive(ctx, user, MaxFollowing)
	if err != nil {
		return nil, fmt.Errorf("followed live channels: %w", err)
	}
	var offline []Card
	if room := MaxFollowing - len(live); room > 0 {
		if offline, err = s.repo.FollowedOffline(ctx, user, room); err != nil {
			return nil, fmt.Errorf("followed offline channels: %w", err)
		}
	}
	return append(live, offline...), nil
}

// Live is the directory's live list: channels streaming now, newest start
// first, then channels on a stage, newest stage first; at most MaxLive in
// all (the original returned up to twice that, quirk 14). The answer is
// shared by every caller for up to ListCacheTTL (see there), or until
// LiveChanged; callers must not modify it.
func (s *Service) Live(ctx context.Context) ([]Card, error) {
	return s.lists.get(ctx, s.now, directoryKey, s.loadLive)
}

// LiveChanged tells the lists that a channel on this node started or
// stopped streaming, or opened or ended a stage, once the change is stored:
// the directory and every following list are read again.
func (s *Service) LiveChanged() { s.lists.invalidateAll() }

func (s *Service) loadLive(ctx context.Context) ([]Card, error) {
	cards, err := s.repo.LiveCards(ctx, MaxLive)
	if err != nil {
		return nil, fmt.Errorf("live channels: %w", err)
	}
	if room := MaxLive - len(cards); room > 0 {
		staged, err := s.repo.StageCards(ctx, room)
		if err != nil {
			return nil, fmt.Errorf("channels on a stage: %w", err)
		}
		cards = append(cards, staged...)
	}
	return cards, nil
}
