package main

import (
	"context"
	"errors"
	"io"
)

// cmdLint is being built; see the open issue for it.
func cmdLint(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("lint: not built yet")
}
