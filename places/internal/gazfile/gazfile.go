// Package gazfile reads and writes the gazetteer's compact binary file:
// a gzip stream of varint-encoded tables (Länder, districts, associations,
// municipalities with their postcodes and boundary rings, former
// municipalities). Coordinates are integers in units of 1e-5 degrees.
package gazfile

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// magic starts every file; the digit is the format version.
const magic = "LOTSEGAZ3"

// Scale converts degrees to the file's integer units.
const Scale = 1e5

// ErrFormat reports a file that is not a gazetteer file or is damaged.
var ErrFormat = errors.New("gazfile: bad format")

// File is the whole content of a gazetteer file.
type File struct {
	Lands        []Area   // Key: 2 digits
	Districts    []Area   // Key: 5 digits
	Associations []Area   // Key: 9 digits (first nine of the ARS)
	Places       []Record // sorted by AGS
	Former       []Former
}

// Area is a Land, district or association.
type Area struct {
	Key  string
	Name string
	Kind string // e.g. "Landkreis", "Amt"; empty for Länder
}

// Record is one municipality or unincorporated area.
type Record struct {
	ARS            string   // 12 digits; the AGS is ARS[:5]+ARS[9:]
	Name           string   // official name, e.g. "Eisenberg, Stadt"
	Aliases        []string // other names: the boundary data's where it differs, English ones
	Localities     []string // names of villages and quarters within it
	Association    int      // index into Associations, or -1
	Population     uint32
	Lat, Lon       int32 // centre point
	Unincorporated bool
	Postcodes      []uint32  // ascending
	Rings          [][]int32 // each ring x0,y0,x1,y1,… (lon, lat), open
}

// Former is a municipality of the register that has since merged into
// another.
type Former struct {
	AGS       string
	Name      string
	Successor int // index into Places
}

// Write encodes f to w, gzip-compressed.
func Write(w io.Writer, f *File) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("gazfile: %w", err)
	}
	e := &encoder{w: bufio.NewWriter(zw)}
	e.bytes([]byte(magic))
	for _, areas := range [][]Area{f.Lands, f.Districts, f.Associations} {
		e.uint(uint64(len(areas)))
		for _, a := range areas {
			e.str(a.Key)
			e.str(a.Name)
			e.str(a.Kind)
		}
	}
	e.uint(uint64(len(f.Places)))
	for _, p := range f.Places {
		e.str(p.ARS)
		e.str(p.Name)
		for _, list := range [][]string{p.Aliases, p.Localities} {
			e.uint(uint64(len(list)))
			for _, a := range list {
				e.str(a)
			}
		}
		e.int(int64(p.Association))
		e.uint(uint64(p.Population))
		e.int(int64(p.Lat))
		e.int(int64(p.Lon))
		if p.Unincorporated {
			e.uint(1)
		} else {
			e.uint(0)
		}
		e.uint(uint64(len(p.Postcodes)))
		prev := uint32(0)
		for _, c := range p.Postcodes {
			e.uint(uint64(c - prev))
			prev = c
		}
	}
	e.uint(uint64(len(f.Former)))
	for _, fm := range f.Former {
		e.str(fm.AGS)
		e.str(fm.Name)
		e.uint(uint64(fm.Successor))
	}
	for _, p := range f.Places {
		e.uint(uint64(len(p.Rings)))
		for _, ring := range p.Rings {
			e.uint(uint64(len(ring) / 2))
			var px, py int32
			for i := 0; i+1 < len(ring); i += 2 {
				e.int(int64(ring[i] - px))
				e.int(int64(ring[i+1] - py))
				px, py = ring[i], ring[i+1]
			}
		}
	}
	if e.err != nil {
		return fmt.Errorf("gazfile: %w", e.err)
	}
	if err := e.w.Flush(); err != nil {
		return fmt.Errorf("gazfile: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("gazfile: %w", err)
	}
	return nil
}

type encoder struct {
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
	err error
}

func (e *encoder) bytes(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}
func (e *encoder) uint(v uint64) { e.bytes(e.buf[:binary.PutUvarint(e.buf[:], v)]) }
func (e *encoder) int(v int64)   { e.bytes(e.buf[:binary.PutVarint(e.buf[:], v)]) }
func (e *encoder) str(s string) {
	e.uint(uint64(len(s)))
	e.bytes([]byte(s))
}

// Read decodes a file written by Write: a gzip stream of the gazetteer
// bytes. Anything else returns an error.
func Read(r io.Reader) (*File, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("gazfile: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("gazfile: %w", err)
	}
	return decode(raw)
}

func decode(raw []byte) (*File, error) {
	d := &decoder{b: raw}
	if string(d.take(len(magic))) != magic {
		return nil, ErrFormat
	}
	f := &File{}
	for _, dst := range []*[]Area{&f.Lands, &f.Districts, &f.Associations} {
		n := d.count()
		areas := make([]Area, n)
		for i := range areas {
			areas[i] = Area{Key: d.str(), Name: d.str(), Kind: d.str()}
		}
		*dst = areas
	}
	f.Places = make([]Record, d.count())
	for i := range f.Places {
		p := &f.Places[i]
		p.ARS, p.Name = d.str(), d.str()
		for _, list := range []*[]string{&p.Aliases, &p.Localities} {
			if n := d.count(); n > 0 {
				*list = make([]string, n)
				for j := range *list {
					(*list)[j] = d.str()
				}
			}
		}
		p.Association = int(d.int())
		p.Population = uint32(d.uint())
		p.Lat, p.Lon = int32(d.int()), int32(d.int())
		p.Unincorporated = d.uint() == 1
		p.Postcodes = make([]uint32, d.count())
		prev := uint32(0)
		for j := range p.Postcodes {
			prev += uint32(d.uint())
			p.Postcodes[j] = prev
		}
	}
	f.Former = make([]Former, d.count())
	for i := range f.Former {
		f.Former[i] = Former{AGS: d.str(), Name: d.str(), Successor: int(d.uint())}
	}
	for i := range f.Places {
		p := &f.Places[i]
		p.Rings = make([][]int32, d.count())
		for j := range p.Rings {
			n := d.count()
			ring := make([]int32, 2*n)
			var x, y int32
			for k := 0; k < n; k++ {
				x += int32(d.int())
				y += int32(d.int())
				ring[2*k], ring[2*k+1] = x, y
			}
			p.Rings[j] = ring
		}
	}
	if d.bad {
		return nil, ErrFormat
	}
	if err := check(f); err != nil {
		return nil, err
	}
	return f, nil
}

// check verifies the indexes between tables.
func check(f *File) error {
	for _, p := range f.Places {
		if len(p.ARS) != 12 || p.Association < -1 || p.Association >= len(f.Associations) {
			return fmt.Errorf("%w: place %q", ErrFormat, p.ARS)
		}
	}
	for _, fm := range f.Former {
		if fm.Successor < 0 || fm.Successor >= len(f.Places) {
			return fmt.Errorf("%w: former %q", ErrFormat, fm.AGS)
		}
	}
	return nil
}

type decoder struct {
	b   []byte
	bad bool
}

// fail marks the input as bad and stops all further reads.
func (d *decoder) fail() {
	d.bad = true
	d.b = nil
}

func (d *decoder) take(n int) []byte {
	if n < 0 || n > len(d.b) {
		d.fail()
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length that cannot exceed the bytes left.
func (d *decoder) count() int {
	v := d.uint()
	if v > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *decoder) str() string { return string(d.take(d.count())) }
