package ids

import (
	"regexp"
	"testing"
)

func TestRandom(t *testing.T) {
	plain := regexp.MustCompile(`^[a-z2-7]+$`)
	for _, tc := range []struct{ bytes, chars int }{{5, 8}, {8, 13}, {10, 16}, {16, 26}} {
		a, b := Random(tc.bytes), Random(tc.bytes)
		if len(a) != tc.chars || !plain.MatchString(a) || a == b {
			t.Errorf("Random(%d) = %q, %q: want two different %d-character lower-case base32 strings", tc.bytes, a, b, tc.chars)
		}
	}
	if id := New(); len(id) != 26 {
		t.Errorf("New() = %q", id)
	}
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if a, b := UUID(), UUID(); !v4.MatchString(a) || a == b {
		t.Errorf("UUID() = %q, %q: want two different version 4 UUIDs", a, b)
	}
}
