package app_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportRules keeps the packages to the rules of the design: the domain
// knows no channel and no database.
func TestImportRules(t *testing.T) {
	const mod = "github.com/lotse-de/lotse/"
	forbidden := map[string][]string{
		"dialog":          {mod + "telegram", "github.com/go-telegram/bot", "github.com/redis/go-redis/v9", mod + "store/redis"},
		"flows":           {mod + "telegram", "github.com/redis/go-redis/v9"},
		"catalog":         {mod + "telegram", "github.com/redis/go-redis/v9"},
		"search":          {mod + "telegram", "github.com/redis/go-redis/v9"},
		"places":          {mod + "telegram", "github.com/redis/go-redis/v9"},
		"authorities":     {mod + "telegram", "github.com/redis/go-redis/v9"},
		"console":         {mod + "telegram", "github.com/go-telegram/bot", "github.com/redis/go-redis/v9"},
		"store/memory":    {mod + "telegram", "github.com/go-telegram/bot"},
		"store/redis":     {mod + "telegram", "github.com/go-telegram/bot"},
		"telegram":        {"github.com/redis/go-redis/v9", mod + "store/redis"},
		"locales":         {mod + "dialog", mod + "telegram", "github.com/redis/go-redis/v9"},
		"store/storetest": {mod + "telegram"},
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", mod+pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		deps := strings.Fields(string(out))
		for _, d := range deps {
			for _, b := range bad {
				if d == b || strings.HasPrefix(d, b+"/") {
					t.Errorf("%s imports %s", pkg, d)
				}
			}
		}
	}
}
