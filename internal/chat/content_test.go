package chat

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheckContent(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"plain", "hello", "hello", nil},
		{"trimmed", "  hi there \n\t", "hi there", nil},
		{"only spaces", " \n\t ", "", ErrEmpty},
		{"empty", "", "", ErrEmpty},
		{"500 code points", strings.Repeat("é", 500), strings.Repeat("é", 500), nil},
		{"501 code points", strings.Repeat("é", 501), "", ErrTooLong},
		{"500 after trimming", "  " + strings.Repeat("a", 500) + "  ", strings.Repeat("a", 500), nil},
		{"emoji count as one each", strings.Repeat("🎉", 500), strings.Repeat("🎉", 500), nil},
		{"markup stays text", "<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>", nil},
		{"malformed bytes", "a\xffb", "a\uFFFDb", nil},
	}
	for _, tc := range tests {
		got, err := checkContent(tc.in)
		if !errors.Is(err, tc.err) || got != tc.want {
			t.Errorf("%s: checkContent = %q, %v; want %q, %v", tc.name, got, err, tc.want, tc.err)
		}
	}
}

// FuzzCheckContent: whatever a client sends, a message that passes is
// trimmed, valid UTF-8 and 1 to MaxLength code points, and a refusal is
// one of the two rules' errors.
func FuzzCheckContent(f *testing.F) {
	for _, s := range []string{"hi", " ", strings.Repeat("x", 501), "\xff\xfe", "<b>x</b>", "a\u200bb", "\u3000x\u3000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := checkContent(in)
		switch {
		case errors.Is(err, ErrEmpty):
			if strings.TrimSpace(strings.ToValidUTF8(in, "\uFFFD")) != "" {
				t.Fatalf("%q refused as empty", in)
			}
		case errors.Is(err, ErrTooLong):
			if utf8.RuneCountInString(in) <= MaxLength {
				t.Fatalf("%q (%d code points) refused as too long", in, utf8.RuneCountInString(in))
			}
		case err != nil:
			t.Fatalf("unexpected error %v", err)
		default:
			n := utf8.RuneCountInString(got)
			if !utf8.ValidString(got) || n == 0 || n > MaxLength || strings.TrimSpace(got) != got {
				t.Fatalf("%q passed as %q", in, got)
			}
		}
	})
}
