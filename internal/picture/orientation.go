package picture

import (
	"bytes"
	"encoding/binary"
	"image"

	"golang.org/x/image/draw"
)

// Phones store photos as the sensor saw them and record in the EXIF
// Orientation tag (0x0112) how to turn them upright. Re-encoding drops the
// tag with the rest of the metadata, so it is read first and applied to the
// pixels. The reader trusts nothing: every offset is checked, the walks are
// bounded, and any problem means orientation 1, the image as stored.

// Orientation values, as the TIFF/EXIF specification numbers them: where the
// stored image's first row and first column belong when it is shown.
const (
	orientNormal     = 1 // as stored
	orientMirror     = 2 // mirrored left-right
	orientRotate180  = 3
	orientFlip       = 4 // mirrored top-bottom
	orientTranspose  = 5 // mirrored along the top-left to bottom-right diagonal
	orientRotate90   = 6 // turned 90° clockwise to show
	orientTransverse = 7 // mirrored along the top-right to bottom-left diagonal
	orientRotate270  = 8 // turned 90° counter-clockwise to show
)

// Bounds of the walks. A camera JPEG has about ten segments before the scan
// and IFD0 about twenty entries; the limits are far above both.
const (
	maxSegments   = 128
	maxIFDEntries = 512
)

const (
	markerSOS  = 0xda
	markerEOI  = 0xd9
	markerSOI  = 0xd8
	markerAPP1 = 0xe1
	markerTEM  = 0x01
	markerRST0 = 0xd0
	markerRST7 = 0xd7

	tagOrientation = 0x0112
	typeShort      = 3
)

var exifHeader = []byte("Exif\x00\x00")

// jpegOrientation returns the EXIF orientation (1..8) of a JPEG, read from
// the first APP1 "Exif" segment before the scan. It returns 1 when there is
// none or when anything is malformed, including a marker walk that does not
// reach the start of scan (SOS).
func jpegOrientation(data []byte) int {
	if len(data) < 2 || data[0] != 0xff || data[1] != markerSOI {
		return orientNormal
	}
	o, seen := orientNormal, false
	p := 2
	for range maxSegments {
		// A marker is 0xff, any number of 0xff fill bytes, then its code.
		if p >= len(data) || data[p] != 0xff {
			return orientNormal
		}
		for p < len(data) && data[p] == 0xff {
			p++
		}
		if p >= len(data) {
			return orientNormal
		}
		code := data[p]
		p++
		switch {
		case code == markerSOS:
			return o
		case code == markerTEM || code >= markerRST0 && code <= markerRST7:
			continue // standalone: no length
		case code == 0x00 || code == markerSOI || code == markerEOI:
			return orientNormal // a stuffed byte, a second SOI or the end, before any scan
		}
		if len(data)-p < 2 {
			return orientNormal
		}
		n := int(binary.BigEndian.Uint16(data[p:])) // counts its own two bytes
		if n < 2 || n > len(data)-p {
			return orientNormal
		}
		seg := data[p+2 : p+n]
		p += n
		if code == markerAPP1 && !seen && bytes.HasPrefix(seg, exifHeader) {
			seen = true
			o = tiffOrientation(seg[len(exifHeader):])
		}
	}
	return orientNormal
}

// tiffOrientation returns the Orientation of IFD0 in a TIFF structure (the
// body of an EXIF segment), or 1 when it is missing or malformed. Offsets are
// from the start of tiff and never reach past it.
func tiffOrientation(tiff []byte) int {
	if len(tiff) < 8 {
		return orientNormal
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return orientNormal
	}
	if order.Uint16(tiff[2:]) != 42 {
		return orientNormal
	}
	off := uint64(order.Uint32(tiff[4:]))
	if off < 8 || off+2 > uint64(len(tiff)) {
		return orientNormal
	}
	count := uint64(order.Uint16(tiff[off:]))
	entries := off + 2
	if count > maxIFDEntries || entries+12*count > uint64(len(tiff)) {
		return orientNormal
	}
	for i := range count {
		e := tiff[entries+12*i : entries+12*i+12]
		if order.Uint16(e) != tagOrientation {
			continue
		}
		// SHORT, one value, kept in the first two bytes of the value field.
		if order.Uint16(e[2:]) != typeShort || order.Uint32(e[4:]) != 1 {
			return orientNormal
		}
		if v := int(order.Uint16(e[8:])); v >= orientNormal && v <= orientRotate270 {
			return v
		}
		return orientNormal
	}
	return orientNormal
}

// orientSteps places each orientation's output pixel in the input. Output
// pixels are written row by row; in the input, the first output pixel is at
// column x0*(w-1), row y0*(h-1), the next one along the row is dx columns
// and dy rows further, and the next row starts rx columns and ry rows after
// the start of the previous one.
var orientSteps = [9]struct{ x0, y0, dx, dy, rx, ry int }{
	orientNormal:     {0, 0, 1, 0, 0, 1},
	orientMirror:     {1, 0, -1, 0, 0, 1},
	orientRotate180:  {1, 1, -1, 0, 0, -1},
	orientFlip:       {0, 1, 1, 0, 0, -1},
	orientTranspose:  {0, 0, 0, 1, 1, 0},
	orientRotate90:   {0, 1, 0, -1, 1, 0},
	orientTransverse: {1, 1, 0, -1, -1, 0},
	orientRotate270:  {1, 0, 0, 1, -1, 0},
}

// orient returns m turned upright as EXIF orientation o says; 5 to 8 swap
// width and height. Grey images stay grey, others become RGBA. Orientation 1
// or an unknown value returns m itself.
func orient(m image.Image, o int) image.Image {
	if o <= orientNormal || o > orientRotate270 {
		return m
	}
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	ow, oh := w, h
	if o >= orientTranspose {
		ow, oh = h, w
	}
	var src, dst []byte
	var bpp int
	var out image.Image
	if g, ok := m.(*image.Gray); ok {
		g = packedGray(g)
		d := image.NewGray(image.Rect(0, 0, ow, oh))
		src, dst, bpp, out = g.Pix, d.Pix, 1, d
	} else {
		s := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(s, s.Bounds(), m, b.Min, draw.Src)
		d := image.NewRGBA(image.Rect(0, 0, ow, oh))
		src, dst, bpp, out = s.Pix, d.Pix, 4, d
	}
	st := orientSteps[o]
	stride := w * bpp
	step := st.dx*bpp + st.dy*stride
	row := st.x0*(w-1)*bpp + st.y0*(h-1)*stride
	next := st.rx*bpp + st.ry*stride
	d := 0
	for range oh {
		s := row
		for range ow {
			copy(dst[d:d+bpp], src[s:s+bpp])
			s += step
			d += bpp
		}
		row += next
	}
	return out
}

// packedGray returns g, or a copy of it, with its origin at (0, 0) and
// exactly one byte per pixel per row.
func packedGray(g *image.Gray) *image.Gray {
	b := g.Bounds()
	if b.Min == (image.Point{}) && g.Stride == b.Dx() {
		return g
	}
	c := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(c, c.Bounds(), g, b.Min, draw.Src)
	return c
}
