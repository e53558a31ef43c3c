// Package rtctest holds pion-based WHIP and WHEP clients: a publisher that
// sends Annex-B H264 and Ogg Opus files in real time, and a player that
// reassembles what a WHEP server sends. Tests and manual checks use them;
// they speak to any WHIP/WHEP server over HTTP.
package rtctest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v4"

	"github.com/onair/onair/internal/api"
)

// HTTPError is a non-2xx answer from the server.
type HTTPError struct {
	Status int
	Code   string
	Header http.Header
	Body   string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %s", e.Status, e.Code, e.Body)
}

// StatusOf returns err's HTTP status, or 0.
func StatusOf(err error) int {
	var h *HTTPError
	if errors.As(err, &h) {
		return h.Status
	}
	return 0
}

// newAPI returns a client-side pion API with pion's default codecs and
// interceptors, loopback candidates and no mDNS. mux, when set, carries
// every packet (the caller can then cut the connection off); first are
// interceptors placed before the default ones, nearest the network.
func newAPI(mux ice.UDPMux, first ...interceptor.Factory) (*webrtc.API, error) {
	me := &webrtc.MediaEngine{}
	if err := me.RegisterDefaultCodecs(); err != nil {
		return nil, err
	}
	ir := &interceptor.Registry{}
	for _, f := range first { // nearest the network
		ir.Add(f)
	}
	if err := webrtc.RegisterDefaultInterceptors(me, ir); err != nil {
		return nil, err
	}
	se := webrtc.SettingEngine{}
	se.SetIncludeLoopbackCandidate(true)
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4, webrtc.NetworkTypeUDP6})
	// A server that ends the session sends a DTLS close, but that is one
	// UDP packet: notice its silence within seconds too.
	se.SetICETimeouts(2*time.Second, 2*time.Second, 500*time.Millisecond)
	if mux != nil {
		se.SetICEUDPMux(mux)
	}
	return webrtc.NewAPI(webrtc.WithMediaEngine(me), webrtc.WithInterceptorRegistry(ir), webrtc.WithSettingEngine(se)), nil
}

// signal creates pc's offer (with every candidate), POSTs it to endpoint
// and applies the answer; it returns the absolute session URL.
func signal(ctx context.Context, client *http.Client, pc *webrtc.PeerConnection, endpoint, bearer string) (string, error) {
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		return "", err
	}
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(offer); err != nil {
		return "", err
	}
	select {
	case <-gathered:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewBufferString(pc.LocalDescription().SDP))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/sdp")
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	res, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return "", err
	}
	if res.StatusCode != http.StatusCreated {
		return "", httpError(res, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/sdp" {
		return "", fmt.Errorf("answer Content-Type %q", ct)
	}
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || loc.Path == "" {
		return "", fmt.Errorf("bad Location %q", res.Header.Get("Location"))
	}
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: string(body)}); err != nil {
		return "", fmt.Errorf("apply answer: %w", err)
	}
	return res.Request.URL.ResolveReference(loc).String(), nil
}

func httpError(res *http.Response, body []byte) error {
	e := &HTTPError{Status: res.StatusCode, Header: res.Header, Body: string(body)}
	var eb api.ErrorBody
	if json.Unmarshal(body, &eb) == nil {
		e.Code = eb.Error.Code
	}
	return e
}

// deleteSession ends a session with DELETE.
func deleteSession(ctx context.Context, client *http.Client, location, bearer string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, location, nil)
	if err != nil {
		return err
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if res.StatusCode != http.StatusOK {
		return httpError(res, body)
	}
	return nil
}

// watch closes connected when pc connects and ended when it fails or
// closes.
func watch(pc *webrtc.PeerConnection, connected, ended chan struct{}) {
	var connOnce, endOnce sync.Once
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) {
		switch s {
		case webrtc.PeerConnectionStateConnected:
			connOnce.Do(func() { close(connected) })
		case webrtc.PeerConnectionStateFailed, webrtc.PeerConnectionStateClosed, webrtc.PeerConnectionStateDisconnected:
			endOnce.Do(func() { close(ended) })
		}
	})
}

// loopbackMux returns a UDP mux on a loopback port of its own when the
// server is on loopback (tests), so Vanish can silence the client; nil
// otherwise.
func loopbackMux(endpoint string) (ice.UDPMux, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, err
	}
	ip := net.ParseIP(u.Hostname())
	if ip == nil || !ip.IsLoopback() || ip.To4() == nil {
		return nil, nil
	}
	conn, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	return webrtc.NewICEUDPMux(nil, conn), nil
}

// timeout bounds a whole signalling exchange.
const timeout = 10 * time.Second
