package main

import (
	"context"
	"errors"
	"io"
)

// cmdWhere is being built; see the open issue for it.
func cmdWhere(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("where: not built yet")
}
