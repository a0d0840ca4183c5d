// Package gv100ad reads the Destatis municipality register GV100AD
// (Gemeindeverzeichnis, Datensatzbeschreibung in GV100AD_desc.pdf): fixed
// width lines of 220 characters, UTF-8, so counted in runes. Only the
// generators use it; the raw file is never embedded.
package gv100ad

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// SatzartGemeinde is the Satzart of a Gemeinde line; 10 to 50 are the
// Land, Regierungsbezirk, Region, Kreis and Gemeindeverband above it.
const SatzartGemeinde = "60"

// Record is one line of the register. Fields a Satzart does not have stay
// empty.
type Record struct {
	Satzart                       string // Satzart, positions 1–2
	Land, RB, Kreis, Gemeinde, Vb string // ARS parts: Land 11–12, Regierungsbezirk 13, Kreis 14–15, Gemeinde 16–18, Verband 19–22
	Name                          string // 23–72; cut off after 50 characters
	Seat                          string // 73–122: seat of a Land, Kreis or Verband administration
	Kind                          string // Textkennzeichen 123–124
	Population                    uint32 // 140–150 (Gemeinden)
	Postcode                      string // 166–170 (Gemeinden): the postcode, or that of the seat where it has several
	Finanzamt                     string // 178–181 (Gemeinden): Finanzamtsbezirk, the four-digit BUFA number
}

// AGS returns the eight-digit Amtlicher Gemeindeschlüssel.
func (r Record) AGS() string { return r.Land + r.RB + r.Kreis + r.Gemeinde }

// ARS returns the twelve-digit Amtlicher Regionalschlüssel.
func (r Record) ARS() string { return r.Land + r.RB + r.Kreis + r.Vb + r.Gemeinde }

// File is where the register of Gebietsstand 30.11.2025 lies in the data
// folder (../shared/data).
const File = "destatis-gv100ad-2025/GV100AD_30112025.txt"

// ReadFile reads the register from the file at path.
func ReadFile(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, path)
}

// Read reads the register from rd; name is used in error messages. A
// Gemeinde line must have a full key and a numeric population where it has
// one.
func Read(rd io.Reader, name string) ([]Record, error) {
	raw, err := io.ReadAll(rd)
	if err != nil {
		return nil, err
	}
	var out []Record
	for n, line := range bytes.Split(bytes.TrimRight(raw, "\r\n"), []byte("\n")) {
		rs := []rune(strings.TrimRight(string(line), "\r"))
		if len(rs) < 124 {
			return nil, fmt.Errorf("%s:%d: line of %d characters, want 220", name, n+1, len(rs))
		}
		field := func(from, to int) string {
			if from > len(rs) {
				return ""
			}
			to = min(to, len(rs))
			return strings.TrimSpace(string(rs[from-1 : to]))
		}
		r := Record{
			Satzart: field(1, 2), Land: field(11, 12), RB: field(13, 13), Kreis: field(14, 15),
			Gemeinde: field(16, 18), Vb: field(19, 22), Name: field(23, 72), Seat: field(73, 122), Kind: field(123, 124),
		}
		if r.Satzart == SatzartGemeinde {
			if pop := field(140, 150); pop != "" {
				p, err := strconv.ParseUint(pop, 10, 32)
				if err != nil {
					return nil, fmt.Errorf("%s:%d: population %q: %w", name, n+1, pop, err)
				}
				r.Population = uint32(p)
			}
			r.Postcode = field(166, 170)
			r.Finanzamt = field(178, 181)
			if len(r.AGS()) != 8 || len(r.ARS()) != 12 {
				return nil, fmt.Errorf("%s:%d: bad key %q/%q for %q", name, n+1, r.AGS(), r.ARS(), r.Name)
			}
		}
		out = append(out, r)
	}
	return out, nil
}
