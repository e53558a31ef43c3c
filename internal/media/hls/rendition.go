package hls

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// sessionMark stands for the viewer's session id while a playlist is
// rendered once for everyone: gohlslib repeats the request's query after
// every URI it lists, so rendering with session=sessionMark leaves
// "?session=ONAIR-SESSION-ID" wherever a viewer's own id belongs.
const sessionMark = "ONAIR-SESSION-ID"

// markQuery is what gohlslib writes after each URI of a rendering.
const markQuery = "?" + sessionParam + "=" + sessionMark

// rendition is a playlist rendered for every viewer: its text without the
// session marks, and where each viewer's "?session=<id>" is inserted.
type rendition struct {
	text []byte
	at   []int // offsets into text, ascending
}

func newRendition(body []byte) *rendition {
	r := &rendition{text: make([]byte, 0, len(body))}
	for {
		i := bytes.Index(body, []byte(markQuery))
		if i < 0 {
			r.text = append(r.text, body...)
			return r
		}
		r.text = append(r.text, body[:i]...)
		r.at = append(r.at, len(r.text))
		body = body[i+len(markQuery):]
	}
}

// size is the length of the playlist for session (none when empty).
func (r *rendition) size(session string) int {
	if session == "" {
		return len(r.text)
	}
	return len(r.text) + len(r.at)*(len("?"+sessionParam+"=")+len(session))
}

// appendTo appends the playlist for session to dst.
func (r *rendition) appendTo(dst []byte, session string) []byte {
	if session == "" {
		return append(dst, r.text...)
	}
	prev := 0
	for _, at := range r.at {
		dst = append(dst, r.text[prev:at]...)
		dst = append(dst, "?"+sessionParam+"="...)
		dst = append(dst, session...)
		prev = at
	}
	return append(dst, r.text[prev:]...)
}

// position is where a media playlist stands, as its rendering says: the
// segments it lists (completed ones, the oldest first) and the parts of
// the segment in progress.
type position struct {
	seq       uint64 // EXT-X-MEDIA-SEQUENCE: the first listed segment
	segments  uint64 // completed segments listed, gaps included
	lastParts uint64 // parts of the newest completed segment
	parts     uint64 // parts of the segment in progress
}

// next is the media sequence number of the segment in progress.
func (p position) next() uint64 { return p.seq + p.segments }

// outside reports whether a blocking request for msn is answered 400 at
// once: more than one segment ahead of the one in progress, or at or
// before the oldest listed segment (gohlslib's rules).
func (p position) outside(msn uint64) bool {
	return msn > p.next()+1 || msn < p.seq+1
}

// has reports whether the playlist satisfies a blocking request for
// segment msn (whole, when withPart is false) or for part of it. A part
// index past the last part of a completed segment stands for part 0 of the
// segment after it (RFC 8216bis 6.2.5.2).
func (p position) has(msn, part uint64, withPart bool) bool {
	next := p.next()
	switch {
	case !withPart || msn+1 < next:
		return msn < next
	case msn+1 == next:
		return part < p.lastParts || p.parts > 0
	case msn == next:
		return part < p.parts
	}
	return false
}

// query holds the parameters of a playlist request that matter here.
type query struct {
	msn, part, skip, session string
}

// parseQuery reads raw without allocating unless a value is escaped; like
// url.Values.Get, the first value of a key counts.
func parseQuery(raw string) query {
	var q query
	for raw != "" {
		var kv string
		kv, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(kv, "=")
		var dst *string
		switch k {
		case "_HLS_msn":
			dst = &q.msn
		case "_HLS_part":
			dst = &q.part
		case "_HLS_skip":
			dst = &q.skip
		case sessionParam:
			dst = &q.session
		default:
			continue
		}
		if *dst != "" {
			continue
		}
		if strings.ContainsAny(v, "%+") {
			u, err := url.QueryUnescape(v)
			if err != nil {
				continue // url.ParseQuery drops such pairs too
			}
			v = u
		}
		*dst = v
	}
	return q
}

// blocking returns the delivery directives of a media playlist request:
// block is false for a plain reload, withPart whether a part was named;
// bad means the request is answered 400.
func (q query) blocking() (msn, part uint64, block, withPart, bad bool) {
	if q.msn == "" {
		return 0, 0, false, false, q.part != "" // a part without msn is a bad request
	}
	msn, err := strconv.ParseUint(q.msn, 10, 64)
	if err != nil {
		return 0, 0, false, false, true
	}
	if q.part != "" {
		if part, err = strconv.ParseUint(q.part, 10, 64); err != nil {
			return 0, 0, false, false, true
		}
		withPart = true
	}
	return msn, part, true, withPart, false
}

// delta reports whether a Playlist Delta Update is asked for.
func (q query) delta() bool { return q.skip == "YES" || q.skip == "v2" }

// validSession returns id if it can stand for a viewer, else "".
func validSession(id string) string {
	if token(id, 64) {
		return id
	}
	return ""
}

// blockLimit is how long a blocking request may wait for the media it
// asks for before 503: three target durations (RFC 8216bis 6.2.5.2), at
// least a second and at most waitLimit.
func blockLimit(targetSeconds int) time.Duration {
	return min(max(3*time.Duration(targetSeconds)*time.Second, time.Second), waitLimit)
}
