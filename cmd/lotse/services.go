package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/lotse-de/lotse/catalog"
)

// cmdServices lists the catalog: lotse services [--json].
func cmdServices(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("services", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "all services with all fields, both languages, as one JSON array")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New("services: no arguments expected")
	}
	c, err := catalog.Load()
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(c.Services())
	}
	for _, s := range c.Services() {
		fmt.Fprintf(stdout, "%-32s %s / %s\n", s.ID, s.Name["de"], s.Name["en"])
	}
	return nil
}
