package main

import (
	"context"
	"errors"
	"io"
)

// cmdPlace is being built; see the open issue for it.
func cmdPlace(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("place: not built yet")
}
