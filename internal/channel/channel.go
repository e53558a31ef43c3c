// Package channel owns each user's channel: its public ids, the secret
// stream key and public profile lookups.
package channel

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/blob"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/ids"
)

// ID is a channel's stable public id (lower-case).
type ID string

// Channel is one user's channel. StreamKey is secret: only its owner sees it.
type Channel struct {
	ID         ID
	UserID     account.UserID
	PlaybackID string
	StreamKey  string
	Type       string
	CreatedAt  time.Time
}

// ChatRoomID is the realtime room of the channel's chat.
func (c Channel) ChatRoomID() string { return "chat:" + string(c.ID) }

// Profile is the public view of a channel and its owner.
type Profile struct {
	ChannelID  ID
	UserID     account.UserID
	Username   string
	Avatar     string
	Color      string
	PlaybackID string
	Assets     Assets
}

// Repo is the storage the channel service needs.
type Repo interface {
	// CreateChannel stores c unless the user already has a channel.
	CreateChannel(ctx context.Context, c Channel) error
	ChannelByUser(ctx context.Context, id account.UserID) (Channel, error)
	ChannelByID(ctx context.Context, id ID) (Channel, error)
	ChannelByStreamKey(ctx context.Context, key string) (Channel, error)
	SetStreamKey(ctx context.Context, id account.UserID, key string) error
	ProfileByUsername(ctx context.Context, username string) (Profile, error)

	// Follow records that user follows ch; added is false when it already did.
	Follow(ctx context.Context, user account.UserID, ch ID, at time.Time) (added bool, err error)
	Unfollow(ctx context.Context, user account.UserID, ch ID) error
	IsFollowing(ctx context.Context, user account.UserID, ch ID) (bool, error)
	// FollowedLive lists the user's followed channels that are live
	// (streaming or on a stage), newest start first; FollowedOffline the
	// others, most recently followed first.
	FollowedLive(ctx context.Context, user account.UserID, limit int) ([]Card, error)
	FollowedOffline(ctx context.Context, user account.UserID, limit int) ([]Card, error)
	// LiveCards lists live channels, newest start first; StageCards the
	// channels on a stage that are not streaming, newest stage first.
	LiveCards(ctx context.Context, limit int) ([]Card, error)
	StageCards(ctx context.Context, limit int) ([]Card, error)

	Assets(ctx context.Context, user account.UserID) (Assets, error)
	// SetAsset records key as the user's image of kind and returns the key
	// it replaces ("" if none); DeleteAsset forgets it and returns it.
	SetAsset(ctx context.Context, user account.UserID, kind AssetKind, key string, at time.Time) (old string, err error)
	DeleteAsset(ctx context.Context, user account.UserID, kind AssetKind) (old string, err error)
}

// Errors.
var (
	ErrNotFound        = errs.NotFound("ResourceNotFoundException", "This channel does not exist.")
	ErrProfileNotFound = errs.NotFound("UserNotFoundException", "This page is unavailable")
)

// Config tunes the channel service.
type Config struct {
	// Type is the channel type for new channels (BASIC or STANDARD).
	Type string
	// BaseURL is the public HTTP base used for playback URLs.
	BaseURL string
	// IngestHost and IngestPort form the RTMP ingest URL.
	IngestHost string
	IngestPort string
}

// KeyRevoker drops a live publisher when its key is reset; the media engine
// implements it.
type KeyRevoker interface {
	RevokePublisher(ctx context.Context, id ID)
}

// Service implements channel rules.
type Service struct {
	cfg     Config
	repo    Repo
	log     *slog.Logger
	now     func() time.Time
	revoker KeyRevoker
	files   blob.Store
	looks   LookUpdater
	// imageJobs holds a slot per image being decoded.
	imageJobs chan struct{}
	// lists caches the directory and following lists (listcache.go).
	lists listCache
}

// Deps are the service's collaborators.
type Deps struct {
	Repo Repo
	Log  *slog.Logger
	Now  func() time.Time
	// Revoker drops live publishers; nil when this node runs no media.
	Revoker KeyRevoker
	// Files stores uploaded profile images.
	Files blob.Store
	// Looks stores avatar and colour changes.
	Looks LookUpdater
}

// New returns the channel service.
func New(cfg Config, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{cfg: cfg, repo: d.Repo, log: d.Log, now: d.Now, revoker: d.Revoker, files: d.Files, looks: d.Looks,
		imageJobs: make(chan struct{}, maxImageJobs)}
}

// Ensure returns the user's channel, provisioning it on first use.
func (s *Service) Ensure(ctx context.Context, user account.UserID) (Channel, error) {
	c, err := s.repo.ChannelByUser(ctx, user)
	if err == nil {
		return c, nil
	}
	if !isNotFound(err) {
		return Channel{}, err
	}
	c = Channel{
		ID: ID(ids.Random(10)), UserID: user, PlaybackID: ids.Random(15),
		StreamKey: NewStreamKey(), Type: s.cfg.Type, CreatedAt: s.now(),
	}
	if err := s.repo.CreateChannel(ctx, c); err != nil {
		return Channel{}, fmt.Errorf("create channel for %s: %w", user, err)
	}
	s.log.Info("channel provisioned", "user_id", user)
	// Read back: a concurrent first sign-in may have won the insert.
	return s.repo.ChannelByUser(ctx, user)
}

// ForUser returns the user's channel.
func (s *Service) ForUser(ctx context.Context, user account.UserID) (Channel, error) {
	return s.repo.ChannelByUser(ctx, user)
}

// ResetStreamKey issues a new stream key and disconnects any live publisher
// that used the old one.
func (s *Service) ResetStreamKey(ctx context.Context, user account.UserID) (Channel, error) {
	c, err := s.Ensure(ctx, user)
	if err != nil {
		return Channel{}, err
	}
	key := NewStreamKey()
	if err := s.repo.SetStreamKey(ctx, user, key); err != nil {
		return Channel{}, errs.New(errs.KindInternal, "ResetStreamKeyException", "Stream key failed to reset").Wrap(err)
	}
	c.StreamKey = key
	if s.revoker != nil {
		s.revoker.RevokePublisher(ctx, c.ID)
	}
	s.log.Info("stream key reset", "channel_id", c.ID)
	return c, nil
}

// Profile returns the public view of username's channel.
func (s *Service) Profile(ctx context.Context, username string) (Profile, error) {
	if username == "" || len(username) > 100 {
		return Profile{}, ErrProfileNotFound
	}
	return s.repo.ProfileByUsername(ctx, username)
}

// ByID returns a channel by its public id.
func (s *Service) ByID(ctx context.Context, id ID) (Channel, error) {
	return s.repo.ChannelByID(ctx, id)
}

// ByStreamKey finds the channel a stream key belongs to.
func (s *Service) ByStreamKey(ctx context.Context, key string) (Channel, error) {
	return s.repo.ChannelByStreamKey(ctx, key)
}

// PlaybackURL is the public LL-HLS address of a channel.
func (s *Service) PlaybackURL(playbackID string) string {
	return strings.TrimRight(s.cfg.BaseURL, "/") + "/hls/" + playbackID + "/index.m3u8"
}

// WHIPURL is the WebRTC (WHIP) ingest address; publishers authenticate
// with their stream key as bearer token.
func (s *Service) WHIPURL() string { return strings.TrimRight(s.cfg.BaseURL, "/") + "/whip" }

// WHEPURL is the public WebRTC (WHEP) playback address of a channel.
func (s *Service) WHEPURL(playbackID string) string {
	return strings.TrimRight(s.cfg.BaseURL, "/") + "/whep/" + playbackID
}

// IngestEndpoint is host:port of the RTMP ingest.
func (s *Service) IngestEndpoint() string { return s.cfg.IngestHost + ":" + s.cfg.IngestPort }

// IngestServerURL is the URL encoders are given, without the stream key.
func (s *Service) IngestServerURL() string { return "rtmp://" + s.IngestEndpoint() + "/live/" }

func isNotFound(err error) bool { return errs.KindOf(err) == errs.KindNotFound }

// NewStreamKey returns a fresh stream key with 160 random bits.
func NewStreamKey() string { return "sk_" + ids.Random(20) }
