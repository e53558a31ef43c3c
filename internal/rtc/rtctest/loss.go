package rtctest

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pion/interceptor"
	"github.com/pion/rtp"
)

// lossFactory makes the interceptor that loses video packets on purpose
// (PublishOptions.LoseVideo). It sits nearest the network, after the NACK
// responder has kept the packet for resending.
type lossFactory struct {
	every             int
	lost, resent, rtx atomic.Int64
}

func (f *lossFactory) NewInterceptor(string) (interceptor.Interceptor, error) {
	return &lossInterceptor{f: f}, nil
}

type lossInterceptor struct {
	interceptor.NoOp
	f *lossFactory
}

func (l *lossInterceptor) BindLocalStream(info *interceptor.StreamInfo, w interceptor.RTPWriter) interceptor.RTPWriter {
	if l.f.every <= 0 || !strings.HasPrefix(strings.ToLower(info.MimeType), "video/") {
		return w
	}
	var (
		mu   sync.Mutex
		n    int
		gone = map[uint16]bool{} // lost once, not yet resent
	)
	return interceptor.RTPWriterFunc(func(h *rtp.Header, payload []byte, a interceptor.Attributes) (int, error) {
		switch {
		case info.SSRCRetransmission != 0 && h.SSRC == info.SSRCRetransmission:
			if len(payload) > 2 { // not a padding probe
				l.f.resent.Add(1)
				l.f.rtx.Add(1)
			}
		case h.SSRC == info.SSRC && len(payload) > 0:
			mu.Lock()
			resend := gone[h.SequenceNumber]
			lose := false
			if resend {
				delete(gone, h.SequenceNumber)
			} else if n++; n%l.f.every == 0 {
				gone[h.SequenceNumber], lose = true, true
			}
			mu.Unlock()
			if resend {
				l.f.resent.Add(1)
			}
			if lose {
				l.f.lost.Add(1)
				return h.MarshalSize() + len(payload), nil
			}
		}
		return w.Write(h, payload, a)
	})
}
