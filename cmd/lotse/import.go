package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/lotse-de/lotse/authorities"
	"go.yaml.in/yaml/v3"
)

// cmdImport imports authority records from an XZuFi message:
//
//	lotse import xzufi [--out DIR] FILE.xml
//
// Without --out it writes the records as YAML documents to stdout; with it,
// one file DIR/<id>.yaml per record, ready for review before it goes into
// authorities/directory/.
func cmdImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: lotse import xzufi [--out DIR] FILE.xml")
		fs.PrintDefaults()
	}
	out := fs.String("out", "", "write one YAML file per record into this directory instead of stdout")
	// Flags may come before or after the operands.
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		operands = append(operands, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(operands) != 2 || operands[0] != "xzufi" {
		fs.Usage()
		return errors.New("import: give the format xzufi and one FILE.xml")
	}

	f, err := os.Open(operands[1])
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	recs, err := authorities.ImportXZuFi(f)
	if err != nil {
		return fmt.Errorf("import %s: %w", operands[1], err)
	}

	if *out == "" {
		for i, r := range recs {
			if i > 0 {
				fmt.Fprintln(stdout, "---") // between documents
			}
			if err := writeYAML(stdout, r); err != nil {
				return fmt.Errorf("import: write %s: %w", r.ID, err)
			}
		}
	} else {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		for _, r := range recs {
			var b bytes.Buffer
			if err := writeYAML(&b, r); err != nil {
				return fmt.Errorf("import: write %s: %w", r.ID, err)
			}
			if err := os.WriteFile(filepath.Join(*out, r.ID+".yaml"), b.Bytes(), 0o644); err != nil {
				return fmt.Errorf("import: %w", err)
			}
		}
	}
	fmt.Fprintf(stderr, "import: %d records from %s\n", len(recs), operands[1])
	return nil
}

// writeYAML writes v to w as one YAML document indented by two spaces.
func writeYAML(w io.Writer, v any) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return enc.Close()
}
