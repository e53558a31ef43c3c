package health

import (
	"context"
	"fmt"
	"time"
)

// DownsampleInterval is how often Run downsamples old samples.
const DownsampleInterval = 10 * time.Minute

// downsampleTiers are the periods samples are averaged into and the age
// after which they are, coarsest first (so old data is averaged once).
var downsampleTiers = []struct {
	period time.Duration
	age    time.Duration
}{
	{Period1h, tier1h},
	{Period5m, tier5m},
	{Period1m, tier1m},
}

// Downsample averages samples as they age, the tiers spec 9.2 reads them
// at: older than 63 days into 3600 s, 15 days into 300 s, 3 hours into
// 60 s. Only whole periods ending before the age limit are averaged, so a
// period is never split between resolutions.
func (s *Service) Downsample(ctx context.Context, now time.Time) error {
	for _, t := range downsampleTiers {
		before := alignDown(now.Add(-t.age), t.period)
		n, err := s.repo.Downsample(ctx, t.period, before)
		if err != nil {
			return fmt.Errorf("downsample into %s: %w", t.period, err)
		}
		if n > 0 {
			s.log.Debug("downsampled stream samples", "period_s", int(t.period.Seconds()), "written", n)
		}
	}
	return nil
}

// Run downsamples at once and then every DownsampleInterval until ctx ends.
// A failed round is logged and retried at the next tick.
func (s *Service) Run(ctx context.Context) error {
	tick := time.NewTicker(DownsampleInterval)
	defer tick.Stop()
	for {
		if err := s.Downsample(ctx, s.now()); err != nil && ctx.Err() == nil {
			s.log.Error("downsample stream samples", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}
