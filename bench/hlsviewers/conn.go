package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"time"
)

// conn is one viewer's keep-alive HTTP/1.1 connection. A viewer sends one
// request at a time, as a player does on its connection, so a plain
// connection with reused buffers does: net/http's client costs two
// goroutines per connection, hand-offs between them and a few kilobytes of
// garbage per request, which at thousands of viewers made the generator
// compete with the server for the CPU it measures.
type conn struct {
	addr, host string
	timeout    time.Duration
	r          *bufio.Reader
	req        []byte
	body       []byte

	mu     sync.Mutex // guards nc and ended for interrupt
	nc     net.Conn
	ended  bool
	cancel func() bool
}

// newConn returns a connection (dialled on first use) whose requests the
// end of ctx interrupts.
func newConn(ctx context.Context, addr, host string, timeout time.Duration) *conn {
	c := &conn{addr: addr, host: host, timeout: timeout}
	c.cancel = context.AfterFunc(ctx, c.interrupt)
	return c
}

// interrupt fails the request in flight, after ctx reports its end (so the
// viewer does not count it as an error).
func (c *conn) interrupt() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ended = true
	if c.nc != nil {
		c.nc.SetDeadline(time.Unix(1, 0))
	}
}

// errStatus is a complete answer other than 200.
type errStatus int

func (e errStatus) Error() string { return "status " + strconv.Itoa(int(e)) }

// get fetches target (path and query) and returns its body, valid until
// the next call.
func (c *conn) get(ctx context.Context, target string) ([]byte, error) {
	body, err := c.do(ctx, target)
	var st errStatus
	if err != nil && !errors.As(err, &st) {
		c.close() // the connection is in an unknown state
	}
	return body, err
}

func (c *conn) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.nc != nil {
		c.nc.Close()
		c.nc = nil
	}
}

// release closes c for good.
func (c *conn) release() {
	c.cancel()
	c.close()
}

func (c *conn) do(ctx context.Context, target string) ([]byte, error) {
	if c.nc == nil {
		var d net.Dialer
		nc, err := d.DialContext(ctx, "tcp", c.addr)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		c.nc = nc
		c.mu.Unlock()
		if c.r == nil {
			c.r = bufio.NewReaderSize(nc, 16<<10)
		} else {
			c.r.Reset(nc)
		}
	}
	if err := c.nc.SetDeadline(time.Now().Add(c.timeout)); err != nil {
		return nil, err
	}
	c.mu.Lock()
	ended := c.ended // else interrupt will cut the request short
	c.mu.Unlock()
	if ended {
		return nil, ctx.Err()
	}
	c.req = append(c.req[:0], "GET "...)
	c.req = append(c.req, target...)
	c.req = append(c.req, " HTTP/1.1\r\nHost: "...)
	c.req = append(c.req, c.host...)
	c.req = append(c.req, "\r\nUser-Agent: hlsviewers\r\n\r\n"...)
	if _, err := c.nc.Write(c.req); err != nil {
		return nil, err
	}
	return c.readResponse()
}

// readResponse reads a response with a Content-Length or a chunked body.
func (c *conn) readResponse() ([]byte, error) {
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return nil, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return nil, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return nil, fmt.Errorf("bad status line %q", line)
	}
	length, chunked, closing := -1, false, false
	for {
		line, err = c.r.ReadSlice('\n')
		if err != nil {
			return nil, err
		}
		if len(line) <= 2 {
			break
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return nil, fmt.Errorf("bad header line %q", line)
		}
		v = bytes.TrimSpace(v)
		switch {
		case bytes.EqualFold(k, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(v)); err != nil || length < 0 {
				return nil, fmt.Errorf("bad Content-Length %q", v)
			}
		case bytes.EqualFold(k, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(v, []byte("chunked"))
		case bytes.EqualFold(k, []byte("Connection")):
			closing = bytes.EqualFold(v, []byte("close"))
		}
	}
	c.body = c.body[:0]
	switch {
	case chunked:
		err = c.readChunked()
	case length >= 0:
		err = c.readN(length)
	default:
		return nil, errors.New("response without a length")
	}
	if err != nil {
		return nil, err
	}
	if closing {
		c.close()
	}
	if status != 200 {
		return nil, errStatus(status)
	}
	return c.body, nil
}

func (c *conn) readN(n int) error {
	start := len(c.body)
	if cap(c.body)-start < n {
		c.body = append(c.body[:start], make([]byte, n)...)
	}
	c.body = c.body[:start+n]
	_, err := io.ReadFull(c.r, c.body[start:])
	return err
}

func (c *conn) readChunked() error {
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(bytes.TrimSpace(line), []byte(";"))
		n, err := strconv.ParseUint(string(size), 16, 31)
		if err != nil {
			return fmt.Errorf("bad chunk size %q", line)
		}
		if n == 0 {
			for { // trailer
				if line, err = c.r.ReadSlice('\n'); err != nil || len(line) <= 2 {
					return err
				}
			}
		}
		if err := c.readN(int(n)); err != nil {
			return err
		}
		if _, err := c.r.Discard(2); err != nil {
			return err
		}
	}
}
