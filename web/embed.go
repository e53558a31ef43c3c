//go:build !noui

// Package web embeds the built web app (web/dist, produced by `npm run build`).
// Build with `-tags noui` to leave it out (an API-only binary, or Go work
// before the web app has been built).
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Assets returns the built app rooted at dist.
func Assets() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a literal embedded directory; Sub cannot fail
	}
	return sub
}
