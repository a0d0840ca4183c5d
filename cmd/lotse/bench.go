package main

import (
	"context"
	"errors"
	"io"
)

// cmdBench is being built; see the open issue for it.
func cmdBench(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("bench: not built yet")
}
