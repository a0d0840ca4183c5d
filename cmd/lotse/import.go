package main

import (
	"context"
	"errors"
	"io"
)

// cmdImport is being built; see the open issue for it.
func cmdImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("import: not built yet")
}
