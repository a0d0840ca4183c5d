package main

import (
	"fmt"
	"strings"

	"github.com/lotse-de/lotse/locales"
)

// checkLang reports a --lang of command that is not a language of the
// registry.
func checkLang(command, lang string) error {
	reg, err := locales.LoadRegistry(locales.FS())
	if err != nil {
		return err
	}
	if _, ok := reg.Get(lang); !ok {
		return fmt.Errorf("%s: --lang must be one of %s, not %q", command, strings.Join(reg.Codes(), ", "), lang)
	}
	return nil
}
