package stage

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/ids"
	"github.com/onair/onair/internal/sfu"
)

// Join is what a browser needs to enter a stage's room.
type Join struct {
	Stage Stage
	Role  Role
	// URL is the SFU's signalling address.
	URL string
	// User is the camera/microphone participant; Display the screen
	// share (only for RoleScreenshare joins, then User is empty).
	User    Credentials
	Display Credentials
	// HostUsername names the stage's host.
	HostUsername string
}

// Credentials let one participant connect.
type Credentials struct {
	Token         string
	ParticipantID string
	Group         string
}

// Info is a stage as participants and viewers see it.
type Info struct {
	Stage        Stage
	HostUsername string
	// Publishers counts the participants publishing now.
	Publishers int
}

// Create creates the caller's stage or rejoins it (spec 8.2): a new stage
// or one whose host is away gives host credentials; a host already
// connected elsewhere joins this tab as invited.
func (s *Service) Create(ctx context.Context, user account.User) (Join, error) {
	ch, err := s.Channels.ForUser(ctx, user.ID)
	if err != nil {
		return Join{}, fmt.Errorf("channel of %s: %w", user.ID, err)
	}
	if live, err := s.Live.LiveSession(ctx, ch.ID); err != nil {
		return Join{}, fmt.Errorf("live status of %s: %w", ch.ID, err)
	} else if live != "" {
		return Join{}, ErrChannelLive
	}
	now := s.Now().UTC()
	st, created, err := s.Repo.CreateStage(ctx, Stage{ID: newStageID(), ChannelID: ch.ID, HostUserID: user.ID, CreatedAt: now, HostSeenAt: now,
		InviteCode: ids.New()})
	if err != nil {
		return Join{}, fmt.Errorf("create stage of %s: %w", ch.ID, err)
	}
	if created {
		s.Log.Info("stage created", "stage_id", st.ID, "channel_id", ch.ID)
		s.publishStatus(ctx, ch.ID, &st.ID)
	} else {
		present, err := s.Participants(ctx, st.ID)
		if err != nil {
			return Join{}, err
		}
		if hostConnected(present, ch.ID) {
			return s.join(ctx, user, st, RoleInvited, st.InviteCode)
		}
		// The host is back: the grace period restarts, so the sweep does
		// not end the stage while their browser connects.
		if err := s.Repo.SetHostSeen(ctx, st.ID, now); err != nil {
			return Join{}, err
		}
	}
	attrs, err := s.attributes(ctx, user, ch.ID, RoleHost, GroupUser)
	if err != nil {
		return Join{}, err
	}
	creds, err := s.credentials(st, HostIdentity(ch.ID), user.Username, true, attrs, GroupUser)
	if err != nil {
		return Join{}, err
	}
	return Join{Stage: st, Role: RoleHost, URL: s.SFU.URL(), User: creds, HostUsername: user.Username}, nil
}

// JoinAs issues credentials for role (invited, requested or screenshare)
// in stage id; an invited join needs the session link's invite code.
func (s *Service) JoinAs(ctx context.Context, user account.User, id ID, role Role, invite string) (Join, error) {
	if role != RoleInvited && role != RoleRequested && role != RoleScreenshare {
		return Join{}, ErrBadRole
	}
	st, err := s.Repo.StageByID(ctx, id)
	if err != nil {
		return Join{}, err
	}
	if st.HostUserID == user.ID && role != RoleScreenshare {
		return s.Create(ctx, user) // the host opened their own invite link
	}
	return s.join(ctx, user, st, role, invite)
}

// join seats user in st as role, or as a spectator when every seat is
// taken (a screen share is refused instead).
func (s *Service) join(ctx context.Context, user account.User, st Stage, role Role, invite string) (Join, error) {
	if role == RoleInvited && subtle.ConstantTimeCompare([]byte(invite), []byte(st.InviteCode)) != 1 {
		return Join{}, ErrBadInvite
	}
	if user.ID != st.HostUserID {
		if err := s.mayPublish(ctx, st, user.ID); err != nil {
			return Join{}, err
		}
	}
	if role == RoleScreenshare {
		// Only someone in the stage shares a screen into it.
		present, err := s.Participants(ctx, st.ID)
		if err != nil {
			return Join{}, err
		}
		if !inStage(present, user.ID) {
			return Join{}, ErrNotParticipant
		}
	}
	if role == RoleRequested {
		r, err := s.Repo.Request(ctx, st.ID, user.ID)
		if errors.Is(err, ErrRequestNotFound) || (err == nil && !r.Accepted) {
			return Join{}, ErrRequestNotAccepted
		}
		if err != nil {
			return Join{}, err
		}
	}
	seated, err := s.takeSeat(ctx, user, st, role)
	if err != nil {
		return Join{}, err
	}
	host, err := s.Users.User(ctx, st.HostUserID)
	if err != nil {
		return Join{}, fmt.Errorf("host of %s: %w", st.ID, err)
	}
	j := Join{Stage: st, Role: seated.Role, URL: s.SFU.URL(), HostUsername: host.Username}
	if seated.Role == RoleSpectator {
		j.Stage.InviteCode = "" // a spectator may not pass the link on
		j.User, err = s.credentials(st, "spectator-"+newParticipantID(), user.Username, false, nil, GroupUser)
		return j, err
	}
	group := GroupUser
	if role == RoleScreenshare {
		group = GroupDisplay
	}
	attrs, err := s.attributes(ctx, user, "", role, group)
	if err != nil {
		return Join{}, err
	}
	creds, err := s.credentials(st, seated.ParticipantID, user.Username, true, attrs, group)
	if err != nil {
		return Join{}, err
	}
	if role == RoleScreenshare {
		j.Display = creds
	} else {
		j.User = creds
	}
	if role == RoleRequested {
		// The request is used up; the requester's pending state clears.
		if _, err := s.Repo.DeleteRequest(ctx, st.ID, user.ID); err != nil {
			return Join{}, err
		}
		s.inbox(ctx, user.ID, AnswerEvent{Type: TypeDeleteRequest, StageID: st.ID})
	}
	return j, nil
}

// takeSeat decides, one decision per stage at a time, whether user gets a
// publishing seat: connected publishers and seats issued but not yet
// connected count; while the host is away one seat stays theirs.
func (s *Service) takeSeat(ctx context.Context, user account.User, st Stage, role Role) (Seat, error) {
	var seat Seat
	now := s.Now().UTC()
	err := s.Repo.TakeSeat(ctx, st.ID, now.Add(-s.cfg.SeatHold), func(recent []Seat) (Seat, bool, error) {
		present, err := s.Participants(ctx, st.ID)
		if err != nil {
			return Seat{}, false, err
		}
		connected := map[string]bool{}
		used := 0
		for _, p := range present {
			connected[p.Identity] = true
			if p.Publisher {
				used++
			}
		}
		for _, r := range recent {
			if !connected[r.ParticipantID] {
				used++
			}
		}
		limit := MaxPublishers
		if !hostConnected(present, st.ChannelID) {
			limit--
		}
		if used >= limit {
			if role == RoleScreenshare {
				return Seat{}, false, ErrFull
			}
			seat = Seat{Role: RoleSpectator}
			return Seat{}, false, nil
		}
		seat = Seat{ParticipantID: newParticipantID(), StageID: st.ID, UserID: user.ID, Role: role, CreatedAt: now}
		return seat, true, nil
	})
	return seat, err
}

// Spectate issues subscribe-only credentials for anyone.
func (s *Service) Spectate(ctx context.Context, id ID) (Join, error) {
	st, err := s.Repo.StageByID(ctx, id)
	if err != nil {
		return Join{}, err
	}
	host, err := s.Users.User(ctx, st.HostUserID)
	if err != nil {
		return Join{}, fmt.Errorf("host of %s: %w", st.ID, err)
	}
	creds, err := s.credentials(st, "spectator-"+newParticipantID(), "", false, nil, GroupUser)
	if err != nil {
		return Join{}, err
	}
	st.InviteCode = ""
	return Join{Stage: st, Role: RoleSpectator, URL: s.SFU.URL(), User: creds, HostUsername: host.Username}, nil
}

// Get describes stage id.
func (s *Service) Get(ctx context.Context, id ID) (Info, error) {
	st, err := s.Repo.StageByID(ctx, id)
	if err != nil {
		return Info{}, err
	}
	host, err := s.Users.User(ctx, st.HostUserID)
	if err != nil {
		return Info{}, fmt.Errorf("host of %s: %w", st.ID, err)
	}
	present, err := s.Participants(ctx, st.ID)
	if err != nil {
		return Info{}, err
	}
	n := 0
	for _, p := range present {
		if p.Publisher {
			n++
		}
	}
	return Info{Stage: st, HostUsername: host.Username, Publishers: n}, nil
}

// ForChannel returns the channel's stage; ErrNotFound when it has none.
func (s *Service) ForChannel(ctx context.Context, ch channel.ID) (Stage, error) {
	return s.Repo.StageByChannel(ctx, ch)
}

// End ends the caller's stage for everyone (fixes quirk 9: the room goes
// at once). ended is false when the caller had none.
func (s *Service) End(ctx context.Context, user account.UserID) (ended bool, err error) {
	ch, err := s.Channels.ForUser(ctx, user)
	if err != nil {
		return false, fmt.Errorf("channel of %s: %w", user, err)
	}
	st, err := s.Repo.StageByChannel(ctx, ch.ID)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return s.end(ctx, st, time.Time{}, "host ended it")
}

// end deletes st (only if its host was last seen before hostSeenBefore,
// when set) and its room, and tells the channel's viewers.
func (s *Service) end(ctx context.Context, st Stage, hostSeenBefore time.Time, why string) (bool, error) {
	deleted, err := s.Repo.DeleteStage(ctx, st.ID, hostSeenBefore)
	if err != nil || !deleted {
		return false, err
	}
	s.Log.Info("stage ended", "stage_id", st.ID, "channel_id", st.ChannelID, "reason", why)
	if err := s.SFU.DeleteRoom(ctx, string(st.ID)); err != nil {
		// The sweep deletes rooms without a stage; log and go on.
		s.Log.Warn("stage room not deleted", "stage_id", st.ID, "err", err)
	}
	s.publishStatus(ctx, st.ChannelID, nil)
	return true, nil
}

// Disconnect removes a participant (and their screen share) from the
// host's stage and tells them why.
func (s *Service) Disconnect(ctx context.Context, host account.UserID, participantID, displayID string) error {
	st, p, present, err := s.hostParticipant(ctx, host, participantID)
	if err != nil {
		return err
	}
	if participantID == HostIdentity(st.ChannelID) {
		return ErrParticipantGone
	}
	user := p.Attributes[AttrUserID]
	if user == "" {
		return ErrParticipantGone // not a participant Onair seated
	}
	// Recorded first: from now on the user gets no seat, and the sweep
	// closes any connection they make with a token they still hold.
	if err := s.Repo.AddRemoval(ctx, st.ID, account.UserID(user), s.Now().UTC()); err != nil {
		return err
	}
	if err := s.SFU.RemoveParticipant(ctx, string(st.ID), participantID); err != nil {
		return err
	}
	// The display participant must be the same user's screen.
	for _, d := range present {
		if d.Attributes[AttrUserID] == user && d.Attributes[AttrGroup] == GroupDisplay && (displayID == "" || d.Identity == displayID) {
			if err := s.SFU.RemoveParticipant(ctx, string(st.ID), d.Identity); err != nil {
				return err
			}
		}
	}
	s.Log.Info("stage participant removed", "stage_id", st.ID, "user_id", user)
	s.inbox(ctx, account.UserID(user), KickEvent{Type: TypeParticipantKicked, StageID: st.ID, Reason: KickReason})
	return nil
}

// RemoveScreenShare stops someone's screen share in the host's stage.
func (s *Service) RemoveScreenShare(ctx context.Context, host account.UserID, participantID string) error {
	st, p, _, err := s.hostParticipant(ctx, host, participantID)
	if err != nil {
		return err
	}
	if p.Attributes[AttrGroup] != GroupDisplay {
		return ErrParticipantGone
	}
	if err := s.SFU.RemoveParticipant(ctx, string(st.ID), participantID); err != nil {
		return err
	}
	s.inbox(ctx, account.UserID(p.Attributes[AttrUserID]), ScreenShareRemovedEvent{Type: TypeScreenShareRemoved, StageID: st.ID, ParticipantID: participantID})
	return nil
}

// HostDisconnected notes that the host's tab is closing: the host-gone
// grace period runs from now.
func (s *Service) HostDisconnected(ctx context.Context, host account.UserID, id ID) error {
	st, err := s.Repo.StageByID(ctx, id)
	if err != nil {
		return err
	}
	if st.HostUserID != host {
		return ErrNotHost
	}
	return s.Repo.SetHostSeen(ctx, st.ID, s.Now().UTC())
}

// Participants lists who is in the stage's room now.
func (s *Service) Participants(ctx context.Context, id ID) ([]sfu.Participant, error) {
	present, err := s.SFU.Participants(ctx, string(id))
	if err != nil {
		return nil, fmt.Errorf("participants of %s: %w", id, err)
	}
	return present, nil
}

func (s *Service) hostStage(ctx context.Context, host account.UserID) (Stage, error) {
	ch, err := s.Channels.ForUser(ctx, host)
	if err != nil {
		return Stage{}, fmt.Errorf("channel of %s: %w", host, err)
	}
	st, err := s.Repo.StageByChannel(ctx, ch.ID)
	if errors.Is(err, ErrNotFound) {
		return Stage{}, ErrNotHost
	}
	return st, err
}

// Participant attributes every member of a room sees (spec 8.1).
const (
	AttrUsername     = "username"
	AttrProfileColor = "profileColor"
	AttrAvatar       = "avatar"
	AttrAvatarURL    = "avatarUrl"
	AttrChannelID    = "channelId"
	AttrUserID       = "userId"
	AttrType         = "type"
	AttrGroup        = "participantGroup"
	AttrCreated      = "participantTokenCreationDate"
)

func (s *Service) attributes(ctx context.Context, user account.User, ch channel.ID, role Role, group string) (map[string]string, error) {
	if ch == "" {
		c, err := s.Channels.ForUser(ctx, user.ID)
		if err != nil {
			return nil, fmt.Errorf("channel of %s: %w", user.ID, err)
		}
		ch = c.ID
	}
	avatarURL, err := s.Channels.AvatarURL(ctx, user)
	if err != nil {
		return nil, err
	}
	attrs := map[string]string{
		AttrUsername: user.Username, AttrProfileColor: user.Color, AttrAvatar: user.Avatar,
		AttrChannelID: string(ch), AttrUserID: string(user.ID), AttrType: string(role), AttrGroup: group,
		AttrCreated: strconv.FormatInt(s.Now().UnixMilli(), 10),
	}
	if avatarURL != "" {
		attrs[AttrAvatarURL] = avatarURL
	}
	return attrs, nil
}

func (s *Service) credentials(st Stage, identity, name string, publish bool, attrs map[string]string, group string) (Credentials, error) {
	token, err := s.SFU.Token(sfu.Grant{Room: string(st.ID), Identity: identity, Name: name, Publish: publish, Attributes: attrs, TTL: s.cfg.TokenTTL})
	if err != nil {
		return Credentials{}, err
	}
	return Credentials{Token: token, ParticipantID: identity, Group: group}, nil
}

func (s *Service) publishStatus(ctx context.Context, ch channel.ID, id *ID) {
	if s.Changed != nil {
		s.Changed(ctx, ch, id != nil)
	}
	ev := StatusEvent{Type: TypeStageStatus, ChannelID: string(ch), StageID: id, Time: s.Now().UTC()}
	if err := s.Realtime.PublishChannelEvent(ctx, string(ch), ev); err != nil {
		s.Log.Warn("stage status not published", "channel_id", ch, "err", err)
	}
}

func (s *Service) inbox(ctx context.Context, user account.UserID, event any) {
	if err := s.Realtime.PublishUser(ctx, string(user), event); err != nil {
		s.Log.Warn("stage inbox event not sent", "user_id", user, "err", err)
	}
}

func hostConnected(present []sfu.Participant, ch channel.ID) bool {
	_, ok := find(present, HostIdentity(ch))
	return ok
}

// mayPublish refuses users banned from the host's chat or removed from the
// stage by the host.
func (s *Service) mayPublish(ctx context.Context, st Stage, user account.UserID) error {
	if banned, err := s.Bans.IsBanned(ctx, st.ChannelID, user); err != nil {
		return fmt.Errorf("ban of %s in %s: %w", user, st.ChannelID, err)
	} else if banned {
		return ErrBanned
	}
	removed, err := s.Repo.Removed(ctx, st.ID)
	if err != nil {
		return err
	}
	if slices.Contains(removed, user) {
		return ErrRemoved
	}
	return nil
}

// inStage reports whether user publishes their camera in the room.
func inStage(present []sfu.Participant, user account.UserID) bool {
	for _, p := range present {
		if p.Publisher && p.Attributes[AttrUserID] == string(user) && p.Attributes[AttrGroup] == GroupUser {
			return true
		}
	}
	return false
}

// hostParticipant returns the host's stage, participantID in its room
// (ErrParticipantGone when not there) and everyone present.
func (s *Service) hostParticipant(ctx context.Context, host account.UserID, participantID string) (Stage, sfu.Participant, []sfu.Participant, error) {
	st, err := s.hostStage(ctx, host)
	if err != nil {
		return Stage{}, sfu.Participant{}, nil, err
	}
	present, err := s.Participants(ctx, st.ID)
	if err != nil {
		return Stage{}, sfu.Participant{}, nil, err
	}
	p, ok := find(present, participantID)
	if !ok {
		return Stage{}, sfu.Participant{}, nil, ErrParticipantGone
	}
	return st, p, present, nil
}

func find(present []sfu.Participant, identity string) (sfu.Participant, bool) {
	for _, p := range present {
		if p.Identity == identity {
			return p, true
		}
	}
	return sfu.Participant{}, false
}
