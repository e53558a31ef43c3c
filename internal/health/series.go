package health

// Metric labels, as the original's provider names them (spec 9.2).
const (
	LabelVideoBitrate     = "IngestVideoBitrate"
	LabelFramerate        = "IngestFramerate"
	LabelKeyframeInterval = "KeyframeInterval"
	LabelConcurrentViews  = "ConcurrentViews"
)

// Series is one metric over a window: Data[i] is the average of the
// samples in point i of the window, and Average that of the whole window
// (nil without any sample).
type Series struct {
	Label   string
	Data    []float64
	Average *float64
}

type metricDef struct {
	label string
	chart bool // gap-filled by repeating the last value
	value func(Sample) float64
}

var metricDefs = []metricDef{
	{LabelVideoBitrate, true, func(s Sample) float64 { return s.VideoBitrate }},
	{LabelFramerate, true, func(s Sample) float64 { return s.Framerate }},
	{LabelKeyframeInterval, false, func(s Sample) float64 { return s.KeyframeInterval }},
	{LabelConcurrentViews, false, func(s Sample) float64 { return s.ConcurrentViews }},
}

// BuildSeries averages samples into the window's points, one series per
// metric. A stored sample weighs its own period (a 60 s average counts as
// twelve 5 s samples); one that began before the window counts in its
// first point. Points without samples repeat the previous value for the
// chart metrics (bitrate, frame rate) and are 0 for the others, as are
// chart points before the first sample. Samples outside the window are
// ignored, so partial or missing data is no error.
func BuildSeries(w Window, samples []Sample) []Series {
	n := w.Points
	type acc struct{ sum, weight []float64 }
	accs := make([]acc, len(metricDefs))
	for i := range accs {
		accs[i] = acc{make([]float64, n), make([]float64, n)}
	}
	for _, s := range samples {
		q := s.Period
		if q <= 0 {
			q = Period5s
		}
		if !s.Time.Add(q).After(w.Start) || !s.Time.Before(w.End) {
			continue
		}
		idx := 0
		if s.Time.After(w.Start) {
			idx = int(s.Time.Sub(w.Start) / w.Period)
		}
		if idx >= n {
			continue
		}
		weight := q.Seconds()
		for m, def := range metricDefs {
			accs[m].sum[idx] += def.value(s) * weight
			accs[m].weight[idx] += weight
		}
	}
	out := make([]Series, len(metricDefs))
	for m, def := range metricDefs {
		data := make([]float64, n)
		var total, totalWeight, last float64
		for i := range n {
			a := accs[m]
			if a.weight[i] == 0 {
				if def.chart {
					data[i] = last
				}
				continue
			}
			data[i] = a.sum[i] / a.weight[i]
			last = data[i]
			total += a.sum[i]
			totalWeight += a.weight[i]
		}
		s := Series{Label: def.label, Data: data}
		if totalWeight > 0 {
			avg := total / totalWeight
			s.Average = &avg
		}
		out[m] = s
	}
	return out
}
