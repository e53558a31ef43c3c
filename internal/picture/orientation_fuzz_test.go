package picture

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// FuzzOrientation feeds the EXIF reader arbitrary bytes, both as a whole
// JPEG and as a bare TIFF body: it must return 1..8 and never panic or hang.
func FuzzOrientation(f *testing.F) {
	for _, order := range byteOrders {
		for o := range uint16(10) {
			tiff := orientationTIFF(order, o)
			f.Add([]byte(soi + exifSegment(tiff) + sos))
			f.Add([]byte(tiff))
		}
		f.Add([]byte(soi + app0 + segment(markerAPP1, xmpName+"<x/>") + exifSegment(tiffIFD(order, orientationEntry(6))) + sos))
	}
	tiff6 := orientationTIFF(binary.LittleEndian, 6)
	f.Add([]byte(soi + exifSegment(tiff6[:len(tiff6)-20]) + tiff6[len(tiff6)-20:] + sos))
	f.Add([]byte(soi + "\xff\xff\x01\xff\xd0" + exifSegment(tiff6) + "\xff\xd9"))
	f.Add(withExif(encodeJPEG(f, markedImage(16, 8)), tiff6))
	f.Add([]byte{})

	f.Fuzz(func(t *testing.T, data []byte) {
		o := jpegOrientation(data)
		if o < 1 || o > 8 {
			t.Fatalf("jpegOrientation = %d", o)
		}
		if o != 1 && !bytes.Contains(data, []byte("Exif\x00\x00")) {
			t.Fatalf("orientation %d from input without an Exif segment", o)
		}
		if o := tiffOrientation(data); o < 1 || o > 8 {
			t.Fatalf("tiffOrientation = %d", o)
		}
	})
}
