// Package recordfile writes the directory records that the generators in
// authorities/internal make, one YAML file per record, and removes what an
// earlier run of the same generator wrote.
package recordfile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lotse-de/lotse/authorities"
)

// Clear removes the files in dir that match pattern (filepath.Glob) and
// begin with header, the first line a generator writes: files written by
// hand keep their place even when their names match.
func Clear(dir, pattern, header string) error {
	names, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		return err
	}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		if bytes.HasPrefix(b, []byte(header)) {
			if err := os.Remove(name); err != nil {
				return err
			}
		}
	}
	return nil
}

// Encode returns r as the YAML of its file: header, then each note as a
// comment line, then the record.
func Encode(r authorities.Record, header string, notes ...string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(header)
	for _, n := range notes {
		fmt.Fprintf(&buf, "# %s\n", n)
	}
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write writes r to dir/<id>.yaml as Encode makes it.
func Write(dir string, r authorities.Record, header string, notes ...string) error {
	if !strings.HasSuffix(header, "\n") {
		return fmt.Errorf("record %s: header %q does not end its line", r.ID, header)
	}
	b, err := Encode(r, header, notes...)
	if err != nil {
		return fmt.Errorf("record %s: %w", r.ID, err)
	}
	return os.WriteFile(filepath.Join(dir, r.ID+".yaml"), b, 0o644)
}
