// Package ids makes the random identifiers Onair hands out: ids of
// channels, messages, actions and stages, and secrets such as invite codes.
package ids

import (
	"crypto/rand"
	"encoding/base32"
)

var lowerBase32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// Random returns n random bytes as lower-case base32 (8 characters per 5
// bytes): safe in URLs, channel names and file names.
func Random(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return lowerBase32.EncodeToString(b)
}

// New returns 128 random bits as lower-case base32 (26 characters).
func New() string { return Random(16) }
