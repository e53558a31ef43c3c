package product

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestLoadSecrets(t *testing.T) {
	t.Parallel()
	const good = `{"accessKey": "AKIAEXAMPLE", "secretKey": "TOPSECRETVALUE", "partnerTag": "onair-20"}`
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		dir     bool
		wantErr string // "" for success
	}{
		{"owner only", good, 0o600, false, ""},
		{"owner read-only", "\n" + good + "\n", 0o400, false, ""},
		{"group readable", good, 0o640, false, "mode 0640"},
		{"world readable", good, 0o644, false, "mode 0644"},
		{"group writable", good, 0o620, false, "chmod 600"},
		{"world writable only", good, 0o602, false, "mode 0602"},
		{"empty values named", `{"accessKey": "", "secretKey": "TOPSECRETVALUE", "partnerTag": " "}`, 0o600, false, "empty values for: accessKey, partnerTag"},
		{"missing keys named", `{}`, 0o600, false, "empty values for: accessKey, secretKey, partnerTag"},
		{"unknown key", `{"accessKey": "a", "secretKey": "TOPSECRETVALUE", "partnerTag": "p", "region": "x"}`, 0o600, false, `unknown field "region"`},
		{"not JSON", `accessKey: TOPSECRETVALUE`, 0o600, false, "syntax error at byte 1"},
		{"wrong type", `{"accessKey": "a", "secretKey": 12345, "partnerTag": "p"}`, 0o600, false, "secretKey must be a string"},
		{"two objects", good + good, 0o600, false, "data after its JSON object"},
		{"empty file", ``, 0o600, false, "empty or cut short"},
		{"cut short", `{"accessKey": "TOPSECRETVALUE"`, 0o600, false, "empty or cut short"},
		{"directory", "", 0o700, true, "not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "product-secrets.json")
			if tt.dir {
				if err := os.Mkdir(path, tt.mode); err != nil {
					t.Fatal(err)
				}
			} else {
				if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tt.mode); err != nil { // not subject to the umask
					t.Fatal(err)
				}
			}
			ak, sk, tag, err := LoadSecrets(path)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("LoadSecrets: %v", err)
				}
				if ak != "AKIAEXAMPLE" || sk != "TOPSECRETVALUE" || tag != "onair-20" {
					t.Errorf("got %q %q %q", ak, sk, tag)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to say %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "TOPSECRETVALUE") {
				t.Errorf("error shows the secret: %v", err)
			}
			if ak != "" || sk != "" || tag != "" {
				t.Errorf("values returned with an error")
			}
		})
	}
}

func TestLoadSecretsMissingFile(t *testing.T) {
	t.Parallel()
	_, _, _, err := LoadSecrets(filepath.Join(t.TempDir(), "nope.json"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadSecretsFollowsSymlinkToPrivateFile(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("symlinks")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "real.json")
	if err := os.WriteFile(target, []byte(`{"accessKey":"a","secretKey":"s","partnerTag":"p"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json") // a symlink's own mode is 0777; the file's counts
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := LoadSecrets(link); err != nil {
		t.Fatalf("LoadSecrets through a symlink: %v", err)
	}
}
