package main

import (
	"context"
	"errors"
	"io"
)

// cmdServe is being built; see the open issue for it.
func cmdServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("serve: not built yet")
}
