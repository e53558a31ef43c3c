// Package blob holds public files, such as avatars and banners, by key:
// a Store interface, a local directory implementation (Dir) and the HTTP
// handler that serves them.
package blob

import (
	"context"
	"errors"
	"io"
	"path"
	"strings"
	"time"
)

// Store holds files by key. Keys are slash-separated segments of
// [a-z0-9._-] (see ValidKey).
type Store interface {
	// Put stores body under key, replacing any previous file.
	Put(ctx context.Context, key string, body []byte, contentType string) error
	// Get opens the file under key; it returns ErrNotFound when there is none.
	// The caller closes Object.Body.
	Get(ctx context.Context, key string) (*Object, error)
	// Delete removes the file under key; an absent file is not an error.
	Delete(ctx context.Context, key string) error
	// DeletePrefix removes every file whose key starts with prefix + "/";
	// an absent prefix is not an error.
	DeletePrefix(ctx context.Context, prefix string) error
}

// Object is an open stored file.
type Object struct {
	Body        io.ReadSeekCloser
	ContentType string
	Size        int64
	ModTime     time.Time
}

var (
	// ErrNotFound reports that no file is stored under a key.
	ErrNotFound = errors.New("blob: not found")
	// ErrInvalidKey reports a key (or prefix) that ValidKey rejects.
	ErrInvalidKey = errors.New("blob: invalid key")
)

// maxKeyLen bounds a key so it fits every file system and object store.
const maxKeyLen = 256

// ValidKey reports whether key is 1 to 256 characters of non-empty,
// slash-separated segments made of [a-z0-9._-], none of them "." or "..".
// Such a key can be joined to a directory without escaping it and used in
// a URL path without escaping.
func ValidKey(key string) bool {
	if key == "" || len(key) > maxKeyLen {
		return false
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
		for i := 0; i < len(seg); i++ {
			c := seg[i]
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '.' && c != '_' && c != '-' {
				return false
			}
		}
	}
	return true
}

// contentTypeOf derives the content type from the key's extension. Only
// the image types we store are named; anything else is served as opaque
// bytes so a browser never renders it as a page.
func contentTypeOf(key string) string {
	switch path.Ext(key) {
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".webp":
		return "image/webp"
	}
	return "application/octet-stream"
}
