package blob

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"syscall"
)

// Dir is a Store on a local directory. A key maps to the file of the same
// relative path. Dir is safe for concurrent use: writes go through a
// temporary file and a rename, so a reader sees the old file or the new
// one, never a partial one.
type Dir struct {
	// root confines every operation to the directory, even if a symbolic
	// link is planted inside it; valid keys alone already cannot escape.
	root *os.Root
}

var _ Store = (*Dir)(nil)

// NewDir opens (creating it if needed) the directory root as a Store.
// Close releases it.
func NewDir(root string) (*Dir, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("blob: create %s: %w", root, err)
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, fmt.Errorf("blob: open %s: %w", root, err)
	}
	return &Dir{root: r}, nil
}

// Close releases the directory; the Dir must not be used afterwards.
func (d *Dir) Close() error { return d.root.Close() }

// Put writes body under key atomically, creating parent directories. The
// content type is derived from the key's extension when the file is read,
// so contentType is not kept.
func (d *Dir) Put(ctx context.Context, key string, body []byte, _ string) error {
	if err := check(ctx, key); err != nil {
		return fmt.Errorf("put %q: %w", key, err)
	}
	if err := d.put(key, body); err != nil {
		return fmt.Errorf("blob: put %q: %w", key, err)
	}
	return nil
}

func (d *Dir) put(key string, body []byte) (err error) {
	dir := path.Dir(key)
	if err := d.root.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Upper-case letters never appear in a valid key, so the temporary
	// name cannot clash with, or be served as, a stored file.
	tmp := path.Join(dir, ".tmp-"+rand.Text())
	f, err := d.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = d.root.Remove(tmp)
		}
	}()
	_, err = f.Write(body)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := d.root.Rename(tmp, key); err != nil {
		return err
	}
	// Sync the directory so the rename itself survives a crash.
	return d.syncDir(dir)
}

func (d *Dir) syncDir(dir string) error {
	f, err := d.root.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Get opens the file under key. Directories are never files: asking for
// one answers ErrNotFound.
func (d *Dir) Get(ctx context.Context, key string) (*Object, error) {
	if err := check(ctx, key); err != nil {
		return nil, fmt.Errorf("get %q: %w", key, err)
	}
	f, err := d.root.Open(key)
	if absent(err) {
		return nil, fmt.Errorf("get %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: get %q: %w", key, err)
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = ErrNotFound
	}
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("get %q: %w", key, err)
	}
	return &Object{Body: f, ContentType: contentTypeOf(key), Size: info.Size(), ModTime: info.ModTime()}, nil
}

// Delete removes the file under key. Emptied parent directories stay; they
// cost nothing and removing them would race with a concurrent Put.
func (d *Dir) Delete(ctx context.Context, key string) error {
	if err := check(ctx, key); err != nil {
		return fmt.Errorf("delete %q: %w", key, err)
	}
	info, err := d.root.Lstat(key)
	if absent(err) || (err == nil && info.IsDir()) {
		return nil
	}
	if err == nil {
		err = d.root.Remove(key)
	}
	if err != nil && !absent(err) {
		return fmt.Errorf("blob: delete %q: %w", key, err)
	}
	return nil
}

// DeletePrefix removes the directory tree named by prefix. A file stored
// under prefix itself is not "under prefix/" and stays.
func (d *Dir) DeletePrefix(ctx context.Context, prefix string) error {
	if err := check(ctx, prefix); err != nil {
		return fmt.Errorf("delete prefix %q: %w", prefix, err)
	}
	info, err := d.root.Lstat(prefix)
	if absent(err) || (err == nil && !info.IsDir()) {
		return nil
	}
	if err == nil {
		err = d.root.RemoveAll(prefix)
	}
	if err != nil {
		return fmt.Errorf("blob: delete prefix %q: %w", prefix, err)
	}
	return nil
}

func check(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !ValidKey(key) {
		return ErrInvalidKey
	}
	return nil
}

// absent reports whether err means there is no file: either the name is
// missing or one of its parents is a file ("a.png/b").
func absent(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}
