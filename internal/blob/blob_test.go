package blob

import (
	"strings"
	"testing"
)

func TestValidKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  string
		want bool
	}{
		{"a", true},
		{"a.png", true},
		{"u/0f3c-9a/avatar-k2j4.png", true},
		{"a_b-c.d/e", true},
		{"..a/b..", true}, // dots inside a segment are plain characters
		{strings.Repeat("a", 256), true},
		{"", false},
		{strings.Repeat("a", 257), false},
		{"../x", false},
		{"a/../x", false},
		{"a/./b", false},
		{".", false},
		{"/a", false},
		{"a/", false},
		{"a//b", false},
		{"A.png", false},
		{"a b", false},
		{`a\b`, false},
		{"a%2fb", false},
		{"é", false},
		{"a\x00b", false},
	}
	for _, tt := range tests {
		if got := ValidKey(tt.key); got != tt.want {
			t.Errorf("ValidKey(%q) = %v, want %v", tt.key, got, tt.want)
		}
	}
}

func TestContentTypeOf(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"a/b.png":  "image/png",
		"a.jpg":    "image/jpeg",
		"a.jpeg":   "image/jpeg",
		"a.webp":   "image/webp",
		"a.html":   "application/octet-stream",
		"a.svg":    "application/octet-stream",
		"noext":    "application/octet-stream",
		"a.png/b":  "application/octet-stream",
		"a.tar.gz": "application/octet-stream",
	}
	for key, want := range tests {
		if got := contentTypeOf(key); got != want {
			t.Errorf("contentTypeOf(%q) = %q, want %q", key, got, want)
		}
	}
}
