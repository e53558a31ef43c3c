package whep

import (
	"encoding/hex"
	"testing"
)

func TestDeclaresReordering(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, sps string
		want      bool
	}{
		// x264 with bframes=2 (the SPS of testdata/sample.flv).
		{name: "x264 high with b-frames", sps: "674d401eeca05017fcb80880000003008000001e078b16cb", want: true},
		// Constrained baseline (testdata/sample.h264) cannot have them.
		{name: "constrained baseline", sps: "6742c01eda0280bfe5c044000003000400000300f03c58ba80", want: false},
		{name: "garbage", sps: "67ff", want: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b, err := hex.DecodeString(tc.sps)
			if err != nil {
				t.Fatal(err)
			}
			if got := declaresReordering(b); got != tc.want {
				t.Errorf("declaresReordering = %v, want %v", got, tc.want)
			}
		})
	}
}
