package main

import (
	"context"
	"errors"
	"io"
)

// cmdSearch is being built; see the open issue for it.
func cmdSearch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("search: not built yet")
}
