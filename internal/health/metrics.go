package health

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
)

// PageSize is how many sessions a list page holds (spec 3.4).
const PageSize = 50

// ErrBadNextToken answers a nextToken this server did not issue for the
// caller's channel.
var ErrBadNextToken = errs.Invalid("BadRequestException", "nextToken is not valid.")

// SessionPage is one page of a channel's sessions, newest first.
type SessionPage struct {
	Sessions []Session
	// NextToken continues the list; "" on the last page.
	NextToken string
}

// List returns a page of the channel's sessions after nextToken ("" for
// the first page).
func (s *Service) List(ctx context.Context, ch channel.ID, nextToken string) (SessionPage, error) {
	var after *SessionCursor
	if nextToken != "" {
		c, err := decodeCursor(ch, nextToken)
		if err != nil {
			return SessionPage{}, err
		}
		after = &c
	}
	list, err := s.repo.ListSessions(ctx, ch, after, PageSize+1)
	if err != nil {
		return SessionPage{}, fmt.Errorf("list sessions of %s: %w", ch, err)
	}
	page := SessionPage{Sessions: list}
	if len(list) > PageSize {
		page.Sessions = list[:PageSize]
		last := page.Sessions[PageSize-1]
		page.NextToken = encodeCursor(ch, SessionCursor{Start: last.StartTime, ID: last.ID})
	}
	return page, nil
}

// cursorToken is the encoded form of a SessionCursor.
type cursorToken struct {
	Start int64  `json:"s"`
	ID    string `json:"i"`
}

// encodeCursor writes base64url(JSON) "." base64url(check), the check a
// SHA-256 over the channel and the JSON. It is not a secret MAC (the list
// query is always limited to the caller's channel, so a forged cursor can
// only move within it); it makes edited or copied tokens fail plainly.
func encodeCursor(ch channel.ID, c SessionCursor) string {
	b, _ := json.Marshal(cursorToken{Start: c.Start.UnixMilli(), ID: string(c.ID)}) // plain struct: cannot fail
	return base64.RawURLEncoding.EncodeToString(b) + "." + base64.RawURLEncoding.EncodeToString(cursorCheck(ch, b))
}

func decodeCursor(ch channel.ID, token string) (SessionCursor, error) {
	body, check, ok := strings.Cut(token, ".")
	if !ok || len(token) > 512 {
		return SessionCursor{}, ErrBadNextToken
	}
	b, err1 := base64.RawURLEncoding.DecodeString(body)
	sum, err2 := base64.RawURLEncoding.DecodeString(check)
	if err1 != nil || err2 != nil || string(sum) != string(cursorCheck(ch, b)) {
		return SessionCursor{}, ErrBadNextToken
	}
	var t cursorToken
	if err := json.Unmarshal(b, &t); err != nil || t.ID == "" {
		return SessionCursor{}, ErrBadNextToken
	}
	return SessionCursor{Start: time.UnixMilli(t.Start).UTC(), ID: SessionID(t.ID)}, nil
}

func cursorCheck(ch channel.ID, body []byte) []byte {
	h := sha256.New()
	h.Write([]byte("onair/session-cursor\x00" + string(ch) + "\x00"))
	h.Write(body)
	return h.Sum(nil)[:16]
}

// Detail is a session with its events and metrics (spec 9.2).
type Detail struct {
	Session Session
	// Events are the session's events, oldest first.
	Events []Event
	Window Window
	// Series holds IngestVideoBitrate, IngestFramerate, KeyframeInterval
	// and ConcurrentViews, in that order.
	Series []Series
}

// Detail returns the session with its events and its metrics over the
// window of WindowFor at the service's clock.
func (s *Service) Detail(ctx context.Context, id SessionID) (Detail, error) {
	sess, err := s.repo.Session(ctx, id)
	if err != nil {
		return Detail{}, err
	}
	events, err := s.repo.Events(ctx, id)
	if err != nil {
		return Detail{}, fmt.Errorf("events of %s: %w", id, err)
	}
	w := WindowFor(sess, s.now())
	var samples []Sample
	if w.Points > 0 {
		// Samples is inclusive of its end; BuildSeries drops a sample at w.End.
		if samples, err = s.repo.Samples(ctx, id, w.Start, w.End); err != nil {
			return Detail{}, fmt.Errorf("samples of %s: %w", id, err)
		}
	}
	return Detail{Session: sess, Events: events, Window: w, Series: BuildSeries(w, samples)}, nil
}
