//go:build noui

package web

import "io/fs"

// Assets is nil without the web app; the server then serves a notice.
func Assets() fs.FS { return nil }
