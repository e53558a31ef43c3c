package health

// Limits are the ingest limits of a channel type (spec 9.1): a stream above
// them records a limit-breach event.
type Limits struct {
	// VideoBitrate is the highest ingest video bitrate in bits per second.
	VideoBitrate float64
	// Width and Height bound the picture (either orientation).
	Width, Height int
}

// LimitsFor returns the limits of a channel type (BASIC or STANDARD):
// 1080p for both, 3.5 Mbit/s for BASIC and 8.5 Mbit/s for STANDARD.
func LimitsFor(channelType string) Limits {
	l := Limits{VideoBitrate: 3.5e6, Width: 1920, Height: 1080}
	if channelType == "STANDARD" {
		l.VideoBitrate = 8.5e6
	}
	return l
}

// ResolutionExceeded reports whether a width x height picture is larger
// than the limits allow, in landscape or portrait.
func (l Limits) ResolutionExceeded(width, height int) bool {
	long, short := max(width, height), min(width, height)
	return long > l.Width || short > l.Height
}
