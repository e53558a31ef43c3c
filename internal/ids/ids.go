// Package ids makes the random identifiers Onair hands out: ids of
// channels, messages, actions and stages, and secrets such as invite codes.
package ids

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/hex"
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

// UUID returns a random (version 4) UUID, the form user ids take.
func UUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
