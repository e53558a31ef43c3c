package picture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif" // registers GIF with package image: Process must still refuse it
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/onair/onair/internal/errs"
)

// pattern returns a w x h image with smooth colours, so JPEG artefacts stay
// small and PNG compresses well.
func pattern(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			copy(m.Pix[m.PixOffset(x, y):], []uint8{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	return m
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeGIF(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := gif.Encode(&b, m, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngChunk encodes one PNG chunk: length, type, data, CRC of type+data.
func pngChunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

// pngHeader is a PNG signature and IHDR declaring w x h 8-bit RGBA, followed
// by a tiny IDAT: a decoder that trusted it would allocate w*h*4 bytes.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // depth, colour type RGBA, compression, filter, interlace
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, pngChunk("IHDR", ihdr)...)
	b = append(b, pngChunk("IDAT", []byte{0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1})...)
	return append(b, pngChunk("IEND", nil)...)
}

// withPNGText inserts a tEXt chunk right after IHDR.
func withPNGText(p []byte, keyword, text string) []byte {
	const afterIHDR = 8 + 4 + 4 + 13 + 4
	chunk := pngChunk("tEXt", []byte(keyword+"\x00"+text))
	return append(append(append([]byte{}, p[:afterIHDR]...), chunk...), p[afterIHDR:]...)
}

// withExif inserts an APP1 "Exif" segment holding payload right after SOI.
func withExif(j []byte, payload string) []byte {
	data := "Exif\x00\x00" + payload
	seg := []byte{0xff, 0xe1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(2+len(data)))
	seg = append(seg, data...)
	return append(append(append([]byte{}, j[:2]...), seg...), j[2:]...)
}

func TestProcess(t *testing.T) {
	t.Parallel()
	small := Limits{MaxBytes: 1_000_000, MaxPixels: 100, MaxSide: 512}
	smallPNG := encodePNG(t, pattern(64, 48))
	tests := []struct {
		name     string
		data     []byte
		limits   Limits
		wantErr  *errs.Error
		wantType string
		wantW    int
		wantH    int
	}{
		{name: "png kept at its size", data: smallPNG, limits: Avatar, wantType: "image/png", wantW: 64, wantH: 48},
		{name: "jpeg kept at its size", data: encodeJPEG(t, pattern(64, 48)), limits: Avatar, wantType: "image/jpeg", wantW: 64, wantH: 48},
		{name: "gray jpeg", data: encodeJPEG(t, image.NewGray(image.Rect(0, 0, 30, 20))), limits: Avatar, wantType: "image/jpeg", wantW: 30, wantH: 20},
		{name: "paletted png", data: encodePNG(t, image.NewPaletted(image.Rect(0, 0, 9, 9), color.Palette{color.Black, color.White})), limits: Avatar, wantType: "image/png", wantW: 9, wantH: 9},
		{name: "16-bit png", data: encodePNG(t, image.NewRGBA64(image.Rect(0, 0, 5, 7))), limits: Avatar, wantType: "image/png", wantW: 5, wantH: 7},
		{name: "exactly the side limit", data: encodePNG(t, pattern(512, 100)), limits: Avatar, wantType: "image/png", wantW: 512, wantH: 100},
		{name: "landscape downscaled", data: encodePNG(t, pattern(2000, 1000)), limits: Avatar, wantType: "image/png", wantW: 512, wantH: 256},
		{name: "portrait jpeg downscaled", data: encodeJPEG(t, pattern(1000, 2000)), limits: Avatar, wantType: "image/jpeg", wantW: 256, wantH: 512},
		{name: "odd ratio rounds", data: encodePNG(t, pattern(1000, 333)), limits: Avatar, wantType: "image/png", wantW: 512, wantH: 170},
		{name: "thin strip keeps a row", data: encodePNG(t, pattern(4000, 1)), limits: Avatar, wantType: "image/png", wantW: 512, wantH: 1},
		{name: "banner downscaled", data: encodeJPEG(t, pattern(4000, 500)), limits: Banner, wantType: "image/jpeg", wantW: 1920, wantH: 240},
		{name: "banner kept", data: encodePNG(t, pattern(1000, 400)), limits: Banner, wantType: "image/png", wantW: 1000, wantH: 400},
		{name: "pixels at the cap", data: encodePNG(t, pattern(10, 10)), limits: small, wantType: "image/png", wantW: 10, wantH: 10},

		{name: "over max bytes", data: append(bytes.Clone(smallPNG), make([]byte, 1_000_001-len(smallPNG))...), limits: Avatar, wantErr: ErrTooLarge},
		{name: "banner over max bytes", data: make([]byte, 5_000_001), limits: Banner, wantErr: ErrTooLarge},
		{name: "pixels over the cap", data: encodePNG(t, pattern(11, 10)), limits: small, wantErr: ErrDimensions},
		{name: "huge declared png", data: pngHeader(100_000, 100_000), limits: Avatar, wantErr: ErrDimensions},
		{name: "huge declared png for banner", data: pngHeader(10_000, 6_001), limits: Banner, wantErr: ErrDimensions},
		{name: "overflowing sides", data: pngHeader(1<<31-1, 1<<31-1), limits: Banner, wantErr: ErrUnsupported}, // the decoder refuses first
		{name: "zero width png", data: pngHeader(0, 10), limits: Avatar, wantErr: ErrUnsupported},
		{name: "gif", data: encodeGIF(t, pattern(8, 8)), limits: Avatar, wantErr: ErrUnsupported},
		{name: "webp", data: []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00"), limits: Avatar, wantErr: ErrUnsupported},
		{name: "bmp", data: append([]byte("BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00"), make([]byte, 40)...), limits: Avatar, wantErr: ErrUnsupported},
		{name: "svg", data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), limits: Avatar, wantErr: ErrUnsupported},
		{name: "text file", data: []byte("hello, this is not an image\n"), limits: Avatar, wantErr: ErrUnsupported},
		{name: "empty", data: nil, limits: Avatar, wantErr: ErrUnsupported},
		{name: "png signature only", data: []byte("\x89PNG\r\n\x1a\n"), limits: Avatar, wantErr: ErrUnsupported},
		{name: "truncated png", data: smallPNG[:len(smallPNG)/2], limits: Avatar, wantErr: ErrUnsupported},
		{name: "truncated jpeg", data: encodeJPEG(t, pattern(64, 48))[:300], limits: Avatar, wantErr: ErrUnsupported},
		{name: "jpeg magic only", data: []byte{0xff, 0xd8, 0xff, 0xe0}, limits: Avatar, wantErr: ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			img, err := Process(tt.data, tt.limits)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if errs.KindOf(err) != errs.KindInvalid {
					t.Errorf("kind %v, want invalid", errs.KindOf(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if img.ContentType != tt.wantType || img.Width != tt.wantW || img.Height != tt.wantH {
				t.Errorf("got %s %dx%d, want %s %dx%d", img.ContentType, img.Width, img.Height, tt.wantType, tt.wantW, tt.wantH)
			}
			wantExt := map[string]string{"image/png": "png", "image/jpeg": "jpg"}[tt.wantType]
			if img.Ext != wantExt {
				t.Errorf("ext %q, want %q", img.Ext, wantExt)
			}
			checkOutput(t, img, tt.limits.MaxSide)
		})
	}
}

// checkOutput decodes img.Data as its declared format and checks its size.
func checkOutput(t *testing.T, img Image, maxSide int) {
	t.Helper()
	decode := map[string]func([]byte) (image.Config, error){
		"image/png":  func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) },
		"image/jpeg": func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) },
	}[img.ContentType]
	if decode == nil {
		t.Fatalf("content type %q", img.ContentType)
	}
	cfg, err := decode(img.Data)
	if err != nil {
		t.Fatalf("output does not decode as %s: %v", img.ContentType, err)
	}
	if cfg.Width != img.Width || cfg.Height != img.Height {
		t.Errorf("output is %dx%d, Image says %dx%d", cfg.Width, cfg.Height, img.Width, img.Height)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxSide || cfg.Height > maxSide {
		t.Errorf("output %dx%d outside 1..%d", cfg.Width, cfg.Height, maxSide)
	}
}

func TestProcessDropsMetadata(t *testing.T) {
	t.Parallel()
	const marker = "GPS-48.8584N-2.2945E-SECRET"
	tests := []struct {
		name string
		data []byte
	}{
		{"jpeg exif", withExif(encodeJPEG(t, pattern(40, 30)), "MM\x00\x2a"+marker)},
		{"png text chunk", withPNGText(encodePNG(t, pattern(40, 30)), "Comment", marker)},
		{"downscaled jpeg exif", withExif(encodeJPEG(t, pattern(1024, 600)), "MM\x00\x2a"+marker)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if !bytes.Contains(tt.data, []byte(marker)) {
				t.Fatal("input lacks the marker")
			}
			img, err := Process(tt.data, Avatar)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(img.Data, []byte(marker)) || bytes.Contains(img.Data, []byte("Exif")) {
				t.Error("metadata survived re-encoding")
			}
		})
	}
}

func TestProcessKeepsCause(t *testing.T) {
	t.Parallel()
	_, err := Process(encodePNG(t, pattern(8, 8))[:40], Avatar)
	e, ok := errs.As(err)
	if !ok || e.Err == nil {
		t.Fatalf("err = %#v, want an errs.Error wrapping the decoder's cause", err)
	}
	if ErrUnsupported.Err != nil {
		t.Error("Wrap changed the shared sentinel")
	}
	if strings.Contains(e.Message, "png") {
		t.Errorf("the public message leaks the cause: %q", e.Message)
	}
}

// TestProcessHugeHeaderDoesNotAllocate is not parallel: it measures the
// bytes the whole process allocates.
func TestProcessHugeHeaderDoesNotAllocate(t *testing.T) {
	data := pngHeader(100_000, 100_000) // 40 GB if decoded
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Process(data, Avatar)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrDimensions) {
		t.Fatalf("err = %v, want ErrDimensions", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("allocated %d bytes for a rejected header", n)
	}
}

// noisyPNG is a size x size PNG with random low bits, so it compresses
// about as badly as a photo: 1200 x 1200 encodes to about 0.9 MB.
func noisyPNG(tb testing.TB, size int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	m := pattern(size, size)
	for i := range m.Pix {
		if i%4 != 3 && r.Float64() < 0.2 { // colour bytes, not alpha
			m.Pix[i] ^= 1
		}
	}
	return encodePNG(tb, m)
}

func BenchmarkProcessAvatar(b *testing.B) {
	data := noisyPNG(b, 1200)
	if len(data) > Avatar.MaxBytes {
		b.Fatalf("input is %d bytes, over the avatar limit", len(data))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Process(data, Avatar); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data)), "input_bytes")
}
