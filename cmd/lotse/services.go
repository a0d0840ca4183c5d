package main

import (
	"context"
	"errors"
	"io"
)

// cmdServices is being built; see the open issue for it.
func cmdServices(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("services: not built yet")
}
