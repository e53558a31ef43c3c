package whip

import (
	"strings"
	"testing"
)

func TestBearer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header, key string
		ok          bool
	}{
		{"Bearer sk_abc123", "sk_abc123", true},
		{"bearer sk_abc123", "sk_abc123", true},
		{"Bearer   sk_abc123  ", "sk_abc123", true},
		{"Bearer", "", false},
		{"Bearer ", "", false},
		{"Basic c2tfYWJj", "", false},
		{"Bearer sk abc", "", false},
		{"Bearer sk\x00abc", "", false},
		{"Bearer " + strings.Repeat("k", maxKey+1), "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		key, ok := bearer(tc.header)
		if key != tc.key || ok != tc.ok {
			t.Errorf("bearer(%q) = %q, %v; want %q, %v", tc.header, key, ok, tc.key, tc.ok)
		}
	}
}

func TestResourceID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path, id string
		ok       bool
	}{
		{"/whip/0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef", true},
		{"/whip/anything", "anything", true},
		{"/whip", "", false},
		{"/whip/", "", false},
		{"/whip/a/b", "", false},
		{"/whep/abc", "", false},
		{"/whip/" + strings.Repeat("a", 65), "", false},
	}
	for _, tc := range tests {
		id, ok := resourceID(tc.path)
		if id != tc.id || ok != tc.ok {
			t.Errorf("resourceID(%q) = %q, %v", tc.path, id, ok)
		}
	}
}

func FuzzBearer(f *testing.F) {
	for _, s := range []string{"Bearer sk_abc", "bearer  x ", "Basic abc", "Bearer a b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		key, ok := bearer(h)
		if !ok {
			if key != "" {
				t.Errorf("refused header yields key %q", key)
			}
			return
		}
		if key == "" || len(key) > maxKey || strings.ContainsAny(key, " \t\r\n") {
			t.Errorf("bearer(%q) accepted %q", h, key)
		}
		if again, ok := bearer("Bearer " + key); !ok || again != key {
			t.Errorf("key %q does not round-trip", key)
		}
	})
}

func FuzzResourceID(f *testing.F) {
	for _, s := range []string{"/whip/0123456789abcdef0123456789abcdef", "/whip/", "/whip/a/b", "/whip//", "/whipx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		id, ok := resourceID(path)
		if ok && (id == "" || strings.Contains(id, "/") || "/whip/"+id != path) {
			t.Errorf("resourceID(%q) = %q", path, id)
		}
	})
}
