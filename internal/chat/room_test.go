package chat

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/realtime"
)

// stream builds a history stream from (kind, id-or-target, user, sent ms)
// entries at offsets 1, 2, ...
func stream(entries ...[4]string) realtime.Stream {
	s := realtime.Stream{Top: realtime.Position{Epoch: "e"}}
	for i, e := range entries {
		tags := map[string]string{tagKind: e[0]}
		if e[0] == kindMessage {
			tags[realtime.TagID], tags[tagUser], tags[tagTime] = e[1], e[2], e[3]
		} else {
			tags[tagTarget] = e[1]
		}
		s.Entries = append(s.Entries, realtime.Entry{Offset: uint64(i + 1), Tags: tags})
		s.Top.Offset = uint64(i + 1)
	}
	return s
}

func TestBacklog(t *testing.T) {
	tests := []struct {
		name   string
		stream realtime.Stream
		size   int
		since  int64
		want   realtime.Backlog
	}{
		{"empty room", stream(), 50, 0,
			realtime.Backlog{Since: realtime.Position{Epoch: "e"}, Top: realtime.Position{Epoch: "e"}}},
		{"last two of three", stream(
			[4]string{kindMessage, "m1", "u1", "100"},
			[4]string{kindMessage, "m2", "u2", "200"},
			[4]string{kindMessage, "m3", "u1", "300"},
		), 2, 0, realtime.Backlog{Since: realtime.Position{Offset: 1, Epoch: "e"}, Top: realtime.Position{Offset: 3, Epoch: "e"}, Oldest: 1}},
		{"deleted and banned are hidden and skipped", stream(
			[4]string{kindMessage, "m1", "u1", "100"},
			[4]string{kindMessage, "m2", "u2", "200"},
			[4]string{kindMessage, "m3", "u1", "300"},
			[4]string{kindDeleted, "m2"},
			[4]string{kindBanned, "u1"},
			[4]string{kindMessage, "m4", "u1", "400"}, // after the ban (since lifted): visible
		), 50, 0, realtime.Backlog{Since: realtime.Position{Offset: 5, Epoch: "e"}, Top: realtime.Position{Offset: 6, Epoch: "e"}, Oldest: 1,
			Hidden: []string{"m1", "m2", "m3"}}},
		{"too old", stream(
			[4]string{kindMessage, "m1", "u1", "100"},
			[4]string{kindMessage, "m2", "u1", "200"},
		), 50, 150, realtime.Backlog{Since: realtime.Position{Offset: 1, Epoch: "e"}, Top: realtime.Position{Offset: 2, Epoch: "e"}, Oldest: 1}},
		{"all too old", stream(
			[4]string{kindMessage, "m1", "u1", "100"},
		), 50, 1000, realtime.Backlog{Since: realtime.Position{Offset: 1, Epoch: "e"}, Top: realtime.Position{Offset: 1, Epoch: "e"}, Oldest: 1}},
	}
	for _, tc := range tests {
		r := apply(tc.stream)
		if diff := cmp.Diff(&tc.want, r.backlog(tc.size, tc.since)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}
