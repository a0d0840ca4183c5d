// Command diagrams writes flows/DIAGRAMS.md, the Mermaid diagrams of the
// embedded flows. Run it with go generate ./flows.
package main

import (
	"log"
	"os"

	"github.com/lotse-de/lotse/flows"
)

func main() {
	set, err := flows.Load()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("DIAGRAMS.md", []byte(set.Diagrams()), 0o644); err != nil {
		log.Fatal(err)
	}
}
