package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// check validates a registration URL and resolves its host: every address
// must be public unless private ones are allowed. It returns the URL as
// stored.
func (s *Service) check(ctx context.Context, raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > MaxURL {
		return "", ErrURL
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" || u.User != nil || u.Opaque != "" {
		return "", ErrURL
	}
	if s.cfg.AllowPrivate {
		return u.String(), nil
	}
	host := u.Hostname()
	if ip, err := netip.ParseAddr(host); err == nil {
		if refused(ip) {
			return "", ErrAddress
		}
		return u.String(), nil
	}
	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := s.resolver.LookupIPAddr(rctx, host)
	if err != nil || len(addrs) == 0 {
		return "", ErrAddress.Wrap(err)
	}
	for _, a := range addrs {
		ip, ok := netip.AddrFromSlice(a.IP)
		if !ok || refused(ip) {
			return "", ErrAddress
		}
	}
	return u.String(), nil
}

// refused reports whether ip is not a public unicast address.
func refused(ip netip.Addr) bool {
	ip = ip.Unmap()
	return !ip.IsValid() || ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast() ||
		ip.IsUnspecified() || ip == netip.IPv4Unspecified() ||
		// 0.0.0.0/8 ("this network") and 100.64.0.0/10 (carrier-grade NAT)
		// reach local hosts too.
		(ip.Is4() && (ip.As4()[0] == 0 || (ip.As4()[0] == 100 && ip.As4()[1]&0xc0 == 64)))
}

var errRefusedAddress = errors.New("webhook address is private, loopback or local")

// newClient is the delivery HTTP client. Its dialer refuses non-public
// addresses at connect time, so a host that resolved to a public address
// at registration cannot later point deliveries inside the network (DNS
// rebinding). It uses no proxy and follows no redirects.
func newClient(allowPrivate bool, timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: timeout}
	if !allowPrivate {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("dial %s: %w", address, err)
			}
			if refused(ap.Addr()) {
				return errRefusedAddress
			}
			return nil
		}
	}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
	}
	return &http.Client{
		Transport:     tr,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
