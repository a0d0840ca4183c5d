package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/lotse-de/lotse/places"
)

// errNoPlace reports a query or point that matches no place.
var errNoPlace = errors.New("no place found")

// cmdPlace resolves a place by name, postcode, official key or point:
//
//	lotse place [--json] QUERY
//	lotse place [--json] --lat LAT --lon LON
func cmdPlace(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("place", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: lotse place [--json] QUERY")
		fmt.Fprintln(fs.Output(), "       lotse place [--json] --lat LAT --lon LON")
		fmt.Fprintln(fs.Output(), "QUERY is a name, a postcode, an AGS (8 digits) or an ARS (12 digits).")
		fs.PrintDefaults()
	}
	asJSON := fs.Bool("json", false, "print the candidates as a JSON array")
	lat := fs.Float64("lat", 0, "latitude of a point (WGS84 degrees)")
	lon := fs.Float64("lon", 0, "longitude of a point (WGS84 degrees)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	query := strings.TrimSpace(strings.Join(fs.Args(), " "))
	byPoint := set["lat"] || set["lon"]
	switch {
	case byPoint && !(set["lat"] && set["lon"]):
		fs.Usage()
		return errors.New("place: give both --lat and --lon")
	case byPoint && query != "":
		fs.Usage()
		return errors.New("place: give either QUERY or --lat and --lon, not both")
	case !byPoint && query == "":
		fs.Usage()
		return errors.New("place: missing QUERY")
	}

	g, err := places.Load()
	if err != nil {
		return fmt.Errorf("place: %w", err)
	}
	var found []places.Place
	if byPoint {
		if p, ok := g.Locate(*lat, *lon); ok {
			found = []places.Place{p}
		}
	} else {
		found = g.Resolve(query)
	}
	if len(found) == 0 {
		if byPoint {
			return fmt.Errorf("place: %w at %g, %g (outside Germany, at sea, or on a lake that belongs to no municipality)", errNoPlace, *lat, *lon)
		}
		return fmt.Errorf("place: %w for %q", errNoPlace, query)
	}

	if *asJSON {
		return writeJSON(stdout, found)
	}
	for _, p := range found {
		fmt.Fprintf(stdout, "%s  %s  %s\n", p.AGS, p.ARS, p.Name)
		fmt.Fprintf(stdout, "    %s (%s), %s\n", p.District, p.DistrictKind, p.Land)
		if p.Association != "" {
			fmt.Fprintf(stdout, "    %s: %s\n", p.AssociationKind, p.Association)
		}
		fmt.Fprintf(stdout, "    PLZ %s\n", strings.Join(p.Postcodes, " "))
	}
	return nil
}
