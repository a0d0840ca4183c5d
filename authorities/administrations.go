package authorities

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/lotse-de/lotse/catalog"
)

// administrationsFile holds the administration of every Gemeinde, written
// by internal/genadmin from the Destatis register. Its about 5,000 records
// are one line each (360 KB) rather than one YAML file each: as YAML files
// they were 2.6 MB and made Load allocate 109 MB instead of 25 MB and
// take four to ten times as long (BenchmarkLoad, 2026-12-07).
//
// The format: comment lines start with "#"; the comments "# source: …",
// "# url: …" and "# checked: 2006-01-02" give the source and date of
// every record. Each other line is a record with five fields separated by
// tabs: id, name, postcode of the seat, seat (the city of the visitor
// address, which has no street), and the ARS prefixes it administers,
// separated by commas. Each record is competent for the type
// gemeindeverwaltung.
const administrationsFile = "administrations.tsv"

// administrationType is the authority type of every administration record.
const administrationType = "gemeindeverwaltung"

// readAdministrations reads administrationsFile from fsys; a missing file
// gives no records.
func readAdministrations(fsys fs.FS) ([]Record, error) {
	b, err := fs.ReadFile(fsys, administrationsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return parseAdministrations(b)
}

// parseAdministrations reads the administrations file (see
// administrationsFile). It fails on a line without five fields and on a
// file without source or date.
func parseAdministrations(b []byte) ([]Record, error) {
	var (
		source  catalog.Source
		checked catalog.Date
		out     []Record
	)
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s", administrationsFile, n, fmt.Sprintf(format, args...))
		}
		if comment, ok := strings.CutPrefix(line, "#"); ok {
			key, value, _ := strings.Cut(strings.TrimSpace(comment), ": ")
			switch key {
			case "source":
				source.Title = value
			case "url":
				source.URL = value
			case "checked":
				if err := checked.UnmarshalText([]byte(value)); err != nil {
					return nil, fail("checked: %v", err)
				}
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, fail("%d fields, want 5 (id, name, postcode, city, areas)", len(f))
		}
		if source.Title == "" || checked.IsZero() {
			return nil, fail("a record before the source and checked comments")
		}
		r := Record{
			ID:        f[0],
			Name:      f[1],
			Visitor:   &Address{Postcode: f[2], City: f[3]},
			Competent: []Scope{{Types: []string{administrationType}, Areas: strings.Split(f[4], ",")}},
			Source:    source,
			Checked:   checked,
		}
		if len(f[4]) >= 2 {
			r.Land = f[4][:2]
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", administrationsFile, err)
	}
	return out, nil
}
