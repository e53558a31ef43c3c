// Package stage owns co-host sessions ("stages"): who may create, join,
// publish in, remove people from and end a channel's stage. Media runs in
// the SFU; this package decides and the SFU's tokens carry the decision.
package stage

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/ids"
	"github.com/onair/onair/internal/sfu"
)

// ID names a stage; it is also the SFU room's name.
type ID string

// Role is how someone takes part in a stage (spec 8.1).
type Role string

const (
	RoleHost        Role = "host"
	RoleInvited     Role = "invited"
	RoleRequested   Role = "requested"
	RoleSpectator   Role = "spectator"
	RoleScreenshare Role = "screenshare"
)

// Participant groups: a user's camera and microphone, or their screen.
const (
	GroupUser    = "user"
	GroupDisplay = "display"
)

// MaxPublishers is how many participants may publish in one stage.
const MaxPublishers = 12

// Stage is a channel's live co-host session.
type Stage struct {
	ID         ID
	ChannelID  channel.ID
	HostUserID account.UserID
	CreatedAt  time.Time
	// HostSeenAt is the last time the host was seen connected.
	HostSeenAt time.Time
	// InviteCode is the secret of the session link; only publishers see it.
	InviteCode string
}

// Seat is a participant token Onair issued for a stage.
type Seat struct {
	ParticipantID string
	StageID       ID
	UserID        account.UserID
	Role          Role
	CreatedAt     time.Time
}

// Request is a viewer's request to join a stage.
type Request struct {
	StageID   ID
	UserID    account.UserID
	Accepted  bool
	CreatedAt time.Time
}

// Repo is the storage the service needs.
type Repo interface {
	// CreateStage stores s unless its channel already has a stage; either
	// way it returns the channel's stage and whether it is new.
	CreateStage(ctx context.Context, s Stage) (Stage, bool, error)
	StageByID(ctx context.Context, id ID) (Stage, error)
	StageByChannel(ctx context.Context, ch channel.ID) (Stage, error)
	Stages(ctx context.Context) ([]Stage, error)
	// DeleteStage removes the stage with its seats and requests; when
	// hostSeenBefore is set, only if the host was last seen before it.
	DeleteStage(ctx context.Context, id ID, hostSeenBefore time.Time) (bool, error)
	SetHostSeen(ctx context.Context, id ID, at time.Time) error
	// TakeSeat runs decide while no other seat decision for the stage can
	// run, with the seats issued since `since`, and stores the seat decide
	// returns (none when ok is false).
	TakeSeat(ctx context.Context, id ID, since time.Time, decide func(recent []Seat) (seat Seat, ok bool, err error)) error
	DeleteSeatsBefore(ctx context.Context, before time.Time) error

	// PutRequest records a pending request (again pending if it existed).
	PutRequest(ctx context.Context, r Request) error
	Request(ctx context.Context, id ID, user account.UserID) (Request, error)
	// Requests lists a stage's pending requests, oldest first.
	Requests(ctx context.Context, id ID) ([]Request, error)
	AcceptRequest(ctx context.Context, id ID, user account.UserID) (bool, error)
	DeleteRequest(ctx context.Context, id ID, user account.UserID) (bool, error)

	// AddRemoval records that the host removed user; Removed lists the
	// users removed from a stage.
	AddRemoval(ctx context.Context, id ID, user account.UserID, at time.Time) error
	Removed(ctx context.Context, id ID) ([]account.UserID, error)
}

// SFU is the media server.
type SFU interface {
	URL() string
	Token(g sfu.Grant) (string, error)
	Participants(ctx context.Context, room string) ([]sfu.Participant, error)
	RemoveParticipant(ctx context.Context, room, identity string) error
	DeleteRoom(ctx context.Context, room string) error
	Rooms(ctx context.Context) ([]string, error)
}

// Users looks up accounts.
type Users interface {
	User(ctx context.Context, id account.UserID) (account.User, error)
}

// Channels looks up channels and their owners' pictures.
type Channels interface {
	ForUser(ctx context.Context, user account.UserID) (channel.Channel, error)
	ByID(ctx context.Context, id channel.ID) (channel.Channel, error)
	AvatarURL(ctx context.Context, user account.User) (string, error)
}

// Live tells whether a channel is streaming.
type Live interface {
	LiveSession(ctx context.Context, ch channel.ID) (string, error)
}

// Bans tells who is banned from a channel's chat.
type Bans interface {
	IsBanned(ctx context.Context, ch channel.ID, user account.UserID) (bool, error)
}

// Realtime tells browsers: users in their inbox, viewers on the channel's
// event stream.
type Realtime interface {
	PublishUser(ctx context.Context, userID string, event any) error
	PublishChannelEvent(ctx context.Context, channelID string, event any) error
}

// Config tunes the service.
type Config struct {
	// HostGoneAfter ends a stage whose host has been away this long.
	HostGoneAfter time.Duration
	// SweepInterval is how often stages are checked for an absent host.
	SweepInterval time.Duration
	// SeatHold is how long an issued token holds its seat before its
	// participant connects.
	SeatHold time.Duration
	// TokenTTL is how long participant tokens are valid.
	TokenTTL time.Duration
}

// Deps are the service's collaborators.
type Deps struct {
	Repo     Repo
	SFU      SFU
	Users    Users
	Channels Channels
	Live     Live
	Bans     Bans
	Realtime Realtime
	// Changed hears that a channel's stage started or ended (optional).
	Changed func(ctx context.Context, ch channel.ID, onStage bool)
	Log     *slog.Logger
	Now     func() time.Time
}

// Service runs stages.
type Service struct {
	cfg Config
	Deps
}

// New returns the service; zero config values take the defaults.
func New(cfg Config, deps Deps) *Service {
	if cfg.HostGoneAfter <= 0 {
		cfg.HostGoneAfter = 3 * time.Minute
	}
	if cfg.SweepInterval <= 0 {
		cfg.SweepInterval = min(cfg.HostGoneAfter/6, 10*time.Second)
	}
	if cfg.SeatHold <= 0 {
		cfg.SeatHold = time.Minute
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = 24 * time.Hour
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	return &Service{cfg: cfg, Deps: deps}
}

// Errors; messages are the spec's where it has one.
var (
	ErrNotFound           = errs.NotFound("StageNotFoundException", "The session ended")
	ErrChannelLive        = errs.Conflict("ChannelLiveException", "Unable to create session while the channel is live")
	ErrViewerLive         = errs.Conflict("ViewerLiveException", "Failed to send request")
	ErrOwnStage           = errs.Invalid("OwnStageException", "This is your own session")
	ErrBanned             = errs.Forbidden("BannedException", "You are banned from this channel")
	ErrNotHost            = errs.Forbidden("NotStageHostException", "Only the host can do this")
	ErrNotParticipant     = errs.Forbidden("NotStageParticipantException", "Join the session before sharing your screen")
	ErrRequestNotAccepted = errs.Forbidden("RequestNotAcceptedException", "The host has not accepted your request")
	ErrRequestNotFound    = errs.NotFound("RequestNotFoundException", "This request no longer exists")
	ErrParticipantGone    = errs.NotFound("ParticipantNotFoundException", "This participant is no longer in the session")
	ErrFull               = errs.Conflict("StageFullException", "Stage is at capacity")
	ErrBadInvite          = errs.Forbidden("InvalidInviteException", "This session link is not valid")
	ErrRemoved            = errs.Forbidden("RemovedFromStageException", "You have been removed from the session")
	ErrBadRole            = errs.Invalid("InvalidParticipantTypeException", "Participant type must be invited, requested or screenshare")
)

// HostIdentity is the SFU identity of a channel's host (spec 8.1), which is
// how every participant recognises the host.
func HostIdentity(ch channel.ID) string { return "host:" + string(ch) }

// newStageID returns "stage-" and 128 random bits (the prefix also marks
// the SFU rooms Onair owns; stream sessions are "st-…").
func newStageID() ID { return ID(stagePrefix + ids.New()) }

const stagePrefix = "stage-"

// newParticipantID is a random UUID, as the original's participant ids.
func newParticipantID() string { return uuid.NewString() }
