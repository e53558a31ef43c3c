package hls

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bluenviron/gohlslib/v2/pkg/playlist"

	"github.com/onair/onair/internal/media"
)

// A stream with renditions (a STANDARD channel's ladder) is muxed as
// several independent muxers: the stream's own, which stays the pass-through
// variant with the audio, and one per rendition (video only), each with its
// edge, files under /hls/<playbackId>/<rendition>/. The multivariant
// playlist is then Onair's: gohlslib's for the stream, plus a variant per
// rendition that shares the stream's audio. Renditions carry the stream's
// wall-clock times, so every variant has the same PROGRAM-DATE-TIMEs.
// Streams without renditions take none of these paths.

// ladder is the renditions of a stream's muxer.
type ladder struct {
	// list is replaced as a whole under the server's lock, tallest first.
	list   atomic.Pointer[[]*muxer]
	index  atomic.Pointer[ladderIndex]
	warned atomic.Bool
}

// ladderIndex is a multivariant playlist with renditions and what it was
// made from.
type ladderIndex struct {
	src   *rendition   // gohlslib's multivariant playlist of the stream
	parts []*rendition // gohlslib's of each rendition listed
	out   *rendition
}

// muxers returns the renditions' muxers.
func (l *ladder) muxers() []*muxer {
	if p := l.list.Load(); p != nil {
		return *p
	}
	return nil
}

// named returns the rendition's muxer called name.
func (l *ladder) named(name string) *muxer {
	for _, m := range l.muxers() {
		if m.rendition.Name == name {
			return m
		}
	}
	return nil
}

// AttachRendition starts muxing a rendition of a live stream
// (media.RenditionOutput). A rendition of a stream that is not (or no
// longer) muxed is ignored.
func (s *Server) AttachRendition(l *media.Live, r *media.Rendition) {
	log := s.log.With("channel_id", l.ChannelID, "rendition", r.Name)
	if !token(r.Name, 16) {
		log.Error("hls rendition refused: invalid name")
		return
	}
	rd, err := r.Stream.AddReader("hls", s.cfg.Queue)
	if err != nil {
		return // it has already ended
	}
	m, err := newMuxer(s.cfg, l, r.Stream, rd, log)
	if err != nil {
		rd.Close()
		log.Error("hls rendition muxer not started", "err", err)
		return
	}
	m.rendition, m.attached = r, time.Now()
	s.mu.Lock()
	src := s.muxers[l.PlaybackID]
	if s.closed || src == nil || src.live != l || src.ladder.named(r.Name) != nil {
		s.mu.Unlock()
		rd.Close()
		m.close()
		return
	}
	list := append(slices.Clone(src.ladder.muxers()), m)
	slices.SortStableFunc(list, func(a, b *muxer) int {
		return min(b.rendition.Width, b.rendition.Height) - min(a.rendition.Width, a.rendition.Height)
	})
	src.ladder.list.Store(&list)
	s.rends[m] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	// Listed in the multivariant playlist as soon as it has content, so
	// its edge follows it from the start.
	m.edge.start()
	go func() {
		defer s.wg.Done()
		m.run()
		s.mu.Lock()
		list := slices.DeleteFunc(slices.Clone(src.ladder.muxers()), func(x *muxer) bool { return x == m })
		src.ladder.list.Store(&list)
		delete(s.rends, m)
		s.mu.Unlock()
	}()
}

// renditionWait is how long the multivariant playlist waits for renditions
// being made to have content (the first seconds of a stream), so that
// players, which load it once, see them.
const renditionWait = 3 * time.Second

// multivariant returns the multivariant playlist of snap, the stream's
// snapshot: gohlslib's, or Onair's when the stream has renditions.
func (m *muxer) multivariant(ctx context.Context, snap *snapshot) *rendition {
	rs := m.ladder.muxers()
	if len(rs) == 0 {
		return snap.index
	}
	var listed []*muxer
	var parts []*rendition
	for _, r := range rs {
		rsnap := waitContent(ctx, r)
		if rsnap.ready && !rsnap.ended && !r.offline() {
			listed = append(listed, r)
			parts = append(parts, rsnap.index)
		}
	}
	if len(listed) == 0 {
		return snap.index
	}
	if c := m.ladder.index.Load(); c != nil && c.src == snap.index && slices.Equal(c.parts, parts) {
		return c.out
	}
	out, err := withRenditions(snap.index, listed, parts)
	if err != nil {
		if !m.ladder.warned.Swap(true) {
			m.log.Warn("hls: renditions not listed (further failures are not logged)", "err", err)
		}
		return snap.index
	}
	m.ladder.index.Store(&ladderIndex{src: snap.index, parts: parts, out: out})
	return out
}

// waitContent returns the rendition's newest snapshot once it has content,
// or when it was attached renditionWait ago.
func waitContent(ctx context.Context, r *muxer) *snapshot {
	for {
		snap := r.edge.cur.Load()
		wait := renditionWait - time.Since(r.attached)
		if snap.ready || snap.ended || wait <= 0 || ctx.Err() != nil {
			return snap
		}
		t := time.NewTimer(wait)
		select {
		case <-snap.next:
		case <-r.done:
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
	}
}

// withRenditions renders the multivariant playlist of a stream with
// renditions: src (gohlslib's, for the stream) with a variant per
// rendition, made of the rendition's own multivariant playlist (part), after
// the stream's. Every variant is named (NAME, which hls.js shows) and every
// URI carries the viewer's session.
func withRenditions(src *rendition, rs []*muxer, parts []*rendition) (*rendition, error) {
	var pl playlist.Multivariant
	if err := pl.Unmarshal(src.text); err != nil {
		return nil, fmt.Errorf("stream's multivariant playlist: %w", err)
	}
	if len(pl.Variants) != 1 {
		return nil, fmt.Errorf("stream's multivariant playlist has %d variants", len(pl.Variants))
	}
	main := pl.Variants[0]
	names := []string{sourceName(main.Resolution)}
	var audio []string
	for _, c := range main.Codecs {
		if audioCodec(c) {
			audio = append(audio, c)
		}
	}
	main.URI += markQuery
	for _, r := range pl.Renditions {
		if r.URI != nil {
			uri := *r.URI + markQuery
			r.URI = &uri
		}
	}
	for i, r := range rs {
		var own playlist.Multivariant
		if err := own.Unmarshal(parts[i].text); err != nil || len(own.Variants) != 1 {
			return nil, fmt.Errorf("rendition %s's multivariant playlist: %v", r.rendition.Name, err)
		}
		v := own.Variants[0]
		v.URI = r.rendition.Name + "/" + v.URI + markQuery
		v.Codecs = append(v.Codecs, audio...)
		v.Audio = main.Audio
		pl.Variants = append(pl.Variants, v)
		names = append(names, r.rendition.Name)
	}
	body, err := pl.Marshal()
	if err != nil {
		return nil, err
	}
	body, err = nameVariants(body, names)
	if err != nil {
		return nil, err
	}
	return newRendition(body), nil
}

// nameVariants adds NAME to each EXT-X-STREAM-INF tag of a multivariant
// playlist, in order (gohlslib's playlist package has no field for it).
func nameVariants(body []byte, names []string) ([]byte, error) {
	const tag = "#EXT-X-STREAM-INF:"
	out := make([]byte, 0, len(body)+len(names)*24)
	n := 0
	for line := range bytes.Lines(body) {
		if bytes.HasPrefix(line, []byte(tag)) {
			if n == len(names) {
				return nil, errors.New("more variants than names")
			}
			end := len(bytes.TrimRight(line, "\r\n"))
			out = append(out, line[:end]...)
			out = append(out, `,NAME="`+names[n]+`"`...)
			out = append(out, line[end:]...)
			n++
			continue
		}
		out = append(out, line...)
	}
	if n != len(names) {
		return nil, errors.New("fewer variants than names")
	}
	return out, nil
}

// sourceName names the pass-through variant after its resolution: "720p
// (source)", the short side of 1280x720.
func sourceName(resolution string) string {
	w, h, ok := strings.Cut(resolution, "x")
	wi, err1 := strconv.Atoi(w)
	hi, err2 := strconv.Atoi(h)
	if !ok || err1 != nil || err2 != nil || wi <= 0 || hi <= 0 {
		return "source"
	}
	return strconv.Itoa(min(wi, hi)) + "p (source)"
}

// audioCodec reports whether an RFC 6381 codec string names audio.
func audioCodec(c string) bool {
	c = strings.ToLower(c)
	for _, p := range []string{"mp4a", "opus", "flac", "ac-3", "ec-3", "mp3"} {
		if strings.HasPrefix(c, p) {
			return true
		}
	}
	return false
}
