package whep

import (
	"strings"
	"testing"
)

func TestSplitPath(t *testing.T) {
	t.Parallel()
	id := "0123456789abcdef0123456789abcdef"
	tests := []struct {
		path, pid, sid string
		ok             bool
	}{
		{"/whep/abc", "abc", "", true},
		{"/whep/abc/", "abc", "", true},
		{"/whep/abc/" + id, "abc", id, true},
		{"/whep/abc/notanid", "", "", false},
		{"/whep/abc/" + id + "/x", "", "", false},
		{"/whep/", "", "", false},
		{"/whep/a b", "", "", false},
		{"/whep/../x", "", "", false},
		{"/hls/abc", "", "", false},
	}
	for _, tc := range tests {
		pid, sid, ok := splitPath(tc.path)
		if pid != tc.pid || sid != tc.sid || ok != tc.ok {
			t.Errorf("splitPath(%q) = %q, %q, %v", tc.path, pid, sid, ok)
		}
	}
}

func FuzzSplitPath(f *testing.F) {
	for _, s := range []string{"/whep/abc", "/whep/abc/0123456789abcdef0123456789abcdef", "/whep//", "/whep/a/b/c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		pid, sid, ok := splitPath(path)
		if !ok {
			return
		}
		if pid == "" || strings.ContainsAny(pid, "/.") || strings.Contains(sid, "/") {
			t.Errorf("splitPath(%q) = %q, %q", path, pid, sid)
		}
		if !strings.HasPrefix(path, "/whep/"+pid) {
			t.Errorf("pid %q not from %q", pid, path)
		}
	})
}
