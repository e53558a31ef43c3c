// Package picture checks uploaded images and re-encodes them for storage.
// Only JPEG and PNG are accepted, decided by the bytes rather than by what
// the client declares; sizes are bounded before any pixel is decoded, and
// re-encoding drops every piece of metadata (EXIF, GPS, text chunks). The one
// piece kept is a JPEG's EXIF orientation, applied to the pixels so phone
// photos are stored upright.
package picture

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"

	"github.com/onair/onair/internal/errs"
)

// Limits bound one kind of upload.
type Limits struct {
	// MaxBytes caps the upload size, in decimal units (1 MB = 1_000_000).
	MaxBytes int
	// MaxPixels caps width*height as declared by the header, checked before
	// decoding so a small file cannot expand into gigabytes of pixels.
	MaxPixels int
	// MaxSide is the longest side of the output; larger images are
	// downscaled, keeping the aspect ratio.
	MaxSide int
}

// Limits of the profile uploads. Decoding holds up to 8 bytes per pixel
// (16-bit PNG), so the pixel caps bound one upload's memory to about 134 MB
// (avatar, 4096 x 4096) and 288 MB (banner, 36 megapixels); callers also
// bound how many run at once.
var (
	Avatar = Limits{MaxBytes: 1_000_000, MaxPixels: 4096 * 4096, MaxSide: 512}
	Banner = Limits{MaxBytes: 5_000_000, MaxPixels: 36_000_000, MaxSide: 1920}
)

// Image is a checked, re-encoded image ready to store.
type Image struct {
	Data        []byte
	ContentType string // "image/png" or "image/jpeg"
	Ext         string // "png" or "jpg", without the dot
	Width       int
	Height      int
}

// Errors of Process: each is a 400 whose message the client may see.
var (
	ErrTooLarge    = errs.Invalid("ImageTooLargeException", "Image exceeded max file size")
	ErrUnsupported = errs.Invalid("UnsupportedImageException", "Can't select the file you chose. Use a JPG or PNG image.")
	ErrDimensions  = errs.Invalid("ImageDimensionsException", "The image's dimensions are too large or empty.")
)

// jpegQuality keeps photos visually unchanged at about a third of the size
// of quality 100.
const jpegQuality = 88

// format is one accepted encoding. The decoders are called directly rather
// than through image.Decode, so a format registered elsewhere in the binary
// (GIF, WebP, ...) is never accepted by accident.
type format struct {
	magic        string
	contentType  string
	ext          string
	decodeConfig func([]byte) (image.Config, error)
	decode       func([]byte) (image.Image, error)
	encode       func(*bytes.Buffer, image.Image) error
	// orientation reads the EXIF orientation (1..8); nil for a format
	// that carries none.
	orientation func([]byte) int
}

var formats = []format{
	{
		magic: "\x89PNG\r\n\x1a\n", contentType: "image/png", ext: "png",
		decodeConfig: func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) },
		decode:       func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) },
		encode: func(w *bytes.Buffer, m image.Image) error {
			return (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(w, m)
		},
	},
	{
		magic: "\xff\xd8", contentType: "image/jpeg", ext: "jpg",
		decodeConfig: func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) },
		decode:       func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) },
		encode: func(w *bytes.Buffer, m image.Image) error {
			return jpeg.Encode(w, m, &jpeg.Options{Quality: jpegQuality})
		},
		orientation: jpegOrientation,
	},
}

// Process checks an uploaded image against l and re-encodes it in its own
// format, turned upright as its EXIF orientation says and downscaled to at
// most l.MaxSide. Errors are ErrTooLarge, ErrUnsupported or ErrDimensions,
// with the decoder's cause wrapped. MaxPixels applies to the declared size,
// which turning does not change.
func Process(data []byte, l Limits) (Image, error) {
	if len(data) > l.MaxBytes {
		return Image{}, ErrTooLarge
	}
	f, ok := sniff(data)
	if !ok {
		return Image{}, ErrUnsupported
	}
	cfg, err := f.decodeConfig(data)
	if err != nil {
		return Image{}, ErrUnsupported.Wrap(err)
	}
	if cfg.Width < 1 || cfg.Height < 1 || int64(cfg.Width)*int64(cfg.Height) > int64(l.MaxPixels) {
		return Image{}, ErrDimensions.Wrap(fmt.Errorf("%dx%d %s", cfg.Width, cfg.Height, f.ext))
	}
	src, err := f.decode(data)
	if err != nil {
		return Image{}, ErrUnsupported.Wrap(err)
	}
	o := orientNormal
	if f.orientation != nil {
		o = f.orientation(data)
	}
	// Downscaling first and turning the small result gives the same size
	// as turning first (fit treats both sides alike) without a full-size
	// turned copy of a large photo.
	out := orient(fit(src, l.MaxSide), o)
	var buf bytes.Buffer
	if err := f.encode(&buf, out); err != nil {
		// Encoding a decoded image only fails on a bug, not on input.
		return Image{}, fmt.Errorf("encode %s: %w", f.ext, err)
	}
	b := out.Bounds()
	return Image{Data: buf.Bytes(), ContentType: f.contentType, Ext: f.ext, Width: b.Dx(), Height: b.Dy()}, nil
}

func sniff(data []byte) (format, bool) {
	for _, f := range formats {
		if bytes.HasPrefix(data, []byte(f.magic)) {
			return f, true
		}
	}
	return format{}, false
}

// fit returns src, or a copy downscaled so its longest side is maxSide.
func fit(src image.Image, maxSide int) image.Image {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if max(w, h) <= maxSide {
		return src
	}
	if w >= h {
		w, h = maxSide, scaleSide(h, maxSide, w)
	} else {
		w, h = scaleSide(w, maxSide, h), maxSide
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// scaleSide returns side*num/den rounded, and at least 1 so a thin strip
// keeps a row.
func scaleSide(side, num, den int) int {
	return max(1, int((int64(side)*int64(num)+int64(den)/2)/int64(den)))
}
