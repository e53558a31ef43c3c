package chat_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/centrifugal/centrifuge-go"
	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/apiclient"
	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/config"
)

var ctx = context.Background()

// event is any room or inbox publication.
type event struct {
	Type      string         `json:"type"`
	ID        string         `json:"id"`
	ChannelID string         `json:"channelId"`
	Content   string         `json:"content"`
	SendTime  time.Time      `json:"sendTime"`
	Sender    api.ChatSender `json:"sender"`
	MessageID string         `json:"messageId"`
	UserID    string         `json:"userId"`
}

// user is a signed-in test user with their ids.
type user struct {
	*apiclient.Client
	me  api.Me
	own api.OwnChannel
}

func signUp(t *testing.T, srv *apptest.Server, name string) user {
	t.Helper()
	c := srv.SignedIn(t, name)
	me, err := c.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	own, err := c.OwnChannel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return user{Client: c, me: me, own: own}
}

func send(t *testing.T, u user, channelID, content string) api.ChatMessage {
	t.Helper()
	m, err := u.SendChat(ctx, channelID, content)
	if err != nil {
		t.Fatalf("%s sends %q: %v", u.me.Username, content, err)
	}
	return m
}

func wantErr(t *testing.T, what string, err error, status int, code string) {
	t.Helper()
	if !apptest.IsCode(err, status, code) {
		t.Errorf("%s: got %v, want %d %s", what, err, status, code)
	}
}

// wantRefused checks a realtime operation's error: code = HTTP-like
// status, message = the API's stable error code.
func wantRefused(t *testing.T, what string, err error, code uint32, message string) {
	t.Helper()
	var e *centrifuge.Error
	if !errors.As(err, &e) || e.Code != code || e.Message != message {
		t.Errorf("%s: got %v, want %d %s", what, err, code, message)
	}
}

func nextMessage(t *testing.T, f *apptest.Feed) event {
	t.Helper()
	var e event
	f.Next(&e)
	if e.Type != "message" {
		t.Fatalf("%s: got %+v, want a message", f.Sub.Channel, e)
	}
	return e
}

func TestReadSendAndPermissions(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	owner := signUp(t, srv, "streamer")
	viewer := signUp(t, srv, "viewer")
	room := "chat:" + owner.own.ChannelID

	anon := srv.Realtime(t, nil)
	anonFeed := anon.Subscribe(room)
	anonFeed.Subscribed()
	viewerRT := srv.RealtimeWithToken(t, viewer.Client)
	viewerFeed := viewerRT.Subscribe(room)
	viewerFeed.Subscribed()

	// Anonymous: reads, cannot send.
	_, err := srv.Client().SendChat(ctx, owner.own.ChannelID, "hi")
	wantErr(t, "anonymous send", err, 401, "UnauthorizedException")

	// Signed in: everyone receives the message with its sender.
	sent := send(t, viewer, owner.own.ChannelID, "  Hello <b>world</b> & all  ")
	want := event{Type: "message", ID: sent.ID, ChannelID: owner.own.ChannelID, Content: "Hello <b>world</b> & all", SendTime: sent.SendTime,
		Sender: api.ChatSender{UserID: viewer.me.ID, Username: "viewer", Avatar: "bear", Color: "blue"}}
	if diff := cmp.Diff(api.ChatMessage{Type: want.Type, ID: want.ID, ChannelID: want.ChannelID, Content: want.Content, SendTime: want.SendTime, Sender: want.Sender}, sent); diff != "" {
		t.Errorf("send response (-want +got):\n%s", diff)
	}
	for _, f := range []*apptest.Feed{anonFeed, viewerFeed} {
		if diff := cmp.Diff(want, nextMessage(t, f)); diff != "" {
			t.Errorf("%s received (-want +got):\n%s", f.Sub.Channel, diff)
		}
	}

	// Length: 500 code points pass (multi-byte ones too), 501 do not.
	send(t, viewer, owner.own.ChannelID, strings.Repeat("é", 500))
	_, err = viewer.SendChat(ctx, owner.own.ChannelID, strings.Repeat("é", 501))
	wantErr(t, "501 code points", err, 400, "ChatMessageTooLongException")
	if e, ok := err.(*apiclient.Error); ok && e.Message != "Message could not be sent. Max message length reached." {
		t.Errorf("length message = %q", e.Message)
	}
	_, err = viewer.SendChat(ctx, owner.own.ChannelID, " \n\t ")
	wantErr(t, "blank message", err, 400, "ChatMessageEmptyException")
	_, err = viewer.SendChat(ctx, "nosuchchannel", "hi")
	wantErr(t, "unknown room", err, 404, "ResourceNotFoundException")

	// Clients never publish, to a room or to anyone's inbox.
	_, err = viewerFeed.Sub.Publish(ctx, []byte(`{"type":"message","content":"forged"}`))
	wantRefused(t, "publish to the room", err, 403, "ForbiddenException")
	_, err = viewerRT.C.Publish(ctx, "#"+owner.me.ID, []byte(`{"type":"chatBanned"}`))
	wantRefused(t, "publish to another inbox", err, 403, "ForbiddenException")
	_, err = viewerRT.C.Publish(ctx, "#"+viewer.me.ID, []byte(`{"type":"chatBanned"}`))
	wantRefused(t, "publish to one's own inbox", err, 403, "ForbiddenException")

	// Inboxes: one's own only, and only signed in.
	other := viewerRT.Subscribe("#" + owner.me.ID)
	if e := other.Unsubscribed(); e.Code != 403 || e.Reason != "ForbiddenException" {
		t.Errorf("subscribe to another inbox: %d %s", e.Code, e.Reason)
	}
	viewerRT.Subscribe("#" + viewer.me.ID).Subscribed()
	if e := anon.Subscribe("#" + viewer.me.ID).Unsubscribed(); e.Code != 401 || e.Reason != "UnauthorizedException" {
		t.Errorf("anonymous inbox subscribe: %d %s", e.Code, e.Reason)
	}
	for _, name := range []string{"chat:nosuchchannel", "nonsense:x", "chat:UPPER", "chat:" + owner.own.ChannelID + "/x"} {
		if e := anon.Subscribe(name).Unsubscribed(); e.Code != 404 {
			t.Errorf("subscribe %s: %d %s, want 404", name, e.Code, e.Reason)
		}
	}
	// Nothing forged reached the room.
	nextMessage(t, anonFeed) // the 500 é
	anonFeed.Quiet(100 * time.Millisecond)
}

func TestRateLimits(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	srv := apptest.Start(t, apptest.Options{Now: func() time.Time { return now }, Configure: func(c *config.Config) {
		c.Chat.UserRate, c.Chat.RoomRate = 2, 3
	}})
	owner := signUp(t, srv, "streamer")
	a, b, c := signUp(t, srv, "alice"), signUp(t, srv, "bobby"), signUp(t, srv, "carol")
	room := owner.own.ChannelID

	send(t, a, room, "1")
	send(t, a, room, "2")
	_, err := a.SendChat(ctx, room, "3")
	wantErr(t, "third message in a second", err, 429, "ChatRateExceededException")
	if e, ok := err.(*apiclient.Error); ok && e.Message != "Message could not be sent. Rate exceeded." {
		t.Errorf("rate message = %q", e.Message)
	}
	send(t, b, room, "4") // the room's third this second
	_, err = c.SendChat(ctx, room, "5")
	wantErr(t, "room over its cap", err, 429, "ChatRoomRateExceededException")
	// Another room is not affected by this one's cap.
	send(t, c, b.own.ChannelID, "elsewhere")
}

func TestModeration(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{Configure: func(c *config.Config) { c.Chat.UserRate = 100 }})
	owner := signUp(t, srv, "streamer")
	author := signUp(t, srv, "author")
	other := signUp(t, srv, "other")
	ch := owner.own.ChannelID
	room := "chat:" + ch

	authorRT := srv.Realtime(t, author.Client)
	authorFeed := authorRT.Subscribe(room)
	authorFeed.Subscribed()
	authorInbox := authorRT.Subscribe("#" + author.me.ID)
	authorInbox.Subscribed()
	authorEvents := authorRT.Subscribe("channel:" + ch)
	authorEvents.Subscribed()
	otherFeed := srv.Realtime(t, other.Client).Subscribe(room)
	otherFeed.Subscribed()

	// The other's message comes first, so a newcomer's backlog spans the
	// removed messages and the server has to hide them.
	o1 := send(t, other, ch, "from other")
	m1 := send(t, author, ch, "first")
	m2 := send(t, author, ch, "second")
	for range 3 {
		nextMessage(t, authorFeed)
		nextMessage(t, otherFeed)
	}

	// Only the owner moderates.
	wantErr(t, "non-owner deletes", other.DeleteChat(ctx, ch, m1.ID), 403, "ForbiddenException")
	wantErr(t, "non-owner bans", other.Ban(ctx, ch, author.me.ID), 403, "ForbiddenException")
	wantErr(t, "non-owner unbans", other.Unban(ctx, ch, author.me.ID), 403, "ForbiddenException")
	_, err := other.ChatBans(ctx, ch)
	wantErr(t, "non-owner lists bans", err, 403, "ForbiddenException")
	wantErr(t, "anonymous deletes", srv.Client().DeleteChat(ctx, ch, m1.ID), 401, "UnauthorizedException")
	wantErr(t, "owner bans self", owner.Ban(ctx, ch, owner.me.ID), 400, "ChatCannotBanSelfException")
	wantErr(t, "ban unknown user", owner.Ban(ctx, ch, "no-such-user"), 404, "UserNotFoundException")
	wantErr(t, "delete unknown message", owner.DeleteChat(ctx, ch, "nosuchmessage"), 404, "ChatMessageNotFoundException")

	// Delete: gone for everyone, the author told, and not in a newcomer's history.
	if err := owner.DeleteChat(ctx, ch, m1.ID); err != nil {
		t.Fatal(err)
	}
	wantDeleted := event{Type: "messageDeleted", ChannelID: ch, MessageID: m1.ID, UserID: author.me.ID}
	for _, f := range []*apptest.Feed{authorFeed, otherFeed} {
		var e event
		f.Next(&e)
		if diff := cmp.Diff(wantDeleted, e); diff != "" {
			t.Errorf("%s delete event (-want +got):\n%s", f.Sub.Channel, diff)
		}
	}
	var told event
	authorInbox.Next(&told)
	if told.Type != "chatMessageRemoved" || told.MessageID != m1.ID || told.ChannelID != ch {
		t.Errorf("author's inbox: %+v", told)
	}
	if got := backlog(t, srv, room); !cmp.Equal(got, []string{o1.ID, m2.ID}) {
		t.Errorf("newcomer after delete got %v, want [from other, second]", got)
	}

	// Ban: the author is unsubscribed at once, their messages go for
	// everyone, and they can come back neither to the room nor by sending.
	if err := owner.Ban(ctx, ch, author.me.ID); err != nil {
		t.Fatal(err)
	}
	if e := authorFeed.Unsubscribed(); e.Code != 2403 || e.Reason != "banned" {
		t.Errorf("banned author's room subscription ended with %d %s", e.Code, e.Reason)
	}
	if e := authorEvents.Unsubscribed(); e.Code != 2403 {
		t.Errorf("banned author's channel events ended with %d %s", e.Code, e.Reason)
	}
	var banned event
	otherFeed.Next(&banned)
	if banned.Type != "userBanned" || banned.UserID != author.me.ID || banned.ChannelID != ch {
		t.Errorf("room ban event: %+v", banned)
	}
	authorInbox.Next(&told)
	if told.Type != "chatBanned" || told.ChannelID != ch {
		t.Errorf("author's inbox on ban: %+v", told)
	}
	again := srv.Realtime(t, author.Client).Subscribe(room)
	if e := again.Unsubscribed(); e.Code != 403 || e.Reason != "ChatBannedException" {
		t.Errorf("banned author resubscribes: %d %s", e.Code, e.Reason)
	}
	_, err = author.SendChat(ctx, ch, "still here?")
	wantErr(t, "banned author sends", err, 403, "ChatBannedException")
	if got := backlog(t, srv, room); !cmp.Equal(got, []string{o1.ID}) {
		t.Errorf("newcomer after ban got %v, want [from other]", got)
	}
	pc, err := author.PublicChannel(ctx, "streamer")
	if err != nil {
		t.Fatal(err)
	}
	if !pc.IsViewerBanned || pc.IsLive || pc.PlaybackURL != "" || pc.WHEPURL != "" || pc.UserID != owner.me.ID {
		t.Errorf("banned viewer's channel data: %+v", pc)
	}
	if pc, _ := other.PublicChannel(ctx, "streamer"); pc.IsViewerBanned || pc.PlaybackURL == "" {
		t.Errorf("other viewer's channel data: %+v", pc)
	}
	bans, err := owner.ChatBans(ctx, ch)
	if err != nil || len(bans) != 1 || bans[0].UserID != author.me.ID || bans[0].Username != "author" {
		t.Errorf("ban list = %+v, %v", bans, err)
	}

	// Unban restores everything.
	if err := owner.Unban(ctx, ch, author.me.ID); err != nil {
		t.Fatal(err)
	}
	authorInbox.Next(&told)
	if told.Type != "chatUnbanned" {
		t.Errorf("author's inbox on unban: %+v", told)
	}
	if pc, _ := author.PublicChannel(ctx, "streamer"); pc.IsViewerBanned || pc.PlaybackURL == "" {
		t.Errorf("unbanned viewer's channel data: %+v", pc)
	}
	back := srv.Realtime(t, author.Client).Subscribe(room)
	back.Subscribed()
	m3 := send(t, author, ch, "back again")
	if got := drainMessages(t, back); !cmp.Equal(got, []string{o1.ID, m3.ID}) {
		t.Errorf("unbanned author sees %v, want [from other, back again]", got)
	}
	if bans, _ := owner.ChatBans(ctx, ch); len(bans) != 0 {
		t.Errorf("bans after unban: %+v", bans)
	}
}

// backlog subscribes a newcomer and returns the ids of the messages it
// receives on subscribing.
func backlog(t *testing.T, srv *apptest.Server, room string) []string {
	t.Helper()
	f := srv.Realtime(t, nil).Subscribe(room)
	f.Subscribed()
	return drainMessages(t, f)
}

// drainMessages returns the ids of the messages received until the feed
// is quiet for a moment; tombstones are skipped.
func drainMessages(t *testing.T, f *apptest.Feed) []string {
	t.Helper()
	var ids []string
	for {
		p, ok := f.TryNext(200 * time.Millisecond)
		if !ok {
			return ids
		}
		var e event
		if err := json.Unmarshal(p.Data, &e); err != nil {
			t.Fatal(err)
		}
		if e.Type == "message" {
			ids = append(ids, e.ID)
		}
	}
}

func TestHistoryAndRecovery(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{Configure: func(c *config.Config) {
		c.Chat.UserRate, c.Chat.RoomRate = 1000, 1000
	}})
	owner := signUp(t, srv, "streamer")
	ch := owner.own.ChannelID
	room := "chat:" + ch
	var sent []string
	for i := range 55 {
		sent = append(sent, send(t, owner, ch, "message "+string(rune('a'+i%26))).ID)
	}
	if got := backlog(t, srv, room); !cmp.Equal(got, sent[5:]) {
		t.Fatalf("newcomer got %d messages, want the last 50 in order", len(got))
	}

	// A short disconnect: the client recovers exactly what it missed.
	rt := srv.Realtime(t, owner.Client)
	f := rt.Subscribe(room)
	f.Subscribed()
	if got := drainMessages(t, f); len(got) != 50 {
		t.Fatalf("subscriber got %d messages first, want 50", len(got))
	}
	if err := rt.C.Disconnect(); err != nil {
		t.Fatal(err)
	}
	missed := []string{send(t, owner, ch, "x").ID, send(t, owner, ch, "y").ID, send(t, owner, ch, "z").ID}
	if err := rt.C.Connect(); err != nil {
		t.Fatal(err)
	}
	e := f.Subscribed()
	if !e.WasRecovering || !e.Recovered {
		t.Errorf("resubscribe: wasRecovering=%v recovered=%v", e.WasRecovering, e.Recovered)
	}
	if got := drainMessages(t, f); !cmp.Equal(got, missed) {
		t.Errorf("recovered %v, want the 3 missed", got)
	}
}
