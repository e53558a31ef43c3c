package apptest

import (
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/onair/onair/internal/api"
)

var quietSDK sync.Once

const removedWait = 45 * time.Second

// StageMember is a LiveKit participant connected with a token Onair
// issued, through the URL Onair handed out (its /rtc proxy).
type StageMember struct {
	t    testing.TB
	Room *lksdk.Room
	gone chan struct{}
	once sync.Once
}

// JoinStage connects with the user (camera) credentials of j.
func JoinStage(t testing.TB, j api.StageJoin) *StageMember {
	t.Helper()
	creds := j.User
	if creds == nil {
		creds = j.Display
	}
	if creds == nil {
		t.Fatalf("stage join %s has no token", j.StageID)
	}
	// The SDK logs every ICE step; tests read their own failures instead.
	quietSDK.Do(func() { lksdk.SetLogger(logger.GetDiscardLogger()) })
	m := &StageMember{t: t, gone: make(chan struct{})}
	cb := lksdk.NewRoomCallback()
	cb.OnDisconnectedWithReason = func(lksdk.DisconnectionReason) { m.once.Do(func() { close(m.gone) }) }
	room, err := lksdk.ConnectToRoomWithToken(j.URL, creds.Token, cb, lksdk.WithAutoSubscribe(false))
	if err != nil {
		t.Fatalf("join stage %s as %s: %v", j.StageID, creds.ParticipantID, err)
	}
	m.Room = room
	t.Cleanup(room.Disconnect)
	return m
}

// Leave disconnects.
func (m *StageMember) Leave() { m.Room.Disconnect() }

// Removed waits until the server disconnects the member and returns why.
// The wait is long: on a loaded machine a departing client's leave message
// can be lost, and LiveKit then notices the departure only when the
// connection times out, before Onair's sweep can see the host gone.
func (m *StageMember) Removed() livekit.DisconnectReason {
	m.t.Helper()
	select {
	case <-m.gone:
		return m.Room.DisconnectReason()
	case <-time.After(removedWait):
		m.t.Fatalf("stage member %s still connected after %s", m.Room.LocalParticipant.Identity(), removedWait)
		return 0
	}
}
