package health_test

import (
	"testing"

	"github.com/onair/onair/internal/health"
)

func TestLimits(t *testing.T) {
	tests := []struct {
		name          string
		channelType   string
		width, height int
		wantBitrate   float64
		wantExceeded  bool
	}{
		{"basic 1080p", "BASIC", 1920, 1080, 3.5e6, false},
		{"basic portrait 1080p", "BASIC", 1080, 1920, 3.5e6, false},
		{"standard 1440p", "STANDARD", 2560, 1440, 8.5e6, true},
		{"basic wide", "BASIC", 2048, 858, 3.5e6, true},
		{"basic tall square", "BASIC", 1200, 1200, 3.5e6, true},
		{"unknown type is basic", "", 1280, 720, 3.5e6, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := health.LimitsFor(tc.channelType)
			if l.VideoBitrate != tc.wantBitrate {
				t.Errorf("bitrate limit = %v, want %v", l.VideoBitrate, tc.wantBitrate)
			}
			if got := l.ResolutionExceeded(tc.width, tc.height); got != tc.wantExceeded {
				t.Errorf("ResolutionExceeded(%d, %d) = %v, want %v", tc.width, tc.height, got, tc.wantExceeded)
			}
		})
	}
}
