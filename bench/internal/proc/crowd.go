package proc

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/centrifugal/centrifuge-go"
)

// CrowdOptions describe a crowd of realtime subscribers to one channel.
type CrowdOptions struct {
	// Name is the client name the server sees (the generator's name).
	Name    string
	WSURL   string
	Channel string
	Count   int
	// Ramp spreads the connections evenly over this long.
	Ramp time.Duration
	// JSON picks Centrifuge's JSON protocol instead of protobuf.
	JSON bool
	// OnPublication runs on subscriber i's goroutine for each publication.
	OnPublication func(i int, at time.Time, data []byte)
	Errs          *Counters
}

// Crowd is a connected crowd of subscribers.
type Crowd struct {
	clients []*centrifuge.Client
	// Joined is how many subscribed by the end of the ramp (plus at most 30 s).
	Joined int64
	// RampTook is how long connecting took.
	RampTook time.Duration
}

// Connect ramps up the crowd and waits (bounded) for the stragglers. Close
// disconnects it.
func Connect(ctx context.Context, o CrowdOptions) (*Crowd, error) {
	crowd := &Crowd{clients: make([]*centrifuge.Client, o.Count)}
	var subscribed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for i := range o.Count {
		cfg := centrifuge.Config{Name: o.Name, ReadTimeout: 10 * time.Second, WriteTimeout: 5 * time.Second, HandshakeTimeout: 10 * time.Second}
		var c *centrifuge.Client
		if o.JSON {
			c = centrifuge.NewJsonClient(o.WSURL, cfg)
		} else {
			c = centrifuge.NewProtobufClient(o.WSURL, cfg)
		}
		crowd.clients[i] = c
		c.OnError(func(e centrifuge.ErrorEvent) { o.Errs.Add("client: " + Short(e.Error)) })
		c.OnDisconnected(func(e centrifuge.DisconnectedEvent) {
			if ctx.Err() == nil && e.Code != 0 {
				o.Errs.Add("disconnected: " + e.Reason)
			}
		})
		sub, err := c.NewSubscription(o.Channel)
		if err != nil {
			crowd.Close()
			return nil, err
		}
		var once sync.Once
		sub.OnSubscribed(func(centrifuge.SubscribedEvent) { once.Do(func() { subscribed.Add(1) }) })
		sub.OnError(func(e centrifuge.SubscriptionErrorEvent) { o.Errs.Add("subscription: " + Short(e.Error)) })
		sub.OnUnsubscribed(func(e centrifuge.UnsubscribedEvent) {
			if ctx.Err() == nil && e.Code != 0 {
				o.Errs.Add("unsubscribed: " + e.Reason)
			}
		})
		sub.OnPublication(func(e centrifuge.PublicationEvent) { o.OnPublication(i, time.Now(), e.Data) })
		wg.Add(1)
		go func(delay time.Duration) {
			defer wg.Done()
			if !Sleep(ctx, delay) {
				return
			}
			if err := sub.Subscribe(); err != nil {
				o.Errs.Add("subscribe: " + Short(err))
			}
			if err := c.Connect(); err != nil {
				o.Errs.Add("connect: " + Short(err))
			}
		}(time.Duration(i) * o.Ramp / time.Duration(o.Count))
	}
	wg.Wait()
	joinBy := time.Now().Add(30 * time.Second)
	for subscribed.Load() < int64(o.Count) && time.Now().Before(joinBy) && ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
	}
	crowd.Joined = subscribed.Load()
	crowd.RampTook = time.Since(start)
	return crowd, nil
}

// Connected counts the subscribers connected now.
func (c *Crowd) Connected() int {
	n := 0
	for _, client := range c.clients {
		if client != nil && client.State() == centrifuge.StateConnected {
			n++
		}
	}
	return n
}

// Close disconnects every subscriber.
func (c *Crowd) Close() {
	for _, client := range c.clients {
		if client != nil {
			client.Close()
		}
	}
}
