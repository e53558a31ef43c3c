package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func newTestDir(t *testing.T) (*Dir, string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "files") // NewDir creates it
	d, err := NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d, root
}

func read(t *testing.T, s Store, key string) (*Object, []byte) {
	t.Helper()
	obj, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	defer obj.Body.Close()
	body, err := io.ReadAll(obj.Body)
	if err != nil {
		t.Fatal(err)
	}
	return obj, body
}

func mustPut(t *testing.T, s Store, key, body string) {
	t.Helper()
	if err := s.Put(context.Background(), key, []byte(body), ""); err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
}

func TestDirRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key, body, wantType string
	}{
		{"top.png", "png bytes", "image/png"},
		{"u/1/avatar-a.jpg", "jpeg bytes", "image/jpeg"},
		{"u/1/banner-b.jpeg", "", "image/jpeg"},
		{"u/2/x/y/z.webp", "webp", "image/webp"},
		{"notes.html", "<script>", "application/octet-stream"},
	}
	d, _ := newTestDir(t)
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			t.Parallel()
			// The declared type is ignored: Dir derives it from the key.
			if err := d.Put(context.Background(), tt.key, []byte(tt.body), "text/html"); err != nil {
				t.Fatal(err)
			}
			obj, body := read(t, d, tt.key)
			if string(body) != tt.body || obj.Size != int64(len(tt.body)) {
				t.Errorf("got %q (size %d), want %q", body, obj.Size, tt.body)
			}
			if obj.ContentType != tt.wantType {
				t.Errorf("content type %q, want %q", obj.ContentType, tt.wantType)
			}
			if obj.ModTime.IsZero() {
				t.Error("zero ModTime")
			}
		})
	}
}

func TestDirOverwrite(t *testing.T) {
	t.Parallel()
	d, root := newTestDir(t)
	mustPut(t, d, "a/b.png", "first, and longer")
	mustPut(t, d, "a/b.png", "second")
	if _, body := read(t, d, "a/b.png"); string(body) != "second" {
		t.Errorf("got %q, want %q", body, "second")
	}
	// No temporary files are left next to the stored one.
	entries, err := os.ReadDir(filepath.Join(root, "a"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want 1: %v", len(entries), entries)
	}
}

func TestDirGetAbsent(t *testing.T) {
	t.Parallel()
	d, _ := newTestDir(t)
	mustPut(t, d, "a/b.png", "x")
	for _, key := range []string{"missing.png", "a", "a/c.png", "a/b.png/c", "z/y/x"} {
		if _, err := d.Get(context.Background(), key); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%q) = %v, want ErrNotFound", key, err)
		}
	}
}

func TestDirDelete(t *testing.T) {
	t.Parallel()
	d, _ := newTestDir(t)
	ctx := context.Background()
	mustPut(t, d, "a/b.png", "x")
	mustPut(t, d, "a/c.png", "y")
	if err := d.Delete(ctx, "a/b.png"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Get(ctx, "a/b.png"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after Delete, Get = %v, want ErrNotFound", err)
	}
	read(t, d, "a/c.png") // the neighbour stays
	// Absent keys, a parent that is a file, and a directory are all "absent".
	for _, key := range []string{"a/b.png", "never", "a/c.png/x", "a"} {
		if err := d.Delete(ctx, key); err != nil {
			t.Errorf("Delete(%q) = %v, want nil", key, err)
		}
	}
	read(t, d, "a/c.png") // deleting the directory "a" as a key did nothing
}

func TestDirDeletePrefix(t *testing.T) {
	t.Parallel()
	d, _ := newTestDir(t)
	ctx := context.Background()
	for _, key := range []string{"u/a/1.png", "u/a/x/2.png", "u/ab/3.png", "u/a.png", "v/a/4.png"} {
		mustPut(t, d, key, key)
	}
	if err := d.DeletePrefix(ctx, "u/a"); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"u/a/1.png", "u/a/x/2.png"} {
		if _, err := d.Get(ctx, key); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%q) after DeletePrefix = %v, want ErrNotFound", key, err)
		}
	}
	// Only the "u/a/" subtree goes: not "u/ab/", not the file "u/a.png".
	for _, key := range []string{"u/ab/3.png", "u/a.png", "v/a/4.png"} {
		if _, body := read(t, d, key); string(body) != key {
			t.Errorf("Get(%q) = %q", key, body)
		}
	}
	// Absent prefixes and a prefix naming a file are fine and change nothing.
	for _, prefix := range []string{"u/a", "nothing/here", "u/a.png"} {
		if err := d.DeletePrefix(ctx, prefix); err != nil {
			t.Errorf("DeletePrefix(%q) = %v, want nil", prefix, err)
		}
	}
	read(t, d, "u/a.png")
}

func TestDirInvalidKeys(t *testing.T) {
	t.Parallel()
	d, root := newTestDir(t)
	ctx := context.Background()
	mustPut(t, d, "a/b.png", "keep")
	keys := []string{"../x", "/a", "a//b", "A.png", "a/./b", strings.Repeat("a", 257), "", "a/", ".", "..", "a/.."}
	for _, key := range keys {
		t.Run(fmt.Sprintf("%.20q", key), func(t *testing.T) {
			t.Parallel()
			ops := map[string]error{
				"Put":          d.Put(ctx, key, []byte("x"), ""),
				"Delete":       d.Delete(ctx, key),
				"DeletePrefix": d.DeletePrefix(ctx, key),
			}
			_, ops["Get"] = d.Get(ctx, key)
			for op, err := range ops {
				if !errors.Is(err, ErrInvalidKey) {
					t.Errorf("%s = %v, want ErrInvalidKey", op, err)
				}
			}
		})
	}
	t.Cleanup(func() {
		// Nothing escaped the root or was removed from it.
		if _, err := os.Stat(filepath.Join(filepath.Dir(root), "x")); !os.IsNotExist(err) {
			t.Errorf("file written outside the root: %v", err)
		}
		if _, err := os.Stat(filepath.Join(root, "a", "b.png")); err != nil {
			t.Errorf("stored file gone: %v", err)
		}
	})
}

func TestDirCanceledContext(t *testing.T) {
	t.Parallel()
	d, _ := newTestDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := d.Put(ctx, "a.png", []byte("x"), ""); !errors.Is(err, context.Canceled) {
		t.Errorf("Put = %v, want context.Canceled", err)
	}
	if _, err := d.Get(context.Background(), "a.png"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after canceled Put = %v, want ErrNotFound", err)
	}
}

func TestDirPutParentIsFile(t *testing.T) {
	t.Parallel()
	d, _ := newTestDir(t)
	mustPut(t, d, "a.png", "x")
	if err := d.Put(context.Background(), "a.png/b.png", []byte("y"), ""); err == nil {
		t.Error("Put under a file succeeded")
	}
}

func TestDirSymlinkEscape(t *testing.T) {
	t.Parallel()
	d, root := newTestDir(t)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.png"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
	ctx := context.Background()
	if _, err := d.Get(ctx, "link/secret.png"); err == nil {
		t.Error("Get followed a symlink out of the root")
	}
	if err := d.Put(ctx, "link/new.png", []byte("x"), ""); err == nil {
		t.Error("Put followed a symlink out of the root")
	}
	if _, err := os.Stat(filepath.Join(outside, "secret.png")); err != nil {
		t.Errorf("file outside the root touched: %v", err)
	}
}

// TestDirConcurrent runs writers and readers on the same keys; with -race
// it checks Dir's own state, and every read must see one whole version.
func TestDirConcurrent(t *testing.T) {
	t.Parallel()
	d, _ := newTestDir(t)
	ctx := context.Background()
	const workers, rounds = 8, 50
	version := func(w, i int) []byte { return bytes.Repeat([]byte{byte('a' + w)}, 1000+i) }
	var wg sync.WaitGroup
	for w := range workers {
		key := fmt.Sprintf("k/%d.png", w%2) // four writers share each key
		wg.Go(func() {
			for i := range rounds {
				if err := d.Put(ctx, key, version(w, i), ""); err != nil {
					t.Error(err)
					return
				}
			}
		})
		wg.Go(func() {
			for range rounds {
				obj, err := d.Get(ctx, key)
				if errors.Is(err, ErrNotFound) {
					continue // not written yet
				}
				if err != nil {
					t.Error(err)
					return
				}
				body, err := io.ReadAll(obj.Body)
				obj.Body.Close()
				if err != nil || len(body) < 1000 || !bytes.Equal(body, bytes.Repeat(body[:1], len(body))) {
					t.Errorf("torn read of %s: %d bytes, err %v", key, len(body), err)
					return
				}
			}
		})
	}
	wg.Wait()
}
