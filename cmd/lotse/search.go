package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/search"
)

// searchResult is one hit as printed by lotse search --json.
type searchResult struct {
	ID     string  `json:"id"`
	NameDE string  `json:"name_de"`
	NameEN string  `json:"name_en"`
	Score  float64 `json:"score"`
}

// cmdSearch searches the service catalog:
//
//	lotse search [--lang de|en] [--json] [--limit N] QUERY
func cmdSearch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: lotse search [--lang de|en] [--json] [--limit N] QUERY")
		fs.PrintDefaults()
	}
	lang := fs.String("lang", "de", "language of the names shown and preferred in ties: a code of locales/languages.toml")
	asJSON := fs.Bool("json", false, "print the hits as a JSON array")
	limit := fs.Int("limit", 10, "show at most N hits (0: all)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkLang("search", *lang); err != nil {
		return err
	}
	query := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(query) == "" {
		fs.Usage()
		return errors.New("search: missing QUERY")
	}
	c, err := catalog.Load()
	if err != nil {
		return fmt.Errorf("search: load catalog: %w", err)
	}
	hits := search.New(c).Search(query, *lang, *limit)

	if *asJSON {
		out := make([]searchResult, len(hits))
		for i, h := range hits {
			out[i] = searchResult{ID: h.Service.ID, NameDE: h.Service.Name["de"], NameEN: h.Service.Name["en"], Score: h.Score}
		}
		return writeJSON(stdout, out)
	}
	for i, h := range hits {
		fmt.Fprintf(stdout, "%2d. %-32s %6.2f  %s\n", i+1, h.Service.ID, h.Score, h.Service.Name.In(*lang))
	}
	return nil
}
