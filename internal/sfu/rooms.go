package sfu

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/livekit/protocol/livekit"
	"github.com/twitchtv/twirp"
)

// Participant is someone connected to a room.
type Participant struct {
	Identity string
	// Publisher is true when the participant may publish media.
	Publisher  bool
	Attributes map[string]string
	JoinedAt   time.Time
}

// Participants lists who is connected to room; none when the room does
// not exist.
func (s *SFU) Participants(ctx context.Context, room string) ([]Participant, error) {
	ctx, err := s.adminContext(ctx, room)
	if err != nil {
		return nil, err
	}
	res, err := s.rooms().ListParticipants(ctx, &livekit.ListParticipantsRequest{Room: room})
	if notFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sfu: participants of %s: %w", room, err)
	}
	out := make([]Participant, 0, len(res.Participants))
	for _, p := range res.Participants {
		if p.State == livekit.ParticipantInfo_DISCONNECTED {
			continue
		}
		out = append(out, Participant{
			Identity:   p.Identity,
			Publisher:  p.Permission.GetCanPublish(),
			Attributes: p.Attributes,
			JoinedAt:   time.Unix(p.JoinedAt, 0),
		})
	}
	return out, nil
}

// RemoveParticipant disconnects identity from room; removing someone who
// is not there is not an error.
func (s *SFU) RemoveParticipant(ctx context.Context, room, identity string) error {
	ctx, err := s.adminContext(ctx, room)
	if err != nil {
		return err
	}
	_, err = s.rooms().RemoveParticipant(ctx, &livekit.RoomParticipantIdentity{Room: room, Identity: identity})
	if err != nil && !notFound(err) {
		return fmt.Errorf("sfu: remove %s from %s: %w", identity, room, err)
	}
	return nil
}

// DeleteRoom disconnects everyone in room and forgets it.
func (s *SFU) DeleteRoom(ctx context.Context, room string) error {
	ctx, err := s.adminContext(ctx, room)
	if err != nil {
		return err
	}
	if _, err := s.rooms().DeleteRoom(ctx, &livekit.DeleteRoomRequest{Room: room}); err != nil && !notFound(err) {
		return fmt.Errorf("sfu: delete room %s: %w", room, err)
	}
	return nil
}

// Rooms lists the names of the rooms that exist.
func (s *SFU) Rooms(ctx context.Context) ([]string, error) {
	ctx, err := s.adminContext(ctx, "")
	if err != nil {
		return nil, err
	}
	res, err := s.rooms().ListRooms(ctx, &livekit.ListRoomsRequest{})
	if err != nil {
		return nil, fmt.Errorf("sfu: list rooms: %w", err)
	}
	names := make([]string, len(res.Rooms))
	for i, r := range res.Rooms {
		names[i] = r.Name
	}
	return names, nil
}

func (s *SFU) rooms() livekit.RoomService {
	return livekit.NewRoomServiceProtobufClient(s.HTTPURL(), roomClient)
}

// roomClient bounds Onair's calls to LiveKit's room API.
var roomClient = &http.Client{Timeout: 10 * time.Second}

// adminContext carries a short-lived admin token for one room API call.
// LiveKit wants the room named in the token of calls about one room.
func (s *SFU) adminContext(ctx context.Context, room string) (context.Context, error) {
	token, err := s.Token(Grant{Room: room, Identity: "onair", Admin: true, TTL: time.Minute})
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set("Authorization", "Bearer "+token)
	return twirp.WithHTTPRequestHeaders(ctx, h)
}

func notFound(err error) bool {
	var te twirp.Error
	return errors.As(err, &te) && te.Code() == twirp.NotFound
}
