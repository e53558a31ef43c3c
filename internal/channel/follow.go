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
// most MaxFollowing in all.
func (s *Service) Following(ctx context.Context, user account.UserID) ([]Card, error) {
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
// first, at most MaxLive.
func (s *Service) Live(ctx context.Context) ([]Card, error) {
	cards, err := s.repo.LiveCards(ctx, MaxLive)
	if err != nil {
		return nil, fmt.Errorf("live channels: %w", err)
	}
	return cards, nil
}
