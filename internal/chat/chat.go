// Package chat runs one chat room per channel on top of the realtime
// layer: anyone may read, signed-in users send, the channel's owner deletes
// messages and bans users. Messages are plain text; rendering is the
// client's job.
//
// History and deletion: every message and every moderation event is
// published to the room ("chat:<channelId>") into Centrifuge's bounded
// history stream. Deletions and bans are tombstones in that stream, after
// the messages they remove. When a client subscribes, the service reads the
// stream, works out which messages the tombstones remove, and the realtime
// layer hides those from that subscriber (a server-side tags filter applied
// to recovery and to live delivery alike), so a newcomer never receives a
// deleted or banned user's message, even by forging a recovery position.
// A newcomer receives the last HistorySize visible messages (younger than
// HistoryTTL) and the tombstones after them; a client back from a short
// disconnect receives what it missed, tombstones included, and applies
// them as it would live.
package chat

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/ids"
	"github.com/onair/onair/internal/ratelimit"
	"github.com/onair/onair/internal/realtime"
)

// MaxLength is the longest message, in Unicode code points after trimming.
const MaxLength = 500

// Config tunes the chat rules.
type Config struct {
	// UserRate is how many messages per second one user may send (burst
	// of as many); RoomRate how many a room accepts from all senders.
	UserRate int
	RoomRate int
	// HistorySize is how many recent messages a newcomer receives;
	// HistoryTTL how old they may be.
	HistorySize int
	HistoryTTL  time.Duration
}

// Ban is a user barred from a channel's chat.
type Ban struct {
	UserID   account.UserID
	Username string
	Avatar   string
	Color    string
	BannedAt time.Time
}

// Repo stores bans.
type Repo interface {
	// Ban records the ban; banning again changes nothing.
	Ban(ctx context.Context, ch channel.ID, user account.UserID, at time.Time) error
	Unban(ctx context.Context, ch channel.ID, user account.UserID) error
	IsBanned(ctx context.Context, ch channel.ID, user account.UserID) (bool, error)
	// Bans lists a channel's bans, newest first.
	Bans(ctx context.Context, ch channel.ID) ([]Ban, error)
}

// Channels finds rooms' channels.
type Channels interface {
	ByID(ctx context.Context, id channel.ID) (channel.Channel, error)
	// AvatarURL is the address of the user's uploaded avatar image, "" when
	// they use a preset.
	AvatarURL(ctx context.Context, user account.User) (string, error)
}

// Users finds the users the owner bans.
type Users interface {
	User(ctx context.Context, id account.UserID) (account.User, error)
}

// Realtime is what chat needs from the realtime node.
type Realtime interface {
	Publish(ctx context.Context, channel string, p realtime.Publication) (realtime.Position, error)
	History(ctx context.Context, channel string) (realtime.Stream, error)
	Unsubscribe(ctx context.Context, userID, channel string, why realtime.Reason) error
	PublishUser(ctx context.Context, userID string, event any) error
}

// Deps are the service's collaborators.
type Deps struct {
	Repo     Repo
	Channels Channels
	Users    Users
	Realtime Realtime
	Log      *slog.Logger
	Now      func() time.Time
}

// Errors; the messages are the spec's chat texts where it has one.
var (
	ErrTooLong         = errs.Invalid("ChatMessageTooLongException", "Message could not be sent. Max message length reached.")
	ErrEmpty           = errs.Invalid("ChatMessageEmptyException", "Message could not be sent. The message is empty.")
	ErrUserRate        = errs.RateLimited("ChatRateExceededException", "Message could not be sent. Rate exceeded.")
	ErrRoomRate        = errs.RateLimited("ChatRoomRateExceededException", "Message could not be sent. Rate exceeded.")
	ErrBanned          = errs.Forbidden("ChatBannedException", "You are banned from this channel")
	ErrNotOwner        = errs.Forbidden("ForbiddenException", "Only the channel's owner moderates its chat.")
	ErrMessageNotFound = errs.NotFound("ChatMessageNotFoundException", "This message is not in the chat's recent history.")
	ErrBanSelf         = errs.Invalid("ChatCannotBanSelfException", "You cannot ban yourself from your own chat.")
)

// Service implements the chat rules.
type Service struct {
	cfg      Config
	repo     Repo
	channels Channels
	users    Users
	rt       Realtime
	log      *slog.Logger
	now      func() time.Time
	byUser   *ratelimit.Keyed
	byRoom   *ratelimit.Keyed
}

// New returns the chat service.
func New(cfg Config, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if cfg.HistorySize <= 0 {
		cfg.HistorySize = 50
	}
	if cfg.HistoryTTL <= 0 {
		cfg.HistoryTTL = time.Hour
	}
	return &Service{cfg: cfg, repo: d.Repo, channels: d.Channels, users: d.Users, rt: d.Realtime, log: d.Log, now: d.Now,
		byUser: ratelimit.New(cfg.UserRate), byRoom: ratelimit.New(cfg.RoomRate)}
}

// streamSize bounds a room's history stream: the messages a newcomer may
// receive plus room for the tombstones and removed messages among them.
func (s *Service) streamSize() int { return 4 * s.cfg.HistorySize }

// Send posts a message from user to the room of channel ch.
func (s *Service) Send(ctx context.Context, user account.User, ch channel.ID, content string) (Message, error) {
	content, err := checkContent(content)
	if err != nil {
		return Message{}, err
	}
	if _, err := s.channels.ByID(ctx, ch); err != nil {
		return Message{}, err
	}
	banned, err := s.repo.IsBanned(ctx, ch, user.ID)
	if err != nil {
		return Message{}, fmt.Errorf("ban check: %w", err)
	}
	if banned {
		return Message{}, ErrBanned
	}
	now := s.now()
	if !s.byUser.Allow(string(user.ID), now) {
		return Message{}, ErrUserRate
	}
	if !s.byRoom.Allow(string(ch), now) {
		return Message{}, ErrRoomRate
	}
	avatarURL, err := s.channels.AvatarURL(ctx, user)
	if err != nil {
		return Message{}, err
	}
	m := Message{Type: TypeMessage, ID: ids.New(), ChannelID: string(ch), Content: content, SendTime: now.UTC(),
		Sender: Sender{UserID: string(user.ID), Username: user.Username, Avatar: user.Avatar, AvatarURL: avatarURL, Color: user.Color}}
	tags := map[string]string{tagKind: kindMessage, realtime.TagID: m.ID, tagUser: m.Sender.UserID, tagTime: strconv.FormatInt(now.UnixMilli(), 10)}
	if err := s.publish(ctx, ch, m, tags); err != nil {
		return Message{}, err
	}
	return m, nil
}

// checkContent returns a message's text as it is sent: trimmed, at least
// one and at most MaxLength code points, and valid UTF-8 (a malformed byte
// becomes U+FFFD, as the JSON the room carries would make it anyway).
func checkContent(content string) (string, error) {
	content = strings.TrimSpace(strings.ToValidUTF8(content, string(utf8.RuneError)))
	switch n := utf8.RuneCountInString(content); {
	case n == 0:
		return "", ErrEmpty
	case n > MaxLength:
		return "", ErrTooLong
	}
	return content, nil
}

// publish adds an event to the room and its history stream.
func (s *Service) publish(ctx context.Context, ch channel.ID, event any, tags map[string]string) error {
	_, err := s.rt.Publish(ctx, realtime.Chat(string(ch)), realtime.Publication{
		Event: event, Tags: tags, HistorySize: s.streamSize(), HistoryTTL: s.cfg.HistoryTTL,
	})
	return err
}

// IsBanned reports whether user is banned from channel ch's chat.
func (s *Service) IsBanned(ctx context.Context, ch channel.ID, user account.UserID) (bool, error) {
	if user == "" {
		return false, nil
	}
	return s.repo.IsBanned(ctx, ch, user)
}
