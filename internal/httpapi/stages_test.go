package httpapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/apiclient"
	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/config"
)

// stageClaims is the part of a LiveKit token the tests read.
type stageClaims struct {
	Sub        string            `json:"sub"`
	Name       string            `json:"name"`
	Attributes map[string]string `json:"attributes"`
	Video      struct {
		Room              string   `json:"room"`
		RoomJoin          bool     `json:"roomJoin"`
		CanPublish        *bool    `json:"canPublish"`
		CanSubscribe      *bool    `json:"canSubscribe"`
		CanPublishSources []string `json:"canPublishSources"`
	} `json:"video"`
	Exp int64 `json:"exp"`
	Nbf int64 `json:"nbf"`
}

func decodeToken(t *testing.T, token string) stageClaims {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token is not a JWT: %q", token)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c stageClaims
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func canPublish(c stageClaims) bool { return c.Video.CanPublish != nil && *c.Video.CanPublish }

func stageServer(t *testing.T, dbURL string, configure func(*config.Config)) *apptest.Server {
	t.Helper()
	return apptest.Start(t, apptest.Options{DatabaseURL: dbURL, Stages: true, Configure: configure})
}

func userID(t *testing.T, c *apiclient.Client) string {
	t.Helper()
	me, err := c.Session(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return me.ID
}

func TestStageTokensPerRole(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := stageServer(t, "", nil)
	host := srv.SignedIn(t, "host")
	guest := srv.SignedIn(t, "guest")
	own, err := host.OwnChannel(ctx)
	if err != nil {
		t.Fatal(err)
	}

	j, err := host.CreateStage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if j.ParticipantRole != "host" || j.User == nil || j.Display != nil || j.HostUsername != "host" || len(j.InviteCode) < 20 {
		t.Fatalf("create = %+v", j)
	}
	if j.URL != "ws"+strings.TrimPrefix(srv.URL, "http") {
		t.Errorf("url %q: want the embedded node through Onair's origin %s", j.URL, srv.URL)
	}
	hc := decodeToken(t, j.User.Token)
	if hc.Sub != "host:"+own.ChannelID || j.User.ParticipantID != hc.Sub || hc.Video.Room != j.StageID || !hc.Video.RoomJoin || !canPublish(hc) {
		t.Errorf("host token = %+v", hc)
	}
	if a := hc.Attributes; a["username"] != "host" || a["type"] != "host" || a["participantGroup"] != "user" || a["channelId"] != own.ChannelID || a["profileColor"] != "blue" || a["avatar"] != "bear" {
		t.Errorf("host attributes = %v", a)
	}
	if ttl := time.Duration(hc.Exp-hc.Nbf) * time.Second; ttl != 24*time.Hour {
		t.Errorf("token lifetime %s, want 1440 minutes", ttl)
	}

	// The host away: asking again rejoins the same stage as host.
	again, err := host.CreateStage(ctx)
	if err != nil || again.StageID != j.StageID || again.ParticipantRole != "host" {
		t.Fatalf("rejoin = %+v, %v", again, err)
	}

	inv, err := guest.JoinStage(ctx, j.StageID, "invited", j.InviteCode)
	if err != nil {
		t.Fatal(err)
	}
	ic := decodeToken(t, inv.User.Token)
	_, err = guest.JoinStage(ctx, j.StageID, "invited", "")
	wantErr(t, "invited without the link's code", err, 403, "InvalidInviteException")
	_, err = guest.JoinStage(ctx, j.StageID, "invited", j.InviteCode+"x")
	wantErr(t, "invited with a wrong code", err, 403, "InvalidInviteException")
	if inv.ParticipantRole != "invited" || inv.InviteCode != j.InviteCode || !canPublish(ic) || strings.HasPrefix(ic.Sub, "host:") || ic.Attributes["type"] != "invited" || ic.Attributes["username"] != "guest" {
		t.Errorf("invited = %+v, claims %+v", inv, ic)
	}

	spec, err := srv.Client().SpectateStage(ctx, j.StageID)
	if err != nil {
		t.Fatal(err)
	}
	sc := decodeToken(t, spec.User.Token)
	if spec.ParticipantRole != "spectator" || spec.InviteCode != "" || canPublish(sc) || sc.Video.CanSubscribe == nil || !*sc.Video.CanSubscribe {
		t.Errorf("spectator = %+v, claims %+v", spec, sc)
	}

	// A screen share needs a seat in the stage: connect the host's camera.
	_, err = guest.JoinStage(ctx, j.StageID, "screenshare", "")
	wantErr(t, "screen share by someone not in the stage", err, 403, "NotStageParticipantException")
	member := apptest.JoinStage(t, again)
	share, err := host.JoinStage(ctx, j.StageID, "screenshare", "")
	if err != nil {
		t.Fatal(err)
	}
	dc := decodeToken(t, share.Display.Token)
	if share.ParticipantRole != "screenshare" || share.User != nil || !canPublish(dc) || dc.Attributes["participantGroup"] != "display" {
		t.Errorf("screenshare = %+v, claims %+v", share, dc)
	}
	// With the host connected, another "create" is a second tab: invited.
	tab, err := host.CreateStage(ctx)
	if err != nil || tab.ParticipantRole != "invited" || tab.StageID != j.StageID {
		t.Errorf("second tab = %+v, %v", tab, err)
	}
	member.Leave()

	_, err = guest.JoinStage(ctx, j.StageID, "requested", "")
	wantErr(t, "requested without an accepted request", err, 403, "RequestNotAcceptedException")
	_, err = guest.JoinStage(ctx, j.StageID, "host", "")
	wantErr(t, "host type", err, 400, "InvalidParticipantTypeException")
	_, err = guest.JoinStage(ctx, "stage-nope", "invited", j.InviteCode)
	wantErr(t, "unknown stage", err, 404, "StageNotFoundException")
	_, err = srv.Client().SpectateStage(ctx, "stage-nope")
	wantErr(t, "spectate unknown stage", err, 404, "StageNotFoundException")

	// Live for viewers while it exists (spec 8.2, 10).
	pub, err := guest.PublicChannel(ctx, "host")
	if err != nil || pub.StageID == nil || *pub.StageID != j.StageID {
		t.Errorf("public channel stageId = %v, %v", pub.StageID, err)
	}
	dir, err := srv.Client().LiveChannels(ctx)
	if err != nil || len(dir.Channels) != 1 || dir.Channels[0].Username != "host" || dir.Channels[0].StageID == nil || dir.Channels[0].IsLive {
		t.Errorf("directory = %+v, %v", dir, err)
	}
	if _, err := guest.Follow(ctx, "host"); err != nil {
		t.Fatal(err)
	}
	fl, err := guest.Following(ctx)
	if err != nil || len(fl.Channels) != 1 || fl.Channels[0].StageID == nil {
		t.Errorf("following = %+v, %v", fl, err)
	}
	if st, err := host.LiveStatus(ctx); err != nil || !st.IsStageActive || st.IsBroadcasting {
		t.Errorf("live status = %+v, %v", st, err)
	}

	// Ending answers for a non-host too, and the stage is gone at once.
	if res, err := guest.EndStage(ctx); err != nil || res.Message != "The user is not associated to any stage ID." {
		t.Errorf("end by a non-host = %+v, %v", res, err)
	}
	if _, err := host.EndStage(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = guest.Stage(ctx, j.StageID)
	wantErr(t, "ended stage", err, 404, "StageNotFoundException")
	if dir, _ := srv.Client().LiveChannels(ctx); len(dir.Channels) != 0 {
		t.Errorf("directory after end = %+v", dir)
	}
	if fl, _ := guest.Following(ctx); len(fl.Channels) != 1 || fl.Channels[0].StageID != nil {
		t.Errorf("following after end = %+v", fl)
	}

	// Tokens and the invite code never reach the log, LiveKit's debug
	// lines included (the /rtc proxy carries tokens in its query string).
	logs := srv.Logs.String()
	for what, secret := range map[string]string{"host token": j.User.Token, "connected host token": again.User.Token, "invited token": inv.User.Token,
		"spectator token": spec.User.Token, "display token": share.Display.Token, "invite code": j.InviteCode} {
		if strings.Contains(logs, secret) {
			t.Errorf("the server log contains the %s", what)
		}
	}
}

func TestStageDisabled(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	_, err := srv.SignedIn(t, "host").CreateStage(context.Background())
	wantErr(t, "stages off", err, 503, "StagesDisabledException")
}

// countRoles asks for an invited seat for each user at once.
func countRoles(t *testing.T, stageID, invite string, users []*apiclient.Client) map[string]int {
	t.Helper()
	var mu sync.Mutex
	roles := map[string]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			j, err := u.JoinStage(context.Background(), stageID, "invited", invite)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("join: %v", err)
				return
			}
			roles[j.ParticipantRole]++
		}()
	}
	close(start)
	wg.Wait()
	return roles
}

func TestStagePublisherCapUnderConcurrentJoins(t *testing.T) {
	t.Parallel()
	for _, db := range testDatabases(t) {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			srv := stageServer(t, db.url, nil)
			host := srv.SignedIn(t, "host")
			j, err := host.CreateStage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var users []*apiclient.Client
			for i := range 20 {
				users = append(users, srv.SignedIn(t, fmt.Sprintf("guest%02d", i)))
			}
			// Host away: one seat stays theirs, so 11 of 20 publish.
			roles := countRoles(t, j.StageID, j.InviteCode, users[:16])
			if roles["invited"] != 11 || roles["spectator"] != 5 {
				t.Fatalf("host away: roles %v, want 11 invited and 5 spectators", roles)
			}
			// The host comes back into their seat: 12 publishers with the 11
			// seats issued but not yet connected, so nobody else publishes.
			apptest.JoinStage(t, j)
			roles = countRoles(t, j.StageID, j.InviteCode, users[16:])
			if roles["spectator"] != 4 {
				t.Fatalf("full stage: roles %v, want 4 spectators", roles)
			}
			info, err := host.Stage(ctx, j.StageID)
			if err != nil || info.ParticipantCount != 1 || info.MaxParticipants != 12 {
				t.Errorf("stage = %+v, %v", info, err)
			}
		})
	}
}

func TestStageHostGoneEndsIt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := stageServer(t, "", func(c *config.Config) { c.Stages.HostGoneAfter = time.Second })
	host := srv.SignedIn(t, "host")
	guest := srv.SignedIn(t, "guest")
	own, err := host.OwnChannel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	events := srv.Realtime(t, guest).Subscribe("channel:" + own.ChannelID)
	events.Subscribed()
	j, err := host.CreateStage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var started struct {
		Type    string  `json:"type"`
		StageID *string `json:"stageId"`
	}
	events.Next(&started)
	if started.Type != "stageStatus" || started.StageID == nil || *started.StageID != j.StageID {
		t.Errorf("start event = %+v", started)
	}
	hostMember := apptest.JoinStage(t, j)
	inv, err := guest.JoinStage(ctx, j.StageID, "invited", j.InviteCode)
	if err != nil {
		t.Fatal(err)
	}
	guestMember := apptest.JoinStage(t, inv)

	// Connected for longer than the grace period: the stage stays.
	time.Sleep(1500 * time.Millisecond)
	if _, err := guest.Stage(ctx, j.StageID); err != nil {
		t.Fatalf("stage with its host connected: %v", err)
	}
	hostMember.Leave()
	if reason := guestMember.Removed(); reason != livekit.DisconnectReason_ROOM_DELETED {
		t.Errorf("participant disconnected with %q, want the room closed", reason)
	}
	var ended struct {
		Type    string  `json:"type"`
		StageID *string `json:"stageId"`
	}
	events.Next(&ended)
	if ended.Type != "stageStatus" || ended.StageID != nil {
		t.Errorf("end event = %+v", ended)
	}
	_, err = guest.Stage(ctx, j.StageID)
	wantErr(t, "stage after the host left", err, 404, "StageNotFoundException")
	if pub, err := guest.PublicChannel(ctx, "host"); err != nil || pub.StageID != nil {
		t.Errorf("public channel stageId = %v, %v", pub.StageID, err)
	}
}

func TestStageAccountDeletionEndsIt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := stageServer(t, "", nil)
	host := srv.SignedIn(t, "host")
	guest := srv.SignedIn(t, "guest")
	j, err := host.CreateStage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := guest.JoinStage(ctx, j.StageID, "invited", j.InviteCode)
	if err != nil {
		t.Fatal(err)
	}
	member := apptest.JoinStage(t, inv)
	if err := host.DeleteAccount(ctx); err != nil {
		t.Fatal(err)
	}
	if reason := member.Removed(); reason != livekit.DisconnectReason_ROOM_DELETED {
		t.Errorf("participant disconnected with %q, want the room closed", reason)
	}
	_, err = guest.Stage(ctx, j.StageID)
	wantErr(t, "stage of a deleted account", err, 404, "StageNotFoundException")
}

// inboxEvent is any stage inbox event.
type inboxEvent struct {
	Type    string           `json:"type"`
	StageID string           `json:"stageId"`
	UserID  string           `json:"userId"`
	Reason  string           `json:"reason"`
	Request api.StageRequest `json:"request"`
}

func TestStageRequestsAndInboxPermissions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// A short grace period makes the sweep run every second (the host stays).
	srv := stageServer(t, "", func(c *config.Config) { c.Stages.HostGoneAfter = 6 * time.Second })
	host := srv.SignedIn(t, "host")
	viewer := srv.SignedIn(t, "viewer")
	mallory := srv.SignedIn(t, "mallory")
	hostID, viewerID := userID(t, host), userID(t, viewer)
	hostInbox := srv.Realtime(t, host).Subscribe("#" + hostID)
	hostInbox.Subscribed()
	viewerRT := srv.Realtime(t, viewer)
	viewerInbox := viewerRT.Subscribe("#" + viewerID)
	viewerInbox.Subscribed()

	j, err := host.CreateStage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	apptest.JoinStage(t, j)

	// Browsers cannot publish to anyone's inbox (quirk 8): only the server does.
	if _, err := viewerRT.C.Publish(ctx, "#"+hostID, []byte(`{"type":"STAGE_HOST_ACCEPT_REQUEST_TO_JOIN"}`)); err == nil {
		t.Error("a client published to another user's inbox")
	}

	wantErr(t, "request to one's own stage", host.RequestToJoinStage(ctx, j.StageID), 400, "OwnStageException")
	if err := viewer.RequestToJoinStage(ctx, j.StageID); err != nil {
		t.Fatal(err)
	}
	var ev inboxEvent
	hostInbox.Next(&ev)
	if ev.Type != "STAGE_REQUEST_TO_JOIN" || ev.StageID != j.StageID || ev.Request.UserID != viewerID || ev.Request.Username != "viewer" || ev.Request.Sent == 0 {
		t.Errorf("host inbox = %+v", ev)
	}
	if reqs, err := host.StageRequests(ctx); err != nil || len(reqs) != 1 || reqs[0].Username != "viewer" {
		t.Errorf("requests = %+v, %v", reqs, err)
	}

	// Nobody but the host answers: the viewer cannot accept their own
	// request, and another user's answer concerns their own stage only.
	wantErr(t, "accept by the requester", viewer.AcceptStageRequest(ctx, viewerID), 403, "NotStageHostException")
	wantErr(t, "accept by a stranger", mallory.AcceptStageRequest(ctx, viewerID), 403, "NotStageHostException")
	wantErr(t, "kick by a stranger", mallory.DisconnectStageParticipant(ctx, j.User.ParticipantID, ""), 403, "NotStageHostException")
	if _, err := mallory.CreateStage(ctx); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "accept by another stage's host", mallory.AcceptStageRequest(ctx, viewerID), 404, "RequestNotFoundException")
	wantErr(t, "request while hosting a stage", mallory.RequestToJoinStage(ctx, j.StageID), 409, "ViewerLiveException")
	_, err = viewer.JoinStage(ctx, j.StageID, "requested", "")
	wantErr(t, "requested seat before the answer", err, 403, "RequestNotAcceptedException")
	viewerInbox.Quiet(200 * time.Millisecond)

	// Withdraw, ask again, and the host accepts.
	if err := viewer.RevokeStageRequest(ctx, j.StageID); err != nil {
		t.Fatal(err)
	}
	hostInbox.Next(&ev)
	if ev.Type != "STAGE_REVOKE_REQUEST_TO_JOIN" || ev.UserID != viewerID {
		t.Errorf("revoke event = %+v", ev)
	}
	if err := viewer.RevokeStageRequest(ctx, j.StageID); err != nil {
		t.Errorf("second withdrawal (a repeated beacon): %v", err)
	}
	if err := viewer.RequestToJoinStage(ctx, j.StageID); err != nil {
		t.Fatal(err)
	}
	hostInbox.Next(&ev)
	if err := host.AcceptStageRequest(ctx, viewerID); err != nil {
		t.Fatal(err)
	}
	viewerInbox.Next(&ev)
	if ev.Type != "STAGE_HOST_ACCEPT_REQUEST_TO_JOIN" || ev.StageID != j.StageID {
		t.Errorf("accept event = %+v", ev)
	}
	req, err := viewer.JoinStage(ctx, j.StageID, "requested", "")
	if err != nil || req.ParticipantRole != "requested" {
		t.Fatalf("requested join = %+v, %v", req, err)
	}
	viewerInbox.Next(&ev)
	if ev.Type != "STAGE_HOST_DELETE_REQUEST_TO_JOIN" {
		t.Errorf("after joining, the pending state clears: %+v", ev)
	}
	_, err = viewer.JoinStage(ctx, j.StageID, "requested", "")
	wantErr(t, "a request is used once", err, 403, "RequestNotAcceptedException")

	// The host removes the participant: the server disconnects them and
	// tells them why.
	member := apptest.JoinStage(t, req)
	if err := host.DisconnectStageParticipant(ctx, req.User.ParticipantID, ""); err != nil {
		t.Fatal(err)
	}
	if reason := member.Removed(); reason != livekit.DisconnectReason_PARTICIPANT_REMOVED {
		t.Errorf("removed participant disconnected with %q", reason)
	}
	viewerInbox.Next(&ev)
	if ev.Type != "STAGE_PARTICIPANT_KICKED" || ev.Reason != "You have been kicked by the host." {
		t.Errorf("kick event = %+v", ev)
	}
	wantErr(t, "removing the host", host.DisconnectStageParticipant(ctx, j.User.ParticipantID, ""), 404, "ParticipantNotFoundException")

	// Removed means removed: no new seat, no new request, and a connection
	// made with the old token is closed by the sweep.
	_, err = viewer.JoinStage(ctx, j.StageID, "invited", j.InviteCode)
	wantErr(t, "invite link after removal", err, 403, "RemovedFromStageException")
	wantErr(t, "request after removal", viewer.RequestToJoinStage(ctx, j.StageID), 403, "RemovedFromStageException")
	if _, err := viewer.SpectateStage(ctx, j.StageID); err != nil {
		t.Errorf("a removed user may still watch: %v", err)
	}
	back := apptest.JoinStage(t, req)
	if reason := back.Removed(); reason != livekit.DisconnectReason_PARTICIPANT_REMOVED {
		t.Errorf("comeback with the old token disconnected with %q", reason)
	}

	// A banned viewer may not ask.
	own, err := host.OwnChannel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := host.Ban(ctx, own.ChannelID, userID(t, mallory)); err != nil {
		t.Fatal(err)
	}
	if _, err := mallory.EndStage(ctx); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "request by a banned viewer", mallory.RequestToJoinStage(ctx, j.StageID), 403, "BannedException")
	_, err = mallory.JoinStage(ctx, j.StageID, "invited", j.InviteCode)
	wantErr(t, "invite link for a banned viewer", err, 403, "BannedException")
}

func TestStageRunsOnlyThePoll(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := stageServer(t, "", nil)
	host := srv.SignedIn(t, "host")
	viewer := srv.SignedIn(t, "viewer")
	_, err := host.SendStreamAction(ctx, "quiz", quizData(nil))
	wantErr(t, "quiz while offline", err, 409, "ChannelNotBroadcastingException")
	if _, err := host.CreateStage(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = host.SendStreamAction(ctx, "quiz", quizData(nil))
	wantErr(t, "quiz during a stage", err, 409, "StageOnlyPollException")
	poll, err := host.SendStreamAction(ctx, "poll", pollData(nil))
	if err != nil {
		t.Fatalf("poll during a stage: %v", err)
	}
	pub, err := viewer.PublicChannel(ctx, "host")
	if err != nil || pub.ActiveAction == nil || pub.ActiveAction.ID != poll.ID {
		t.Errorf("viewer sees active action %+v, %v", pub.ActiveAction, err)
	}
	// The stage's end ends its poll, as a stream's end does.
	if _, err := host.EndStage(ctx); err != nil {
		t.Fatal(err)
	}
	if a, err := host.ActiveStreamAction(ctx); err != nil || a != nil {
		t.Errorf("active action after the stage = %+v, %v", a, err)
	}
}

func TestStageBadInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := stageServer(t, "", nil)
	host := srv.SignedIn(t, "host")
	if _, err := host.CreateStage(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"no participant", "PUT", "/api/v1/stages/disconnectParticipant", map[string]any{}, 400, "BadRequestException"},
		{"participant not a string", "PUT", "/api/v1/stages/disconnectParticipant", map[string]any{"participantId": 7}, 400, "BadRequestException"},
		{"unknown field", "PUT", "/api/v1/stages/removeScreenShare", map[string]any{"participantId": "p", "extra": 1}, 400, "BadRequestException"},
		{"no screen share", "PUT", "/api/v1/stages/removeScreenShare", map[string]any{}, 400, "BadRequestException"},
		{"no stage to join", "POST", "/api/v1/stages/requestToJoin", map[string]any{}, 400, "BadRequestException"},
		{"no stage to withdraw from", "POST", "/api/v1/stages/revokeStageRequest", map[string]any{"stageId": ""}, 400, "BadRequestException"},
		{"no requester", "POST", "/api/v1/stages/acceptRequest", map[string]any{}, 400, "BadRequestException"},
		{"no requester to delete", "POST", "/api/v1/stages/deleteRequest", map[string]any{"userId": ""}, 400, "BadRequestException"},
		{"no body", "POST", "/api/v1/stages/sendHostDisconnectedMessage", nil, 400, "BadRequestException"},
		{"unknown participant", "PUT", "/api/v1/stages/disconnectParticipant", map[string]any{"participantId": "nobody"}, 404, "ParticipantNotFoundException"},
		{"unknown request", "POST", "/api/v1/stages/acceptRequest", map[string]any{"userId": "nobody"}, 404, "RequestNotFoundException"},
		{"over-long stage id", "GET", "/api/v1/stages/" + strings.Repeat("s", 101), nil, 400, "BadRequestException"},
	} {
		err := host.Do(ctx, tc.method, tc.path, tc.body, nil)
		wantErr(t, tc.name, err, tc.status, tc.code)
	}
	// Nothing was lost: the stage is still there.
	if st, err := host.LiveStatus(ctx); err != nil || !st.IsStageActive {
		t.Errorf("live status after bad input = %+v, %v", st, err)
	}
}
