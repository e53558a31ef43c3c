package sfu

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/livekit/protocol/auth"
)

// freeUDPPort and freeTCPPort find ports for the node's media listeners,
// which LiveKit takes as numbers.
func freeUDPPort(t *testing.T) int {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

func freeTCPPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func startEmbedded(t *testing.T) *SFU {
	t.Helper()
	s, err := Start(context.Background(), Config{
		SignalAddr: "127.0.0.1:0",
		UDPPort:    freeUDPPort(t),
		TCPPort:    freeTCPPort(t),
		NodeIP:     "127.0.0.1",
		Log:        slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

func TestTokenGrants(t *testing.T) {
	s := &SFU{url: "ws://127.0.0.1:1", key: "onair", secret: strings.Repeat("s", 64)}
	for _, tc := range []struct {
		name        string
		grant       Grant
		wantPublish bool
		wantSources []string
		wantAdmin   bool
	}{
		{"publisher", Grant{Room: "stage-1", Identity: "u-host", Name: "host", Publish: true}, true,
			[]string{"camera", "microphone", "screen_share", "screen_share_audio"}, false},
		{"spectator", Grant{Room: "stage-1", Identity: "u-viewer", Name: "viewer"}, false, nil, false},
		{"onair itself", Grant{Identity: "onair", Admin: true}, false, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token, err := s.Token(tc.grant)
			if err != nil {
				t.Fatal(err)
			}
			v, err := auth.ParseAPIToken(token)
			if err != nil {
				t.Fatal(err)
			}
			if v.APIKey() != "onair" {
				t.Errorf("api key %q", v.APIKey())
			}
			_, claims, err := v.Verify(s.secret)
			if err != nil {
				t.Fatal(err)
			}
			g := claims.Video
			if claims.Identity != tc.grant.Identity || claims.Name != tc.grant.Name {
				t.Errorf("identity %q name %q", claims.Identity, claims.Name)
			}
			if g.Room != tc.grant.Room || g.RoomJoin != (tc.grant.Room != "") {
				t.Errorf("room %q join %v", g.Room, g.RoomJoin)
			}
			if g.GetCanPublish() != tc.wantPublish || g.GetCanPublishData() != tc.wantPublish || !g.GetCanSubscribe() {
				t.Errorf("publish %v data %v subscribe %v", g.GetCanPublish(), g.GetCanPublishData(), g.GetCanSubscribe())
			}
			if strings.Join(g.CanPublishSources, ",") != strings.Join(tc.wantSources, ",") {
				t.Errorf("sources %v, want %v", g.CanPublishSources, tc.wantSources)
			}
			if g.RoomAdmin != tc.wantAdmin || g.RoomCreate != tc.wantAdmin || g.RoomList != tc.wantAdmin {
				t.Errorf("admin %v create %v list %v", g.RoomAdmin, g.RoomCreate, g.RoomList)
			}
			if _, _, err := v.Verify("another secret"); err == nil {
				t.Error("token verifies with another secret")
			}
		})
	}
	if _, err := s.Token(Grant{Room: "stage-1"}); err == nil {
		t.Error("token without an identity")
	}
}

// The embedded node is a real LiveKit server: it validates the tokens Onair
// mints, refuses others, and answers its room API.
func TestEmbeddedNode(t *testing.T) {
	s := startEmbedded(t)
	if !strings.HasPrefix(s.URL(), "ws://127.0.0.1:") {
		t.Fatalf("url %q", s.URL())
	}

	validate := func(token string) int {
		res, err := http.Get(s.HTTPURL() + "/rtc/validate?access_token=" + token)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	token, err := s.Token(Grant{Room: "stage-1", Identity: "u-1", Name: "alice", Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if code := validate(token); code != http.StatusOK {
		t.Errorf("validate own token: %d", code)
	}
	forged := &SFU{key: s.key, secret: strings.Repeat("x", 64)}
	bad, err := forged.Token(Grant{Room: "stage-1", Identity: "u-2", Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if code := validate(bad); code != http.StatusUnauthorized {
		t.Errorf("validate forged token: %d, want 401", code)
	}

	admin, err := s.Token(Grant{Identity: "onair", Admin: true})
	if err != nil {
		t.Fatal(err)
	}
	call := func(method, body string) map[string]any {
		req, _ := http.NewRequest(http.MethodPost, s.HTTPURL()+"/twirp/livekit.RoomService/"+method, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+admin)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", method, res.StatusCode, b)
		}
		var out map[string]any
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	call("CreateRoom", `{"name":"stage-1","max_participants":50}`)
	rooms, _ := call("ListRooms", `{}`)["rooms"].([]any)
	if len(rooms) != 1 || rooms[0].(map[string]any)["name"] != "stage-1" {
		t.Errorf("rooms %v", rooms)
	}
}

func TestExternalNeedsKeys(t *testing.T) {
	if _, err := Start(context.Background(), Config{URL: "wss://livekit.example.com"}); err == nil {
		t.Error("external URL without keys accepted")
	}
	s, err := Start(context.Background(), Config{URL: "wss://livekit.example.com/", APIKey: "k", APISecret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if s.URL() != "wss://livekit.example.com" || s.HTTPURL() != "https://livekit.example.com" {
		t.Errorf("url %q http %q", s.URL(), s.HTTPURL())
	}
	if err := s.Close(); err != nil {
		t.Error(err)
	}
}
