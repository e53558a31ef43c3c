package realtime

import "testing"

func TestReturning(t *testing.T) {
	b := &Backlog{Since: Position{Offset: 40, Epoch: "e"}, Top: Position{Offset: 60, Epoch: "e"}, Oldest: 11}
	empty := &Backlog{Since: Position{Offset: 7, Epoch: "e"}, Top: Position{Offset: 7, Epoch: "e"}}
	tests := []struct {
		name    string
		b       *Backlog
		recover bool
		offset  uint64
		epoch   string
		want    bool
	}{
		{"newcomer", b, false, 0, "", false},
		{"position held", b, true, 50, "e", true},
		{"just before the oldest", b, true, 10, "e", true},
		{"older than the stream holds", b, true, 9, "e", false},
		{"forged from the start", b, true, 0, "e", false},
		{"at the top", b, true, 60, "e", true},
		{"past the top", b, true, 61, "e", false},
		{"other epoch", b, true, 50, "x", false},
		{"empty stream, at its top", empty, true, 7, "e", true},
		{"empty stream, elsewhere", empty, true, 3, "e", false},
	}
	for _, tc := range tests {
		if got := returning(tc.b, tc.recover, tc.offset, tc.epoch); got != tc.want {
			t.Errorf("%s: returning = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSplitName(t *testing.T) {
	tests := []struct {
		name, namespace, id string
		ok                  bool
	}{
		{"chat:abc234", "chat", "abc234", true},
		{"channel:abc", "channel", "abc", true},
		{"chat:", "", "", false},
		{":abc", "", "", false},
		{"chat:ABC", "", "", false},
		{"chat:a/b", "", "", false},
		{"chat:a:b", "", "", false},
		{"#user", "", "", false},
	}
	for _, tc := range tests {
		ns, id, ok := splitName(tc.name)
		if ns != tc.namespace || id != tc.id || ok != tc.ok {
			t.Errorf("splitName(%q) = %q, %q, %v", tc.name, ns, id, ok)
		}
	}
}
