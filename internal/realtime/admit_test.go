package realtime

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// openRoom admits everyone and remembers the last channel it was asked for.
type openRoom struct{ asked string }

func (r *openRoom) Admit(_ context.Context, _ Subscriber, channel string) (Admission, error) {
	r.asked = channel
	return Admission{}, nil
}

func newTestNode(t testing.TB) (*Node, *openRoom) {
	n, err := New(Config{}, Deps{Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	room := &openRoom{}
	n.Route(NamespaceChat, room)
	return n, room
}

func TestAdmit(t *testing.T) {
	n, _ := newTestNode(t)
	tests := []struct {
		name, user, channel string
		err                 error
	}{
		{"own inbox", "u1", "#u1", nil},
		{"another user's inbox", "u1", "#u2", errInboxForbidden},
		{"inbox while signed out", "", "#u1", errInboxSignedOut},
		{"chat room", "", "chat:abc", nil},
		{"unrouted namespace", "u1", "secret:abc", errUnknownChannel},
		{"no namespace", "u1", "abc", errUnknownChannel},
		{"odd id", "u1", "chat:ABC", errUnknownChannel},
		{"nested name", "u1", "chat:a:b", errUnknownChannel},
		{"too long", "u1", "chat:" + strings.Repeat("a", 200), errUnknownChannel},
	}
	for _, tc := range tests {
		_, err := n.admit(context.Background(), Subscriber{UserID: tc.user}, tc.channel)
		if !errors.Is(err, tc.err) {
			t.Errorf("%s: admit(%q) = %v, want %v", tc.name, tc.channel, err, tc.err)
		}
	}
}

// FuzzAdmit: whatever channel name a client asks for, it reaches only its
// own inbox or a routed namespace's room with a plain id; nothing else is
// admitted.
func FuzzAdmit(f *testing.F) {
	for _, s := range []string{"#u1", "#u2", "chat:abc", "chat:", ":abc", "chat:a:b", "#", "#u1:x", "channel:abc", "chat:a%2f"} {
		f.Add("u1", s)
	}
	n, room := newTestNode(f) // iterations in one process run one at a time
	f.Fuzz(func(t *testing.T, user, channel string) {
		room.asked = ""
		_, err := n.admit(context.Background(), Subscriber{UserID: user}, channel)
		if err != nil {
			return
		}
		if inbox, ok := strings.CutPrefix(channel, inboxPrefix); ok {
			if user == "" || inbox != user {
				t.Fatalf("user %q admitted to inbox %q", user, channel)
			}
			return
		}
		ns, id, ok := splitName(channel)
		if !ok || ns != NamespaceChat || !plainID(id) || room.asked != channel {
			t.Fatalf("%q admitted (namespace %q, id %q, room asked %q)", channel, ns, id, room.asked)
		}
	})
}
