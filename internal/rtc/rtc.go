// Package rtc is the WebRTC plumbing shared by WHIP ingest and WHEP
// playback: one ICE transport for every peer (a single UDP port through
// pion's UDP mux, optionally a TCP port), the pion API factory, and the
// HTTP side of WHIP/WHEP signalling (reading offers, answering, errors).
// It knows nothing about streams or channels.
package rtc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/interceptor"
	"github.com/pion/interceptor/pkg/nack"
	"github.com/pion/webrtc/v4"
)

// Config is the ICE transport's configuration.
type Config struct {
	// UDPAddr is the one UDP address every peer connection shares
	// (host:port; an empty host listens on every interface).
	UDPAddr string
	// TCPAddr, when set, also offers passive ICE-TCP candidates on this
	// address, for viewers and publishers whose networks block UDP.
	TCPAddr string
	// PublicIPs are added as host candidates next to the local addresses,
	// for a server behind a 1:1 NAT (a cloud VM with a public IP).
	PublicIPs []string
	// DisconnectedTimeout is how long a peer may be silent before it counts
	// as disconnected; after as long again it has failed. Defaults to 5s.
	DisconnectedTimeout time.Duration
}

// Transport owns the shared sockets and makes pion APIs that use them.
type Transport struct {
	settings webrtc.SettingEngine
	udpMux   ice.UDPMux
	tcpMux   ice.TCPMux
	udpAddrs []net.Addr
	tcpLn    net.Listener
	log      *slog.Logger
	close    sync.Once
}

// Listen binds the configured sockets.
func Listen(cfg Config, log *slog.Logger) (*Transport, error) {
	if cfg.DisconnectedTimeout <= 0 {
		cfg.DisconnectedTimeout = 5 * time.Second
	}
	t := &Transport{log: log}
	pionLog := loggerFactory{log: log}
	udpMux, err := listenUDP(cfg.UDPAddr, pionLog)
	if err != nil {
		return nil, err
	}
	t.udpMux, t.udpAddrs = udpMux, udpMux.GetListenAddresses()

	se := webrtc.SettingEngine{LoggerFactory: pionLog}
	se.SetICEUDPMux(udpMux)
	networks := []webrtc.NetworkType{webrtc.NetworkTypeUDP4, webrtc.NetworkTypeUDP6}
	if cfg.TCPAddr != "" {
		ln, err := net.Listen("tcp", cfg.TCPAddr)
		if err != nil {
			udpMux.Close()
			return nil, fmt.Errorf("listen on %s (webrtc.tcpAddr): %w", cfg.TCPAddr, err)
		}
		t.tcpLn = ln
		t.tcpMux = webrtc.NewICETCPMux(pionLog.NewLogger("ice-tcp"), ln, 32)
		se.SetICETCPMux(t.tcpMux)
		networks = append(networks, webrtc.NetworkTypeTCP4, webrtc.NetworkTypeTCP6)
	}
	se.SetNetworkTypes(networks)
	// Loopback candidates let a browser on the same machine (and the tests)
	// connect; mDNS would only open multicast sockets per peer.
	se.SetIncludeLoopbackCandidate(true)
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	se.SetICETimeouts(cfg.DisconnectedTimeout, cfg.DisconnectedTimeout, time.Second)
	if len(cfg.PublicIPs) > 0 {
		err := se.SetICEAddressRewriteRules(webrtc.ICEAddressRewriteRule{
			External: cfg.PublicIPs, AsCandidateType: webrtc.ICECandidateTypeHost, Mode: webrtc.ICEAddressRewriteAppend,
		})
		if err != nil {
			t.Close()
			return nil, fmt.Errorf("webrtc.publicIPs: %w", err)
		}
	}
	t.settings = se
	return t, nil
}

// socketBuffer is the UDP socket buffer size asked for: one shared port
// carries every peer, and a burst (a key frame from each publisher) must not
// overflow the kernel's default of about 200 KiB while the reader is busy.
const socketBuffer = 4 << 20

// listenUDP binds addr. A specific address gets one mux; an unspecified
// host gets one socket per local address (same port), so replies always
// leave from the address the peer wrote to.
func listenUDP(addr string, logs loggerFactory) (ice.UDPMux, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("webrtc.udpAddr %q: %w", addr, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return nil, fmt.Errorf("webrtc.udpAddr %q: bad port", addr)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		var opts []ice.UDPMuxFromPortOption
		opts = append(opts, ice.UDPMuxFromPortWithLoopback(), ice.UDPMuxFromPortWithLogger(logs.NewLogger("udp-mux")),
			ice.UDPMuxFromPortWithReadBufferSize(socketBuffer), ice.UDPMuxFromPortWithWriteBufferSize(socketBuffer))
		if ip != nil && ip.To4() != nil {
			opts = append(opts, ice.UDPMuxFromPortWithNetworks(ice.NetworkTypeUDP4))
		}
		mux, err := ice.NewMultiUDPMuxFromPort(port, opts...)
		if err != nil {
			return nil, fmt.Errorf("listen on %s (webrtc.udpAddr): %w", addr, err)
		}
		return mux, nil
	}
	conn, err := net.ListenPacket("udp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (webrtc.udpAddr): %w", addr, err)
	}
	if c, ok := conn.(*net.UDPConn); ok {
		_ = c.SetReadBuffer(socketBuffer) // best effort: the kernel caps it at net.core.rmem_max
		_ = c.SetWriteBuffer(socketBuffer)
	}
	return webrtc.NewICEUDPMux(logs.NewLogger("udp-mux"), conn), nil
}

// UDPAddrs are the bound UDP addresses (one per interface when listening
// on all of them).
func (t *Transport) UDPAddrs() []net.Addr { return t.udpAddrs }

// TCPAddr is the bound ICE-TCP address, or nil.
func (t *Transport) TCPAddr() net.Addr {
	if t.tcpLn == nil {
		return nil
	}
	return t.tcpLn.Addr()
}

// maxNacks bounds the NACKs sent for one missing packet: a packet resent
// over RTX arrives on the repair stream, which the NACK generator of the
// media stream does not see, so without a bound it would be asked for
// again every 100 ms until it left the generator's window.
const maxNacks = 5

// NewAPI returns a pion API over the shared sockets with the codecs of me,
// NACK (both ways), RTCP sender/receiver reports and transport-wide
// congestion control feedback.
func (t *Transport) NewAPI(me *webrtc.MediaEngine) (*webrtc.API, error) {
	ir := &interceptor.Registry{}
	// webrtc.ConfigureNack, with the generator bounded.
	generator, err := nack.NewGeneratorInterceptor(nack.GeneratorMaxNacksPerPacket(maxNacks))
	if err != nil {
		return nil, err
	}
	responder, err := nack.NewResponderInterceptor()
	if err != nil {
		return nil, err
	}
	me.RegisterFeedback(webrtc.RTCPFeedback{Type: "nack"}, webrtc.RTPCodecTypeVideo)
	me.RegisterFeedback(webrtc.RTCPFeedback{Type: "nack", Parameter: "pli"}, webrtc.RTPCodecTypeVideo)
	ir.Add(responder)
	ir.Add(generator)
	if err := webrtc.ConfigureRTCPReports(ir); err != nil {
		return nil, err
	}
	if err := webrtc.ConfigureTWCCSender(me, ir); err != nil {
		return nil, err
	}
	return webrtc.NewAPI(webrtc.WithMediaEngine(me), webrtc.WithInterceptorRegistry(ir), webrtc.WithSettingEngine(t.settings)), nil
}

// Close releases the sockets; peer connections using them stop working.
// It is safe to call again.
func (t *Transport) Close() {
	t.close.Do(func() {
		if t.tcpMux != nil {
			_ = t.tcpMux.Close()
		}
		if t.tcpLn != nil {
			_ = t.tcpLn.Close()
		}
		_ = t.udpMux.Close()
	})
}

// ErrGather is returned when ICE candidates were not gathered in time.
var ErrGather = errors.New("ICE gathering timed out")

// Answer runs the answering side of an offer/answer exchange: it applies
// the remote offer, calls prepare (to add tracks or order codecs), creates
// the answer and waits for every candidate, since WHIP and WHEP answers go
// out whole (no trickle ICE). It returns the answer SDP.
func Answer(ctx context.Context, pc *webrtc.PeerConnection, offer string, prepare func() error) (string, error) {
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: offer}); err != nil {
		return "", fmt.Errorf("%w: %w", ErrBadOffer, err)
	}
	if prepare != nil {
		if err := prepare(); err != nil {
			return "", err
		}
	}
	answer, err := pc.CreateAnswer(nil)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrBadOffer, err)
	}
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(answer); err != nil {
		return "", fmt.Errorf("set local description: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	select {
	case <-gathered:
	case <-ctx.Done():
		return "", ErrGather
	}
	return pc.LocalDescription().SDP, nil
}
