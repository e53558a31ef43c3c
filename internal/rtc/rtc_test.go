package rtc_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/webrtc/v4"

	"github.com/onair/onair/internal/rtc"
)

// connect offers a data channel from a client restricted to networks and
// answers it through the transport; it returns the selected pair's
// protocol as the server sees it, and the answer.
func connect(t *testing.T, tr *rtc.Transport, networks []webrtc.NetworkType) (string, string) {
	t.Helper()
	me := &webrtc.MediaEngine{}
	if err := me.RegisterDefaultCodecs(); err != nil {
		t.Fatal(err)
	}
	api, err := tr.NewAPI(me)
	if err != nil {
		t.Fatal(err)
	}
	server, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer server.GracefulClose()

	se := webrtc.SettingEngine{}
	se.SetIncludeLoopbackCandidate(true)
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	se.SetNetworkTypes(networks)
	client, err := webrtc.NewAPI(webrtc.WithSettingEngine(se)).NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer client.GracefulClose()
	if _, err := client.CreateDataChannel("probe", nil); err != nil {
		t.Fatal(err)
	}
	offer, err := client.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	gathered := webrtc.GatheringCompletePromise(client)
	if err := client.SetLocalDescription(offer); err != nil {
		t.Fatal(err)
	}
	<-gathered
	connected := make(chan struct{})
	server.OnICEConnectionStateChange(func(s webrtc.ICEConnectionState) {
		if s == webrtc.ICEConnectionStateConnected {
			close(connected)
		}
	})
	answer, err := rtc.Answer(context.Background(), server, client.LocalDescription().SDP, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(answer, "a=candidate:") || !strings.Contains(answer, "127.0.0.1") {
		t.Errorf("answer lacks loopback candidates:\n%s", answer)
	}
	if err := client.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: answer}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-connected:
	case <-time.After(10 * time.Second):
		t.Fatal("not connected")
	}
	pair, err := server.SCTP().Transport().ICETransport().GetSelectedCandidatePair()
	if err != nil || pair == nil {
		t.Fatalf("selected pair: %v", err)
	}
	return pair.Local.Protocol.String(), answer
}

func TestUDPAndTCP(t *testing.T) {
	t.Parallel()
	tr, err := rtc.Listen(rtc.Config{UDPAddr: "127.0.0.1:0", TCPAddr: "127.0.0.1:0", PublicIPs: []string{"203.0.113.7"}},
		slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	got, answer := connect(t, tr, []webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	if got != "udp" {
		t.Errorf("UDP client connected over %s", got)
	}
	// Every peer shares the one UDP port, and the public address is offered too.
	port := strings.TrimPrefix(tr.UDPAddrs()[0].String(), "127.0.0.1:")
	if !strings.Contains(answer, "127.0.0.1 "+port+" typ host") || !strings.Contains(answer, "203.0.113.7 "+port+" typ host") {
		t.Errorf("answer candidates:\n%s", answer)
	}
	if got, _ := connect(t, tr, []webrtc.NetworkType{webrtc.NetworkTypeTCP4}); got != "tcp" {
		t.Errorf("TCP client connected over %s", got)
	}
}
