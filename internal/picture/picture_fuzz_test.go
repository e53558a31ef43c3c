package picture

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/onair/onair/internal/errs"
)

// fuzzLimits are smaller than the real ones so every execution is cheap
// enough to explore many inputs; the code paths are the same.
var fuzzLimits = Limits{MaxBytes: 1_000_000, MaxPixels: 1_000_000, MaxSide: 64}

func FuzzProcess(f *testing.F) {
	tinyPNG := encodePNG(f, pattern(3, 2))
	f.Add(tinyPNG)
	f.Add(encodePNG(f, pattern(100, 7))) // downscaled
	f.Add(encodePNG(f, image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.Black, color.White})))
	f.Add(encodeJPEG(f, pattern(3, 2)))
	f.Add(encodeJPEG(f, pattern(80, 9))) // downscaled
	f.Add(withExif(encodeJPEG(f, pattern(8, 8)), "MM\x00\x2a\x00\x00\x00\x08"))
	f.Add(withExif(encodeJPEG(f, pattern(12, 5)), orientationTIFF(binary.LittleEndian, 6))) // turned
	f.Add(withExif(encodeJPEG(f, pattern(90, 30)), orientationTIFF(binary.BigEndian, 7)))   // turned and downscaled
	f.Add(withExif(encodeJPEG(f, image.NewGray(image.Rect(0, 0, 6, 3))), orientationTIFF(binary.BigEndian, 3)))
	f.Add(withPNGText(tinyPNG, "Comment", "hi"))
	f.Add([]byte{})
	f.Add(tinyPNG[:len(tinyPNG)-20]) // truncated
	f.Add(pngHeader(100_000, 100_000))

	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := Process(data, fuzzLimits)
		if err != nil {
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.KindInvalid {
				t.Fatalf("error is not an invalid-input errs.Error: %v", err)
			}
			return
		}
		var m image.Image
		switch img.ContentType {
		case "image/png":
			m, err = png.Decode(bytes.NewReader(img.Data))
		case "image/jpeg":
			m, err = jpeg.Decode(bytes.NewReader(img.Data))
		default:
			t.Fatalf("content type %q", img.ContentType)
		}
		if err != nil {
			t.Fatalf("output does not decode as %s: %v", img.ContentType, err)
		}
		if in := sniffType(data); in != img.ContentType {
			t.Fatalf("input sniffed as %q, output is %q", in, img.ContentType)
		}
		b := m.Bounds()
		if b.Dx() != img.Width || b.Dy() != img.Height {
			t.Fatalf("output is %v, Image says %dx%d", b, img.Width, img.Height)
		}
		if b.Dx() < 1 || b.Dy() < 1 || b.Dx() > fuzzLimits.MaxSide || b.Dy() > fuzzLimits.MaxSide {
			t.Fatalf("output %v outside 1..%d", b, fuzzLimits.MaxSide)
		}
	})
}

func sniffType(data []byte) string {
	f, _ := sniff(data)
	return f.contentType
}
