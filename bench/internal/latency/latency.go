// Package latency summarises a sample of durations for the bench tools.
package latency

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Summary holds nearest-rank percentiles of a sample.
type Summary struct {
	Count                    int
	P50, P90, P99, P999, Max time.Duration
}

// Summarize sorts d in place and returns its percentiles. An empty sample
// gives a zero Summary.
func Summarize(d []time.Duration) Summary {
	if len(d) == 0 {
		return Summary{}
	}
	slices.Sort(d)
	return Summary{
		Count: len(d),
		P50:   Percentile(d, 0.50),
		P90:   Percentile(d, 0.90),
		P99:   Percentile(d, 0.99),
		P999:  Percentile(d, 0.999),
		Max:   d[len(d)-1],
	}
}

// Percentile returns the nearest-rank p-quantile (0 < p <= 1) of sorted.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// Ms formats d as milliseconds with three decimals.
func Ms(d time.Duration) string {
	return fmt.Sprintf("%.3f", float64(d)/float64(time.Millisecond))
}
