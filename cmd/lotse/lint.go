package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/flows"
	"github.com/lotse-de/lotse/locales"
)

// cmdLint checks flows, locales and content and prints one line
// "file:line: what is wrong" for each problem. Warnings (a dated value
// that runs out within 60 days without a successor) are printed after the
// problems and do not fail.
func cmdLint(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	var problems, warnings []fmt.Stringer
	types := map[string]bool{}
	for t := range authorities.Types {
		types[t] = true
	}
	for _, p := range catalog.Lint(types) {
		if p.Warning {
			warnings = append(warnings, lintProblem("catalog/"+p.String()))
			continue
		}
		problems = append(problems, lintProblem("catalog/"+p.String()))
	}
	for _, p := range locales.Lint() {
		problems = append(problems, p)
	}
	set, err := flows.Load()
	if err != nil {
		return err
	}
	msgs, err := locales.Load()
	if err != nil {
		return err
	}
	cat, err := catalog.Load()
	if err != nil {
		return err
	}
	hasService := func(id string) bool { _, ok := cat.Service(id); return ok }
	for _, p := range set.Lint(msgs.Has, hasService, dialog.Code()) {
		problems = append(problems, p)
	}
	for _, sit := range cat.Situations() {
		if _, ok := set.Flow(sit.Flow); sit.Flow != "" && !ok {
			problems = append(problems, lintProblem("catalog/situations.yaml: situation "+sit.ID+" names flow "+sit.Flow+", which does not exist"))
		}
	}
	for _, p := range append(problems, warnings...) {
		fmt.Fprintln(stdout, p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("lint: %d problems", len(problems))
	}
	fmt.Fprintln(stdout, "lint: no problems")
	return nil
}

type lintProblem string

func (p lintProblem) String() string { return string(p) }
