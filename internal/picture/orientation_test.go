package picture

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"
)

// byteOrder is binary.LittleEndian or binary.BigEndian.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

var byteOrders = []byteOrder{binary.LittleEndian, binary.BigEndian}

// ifdEntry is one 12-byte IFD entry whose value fits in the entry itself.
type ifdEntry struct {
	tag, typ uint16
	count    uint32
	value    uint16 // in the first two bytes of the value field
}

// orientationEntry is a well-formed Orientation entry.
func orientationEntry(o uint16) ifdEntry { return ifdEntry{tagOrientation, typeShort, 1, o} }

// tiffIFD returns a TIFF structure in order with IFD0 at offset 8 holding
// entries, then an empty next-IFD offset.
func tiffIFD(order byteOrder, entries ...ifdEntry) string {
	b := []byte("MM")
	if order.String() == binary.LittleEndian.String() {
		b = []byte("II")
	}
	b = order.AppendUint16(b, 42)
	b = order.AppendUint32(b, 8)
	b = order.AppendUint16(b, uint16(len(entries)))
	for _, e := range entries {
		b = order.AppendUint16(b, e.tag)
		b = order.AppendUint16(b, e.typ)
		b = order.AppendUint32(b, e.count)
		b = order.AppendUint16(b, e.value)
		b = append(b, 0, 0)
	}
	return string(order.AppendUint32(b, 0))
}

// orientationTIFF is the TIFF body of an EXIF segment recording orientation
// o among the entries a camera writes around it.
func orientationTIFF(order byteOrder, o uint16) string {
	return tiffIFD(order,
		ifdEntry{0x0100, typeShort, 1, 4000}, // ImageWidth
		ifdEntry{0x0101, typeShort, 1, 3000}, // ImageLength
		orientationEntry(o),
		ifdEntry{0x0128, typeShort, 1, 2}, // ResolutionUnit
	)
}

// segment is one JPEG marker segment: 0xff, code, length, payload.
func segment(code byte, payload string) string {
	b := binary.BigEndian.AppendUint16([]byte{0xff, code}, uint16(2+len(payload)))
	return string(append(b, payload...))
}

const (
	soi     = "\xff\xd8"
	sos     = "\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + "\x12\x34\xff\x00\x56" // header, then scan data
	app0    = "\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
	xmpName = "http://ns.adobe.com/xap/1.0/\x00"
)

// exifSegment is an APP1 "Exif" segment around a TIFF body.
func exifSegment(tiff string) string { return segment(markerAPP1, "Exif\x00\x00"+tiff) }

func TestJPEGOrientation(t *testing.T) {
	t.Parallel()
	le, be := binary.LittleEndian, binary.BigEndian
	tiff6 := orientationTIFF(le, 6)
	// withOffset returns tiff6 with IFD0's offset replaced.
	withOffset := func(off uint32) string { return tiff6[:4] + string(le.AppendUint32(nil, off)) + tiff6[8:] }
	// withCount returns tiff6 with IFD0's entry count replaced.
	withCount := func(n uint16) string { return tiff6[:8] + string(le.AppendUint16(nil, n)) + tiff6[10:] }
	comments := func(n int) string { return strings.Repeat(segment(0xfe, "c"), n) }

	tests := []struct {
		name string
		data string
		want int
	}{
		{"little-endian", soi + exifSegment(tiff6) + sos, 6},
		{"big-endian", soi + exifSegment(orientationTIFF(be, 8)) + sos, 8},
		{"after JFIF and XMP", soi + app0 + segment(markerAPP1, xmpName+"<x/>") + exifSegment(orientationTIFF(be, 3)) + sos, 3},
		{"orientation the only entry", soi + exifSegment(tiffIFD(be, orientationEntry(5))) + sos, 5},
		{"IFD0 further on", soi + exifSegment(tiff6[:4]+string(le.AppendUint32(nil, 12))+"pad!"+tiff6[8:]) + sos, 6},
		{"fill bytes before markers", soi + "\xff\xff" + exifSegment(tiff6) + "\xff\xff\xff" + sos, 6},
		{"standalone markers before the scan", soi + "\xff\x01\xff\xd0" + exifSegment(tiff6) + sos, 6},
		{"first Exif segment wins", soi + exifSegment(orientationTIFF(be, 3)) + exifSegment(tiff6) + sos, 3},
		{"segments up to the limit", soi + exifSegment(tiff6) + comments(maxSegments-2) + sos, 6},

		{"no Exif", soi + app0 + sos, 1},
		{"orientation 1", soi + exifSegment(orientationTIFF(le, 1)) + sos, 1},
		{"no orientation entry", soi + exifSegment(tiffIFD(be, ifdEntry{0x0100, typeShort, 1, 6})) + sos, 1},
		{"empty IFD", soi + exifSegment(tiffIFD(le)) + sos, 1},
		{"value 0", soi + exifSegment(orientationTIFF(le, 0)) + sos, 1},
		{"value 9", soi + exifSegment(orientationTIFF(be, 9)) + sos, 1},
		{"value 0xffff", soi + exifSegment(orientationTIFF(be, 0xffff)) + sos, 1},
		{"type LONG", soi + exifSegment(tiffIFD(le, ifdEntry{tagOrientation, 4, 1, 6})) + sos, 1},
		{"type BYTE", soi + exifSegment(tiffIFD(be, ifdEntry{tagOrientation, 1, 1, 6})) + sos, 1},
		{"count 2", soi + exifSegment(tiffIFD(le, ifdEntry{tagOrientation, typeShort, 2, 6})) + sos, 1},
		{"count 0", soi + exifSegment(tiffIFD(le, ifdEntry{tagOrientation, typeShort, 0, 6})) + sos, 1},
		{"non-Exif APP1", soi + segment(markerAPP1, xmpName+tiff6) + sos, 1},
		{"Exif without padding", soi + segment(markerAPP1, "Exif"+tiff6) + sos, 1},
		{"Exif in APP2", soi + segment(0xe2, "Exif\x00\x00"+tiff6) + sos, 1},
		{"empty TIFF", soi + exifSegment("") + sos, 1},
		{"truncated TIFF header", soi + exifSegment(tiff6[:7]) + sos, 1},
		{"TIFF header only", soi + exifSegment(tiff6[:8]) + sos, 1},
		{"unknown byte order", soi + exifSegment("IM"+tiff6[2:]) + sos, 1},
		{"byte order mismatch", soi + exifSegment("MM"+tiff6[2:]) + sos, 1},
		{"magic not 42", soi + exifSegment(tiff6[:2]+"\x2b\x00"+tiff6[4:]) + sos, 1},
		{"IFD offset inside the header", soi + exifSegment(withOffset(4)) + sos, 1},
		{"IFD offset at the end", soi + exifSegment(withOffset(uint32(len(tiff6)))) + sos, 1},
		{"IFD offset one byte short of a count", soi + exifSegment(withOffset(uint32(len(tiff6)-1))) + sos, 1},
		{"IFD offset huge", soi + exifSegment(withOffset(0xffffffff)) + sos, 1},
		{"entry count huge", soi + exifSegment(withCount(0xffff)) + sos, 1},
		{"entry count past the end", soi + exifSegment(withCount(6)) + sos, 1},
		{"IFD cut by the segment length", soi + exifSegment(tiff6[:len(tiff6)-20]) + tiff6[len(tiff6)-20:] + sos, 1},
		{"APP1 after SOS", soi + app0 + sos + exifSegment(tiff6), 1},
		{"missing SOS", soi + exifSegment(tiff6), 1},
		{"missing SOS, more segments", soi + exifSegment(tiff6) + app0, 1},
		{"EOI before SOS", soi + exifSegment(tiff6) + "\xff\xd9" + sos, 1},
		{"second SOI", soi + exifSegment(tiff6) + soi + sos, 1},
		{"stuffed zero as a marker", soi + exifSegment(tiff6) + "\xff\x00" + sos, 1},
		{"garbage between segments", soi + exifSegment(tiff6) + "x" + sos, 1},
		{"segment length 0", soi + exifSegment(tiff6) + "\xff\xe2\x00\x00" + sos, 1},
		{"segment length 1", soi + exifSegment(tiff6) + "\xff\xe2\x00\x01" + sos, 1},
		{"segment length past the end", soi + "\xff\xe1\xff\xff" + "Exif\x00\x00" + tiff6 + sos, 1},
		{"segment length cut", soi + exifSegment(tiff6) + "\xff\xe2\x00", 1},
		{"marker cut", soi + exifSegment(tiff6) + "\xff", 1},
		{"too many segments", soi + exifSegment(tiff6) + comments(maxSegments-1) + sos, 1},
		{"only fill bytes", soi + strings.Repeat("\xff", 1000), 1},
		{"SOI only", soi, 1},
		{"empty", "", 1},
		{"PNG", "\x89PNG\r\n\x1a\n" + exifSegment(tiff6) + sos, 1},
		{"TIFF without JPEG", tiff6, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := jpegOrientation([]byte(tt.data)); got != tt.want {
				t.Errorf("jpegOrientation = %d, want %d", got, tt.want)
			}
		})
	}
}

// corner names where the marked block of markedImage ended up.
type corner string

const (
	topLeft     corner = "top-left"
	topRight    corner = "top-right"
	bottomRight corner = "bottom-right"
	bottomLeft  corner = "bottom-left"
)

// markedImage is a w x h grey image with a red 10 x 10 block in its top-left
// corner, large enough to survive JPEG's colour subsampling.
func markedImage(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{100, 100, 100, 255}
			if x < 10 && y < 10 {
				c = color.RGBA{230, 20, 20, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

// markedCorners returns the corners of m whose pixel 3 pixels in from both
// edges is red.
func markedCorners(m image.Image) []corner {
	b := m.Bounds()
	const in = 3
	points := []struct {
		c    corner
		x, y int
	}{
		{topLeft, b.Min.X + in, b.Min.Y + in},
		{topRight, b.Max.X - 1 - in, b.Min.Y + in},
		{bottomRight, b.Max.X - 1 - in, b.Max.Y - 1 - in},
		{bottomLeft, b.Min.X + in, b.Max.Y - 1 - in},
	}
	var marked []corner
	for _, p := range points {
		r, g, bl, _ := m.At(p.x, p.y).RGBA()
		if r>>8 > 180 && g>>8 < 90 && bl>>8 < 90 {
			marked = append(marked, p.c)
		}
	}
	return marked
}

func TestProcessOrientation(t *testing.T) {
	t.Parallel()
	plain := encodeJPEG(t, markedImage(40, 20))
	large := encodeJPEG(t, markedImage(1000, 500))
	tests := []struct {
		o            uint16
		wantW, wantH int
		want         corner
	}{
		{1, 40, 20, topLeft},
		{2, 40, 20, topRight},
		{3, 40, 20, bottomRight},
		{4, 40, 20, bottomLeft},
		{5, 20, 40, topLeft},
		{6, 20, 40, topRight},
		{7, 20, 40, bottomRight},
		{8, 20, 40, bottomLeft},
	}
	for _, order := range byteOrders {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%v/%d", order, tt.o), func(t *testing.T) {
				t.Parallel()
				data := withExif(plain, orientationTIFF(order, tt.o))
				if got := jpegOrientation(data); got != int(tt.o) {
					t.Fatalf("jpegOrientation = %d, want %d", got, tt.o)
				}
				checkOriented(t, data, Avatar, tt.wantW, tt.wantH, tt.want)
			})
			t.Run(fmt.Sprintf("%v/%d/downscaled", order, tt.o), func(t *testing.T) {
				t.Parallel()
				// The longest side is MaxSide whichever way the photo is turned.
				data := withExif(large, orientationTIFF(order, tt.o))
				checkOriented(t, data, Avatar, tt.wantW*512/40, tt.wantH*512/40, tt.want)
			})
		}
	}
}

// checkOriented processes data and checks the output's size and which
// corner holds the mark.
func checkOriented(t *testing.T, data []byte, l Limits, wantW, wantH int, want corner) {
	t.Helper()
	img, err := Process(data, l)
	if err != nil {
		t.Fatal(err)
	}
	if img.Width != wantW || img.Height != wantH {
		t.Errorf("got %dx%d, want %dx%d", img.Width, img.Height, wantW, wantH)
	}
	checkOutput(t, img, l.MaxSide)
	m, err := jpeg.Decode(bytes.NewReader(img.Data))
	if err != nil {
		t.Fatal(err)
	}
	if got := markedCorners(m); len(got) != 1 || got[0] != want {
		t.Errorf("marked corners %v, want [%s]", got, want)
	}
	if bytes.Contains(img.Data, []byte("Exif")) {
		t.Error("EXIF survived re-encoding")
	}
}

func TestProcessOrientationEdges(t *testing.T) {
	t.Parallel()
	tiff6 := orientationTIFF(binary.BigEndian, 6)
	tests := []struct {
		name         string
		data         []byte
		limits       Limits
		wantType     string
		wantW, wantH int
	}{
		{name: "no EXIF", data: encodeJPEG(t, markedImage(40, 20)), limits: Avatar, wantType: "image/jpeg", wantW: 40, wantH: 20},
		{name: "malformed EXIF kept as is", data: withExif(encodeJPEG(t, markedImage(40, 20)), tiff6[:9]), limits: Avatar, wantType: "image/jpeg", wantW: 40, wantH: 20},
		{name: "gray turned", data: withExif(encodeJPEG(t, image.NewGray(image.Rect(0, 0, 30, 20))), tiff6), limits: Avatar, wantType: "image/jpeg", wantW: 20, wantH: 30},
		{name: "pixel cap is on the declared size", data: withExif(encodeJPEG(t, markedImage(40, 20)), tiff6), limits: Limits{MaxBytes: 1_000_000, MaxPixels: 800, MaxSide: 512}, wantType: "image/jpeg", wantW: 20, wantH: 40},
		{name: "thin strip turned", data: withExif(encodeJPEG(t, pattern(4000, 1)), tiff6), limits: Avatar, wantType: "image/jpeg", wantW: 1, wantH: 512},
		// PNG's eXIf chunk is rarely written and not read: the image is kept as stored.
		{name: "png eXIf ignored", data: withPNGChunk(encodePNG(t, markedImage(40, 20)), "eXIf", tiff6), limits: Avatar, wantType: "image/png", wantW: 40, wantH: 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			img, err := Process(tt.data, tt.limits)
			if err != nil {
				t.Fatal(err)
			}
			if img.ContentType != tt.wantType || img.Width != tt.wantW || img.Height != tt.wantH {
				t.Errorf("got %s %dx%d, want %s %dx%d", img.ContentType, img.Width, img.Height, tt.wantType, tt.wantW, tt.wantH)
			}
			checkOutput(t, img, tt.limits.MaxSide)
		})
	}
}

// withPNGChunk inserts a chunk right after IHDR.
func withPNGChunk(p []byte, typ, data string) []byte {
	const afterIHDR = 8 + 4 + 4 + 13 + 4
	chunk := pngChunk(typ, []byte(data))
	return append(append(append([]byte{}, p[:afterIHDR]...), chunk...), p[afterIHDR:]...)
}

// TestOrient compares orient with the definition of each orientation, pixel
// by pixel, for each kind of input it handles.
func TestOrient(t *testing.T) {
	t.Parallel()
	const w, h = 5, 3
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	gray := image.NewGray(image.Rect(0, 0, w+2, h+3))
	for y := range h {
		for x := range w {
			rgba.SetRGBA(x, y, color.RGBA{uint8(x * 40), uint8(y * 80), uint8(x*w + y), 255})
		}
	}
	for y := range h + 3 {
		for x := range w + 2 {
			gray.SetGray(x, y, color.Gray{uint8(y*(w+2) + x)})
		}
	}
	ycbcr := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio444)
	for i := range ycbcr.Y {
		ycbcr.Y[i], ycbcr.Cb[i], ycbcr.Cr[i] = uint8(i*13), uint8(128+i), uint8(128-i)
	}
	inputs := []struct {
		name string
		m    image.Image
	}{
		{"rgba", rgba},
		{"rgba sub-image", rgba.SubImage(image.Rect(1, 1, 4, 3))},
		{"gray", gray},
		{"gray sub-image", gray.SubImage(image.Rect(2, 1, 6, 5))},
		{"ycbcr", ycbcr},
	}
	for _, in := range inputs {
		for o := range 10 {
			t.Run(fmt.Sprintf("%s/%d", in.name, o), func(t *testing.T) {
				t.Parallel()
				got := orient(in.m, o)
				if o < 2 || o > 8 {
					if got != in.m {
						t.Error("orient returned a copy for an orientation that keeps the image")
					}
					return
				}
				b := in.m.Bounds()
				sw, sh := b.Dx(), b.Dy()
				ww, wh := sw, sh
				if o >= 5 {
					ww, wh = sh, sw
				}
				if gb := got.Bounds(); gb != image.Rect(0, 0, ww, wh) {
					t.Fatalf("bounds %v, want %dx%d at the origin", gb, ww, wh)
				}
				_, isGray := in.m.(*image.Gray)
				if _, gotGray := got.(*image.Gray); gotGray != isGray {
					t.Errorf("output %T for input %T", got, in.m)
				}
				for y := range wh {
					for x := range ww {
						sx, sy := sourcePixel(o, x, y, sw, sh)
						want := color.RGBAModel.Convert(in.m.At(b.Min.X+sx, b.Min.Y+sy))
						if c := color.RGBAModel.Convert(got.At(x, y)); c != want {
							t.Fatalf("pixel (%d,%d) = %v, want %v from (%d,%d)", x, y, c, want, sx, sy)
						}
					}
				}
			})
		}
	}
}

// sourcePixel is where output pixel (x, y) of orientation o comes from in a
// w x h input, as the EXIF specification describes each value.
func sourcePixel(o, x, y, w, h int) (sx, sy int) {
	switch o {
	case 2: // mirrored left-right
		return w - 1 - x, y
	case 3: // turned 180°
		return w - 1 - x, h - 1 - y
	case 4: // mirrored top-bottom
		return x, h - 1 - y
	case 5: // transposed
		return y, x
	case 6: // turned 90° clockwise: the input's left column becomes the top row
		return y, h - 1 - x
	case 7: // transversed
		return w - 1 - y, h - 1 - x
	case 8: // turned 90° counter-clockwise: the input's right column becomes the top row
		return w - 1 - y, x
	}
	return x, y
}
